"""Rules about claims: cited (AR101), to evidence that exists (AR102), holding the figures
the claim states (AR103), and not resting on low-confidence evidence alone (AR105)."""

from __future__ import annotations

import re
from typing import Iterable

from annualreport.lint.figure_match import SAY_IT, figure_derives, figure_matches, unsaid_relation
from annualreport.lint.context import LintContext
from annualreport.lint.findings import Finding


class UnevidencedClaim:
    codes = ("AR101",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        for claim in ctx.claims:
            s = claim.statement
            if s.cites or s.implicit:
                continue
            kind = "states a figure" if claim.info.kind == "figure" else "judges quality or change"
            yield ctx.finding(
                "AR101", s.file, s.line, s.column,
                f"claim cites no evidence (it {kind}: {claim.info.reason})",
                s.text,
                hint="cite the evidence after the sentence, like [@id]; or, if it is an opinion meant to stand alone, say so with <!-- annualreport: ignore unevidenced-claim -->",
            )


class UnknownEvidence:
    codes = ("AR102",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        ev = ctx.project.evidence
        for s in ctx.units.statements:
            for item_id in s.cites:
                if item_id not in ev.items:
                    yield ctx.finding("AR102", s.file, s.line, s.column, f"[@{item_id}] names no evidence item", s.text, hint=ev.suggest(item_id))


class FigureNotInEvidence:
    codes = ("AR103",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        ev = ctx.project.evidence
        for claim in ctx.claims:
            s = claim.statement
            cited = [i for i in dict.fromkeys(s.cites + (s.implicit if s.generated else ())) if i in ev.items]
            if not cited or not claim.info.figures:
                continue
            values = ctx.values_of(cited) + (ctx.counts_of(cited) if s.generated else [])
            totals = ctx.totals_of(cited)
            for figure in claim.info.figures:
                if figure_derives(figure, values, totals) if s.generated else figure_matches(figure, values, s.text, totals):
                    continue
                held = ", ".join(f"{v:g}" for v in sorted(set(values))[:12]) or "no figures"
                names = ", ".join(cited)
                unsaid = unsaid_relation(figure, values, s.text, totals)
                if unsaid:
                    hint = f"'{figure.text}' is a {unsaid} of cited values, but the sentence does not say so: say it ({SAY_IT[unsaid]}), or correct the figure"
                else:
                    hint = "correct the figure, or cite the evidence that holds it (a source in sources.yaml can hold any figure under figures:)"
                yield ctx.finding(
                    "AR103", s.file, s.line, s.column + figure.start,
                    f"'{figure.text}' is not in the cited evidence ({names} holds: {held})",
                    s.text,
                    hint=hint,
                )


#: words by which a sentence already tells the reader how far to trust it
CAVEATS = re.compile(r"\b(low confidence|self-report\w*|caution|small sample|early (?:findings|signs|days)|not (?:yet )?(?:be )?reliable|indicative|treat .{0,20} with care|thin)\b", re.I)


class LowConfidenceEvidence:
    """Only explicit citations count: an item's own words are shown with its confidence in the register."""

    codes = ("AR105",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        ev = ctx.project.evidence
        for claim in ctx.claims:
            s = claim.statement
            cited = [ev.items[i].item for i in s.cites if i in ev.items]
            if cited and all(item.confidence == "low" for item in cited) and not CAVEATS.search(s.text):
                yield ctx.finding(
                    "AR105", s.file, s.line, s.column,
                    "claim rests only on evidence of low confidence (" + ", ".join(i.id for i in cited) + ")",
                    s.text,
                    hint="add firmer evidence, or say in the sentence how far the figure can be trusted",
                )
