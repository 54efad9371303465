"""A child's first name next to a word for a child, or an age.

A name is found when a common first name (``first_names.py``), or any part of a hyphenated one
("Xanthe-Rose"), stands next to a word for a child: "her son Liam", "baby Ava", "the boy,
Noah,", "Liam, aged 4,", "Kacper was 7", "Leon, who was eight,", "Ava, a four-year-old girl",
"Liam's sister", "4-year-old Liam", "Mia (3)", "Ruby-Leigh was born ...".

A name that is not on the list is found too, where the words around it can only describe a
child: "Anaya, a nine-year-old girl", "Eight-year-old Bartek", "her stepson Kyrie", "the
youngest child, Elif,", "Dawid, aged 14", "Tomek was 5 and ...". It must look like a name: a
capitalised word that is not a common word of report prose nor shaped like one ("Turnover",
"Attendance", "Safeguarding").

What passes: a capitalised "Child"/"Baby"/"Sibling"/"Young Person" straight before a name (the
pseudonym convention of published reviews: "Child Jody", "Baby Ava"; but "the child Jody" and
"baby Ava" in lower case are prose and are flagged), letters ("Child A", "Family B"), titles
("Sister Grace", "Dr James", "St Mary's"). Names that are also words ("Grace", "Will", "Mark",
"Amber") are not taken for names at the start of a sentence unless an age follows ("Jack,
7,"), nor months next to a day or year ("3 May 2024").
"""

from __future__ import annotations

import re

from annualreport.lint.first_names import AMBIGUOUS, FIRST_NAMES, MONTHS as NAME_MONTHS
from annualreport.lint.identifying.dates import NUMWORD, RANGE_AFTER
from annualreport.lint.identifying.exposure import Exposure, starts_word, sentence_start

_SP = r"[ \t\u00a0]"
NAME_TOKEN = re.compile(r"[A-Z][a-z]+")
NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_CW_SINGULAR = r"(?:young\s+(?:person|man|woman)|(?:step-?|half-|grand)?(?:child|baby|son|daughter|brother|sister|boy|girl|toddler|infant|pupil|teenager|youngster|newborn|twin|sibling|nephew|niece|kid))"
_CW = (
    r"(?:young\s+(?:person|people|man|woman)|(?:step-?|half-|grand)?(?:child(?:ren)?|bab(?:y|ies)|sons?|daughters?|brothers?|sisters?|boys?|girls?"
    r"|toddlers?|infants?|pupils?|teenagers?|youngsters?|newborns?|twins?|siblings?|nephews?|nieces?|kids?))"
)
_AGE = rf"(?:[0-9]{{1,2}}|{NUMWORD})"
_AGE_WORD = rf"(?:aged\s+[0-9]{{1,2}}|{_AGE}[- ](?:year|month|week)[- ]old)"
#: before a name: a word for a child and what joins them ("her son ", "the boy, ", "a girl called ")
CHILD_BEFORE = re.compile(rf"(?<![\w-])(?P<cw>(?i:{_CW}|{_AGE_WORD}))(?P<sep>{_SP}*,\s*|\s*\(\s*|\s+(?i:called|named|known\s+as)\s+|\s+)$")
_ADJ = (
    rf"(?i:young|little|youngest|eldest|oldest|older|younger|middle|only|teenage|new|newborn|baby|adopted|foster|twin|first|second|third|disabled"
    rf"|{_AGE}[- ](?:year|month|week)[- ]old)"
)
#: before a name not on the list: a determiner, a word for one child, and what joins them
#: ("her stepson ", "the youngest child, ", "their son, ")
ONE_CHILD_BEFORE = re.compile(
    rf"(?<![\w-])(?i:her|his|their|the|a|an|whose|my|our)\s+(?:{_ADJ}\s+){{0,2}}(?P<cw>{_CW_SINGULAR})(?P<sep>{_SP}*,\s*|\s+(?:called|named|known\s+as)\s+|\s+)$"
)
#: an age before a name not on the list: "Eight-year-old Bartek"
AGE_BEFORE = re.compile(rf"(?<![\w-])(?i:{_AGE}[- ](?:year|month|week)[- ]old){_SP}+$")
#: between two names of one list: "Liam and Ava", "Liam, Noah and Ava"
NAME_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
#: after a name: an age ("Liam, aged 4", "Ava (3)", "Noah Smith, 4,")
AGE_AFTER = re.compile(
    rf"(?P<surname>{_SP}+[A-Z][a-z'’-]+)?(?:{_SP}*,\s*|\s*\(\s*|\s+)"
    rf"(?P<age>(?i:aged?\s+{_AGE}\b{RANGE_AFTER}|{_AGE}[- ](?:years?|months?|weeks?)[- ]old\b)|[0-9]{{1,2}}(?=\s*(?:years?\b|months?\b)?\s*[,)]))"
)
#: after a name: "was 7", "who was eight", "is twelve" (a clause ends after the age)
WAS_AGE = re.compile(
    rf"(?:{_SP}*,\s*who\s+|\s+)(?:was|is|turned)\s+(?P<age>(?i:{_AGE}))(?:\s+(?:years?|months?)(?:\s+old)?)?"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:when|and|but|at|in|on|so|then|while|before|after|as|with|by)\b)"
)
#: words that make the sentence about a person, for "X was 7" when X is not on the list
PERSON = re.compile(r"(?i:\b(?:he|she|his|her|him|hers|himself|herself|mother|father|mum|dad|family|foster|parents?|carers?|gp|school|nursery|grandmother|grandfather|nan|siblings?|brother|sister|home)\b)")
#: after a name: "was born"
WAS_BORN = re.compile(r"\s+(?:was|is)\s+born\b")
#: after a name: a word for a child ("Ava, a four-year-old girl", "Liam's sister", "Noah (the youngest child)")
CHILD_AFTER = re.compile(
    rf"(?P<poss>['’]s)?(?P<sep>{_SP}*,\s*|\s*\(\s*|\s+)(?P<det>(?i:a|an|the|her|his|their|our|my|whose|is\s+a|was\s+a|is\s+the|was\s+the)\s+)?"
    rf"(?P<adj>(?:{_ADJ}\s+){{0,2}})(?P<cw>(?i:{_CW_SINGULAR}))\b(?!['’]s\b|-)"
)
_AGE_ADJ = re.compile(rf"(?i:{_AGE}[- ](?:year|month|week)[- ]old)")
#: words that follow "child" when it qualifies another noun ("child protection"), not a person
QUALIFIED = re.compile(
    r"(?i:\s+(?:protection|sexual|exploitation|criminal|death|deaths|safeguarding|care|abuse|poverty|health|development|in\s+need|practice|minding|minder|benefit|trafficking|friendly|centred|focused|and\s+family|and\s+adolescent|mental|services?)\b)"
)
TITLES = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lady|Lord|Prof|Professor|Rev|Revd|DI|DS|DC|DCI|PC|Sgt|Insp|Cllr|Councillor|St|Saint|Sister|Nurse|Judge|Justice)\.?\s+|\bSt\.\s*)$")
PSEUDONYM_PREFIX = re.compile(r"(?:Child|Baby|Sibling|Young\s+Person|Infant|Twin|Family|Adult)\s+$")
#: capitalised words that, straight before a name, make it a pseudonym or a title, not a child's name
PSEUDONYM_WORDS = frozenset({"child", "baby", "sibling", "young person", "infant", "twin"})
TITLE_WORDS = frozenset({"sister", "brother"})
RAG = re.compile(r"(?i:\b(?:rated|rating|rag|red|green|status|amber)\b)")
#: cheap cues that a sentence may describe a child by name, for names not on the list
CUES = re.compile(rf"(?i:year[- ]old|\b(?:was|is|who|turned)\s+{_AGE}\b|\baged\b|\bborn\b|\b{_CW_SINGULAR}\b)")

