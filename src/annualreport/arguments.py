"""The command line's own refusals, in our words.

typer reads an option's value with pydantic, and says so in pydantic's words ("Input should
be a valid number, unable to parse string as a number"). ``Commands`` (the app's group)
catches a value typer could not read and says it as every other mistake is said: what was
given, what it should be, and ``mend:`` how to write it. Imported by ``main.make_app`` only.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from annualreport.errors import InputError, Problem

#: pydantic's error types -> what the value should have been
EXPECTED = {
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_parsing": "yes or no (true or false)",
    "finite_number": "a finite number",
}


def unreadable(exc: typer.BadParameter) -> Problem:
    """What the user gave that typer could not read, and how to give it."""
    param = exc.param
    name = (max(param.opts, key=len) if getattr(param, "opts", None) and param.param_type_name == "option" else (param.human_readable_name if param else "the value"))
    cause = exc.__cause__
    value: Any = None
    kind = ""
    errors = getattr(cause, "errors", None)
    if callable(errors):
        first = errors()[0] if errors() else {}
        value, kind = first.get("input"), first.get("type", "")
    expected = EXPECTED.get(kind, "something it can read")
    given = f" '{value}'" if value is not None else ""
    default = getattr(param, "default", None)
    example = f", like {default:g}" if isinstance(default, (int, float)) and not isinstance(default, bool) else ""
    return Problem(f"{name}{given} is not {expected}", hint=f"write {expected}{example} (see --help)")


class Commands(TyperGroup):
    """The app's group: a value typer could not read is said in our words (exit 2)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            if exc.param is None or exc.__cause__ is None:  # typer's own words are ours already
                raise
            problem = unreadable(exc)
        from annualreport.error_handler import error_handler

        with error_handler():
            raise InputError(problem)
