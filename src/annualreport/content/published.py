"""What each document publishes from ``annualreport.yaml``, and how: the one list that the
build's contexts and the lint's reading share, so that no text reaches a reader unlinted.

A covering report is given a committee's fields and the ``covering:`` settings only through
:func:`committee_fields` and :func:`covering_fields` below, and the lint reads the prose of
them only through :func:`config_prose`. A field that is not named here is not published; a
field named as prose is read by the lint as sentences, with its file and line; a field named
as a label (names, posts, a date, an agenda item, the titles of papers) is shown as it is
and read for identifying information.

The yearly report's generated text (``content.yearly``) and the templates' own words are
read by the lint as the build makes them (``lint.generated``, ``lint.rendered``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

#: a committee's fields whose words are prose in its covering report (read as sentences)
COMMITTEE_PROSE = ("purpose", "recommendations", "summary")
#: a committee's fields shown as they are (read for identifying information)
COMMITTEE_LABELS = ("id", "name", "meeting", "agenda_item", "lead_officer", "contact")
#: ``covering:`` settings whose words are prose in every covering report
COVERING_PROSE = ("equalities",)
#: ``covering:`` settings shown as they are
COVERING_LABELS = ("background_papers",)
#: the evidence kinds the templates' headline figures (``figures``, ``budget_total``) count
#: and add up: a sentence of a template that states them cites these kinds' items
FIGURE_KINDS = ("case_reviews", "training", "priorities", "partners")


@dataclass(frozen=True)
class Prose:
    """One paragraph of prose from ``annualreport.yaml``: where it is and what it says."""

    path: tuple  # e.g. ("committees", 0, "summary", 1) or ("covering", "equalities")
    text: str
    #: the field written out by annualreport itself (a committee without a summary), not by the user
    default: bool = False


def default_summary(config, period_label: str) -> str:
    return (
        f"This report presents the {config.partnership.name} yearly report for {period_label}, which the "
        "safeguarding partners must publish under Working Together to Safeguard Children 2023. It sets out what the "
        "partners did and how effective the arrangements were, with the evidence for each finding."
    )


def _values(value) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def committee_prose(config, index: int, period_label: str) -> dict[str, list[Prose]]:
    """The prose fields of committee ``index``, each a list of paragraphs."""
    committee = config.committees[index]
    out: dict[str, list[Prose]] = {}
    for key in COMMITTEE_PROSE:
        value = getattr(committee, key)
        if key == "summary" and not value:
            out[key] = [Prose(("committees", index), default_summary(config, period_label), default=True)]
            continue
        many = isinstance(value, (list, tuple))
        out[key] = [Prose(("committees", index, key) + ((j,) if many else ()), text) for j, text in enumerate(_values(value)) if text]
    return out


def covering_prose(config) -> dict[str, list[Prose]]:
    out: dict[str, list[Prose]] = {}
    for key in COVERING_PROSE:
        value = getattr(config.covering, key)
        many = isinstance(value, (list, tuple))
        out[key] = [Prose(("covering", key) + ((j,) if many else ()), text) for j, text in enumerate(_values(value)) if text]
    return out


def config_prose(config, period_label: str) -> list[Prose]:
    """Every paragraph of prose ``annualreport.yaml`` gives the documents (each once)."""
    out: list[Prose] = []
    for index in range(len(config.committees)):
        for paragraphs in committee_prose(config, index, period_label).values():
            out += paragraphs
    if config.committees:  # the covering settings are published only in covering reports
        for paragraphs in covering_prose(config).values():
            out += paragraphs
    return out


def _shown(value, many: bool, write: Callable[[Prose], str]):
    return [write(p) for p in value] if many else (write(value[0]) if value else "")


def committee_fields(config, index: int, period_label: str, write: Callable[[Prose], str], day: Callable) -> dict:
    """A committee as its covering report is given it: labels as they are, prose through ``write``."""
    committee = config.committees[index]
    data = committee.model_dump(include=set(COMMITTEE_LABELS))
    data["meeting"] = day(committee.meeting)
    for key, paragraphs in committee_prose(config, index, period_label).items():
        data[key] = _shown(paragraphs, isinstance(getattr(committee, key), (list, tuple)) or key == "summary", write)
    return data


def covering_fields(config, write: Callable[[Prose], str]) -> dict:
    data = config.covering.model_dump(include=set(COVERING_LABELS))
    for key, paragraphs in covering_prose(config).items():
        data[key] = _shown(paragraphs, isinstance(getattr(config.covering, key), (list, tuple)), write)
    return data
