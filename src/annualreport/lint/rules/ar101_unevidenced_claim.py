"""AR101 unevidenced-claim."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule
from annualreport.lint.units import suppression_hint

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class UnevidencedClaim(Rule):
    """A claim with no citation

    ## What it finds
    A sentence bound for publication that states a figure ("1,234 contacts", "72%",
    "doubled", "no practice reviews") or judges quality, change or effectiveness
    ("improved", "is clear", "were slow to respond", "gave reassurance") and cites no
    evidence: no `[@id]` in a section, no `evidence:` list on its YAML item, and not the
    words of an item that is itself the record of a source. Plans ("we will"), purposes
    (a priority's `aim:`, a group's `purpose:`), duties, questions, headings and thanks are
    not claims.

    ## Why it matters
    The yearly report is how the partnership accounts to the public, the safeguarding
    partners and inspectors for what it did and what difference it made. A figure or a
    judgement with nothing behind it cannot be checked, and an inspector who asks "how do
    you know?" should find the answer in the report's own evidence register.

    ## Example
    ```markdown
    Multi-agency practice improved markedly this year.
    ```
    The sentence judges change ("improved") and cites nothing.

    ## How to mend it
    Cite the evidence after the sentence, like `[@audit-findings]`. If the sentence is an
    opinion meant to stand alone, say so on its line: in a section
    `<!-- annualreport: ignore unevidenced-claim -->`; in a YAML file
    `# annualreport: ignore AR101` at the end of the line the finding names (after the
    closing quote of quoted text; for text under `|` or `>`, on the line of that sign).
    """

    code = "AR101"
    name = "unevidenced-claim"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        for claim in ctx.claims:
            s = claim.statement
            if s.cites or s.implicit:
                continue
            kind = "states a figure" if claim.info.kind == "figure" else "judges quality or change"
            yield ctx.finding(
                self.code, s.file, s.line, s.column,
                f"claim cites no evidence (it {kind}: {claim.info.reason})",
                s.text,
                hint="cite the evidence after the sentence, like [@id]; or, if it is an opinion meant to stand alone, say so with "
                     + suppression_hint(s, self.code, self.name),
            )
