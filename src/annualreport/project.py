"""A report project for one year, loaded whole: config, period, evidence, narrative."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annualreport.config import Config, Period, load_config
from annualreport.evidence.loader import EvidenceIndex, load_evidence
from annualreport.narrative import Section, load_sections
from annualreport.project_folders import Layout
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

    # -- the folder layout (``project_folders.Layout``): no other code spells it out ------

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    @property
    def evidence_folder(self) -> Path:
        """``evidence/YEAR/``"""
        return self.layout.evidence(self.period.year)

    @property
    def sections_folder(self) -> Path:
        """``sections/YEAR/``"""
        return self.layout.sections(self.period.year)

    @property
    def templates_folder(self) -> Path:
        """``templates/``"""
        return self.layout.templates

    @property
    def builds_folder(self) -> Path:
        """The output folder (``build/``, as annualreport.yaml says): every year's outputs and
        the caches kept between builds."""
        return self.path(self.config.output)

    @property
    def cache_folder(self) -> Path:
        """What builds keep between them (``cache_store``, ``up_to_date``): ``build/.cache``."""
        return Layout.cache(self.builds_folder)

    @property
    def charts_cache(self) -> Path:
        """The charts drawn by earlier builds (``build/.charts-cache``)."""
        return self.builds_folder / ".charts-cache"

    @property
    def pandoc_cache(self) -> Path:
        """pandoc's results per part (``build/.cache/pandoc``)."""
        return self.cache_folder / "pandoc"


def load_project(root: Path, year: int, announce: Announce | None = announce_to_stderr) -> Project:
    """``announce`` is told of each large evidence file as it is read."""
    root = root.resolve()
    config = load_config(root)
    period = Period.of(year, config.reporting.period_start)
    evidence = load_evidence(root, year, announce)  # (the cycle collector is paused inside)
    sections = load_sections(root, year)
    return Project(root, config, period, evidence, sections)

