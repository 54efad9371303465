"""AR105 low-confidence-evidence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding

#: the words by which a sentence tells the reader how far to trust it: (as the hint lists
#: them, the pattern that finds them and their forms)
CAVEATS: tuple[tuple[str, str], ...] = (
    ("low confidence", r"low[- ]confidence"),
    ("provisional", r"provisional(?:ly)?"),
    ("indicative", r"indicative(?:ly)?"),
    ("estimated", r"estimate[ds]?"),
    ("tentative", r"tentative(?:ly)?"),
    ("self-reported", r"self[- ]report\w*"),
    ("small sample", r"small (?:sample|survey|number of (?:replies|responses|respondents))"),
    ("few replies", r"(?:few|only \d+) (?:replies|responses|respondents)"),
    ("early signs", r"early (?:findings|signs|days|indications?)"),
    ("not yet reliable", r"not (?:yet )?(?:be )?(?:reliable|verified|validated)|unverified|unvalidated"),
    ("limited evidence", r"limited (?:evidence|data)|thin"),
    ("with caution", r"caution\w*"),
    ("treat ... with care", r"treat .{0,20} with care"),
)
CAVEAT = re.compile(r"\b(?:" + "|".join(pattern for _, pattern in CAVEATS) + r")\b", re.I)
#: the hint: how to say it, and the words that count
SAY_HOW_FAR = "say in the sentence how far it can be trusted, with one of: " + ", ".join(f"'{said}'" for said, _ in CAVEATS)


class LowConfidenceEvidence(Rule):
    """A claim resting only on evidence of low confidence, unless it says so

    ## What it finds
    A claim whose every cited item has `confidence: low` (a small survey, self-reported
    figures, a first count with no comparison), when the sentence does not say how far to
    trust it. These words say it: "low confidence", "provisional", "indicative",
    "estimated", "tentative", "self-reported", "small sample" (or "small survey"), "few
    replies" (or "only 11 responses"), "early signs" (or "early findings"), "not yet
    reliable" (or "not yet validated"), "limited evidence", "with caution", "treat ... with
    care". Only explicit citations count: an item's own words are shown with its confidence
    in the evidence register.

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
            if cited and all(item.confidence == "low" for item in cited) and not CAVEAT.search(s.text):
                yield ctx.finding(
                    self.code, s.file, s.line, s.column,
                    "claim rests only on evidence of low confidence (" + ", ".join(i.id for i in cited) + ")",
                    s.text,
                    hint="add firmer evidence, or " + SAY_HOW_FAR,
                )