#: capitalised words of report prose that can stand where a name would
COMMON = frozenset(
    """the this that these those there their they then it its he she his her him we our you your a an and but or so if
    when while after before since as at in on of by for from with to into about over under during until all any each
    every some most many few both either neither one two three four five six seven eight nine ten eleven twelve
    attendance turnover total average median rate number score rating caseload caseloads time length demand capacity
    growth funding spending budget cost overall performance attainment absence exclusion exclusions stability
    compliance timeliness uptake take-up coverage response progress target outcome outcome result result quarter
    year month week day term plan review panel board group team service services partnership partner partners
    police health education school schools council court county city borough ward area locality network hub
    child children baby babies boy girl son daughter mother father mum dad parent parents carer carers family
    families sibling siblings brother sister nephew niece grandmother grandfather nan grandad aunt uncle
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december spring summer autumn winter christmas easter
    north south east west central inner outer early help social care safeguarding protection level stage key
    priority priorities appendix annex section table figure chart note notes page part chapter item step tier
    phase option version category group meeting training course session event survey audit report young premium""".split()
)
NOT_NAME_ENDINGS = re.compile(
    r"(?:tion|sion|ment|ness|ance|ence|ity|ing|ship|ism|ist|ure|ful|less|ous|ive|ary|ory|ics|ate|ies|ed|ally|ly|ism|ery|ities|ings)$"
)


def is_listed(word: str) -> bool:
    return word in FIRST_NAMES or any(part in FIRST_NAMES for part in word.split("-"))


def looks_like_name(word: str) -> bool:
    """A capitalised word not on the list that could be a first name ("Kacper", "Elif")."""
    if len(word) < 3 or word.lower() in COMMON:
        return False
    if word.endswith("s") and not word.endswith(("as", "os", "us", "is")):
        return False  # a plural: "Pupils", "Learners", "Apprentices"
    return not any(NOT_NAME_ENDINGS.search(part.lower()) or part.lower() in COMMON for part in word.split("-"))


