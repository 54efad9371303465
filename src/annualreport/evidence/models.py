"""The evidence a yearly report rests on, one model per kind, in the field's own words.

Every item says where it came from (``source``), when it was true (``as_of``) and how far
it can be trusted (``confidence``). Unknown fields are errors: a typo must never vanish.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from annualreport.choices import choice

Confidence = choice("high", "medium", "low")
Rag = choice("red", "amber", "green")
Unit = choice("count", "percent", "rate", "money", "days", "ratio", "score")

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"


class Strict(BaseModel):
    #: no unknown fields (a typo must never vanish), and no .nan or .inf (no chart can show them)
    model_config = ConfigDict(extra="forbid", frozen=False, allow_inf_nan=False)


PERCENT_HINT = "a percentage is a share, from 0 to 100; if the figure is a change or a rate, give it another unit (ratio, rate or score)"


def _percent(value: float | None, unit: str, at: str | None = None) -> None:
    """Refuse a value over 100 (or below 0) when the unit says it is a percentage."""
    if unit == "percent" and value is not None and not 0 <= value <= 100:
        where = f"the value for '{at}'" if at and at != "value" else "the value"
        context = {"hint": PERCENT_HINT, "value": f"{value:g}", "where": where}
        if at is not None:
            context["at"] = at
        raise PydanticCustomError("percent_out_of_range", "{where} is {value}%, outside 0 to 100", context)


def _unit(info: ValidationInfo) -> str:
    return str(info.data.get("unit", "count"))


class Evidence(Strict):
    """What every evidence item carries: an id, its provenance and its trustworthiness."""

    id: str = Field(pattern=ID_PATTERN, description="Unique within the year, e.g. cp-plans-2024. Cited as [@id].")
    title: str = Field(description="What the item is, as the evidence register lists it.")
    source: str = Field(description="Where it came from: a system, a report, a survey, minutes.")
    as_of: dt.date = Field(description="When it was true (YYYY-MM-DD): the 'data as at' date.")
    confidence: Confidence = Field(description="How far it can be trusted: high, medium or low.")
    evidence: list[str] = Field(default_factory=list, description="Other evidence ids this item rests on.")
    url: str | None = Field(default=None, description="Where a reader can find the source, if published.")


# --- partnership.yaml ------------------------------------------------------------------


class ContextFigure(Evidence):
    """A fact about the area and its children: population, deprivation, headline figures."""

    value: float = Field(description="The figure, as a plain number: 50000, 23.5 (a percentage without the % sign).")
    unit: Unit = Field(default="count", description="What the value counts: count, percent, rate, money, days, ratio or score.")
    note: str | None = Field(default=None, description="What the reader needs to know to read the figure (how it is defined or counted).")

    @model_validator(mode="after")
    def _a_percentage_is_a_share(self) -> "ContextFigure":
        _percent(self.value, self.unit, "value")
        return self


class Agency(Strict):
    """A safeguarding partner or a relevant agency. Referred to by id elsewhere."""

    id: str = Field(pattern=ID_PATTERN, description="Short id other files use for the agency, e.g. police.")
    name: str = Field(description="The agency's name as the report prints it.")
    role: choice("safeguarding partner", "relevant agency") = Field(description="safeguarding partner (the council, the police, the ICB) or relevant agency.")
    sector: str = Field(description="e.g. local authority, police, health, education, voluntary")


class Group(Strict):
    """A part of the partnership's structure: executive, sub-groups, scrutiny."""

    name: str = Field(description="The group's name, e.g. Safeguarding Children Executive.")
    chair: str | None = Field(default=None, description="Who chairs it (a post, or a name).")
    purpose: str = Field(description="What the group does, in a sentence.")
    meetings: int | None = Field(default=None, description="Meetings held in the year.")


class PartnershipFile(Strict):
    arrangements: str = Field(description="How the arrangements work, in a paragraph. May cite [@id].")
    context: list[ContextFigure] = Field(default_factory=list, description="Facts about the area and its children (population, deprivation), each with its source.")
    agencies: list[Agency] = Field(description="The safeguarding partners and the relevant agencies, each with an id other files use.")
    groups: list[Group] = Field(default_factory=list, description="The partnership's structure: the executive, its sub-groups, scrutiny.")


