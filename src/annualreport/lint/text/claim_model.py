"""A trained model that finds the claims the rules miss.

The rules of ``annualreport.lint.text`` are precise about figures, but a list of words cannot
know every way a report judges ("Social workers carefully consider children's experiences",
"We had lost our grip"). So a sentence the rules do not settle is weighed by a logistic
regression over:

* its words, lower-cased and stemmed, one by one and in pairs, with numbers read as their shape
  (a number, a percentage, money, a year, an ordinal);
* what the rules saw: figures (stated or inside a plan), judgement words, the plan, purpose and
  duty words that held them, reported speech in minutes, the Markdown block;
* how subjective its adjectives are in Pattern's lexicon (``annualreport.lint.text.judgement``).

A sentence the rules found a stated figure in is a claim whatever the model says (figures are
what the rules are precise about, and every stated figure is checked against the evidence).
Any other sentence that is not a heading, question, thanks or procedure is a judgement claim
when the model's probability is at least ``threshold`` in the model file, and not a claim
otherwise, whether or not the rules found a judgement word (they are one of its features).

The model is ours, trained on this project's labelled sentences (``tests/data``) by
``benchmarks/train_claims_model.py``, which regenerates ``data/claims_model.json`` exactly.
Scoring is pure Python: the file is read once, on first use, and a sentence's score is a sum
of the weights of its features, so the same sentence gets the same answer every run.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annualreport.lint.text.classification import ClaimInfo

MODEL = "claims_model.json"

_TOKEN = re.compile(r"£\s?\d[\d,]*(?:\.\d+)?[km]?|\d[\d,]*(?:\.\d+)?(?:\s?%|\s?per\s?cent\b|st\b|nd\b|rd\b|th\b)?|[a-z]+(?:['’][a-z]+)?", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
#: the writer as the subject, and their own feeling ("We are not satisfied with ...", "I am pleased to ...")
_OWN_FEELING = re.compile(r"^\W*(?:we|i)\s+(?:are|am|were|was|have\s+been|remain|feel|felt)\s+(?:not\s+|very\s+|really\s+|still\s+)*[a-z]+\b", re.I)
#: how a sentence ends: a lead-in to a list (":"), a question, a full stop, or nothing
_ENDING = re.compile(r"([:;?.!]?)[\s\"'”’)\]*_]*$")
_SUFFIXES = ("ational", "ations", "ation", "ments", "ment", "ities", "ity", "iness", "ness", "ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s")


@dataclass
class RuleSignals:
    """What the rules saw in a sentence, for the trained model (``annualreport.lint.text.claim_model``)."""

    gate: str = ""  # heading, code, no words, question, thanks, procedure: not a claim, whatever else
    text: str = ""  # the sentence cleaned (citations and markup out; procedure blanked when reported)
    reported: bool = False  # minutes reporting what someone said ("Members heard that ...")
    figures: tuple[str, ...] = ()  # the kinds of every figure found
    stated: tuple[str, ...] = ()  # the kinds of the figures stated (outside a plan)
    judgements: tuple[str, ...] = ()  # the judgement words found
    stated_judgements: tuple[str, ...] = ()  # those outside a plan
    irrealis: tuple[str, ...] = ()  # the plan, purpose and duty words whose clause holds one


def stem(word: str) -> str:
    """A crude suffix-stripping stem: "improvements", "improved", "improving" -> "improv"."""
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def token(raw: str) -> str:
    """A word's stem, or a number's shape."""
    low = raw.lower()
    if low[0] == "£":
        return "#money"
    if low[0].isdigit():
        if low.endswith(("%", "cent")):
            return "#pct"
        if low.endswith(("st", "nd", "rd", "th")):
            return "#ord"
        if _YEAR.match(low):
            return "#year"
        return "#dec" if "." in low else "#num"
    return stem(low.replace("’", "'"))


#: words too common to name as the reason a sentence was read as a claim
_FUNCTION_WORDS = frozenset("""
a an the this that these those it its is are was were be been being has have had do does did
and or but of in on at to for from by with as than so not no we our they their he she his her
i my you your there here which who what when where how said told
""".split())


def _bucket(value: float, edges: tuple[float, ...]) -> str:
    for edge in edges:
        if value < edge:
            return f"<{edge}"
    return f">={edges[-1]}"


def features(signals: RuleSignals, block: str, verdict: str) -> set[str]:
    """The names of a sentence's features (each present once; the model weighs each by name).
    ``verdict`` is the first word of the rules' reason ("figure", "judgement", "plan", "no")."""
    from annualreport.lint.text.judgement import subjective_adjectives

    out = {f"block:{block}", f"rule:{verdict}", f"gate:{signals.gate or '-'}"}
    raw = [m.group(0) for m in _TOKEN.finditer(signals.text)]
    tokens = [token(t) for t in raw]
    out.update(f"w:{t}" for t in tokens)
    out.update(f"b:{a}_{b}" for a, b in zip(["^", *tokens], [*tokens, "$"]))
    out.add(f"len:{_bucket(len(tokens), (6, 12, 20, 30, 45))}")
    out.add(f"end:{_ENDING.search(signals.text).group(1) or '-'}")
    if _OWN_FEELING.search(signals.text):
        out.add("own-feeling")
    if signals.reported:
        out.add("reported")
    out.update(f"fig:{k}" for k in signals.figures)
    out.update(f"stated:{k}" for k in signals.stated)
    if signals.figures and not signals.stated:
        out.add("fig:all-in-plan")
    if signals.judgements:
        out.add("judg:any")
    if signals.stated_judgements:
        out.add("judg:stated")
    if signals.judgements and not signals.stated_judgements:
        out.add("judg:all-in-plan")
    out.update(f"irr:{' '.join(w.lower().split())}" for w in signals.irrealis)
    lexicon = subjective_adjectives()
    scores = [lexicon[w] for w in (t.lower() for t in raw) if w in lexicon]
    if scores:
        out.add(f"subj:max{_bucket(max(scores), (0.3, 0.5, 0.7, 0.9))}")
        strong = sum(s >= 0.5 for s in scores)
        out.add(f"subj:n{min(strong, 3)}")
    else:
        out.add("subj:none")
    return out


