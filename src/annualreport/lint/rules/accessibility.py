"""AR501 in the sections: images without alt text, heading levels that skip.

(The build checks the same, and tables, title and language, on the documents it writes.)
"""

from __future__ import annotations

from typing import Iterable

from annualreport.accessibility import check_markdown
from annualreport.lint.context import LintContext
from annualreport.lint.findings import Finding


class Accessibility:
    codes = ("AR501",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        for section in ctx.project.sections:
            file = ctx.project.relative(section.file)
            for line, barrier in check_markdown(section.body):
                yield ctx.finding("AR501", file, section.first_line + line - 1, 1, barrier.message, barrier.where, hint=barrier.hint)
