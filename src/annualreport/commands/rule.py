"""``annualreport rule CODE``: a rule's documentation, as ``ruff rule`` prints it."""

from __future__ import annotations

import typer

from annualreport.error_handler import error_handler


def run(
    code: str = typer.Argument(None, help="The rule's code (AR103) or name (figure-not-in-evidence)."),
    all_: bool = typer.Option(False, "--all", help="List every rule: code, name, default severity and what it finds."),
) -> None:
    """Print a rule's documentation: what it finds, why it matters, an example, how to mend it."""
    with error_handler():
        from annualreport.errors import InputError, Problem
        from annualreport.lint.rules import docs

        if all_:
            typer.echo(docs.listing(), nl=False)
            return
        if not code:
            raise InputError(Problem("name a rule: annualreport rule AR103 (or a name, figure-not-in-evidence)", hint="'annualreport rule --all' lists every rule"))
        typer.echo(docs.rule_page(docs.find_rule(code)), nl=False)


def register(app: typer.Typer) -> None:
    app.command("rule")(run)
