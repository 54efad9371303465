"""What the scan finds (an ``Exposure``), how it is shown masked, and the edges of words,
numbers and sentences that the detectors test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

KINDS = ("child-name", "date-of-birth", "age-with-date", "address", "postcode", "nhs-number", "phone", "email")

#: what the matched text becomes when a sentence is shown in a finding or a build report
LABELS = {
    "child-name": "[child's name]",
    "date-of-birth": "[date of birth]",
    "age-with-date": "[age and date]",
    "address": "[address]",
    "postcode": "[postcode]",
    "nhs-number": "[NHS number]",
    "phone": "[phone number]",
    "email": "[e-mail address]",
}


@dataclass(frozen=True)
class Exposure:
    kind: str  # one of KINDS
    start: int  # offsets in the text scanned
    end: int
    message: str  # what it looks like, never the whole value

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def mask(text: str, exposures: Iterable[Exposure]) -> str:
    """The text with each exposure replaced by its label (overlapping ones merged)."""
    spans: list[list] = []
    for e in sorted(exposures, key=lambda e: (e.start, -e.end)):
        if spans and e.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e.end)
            continue
        spans.append([e.start, e.end, e.label])
    out, last = [], 0
    for start, end, label in spans:
        out.append(text[last:start])
        out.append(label)
        last = end
    out.append(text[last:])
    return "".join(out)


def starts_word(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in "_")


def ends_number(text: str, end: int) -> bool:
    """Nothing after ``end`` carries the number on (a letter, a digit, '/', or '.5')."""
    if end >= len(text):
        return True
    c = text[end]
    if c.isalnum() or c in "/_":
        return False
    return not (c in ".,/_-" and end + 1 < len(text) and text[end + 1].isdigit())


def sentence_start(text: str, index: int) -> bool:
    """Whether the word at ``index`` opens the text, a sentence or an item of a list."""
    i = index - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“‘([_*":
        i -= 1
    if i < 0 or text[i] in ".!?:;#|":
        return True
    if text[i] in "-–•+":  # a list's bullet, when it opens its line
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        return j < 0 or text[j] == "\n"
    if text[i] == "\n":  # a wrapped line: look at how the line before ended
        return sentence_start(text, i)
    return False


def line_of(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left : right if right >= 0 else len(text)]
