r"""Claims: which sentences of the narrative are claims, and which figures they state.

A sentence is a *claim* when it states a figure (a number, a percentage, money, a rate, a
ratio, "three in four", "doubled", "a third") or judges quality, change, effectiveness or impact
("improved", "strong", "fewer", "meeting the standards expected"). It is *not* a claim when it
is a heading, a question, thanks, the procedure of a meeting ("Members asked ...", "RESOLVED",
"That the report be noted"), or when its figures and judgements all sit inside a plan, an
intention, a duty, a possibility, a condition or a purpose ("we will", "should", "if", "to
improve", "so that"). Dates, years, times, ages, timescales, section and paragraph numbers,
phone numbers and the names of things ("Working Together 2023", "Level 3", "Child 1",
"COVID-19", "7-minute briefing", "the three safeguarding partners") are not figures.

Decisions worth knowing (the tests hold a labelled corpus that follows them):

* A statutory timescale or a definition is not a performance figure: in "A rapid review is
  completed within 15 working days" the 15 is a timescale, not a figure, so the sentence is not
  a claim. "All 3 rapid reviews were completed on time" is one (a count, and "on time").
* A structural count is a figure: "The framework had four key priorities" is a claim, because
  the yearly report's counts (5 priorities, 6 meetings) are checked against the evidence.
* Activity with neither a figure nor a judgement ("The partnership published a threshold
  document") is not a claim; with a figure ("held 12 multi-agency training days") it is.
* "Members were advised that X" and "officers explained that X" are classified on X; but
  "Members asked ...", "The Chair introduced the report" and resolutions are procedure.
* A figure inside a plan ("We will train 50 more practitioners") is not stated as true, so it
  neither makes a claim nor is checked against the evidence.
* Red/amber/green ratings count only when written as a rating ("rated amber").

Project settings, under ``lint:`` in ``annualreport.yaml``, change the word lists of
``annualreport.lint.words`` (see its docstring for what each list does and how an entry is
written). Each key takes ``add`` and ``remove`` lists, or a plain list that replaces the
defaults::

    lint:
      judgement_words: {add: [transformational], remove: [valued]}
      not_judgement: {add: [Good Start programme]}
      plan_words: {add: [in the pipeline]}
      not_figures: {add: ["Stream #", 're:\bPathway\s+\d+']}

Keys: ``judgement_words``, ``not_judgement``, ``plan_words``, ``purpose_words``,
``infinitive_verbs``, ``asserting_verbs``, ``thanks_words``, ``procedure_words``,
``not_figures``, ``abbreviations``. ``remove`` takes entries exactly as the defaults write them.

Figures are matched to evidence values in ``annualreport.lint.figure_match``.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from annualreport.citations import CITATION
from annualreport.lint.claim_model import RuleSignals
from annualreport.lint.counts import count_spans, one_count
from annualreport.lint.judgement import evaluative_spans
from annualreport.lint.clauses import clause_openings, introductory_end, is_noun_phrase, reported_content
from annualreport.lint.words import (
    DEFAULTS,
    FRACTION_WORDS,
    MONTHS,
    MULTIPLES,
    MULTIPLIERS,
    NUMBER_WORDS,
    PSEUDONYM_PREFIXES,
    SENTENCE_FINAL_ABBREVIATIONS,
)

# --------------------------------------------------------------------------------------------
# The results


@dataclass(frozen=True)
class Figure:
    """A figure as a sentence writes it."""

    text: str  # as written: "1,234", "45%", "£1.2m", "three", "three in four", "doubled"
    value: float  # 1234, 45 (percent units), 1200000, 3, 75 (three in four: percent), 2 (doubled: ratio)
    kind: str  # "number" | "percent" | "money" | "ratio" | "fraction"
    start: int  # offset in the sentence
    end: int
    #: decimal places as written; negative for a scale ("£1.2m" is -5: rounded to 100,000)
    places: int
    #: "over" ("more than 90%"), "under" ("fewer than 5"), "about" ("around 500", "nearly half") or ""
    qualifier: str = ""


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as written (citations and Markdown markup included)
    start: int  # offset in the source text
    line: int  # 1-based line within the source text where the sentence starts
    column: int  # 1-based column


@dataclass(frozen=True)
class ClaimInfo:
    is_claim: bool
    kind: str | None  # "figure" | "judgement" | None
    figures: tuple[Figure, ...]  # the figures the sentence states as true (not those in a plan)
    reason: str  # which word or figure made it a claim, or why it is not one


# --------------------------------------------------------------------------------------------
# The word lists, compiled

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_W_UNIT = "one|two|three|four|five|six|seven|eight|nine"
_W_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_W_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_W_BELOW100 = rf"(?:(?:{_W_TENS})(?:[- ](?:{_W_UNIT}))?|{_W_TEEN}|{_W_UNIT}|zero)"
_W_NUM = rf"(?:(?:a|{_W_UNIT})\s+hundred(?:\s+(?:and\s+)?{_W_BELOW100})?|{_W_BELOW100})(?:\s+(?:thousand|million))?"
_NUM = rf"(?:{_DIGITS}|{_W_NUM})"


def _entry_pattern(entry: str) -> str:
    if entry.startswith("re:"):
        return entry[3:].replace("<num>", _NUM).replace("<months>", MONTHS)
    parts = []
    for word in entry.split():
        star = word.endswith("*") and len(word) > 1
        word = word.rstrip("*") if star else word
        if word == "#":
            parts.append(_NUM)
            continue
        escaped = re.sub(r"['’]", "['’]", re.escape(word).replace(r"\-", r"[-\s]?"))
        parts.append(escaped + (r"\w*" if star else ""))
    return r"(?<!\w)" + r"[\s-]+".join(parts) + r"(?!\w)"


@functools.lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


_DIGIT_KEY = "0"
_NUMBER_KEYS = frozenset(w[:3] for w in NUMBER_WORDS) | {_DIGIT_KEY}
_ZERO_WIDTH = re.compile(r"\\b|\(\?<[!=](?:[^()]|\([^()]*\))*\)")


def _top_alternatives(body: str) -> list[str]:
    parts, depth, current, i = [], 0, "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current += body[i:i + 2]
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return parts + [current]


def _closing(text: str, at: int) -> int:
    depth, i = 0, at
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _strip_zero_width(source: str) -> str:
    while True:
        zero = _ZERO_WIDTH.match(source)
        if not zero or not zero.group():
            return source
        source = source[zero.end():]


def _regex_keys(source: str) -> frozenset[str] | None:
    """The first words a regular expression can match at, as keys (see ``_first_keys``)."""
    source = _strip_zero_width(source)
    group = re.match(r"\((?:\?:|\?-i:)", source)
    if group:
        close = _closing(source, 0)
        if close < 0:
            return None
        keys: set[str] = set()
        for alternative in _top_alternatives(source[group.end():close]):
            found = _regex_keys(alternative)
            if found is None:
                return None
            keys |= found
        if source[close + 1:close + 2] in ("?", "*"):  # an optional group: or what follows it
            rest = _regex_keys(source[close + 2:])
            if rest is None:
                return None
            keys |= rest
        return frozenset(keys)
    if source.startswith("<num>"):
        return _NUMBER_KEYS
    if source[:1].isdigit() or source.startswith("\\d"):
        return frozenset({_DIGIT_KEY})
    letters = re.match(r"[A-Za-z]+", source)
    if not letters:
        return None
    literal = letters.group()
    if source[letters.end():letters.end() + 1] in ("?", "*", "{"):
        literal = literal[:-1]
    return frozenset({literal[:3].lower()}) if literal else None


def _first_keys(entry: str) -> frozenset[str] | None:
    """The word starts at which an entry can match: the first three letters of a word, lower
    case, or "0" for a number. None when they cannot be told: such entries are searched for
    everywhere."""
    if not entry.startswith("re:"):
        first = entry.split()[0].rstrip("*").lower()
        if first == "#":
            return _NUMBER_KEYS
        letters = re.match(r"[a-z]+", first)
        return frozenset({letters.group()[:3]}) if letters else None
    source = entry[3:].replace("<months>", MONTHS)
    if source.startswith("^"):
        return None
    return _regex_keys(source)


_TOKEN = re.compile(r"[A-Za-z0-9]+")


#: the word lists that are patterns (the others are plain sets of words)
_PATTERN_LISTS = ("judgement_words", "not_judgement", "plan_words", "purpose_words", "thanks_words", "procedure_words", "not_figures")
_DEFAULT_ENTRIES = {name: frozenset(e.strip() for e in DEFAULTS[name]) for name in _PATTERN_LISTS}


class _Scanner:
    """The pattern lists, compiled entry by entry. A sentence is scanned once for all of them,
    and each entry is tried only where a word it can start with stands: one large alternation
    would be tried at every character, which is slow in Python's ``re``."""

    def __init__(self, lists: Mapping[str, tuple[str, ...]]):
        self.index: dict[str, list[tuple[str, str]]] = {}
        self.fallback: dict[str, re.Pattern] = {}
        self.anchored: list[tuple[str, re.Pattern]] = []
        self._candidates: dict[str, tuple[tuple[str, re.Pattern], ...]] = {}
        for name in _PATTERN_LISTS:
            everywhere = []
            defaults = _DEFAULT_ENTRIES[name]
            for entry in lists[name]:
                if not isinstance(entry, str) or not entry.strip():
                    raise TypeError(f"lint.{name}: each entry must be a word, a phrase or 're:' and a regular expression, not {entry!r}")
                entry = entry.strip()
                pattern = _entry_pattern(entry)
                if entry not in defaults:  # a project's own entry: check it now, not on first use
                    try:
                        _regex(pattern)
                    except re.error as exc:
                        raise ValueError(f"lint.{name}: {entry!r} is not a valid regular expression ({exc})") from None
                keys = _first_keys(entry)
                if entry.startswith("re:^"):
                    self.anchored.append((name, _regex(pattern)))
                elif keys is None:
                    everywhere.append(pattern)
                else:
                    for key in keys:
                        self.index.setdefault(key, []).append((name, pattern))
            if everywhere:
                self.fallback[name] = re.compile("|".join(f"(?:{p})" for p in everywhere), re.I)

    def _for(self, key: str) -> tuple[tuple[str, re.Pattern], ...]:
        found = self._candidates.get(key)
        if found is None:  # compiled on first use
            found = tuple((name, _regex(pattern)) for k in dict.fromkeys((key[:1], key[:2], key)) for name, pattern in self.index.get(k, ()))
            self._candidates[key] = found
        return found

    def scan(self, text: str) -> dict[str, list[re.Match]]:
        """Every match of every list, overlapping ones included, in order of place."""
        found: dict[str, list[re.Match]] = {name: [] for name in _PATTERN_LISTS}
        for token in _TOKEN.finditer(text):
            word = token.group()
            pos = token.start()
            for name, compiled in self._for(_DIGIT_KEY if word[0].isdigit() else word[:3].lower()):
                m = compiled.match(text, pos)
                if m and m.end() > m.start():
                    found[name].append(m)
        for name, compiled in self.anchored:
            m = compiled.match(text)
            if m and m.end() > m.start():
                found[name].append(m)
        for name, compiled in self.fallback.items():
            found[name].extend(m for m in compiled.finditer(text) if m.end() > m.start())
        for matches in found.values():
            if len(matches) > 1:
                matches.sort(key=lambda m: (m.start(), -m.end()))
        return found


