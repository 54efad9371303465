"""AR103 figure-not-in-evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class FigureNotInEvidence(Rule):
    """A figure in a cited claim that the cited evidence does not hold

    ## What it finds
    A figure in a sentence that cites evidence, where none of the cited items holds it.
    A figure may be written any usual way (1,234 or 1234; 45% or 0.45; £1.2m; "three";
    rounded as written; after "more than", "under" or "about"). It may also follow from two
    cited values, but only as the sentence says: a difference when it says "rose by" or
    "N fewer", a percentage change when it says "fell by N%", a proportion when it says
    "N% of" or "N in M", a total when it says "in all" or "combined". The sentences the
    build writes itself are checked against any relation of the values they come from.

    ## Why it matters
    A cited figure tells the reader "this number is in that source". When it is not (a
    figure from last year's draft, a typing slip, a sum the sentence does not own up to),
    the report misstates what happened to children and families, with the authority of a
    citation. Board members and inspectors rely on the figures being the evidence's own.

    ## Example
    ```markdown
    The partnership held nine rapid reviews this year [@rapid-reviews].
    ```
    where `rapid-reviews` holds 7. The finding lists the figures the cited items hold.

    ## How to mend it
    Correct the figure, or cite the evidence that holds it (a source in `sources.yaml` can
    hold any figure under `figures:`). When the figure is a difference, change, proportion
    or total of cited values, say so in the sentence ("rose by 12", "fell by 8%", "3 in 4",
    "in all"): the hint says which.
    """

    code = "AR103"
    name = "figure-not-in-evidence"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        from annualreport.lint.text.figure_match import SAY_IT, figure_derives, figure_matches, prepared, unsaid_relation

        ev = ctx.project.evidence
        held_by: dict[tuple, tuple] = {}  # the numbers of each set of cited items, made once

        def held(ids: list[str], generated: bool) -> tuple:
            key = (tuple(ids), generated)
            if key not in held_by:
                held_by[key] = (prepared(ctx.values_of(ids) + (ctx.counts_of(ids) if generated else [])), prepared(ctx.totals_of(ids)))
            return held_by[key]

        for claim in ctx.claims:
            s = claim.statement
            cited = [i for i in dict.fromkeys(s.cites + (s.implicit if s.generated else ())) if i in ev.items]
            if not cited or not claim.info.figures:
                continue
            # a generated row's figures are first looked for in the items the row itself cites
            own = [i for i in dict.fromkeys(s.cites) if i in ev.items] if s.generated else []
            for figure in claim.info.figures:
                if own and figure_derives(figure, *held(own, True)):
                    continue
                values, totals = held(cited, s.generated)
                if figure_derives(figure, values, totals) if s.generated else figure_matches(figure, values, s.text, totals):
                    continue
                shown = ", ".join(f"{v:g}" for v in sorted(set(values))[:12]) or "no figures"
                names = ", ".join(cited)
                unsaid = unsaid_relation(figure, values, s.text, totals)
                if unsaid:
                    hint = f"'{figure.text}' is a {unsaid} of cited values, but the sentence does not say so: say it ({SAY_IT[unsaid]}), or correct the figure"
                else:
                    hint = "correct the figure, or cite the evidence that holds it (a source in sources.yaml can hold any figure under figures:)"
                yield ctx.finding(
                    self.code, s.file, s.line, s.column + figure.start,
                    f"'{figure.text}' is not in the cited evidence ({names} holds: {shown})",
                    s.text,
                    hint=hint,
                )
