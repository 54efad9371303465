"""``annualreport init DIR``: a new report project that builds cleanly at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.years import reporting_year
from annualreport.wording import plural


def run(
    folder: Path = typer.Argument(..., help="Where to make the project (new or empty folder)."),
    year: str = typer.Option(None, "--year", metavar="YEAR", help="The first reporting year (the year it starts in: 2024, or 2024-25). Default: the last complete April-to-March year."),
) -> None:
    """Make a new, working report project in DIR. Refuses to overwrite existing files."""
    with error_handler():
        if year is None:
            today = dt.date.today()
            year = today.year - 1 if today.month >= 4 else today.year - 2
        else:
            year = reporting_year(year, "--year")
        from annualreport.skeleton import write_skeleton

        written = write_skeleton(folder, year)
        typer.echo(f"made a report project for {year} in {folder} ({plural(len(written), 'file')})")
        typer.echo(f"next: cd {folder} && annualreport build {year}")


def register(app: typer.Typer) -> None:
    app.command("init")(run)
