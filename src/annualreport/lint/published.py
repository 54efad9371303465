"""Text that reaches an output besides the sentences the lint reads as prose.

The claim rules read sentences (``units.collect``); identifying information (AR401) must be
looked for in everything a reader gets, so this adds, as ``Statement``s of block ``raw``:

* what a Markdown section holds outside its sentences: fenced and indented code, raw blocks
  (``{=openxml}``, ``{=html}``), HTML, and the section's title, with XML and HTML tags
  blanked out so that the words between them read as they will be shown;
* every string of the evidence files that is not narrative (narrative is read as sentences):
  the titles, names, quotes, labels and category keys that the generated tables show;
* every string of ``annualreport.yaml`` that reaches a covering report or the yearly report
  (not the ``lint``, ``templates`` and ``output`` settings, nor committee text already read as
  sentences).
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable, Iterator

from annualreport.lint.units import Statement

#: what is blanked in a section before its leftovers are read: HTML comments (never output)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
#: XML and HTML tags, blanked so that the text between them reads as shown
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
NOT_NEWLINE = re.compile(r"[^\n]+")
WORDY = re.compile(r"[A-Za-z0-9]{2}")
#: keys whose values are not shown to readers, or are read as sentences already
SKIP_KEYS = frozenset({"id", "evidence", "url", "lint", "templates", "output"})


def _blank(match: re.Match) -> str:
    return NOT_NEWLINE.sub(lambda m: " " * len(m.group()), match.group())


def section_leftovers(file: str, body: str, first_line: int, spans: Iterable[tuple[int, int]]) -> list[Statement]:
    """The parts of ``body`` outside the sentence ``spans``, block by block (blank lines split)."""
    text = COMMENT.sub(_blank, body) if "<!--" in body else body
    pieces, last = [], 0
    for a, b in sorted(spans):
        a = max(a, last)
        if a >= b:
            continue
        pieces.append(text[last:a])
        pieces.append(NOT_NEWLINE.sub(lambda m: " " * len(m.group()), text[a:b]))
        last = b
    pieces.append(text[last:])
    rest = "".join(pieces)
    if "<" in rest:
        rest = TAG.sub(_blank, rest)
    out = []
    block: list[str] = []
    lines = rest.split("\n")
    for number, line in enumerate(lines + [""]):
        if line.strip():
            block.append(line)
            continue
        if block and any(WORDY.search(text) for text in block):
            first = number - len(block)
            lead = len(block[0]) - len(block[0].lstrip())
            text = "\n".join(block).strip()
            out.append(Statement(file, first_line + first, lead + 1, text, "raw", (), (), first_line + number - 1))
        block = []
    return out


def _strings(data: Any, path: tuple = (), skip: frozenset = SKIP_KEYS) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key) in skip:
                continue
            if isinstance(key, str) and isinstance(value, (int, float)):
                yield path + (key,), key  # a category of a breakdown, shown as a row's label
            yield from _strings(value, path + (key,), skip)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,), skip)
    elif isinstance(data, str):
        yield path, data


def yaml_strings(file: str, raw: str, model, skip: frozenset, already: set[tuple]) -> list[Statement]:
    """Every string of a YAML file (its text ``raw``, loaded and checked as ``model``), with the
    line it is written on, save those at ``already``'s paths (read as sentences)."""
    out = []
    line_starts = [0] + [i + 1 for i, c in enumerate(raw) if c == "\n"]
    data = model.model_dump(exclude_none=True, by_alias=True)
    for where, text in _strings(data, (), skip):
        value = text.strip()
        if where in already or not WORDY.search(value):
            continue
        found = raw.find(value.split("\n", 1)[0][:40])
        line = bisect.bisect_right(line_starts, max(found, 0))
        out.append(Statement(file, line, 1, value, "raw", (), (), line + value.count("\n")))
    return out
