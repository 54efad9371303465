"""AR102 unknown-evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class UnknownEvidence(Rule):
    """A citation of an evidence id that does not exist

    ## What it finds
    A citation `[@id]` (or an id in an item's `evidence:` list) that names no item in the
    year's evidence files: a typing slip, an item renamed or removed, or evidence from
    another year's folder.

    ## Why it matters
    The citation becomes a number in the printed report that points at nothing in the
    evidence register. A reader following it, or an inspector checking the report against
    its sources, finds no source, and the claim it was meant to support is unsupported.

    ## Example
    ```markdown
    Seven rapid reviews were held [@rapid-reveiws].
    ```

    ## How to mend it
    Correct the id (the hint names the nearest ids that exist), or add the missing item to
    the evidence file where it belongs.
    """

    code = "AR102"
    name = "unknown-evidence"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        ev = ctx.project.evidence
        for s in ctx.units.statements:
            for item_id in s.cites:
                if item_id not in ev.items:
                    yield ctx.finding(self.code, s.file, s.line, s.column, f"[@{item_id}] names no evidence item", s.text, hint=ev.suggest(item_id))
