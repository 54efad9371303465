r"""Matching a figure that a claim states to the values of the evidence it cites (AR103).

A figure matches a cited value as it is usually written: rounded as written ("19.7" for
19.66), a percentage as a fraction of 1 ("45%" for 0.45), money in thousands or millions
("£1.2m" for 1,184,000), and "more than", "under", "about" before it.

A figure derived from two cited values matches only when the sentence says how it was derived,
so that with an item of several values a wrong figure does not pass by chance:

* a **difference** (b − a): "rose by", "fell by", "increased/decreased by", "higher/more/fewer
  than ... by", "up/down N", "N more/fewer/extra", "a rise/fall/increase of N", "a further N",
  "N above/below", "an N-point rise";
* a **percentage change** ((b − a) / a): the same words with a percentage or a fraction
  ("rose by 8%", "down 12%", "an 8% increase/decrease/rise/fall/reduction", "8% more", "fell by
  a third", "rose by 53 (15%)");
* a **proportion** (a / b as a percentage): "N% of", "N in M", "N out of M", "three in four",
  "a third", "63% (15 of 24)", "of the 24 reviews, 63% ...", "the proportion/rate/share ...
  was N%";
* a **total** (the sum of a map's values, of the cited items' fields, or of two cited values):
  "total", "in all", "altogether", "combined";
* a **ratio**: the figure's own words ("doubled", "twice", "3 times as many").

``relations(sentence, figure)`` reads which of these the sentence says of a figure;
``figure_matches(figure, values, sentence, totals)`` tests the figure against the values and
only those relations; ``unsaid_relation`` names a relation that would have matched had the
sentence said it (for the hint of AR103).
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Iterable

from annualreport.lint.text.figures import Figure
from annualreport.lint.text.word_lists import MULTIPLIERS

DIFFERENCE = "difference"
CHANGE = "percentage change"
PROPORTION = "proportion"
TOTAL = "total"
RATIO = "ratio"

#: the kinds of figure each relation can give
KINDS = {DIFFERENCE: ("number", "money", "percent"), CHANGE: ("percent", "fraction"), PROPORTION: ("percent", "fraction"), TOTAL: ("number", "money")}

#: what a writer could add to say the relation, for the hint
SAY_IT = {
    DIFFERENCE: "'rose by N', 'fell by N', 'N more', 'N fewer'",
    CHANGE: "'rose by N%', 'fell by N%', 'an N% increase'",
    PROPORTION: "'N% of ...', 'N in M', 'N out of M'",
    TOTAL: "'a total of N', 'N in all', 'N altogether', 'N combined'",
}

# --------------------------------------------------------------------------------------------
# What the sentence says

#: words that may stand between the cue and the figure ("rose by more than 20")
_QUALIFIED = (
    r"(?:(?:just|well|only|some|about|around|nearly|almost|approximately|approx\.?|roughly|over|under|more\s+than"
    r"|less\s+than|fewer\s+than|at\s+least|up\s+to|close\s+to|in\s+excess\s+of|a\s+further|an\s+extra|another)\s+)*"
)
_CHANGE_WORD = (
    r"(?:r[oi]se|risen|rises|rising|increas\w*|gr[eo]w\w*|f[ae]ll\w*|falls|decreas\w*|dropp?\w*|declin\w*|reduc\w*|cut"
    r"|(?:went|gone|go|goes|going)\s+(?:up|down)|higher|lower|more|fewer|less|greater|smaller|larger|bigger"
    r"|improv\w*|worsen\w*|than|exceed\w*|outnumber\w*|up|down|climb\w*|jump\w*|slipp?\w*|shr[aiu]nk\w*|expand\w*"
    r"|narrow\w*|widen\w*|short|behind|ahead)"
)
_BREAK = re.compile(r"[;:!?()]|\.\s|\s[–—-]\s")
#: "... rose by", "higher than last year by"
_BY = re.compile(rf"\b{_CHANGE_WORD}\b[^;:!?]{{0,60}}?\bby\s+{_QUALIFIED}$", re.I)
#: "up 25", "down by 12%"
_UP_DOWN = re.compile(rf"\b(?:up|down)\s+(?:by\s+)?{_QUALIFIED}$", re.I)
#: "a rise of 25", "an increase of 8%", "a further 25", "another 25"
_NOUN_OF = re.compile(
    rf"\b(?:rise|increase|fall|drop|decrease|reduction|decline|growth|difference|change|gap|improvement|uplift|cut|jump|swing|shortfall)\s+of\s+{_QUALIFIED}$"
    r"|\b(?:a\s+further|an\s+(?:extra|additional)|another)\s+$",
    re.I,
)
#: "25 more", "12 fewer children", "5 points above"; not "12 or more"
_MORE_AFTER = re.compile(
    r"^\s*(?:(?!(?:or|and|to|times|as|in|of)\b)[a-z-]+\s+)?(?:more|fewer|less|extra|additional|higher|lower|greater|up|down|above|below)\b", re.I
)
#: "an 8% increase", "a 5-point rise"
_NOUN_AFTER = re.compile(
    r"^[\s-]*(?:(?:percentage[\s-]+)?points?[\s-]+)?(?:increase|decrease|rise|fall|drop|reduction|decline|improvement|uplift|growth|jump|cut|gap|difference|change|swing)\b",
    re.I,
)
#: "45% of", "45% in", "45% out of", "63% (15 of 24)"
_OF_AFTER = re.compile(r"^\s*(?:of|in|out\s+of)\b|^\s*\(\s*\d[\d,]*\s+(?:of|in|out\s+of)\s+\d", re.I)
#: a figure and an opening bracket before the figure: "rose by 53 (" or "fell by 12% ("
_IN_BRACKET = re.compile(r"[£$€]?\d[\d,.]*\s*(?:%|per\s*cent|percentage\s+points?|k|m|million)?\s*\(\s*$", re.I)
#: "the proportion of ... was 45%", "of the 24 reviews, 63%", "of these, 40%"
_PROPORTION_BEFORE = re.compile(
    rf"\b(?:proportion|percentage|share|rate|per\s*cent)\b[^;:!?]{{0,60}}?\b(?:was|were|is|are|stood\s+at|reached|rose\s+to|fell\s+to|to|at|of|remained|now)\s+{_QUALIFIED}$"
    rf"|\bof\s+(?:the|these|those|them|whom|which|all)\b[^;:!?]{{0,50}}?,?\s+{_QUALIFIED}$",
    re.I,
)
_POINTS = re.compile(r"(?i)points?|pp$")
_TOTAL = re.compile(r"\b(?:total\w*|in\s+all|altogether|combined|all\s+told|between\s+them|sum\s+of)\b", re.I)


def relations(sentence: str, figure: Figure) -> frozenset[str]:
    """The relations of two cited values that ``sentence`` says ``figure`` is (see the module
    docstring). ``figure``'s offsets are the sentence's. A figure in brackets after another
    ("rose by 53 (15%)") is read with the words around the bracket."""
    kind = figure.kind
    if kind == "ratio":
        return frozenset({RATIO})
    before = sentence[max(0, figure.start - 90) : figure.start]
    after = sentence[figure.end : figure.end + 40]
    bracket = _IN_BRACKET.search(before)
    if bracket and after.lstrip().startswith(")"):
        before, after = before[: bracket.start()] + " ", after.lstrip()[1:]
    cut = None
    for cut in _BREAK.finditer(before):
        pass
    if cut is not None:
        before = before[cut.end() :]
    said: set[str] = set()
    changed = bool(_BY.search(before) or _UP_DOWN.search(before) or _NOUN_OF.search(before) or _MORE_AFTER.match(after) or _NOUN_AFTER.match(after))
    if changed and kind in KINDS[DIFFERENCE]:
        said.add(DIFFERENCE)
    if changed and kind in KINDS[CHANGE] and not _POINTS.search(figure.text):
        said.add(CHANGE)  # "rose by 8%", "fell by a third"; not "rose by 5 percentage points"
    if (kind == "fraction" and not changed) or (kind == "percent" and (_OF_AFTER.match(after) or _PROPORTION_BEFORE.search(before))):
        said.add(PROPORTION)
    if kind in KINDS[TOTAL] and _TOTAL.search(sentence):
        said.add(TOTAL)
    return frozenset(said)


# --------------------------------------------------------------------------------------------
# The values


def _interval(figure: Figure) -> tuple[float, float]:
    f = figure.value
    if figure.kind == "fraction":
        tol = 2.5
    elif figure.kind == "ratio":
        tol = 0.1 * abs(f)
    else:
        tol = 0.5 * 10 ** (-figure.places)
    tol += 1e-9 * max(1.0, abs(f))
    if figure.qualifier == "over":
        return f - tol, math.inf
    if figure.qualifier == "under":
        return -math.inf, f + tol
    if figure.qualifier == "about":
        wide = max(tol, 0.1 * abs(f))
        return f - wide, f + wide
    return f - tol, f + tol


def _any_between(values: list[float], lo: float, hi: float, skip: int) -> bool:
    """Is there a value in [lo, hi] at an index other than ``skip``?"""
    if lo > hi:
        return False
    i = bisect.bisect_left(values, lo)
    while i < len(values) and values[i] <= hi:
        if i != skip:
            return True
        i += 1
    return False


_MULT_IN_TEXT = re.compile(r"(?i)(k|m|mn|bn|million|billion|thousand)\s*$")


class Numbers(list):
    """Numbers made ready for matching: finite, as floats, sorted. Made once for many figures
    (``prepared``), they are not sorted again for each."""


def prepared(values: Iterable) -> Numbers:
    if isinstance(values, Numbers):
        return values
    return Numbers(sorted(float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)))




def _held(figure: Figure, vals: list[float], lo: float, hi: float) -> bool:
    """A value as it is written: rounded, a percentage as a fraction of 1, money in thousands."""
    kind = figure.kind  # vals are sorted: each test is a search, not a pass over them all
    if _any_between(vals, lo, hi, -1):
        return True
    if kind in ("percent", "fraction") and _any_between(vals, max(lo / 100, -1.0), min(hi / 100, 1.0), -1):
        return True  # a fraction of 1 (0 itself is held above when the figure allows it)
    if kind == "money":
        mult = _MULT_IN_TEXT.search(figure.text)
        if mult:
            scale = MULTIPLIERS[mult.group(1).lower()]
            if _any_between(vals, lo / scale, hi / scale, -1):
                return True
    return False


def _derived(relation: str, figure: Figure, vals: list[float], lo: float, hi: float) -> bool:
    """Whether two of ``vals`` stand in ``relation`` with a result in [lo, hi]."""
    if relation == DIFFERENCE:  # b - a
        return any(_any_between(vals, a + max(lo, 0), a + hi, i) for i, a in enumerate(vals))
    if relation == CHANGE:  # (b - a) / a, up or down
        for i, a in enumerate(vals):
            if a > 0 and (_any_between(vals, a * (1 + lo / 100), a * (1 + hi / 100), i) or _any_between(vals, a * (1 - hi / 100), a * (1 - lo / 100), i)):
                return True
        return False
    if relation == PROPORTION:  # a / b * 100
        return any(b > 0 and _any_between(vals, b * lo / 100, b * hi / 100, i) for i, b in enumerate(vals))
    if relation == TOTAL:  # a + b
        return any(_any_between(vals, lo - a, hi - a, i) for i, a in enumerate(vals))
    if relation == RATIO:  # b / a
        r_lo, r_hi = (lo, hi) if figure.value >= 1 else ((1 / hi if hi > 0 else 0), (1 / lo if lo > 0 else math.inf))
        return any(a > 0 and _any_between(vals, a * r_lo, a * r_hi, i) for i, a in enumerate(vals))
    return False


def _matches(figure: Figure, values: Iterable, said: Iterable[str], totals: Iterable) -> bool:
    vals = prepared(values)
    lo, hi = _interval(figure)
    said = set(said)
    if TOTAL in said and _held(figure, prepared(totals), lo, hi):
        return True
    if not vals:
        return False
    if _held(figure, vals, lo, hi):
        return True
    if len(vals) < 2:
        return False
    if len(vals) > 5000:
        vals = vals[:5000]
    return any(_derived(relation, figure, vals, lo, hi) for relation in (DIFFERENCE, CHANGE, PROPORTION, TOTAL, RATIO) if relation in said)


def figure_matches(figure: Figure, values: Iterable, sentence: str = "", totals: Iterable = ()) -> bool:
    """Whether the cited ``values`` hold ``figure`` as ``sentence`` (where it stands) states
    it: a value as written, or two values in a relation the sentence says (see the module
    docstring); ``totals`` (of the cited items' maps and fields) count when it says "total"."""
    return _matches(figure, values, relations(sentence, figure), totals)


ALL_RELATIONS = (DIFFERENCE, CHANGE, PROPORTION, TOTAL, RATIO)


def figure_derives(figure: Figure, values: Iterable, totals: Iterable = ()) -> bool:
    """Whether ``figure`` is a cited value or any relation of two (or a total): the test for
    the sentences the build writes itself, whose figures it computes from the items they cite
    and whose words are ours, not the writer's. Pass ``values`` already ``prepared`` (with
    the totals among them) to make them once for many figures."""
    totals = list(totals)
    merged = prepared(values) if not totals else prepared(list(values) + totals)
    return _matches(figure, merged, ALL_RELATIONS, ())


def figure_in_part(figure: Figure, values: Iterable, aggregates: Iterable) -> bool:
    """Whether a generated sentence's ``figure`` comes from its part as a whole: one of the
    part's ``values`` as written (its totals and counts among them), or, for a percentage, a
    share of one of its ``aggregates`` in another (the totals of its fields and of each key of
    its maps, and its counts: "Probation: 23 of 2,222 attended, 1%"). Other relations of any
    two values of the whole part are not tried: with enough items nearly every figure is one
    by chance, and the search grows with the square of the evidence. A row's relations are
    tried among the items the row cites (``figure_derives``)."""
    lo, hi = _interval(figure)
    share = figure.kind in KINDS[PROPORTION]
    return _held(figure, prepared(values), lo, hi) or (share and _matches(figure, aggregates, (PROPORTION,), ()))


def unsaid_relation(figure: Figure, values: Iterable, sentence: str = "", totals: Iterable = ()) -> str | None:
    """A relation the sentence does not say that would have matched ``figure``, or None."""
    said = relations(sentence, figure)
    for relation in (DIFFERENCE, CHANGE, PROPORTION, TOTAL):
        if relation not in said and figure.kind in KINDS[relation] and _matches(figure, values, {relation}, totals):
            return relation
    return None
