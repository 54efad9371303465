"""The ``annualreport`` command: a thin entry point that hands each command to its module."""

from __future__ import annotations

from annualreport import termination

termination.install()  # SIGTERM and SIGHUP stop a run cleanly, as Ctrl-C does

from annualreport.pdf.early import prestart

prestart()  # `annualreport build` with LibreOffice: start the office before the imports below

import typer

from annualreport import __version__
from annualreport.commands import build, check_template, doctor, import_, init, lint, schema, template_vars, watch

app = typer.Typer(
    name="annualreport",
    help="Build a safeguarding children partnership's yearly report, and its committee covering reports, from evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"annualreport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Build a safeguarding children partnership's yearly report from evidence."""


for module in (build, watch, lint, check_template, template_vars, import_, init, schema, doctor):
    module.register(app)


def main() -> None:
    import signal

    if hasattr(signal, "SIGPIPE"):  # `annualreport lint 2024 | head` ends quietly, as other tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # (the guard then cleans up after us)
    termination.arm()
    try:
        app()
    finally:
        termination.finish()  # the run's temporary folder goes; a SIGTERM ends us by it