#: verbs that are nouns as often as verbs at the start of a sentence ("Support for families")
_NOT_IMPERATIVE = frozenset({
    "target", "focus", "review", "support", "help", "use", "test", "check", "fund", "challenge",
    "update", "present", "detail", "close", "track", "offer", "be", "have", "do", "further",
    "better", "improving", "lower", "double", "narrow",
})


class Words:
    """The detector's word lists (``annualreport.lint.words``), compiled once."""

    KEYS: tuple[str, ...] = tuple(DEFAULTS)
    _default: "Words | None" = None

    def __init__(self, lists: Mapping[str, Iterable[str]] | None = None):
        lists = DEFAULTS if lists is None else lists
        self.lists: dict[str, tuple[str, ...]] = {key: tuple(lists.get(key, DEFAULTS[key])) for key in self.KEYS}
        self.scanner = _Scanner(self.lists)
        self.infinitive_verbs = frozenset(w.lower() for w in self.lists["infinitive_verbs"])
        self.asserting_verbs = frozenset(w.lower() for w in self.lists["asserting_verbs"])
        self.abbreviations = frozenset(w.lower().rstrip(".") for w in self.lists["abbreviations"])
        self.imperative_verbs = self.infinitive_verbs - _NOT_IMPERATIVE | {"continue"}
        own = {name: tuple(e for e in self.lists[name] if isinstance(e, str) and e.strip() not in _DEFAULT_ENTRIES[name]) for name in _PATTERN_LISTS}
        #: the project's own entries (``lint:`` settings), scanned apart: where one stands, the rules decide
        self.own = _Scanner(own) if any(own.values()) else None

    @classmethod
    def default(cls) -> "Words":
        if cls._default is None:
            cls._default = cls()
        return cls._default

    def extended(self, settings: Mapping | None) -> "Words":
        """These lists changed by a project's ``lint:`` settings (see the module docstring)."""
        if not settings:
            return self
        if not isinstance(settings, Mapping):
            raise TypeError("the lint settings must be 'key: value' lines")
        lists = dict(self.lists)
        for key, change in settings.items():
            if key not in self.KEYS:
                raise ValueError(f"'{key}' is not a lint setting (word lists: {', '.join(self.KEYS)})")
            if change is None:
                continue
            if isinstance(change, (list, tuple)):
                lists[key] = tuple(str(e) for e in change)
            elif isinstance(change, Mapping):
                unknown = set(change) - {"add", "remove"}
                if unknown:
                    raise ValueError(f"lint.{key} takes 'add' and 'remove', not {', '.join(sorted(map(str, unknown)))}")
                remove = {str(e).strip().lower() for e in change.get("remove") or []}
                kept = [e for e in lists[key] if e.strip().lower() not in remove]
                lists[key] = tuple(kept) + tuple(str(e) for e in change.get("add") or [] if str(e) not in kept)
            else:
                raise TypeError(f"lint.{key} must be a list, or 'add:' and 'remove:' lists")
        return Words(lists)


