"""Spans of a sentence: whether one overlaps others, and whether a place is the sentence's start."""

from __future__ import annotations

import re

#: matches the text before a place that starts its sentence (nothing but punctuation before it)
SENTENCE_START = re.compile(r"^[\W_]*$")


class Spans(list):
    """Spans of a paragraph, looked up by position: a paragraph of a million figures would
    otherwise test each new one against all the others (quadratic; minutes for a 1 MB line)."""

    STEP = 64

    def __init__(self, spans=()):
        super().__init__()
        self._at: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            self.append(span)

    def append(self, span: tuple[int, int]) -> None:
        super().append(span)
        for key in range(span[0] // self.STEP, max(span[0], span[1] - 1) // self.STEP + 1):
            self._at.setdefault(key, []).append(span)

    def overlaps(self, a: int, b: int) -> bool:
        return any(a < e and s < b for key in range(a // self.STEP, max(a, b - 1) // self.STEP + 1)
                   for s, e in self._at.get(key, ()))


def overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    if isinstance(spans, Spans):
        return spans.overlaps(a, b)
    return any(a < e and s < b for s, e in spans)
