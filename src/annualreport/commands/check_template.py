"""``annualreport check-template FILE``: check one Word template's tags against its data."""

from __future__ import annotations

from pathlib import Path

import typer

from annualreport.error_handler import error_handler


def run(
    file: Path = typer.Argument(..., help="The Word template (.docx) to check."),
    kind: str = typer.Option(None, "--kind", help="annual or covering; by default guessed from the tags it uses."),
) -> None:
    """Check one Word template's tags: broken tags, curly quotes, tags split by Word, names the data lacks."""
    with error_handler():
        from annualreport.errors import InputError, Problem
        from annualreport.render.reference import example_contexts
        from annualreport.render.tags import inspect_template, paragraphs
        from annualreport.render.word import environment, open_template

        template = open_template(file)
        if kind is None:
            text = "\n".join(p.text for p in paragraphs(template.docx))
            kind = "covering" if "committee." in text else "annual"
        if kind not in ("annual", "covering"):
            raise InputError(Problem(f"--kind {kind!r} is not a template kind", hint="use annual or covering"))
        findings = inspect_template(template.docx, example_contexts()[kind], environment())
        for f in findings:
            typer.echo(f"{file}: AR301 {f.severity}: {f.message}\n    in {f.where}" + (f"\n    mend: {f.hint}" if f.hint else ""))
        errors = sum(1 for f in findings if f.severity == "error")
        typer.echo(f"{file} ({kind} template): {errors} errors, {len(findings) - errors} other notes" if findings else f"{file} ({kind} template): all tags are sound")
        if errors:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("check-template")(run)