# --------------------------------------------------------------------------------------------
# Masking: the text for classification, with Markdown markup blanked out and every offset kept


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FOOTREF = re.compile(r"\[\^[^\]\s]+\]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_URL = re.compile(r"<(?:https?|mailto):[^>\s]+>|\bhttps?://[^\s)\]]+|\bwww\.[^\s)\]]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_ESCAPE = re.compile(r"\\(?=[^\w\s]|\n|$)")
_QUOTE_MARK = re.compile(r"(?m)^[ \t]*>+")
_BULLET = re.compile(r"^\s*[-*+•·▪●◦‣–]\s+")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?|\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+(?=[A-Z\"“‘'(])")


def _link_text(match: re.Match) -> str:
    return " " + match.group(1) + " " * (len(match.group(2)) + 2)


def _clean(text: str, block: str = "paragraph") -> str:
    """``text`` with citations, footnote marks, links' targets, URLs, tags and Markdown markup
    blanked out (same length, so offsets hold)."""
    t = _COMMENT.sub(_blank, text) if "<!--" in text else text
    if "[" in t:
        t = CITATION.sub(_blank, t)
        t = _FOOTREF.sub(_blank, t)
        t = _IMAGE.sub(_blank, t)
        t = _LINK.sub(_link_text, t)
    t = _URL.sub(_blank, t)
    if "<" in t:
        t = _TAG.sub(_blank, t)
    t = t.replace("*", " ").replace("`", " ")
    if "_" in t:
        t = _UNDERSCORE.sub(_blank, t)
    if "\\" in t:
        t = _ESCAPE.sub(" ", t)
    if ">" in t:
        t = _QUOTE_MARK.sub(_blank, t)
    if block == "table":
        t = t.replace("|", " ")
    t = _BULLET.sub(_blank, t)
    t = _NUMBERING.sub(_blank, t)
    return t


# --------------------------------------------------------------------------------------------
# Sentences and Markdown units

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
                ref = _FOOTREF.match(m, k, end)
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
    cm = _COMMENT.sub(_blank, src) if "<!--" in src else src
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


# --------------------------------------------------------------------------------------------
# Figures

_FIG_DIGITS = re.compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)(?:(?P<cur>[£$€])\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![.,:/]\d)"
    r"(?:\s?(?P<mult>k|m|mn|bn|million|billion|thousand)(?![\w]))?"
    r"(?P<pct>\s?(?:%|per\s?cent(?!\w)|percent(?!\w)|percentage\s+points?(?!\w)|pp(?!\w)))?"
    r"(?P<plus>\+)?(?![A-Za-z0-9])"
)
_FIG_WORDS = re.compile(rf"(?<![\w-])(?P<num>{_W_NUM})(?![\w-])", re.I)
_FIG_IN = re.compile(
    rf"(?<![\w.,£$€-])(?P<a>\d{{1,3}}|{_W_BELOW100})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>\d{{1,3}}(?:,\d{{3}})*|{_W_BELOW100}|a\s+hundred|one\s+hundred)"
    r"(?![\w.,]?\d)(?!\w)(?!\s+(?:years?|months?|weeks?|days?|hours?|minutes?|working|calendar)\b)",
    re.I,
)
_FIG_FRACTION = re.compile(
    rf"(?<![\w-])(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|\d)[\s-]+(?P<d>{'|'.join(FRACTION_WORDS)})(?![\w-])", re.I
)
_FIG_SLASH = re.compile(r"(?<![\w./£$€-])(?P<a>\d{1,4})/(?P<b>\d{1,4})(?![\w/]|[.,]\d)")
_YEAR_BEFORE = re.compile(r"\b(?:in|for|during|of|since|from|to|until|by|year|years|plan|report|budget|period|and)\s+$", re.I)
_FIG_HALF = re.compile(r"(?<![\w-])half(?![\w-])", re.I)
_FIG_MULTIPLE = re.compile(rf"(?<![\w-])(?:{'|'.join(MULTIPLES)})(?![\w-])", re.I)
_FIG_TIMES = re.compile(
    rf"(?<![\w.,-])(?P<n>\d+(?:\.\d+)?|{_W_BELOW100}|twice)\s+(?:times\s+)?(?=(?:as|more|higher|lower|greater|less|likelier|larger|bigger|the\s+(?:rate|number|level|national|england|average))\b)"
    rf"|(?<![\w.,-])(?P<f>\d+(?:\.\d+)?|{_W_BELOW100})[- ]?fold\b",
    re.I,
)
_AFTER_SINGULAR_FRACTION = re.compile(
    r"\s*(?:$|[.,;:)]|\s(?:of|were|was|had|have|are|is|said|did|more|fewer|less|higher|lower|felt|reported|received|agreed|thought|attended|told)\b)", re.I
)
_AFTER_HALF = re.compile(r"\s+(?:of|the|all|their|our|its|these|those|them|were|was|had|have|did|said|are|is)\b", re.I)
_BEFORE_HALF = re.compile(r"(?:\b(?:over|under|almost|nearly|about|around|than|roughly|approximately|some|just|a|one|by|to))\s*$", re.I)
_NOT_BEFORE_HALF = re.compile(r"\b(?:first|second|latter|last|final|each|every|per|the|this|that|next)\s*$", re.I)
_TIME_BEFORE_FRACTION = re.compile(r"\b(?:in|within|for|during|per|each|every|last|next|this|first|second|third|fourth|final|the)\s*$", re.I)
_QUALIFIER = re.compile(
    r"(?:\b(?P<over>more\s+than|over|above|in\s+excess\s+of|at\s+least|upwards\s+of|exceeding|just\s+over|well\s+over|greater\s+than)"
    r"|\b(?P<under>less\s+than|fewer\s+than|under|below|up\s+to|at\s+most|no\s+more\s+than|just\s+under|not\s+quite|lower\s+than)"
    r"|\b(?P<about>about|around|approximately|approx\.?|roughly|some|circa|c\.|an\s+estimated|estimated|nearly|almost|close\s+to|approaching|in\s+the\s+region\s+of))\s*$",
    re.I,
)
_CAPRUN_BEFORE = re.compile(r"(?<!\S)((?:[A-Z][\w'’]*[ ]){1,6})$")
_NOT_NAME_WORDS = frozenset(
    ("In On At By Of The This That From To Since During Between Until Over Under Around About All Only And But For With Some "
     "Nearly Almost Approximately Total Were Was Are Is Had Has Have There Than Just Each Every A An Of Or " + MONTHS.replace("|", " ")).split()
)
_SENTENCE_START = re.compile(r"^[\W_]*$")


