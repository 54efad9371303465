"""AR104 evidence-out-of-period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class EvidenceOutOfPeriod(Rule):
    """Cited evidence dated outside the reporting period

    ## What it finds
    An evidence item that the report cites whose `as_of:` date falls outside the reporting
    period set in `annualreport.yaml` (for a 2024 report starting in April, 1 April 2024 to
    31 March 2025). The finding points at the item in its evidence file.

    ## Why it matters
    The yearly report accounts for one year. A figure from an earlier year, cited without
    saying so, presents old performance as this year's: a board manager may be asked to
    sign off a picture that is out of date, and an inspector comparing the report with the
    year's data will find it does not match.

    ## Example
    ```yaml
    - id: audit-neglect
      title: Multi-agency audit of neglect cases
      as_of: 2023-11-30
    ```
    cited by a sentence in the 2024-25 report.

    ## How to mend it
    Use figures from the reporting year, or, where older evidence is the best there is, say
    in the sentence that it is older (the evidence register shows the date).
    """

    code = "AR104"
    name = "evidence-out-of-period"
    severity = "warning"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        from annualreport.content import figures as fmt

        period = ctx.project.period
        for item_id in ctx.content.numbers.number:
            entry = ctx.project.evidence.items[item_id]
            if not period.contains(entry.item.as_of):
                yield ctx.finding(
                    self.code, ctx.project.relative(entry.file), entry.line, 1,
                    f"'{item_id}' is cited but dated {fmt.day(entry.item.as_of)}, outside {fmt.day(period.start)} to {fmt.day(period.end)}",
                    entry.item.title,
                    hint="use figures from the reporting year, or say in the text that they are older (the register shows the date)",
                )
