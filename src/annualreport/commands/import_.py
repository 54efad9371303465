"""``annualreport import KIND FILE --year YEAR``: bring a spreadsheet into a year's evidence file.

It reads the .xlsx or .csv file, builds the items, merges them into evidence/YEAR/KIND.yaml
(comments and hand-written fields stay; nothing is deleted), shows the change as a diff and
asks before it writes; a warning (no column says who attended, say) is printed after the
diff, just before the question. ``--yes`` writes without asking; with no terminal to ask on,
and no ``--yes``, it writes nothing and says so (exit 2). The logic is in
``annualreport.importing``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.years import reporting_year
from annualreport.errors import InputError, Problem

CONFIDENCES = ("high", "medium", "low")


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty() and "NO_COLOR" not in os.environ
    except (AttributeError, ValueError):
        return False


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _show_diff(lines: list[str], color: bool) -> None:
    for line in lines:
        text = line.rstrip("\r\n")
        if color:
            if line.startswith(("+++", "---")):
                text = typer.style(text, bold=True)
            elif line.startswith("@@"):
                text = typer.style(text, fg=typer.colors.CYAN)
            elif line.startswith("+"):
                text = typer.style(text, fg=typer.colors.GREEN)
            elif line.startswith("-"):
                text = typer.style(text, fg=typer.colors.RED)
        typer.echo(text, color=color)
        if not line.endswith("\n"):
            typer.echo("\\ No newline at end of file", color=color)


def run(
    kind: str = typer.Argument(..., help="What the sheet holds: training (courses) or performance (indicators)."),
    file: Path = typer.Argument(..., help="The exported spreadsheet: .xlsx or .csv."),
    year: str = typer.Option(..., "--year", metavar="YEAR", help="The year the reporting period starts in: 2024, or 2024-25 as the report is labelled."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder."),
    sheet: str = typer.Option(None, "--sheet", help="The workbook's sheet to read (default: the one whose headers fit best)."),
    yes: bool = typer.Option(False, "--yes", help="Write without asking, warnings included (for scripts)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change, and write nothing."),
    as_of: str = typer.Option(None, "--as-of", help="The date the figures were true, YYYY-MM-DD (default: the end of the reporting period, or the file's date if it was made before then)."),
    confidence: str = typer.Option(None, "--confidence", help="high, medium or low: for every imported item (default: new items medium; existing ones keep theirs)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors and warnings (and the question, unless --yes)."),
) -> None:
    """Import a spreadsheet (.xlsx or .csv) into evidence/YEAR/KIND.yaml, keeping comments and hand-written fields."""
    from annualreport.importing import describe, plan_import, unified_diff, write_atomic

    progress_on_terminal = _stderr_is_terminal()
    color_err = progress_on_terminal and "NO_COLOR" not in os.environ

    def say(text: str) -> None:
        if not quiet:
            typer.echo(text, err=True)

    def tick(rows: int) -> None:
        if quiet:
            return
        if progress_on_terminal:
            typer.echo(f"\r  {rows:,} rows read", err=True, nl=False)
        else:
            typer.echo(f"  {rows:,} rows read", err=True)

    root = project.resolve()
    with error_handler(root):
        year = reporting_year(year, "--year")
        when = None
        if as_of is not None:
            try:
                when = dt.date.fromisoformat(as_of.strip())
            except ValueError:
                raise InputError(Problem(f"--as-of {as_of!r} is not a date", hint="write it as YYYY-MM-DD, for example 2025-03-31")) from None
        if confidence is not None and confidence.strip().lower() not in CONFIDENCES:
            raise InputError(Problem(f"--confidence {confidence!r} is not understood", hint="use high, medium or low"))
        chosen = confidence.strip().lower() if confidence else None
        plan = plan_import(root, year, kind.strip().lower(), file, sheet=sheet, as_of=when, confidence=chosen, say=say, tick=tick)
        if progress_on_terminal and not quiet and len(plan.table.rows) >= 10000:
            typer.echo("", err=True)  # end the \r progress line
        for line in describe(plan):
            say(line)
        for note in plan.notes:
            say(f"note: {note}")
        relative = plan.path.relative_to(root).as_posix()

        def warn() -> None:  # even with --quiet: what it says changes the figures written
            for warning in plan.warnings:
                typer.echo(typer.style(f"warning: {warning}", fg=typer.colors.YELLOW, bold=True) if color_err else f"warning: {warning}", err=True, color=color_err)

        if not plan.changed:
            warn()
            say(f"{relative} already holds these figures; nothing to write")
            return
        if not quiet or (not yes and not dry_run):
            _show_diff(unified_diff(plan, relative), _stdout_is_terminal())
        warn()  # after the diff, so that it is the last thing read before the question
        if dry_run:
            say(f"dry run: {relative} was not changed")
            return
        if not yes:
            heed = " and agree to the warning above" if plan.warnings else ""
            if not _stdin_is_terminal():
                raise InputError(
                    Problem(
                        f"not writing {relative}: there is no terminal to ask on" + (" whether the warning above is right" if plan.warnings else ""),
                        plan.path,
                        hint=f"pass --yes to write it without asking{heed} (or --dry-run to see the changes only)",
                    )
                )
            question = f"Write {relative}" + (", with the warning above?" if plan.warnings else "?")
            if not typer.confirm(question, default=False, err=True):
                say(f"nothing was written; {relative} is as it was")
                return
        say(f"writing {relative}")
        write_atomic(plan.path, plan.new_text, plan.digest)
        say(f"wrote {relative}")


def register(app: typer.Typer) -> None:
    app.command("import")(run)