def _word_value(text: str) -> float | None:
    words = re.split(r"[\s-]+", text.lower().strip())
    total, current = 0.0, 0.0
    seen = False
    for word in words:
        if word in ("and",):
            continue
        if word == "a":
            current = 1
            continue
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in ("thousand", "million"):
            total += (current or 1) * MULTIPLIERS[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def _qualifier(text: str, start: int) -> str:
    match = _QUALIFIER.search(text, max(0, start - 30), start)
    if not match:
        return ""
    return "over" if match.group("over") else "under" if match.group("under") else "about"


class _Spans(list):
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


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    if isinstance(spans, _Spans):
        return spans.overlaps(a, b)
    return any(a < e and s < b for s, e in spans)


def _is_name_number(text: str, start: int, end: int) -> bool:
    """"Graded Care Profile 2", "Operation 5": a number right after capitalised words (two or
    more, or one mid-sentence with no noun after the number) is part of a name."""
    match = _CAPRUN_BEFORE.search(text, max(0, start - 80), start)
    if not match:
        return False
    words = match.group(1).split()
    while words and words[0] in _NOT_NAME_WORDS:
        words.pop(0)
    if not words or words[-1] in _NOT_NAME_WORDS:
        return False
    if len(words) >= 2:
        return True
    if _SENTENCE_START.match(text[: match.end(1) - len(words[0]) - 1]):
        return False
    return not re.match(r"\s*(?:[a-z%£]|per\b)", text[end:end + 12])


def _figures(text: str, words: Words, not_figures: list[re.Match] | None = None) -> list[Figure]:
    if not _HAS_DIGIT.search(text) and not _MAYBE_WORD_FIGURE.search(text):
        return []
    from annualreport.lint.identifying import spans as identifying_spans

    if not_figures is None:
        not_figures = words.scanner.scan(text)["not_figures"]
    excluded = _Spans([*(m.span() for m in not_figures), *identifying_spans(text)])
    taken = _Spans()
    out: list[Figure] = []

    def add(a: int, b: int, value: float, kind: str, places: int, qualifier: str | None = None) -> None:
        taken.append((a, b))
        out.append(Figure(text[a:b], value, kind, a, b, places, _qualifier(text, a) if qualifier is None else qualifier))

    low = text.lower()
    words_too = bool(_MAYBE_WORD_FIGURE.search(text))
    for m in (_FIG_IN.finditer(text) if (" in " in low or " out of " in low) else ()):
        a_val = _number(m.group("a"))
        b_val = _number(m.group("b"))
        if a_val is None or b_val is None or not (0 < a_val < b_val) or b_val < 2:
            continue
        if _overlaps(m.start("a"), m.end("a"), excluded) or _overlaps(m.start("b"), m.end("b"), excluded):
            continue
        add(m.start(), m.end(), a_val / b_val * 100, "fraction", 0)
    for m in (_FIG_SLASH.finditer(text) if "/" in text else ()):
        a_val, b_val = int(m.group("a")), int(m.group("b"))
        if not (0 < a_val <= b_val) or _overlaps(m.start(), m.end(), excluded):
            continue
        if b_val == a_val + 1 and len(m.group("a")) == 2 and _YEAR_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue  # "the Business Plan 16/17", "in 17/18": a year
        add(m.start(), m.end(), a_val / b_val * 100, "fraction", 0)
    for m in (_FIG_FRACTION.finditer(text) if words_too else ()):
        if _overlaps(m.start(), m.end(), taken) or _overlaps(m.start(), m.end(), excluded):
            continue
        n, d = m.group("n").lower(), m.group("d").lower()
        plural = d.endswith("s")
        n_val = 1.0 if n in ("a", "an") else _number(n)
        if n_val is None:
            continue
        if n_val == 1:
            if plural or not _AFTER_SINGULAR_FRACTION.match(text, m.end()) or _TIME_BEFORE_FRACTION.search(text, max(0, m.start() - 12), m.start()):
                continue
        elif not plural:
            continue
        if n[0].isupper() and not _SENTENCE_START.match(text[: m.start()]):
            continue
        add(m.start(), m.end(), n_val / FRACTION_WORDS[d] * 100, "fraction", 0)
    for m in (_FIG_HALF.finditer(text) if "half" in low else ()):
        if _overlaps(m.start(), m.end(), taken):
            continue
        before = text[max(0, m.start() - 25):m.start()]
        if _NOT_BEFORE_HALF.search(before) or not (_BEFORE_HALF.search(before) or _AFTER_HALF.match(text, m.end())):
            continue
        add(m.start(), m.end(), 50.0, "fraction", 0)
    for m in (_FIG_MULTIPLE.finditer(text) if words_too else ()):
        if not _overlaps(m.start(), m.end(), taken):
            add(m.start(), m.end(), float(MULTIPLES[m.group(0).lower()]), "ratio", 0)
    for m in (_FIG_TIMES.finditer(text) if ("times" in low or "fold" in low or "twice" in low) else ()):
        if _overlaps(m.start(), m.end(), taken) or _overlaps(m.start(), m.end(), excluded):
            continue
        token = m.group("n") or m.group("f")
        value = 2.0 if token.lower() == "twice" else _number(token)
        if value is None or value <= 1:
            continue
        end = m.end() if m.group("f") else m.start() + len(m.group(0).rstrip())
        add(m.start(), end, value, "ratio", 0)
    for m in _FIG_DIGITS.finditer(text):
        a, b = m.start(), m.end()
        core = m.span("num")
        if _overlaps(a, b, taken) or _overlaps(core[0], core[1], excluded):
            continue
        num = m.group("num")
        value = float(num.replace(",", ""))
        places = len(num.split(".")[1]) if "." in num else 0
        mult = (m.group("mult") or "").lower()
        if mult:
            value *= MULTIPLIERS[mult]
            places -= round(math.log10(MULTIPLIERS[mult]))
        if m.group("cur"):
            kind = "money"
        elif m.group("pct"):
            kind = "percent"
        else:
            kind = "number"
            if not mult and _is_name_number(text, core[0], core[1]):
                continue
        while b > a and text[b - 1].isspace():
            b -= 1
        qualifier = "over" if m.group("plus") else None
        add(a, b, value, kind, places, qualifier)
    for m in (_FIG_WORDS.finditer(text) if words_too else ()):
        a, b = m.span()
        if _overlaps(a, b, taken) or _overlaps(a, b, excluded):
            continue
        word = m.group(0)
        if word[0].isupper() and not _SENTENCE_START.match(text[:a]):
            continue  # "Project Five", "Three Rivers": a name
        if word.lower() == "one" and not _ONE_COUNTS.search(text, max(0, a - 20), a):
            continue
        if _DEFINITE_BEFORE.search(text, max(0, a - 8), a):
            continue  # "the three priorities": a set already named, not a count
        value = _word_value(word)
        if value is None:
            continue
        add(a, b, value, "number", 0)
    out.sort(key=lambda f: f.start)
    return _ranges(text, out)


_RANGE_DASH = re.compile(r"\s*[-–]\s*")
_RANGE_AND = re.compile(r"\s+and\s+")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.I)


