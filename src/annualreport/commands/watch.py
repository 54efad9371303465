"""``annualreport watch YEAR``: rebuild whenever the evidence, sections or templates change."""

from __future__ import annotations

import signal
from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.years import reporting_year
from annualreport.pdf import early


def run(
    year: str = typer.Argument(..., metavar="YEAR", help="The year the reporting period starts in: 2024, or 2024-25 as the report is labelled."),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder."),
    format: str = typer.Option("docx,pdf", "--format", help="What to write: docx, pdf, or docx,pdf."),
    pdf_engine: str = typer.Option("auto", "--pdf-engine", help="auto, libreoffice (faithful) or typst (pure pip fallback; pandoc is another name for it)."),
    timeout: float = typer.Option(180.0, "--timeout", help="Seconds the PDF engine may take for one rebuild."),
    interval: float = typer.Option(0.5, "--interval", help="Seconds between looks at the files."),
    once: bool = typer.Option(False, "--once", help="Build once with the watch's machinery, then stop."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Build, then build again on every change to the evidence, sections or templates.

    LibreOffice is kept running between rebuilds; only the parts and documents that
    changed are converted again. The lint runs first: its first findings are shown and its
    DRAFT mark is on the documents before they are ready. The Word documents are in
    build/YEAR/ first ("DOCX ready"), the PDFs after ("PDF ready"). A failed rebuild is
    marked failed; Ctrl-C stops; no office is left running.
    """
    with error_handler(project.resolve()):
        year = reporting_year(year)
        # LibreOffice starts first, before the imports below (as in ``build``); the watch
        # then keeps it, and stops it when it stops
        office = early.start(format, pdf_engine, timeout)
        try:
            from annualreport.commands.build import parse_formats
            from annualreport.progress import Progress
            from annualreport.watching import Watcher

            progress = Progress.for_command(quiet)
            formats = parse_formats(format)
            watcher = Watcher(project, year, formats, pdf_engine, timeout, progress, interval=interval)
            watcher.office, office = office, None
        finally:
            if office is not None:
                office.close(wait=False)
        previous = _stop_on_signals()
        try:
            last = watcher.run(once=once)
        except KeyboardInterrupt:
            last = None
            progress.close(outcome="stopped")  # the rebuild under way, if one was, was stopped
            if not quiet:
                typer.echo("stopped watching", err=True)
        finally:
            watcher.close()
            progress.close()
            _restore(previous)
        if once and (last is None or not last.ok):
            raise typer.Exit(2)


def _stop_on_signals() -> dict:
    """SIGTERM and SIGHUP stop the watch as Ctrl-C does (so the office is stopped too)."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            previous[sig] = signal.signal(sig, stop)
        except (ValueError, OSError):  # not the main thread
            pass
    return previous


def _restore(previous: dict) -> None:
    for sig, handler in previous.items():
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):
            pass


def register(app: typer.Typer) -> None:
    app.command("watch")(run)
