"""Rules about the evidence itself: dated within the period (AR104), and used (AR106)."""

from __future__ import annotations

from typing import Iterable

from annualreport.content import figures as fmt
from annualreport.lint.context import LintContext
from annualreport.lint.findings import Finding


class EvidenceOutOfPeriod:
    codes = ("AR104",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        period = ctx.project.period
        for item_id in ctx.content.numbers.number:
            entry = ctx.project.evidence.items[item_id]
            if not period.contains(entry.item.as_of):
                yield ctx.finding(
                    "AR104", ctx.project.relative(entry.file), entry.line, 1,
                    f"'{item_id}' is cited but dated {fmt.day(entry.item.as_of)}, outside {fmt.day(period.start)} to {fmt.day(period.end)}",
                    entry.item.title,
                    hint="use figures from the reporting year, or say in the text that they are older (the register shows the date)",
                )


class UnusedEvidence:
    codes = ("AR106",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        used = set(ctx.content.numbers.number)
        for item_id, entry in ctx.project.evidence.items.items():
            if item_id not in used:
                yield ctx.finding(
                    "AR106", ctx.project.relative(entry.file), entry.line, 1,
                    f"'{item_id}' is not cited anywhere in the report",
                    entry.item.title,
                    hint="cite it where it supports a claim, or remove it",
                )
