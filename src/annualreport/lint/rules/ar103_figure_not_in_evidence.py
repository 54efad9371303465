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
    build writes itself are checked against the values they come from: a table row against
    any relation of two values of the items it cites, the rest against the values, totals
    and counts of the items of their part, and shares of those totals.

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
        from annualreport.lint.text.figure_match import SAY_IT, figure_derives, figure_in_part, figure_matches, prepared, unsaid_relation

        ev = ctx.project.evidence
        held_by: dict[tuple, tuple] = {}  # the numbers of each set of cited items, made once

        def held(ids: list[str], generated: bool) -> tuple:
            """(values, totals), or for generated text (values, counts and totals as one;
            the totals and counts alone, each once)."""
            key = (tuple(ids), generated)
            if key not in held_by:
                values, totals = ctx.values_of(ids), ctx.totals_of(ids)
                if generated:
                    counts = ctx.counts_of(ids)
                    held_by[key] = (prepared(values + counts + totals + ctx.arrangements), prepared(set(totals + counts)))
                else:
                    held_by[key] = (prepared(values), prepared(totals))
            return held_by[key]

        def with_part(own: list[str], cited: list[str]) -> list[float]:
            """A row's own numbers with its part's aggregates (a share of the part's total)."""
            key = (tuple(own), tuple(cited))
            if key not in held_by:
                held_by[key] = prepared(held(own, True)[0] + held(cited, True)[1])
            return held_by[key]

        for claim in ctx.claims:
            s = claim.statement
            # a generated sentence's part first: the same part is the same key, made once
            cited = [i for i in dict.fromkeys((s.implicit + s.cites) if s.generated else s.cites) if i in ev.items]
            if not cited or not claim.info.figures:
                continue
            # a generated row's figures come from the items the row cites, or the part's aggregates
            own = [i for i in dict.fromkeys(s.cites) if i in ev.items] if s.generated else []
            for figure in claim.info.figures:
                values, totals = held(cited, s.generated)
                if own and figure_derives(figure, with_part(own, cited)):
                    continue
                if figure_in_part(figure, values, totals) if s.generated else figure_matches(figure, values, s.text, totals):
                    continue
                shown = ", ".join(f"{v:g}" for v in sorted(set(held(own, True)[0] if own else values))[:12]) or "no figures"
                named = own or cited  # a generated row is mended at its own items
                names = ", ".join(named[:6]) + (f" and {len(named) - 6} more" if len(named) > 6 else "")
                unsaid = None if s.generated else unsaid_relation(figure, values, s.text, totals)
                if s.generated:
                    hint = "the build wrote this figure from the evidence: check the values of the items it is written from"
                elif unsaid:
                    hint = f"'{figure.text}' is a {unsaid} of cited values, but the sentence does not say so: say it ({SAY_IT[unsaid]}), or correct the figure"
                else:
                    hint = "correct the figure, or cite the evidence that holds it (a source in sources.yaml can hold any figure under figures:)"
                yield ctx.finding(
                    self.code, s.file, s.line, s.column + figure.start,
                    f"'{figure.text}' is not in the cited evidence ({names} {'holds' if len(named) == 1 else 'hold'}: {shown})",
                    s.text,
                    hint=hint,
                )