def _ranges(text: str, figures: list[Figure]) -> list[Figure]:
    """"60-70", "between 5 and 10%": the first is a lower bound and the second an upper one
    (both "about" after "about"), and a bare number before a percentage is a percentage."""
    for i in range(len(figures) - 1):
        a, b = figures[i], figures[i + 1]
        between = text[a.end:b.start]
        if not (_RANGE_DASH.fullmatch(between) or (_RANGE_AND.fullmatch(between) and _BETWEEN_BEFORE.search(text, 0, a.start))):
            continue
        kind = b.kind if (a.kind == "number" and b.kind in ("percent", "money")) else a.kind
        if kind != b.kind or "about" in (a.qualifier, b.qualifier):
            low, high = ("about", "about") if kind == b.kind else (a.qualifier, b.qualifier)
        else:
            low, high = (a.qualifier or "over"), (b.qualifier or "under")
        figures[i] = replace(a, kind=kind, qualifier=low)
        figures[i + 1] = replace(b, qualifier=high)
    return figures


_HAS_DIGIT = re.compile(r"\d")
_MAYBE_WORD_FIGURE = re.compile(
    rf"(?<![\w-])(?:{_W_TENS}|{_W_TEEN}|{_W_UNIT}|zero|half|third|thirds|quarter|quarters|fifths?|tenths?|{'|'.join(MULTIPLES)}|twice|fold|hundred)(?![\w])",
    re.I,
)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_ONE_COUNTS = re.compile(r"\b(?:only|just|exactly|at\s+least|more\s+than|fewer\s+than|less\s+than|all\s+but|a\s+further|another|over|under|around|about|nearly|almost)\s+$", re.I)


