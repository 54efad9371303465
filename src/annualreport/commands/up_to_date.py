"""``annualreport build`` when nothing changed since the last build: said at once.

``main`` hands ``build``'s arguments here before typer is imported (as it answers
``--version``), so an up-to-date build costs the interpreter's start and the check itself
(``up_to_date.examine``): no typer, no pydantic, no docx, no LibreOffice. Only arguments
read here exactly as typer reads them are taken; anything else (``--force``, ``--help``, an
option this module does not know, a value it cannot read) goes to typer, and the ``build``
command asks the same question itself (``commands.build``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from annualreport.errors import InputError
from annualreport.years import reporting_year

FLAGS = {"--quiet": "quiet", "-q": "quiet", "--strict": "strict"}
VALUES = {"--project": "project", "-p": "project", "--format": "format", "--pdf-engine": "pdf_engine", "--timeout": "timeout"}


def parse(args: list[str]) -> dict | None:
    """``build``'s arguments as the command takes them, or None if not sure."""
    found: dict = {"project": ".", "format": "docx,pdf", "pdf_engine": "auto", "quiet": False, "strict": False}
    year = None
    i = 0
    while i < len(args):
        arg = args[i]
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if arg in FLAGS:
            found[FLAGS[arg]] = True
        elif name in VALUES and (equals or i + 1 < len(args)):
            if not equals:
                i += 1
                value = args[i]
            found[VALUES[name]] = value
        elif year is None and arg[:1].isdigit():
            try:
                year = reporting_year(arg)
            except InputError:  # the build says why
                return None
        else:
            return None
        i += 1
    if year is None:
        return None
    found["year"] = year
    return found


def examine(project: Path, year: int, format: str, pdf_engine: str):
    """What changed since the last build (``up_to_date.Freshness``); None when the options
    cannot be read (the build then says why)."""
    from annualreport.up_to_date import examine, options_record

    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
    if not formats or any(f not in ("docx", "pdf") for f in formats):
        return None
    return examine(project, year, options_record(year, formats, pdf_engine))


def say(freshness, quiet: bool) -> None:
    """``build/2024 is up to date ...`` and the lint's verdict as last time."""
    from annualreport.up_to_date import summary

    folder = freshness.folders[0]
    try:
        shown = folder.relative_to(freshness.root).as_posix()
    except ValueError:
        shown = str(folder)
    first, *lint = summary(freshness, shown)
    if not quiet:
        print(first)
    for line in lint:
        if not quiet or freshness.errors:
            print(line, file=sys.stderr if line.startswith("note:") else sys.stdout)


def answer(args: list[str]) -> int | None:
    """0 when the build is up to date and said so; None when typer is to run the build."""
    options = parse(args)
    if options is None:
        return None
    try:
        freshness = examine(Path(options["project"]), options["year"], options["format"], options["pdf_engine"])
        if freshness is None or not freshness.fresh or (options["strict"] and freshness.errors):
            return None
        say(freshness, options["quiet"])
    except Exception:  # noqa: BLE001 - anything odd: the build itself runs, and says what is wrong
        return None
    return 0