@functools.lru_cache(maxsize=1)
def model() -> dict:
    """The shipped model: {"bias", "threshold", "weights": {feature: weight}, ...}."""
    from importlib import resources

    text = resources.files("annualreport.lint.text").joinpath("data", MODEL).read_text(encoding="utf-8")
    return json.loads(text)


def probability(names: set[str], weights: dict | None = None) -> float:
    """The model's probability that a sentence with these features is a claim."""
    m = model() if weights is None else weights
    table = m["weights"]
    score = m["bias"] + math.fsum(table.get(name, 0.0) for name in sorted(names))
    return 1.0 / (1.0 + math.exp(-score))


def verdict_of(reason: str) -> str:
    """The first word of a rules' reason: figure, judgement, plan, no, question, thanks, procedure ..."""
    return reason.split(" ", 1)[0].split(":", 1)[0].lower()


def model_claim(info: "ClaimInfo", signals: RuleSignals, block: str) -> "ClaimInfo":
    """The verdict on a sentence the rules did not settle (no gate, no stated figure): a
    judgement claim when the model's probability reaches the threshold, else not a claim.
    ``info`` is the rules' verdict; its reason is kept when the model agrees."""
    from dataclasses import replace

    names = features(signals, block, verdict_of(info.reason))
    m = model()
    p = probability(names, m)
    if p < m["threshold"]:
        if not info.is_claim:
            return info
        return replace(info, is_claim=False, kind=None, reason=f"{info.reason} read as no judgement here (model p={p:.2f})")
    if info.is_claim:
        return info
    table = m["weights"]
    raw: dict[str, str] = {}
    for w in _TOKEN.findall(signals.text):
        if w.lower() not in _FUNCTION_WORDS:
            raw.setdefault(f"w:{token(w)}", w)
    top = sorted((n for n in raw if table.get(n, 0.0) > 0), key=lambda n: (-table[n], n))[:2]
    said = ", ".join(f"'{raw[n]}'" for n in top) or "its wording"
    return replace(info, is_claim=True, kind="judgement", reason=f"judgement read from its wording ({said}; model p={p:.2f})")
