"""``annualreport build YEAR``: write the yearly report and the covering reports."""

from __future__ import annotations

from pathlib import Path

import typer

from annualreport.builder import FORMATS, build
from annualreport.error_handler import error_handler
from annualreport.errors import InputError, Problem, StrictBuildError
from annualreport.lint import lint_project
from annualreport.lint.formats import render
from annualreport.project import load_project


def run(
    year: int = typer.Argument(..., help="The year the reporting period starts in: 2024 means 2024-25."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder."),
    format: str = typer.Option("docx,pdf", "--format", help="What to write: docx, pdf, or docx,pdf."),
    pdf_engine: str = typer.Option("auto", "--pdf-engine", help="auto, libreoffice (faithful) or pandoc (pure Python fallback)."),
    strict: bool = typer.Option(False, "--strict", help="Stop with exit 1 if the lint finds errors."),
    timeout: float = typer.Option(180.0, "--timeout", help="Seconds the PDF engine may take before it is stopped."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Lint, then write the yearly report and one covering report per committee into build/YEAR/."""
    say = (lambda _: None) if quiet else (lambda text: typer.echo(text, err=True))
    with error_handler(project.resolve()):
        formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
        bad = [f for f in formats if f not in FORMATS]
        if bad or not formats:
            raise InputError(Problem(f"--format {format!r} is not understood", hint="use docx, pdf, or docx,pdf"))
        say(f"loading the {year} evidence")
        loaded = load_project(project, year)
        say("checking the claims, the evidence and the templates")
        findings = lint_project(loaded)
        counts = findings.counts
        draft = None
        if counts["error"]:
            if strict:
                typer.echo(render("text", findings, color=False, project_root=loaded.root), err=True)
                raise StrictBuildError(Problem(f"the lint found {counts['error']} errors, and --strict stops the build on them", hint=f"mend them (annualreport lint {year} lists them), or build without --strict to make a DRAFT"))
            errors, warnings = _plural(counts["error"], "lint error"), _plural(counts["warning"], "warning")
            draft = f"DRAFT: {errors} and {warnings} open; not for publication"
            typer.echo(f"note: the lint found {errors}; every page is marked DRAFT (see 'annualreport lint {year}')", err=True)
        result = build(loaded, formats, pdf_engine, timeout, say=say, findings=counts, draft=draft)
        for warning in result.warnings:
            typer.echo(f"note: {warning}", err=True)
        for found in result.checked:
            typer.echo(f"{found.severity}: build/{year}/{found.file}: {found.code} {found.message}\n    in {found.where}\n    mend: {found.hint}", err=True)
        if not quiet:
            for out in result.outputs:
                extra = f" ({out.pages} pages, {out.engine})" if out.pages else ""
                typer.echo(f"wrote {loaded.relative(out.path)}{extra}")
            typer.echo(f"wrote {loaded.relative(result.folder / 'manifest.json')}")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def register(app: typer.Typer) -> None:
    app.command("build")(run)
