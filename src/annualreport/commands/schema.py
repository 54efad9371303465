"""``annualreport schema [KIND] [--write]``: the JSON Schema of the evidence files.

Without ``--write`` it prints the schemas, as it always has. With ``--write`` it puts them
where editors look (see ``annualreport.evidence.schemas``) and says what it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.errors import InputError, Problem
from annualreport.wording import refusal_hint

#: the kinds of evidence file, for the help (``evidence.models.KINDS``, where the models are,
#: imports pydantic; a test keeps the two in step)
KIND_NAMES = ("partnership", "priorities", "partners", "case_reviews", "training", "performance", "voice", "sources")


def schemas(kind: str | None = None) -> dict:
    from annualreport.evidence.models import KINDS

    if kind is None:
        return {name: model.model_json_schema() for name, model in KINDS.items()}
    return KINDS[kind].model_json_schema()


def _write(project: Path) -> None:
    from annualreport.config import CONFIG_NAME
    from annualreport.evidence.schemas import write_editor_files

    if not (project / CONFIG_NAME).is_file():
        raise InputError(
            Problem(
                f"no {CONFIG_NAME} here, so this is not a report project",
                project / CONFIG_NAME,
                hint="run the command in the project's folder, or give --project DIR",
            )
        )
    changes = write_editor_files(project)
    for change in changes:
        if change.action != "unchanged":
            typer.echo(str(change))
    done = sum(change.changed for change in changes)
    if done:
        typer.echo(f"{done} file{'s' if done != 1 else ''} written; an editor with the YAML language server (VS Code's YAML extension) now checks the evidence as it is typed")
    else:
        typer.echo("nothing to do: the schemas, the modelines and .vscode/settings.json are up to date")


def run(
    kind: str = typer.Argument(None, help="One kind: " + ", ".join(KIND_NAMES) + ". Without it, all of them."),
    write: bool = typer.Option(
        False,
        "--write",
        help="Write the schemas into PROJECT/.schemas/, add a '# yaml-language-server: $schema=...' line to the top of "
        "each evidence file and annualreport.yaml that lacks one, and add yaml.schemas to .vscode/settings.json.",
    ),
    project: Path = typer.Option(Path("."), "--project", "-p", help="The report project's folder (with --write)."),
) -> None:
    """Print the JSON Schema of the evidence files, or (--write) put them where editors find them."""
    with error_handler(project.resolve() if write else None):
        if write:
            if kind is not None:
                raise InputError(Problem("--write writes the schemas of every kind; give no KIND with it", hint="annualreport schema --write"))
            _write(project)
            return
        if kind is not None:
            from annualreport.evidence.models import KINDS

            kind = kind.removesuffix(".yaml")
            if kind not in KINDS:
                raise InputError(Problem(f"KIND '{kind}' is not a kind of evidence", hint=refusal_hint(kind, KINDS)))
        typer.echo(json.dumps(schemas(kind), indent=2))


def register(app: typer.Typer) -> None:
    app.command("schema")(run)