def _number(token: str) -> float | None:
    token = token.strip()
    if token[:1].isdigit():
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    return _word_value(token)


def find_figures(sentence: str, words: Words) -> list[Figure]:
    """The figures a sentence states, in order: numbers, percentages, money, fractions
    ("three in four", "a third") and multiples ("doubled"); not dates, years, ages, timescales,
    section numbers, phone numbers or the names of things. Offsets are the sentence's."""
    return _figures(_clean(sentence), words)


# --------------------------------------------------------------------------------------------
# Classification

_QUESTION = re.compile(r"\?[\s\"'”’)\]*_]*$")
_BOUNDARY_FOLLOWERS = r"(?:the|a|an|this|these|that|those|there|it|we|they|he|she|i|our|their|its|his|her|\d|all|most|many|some|more|fewer|one|two|three|four|five|six|seven|eight|nine|ten|partners|agencies)\b"
_STRONG = re.compile(
    r";|:(?!\d)|\s[–—-]\s|\s[–—]|[–—]\s|,\s*(?:but|while|whilst|whereas|although|though|however|yet)\b"
    r"|\s(?:but|whereas|although|though|whilst)\s|,\s*(?:and|so)\s+(?=" + _BOUNDARY_FOLLOWERS + r")|\(|\)",
    re.I,
)
_WEAK = re.compile(r",\s|\s(?:and|or)\s+(?=" + _BOUNDARY_FOLLOWERS + r"|(?-i:[A-Z][A-Za-z]))", re.I)
_COMMA = re.compile(r",\s")
#: a main verb after an infinitive inside a subject ("the ability to meet remotely resulted in ...")
_MAIN_VERB = re.compile(r"\s(?:resulted\s+in|results\s+in|led\s+to|leads\s+to|meant\s+that|means\s+that|allowed|enabled)\b", re.I)
#: plan words whose plan runs to the end of the sentence, past semicolons ("Our vision is that ...; that ...")
_WHOLE_SENTENCE_PLAN = re.compile(r"vision|ambition|aspir|\baims?\b", re.I)
_RELATIVE = re.compile(r"\s(?:which|who)\s", re.I)
_TO = re.compile(r"\bto\s+([A-Za-z][\w-]*)(?:\s+([A-Za-z][\w-]*))?", re.I)
_IMPERATIVE = re.compile(r"^\W*([A-Za-z][\w-]*)[\s,]+(\w+)")


