"""AR201 statutory-content-missing: the parts of the yearly report that Working Together requires.

The report must say what the partners did and how effective the arrangements were, and
should give the impact of the work including training, where there was little or no
progress, the decisions and actions on practice review recommendations and what improved,
how feedback from children and families was sought and used; the 2023 edition adds partner
contributions and independent scrutiny. Each requirement is met by evidence of the right
kind, or by a narrative section in the part where it belongs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


@dataclass(frozen=True)
class Requirement:
    name: str
    where: str  # the evidence file it would go in, relative to evidence/YEAR/
    how: str  # what to write there
    part: str  # the report part a narrative section on it would go in
    met: Callable[[LintContext], bool]


def _any(ctx: LintContext, kind: str, test: Callable) -> bool:
    return any(test(item) for item in ctx.project.evidence.of_kind(kind))


def _section_in(ctx: LintContext, part: str, *words: str) -> bool:
    for section in ctx.project.sections:
        if section.part == part and section.body.strip():
            text = (section.title or "") + "\n" + section.body
            if not words or any(w in text.lower() for w in words):
                return True
    return False


REQUIREMENTS = (
    Requirement(
        "what the partners did as a result of the arrangements, and how effective they were",
        "priorities.yaml", "each priority's done: and impact: lists", "priorities",
        lambda c: _any(c, "priorities", lambda p: p.done) and (_any(c, "priorities", lambda p: p.impact) or _section_in(c, "priorities", "effective", "impact", "difference")),
    ),
    Requirement(
        "the impact of the work, including training, on outcomes for children and families",
        "training.yaml", "each course's evaluation: and follow_up: (what changed in practice)", "training",
        lambda c: _any(c, "training", lambda t: t.evaluation or t.follow_up) and _any(c, "priorities", lambda p: p.impact),
    ),
    Requirement(
        "an analysis of areas where there has been little or no evidence of progress",
        "priorities.yaml", "a little_progress: list on the priorities where progress was little or none", "priorities",
        lambda c: _any(c, "priorities", lambda p: p.little_progress) or _section_in(c, "priorities", "little or no progress", "no progress", "not made progress"),
    ),
    Requirement(
        "decisions and actions on the recommendations of child safeguarding practice reviews, and the improvements that followed",
        "case_reviews.yaml", "reviews with recommendations:, their actions:, and improvement: or improvements:", "reviews",
        lambda c: _any(c, "case_reviews", lambda r: any(rec.actions for rec in r.recommendations))
        and _any(c, "case_reviews", lambda r: r.improvements or any(rec.improvement for rec in r.recommendations)),
    ),
    Requirement(
        "how feedback from children and families was sought and used to inform the work",
        "voice.yaml", "feedback items with how:, said: and changed:", "voice",
        lambda c: _any(c, "voice", lambda f: f.how and f.changed),
    ),
    Requirement(
        "the contributions of the partners and relevant agencies (the shared budget)",
        "partners.yaml", "a contribution for each partner, with money: and in_kind:", "about",
        lambda c: bool(c.project.evidence.of_kind("partners")),
    ),
    Requirement(
        "the independent scrutiny of the arrangements",
        "sources.yaml", "a source of kind: scrutiny with the scrutineer's findings", "scrutiny",
        lambda c: _any(c, "sources", lambda s: s.kind == "scrutiny") or _section_in(c, "scrutiny"),
    ),
)



class StatutoryContentMissing(Rule):
    """A part of the yearly report that Working Together requires has no content

    ## What it finds
    A requirement of Working Together to Safeguard Children (2023) for the yearly report
    that neither the evidence nor the sections meet: what the partners did and how
    effective the arrangements were; the impact of the work, training included; where
    there was little or no progress; decisions and actions on practice review
    recommendations and what improved; how feedback from children and families was sought
    and used; the partners' contributions; independent scrutiny. Each is met by evidence of
    the right kind, or by a section in the part where it belongs.

    ## Why it matters
    The content of the yearly report is set by statutory guidance. A report without one of
    these parts does not meet it, and it is what the independent scrutineer, the
    safeguarding partners and inspectors will look for first; an omission is often the
    part of the year that went least well.

    ## Example
    A report whose `priorities.yaml` has no `little_progress:` list on any priority, and no
    section in the `priorities` part that says where progress was little or none.

    ## How to mend it
    Write what is missing in the evidence file the finding names (the hint says which
    fields), or write a section with `part: PART` in `sections/YEAR/` that covers it.
    """

    code = "AR201"
    name = "statutory-content-missing"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        year = ctx.project.period.year
        for requirement in REQUIREMENTS:
            if requirement.met(ctx):
                continue
            file = f"evidence/{year}/{requirement.where}"
            yield ctx.finding(
                self.code, file, 1, 1,
                f"Working Together requires {requirement.name}, and the report has none",
                requirement.name,
                hint=f"write {requirement.how} in {file}, or a section with 'part: {requirement.part}' in sections/{year}/",
            )
