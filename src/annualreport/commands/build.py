"""``annualreport build YEAR``: write the yearly report and the covering reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annualreport.commands.up_to_date import examine, say as say_up_to_date
from annualreport.error_handler import error_handler
from annualreport.years import reporting_year
from annualreport.pdf import early

if TYPE_CHECKING:
    from annualreport.lint.verdict import Verdict
    from annualreport.progress import Progress
    from annualreport.project import Project


def run(
    year: str = typer.Argument(..., metavar="YEAR", help="The year the reporting period starts in: 2024, or 2024-25 as the report is labelled."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder."),
    format: str = typer.Option("docx,pdf", "--format", help="What to write: docx, pdf, or docx,pdf."),
    pdf_engine: str = typer.Option("auto", "--pdf-engine", help="auto, libreoffice (faithful) or typst (pure pip fallback; pandoc is another name for it)."),
    strict: bool = typer.Option(False, "--strict", help="Stop with exit 1 if the lint finds errors."),
    timeout: float = typer.Option(180.0, "--timeout", help="Seconds the PDF engine may take before it is stopped."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
    force: bool = typer.Option(False, "--force", help="Build everything again, even if nothing changed since the last build."),
) -> None:
    """Lint, then write the yearly report and one covering report per committee into build/YEAR/."""
    with error_handler(project.resolve()):
        year = reporting_year(year)
        # First and cheaply: has anything changed since the last build? If not, say so and
        # stop, before anything heavy is imported or LibreOffice starts (``up_to_date``)
        freshness = examine(project, year, format, pdf_engine)
        if freshness is not None and freshness.fresh and not force and not (strict and freshness.errors):
            say_up_to_date(freshness, quiet)
            return
        # LibreOffice starts first, before the imports below: it takes longer to start than
        # the Word documents take to write, so it is ready by the time they are (if it could
        # not start now, the build starts its own: ``pdf.office.acquire``)
        office = early.start(format, pdf_engine, timeout)
        try:
            from annualreport.builder import Build, BuildOptions, BuildSession, kept_between
            from annualreport.lint.verdict import judge
            from annualreport.progress import Progress
            from annualreport.project import load_project

            progress = Progress.for_command(quiet)
            with progress:
                formats = parse_formats(format)
                progress.step(f"loading the {year} evidence")
                loaded = load_project(project, year, announce=progress.step)
                if freshness is not None and not force:
                    progress.step("building again: " + changes(freshness))
                # --force: nothing from the last build is used (the pandoc parts, the covering
                # reports, the PDFs); everything is made afresh, and kept for the next
                kept = kept_between(loaded.cache_folder, formats, fresh=force)
                session = BuildSession(office=office, say=progress.step, inputs=freshness, **kept)
                with Build(loaded, BuildOptions(formats, pdf_engine, timeout, force=force), session) as job:
                    job.prepare()  # pandoc converts the narrative while the lint runs
                    progress.step("checking the claims, the evidence and the templates")
                    with session.watch("lint"):
                        verdict = judge(loaded, job.assembly, job.templates)
                    enforce(verdict, loaded, year, strict, progress)
                    result = job.write(verdict)
        finally:
            if office is not None:  # stopped however the build ended (an error, Ctrl-C, SIGTERM)
                office.close(wait=False)
        progress.close()
        if freshness is not None:
            from annualreport.up_to_date import remember

            remember(freshness, result.folder, loaded.cache_folder, {"counts": result.manifest.get("findings", {}), "draft": verdict.draft})
        for warning in result.warnings:
            typer.echo(f"note: {warning}", err=True)
        report_checked(result, loaded)
        if not quiet:
            for out in result.outputs:
                extra = f" ({out.pages} pages, {out.engine})" if out.pages else ""
                typer.echo(f"wrote {loaded.relative(out.path)}{extra}")
            typer.echo(f"wrote {loaded.relative(result.folder / 'manifest.json')}")
            typer.echo(redone(result))


def changes(freshness, shown: int = 4) -> str:
    found = freshness.changes
    return "; ".join(found[:shown]) + (f"; and {len(found) - shown} more" if len(found) > shown else "")


def redone(result) -> str:
    """What this build made afresh and what it kept from the last one."""
    made, kept = [], []
    if result.pandoc_parts:
        made.append(f"{result.pandoc_parts} narrative part{'s' if result.pandoc_parts != 1 else ''} (pandoc)")
    else:
        kept.append("the narrative (pandoc)")
    if result.rendered:
        made.append("Word: " + ", ".join(result.rendered))
    if result.copied:
        kept.append("Word: " + ", ".join(result.copied))
    if result.converted:
        made.append("PDF: " + ", ".join(result.converted))
    if result.reused:
        kept.append("PDF: " + ", ".join(result.reused))
    return "made afresh: " + ("; ".join(made) or "nothing") + ("; kept from the last build: " + "; ".join(kept) if kept else "")


def parse_formats(format: str) -> tuple[str, ...]:
    from annualreport.builder import FORMATS
    from annualreport.errors import InputError, Problem

    formats = tuple(f.strip().lower() for f in format.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(Problem(f"--format {format!r} is not understood", hint="use docx, pdf, or docx,pdf"))
    return formats


def enforce(verdict: Verdict, loaded: Project, year: int, strict: bool, progress: Progress) -> None:
    """Stop on identifying information (always: IdentifyingBuildError, exit 1) and on lint
    errors under --strict (StrictBuildError); note the DRAFT mark otherwise."""
    from annualreport.errors import IdentifyingBuildError, Problem, StrictBuildError
    from annualreport.lint.formats import render
    from annualreport.lint.verdict import draft_note
    from annualreport.wording import plural

    if verdict.identifying is not None:
        found = verdict.identifying
        progress.close()
        typer.echo(render("text", found, color=False, project_root=loaded.root), err=True)
        raise IdentifyingBuildError(Problem(
            f"the lint found identifying information in text for publication ({plural(len(found.findings), 'finding')} of AR401, shown masked above); "
            "a build never writes it into a document, with --strict or without, so nothing was written",
            hint="replace each with the review's pseudonym ('Child A') or leave it out; if one is not identifying, put "
                 "<!-- annualreport: ignore AR401 --> on its line (in YAML: # annualreport: ignore AR401), "
                 f"then build again (annualreport lint {year} lists them)"))
    counts = verdict.counts
    if verdict.draft:
        if strict:
            progress.close()
            typer.echo(render("text", verdict.findings, color=False, project_root=loaded.root), err=True)
            raise StrictBuildError(Problem(f"the lint found {plural(counts['error'], 'error')}, and --strict stops the build on them", hint=f"mend them (annualreport lint {year} lists them), or build without --strict to make a DRAFT"))
        progress.error(draft_note(counts, year))


def report_checked(result, loaded: Project) -> None:
    """What the lint's rules found in the written documents (AR501), printed as the lint prints."""
    from annualreport.lint.findings import LintResult
    from annualreport.lint.formats import render

    if result.checked:
        files = len([o for o in result.outputs if o.path.suffix == ".docx"])
        typer.echo(render("text", LintResult(result.checked, files), color=False, project_root=loaded.root), err=True)


def register(app: typer.Typer) -> None:
    app.command("build")(run)
