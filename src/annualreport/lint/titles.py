"""Figures that are part of an evidence item's name, not figures a sentence states.

"Children who went missing three or more times in the year fell to 35 [@missing-3plus]"
states one figure, 35: "three" is part of the indicator's own title, as "Level 3" is part
of a course's. A figure is part of a title when it stands in the sentence with a word on
either side (or two words on one side) exactly as it stands in the title of an item the
sentence cites (its own items, for the build's own sentences), or of any item when it cites
none. ``LintContext.claims`` leaves such figures out before any rule sees the claim, and
judges a sentence whose only figures they were without the words of the title.
"""

from __future__ import annotations

import re
from typing import Iterable

from annualreport.lint.text.word_lists import NUMBER_WORDS

_TOKEN = re.compile(r"[£$€]?\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _is_figure(word: str) -> bool:
    return word[:1].isdigit() or word[1:2].isdigit() or word in NUMBER_WORDS


class TitleFigures:
    """The titles of a year's evidence items, read once: every run of three words that holds
    a figure, and the items whose titles hold it."""

    def __init__(self, titles: dict[str, str]):
        self.words: dict[str, tuple[str, ...]] = {}
        self.owners: dict[tuple[str, ...], set[str]] = {}
        for item_id, title in titles.items():
            words = tuple(w for w, _, _ in _tokens(title))
            runs = [words[i : i + 3] for i in range(len(words) - 2) if any(_is_figure(w) for w in words[i : i + 3])]
            if runs:
                self.words[item_id] = words
                for run in runs:
                    self.owners.setdefault(run, set()).add(item_id)

    def span(self, text: str, start: int, end: int, ids: Iterable[str]) -> tuple[int, int] | None:
        """Where the title that holds the figure at ``start:end`` of ``text`` stands in it (as
        much of the title as the sentence repeats), or None. ``ids``: the items the sentence
        cites; none (or none with a title that holds a figure): any item."""
        if not self.owners:
            return None
        cited = {i for i in ids if i in self.words}
        words = _tokens(text)
        said = [w for w, _, _ in words]
        for i in (i for i, (_, s, e) in enumerate(words) if s < end and e > start):
            for first in range(max(i - 2, 0), min(i, len(words) - 3) + 1):
                for owner in self.owners.get(tuple(said[first : first + 3]), ()):
                    if cited and owner not in cited:
                        continue
                    a, b = _extent(said, first, self.words[owner])
                    return words[a][1], words[b][2]
        return None


def _extent(said: list[str], first: int, title: tuple[str, ...]) -> tuple[int, int]:
    """The first and last word of the longest run of the sentence, through the three words at
    ``first``, that the title holds in the same order."""
    at = next(p for p in range(len(title) - 2) if title[p : p + 3] == tuple(said[first : first + 3]))
    back = 0
    while first - back - 1 >= 0 and at - back - 1 >= 0 and said[first - back - 1] == title[at - back - 1]:
        back += 1
    ahead = 2
    while first + ahead + 1 < len(said) and at + ahead + 1 < len(title) and said[first + ahead + 1] == title[at + ahead + 1]:
        ahead += 1
    return first - back, first + ahead
