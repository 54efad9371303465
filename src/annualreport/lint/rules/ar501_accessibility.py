"""AR501 accessibility in the sections: images without alt text, heading levels that skip.

(The build checks the same, and tables, title and language, on the documents it writes.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class Accessibility(Rule):
    """An image without alt text, a skipped heading level, or a table without a header row

    ## What it finds
    In the sections: an image with no alternative text, and a heading that skips a level
    (a `####` under a `##`). On the documents the build writes, the same and also a table
    without a repeating header row, and a document without a title or language.

    ## Why it matters
    A partnership's published documents must meet the Public Sector Bodies Accessibility
    Regulations (WCAG AA). A reader using a screen reader hears nothing of a chart without alt text, and
    navigates by headings; a report that fails these checks may have to be withdrawn and
    republished.

    ## Example
    ```markdown
    ![](charts/referrals.png)

    #### Early help
    ```
    under a `##` heading.

    ## How to mend it
    Describe what the image shows in its alt text (`![Referrals rose each quarter](...)`),
    and use heading levels in order, one step at a time.
    """

    code = "AR501"
    name = "accessibility"
    severity = "warning"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        from annualreport.accessibility import check_markdown

        for section in ctx.project.sections:
            file = ctx.project.relative(section.file)
            for line, barrier in check_markdown(section.body):
                yield ctx.finding(self.code, file, section.first_line + line - 1, 1, barrier.message, barrier.where, hint=barrier.hint)
