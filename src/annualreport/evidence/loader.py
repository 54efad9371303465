"""Loading a year's evidence into an ``EvidenceIndex``, with every item's file and line."""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import ValidationError

from annualreport.errors import InputError, Problem
from annualreport.evidence.models import KINDS, REQUIRED_KINDS, Agency, Evidence, Strict
from annualreport.project_folders import Layout
from annualreport.textfiles import Announce, announce_to_stderr, read_text
from annualreport.wording import article, refusal_hint
from annualreport.yamlsource import LineMap, fields_at, load_yaml, raise_validation

#: keys whose string values are narrative: shown to readers, may cite evidence, checked by lint
NARRATIVE_KEYS = frozenset(
    {
        "arrangements", "aim", "done", "impact", "little_progress", "next_steps", "in_kind", "delivered",
        "decision", "improvements", "improvement", "text", "follow_up", "note", "said", "changed",
        "summary", "findings", "how", "purpose", "recommendations",
    }
)


@dataclass
class Located:
    """An evidence item with the file and line it was written on."""

    item: Evidence
    kind: str
    file: Path
    line: int


@dataclass
class NarrativeText:
    """A narrative string in the YAML, where it is, and what its item cites through ``evidence:``."""

    text: str
    file: Path
    line: int
    path: tuple
    item_id: str | None
    item_evidence: tuple[str, ...] = ()


@dataclass
class EvidenceIndex:
    """All evidence of one year: the files as models, every item by id, every narrative string."""

    year: int
    folder: Path
    files: dict[str, Strict] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    items: dict[str, Located] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    narrative: list[NarrativeText] = field(default_factory=list)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self.items

    def get(self, kind: str):
        return self.files.get(kind)

    def of_kind(self, kind: str) -> list[Evidence]:
        return [entry.item for entry in self.items.values() if entry.kind == kind]

    def suggest(self, unknown: str) -> str:
        return refusal_hint(unknown, self.items, "cite one of", "or add the evidence")


def _items_with_paths(kind: str, model: Strict) -> Iterator[tuple[tuple, Evidence]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, Evidence):
                    yield (name, index), entry


def _narrative(data: Any, path: tuple, lines: LineMap, file: Path, item_id: str | None, item_evidence: tuple, out: list, key: str | None = None) -> None:
    if isinstance(data, dict):
        if isinstance(data.get("id"), str) and "source" in data:
            item_id = data["id"]
            item_evidence = tuple(data.get("evidence") or ())
        for k, v in data.items():
            _narrative(v, path + (k,), lines, file, item_id, item_evidence, out, str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _narrative(v, path + (i,), lines, file, item_id, item_evidence, out, key)
    elif isinstance(data, str) and key in NARRATIVE_KEYS:
        out.append(NarrativeText(data, file, lines.line_of(path) or 1, path, item_id, item_evidence))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the evidence loads: it makes no cycles to collect
    (a self-containing alias is refused), and a 50 MB file's millions of new objects made the
    collector's passes take half the time, and grow faster than the file."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_evidence(project: Path, year: int, announce: Announce | None = announce_to_stderr) -> EvidenceIndex:
    """The year's evidence files, read (inside the project, bounded, UTF-8) and validated;
    ``announce`` is told of each large file as it is read."""
    with _collector_paused():
        return _load_evidence(project, year, announce)


def _load_evidence(project: Path, year: int, announce: Announce | None) -> EvidenceIndex:
    folder = Layout(project).evidence(year)
    if not folder.is_dir():
        raise InputError(
            Problem(
                f"there is no evidence for {year}",
                folder,
                hint=f"make the folder evidence/{year}/ with the evidence files (copy last year's, or run 'annualreport init')",
            )
        )
    index = EvidenceIndex(year, folder)
    problems: list[Problem] = []
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() not in {".yaml", ".yml"}:
            continue
        kind = file.stem
        if kind not in KINDS:
            close = difflib.get_close_matches(kind, list(KINDS), n=1)
            raise InputError(
                Problem(
                    f"'{file.name}' is not a kind of evidence annualreport knows",
                    file,
                    hint=(f"did you mean '{close[0]}.yaml'? " if close else "") + "the files are: " + ", ".join(f"{k}.yaml" for k in KINDS),
                )
            )
        raw, text = read_text(file, project, what="evidence file", announce=announce)
        data, lines = load_yaml(file, text)
        if data is None:
            continue
        model_cls = KINDS[kind]
        try:
            model = model_cls.model_validate(data)
        except ValidationError as exc:
            raise_validation(exc, file, lines, fields_at=lambda loc, m=model_cls: fields_at(m, loc))
        index.files[kind] = model
        index.paths[kind] = file
        index.digests[kind] = hashlib.sha256(raw).hexdigest()
        for path, item in _items_with_paths(kind, model):
            line = lines.line_of(path + ("id",)) or 1
            if item.id in index.items:
                first = index.items[item.id]
                problems.append(
                    Problem(
                        f"the id '{item.id}' is used twice (first in {first.file.name} line {first.line}); ids must be unique across the year's evidence",
                        file,
                        line,
                        hint="give one of them another id, and update the citations that mean it",
                    )
                )
                continue
            index.items[item.id] = Located(item, kind, file, line)
        if kind == "partnership":
            for i, agency in enumerate(model.agencies):
                if agency.id in index.agencies or agency.id in index.items:
                    problems.append(Problem(f"the id '{agency.id}' is used twice", file, lines.line_of(("agencies", i, "id")), hint="give each agency its own id"))
                index.agencies[agency.id] = agency
        _narrative(data, (), lines, file, None, (), index.narrative)
        if problems:
            raise InputError(*problems)
    missing = [k for k in REQUIRED_KINDS if k not in index.files]
    if missing:
        raise InputError(
            *[Problem(f"{k}.yaml is missing or empty; a yearly report needs it", folder / f"{k}.yaml", hint="write it (see 'annualreport schema " + k + "')") for k in missing]
        )
    _check_references(index)
    return index


def _check_references(index: EvidenceIndex) -> None:
    problems: list[Problem] = []

    def need(ref: str, pool: dict, what: str, file: Path, line: int, hint_pool: Iterable[str]) -> None:
        if ref not in pool:  # the pool of hints is listed only here: listing it for every reference made loading quadratic
            problems.append(
                Problem(
                    f"'{ref}' is not the id of any {what}",
                    file,
                    line,
                    hint=refusal_hint(ref, hint_pool, f"use the id of {article(what)}", "or add it"),
                )
            )

    agencies = index.agencies
    indicators = {i: 1 for i, e in index.items.items() if e.kind == "performance"}
    for entry in index.items.values():
        item = entry.item
        for ref in item.evidence:
            need(ref, index.items, "evidence item", entry.file, entry.line, index.items)
        if entry.kind == "priorities":
            for ref in item.indicators:
                need(ref, indicators, "performance indicator", entry.file, entry.line, sorted(indicators))
        elif entry.kind == "training":
            for ref in item.attendance:
                need(ref, agencies, "agency in partnership.yaml", entry.file, entry.line, agencies)
        elif entry.kind == "partners":
            need(item.agency, agencies, "agency in partnership.yaml", entry.file, entry.line, agencies)
    if problems:
        raise InputError(*problems)
