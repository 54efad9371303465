"""``annualreport lint YEAR``: check the claims, the evidence and the templates."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.years import reporting_year


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v for value in values for v in value.split(",") if v.strip()]


def run(
    year: str = typer.Argument(..., metavar="YEAR", help="The year the reporting period starts in: 2024, or 2024-25 as the report is labelled."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder."),
    format: str = typer.Option("text", "--format", help="text, json, github (workflow annotations) or sarif (2.1.0)."),
    select: list[str] = typer.Option(None, "--select", metavar="RULES", help="Only these rules: codes (AR101), prefixes (AR1) or names; comma-separated or repeated."),
    ignore: list[str] = typer.Option(None, "--ignore", metavar="RULES", help="Leave out these rules (same forms as --select)."),
) -> None:
    """Check the claims, the evidence and the templates; print findings. Exit 1 if any is an error."""
    with error_handler(project.resolve()):
        year = reporting_year(year)
        from annualreport.errors import InputError, Problem
        from annualreport.lint import lint_project
        from annualreport.lint.formats import FORMATS, render
        from annualreport.project import load_project

        if format not in FORMATS:
            raise InputError(Problem(f"--format {format!r} is not one of: {', '.join(FORMATS)}", hint="use text, json, github or sarif"))
        loaded = load_project(project, year)
        result = lint_project(loaded, _split(select), _split(ignore))
        color = format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        out = render(format, result, color=color, project_root=loaded.root)
        typer.echo(out, nl=bool(out))
        if result.count("error"):
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("lint")(run)
