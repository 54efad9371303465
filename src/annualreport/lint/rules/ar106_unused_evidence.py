"""AR106 unused-evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class UnusedEvidence(Rule):
    """Evidence that nothing in the report cites or shows

    ## What it finds
    An evidence item that nothing in the report cites or shows: no sentence cites it, no
    YAML item lists it under `evidence:`, and no generated table or sentence is written
    from it, so it has no number in the evidence register.

    ## Why it matters
    Evidence gathered and not used is often a finding left out of the report: an audit
    whose results were not reported, a survey of children whose voice is missing. It may
    also be clutter from an earlier draft. Either way the writer should decide, and the
    report's evidence should be what it rests on.

    ## Example
    ```yaml
    - id: missing-education-audit
      title: Audit of children missing education
    ```
    with no `[@missing-education-audit]` anywhere.

    ## How to mend it
    Cite it where it supports a claim, or remove it. To keep unused evidence quietly, set
    `lint: ignore: [AR106]` in `annualreport.yaml`.
    """

    code = "AR106"
    name = "unused-evidence"
    severity = "info"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        used = set(ctx.content.numbers.number)
        for item_id, entry in ctx.project.evidence.items.items():
            if item_id not in used:
                yield ctx.finding(
                    self.code, ctx.project.relative(entry.file), entry.line, 1,
                    f"'{item_id}' is not cited anywhere in the report",
                    entry.item.title,
                    hint="cite it where it supports a claim, or remove it",
                )
