"""Sentences and Markdown units: a Markdown text cut into the sentences a reader sees, each with
the kind of block it stands in, and its place in the source."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from annualreport.citations import CITATION
from annualreport.lint.text.masking import COMMENT, FOOTREF, blank
from annualreport.lint.text.word_lists import PSEUDONYM_PREFIXES, SENTENCE_FINAL_ABBREVIATIONS
from annualreport.lint.text.words import Words


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as written (citations and Markdown markup included)
    start: int  # offset in the source text
    line: int  # 1-based line within the source text where the sentence starts
    column: int  # 1-based column


_CLOSERS = "\"'”’)]*_"
_OPENERS = "\"'“‘([*_"
_CANDIDATE = re.compile(r"[.!?…]+|\n")


class _Splitter:
    def __init__(self, masked: str, words: Words):
        self.m = masked
        self.words = words

    def split(self, start: int, end: int, forced: set[int] = frozenset()) -> list[tuple[int, int]]:
        m = self.m
        pieces: list[tuple[int, int]] = []
        s = start
        pos = start
        while True:
            found = _CANDIDATE.search(m, pos, end)
            if not found:
                break
            i, j = found.start(), found.end()
            if m[i] == "\n":
                if i in forced:
                    pieces.append((s, i))
                    s = i + 1
                pos = i + 1
                continue
            k = j
            while k < end and m[k] in _CLOSERS:
                k += 1
            while True:
                ref = FOOTREF.match(m, k, end)
                if not ref:
                    break
                k = ref.end()
            if k < end and not m[k].isspace():
                pos = j
                continue
            r = k
            while r < end and m[r].isspace():
                r += 1
            if r >= end:
                break
            if m.startswith("[@", r):
                cite = CITATION.match(m, r, end)
                if cite:
                    e = cite.end()
                    while e < end and m[e] in ".!?":
                        e += 1
                    if e >= end or m[e].isspace():
                        pieces.append((s, e))
                        s = pos = e
                        continue
            nxt = r
            while nxt < end and m[nxt] in _OPENERS:
                nxt += 1
            if nxt < end and m[nxt].islower():
                pos = j
                continue
            if m[i] == "." and j == i + 1 and self._abbreviation(start, i, m[nxt:nxt + 1]):
                pos = j
                continue
            pieces.append((s, k))
            s = pos = k
        pieces.append((s, end))
        out = []
        for a, b in pieces:
            while a < b and m[a].isspace():
                a += 1
            while b > a and m[b - 1].isspace():
                b -= 1
            if a < b and any(c.isalnum() for c in m[a:b]):
                out.append((a, b))
        return out

    def _abbreviation(self, start: int, dot: int, following: str) -> bool:
        m = self.m
        a = dot
        while a > start and not m[a - 1].isspace():
            a -= 1
        token = m[a:dot].lstrip(_OPENERS)
        if not token:
            return False
        low = token.lower()
        if low in SENTENCE_FINAL_ABBREVIATIONS:
            return not following.isupper()
        if low in self.words.abbreviations:
            return True
        if len(token) == 1 and token.isupper():
            before = m[max(start, a - 30):a].split()
            return not (before and before[-1].strip(_OPENERS + _CLOSERS).lower() in PSEUDONYM_PREFIXES)
        return False


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)")
_ATX_TAIL = re.compile(r"(?:\s+#+)?\s*(?:\{[^}]*\})?\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_THEMATIC = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GRID = re.compile(r"^\s*\+[-=+:]+\+\s*$")
_DIV = re.compile(r"^\s*:{3,}")
_LINK_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*\S+\s*(?:\"[^\"]*\")?\s*$")
_FOOT_DEF = re.compile(r"^\s{0,3}\[\^[^\]]+\]:\s*")
_CAPTION = re.compile(r"^\s{0,3}(?:Table)?:\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_LIST = re.compile(r"^(\s*)(?:[-*+•·▪●◦‣]|\d{1,3}[.)]|[a-zA-Z][.)]|\((?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})\))(?:\s+|$)")
_INDENTED = re.compile(r"^(?: {4,}|\t)")
_HTML_LINE = re.compile(r"^\s*</?[A-Za-z][^>]*>\s*$")
_LABEL = re.compile(r"\s*[A-Z][A-Z &/()'’-]{2,}:")
_TEXT_CELL = re.compile(r"[A-Za-z]{2,}")
_UNIT_WORDS = re.compile(r"(?i)\b(?:per\s?cent|percent|pp|k|m|bn|mn|n/?a)\b")


@dataclass
class _Block:
    kind: str
    start: int
    end: int
    split_end: int | None = None  # tables: split [start, split_end), then stretch the last to end
    forced: set | None = None


def _table_row(src: str, masked: list[str], s: int, e: int) -> list[_Block]:
    row = src[s:e]
    pipes, tick = [], False
    for i, ch in enumerate(row):
        if ch == "`":
            tick = not tick
        elif ch == "|" and not tick and (i == 0 or row[i - 1] != "\\"):
            pipes.append(i)
    bounds = [-1] + pipes + [len(row)]
    cells = []
    for a, b in zip(bounds, bounds[1:]):
        a += 1
        while a < b and row[a].isspace():
            a += 1
        while b > a and row[b - 1].isspace():
            b -= 1
        if a < b:
            cells.append((s + a, s + b))
    for p in pipes:
        masked[s + p] = " "
    groups: list[_Block] = []
    for a, b in cells:
        content = _UNIT_WORDS.sub(" ", CITATION.sub(" ", src[a:b]))
        if _TEXT_CELL.search(content) or not groups:
            groups.append(_Block("table", a, b, b if _TEXT_CELL.search(content) else None))
        else:
            groups[-1].end = b
    return groups


def markdown_units(markdown: str, words: Words | None = None) -> list[tuple[Sentence, str]]:
    """The sentences of a Markdown text, each with the kind of block it stands in: heading,
    paragraph, list (each item its own unit), table (each text cell, with the figures in the
    cells after it), quote. Code blocks, HTML comments, link definitions and rules are skipped;
    front matter must already be gone. Offsets, lines and columns are those of ``markdown``;
    ``Sentence.text`` is the source as written. ``words`` gives the abbreviations (default:
    ``Words.default()``)."""
    src = markdown
    cm = COMMENT.sub(blank, src) if "<!--" in src else src
    masked = list(cm)
    line_starts = [0]
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in cm.splitlines(keepends=True):
        lines.append((pos, pos + len(raw.rstrip("\r\n"))))
        pos += len(raw)
        line_starts.append(pos)
    blocks: list[_Block] = []
    cur: _Block | None = None
    fence: str | None = None
    prev_blank, table_active, in_code, last_kind = True, False, False, ""

    def flush() -> None:
        nonlocal cur, last_kind
        if cur is not None:
            if cur.start < cur.end:
                blocks.append(cur)
            last_kind = cur.kind
            cur = None

    for idx, (s, e) in enumerate(lines):
        text = cm[s:e]
        if fence:
            if re.match(rf"^\s{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", text):
                fence = None
            continue
        match = _FENCE.match(text)
        if match:
            flush()
            fence = match.group(1)
            continue
        if not text.strip():
            flush()
            prev_blank, table_active = True, False
            continue
        if in_code and _INDENTED.match(text):
            continue
        in_code = False
        if _INDENTED.match(text) and prev_blank and cur is None and last_kind != "list" and not _LIST.match(text):
            in_code = True
            continue
        was_blank, prev_blank = prev_blank, False
        match = _ATX.match(text)
        if match:
            flush()
            a = s + match.end()
            tail = _ATX_TAIL.search(text, match.end())
            b = s + (tail.start() if tail else len(text))
            if a < b:
                blocks.append(_Block("heading", a, b))
            last_kind = "heading"
            continue
        if _SETEXT.match(text) and cur is not None and cur.kind == "paragraph":
            cur.kind = "heading"
            flush()
            continue
        if _THEMATIC.match(text) or _SETEXT.match(text):
            flush()
            continue
        if "|" in text:
            nxt = cm[lines[idx + 1][0]:lines[idx + 1][1]] if idx + 1 < len(lines) else ""
            stripped = text.strip()
            if table_active or _TABLE_SEP.match(nxt) or (stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 2):
                flush()
                table_active = True
                if not _TABLE_SEP.match(text):
                    blocks.extend(_table_row(src, masked, s, e))
                last_kind = "table"
                continue
        if _GRID.match(text) or _DIV.match(text) or _HTML_LINE.match(text) or _LINK_DEF.match(text):
            flush()
            continue
        match = _FOOT_DEF.match(text) or (_CAPTION.match(text) if was_blank or last_kind == "table" else None)
        if match:
            flush()
            cur = _Block("paragraph", s + match.end(), e)
            continue
        match = _QUOTE.match(text)
        if match:
            for i in range(s, s + match.end()):
                masked[i] = " "
            inner = _LIST.match(text[match.end():])
            if cur is not None and cur.kind == "quote" and not inner:
                _continue(cur, src, masked, s + match.end(), e)
            else:
                flush()
                cur = _Block("quote", s + match.end() + (inner.end() if inner else 0), e)
            continue
        match = _LIST.match(text)
        if match and not (cur is not None and cur.kind == "paragraph" and not _LIST_INTERRUPTS.match(text)):
            flush()
            cur = _Block("list", s + match.end(), e)
            continue
        indent = len(text) - len(text.lstrip())
        if cur is not None and cur.kind in ("paragraph", "list", "quote"):
            _continue(cur, src, masked, s + indent, e)
            continue
        flush()
        kind = "list" if (last_kind == "list" and indent >= 2) else "paragraph"
        cur = _Block(kind, s + indent, e)
    flush()

    masked_text = "".join(masked)
    splitter = _Splitter(masked_text, words or Words.default())
    units: list[tuple[Sentence, str]] = []

    def emit(a: int, b: int, kind: str) -> None:
        line = bisect.bisect_right(line_starts, a) - 1
        units.append((Sentence(src[a:b], a, line + 1, a - line_starts[line] + 1), kind))

    for block in blocks:
        if block.kind == "heading":
            a, b = block.start, block.end
            while a < b and masked_text[a].isspace():
                a += 1
            while b > a and masked_text[b - 1].isspace():
                b -= 1
            if a < b:
                emit(a, b, "heading")
        elif block.kind == "table":
            if block.split_end is None:
                emit(block.start, block.end, "table")
                continue
            spans = splitter.split(block.start, block.split_end)
            if spans:
                spans[-1] = (spans[-1][0], block.end)
            for a, b in spans:
                emit(a, b, "table")
        else:
            for a, b in splitter.split(block.start, block.end, block.forced or set()):
                emit(a, b, block.kind)
    return units


#: a list marker that may interrupt a paragraph (a bullet, or a number after a colon's line)
_LIST_INTERRUPTS = re.compile(r"^\s*(?:[-*+•·▪●◦‣]|1[.)])\s+")


def _continue(block: _Block, src: str, masked: list[str], a: int, e: int) -> None:
    """Add a line to a block, noting a hard line break or a label line as a sentence break."""
    newline = block.end
    before = src[block.start:newline]
    forced = block.forced if block.forced is not None else set()
    if before.endswith("\\"):
        masked[newline - 1] = " "
        forced.add(newline)
    elif before.endswith("  ") or _LABEL.match(src, a, e):
        forced.add(newline)
    elif before.rstrip().endswith(":") and len(before) - before.rfind("\n") < 60:
        forced.add(newline)
    block.forced = forced
    block.end = e


def split_sentences(text: str, words: Words | None = None) -> list[Sentence]:
    """The sentences of a text (Markdown or plain): list items, headings and table cells are
    units of their own; abbreviations, decimals and money do not end a sentence."""
    return [sentence for sentence, _ in markdown_units(text, words)]
