"""What every lint rule is: a class with its code, name, default severity and documentation.

A rule's docstring is its documentation, written in Markdown as ``annualreport rule CODE``
prints it and ``docs/rules.md`` shows it: a first line that says in a phrase what it finds
(no full stop; SARIF's short description), then the sections of :data:`SECTIONS`.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, ClassVar, Iterable

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding, Severity

#: the sections every rule's docstring has, in this order
SECTIONS = ("What it finds", "Why it matters", "Example", "How to mend it")


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-") if part)


class Rule:
    """A lint rule. Subclasses set ``code``, ``name`` and ``severity`` and write ``check``."""

    code: ClassVar[str]  # "AR101"
    name: ClassVar[str]  # "unevidenced-claim"
    severity: ClassVar[Severity]  # the default severity
    #: run after suppression comments have been applied, on findings that cannot be suppressed
    #: (AR001 reads which suppressions were used)
    after_suppressions: ClassVar[bool] = False

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        raise NotImplementedError

    @property
    def documentation(self) -> str:
        """The docstring, dedented: the first line, then the sections."""
        return inspect.cleandoc(type(self).__doc__ or "")

    @property
    def description(self) -> str:
        """The first line of the documentation: one phrase, no full stop."""
        return self.documentation.split("\n", 1)[0].strip()

    @property
    def body(self) -> str:
        """The documentation after its first line: the sections."""
        return self.documentation.partition("\n")[2].strip()

    @property
    def title(self) -> str:
        """The name in PascalCase, as SARIF tools like it: ``UnevidencedClaim``."""
        return pascal_case(self.name)

    def __repr__(self) -> str:
        return f"<rule {self.code} {self.name}>"
