"""The project that ``annualreport init`` writes: small, complete, and clean to build at once.

The files live in ``skeleton/files/`` as text with tokens that are replaced on writing:
``{{YEAR}}`` (the reporting year, e.g. 2024), ``{{NEXT_YEAR}}`` (2025), ``{{LABEL}}`` (the
year's label, 2024-25) and ``{{PREVIOUS_LABEL}}`` (2023-24); a folder named ``YEAR`` is
renamed to the year. The Word templates come from ``skeleton/templates/``.

The JSON Schemas in ``.schemas/`` and the ``# yaml-language-server: $schema=...`` line at the
top of each evidence file and of annualreport.yaml are added on writing, by the same code as
``annualreport schema --write`` (``annualreport.evidence.schemas``), so editors check the
evidence of a new project as it is typed.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from annualreport.errors import AnnualReportError, InputError, Problem
from annualreport.evidence.schemas import modeline_for, schema_files, with_modeline
from annualreport.project_folders import Layout

TEMPLATES = ("annual.docx", "covering.docx")


def _root() -> Traversable:
    return resources.files("annualreport") / "skeleton"


def _text_files(folder: Traversable, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Traversable]]:
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found += _text_files(entry, prefix + (entry.name,))
        elif entry.is_file():
            found.append((prefix + (entry.name,), entry))
    return found


def _label(start: int) -> str:
    return f"{start}-{str(start + 1)[2:]}"


def _tokens(year: int) -> dict[str, str]:
    return {
        "{{YEAR}}": str(year),
        "{{NEXT_YEAR}}": str(year + 1),
        "{{LABEL}}": _label(year),
        "{{PREVIOUS_LABEL}}": _label(year - 1),
    }


def _plan(folder: Path, year: int) -> list[tuple[Path, bytes]]:
    """Every file to write, with its content, before anything is written."""
    tokens = _tokens(year)
    plan: list[tuple[Path, bytes]] = []
    for parts, entry in _text_files(_root() / "files"):
        relative = Path(*[str(year) if part == "YEAR" else part for part in parts])
        text = entry.read_text(encoding="utf-8")
        for token, value in tokens.items():
            text = text.replace(token, value)
        content = text.encode("utf-8")
        modeline = modeline_for(relative)
        if modeline is not None:
            content = with_modeline(content, modeline) or content
        plan.append((folder / relative, content))
    for relative_schema, schema in schema_files().items():
        plan.append((folder / relative_schema, schema.encode("utf-8")))
    for name in TEMPLATES:
        entry = _root() / "templates" / name
        if not entry.is_file():
            raise AnnualReportError(
                Problem(
                    f"the Word template '{name}' is missing from this installation of annualreport",
                    hint="reinstall annualreport (pip install --force-reinstall annualreport)",
                )
            )
        plan.append((Layout(folder).templates / name, entry.read_bytes()))
    return plan


def write_skeleton(folder: Path, year: int) -> list[Path]:
    """Write a new report project for ``year`` into ``folder``; return the files written.

    Refuses, writing nothing, if any file it would write already exists.
    """
    folder = Path(folder)
    if not 1900 <= year <= 9000:
        raise InputError(Problem(f"{year} is not a reporting year", hint="give the year the reporting period starts in, e.g. --year 2024"))
    if folder.exists() and not folder.is_dir():
        raise InputError(Problem("this is a file, not a folder", folder, hint="choose a new or empty folder for the project"))
    plan = _plan(folder, year)
    for target, _ in plan:
        if target.exists() or target.is_symlink():
            raise InputError(
                Problem(
                    f"{target.relative_to(folder).as_posix()} already exists, and init never overwrites a file",
                    target,
                    hint="choose an empty or new folder for the project (init writes nothing when any of its files is there)",
                )
            )
    written = []
    for target, content in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(target)
    return written
