"""``annualreport schema [KIND]``: the JSON Schema of the evidence files."""

from __future__ import annotations

import json

import typer

from annualreport.error_handler import error_handler
from annualreport.errors import InputError, Problem
from annualreport.evidence.models import KINDS


def schemas(kind: str | None = None) -> dict:
    if kind is None:
        return {name: model.model_json_schema() for name, model in KINDS.items()}
    return KINDS[kind].model_json_schema()


def run(kind: str = typer.Argument(None, help="One kind: " + ", ".join(KINDS) + ". Without it, all of them.")) -> None:
    """Print the JSON Schema of the evidence files, so editors can check YAML as it is typed."""
    with error_handler():
        if kind is not None:
            kind = kind.removesuffix(".yaml")
            if kind not in KINDS:
                raise InputError(Problem(f"'{kind}' is not a kind of evidence", hint="use one of: " + ", ".join(KINDS)))
        typer.echo(json.dumps(schemas(kind), indent=2))


def register(app: typer.Typer) -> None:
    app.command("schema")(run)
