"""Classification: whether a sentence is a claim, of which kind, with the figures it states as
true (the decisions are in the docstring of ``annualreport.lint.text``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annualreport.lint.text.claim_model import RuleSignals
from annualreport.lint.text.clauses import clause_openings, introductory_end, is_noun_phrase, reported_content
from annualreport.lint.text.counts import count_spans, one_count
from annualreport.lint.text.figures import Figure, figures_in
from annualreport.lint.text.judgement import evaluative_spans
from annualreport.lint.text.masking import clean
from annualreport.lint.text.spans import SENTENCE_START, overlaps
from annualreport.lint.text.words import Words


@dataclass(frozen=True)
class ClaimInfo:
    is_claim: bool
    kind: str | None  # "figure" | "judgement" | None
    figures: tuple[Figure, ...]  # the figures the sentence states as true (not those in a plan)
    reason: str  # which word or figure made it a claim, or why it is not one


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
    if not word[:1].isupper() or " " in word.strip() or SENTENCE_START.match(text[: match.start()]):
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
    model of ``annualreport.lint.text.claim_model``, which reads the rules' signals (their judgement
    words, plans and purposes) with the sentence's words: it finds judgements the word lists
    miss, and can pass a judgement word the lists take out of its sense. An evidence field that
    is an aim by its name (block ``aim``: a priority's aim, a group's purpose) is never a claim;
    one that is a plan (block ``plan``: next steps) is left to the rules. So is a sentence where the
    project's ``lint:`` settings change the rules' verdict, or where one of the project's own
    entries stands: the project has the last word."""
    signals = RuleSignals()
    info = rule_classify(sentence, words, block, signals)
    if signals.gate or info.kind == "figure" or block == "plan":
        return info
    if words is not Words.default() and _project_decides(sentence, words, block, signals, info):
        return info
    from annualreport.lint.text.claim_model import model_claim

    return model_claim(info, signals, block)


def _project_decides(sentence: str, words: Words, block: str, signals: RuleSignals, info: ClaimInfo) -> bool:
    if words.own is not None and any(words.own.scan(signals.text).values()):
        return True
    return rule_classify(sentence, Words.default(), block).is_claim != info.is_claim


def rule_classify(sentence: str, words: Words, block: str = "paragraph", signals: RuleSignals | None = None, complete: bool = False) -> ClaimInfo:
    """The rules' verdict (the docstring of ``annualreport.lint.text``). With ``signals``,
    records what they saw; ``complete``: reads on past a question, thanks or procedure, so that
    they are complete."""
    sig = signals if signals is not None else RuleSignals()
    if block in ("heading", "code", "aim"):  # an aim (a priority's, a group's purpose) says what is meant, not what is so
        sig.gate = block
        return ClaimInfo(False, None, (), block)
    text = clean(sentence, block)
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
    figures = figures_in(text, words, found["not_figures"])
    one = one_count(text)
    if one and not overlaps(one[0], one[1], [(f.start, f.end) for f in figures]):
        figures.insert(0, Figure(text[one[0]:one[1]], 1.0, "number", one[0], one[1], 0))
    names = [m.span() for m in found["not_judgement"]]
    judgements = [(m.start(), m.end(), m.group(0).strip()) for m in found["judgement_words"] if not overlaps(m.start(), m.end(), names) and not _in_title_name(text, m)]
    judgements += [j for j in evaluative_spans(text) + count_spans(text) if not overlaps(j[0], j[1], names)]
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
