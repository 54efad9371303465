"""``annualreport build YEAR``: write the yearly report and the covering reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annualreport.error_handler import error_handler
from annualreport.pdf import early

if TYPE_CHECKING:
    from annualreport.lint.findings import LintResult
    from annualreport.progress import Progress
    from annualreport.project import Project


def run(
    year: int = typer.Argument(..., help="The year the reporting period starts in: 2024 means 2024-25."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder."),
    format: str = typer.Option("docx,pdf", "--format", help="What to write: docx, pdf, or docx,pdf."),
    pdf_engine: str = typer.Option("auto", "--pdf-engine", help="auto, libreoffice (faithful) or typst (pure pip fallback; pandoc is another name for it)."),
    strict: bool = typer.Option(False, "--strict", help="Stop with exit 1 if the lint finds errors."),
    timeout: float = typer.Option(180.0, "--timeout", help="Seconds the PDF engine may take before it is stopped."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Lint, then write the yearly report and one covering report per committee into build/YEAR/."""
    with error_handler(project.resolve()):
        # LibreOffice starts first, before the imports below: it takes longer to start than
        # the Word documents take to write, so it is ready by the time they are
        office = early.start(format, pdf_engine, timeout)
        try:
            from annualreport.builder import build, start_office
            from annualreport.progress import Progress
            from annualreport.project import load_project

            progress = Progress.for_command(quiet)
            with progress:
                formats = parse_formats(format)
                office = office or start_office(formats, pdf_engine, timeout)
                progress.step(f"loading the {year} evidence")
                loaded = load_project(project, year, announce=progress.step)
                result = build(loaded, formats, pdf_engine, timeout, say=progress.step,
                               lint=linter(loaded, year, strict, progress), office=office)
        finally:
            if office is not None:  # stopped however the build ended (an error, Ctrl-C, SIGTERM)
                office.close(wait=False)
        progress.close()
        for warning in result.warnings:
            typer.echo(f"note: {warning}", err=True)
        report_checked(result, year)
        if not quiet:
            for out in result.outputs:
                extra = f" ({out.pages} pages, {out.engine})" if out.pages else ""
                typer.echo(f"wrote {loaded.relative(out.path)}{extra}")
            typer.echo(f"wrote {loaded.relative(result.folder / 'manifest.json')}")


def parse_formats(format: str) -> tuple[str, ...]:
    from annualreport.builder import FORMATS
    from annualreport.errors import InputError, Problem

    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(Problem(f"--format {format!r} is not understood", hint="use docx, pdf, or docx,pdf"))
    return formats


def linter(loaded: Project, year: int, strict: bool, progress: Progress):
    """The lint as the build runs it (while pandoc works): counts and the DRAFT mark, or
    StrictBuildError under --strict. Identifying information (AR401) stops every build."""

    from annualreport.errors import Problem, StrictBuildError
    from annualreport.lint import lint_project
    from annualreport.lint.formats import render

    def lint() -> tuple[dict, str | None]:
        progress.step("checking the claims, the evidence and the templates")
        findings = lint_project(loaded)
        stop_on_identifying(loaded, year, findings, progress)
        counts = findings.counts
        draft = draft_mark(counts)
        if draft:
            if strict:
                progress.close()
                typer.echo(render("text", findings, color=False, project_root=loaded.root), err=True)
                raise StrictBuildError(Problem(f"the lint found {counts['error']} errors, and --strict stops the build on them", hint=f"mend them (annualreport lint {year} lists them), or build without --strict to make a DRAFT"))
            progress.error(draft_note(counts, year))
        return counts, draft

    return lint


def stop_on_identifying(loaded: Project, year: int, findings: LintResult, progress: Progress) -> None:
    """Raise IdentifyingBuildError (exit 1) if the lint found identifying information that no
    suppression on its line lets through; AR401 is checked even where lint settings leave it out."""
    from annualreport.errors import IdentifyingBuildError, Problem
    from annualreport.lint import lint_project, selected_codes
    from annualreport.lint.findings import LintResult
    from annualreport.lint.formats import render

    if "AR401" not in selected_codes(loaded, None, None):
        findings = lint_project(loaded, select=["AR401"], ignore=[])
    found = [f for f in findings.findings if f.code == "AR401"]
    if not found:
        return
    progress.close()
    typer.echo(render("text", LintResult(found, findings.files), color=False, project_root=loaded.root), err=True)
    raise IdentifyingBuildError(Problem(
        f"the lint found identifying information in text for publication ({_plural(len(found), 'finding')} of AR401, shown masked above); "
        "a build never writes it into a document, with --strict or without, so nothing was written",
        hint="replace each with the review's pseudonym ('Child A') or leave it out; if one is not identifying, put "
             "<!-- annualreport: ignore AR401 --> on its line (in YAML: # annualreport: ignore AR401), "
             f"then build again (annualreport lint {year} lists them)"))


def draft_mark(counts: dict) -> str | None:
    """The text every page carries while the lint finds errors (None: no errors)."""
    if not counts.get("error"):
        return None
    errors, warnings = _plural(counts["error"], "lint error"), _plural(counts.get("warning", 0), "warning")
    return f"DRAFT: {errors} and {warnings} open; not for publication"


def draft_note(counts: dict, year: int) -> str:
    return f"note: the lint found {_plural(counts['error'], 'lint error')}; every page is marked DRAFT (see 'annualreport lint {year}')"


def report_checked(result, year: int) -> None:
    for found in result.checked:
        typer.echo(f"{found.severity}: build/{year}/{found.file}: {found.code} {found.message}\n    in {found.where}\n    mend: {found.hint}", err=True)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def register(app: typer.Typer) -> None:
    app.command("build")(run)
