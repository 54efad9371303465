"""Citations: ``[@id]`` and ``[@a; @b]`` in Markdown and in YAML narrative strings.

The report shows each citation as a bracketed number that points into the evidence
register; ``CitationNumbers`` hands those numbers out, one per cited item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

#: a pandoc-style bracketed citation group: [@id] or [@a; @b] (optionally with locators after commas)
CITATION = re.compile(r"\[((?:\s*-?@[A-Za-z0-9][A-Za-z0-9_.:-]*(?:,[^;\]]*)?\s*;?)+)\]")
CITATION_ID = re.compile(r"-?@([A-Za-z0-9](?:[A-Za-z0-9_.:-]*[A-Za-z0-9_])?)")


@dataclass(frozen=True)
class Citation:
    """One ``[@...]`` group as written: where it is and which ids it names."""

    ids: tuple[str, ...]
    start: int
    end: int


def find_citations(text: str) -> list[Citation]:
    found = []
    for match in CITATION.finditer(text):
        ids = tuple(CITATION_ID.findall(match.group(1)))
        if ids:
            found.append(Citation(ids, match.start(), match.end()))
    return found


def cited_ids(text: str) -> list[str]:
    return [i for c in find_citations(text) for i in c.ids]


def strip_citations(text: str) -> str:
    """The text without its citation groups (and the space before them)."""
    return re.sub(r"\s*" + CITATION.pattern, "", text)


def replace_citations(text: str, render: Callable[[tuple[str, ...]], str]) -> str:
    return CITATION.sub(lambda m: render(tuple(CITATION_ID.findall(m.group(1)))) if CITATION_ID.findall(m.group(1)) else m.group(0), text)


class CitationNumbers:
    """Register numbers for cited evidence, in the register's order."""

    def __init__(self, ordered_ids: Iterable[str]):
        self.number = {item_id: n for n, item_id in enumerate(ordered_ids, start=1)}

    def runs(self, ids: tuple[str, ...]) -> list[tuple[int, int]]:
        """The numbers as runs: 3, 4, 5, 9 -> (3, 5), (9, 9)."""
        numbers = sorted({self.number[i] for i in ids if i in self.number})
        runs: list[tuple[int, int]] = []
        for n in numbers:
            if runs and n == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        return runs

    def label(self, ids: tuple[str, ...], link=str) -> str:
        parts = []
        for first, last in self.runs(ids):
            if first == last:
                parts.append(link(first))
            elif last == first + 1:
                parts.append(f"{link(first)}, {link(last)}")
            else:
                parts.append(f"{link(first)}–{link(last)}")
        return ", ".join(parts)

    def markdown(self, ids: tuple[str, ...]) -> str:
        """``[3, 7–9]`` with each number shown a link to its register entry (``#ev-3``)."""
        return "\\[" + self.label(ids, lambda n: f"[{n}](#ev-{n})") + "\\]"

    def plain(self, ids: tuple[str, ...]) -> str:
        return f"[{self.label(ids)}]"
