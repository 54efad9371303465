"""``annualreport template-vars``: every variable and loop a Word template can use."""

from __future__ import annotations

from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.wording import refusal_hint


def run(
    kind: str = typer.Argument(None, help="annual or covering; without it, both."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the whole reference for comms staff as Markdown (docs/templates.md)."),
    write: Path = typer.Option(None, "--write", help="Write the Markdown reference to this file."),
) -> None:
    """List every variable and loop a Word template can use, with an example value."""
    with error_handler():
        from annualreport.errors import InputError, Problem
        from annualreport.render import reference

        if write is not None:
            write.parent.mkdir(parents=True, exist_ok=True)
            write.write_text(reference.markdown(), encoding="utf-8")
            typer.echo(f"wrote {write}")
            return
        if markdown:
            typer.echo(reference.markdown(), nl=False)
            return
        kinds = [kind] if kind else ["annual", "covering"]
        for name in kinds:
            if name not in ("annual", "covering"):
                raise InputError(Problem(f"KIND '{name}' is not a kind of template", hint=refusal_hint(name, ("annual", "covering"))))
            typer.echo(f"{name}.docx:")
            rows = reference.variables(name)
            width = max(len(tag) for tag, _ in rows)
            for tag, example in rows:
                typer.echo(f"  {tag:<{width}}  {example}")


def register(app: typer.Typer) -> None:
    app.command("template-vars")(run)
