"""Clauses: how far a plan, purpose or hedge word reaches in a sentence.

A plan word ("will", "can", "hoped", "plan to") governs its own clause and no other. Three
things of English structure keep it there:

* a *subordinate clause* starts at its subordinator ("what", "that", "whether", "who"): in
  "72% of families were asked what they hoped would change" the "would" is inside "what they
  hoped would change", and the 72% before it is stated;
* an *introductory subordinate clause* ("As the chart can show, ...", "Although we could do
  more, ...") ends at its comma: the main clause after it is stated;
* a plan word that is part of a *noun phrase* is no plan: "a Child Protection Plan", "their
  plan to date", "the Plan" (a capitalised name mid-sentence).
"""

from __future__ import annotations

import re

#: words that open a subordinate (content or relative) clause: a plan word after one reaches
#: back no further than it
_SUBORDINATOR = re.compile(r"\s(?:what|whatever|how|why|when|where|whether|who|whom|whose|which|that)\s", re.I)
#: "that" as a determiner or pronoun, not a subordinator ("that year", "that is")
_THAT_NOT_CLAUSE = re.compile(r"\sthat\s+(?:is|was|year|month|week|time|period|day|meeting|point|of)\b", re.I)
#: subordinators that open a sentence with an adverbial clause ended by a comma
_INTRODUCTORY = re.compile(
    r"^\W*(?:as|if|when|whenever|where|while|whilst|although|though|even\s+though|since|because|once|unless|until|after|before|given\s+that|now\s+that)\b",
    re.I,
)
#: plan words that are also nouns ("plan", "aim", "proposal", "ambition")
_NOUNLIKE = re.compile(r"^(?:plans?|aims?|proposals?|ambitions?|intentions?|aspirations?|future)\b", re.I)
#: words before a plan word that make it the head of a noun phrase
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|this|each|every|any|no|its|their|his|her|protection|care|safety|action|"
    r"pathway|improvement|business|support|health|education|delivery|strategic|partnership|"
    r"individual|personal|child's|children's|young\s+person's)\s+|\d\s+)$",
    re.I,
)
#: words after "plan to" that are not a verb ("plan to date", "plan to the Board")
_NOT_A_VERB = re.compile(r"\s*(?:date|the|a|an|this|that|these|those|their|our|its|his|her|them|him|it|be\s+in\s+place)\b", re.I)
_FIRST_COMMA = re.compile(r",\s")
_SENTENCE_START = re.compile(r"^[\W_]*$")


def is_noun_phrase(text: str, match: re.Match) -> bool:
    """Whether a plan word is a noun here ("on a Child Protection Plan to date"), not a plan."""
    word = match.group(0)
    start = match.start()
    if not _NOUNLIKE.match(word):
        return False
    if word[:1].isupper() and not _SENTENCE_START.match(text[:start]):
        return True  # "the Plan", "Child Protection Plan": a name
    before = text[max(0, start - 30):start]
    if _NOUN_BEFORE.search(before):
        # "a plan to reduce X" is still a plan; "a plan to date", "the plan" alone are nouns
        if word.lower().endswith(" to") or word.lower().endswith("to"):
            return bool(_NOT_A_VERB.match(text, match.end()))
        return True
    if word.lower().rstrip().endswith("to") and _NOT_A_VERB.match(text, match.end()):
        return True
    return False


def clause_openings(text: str) -> list[tuple[int, int]]:
    """Where subordinate clauses open: a plan word inside one reaches back only to here."""
    return [m.span() for m in _SUBORDINATOR.finditer(text)
            if not (m.group(0).strip().lower() == "that" and _THAT_NOT_CLAUSE.match(text, m.start()))]


def introductory_end(text: str, position: int) -> int | None:
    """The end of the sentence's introductory subordinate clause ("As the chart can show,")
    when ``position`` is inside it, else None."""
    if not _INTRODUCTORY.match(text):
        return None
    comma = _FIRST_COMMA.search(text)
    if comma and position < comma.start():
        return comma.start()
    return None


#: a reporting verb and what opens the report: "highlighted that", "commented that", "referred to"
_REPORTED = re.compile(
    r"\b(?:said|says|commented|highlighted|emphasised|emphasized|stressed|noted|explained|reported|confirmed|"
    r"advised|informed|responded|added|acknowledged|recognised|recognized|observed|assured|reassured|heard|told)"
    r"\s+(?:(?:the\s+)?(?:members|committee|board|panel|sub-?committee|meeting|councillors|chair)\s+)?(?:that|how)\b"
    r"|\b(?:referred|pointed)\s+to\b",
    re.I,
)


def reported_content(text: str, procedure: re.Match) -> int | None:
    """Where the reported speech of a line of minutes starts ("Members highlighted that ...",
    "Ms Pryce introduced the report and referred to ..."): what is reported is classified as any
    sentence. None when the procedure reports nothing (a question, a request, a resolution)."""
    m = _REPORTED.search(text, procedure.start())
    return m.end() if m else None
