"""Counts in words that the figure finder leaves alone: a count of one at the head of a
sentence, a count of none, and a rank.

* "One rapid review was completed": "One" opens the sentence, a noun phrase follows and then
  its verb, so it counts (not "One of ...", "One example is ...", which point, not count).
* "No practice reviews were commissioned this year", "None of the audits found ...": a count
  of zero, stated. It is a claim, but no figure is checked against the evidence for it.
* "Harrowfield was the third area in the region to ...": a rank.
"""

from __future__ import annotations

import re

_VERB = r"(?:was|were|is|are|has|have|had|took|met|received|attended|resulted|led|reached|came|went|involved|remains?|remained)"
#: "One rapid review was completed": one, up to four words of a noun phrase, then a verb
ONE_COUNT = re.compile(
    rf"^[\W_]*(?P<num>One)\s+(?!of\b|example\b|way\b|thing\b|aspect\b|area\b|reason\b|key\b|such\b|must\b|should\b|can\b|could\b|may\b|might\b|would\b|will\b)"
    rf"(?:[\w'’-]+\s+){{0,3}}?(?:[\w'’-]+)\s+{_VERB}\b",
)
_ZERO = re.compile(
    rf"(?:^[\W_]*|\b(?:received|had|made|saw|found|identified|recorded|reported|were|was|there\s+(?:were|was|have\s+been|has\s+been)|with)\s+)(?P<zero>no|none\s+of\s+the|zero)\s+"
    rf"(?:[\w-]+\s+){{0,3}}?[\w-]{{2,}}[a-rt-z]s\b(?![’'])(?:\s+(?:were|was|have\s+been|has\s+been|had\s+been))?",
    re.I,
)
_ZERO_NOT = re.compile(r"\b(?:no\s+(?:longer|doubt|one|further|other|more|matter|way|action|business|questions|declarations|apologies|comments|changes\s+to\s+the\s+minutes|corrections|oral|public|objections))\b", re.I)
_ORDINAL = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|only|last|highest|lowest|top|bottom"
RANK = re.compile(
    rf"\b(?:is|was|are|were|became|becomes|become|been|remains?|remained|being|as|has|had|have)\s+(?:the\s+|one\s+of\s+the\s+)?(?P<rank>{_ORDINAL})\s+"
    rf"(?!time\b|year\b|meeting\b|step\b|stage\b|phase\b|priority\b|priorities\b|item\b|part\b|point\b|of\s+(?:its|their)\s+kind\b)"
    rf"(?:[\w'’-]+\s+){{0,4}}?(?:(?:in|across|within)\s+(?:the\s+)?(?:region|country|england|uk|nation|county|north|south|east|west|midlands|london)|to\s+(?!date\b|the\b|a\b|an\b)[a-z]+)\b",
    re.I,
)


def one_count(text: str) -> tuple[int, int] | None:
    """The span of a sentence-initial "One" that counts ("One rapid review was completed")."""
    m = ONE_COUNT.match(text)
    return m.span("num") if m else None


def count_spans(text: str) -> list[tuple[int, int, str]]:
    """Zero counts and ranks: claims that carry no figure to check."""
    spans: list[tuple[int, int, str]] = []
    low = text.lower()
    if "no " in low or "none" in low or "zero" in low:
        for m in _ZERO.finditer(text):
            if _ZERO_NOT.match(text, m.start("zero")):
                continue
            spans.append((m.start("zero"), m.end(), m.group(0).strip()))
    for m in RANK.finditer(text):
        spans.append((m.start("rank"), m.end("rank"), m.group(0)))
    return spans
