"""What the Word templates are given: the shared context, and each committee's covering report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Callable

from annualreport.citations import CitationNumbers, replace_citations
from annualreport.config import Committee
from annualreport.content import figures as fmt
from annualreport.content.published import Prose, committee_fields, covering_fields
from annualreport.narrative import PARTS
from annualreport.project import Project

PART_MARKER = "ANNUALREPORT-PART:"


def shared_context(project: Project, numbers: CitationNumbers, today: dt.date | None = None) -> dict:
    config = project.config
    period = project.period
    today = today or dt.date.today()
    return {
        "year": period.year,
        "title": f"Yearly report {period.label}",
        "published": fmt.day(today),
        "partnership": config.partnership.model_dump(),
        "period": {"label": period.label, "start": fmt.day(period.start), "end": fmt.day(period.end)},
        "part": {name: PART_MARKER + name for name in PARTS},
        "figures": headline_figures(project),
    }


def headline_figures(project: Project) -> dict:
    ev = project.evidence
    reviews = Counter(r.kind for r in ev.of_kind("case_reviews"))
    courses = ev.of_kind("training")
    priorities = Counter(p.rag for p in ev.of_kind("priorities"))
    contributions = ev.of_kind("partners")
    return {
        "rapid_reviews": str(reviews["rapid review"]),
        "lcsprs": str(reviews["lcspr"]),
        "national_reviews": str(reviews["national"]),
        "courses": str(len(courses)),
        "sessions": fmt.number(sum(c.sessions for c in courses)),
        "attended": fmt.number(sum(sum(c.attendance.values()) for c in courses)),
        "budget_total": fmt.money(sum(c.money for c in contributions)),
        "priorities": str(sum(priorities.values())),
        "green": str(priorities["green"]),
        "amber": str(priorities["amber"]),
        "red": str(priorities["red"]),
    }


def covering_context(project: Project, committee: Committee, shared: dict, numbers: CitationNumbers, write: Callable[[Prose], str] | None = None) -> dict:
    """The data of ``committee``'s covering report. Its committee and ``covering:`` fields come
    through ``content.published`` (the lint reads the same); ``write`` turns each paragraph of
    their prose into text (by default: the paragraph, its citations numbered)."""
    ev = project.evidence

    def cite(text: str) -> str:
        return replace_citations(text, numbers.plain)

    write = write or (lambda prose: cite(prose.text))

    config = project.config
    contributions = sorted(ev.of_kind("partners"), key=lambda c: -c.money)
    total = sum(c.money for c in contributions)
    names = {a.id: a.name for a in ev.agencies.values()}
    priorities = ev.of_kind("priorities")
    developments = [cite(p.impact[0]) for p in priorities if p.impact]
    challenges = [cite(p.little_progress[0]) for p in priorities if p.little_progress]
    index = next((i for i, c in enumerate(config.committees) if c is committee), None)
    index = config.committees.index(committee) if index is None else index
    return {
        **{key: value for key, value in shared.items() if key != "part"},
        "committee": committee_fields(config, index, project.period.label, write, fmt.day),
        "developments": developments,
        "challenges": challenges,
        "contributions": [
            {"partner": names.get(c.agency, c.agency), "money": fmt.money(c.money), "share": fmt.share(c.money, total), "in_kind": c.in_kind or ""}
            for c in contributions
        ],
        "budget_total": fmt.money(total),
        "covering": covering_fields(config, write),
        "appendices": [f"Appendix 1: {config.partnership.name} yearly report {project.period.label}"],
    }
