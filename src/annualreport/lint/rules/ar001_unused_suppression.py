"""AR001 unused-suppression."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing

    ## What it finds
    A comment `<!-- annualreport: ignore CODE-or-name -->` in a section (or
    `# annualreport: ignore CODE` in a YAML file) that names a rule with no finding on
    its line: the sentence it was written for was reworded, cited or moved, or the comment
    names the wrong rule. Each name in the comment is judged on its own.

    ## Why it matters
    A suppression says "we know, and we publish this sentence as it is". One left behind
    hides the next finding on its line without anyone deciding it should, and tells a
    reviewer that an unevidenced opinion is there when it no longer is. Suppressions
    should mark only the real exceptions.

    ## Example
    ```markdown
    Rapid reviews were completed within 15 working days [@rapid-reviews]. <!-- annualreport: ignore unevidenced-claim -->
    ```
    The sentence cites its evidence, so AR101 has nothing to say and the comment suppresses
    nothing.

    ## How to mend it
    Remove the comment, or move it to the line of the sentence it is meant for. A
    suppression comment cannot itself be suppressed.
    """

    code = "AR001"
    name = "unused-suppression"
    severity = "warning"
    after_suppressions = True  # it reads which suppressions the other rules' findings used

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        for suppression in ctx.units.suppressions:
            unused = [n for n in suppression.names if n not in suppression.used]
            if unused:
                yield ctx.finding(self.code, suppression.file, suppression.line, 1, f"the suppression of {', '.join(unused)} suppresses nothing on this line", hint="remove it, or move it to the line of the sentence it is meant for")