_REPORTING_VERBS = frozenset({"see", "note", "report", "find", "say", "confirm", "learn", "hear", "show", "recognise", "recognize"})
_THAT_AFTER = re.compile(r"\s+that\b", re.I)


def _irrealis(text: str, words: Words, plans: list[re.Match], purposes: list[re.Match]) -> list[tuple[int, int, str]]:
    """Spans of a sentence that are plans, duties, possibilities, conditions or purposes."""
    strong = [m.span() for m in _STRONG.finditer(text)]
    weak = strong + [m.span() for m in _WEAK.finditer(text)]
    starts = weak + [m.span() for m in _RELATIVE.finditer(text)] + clause_openings(text)
    n = len(text)

    def clause_start(p: int) -> int:
        return max((e for s, e in starts if e <= p), default=0)

    def clause_end(p: int, spans: list[tuple[int, int]]) -> int:
        return min((s for s, e in spans if s >= p), default=n)

    spans: list[tuple[int, int, str]] = []
    ends = strong + [m.span() for m in _COMMA.finditer(text)] + [m.span() for m in _MAIN_VERB.finditer(text)]
    if plans:
        for m in plans:
            if is_noun_phrase(text, m):
                continue  # "a Child Protection Plan": a noun, not a plan
            end = introductory_end(text, m.start())  # "As the chart can show, ...": its clause only
            if end is None:
                end = n if _WHOLE_SENTENCE_PLAN.search(m.group(0)) else clause_end(m.end(), strong)
            spans.append((clause_start(m.start()), end, m.group(0)))
    if purposes:
        for m in purposes:
            spans.append((m.start(), clause_end(m.end(), ends), m.group(0).strip()))
    for m in _TO.finditer(text):
        verb = m.group(1).lower()
        if verb.endswith("ly") or verb in ("further", "better", "fully", "really", "also", "then", "now"):
            verb = (m.group(2) or "").lower() if verb not in words.infinitive_verbs else verb
        if verb not in words.infinitive_verbs:
            continue
        if verb in _REPORTING_VERBS and _THAT_AFTER.match(text, m.end()):
            continue  # "pleased to see that ...", "it is good to report that ...": reported, not a purpose
        before = text[max(0, m.start() - 40):m.start()].split()[-3:]
        if any(w.strip(",.;:").lower() in words.asserting_verbs for w in before):
            continue
        spans.append((m.start(), clause_end(m.end(), ends), "to " + verb))
    first = _IMPERATIVE.match(text)
    if first and first.group(1).lower() in words.imperative_verbs and first.group(2).lower() not in ("in", "of", "for", "from", "on", "at", "and", "is", "was", "were", "are", "has", "have", "had"):
        spans.append((0, n, first.group(1)))  # an instruction: the whole sentence
    return spans


_NEXT_CAPITAL = re.compile(r"[ \t]+[A-Z][a-z]")


def _in_title_name(text: str, match: re.Match) -> bool:
    """"Stronger Communities", "Better Start": one capitalised judgement word mid-sentence
    with a capitalised word after it is part of a name."""
    word = match.group(0)
    if not word[:1].isupper() or " " in word.strip() or _SENTENCE_START.match(text[: match.start()]):
        return False
    return bool(_NEXT_CAPITAL.match(text, match.end()))


