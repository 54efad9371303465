"""Figures: the numbers, percentages, money, fractions and multiples a sentence states, with
how each is written (places, qualifier), and never dates, years, ages, timescales, section
numbers, phone numbers or the names of things."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from annualreport.lint.text.masking import clean
from annualreport.lint.text.numbers import W_BELOW100, W_NUM, W_TEEN, W_TENS, W_UNIT, number_value, word_value
from annualreport.lint.text.spans import SENTENCE_START, Spans, overlaps
from annualreport.lint.text.word_lists import FRACTION_WORDS, MONTHS, MULTIPLES, MULTIPLIERS
from annualreport.lint.text.words import Words


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


_FIG_DIGITS = re.compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)(?:(?P<cur>[£$€])\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![.,:/]\d)"
    r"(?:\s?(?P<mult>k|m|mn|bn|million|billion|thousand)(?![\w]))?"
    r"(?P<pct>\s?(?:%|per\s?cent(?!\w)|percent(?!\w)|percentage\s+points?(?!\w)|pp(?!\w)))?"
    r"(?P<plus>\+)?(?![A-Za-z0-9])"
)
_FIG_WORDS = re.compile(rf"(?<![\w-])(?P<num>{W_NUM})(?![\w-])", re.I)
_FIG_IN = re.compile(
    rf"(?<![\w.,£$€-])(?P<a>\d{{1,3}}|{W_BELOW100})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>\d{{1,3}}(?:,\d{{3}})*|{W_BELOW100}|a\s+hundred|one\s+hundred)"
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
    rf"(?<![\w.,-])(?P<n>\d+(?:\.\d+)?|{W_BELOW100}|twice)\s+(?:times\s+)?(?=(?:as|more|higher|lower|greater|less|likelier|larger|bigger|the\s+(?:rate|number|level|national|england|average))\b)"
    rf"|(?<![\w.,-])(?P<f>\d+(?:\.\d+)?|{W_BELOW100})[- ]?fold\b",
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


def _qualifier(text: str, start: int) -> str:
    match = _QUALIFIER.search(text, max(0, start - 30), start)
    if not match:
        return ""
    return "over" if match.group("over") else "under" if match.group("under") else "about"


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
    if SENTENCE_START.match(text[: match.end(1) - len(words[0]) - 1]):
        return False
    return not re.match(r"\s*(?:[a-z%£]|per\b)", text[end:end + 12])


def figures_in(text: str, words: Words, not_figures: list[re.Match] | None = None) -> list[Figure]:
    """The figures of a masked text (``masking.clean``); ``not_figures``: the matches of the
    ``not_figures`` list, when the caller has scanned the text already."""
    if not _HAS_DIGIT.search(text) and not _MAYBE_WORD_FIGURE.search(text):
        return []
    from annualreport.lint.identifying import spans as identifying_spans

    if not_figures is None:
        not_figures = words.scanner.scan(text)["not_figures"]
    excluded = Spans([*(m.span() for m in not_figures), *identifying_spans(text)])
    taken = Spans()
    out: list[Figure] = []

    def add(a: int, b: int, value: float, kind: str, places: int, qualifier: str | None = None) -> None:
        taken.append((a, b))
        out.append(Figure(text[a:b], value, kind, a, b, places, _qualifier(text, a) if qualifier is None else qualifier))

    low = text.lower()
    words_too = bool(_MAYBE_WORD_FIGURE.search(text))
    for m in (_FIG_IN.finditer(text) if (" in " in low or " out of " in low) else ()):
        a_val = number_value(m.group("a"))
        b_val = number_value(m.group("b"))
        if a_val is None or b_val is None or not (0 < a_val < b_val) or b_val < 2:
            continue
        if overlaps(m.start("a"), m.end("a"), excluded) or overlaps(m.start("b"), m.end("b"), excluded):
            continue
        add(m.start(), m.end(), a_val / b_val * 100, "fraction", 0)
    for m in (_FIG_SLASH.finditer(text) if "/" in text else ()):
        a_val, b_val = int(m.group("a")), int(m.group("b"))
        if not (0 < a_val <= b_val) or overlaps(m.start(), m.end(), excluded):
            continue
        if b_val == a_val + 1 and len(m.group("a")) == 2 and _YEAR_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue  # "the Business Plan 16/17", "in 17/18": a year
        add(m.start(), m.end(), a_val / b_val * 100, "fraction", 0)
    for m in (_FIG_FRACTION.finditer(text) if words_too else ()):
        if overlaps(m.start(), m.end(), taken) or overlaps(m.start(), m.end(), excluded):
            continue
        n, d = m.group("n").lower(), m.group("d").lower()
        plural = d.endswith("s")
        n_val = 1.0 if n in ("a", "an") else number_value(n)
        if n_val is None:
            continue
        if n_val == 1:
            if plural or not _AFTER_SINGULAR_FRACTION.match(text, m.end()) or _TIME_BEFORE_FRACTION.search(text, max(0, m.start() - 12), m.start()):
                continue
        elif not plural:
            continue
        if n[0].isupper() and not SENTENCE_START.match(text[: m.start()]):
            continue
        add(m.start(), m.end(), n_val / FRACTION_WORDS[d] * 100, "fraction", 0)
    for m in (_FIG_HALF.finditer(text) if "half" in low else ()):
        if overlaps(m.start(), m.end(), taken):
            continue
        before = text[max(0, m.start() - 25):m.start()]
        if _NOT_BEFORE_HALF.search(before) or not (_BEFORE_HALF.search(before) or _AFTER_HALF.match(text, m.end())):
            continue
        add(m.start(), m.end(), 50.0, "fraction", 0)
    for m in (_FIG_MULTIPLE.finditer(text) if words_too else ()):
        if not overlaps(m.start(), m.end(), taken):
            add(m.start(), m.end(), float(MULTIPLES[m.group(0).lower()]), "ratio", 0)
    for m in (_FIG_TIMES.finditer(text) if ("times" in low or "fold" in low or "twice" in low) else ()):
        if overlaps(m.start(), m.end(), taken) or overlaps(m.start(), m.end(), excluded):
            continue
        token = m.group("n") or m.group("f")
        value = 2.0 if token.lower() == "twice" else number_value(token)
        if value is None or value <= 1:
            continue
        end = m.end() if m.group("f") else m.start() + len(m.group(0).rstrip())
        add(m.start(), end, value, "ratio", 0)
    for m in _FIG_DIGITS.finditer(text):
        a, b = m.start(), m.end()
        core = m.span("num")
        if overlaps(a, b, taken) or overlaps(core[0], core[1], excluded):
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
        if overlaps(a, b, taken) or overlaps(a, b, excluded):
            continue
        word = m.group(0)
        if word[0].isupper() and not SENTENCE_START.match(text[:a]):
            continue  # "Project Five", "Three Rivers": a name
        if word.lower() == "one" and not _ONE_COUNTS.search(text, max(0, a - 20), a):
            continue
        if _DEFINITE_BEFORE.search(text, max(0, a - 8), a):
            continue  # "the three priorities": a set already named, not a count
        value = word_value(word)
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
    rf"(?<![\w-])(?:{W_TENS}|{W_TEEN}|{W_UNIT}|zero|half|third|thirds|quarter|quarters|fifths?|tenths?|{'|'.join(MULTIPLES)}|twice|fold|hundred)(?![\w])",
    re.I,
)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_ONE_COUNTS = re.compile(r"\b(?:only|just|exactly|at\s+least|more\s+than|fewer\s+than|less\s+than|all\s+but|a\s+further|another|over|under|around|about|nearly|almost)\s+$", re.I)


def find_figures(sentence: str, words: Words) -> list[Figure]:
    """The figures a sentence states, in order: numbers, percentages, money, fractions
    ("three in four", "a third") and multiples ("doubled"); not dates, years, ages, timescales,
    section numbers, phone numbers or the names of things. Offsets are the sentence's."""
    return figures_in(clean(sentence), words)
