"""A report project for one year, loaded whole: config, period, evidence, narrative."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annualreport.config import Config, Period, load_config
from annualreport.evidence.loader import EvidenceIndex, load_evidence
from annualreport.narrative import Section, load_sections
from annualreport.textfiles import Announce, announce_to_stderr


@dataclass
class Project:
    root: Path
    config: Config
    period: Period
    evidence: EvidenceIndex
    sections: list[Section]

    def path(self, relative: Path | str) -> Path:
        path = Path(relative)
        return path if path.is_absolute() else self.root / path

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    @property
    def output_folder(self) -> Path:
        return self.path(self.config.output) / str(self.period.year)

    @property
    def cache_folder(self) -> Path:
        """What builds keep between them (``cache_store``, ``up_to_date``): beside the years."""
        return self.path(self.config.output) / ".cache"

    @property
    def charts_folder(self) -> Path:
        """Where builds keep the charts they drew (a ``cache_store``), beside the years."""
        return self.path(self.config.output) / ".charts-cache"


def load_project(root: Path, year: int, announce: Announce | None = announce_to_stderr) -> Project:
    """``announce`` is told of each large evidence file as it is read."""
    root = root.resolve()
    config = load_config(root)
    period = Period.of(year, config.reporting.period_start)
    evidence = load_evidence(root, year, announce)  # (the cycle collector is paused inside)
    sections = load_sections(root, year)
    return Project(root, config, period, evidence, sections)