def _inside(p: int, spans: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    for span in spans:
        if span[0] <= p < span[1]:
            return span
    return None


def classify(sentence: str, words: Words, block: str = "paragraph") -> ClaimInfo:
    """Whether a sentence is a claim, of which kind, with the figures it states as true.

    The rules below decide headings, questions, thanks, procedure (never claims) and the
    figures a sentence states (always a claim). Every other sentence is weighed by the trained
    model of ``annualreport.lint.claim_model``, which reads the rules' signals (their judgement
    words, plans and purposes) with the sentence's words: it finds judgements the word lists
    miss, and can pass a judgement word the lists take out of its sense. An evidence field that
    is an aim by its name (block ``aim``) is left to the rules. So is a sentence where the
    project's ``lint:`` settings change the rules' verdict, or where one of the project's own
    entries stands: the project has the last word."""
    signals = RuleSignals()
    info = rule_classify(sentence, words, block, signals)
    if signals.gate or info.kind == "figure" or block == "aim":
        return info
    if words is not Words.default() and _project_decides(sentence, words, block, signals, info):
        return info
    from annualreport.lint.claim_model import model_claim

    return model_claim(info, signals, block)


def _project_decides(sentence: str, words: Words, block: str, signals: RuleSignals, info: ClaimInfo) -> bool:
    if words.own is not None and any(words.own.scan(signals.text).values()):
        return True
    return rule_classify(sentence, Words.default(), block).is_claim != info.is_claim


def rule_classify(sentence: str, words: Words, block: str = "paragraph", signals: RuleSignals | None = None, complete: bool = False) -> ClaimInfo:
    """The rules' verdict (the module docstring). With ``signals``, records what they saw;
    ``complete``: reads on past a question, thanks or procedure, so that they are complete."""
    sig = signals if signals is not None else RuleSignals()
    if block in ("heading", "code"):
        sig.gate = block
        return ClaimInfo(False, None, (), block)
    text = _clean(sentence, block)
    stripped = text.strip()
    sig.text = text
    if not any(c.isalnum() for c in stripped):
        sig.gate = "no words"
        return ClaimInfo(False, None, (), "no words")
    gated: ClaimInfo | None = None
    if _QUESTION.search(stripped):
        gated = ClaimInfo(False, None, (), "question")
        sig.gate = "question"
    found = words.scanner.scan(text)
    if found["thanks_words"] and gated is None:
        gated = ClaimInfo(False, None, (), f"thanks: '{found['thanks_words'][0].group(0).strip()}'")
        sig.gate = "thanks"
    if found["procedure_words"] and gated is None:
        content = reported_content(text, found["procedure_words"][0])
        if content is not None:  # "Members highlighted that ...": classified on what was reported
            text = " " * content + text[content:]
            found = words.scanner.scan(text)
            sig.text, sig.reported = text, True
        if content is None or found["procedure_words"] or found["thanks_words"]:
            gated = ClaimInfo(False, None, (), f"procedure: '{(found['procedure_words'] or found['thanks_words'])[0].group(0).strip()}'")
            sig.gate = "procedure"
    if gated is not None and not complete:
        return gated
    figures = _figures(text, words, found["not_figures"])
    one = one_count(text)
    if one and not _overlaps(one[0], one[1], [(f.start, f.end) for f in figures]):
        figures.insert(0, Figure(text[one[0]:one[1]], 1.0, "number", one[0], one[1], 0))
    names = [m.span() for m in found["not_judgement"]]
    judgements = [(m.start(), m.end(), m.group(0).strip()) for m in found["judgement_words"] if not _overlaps(m.start(), m.end(), names) and not _in_title_name(text, m)]
    judgements += [j for j in evaluative_spans(text) + count_spans(text) if not _overlaps(j[0], j[1], names)]
    sig.figures = tuple(f.kind for f in figures)
    sig.judgements = tuple(j[2] for j in judgements)
    if not figures and not judgements:
        return gated or ClaimInfo(False, None, (), "no figure or judgement")
    spans = _irrealis(text, words, found["plan_words"], found["purpose_words"])
    stated = tuple(f for f in figures if not _inside(f.start, spans))
    sig.stated = tuple(f.kind for f in stated)
    sig.stated_judgements = tuple(j[2] for j in judgements if not _inside(j[0], spans))
    sig.irrealis = tuple(s[2] for s in spans if any(_inside(p, [s]) for p in [f.start for f in figures] + [j[0] for j in judgements]))
    if gated is not None:
        return gated
    if stated:
        return ClaimInfo(True, "figure", stated, f"figure '{stated[0].text}'")
    for start, _end, said in sorted(judgements):
        if not _inside(start, spans):
            return ClaimInfo(True, "judgement", (), f"judgement '{said}'")
    first = figures[0].start if figures else min(judgements)[0]
    span = _inside(first, spans)
    return ClaimInfo(False, None, (), f"plan or purpose: '{span[2] if span else '?'}'")
