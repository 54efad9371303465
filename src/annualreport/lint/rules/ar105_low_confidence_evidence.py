"""AR105 low-confidence-evidence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding

#: words by which a sentence already tells the reader how far to trust it
CAVEATS = re.compile(r"\b(low confidence|self-report\w*|caution|small sample|early (?:findings|signs|days)|not (?:yet )?(?:be )?reliable|indicative|treat .{0,20} with care|thin)\b", re.I)


class LowConfidenceEvidence(Rule):
    """A claim resting only on evidence of low confidence, unless it says so

    ## What it finds
    A claim whose every cited item has `confidence: low` (a small survey, self-reported
    figures, a first count with no comparison), when the sentence does not say how far to
    trust it ("low confidence", "self-reported", "small sample", "early signs",
    "indicative", "treat ... with care"). Only explicit citations count: an item's own
    words are shown with its confidence in the evidence register.

    ## Why it matters
    A board reading "families feel safer" takes it as established. When it rests on eleven
    replies to a survey, the partnership may be making decisions, or giving assurance to
    an inspector, on a finding its own evidence marks as weak.

    ## Example
    ```markdown
    Families told us they feel better supported by early help [@early-help-survey].
    ```
    where `early-help-survey` has `confidence: low`.

    ## How to mend it
    Add firmer evidence to the citation, or say in the sentence how far the finding can be
    trusted ("In a small survey, families told us ...").
    """

    code = "AR105"
    name = "low-confidence-evidence"
    severity = "warning"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        ev = ctx.project.evidence
        for claim in ctx.claims:
            s = claim.statement
            cited = [ev.items[i].item for i in s.cites if i in ev.items]
            if cited and all(item.confidence == "low" for item in cited) and not CAVEATS.search(s.text):
                yield ctx.finding(
                    self.code, s.file, s.line, s.column,
                    "claim rests only on evidence of low confidence (" + ", ".join(i.id for i in cited) + ")",
                    s.text,
                    hint="add firmer evidence, or say in the sentence how far the figure can be trusted",
                )
