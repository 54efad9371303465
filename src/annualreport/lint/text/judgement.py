"""Judgement beyond the word lists: words of quality, pace, sufficiency, clarity, stability,
consistency and assurance found by where they stand in the sentence.

* An **adjective as the complement of a linking verb** ("The escalation policy is clear",
  "Health partners were slow to respond", "The impact has been considerable") judges its
  subject when the adjective is subjective. Whether it is comes from the subjectivity lexicon
  for English adjectives of Pattern (CLiPS), as TextBlob ships it (``textblob/en/en-sentiment.xml``;
  TextBlob is MIT, the lexicon BSD-3-Clause). It is read from the installed package's data,
  once and only when a sentence has a linking verb: TextBlob itself (and NLTK) is never imported.
* **Nouns of quality after a verb that states them** ("There remain inconsistencies in
  recording", "The audit gave reassurance to the Executive").
* **Verbs that judge by comparison or effect**, stated rather than planned ("Costs far exceed
  the grant", "The arrangement ensured that every school was heard").

Each finding is a span ``(start, end, words)``; plans and purposes around it are the caller's.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

#: subjectivity (0 objective .. 1 subjective) from which a complement adjective judges
SUBJECTIVITY = 0.45

_LINKING = (
    r"(?:is|are|was|were|been|be|remains?|remained|seems?|seemed|appears?|appeared|"
    r"became|becomes|proved|proves|felt|feels|looks?|looked|stays?|stayed|continues?\s+to\s+be|continued\s+to\s+be)"
)
_MODIFIER = r"(?:not|now|still|also|generally|largely|mostly|broadly|overall|very|more|less|most|least|far|too|so|highly|particularly|increasingly|consistently|sufficiently|really|quite|rather|fairly|often|always|usually|sometimes|typically|relatively|extremely|equally|suitably|appropriately|reasonably|much|well|somewhat|clearly|notably|only|just|even|entirely|fully|wholly|partly|partially)"
_COMPLEMENT = re.compile(rf"\b{_LINKING}\s+(?:{_MODIFIER}\s+){{0,3}}(?P<adj>[a-z][a-z-]+)\b", re.I)

#: adjectives that state a duty, a fact of form or a feeling about the future, not a judgement
_NOT_EVALUATIVE = frozenset("""
important vital essential crucial key necessary critical imperative paramount central integral
responsible accountable able unable available aware due likely unlikely keen willing eager
new old current present past final last first next same different other such own whole
sure certain possible impossible public private local national statutory legal formal
open closed free full empty late early young real true independent separate worth
""".split())

#: nouns of quality, stated by "there remain(s) ...", "gave ...", "provided ..."
_QUALITY_NOUN = (
    r"(?:inconsistenc(?:y|ies)|variabilit(?:y|ies)|variations?|gaps?|shortfalls?|backlogs?|delays?|drift|"
    r"weakness(?:es)?|strengths?|challenges?|concerns?|pressures?|difficult(?:y|ies)|deficits?|"
    r"(?:re)?assurance|confidence|stability|instability|consistency|resilience|capacity\s+issues|"
    r"a\s+way\s+to\s+go|work\s+to\s+do|areas?\s+(?:of|for)\s+(?:concern|development|improvement))"
)
_STATED_NOUN = re.compile(
    rf"\b(?:there\s+(?:remains?|remained|continues?\s+to\s+be|continued\s+to\s+be|(?:is|are|was|were)\s+still|persists?|persisted)"
    rf"|(?:gave|gives|give|given|provided|provides|offered|offers|brought|brings|gained|gains|took|takes)\s+(?:(?:some|good|strong|real|significant|sufficient|limited|little|no|full|further|clear|the|a|an)\s+)*)"
    rf"\s*(?:(?:some|real|significant|considerable|clear|persistent|ongoing|continued|continuing|key|several|many|few)\s+)*(?P<noun>{_QUALITY_NOUN})\b",
    re.I,
)
#: verbs of comparison or effect, in a stated (not base) form
_JUDGING_VERB = re.compile(
    r"\b(?P<verb>exceed(?:s|ed)|outperform(?:s|ed)|surpass(?:es|ed)|lag(?:s|ged)\s+behind|ensured|secured\s+(?:better|improved|good)|"
    r"exceed|outperform|(?<!\bbeen\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)prevented|averted|transformed|underpins?|underpinned|"
    r"struggled|struggles|excelled|thrived|flourished)\b",
    re.I,
)

#: before a linking verb: the writer's own feeling ("we are not satisfied"), "there is"
#: (existence, not a subject judged), or a clause of setting or condition ("where resources are limited")
_NOT_A_JUDGE = re.compile(r"(?:\b(?:we|i|there|it|to)\s+|\b(?:where|when|if|unless|whether)\b[^,;]*)$", re.I)

_PASSIVE_AFTER = re.compile(r"\s+(?:that|by|further|in|into|within|as|to|at|on|from|during)\b", re.I)


@functools.lru_cache(maxsize=1)
def subjective_adjectives() -> dict[str, float]:
    """Adjective -> its highest subjectivity in Pattern's lexicon (empty if TextBlob is not installed)."""
    spec = importlib.util.find_spec("textblob")  # finds the package without importing it (or NLTK)
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(list(spec.submodule_search_locations)[0]) / "en" / "en-sentiment.xml"
    if not path.is_file():
        return {}
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if 'pos="JJ"' not in line or "<word " not in line:
            continue
        attributes = dict(pair.split('="', 1) for pair in line.strip().lstrip("<word").rstrip("/>").strip().split('" ') if '="' in pair)
        try:
            word, value = attributes["form"].lower(), float(attributes["subjectivity"].rstrip('"'))
        except (KeyError, ValueError):
            continue
        if value > out.get(word, -1):
            out[word] = value
    return out


def evaluative_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that judge, by the structure around the word (see the module docstring)."""
    spans: list[tuple[int, int, str]] = []
    low = text.lower()
    if any(v in low for v in (" is ", " are ", " was ", " were ", " been ", "remain", " seem", " appear", "became", "proved", " felt", " look", " stay", " be ")):
        lexicon = None
        for m in _COMPLEMENT.finditer(text):
            adj = m.group("adj").lower()
            if adj in _NOT_EVALUATIVE or _NOT_A_JUDGE.search(text, max(0, m.start() - 60), m.start()):
                continue
            if adj.endswith("ed") and _PASSIVE_AFTER.match(text, m.end()):
                continue  # "was detailed further", "it was confirmed that": a passive verb, not an adjective
            lexicon = lexicon if lexicon is not None else subjective_adjectives()
            if lexicon.get(adj, 0.0) >= SUBJECTIVITY:
                spans.append((m.start("adj"), m.end("adj"), m.group(0)))
    for m in _STATED_NOUN.finditer(text):
        spans.append((m.start("noun"), m.end("noun"), m.group(0)))
    for m in _JUDGING_VERB.finditer(text):
        spans.append((m.start("verb"), m.end("verb"), m.group("verb")))
    return spans
