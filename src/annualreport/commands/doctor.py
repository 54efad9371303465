"""``annualreport doctor``: which PDF engines and versions are here, and what is missing."""

from __future__ import annotations

import platform
import sys

import typer

from annualreport import __version__
from annualreport.error_handler import error_handler


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "missing"


def run() -> None:
    """Say which PDF engines and versions are present, and what is missing."""
    with error_handler():
        from annualreport.pdf import engine_statuses
        from annualreport.render.pandoc import pandoc_version

        typer.echo(f"annualreport {__version__} on Python {platform.python_version()} ({sys.platform})")
        typer.echo(f"  pandoc        {pandoc_version()}")
        for package in ("docxtpl", "python-docx", "typst", "pydantic"):
            typer.echo(f"  {package:<13} {_version(package)}")
        typer.echo("PDF engines:")
        statuses = engine_statuses()
        for status in statuses:
            mark = "ok     " if status.available else "missing"
            typer.echo(f"  {mark} {status.name:<12} {status.version or ''}")
            typer.echo(f"          {status.detail}")
        if not any(s.available and s.name == "libreoffice" for s in statuses):
            typer.echo("PDFs will come from the typst engine, which keeps the text but not the Word design. Install LibreOffice for faithful PDFs (see README).")


def register(app: typer.Typer) -> None:
    app.command("doctor")(run)