# --- priorities.yaml -------------------------------------------------------------------


class Priority(Evidence):
    """One of the partnership's priorities and how it went."""

    aim: str = Field(description="What the priority sets out to achieve: a purpose, not a claim, so it needs no citation.")
    rag: Rag = Field(description="red, amber or green")
    done: list[str] = Field(default_factory=list, description="What was done. May cite [@id].")
    impact: list[str] = Field(default_factory=list, description="The difference it made to children and families.")
    little_progress: list[str] = Field(default_factory=list, description="Where there was little or no evidence of progress, and why.")
    next_steps: list[str] = Field(default_factory=list, description="What the partnership will do next on this priority (plans need no citation).")
    indicators: list[str] = Field(default_factory=list, description="Ids of performance indicators that measure it.")


class PrioritiesFile(Strict):
    priorities: list[Priority] = Field(description="The partnership's priorities for the year, and how each went.")


# --- partners.yaml ---------------------------------------------------------------------


class Contribution(Evidence):
    """What one partner or agency put in: money, staff in kind, attendance, what it delivered."""

    agency: str = Field(description="Id of an agency in partnership.yaml.")
    money: float = Field(ge=0, description="Financial contribution to the shared budget, in pounds.")
    in_kind: str | None = Field(default=None, description="Staff or services given in kind.")
    in_kind_value: float | None = Field(default=None, ge=0, description="Estimated value of the in-kind contribution, in pounds.")
    meetings_expected: int | None = Field(default=None, ge=0, description="Partnership meetings the agency was expected at in the year.")
    meetings_attended: int | None = Field(default=None, ge=0, description="Of those, the meetings it attended.")
    delivered: list[str] = Field(default_factory=list, description="What the agency delivered for the partnership. May cite [@id].")


class PartnersFile(Strict):
    contributions: list[Contribution] = Field(description="What each partner and agency contributed: money, staff in kind, attendance, what it delivered.")


# --- case_reviews.yaml -----------------------------------------------------------------


class Action(Strict):
    """An action taken on a review's recommendation."""

    action: str = Field(description="What is to be done.")
    owner: str = Field(description="Who is responsible for it: an agency or a post.")
    due: dt.date | None = Field(default=None, description="When it is due (YYYY-MM-DD).")
    status: choice("complete", "in progress", "not started", "overdue") = Field(description="complete, in progress, not started or overdue.")


class Recommendation(Strict):
    """A review's recommendation, and the actions on it."""

    text: str = Field(description="The recommendation, as the review words it.")
    actions: list[Action] = Field(default_factory=list, description="The actions taken on it, each with an owner and a status.")
    improvement: str | None = Field(default=None, description="What improved as a result. May cite [@id].")


class CaseReview(Evidence):
    """A rapid review, a local (LCSPR) or national child safeguarding practice review."""

    kind: choice("rapid review", "lcspr", "national") = Field(description="rapid review, lcspr (a local child safeguarding practice review) or national.")
    child: str = Field(description="The pseudonym used: 'Child A', 'Baby W', 'Family B'.")
    notified: dt.date | None = Field(default=None, description="When the serious incident was notified.")
    decision: str | None = Field(default=None, description="For a rapid review: whether an LCSPR follows.")
    themes: list[str] = Field(default_factory=list, description="The themes of the learning, e.g. neglect, information sharing.")
    status: choice("complete", "in progress", "published") = Field(description="complete, in progress or published.")
    recommendations: list[Recommendation] = Field(default_factory=list, description="The review's recommendations, and the actions on each.")
    improvements: list[str] = Field(default_factory=list, description="Improvements in practice that followed the review. May cite [@id].")


class CaseReviewsFile(Strict):
    reviews: list[CaseReview] = Field(description="The rapid reviews, local and national child safeguarding practice reviews of the year.")


# --- training.yaml ---------------------------------------------------------------------


class Evaluation(Strict):
    """Attendees' confidence before and after, on a scale, and how many answered."""

    scale: int = Field(default=5, ge=2, description="The top of the rating scale: 5 for a scale of 1 to 5.")
    before: float = Field(description="The attendees' mean confidence before the course, on the scale.")
    after: float = Field(description="The attendees' mean confidence after the course, on the scale.")
    respondents: int = Field(ge=0, description="How many attendees gave both ratings.")


