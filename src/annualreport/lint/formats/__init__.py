"""The lint's output formats, one module each, behind one interface.

``render(name, result, color=..., project_root=...)`` returns the whole output as one string,
without a final newline (the caller prints it, e.g. with ``typer.echo``). The github format
returns ``""`` when there are no findings.

Findings come out sorted by file, line, column and code in every format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from annualreport.lint.findings import LintResult


class Formatter(Protocol):
    name: str

    def render(self, result: LintResult, *, color: bool, project_root: Path) -> str: ...


from annualreport.lint.formats.github import GithubFormatter  # noqa: E402
from annualreport.lint.formats.json_format import JsonFormatter  # noqa: E402
from annualreport.lint.formats.sarif import SarifFormatter  # noqa: E402
from annualreport.lint.formats.text import TextFormatter  # noqa: E402

FORMATS: dict[str, Formatter] = {
    formatter.name: formatter
    for formatter in (TextFormatter(), JsonFormatter(), GithubFormatter(), SarifFormatter())
}


def render(name: str, result: LintResult, *, color: bool, project_root: Path) -> str:
    """The findings of ``result`` in the format ``name`` (one of ``FORMATS``)."""
    try:
        formatter = FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown lint output format {name!r}; use one of: {known}") from None
    return formatter.render(result, color=color, project_root=project_root)


__all__ = ["FORMATS", "Formatter", "render"]