def _is_name(text: str, start: int, end: int, ambiguous_ok: bool = False) -> bool:
    """A listed name at ``start``, not a title's, a month's, or an ordinary word's."""
    name = text[start:end]
    first = name.split("-")[0]
    if not is_listed(name):
        return False
    if TITLES.search(text, max(0, start - 14), start):
        return False  # "Dr James", "St Mary's"
    if first in NAME_MONTHS and (re.match(r"\s*[0-9]", text[end : end + 3]) or re.search(r"[0-9](?:st|nd|rd|th)?\s*$", text[max(0, start - 8) : start])):
        return False  # "3 May 2024"
    if first in AMBIGUOUS and "-" not in name and not ambiguous_ok and sentence_start(text, start):
        return False  # "Grace period ...", "Will the ..."
    if first == "Amber" and RAG.search(text, max(0, start - 60), start):
        return False
    return True


def _unlisted(text: str, start: int, end: int) -> bool:
    """A name not on the list, where the words around it describe a child."""
    name = text[start:end]
    return not is_listed(name) and looks_like_name(name) and not TITLES.search(text, max(0, start - 14), start)


def _sentence_after(text: str, end: int) -> str:
    """The rest of the sentence after ``end`` (at most 160 characters)."""
    rest = text[end : end + 160]
    stop = re.search(r"[.!?](?:\s|$)", rest)
    return rest[: stop.start()] if stop else rest


def needed(text: str) -> bool:
    """Whether the text may hold a child's name (a cheap test before the scan)."""
    return not FIRST_NAMES.isdisjoint(NAME_TOKEN.findall(text)) or CUES.search(text) is not None


def find(text: str) -> list[Exposure]:
    out: list[Exposure] = []
    last_end = -1  # the end of the last name flagged, for lists of names

    def add(start: int, end: int) -> None:
        nonlocal last_end
        out.append(Exposure("child-name", start, end, "a child's first name next to a word for a child or an age"))
        last_end = end

    for m in NAME.finditer(text):
        start, end = m.start(), m.end()
        if not starts_word(text, start) or text[start - 1 : start] in ("'", "’", "-"):
            continue
        listed = is_listed(m.group())
        if not listed and (end - start < 3 or m.group().lower() in COMMON):
            continue
        # a list after a flagged name: "her sons Liam and Noah"
        if last_end >= 0 and NAME_JOIN.fullmatch(text, last_end, start) and (_is_name(text, start, end, ambiguous_ok=True) or _unlisted(text, start, end)):
            add(start, end)
            continue
        window = max(0, start - 48)
        # a word for a child before the name: "her son Liam", "the boy, Noah", "4-year-old Ava"
        before = CHILD_BEFORE.search(text, window, start)
        if before:
            cw, sep = before.group("cw"), before.group("sep")
            low = " ".join(cw.lower().split())
            pseudonym = cw[0].isupper() and not sep.strip() and (low in PSEUDONYM_WORDS or low in TITLE_WORDS)
            if not pseudonym and _is_name(text, start, end, ambiguous_ok=True):
                add(start, end)  # "Child Jody", "Baby Ava" are pseudonyms; "Sister Grace" a title
                continue
        if PSEUDONYM_PREFIX.search(text, max(0, start - 14), start):
            continue
        if not listed and (ONE_CHILD_BEFORE.search(text, window, start) or AGE_BEFORE.search(text, window, start)):
            if _unlisted(text, start, end) and not QUALIFIED.match(text, end) and not NAME.match(text, end + 1):
                add(start, end)  # "her stepson Kyrie", "Eight-year-old Bartek"
                continue
        # an age after the name: "Liam, aged 4", "Ava (3)"
        after = AGE_AFTER.match(text, end)
        if after:
            explicit = after.group("age")[0].isalpha()
            if _is_name(text, start, end, ambiguous_ok=True) or (explicit and _unlisted(text, start, end)):  # "Jack, 7," is a name even first
                if not (m.group() in NAME_MONTHS and after.group("age")[0].isdigit()):
                    add(start, end)
                    continue
        # "Kacper was 7", "Leon, who was eight", "Ruby-Leigh was born"
        if WAS_AGE.match(text, end) or WAS_BORN.match(text, end):
            if _is_name(text, start, end) or (_unlisted(text, start, end) and PERSON.search(_sentence_after(text, end))):
                add(start, end)
                continue
        # a word for a child after the name: "Ava, a four-year-old girl", "Liam's sister"
        after = CHILD_AFTER.match(text, end)
        if after and (after.group("poss") or after.group("sep").strip() or after.group("det")):
            if QUALIFIED.match(text, after.end("cw")):
                continue
            if _is_name(text, start, end) or (after.group("sep").strip() == "," and _AGE_ADJ.search(after.group("adj")) and _unlisted(text, start, end)):
                add(start, end)
    return out