class Course(Evidence):
    """A multi-agency training course and its reach and impact."""

    level: str | None = Field(default=None, description="e.g. Level 2, Level 3, briefing")
    sessions: int = Field(ge=0, description="The sessions of the course run in the year.")
    places: int = Field(ge=0, description="The places booked (or offered) on those sessions.")
    attendance: dict[str, int] = Field(description="Attendees by agency id.")
    evaluation: Evaluation | None = Field(default=None, description="Confidence before and after, on a scale, and how many answered.")
    follow_up: str | None = Field(default=None, description="What changed in practice, found by follow-up. May cite [@id].")


class TrainingFile(Strict):
    courses: list[Course] = Field(description="The multi-agency training courses of the year.")


# --- performance.yaml ------------------------------------------------------------------


class Indicator(Evidence):
    """A scorecard indicator: values per period, target, and which direction is better."""

    unit: Unit = Field(default="count", description="What the values count: count, percent, rate, money, days, ratio or score.")
    better: choice("higher", "lower") = Field(description="Which direction is better: higher or lower.")
    target: float | None = Field(default=None, description="The target, in the indicator's unit.")
    values: dict[str, float] = Field(description="Value per period label, e.g. '2024-25': 41.2.")
    key: bool = Field(default=False, description="Show it among the key figures of the summary.")
    note: str | None = Field(default=None, description="What the reader needs to know to read the figures (a change of definition, say).")

    @field_validator("target")
    @classmethod
    def _target_is_a_share(cls, value: float | None, info: ValidationInfo) -> float | None:
        _percent(value, _unit(info))
        return value

    @field_validator("values")
    @classmethod
    def _values_are_shares(cls, values: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        for period, value in values.items():
            _percent(value, _unit(info), period)
        return values


class PerformanceFile(Strict):
    indicators: list[Indicator] = Field(description="The scorecard's indicators, with their values per period.")


# --- voice.yaml ------------------------------------------------------------------------


class Feedback(Evidence):
    """How feedback from children and families was sought, what they said, what changed."""

    who: str = Field(description="Whose voice: children in care, parents at CP conferences, ...")
    how: str = Field(description="How it was sought.")
    respondents: int | None = Field(default=None, ge=0, description="How many children, young people or family members took part.")
    said: list[str] = Field(default_factory=list, description="What they said. May cite [@id].")
    changed: list[str] = Field(default_factory=list, description="What changed because of it. May cite [@id].")


class VoiceFile(Strict):
    feedback: list[Feedback] = Field(description="How feedback from children and families was sought, what they said, and what changed.")


# --- sources.yaml ----------------------------------------------------------------------


class Source(Evidence):
    """Any other evidence: an audit, inspection, survey, document or minutes."""

    kind: choice("audit", "inspection", "survey", "document", "minutes", "scrutiny", "data") = Field(description="audit, inspection, survey, document, minutes, scrutiny or data.")
    summary: str | None = Field(default=None, description="What the source is about, in a sentence or two.")
    findings: list[str] = Field(default_factory=list, description="What it found. May cite [@id].")
    figures: dict[str, float] = Field(default_factory=dict, description="Figures the source holds, by name.")


class SourcesFile(Strict):
    sources: list[Source] = Field(description="Any other evidence: audits, inspections, surveys, documents, minutes.")


#: file stem -> (model of the file, the key holding its list of items)
KINDS: dict[str, type[Strict]] = {
    "partnership": PartnershipFile,
    "priorities": PrioritiesFile,
    "partners": PartnersFile,
    "case_reviews": CaseReviewsFile,
    "training": TrainingFile,
    "performance": PerformanceFile,
    "voice": VoiceFile,
    "sources": SourcesFile,
}

#: the kinds a year must have for a yearly report to be made at all
REQUIRED_KINDS = ("partnership", "priorities")

KIND_TITLES = {
    "partnership": "The area and the partnership",
    "priorities": "Priorities",
    "partners": "Partner contributions",
    "case_reviews": "Case reviews",
    "training": "Training",
    "performance": "Performance data",
    "voice": "Feedback from children and families",
    "sources": "Audits, inspections and other sources",
}
