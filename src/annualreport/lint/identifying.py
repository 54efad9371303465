"""Identifying information in text for publication (AR401).

A published yearly report must not identify a child (the ICO's "motivated intruder" test):
reviews name children by pseudonym only ("Child A", "Baby W", "Child Jody"). ``Identifying``
scans a piece of text and returns each ``Exposure``: where it is and what it looks like, said
without repeating the number it found (at most the last two digits).

What it looks for, and what it lets pass:

* **child-name**: a common first name (``first_names.py``) next to a word for a child: "her son
  Liam", "baby Ava", "the boy, Noah,", "Liam, aged 4,", "Ava, a four-year-old girl", "Liam's
  sister", "4-year-old Liam", "Mia (3)". A capitalised "Child"/"Baby"/"Sibling"/"Young
  Person" straight before a name is the pseudonym convention of published reviews and passes
  ("Child Jody", "Baby Ava"; but "the child Jody" and "baby Ava" in lower case are prose and
  are flagged), as do letters ("Child A", "Family B", "Child D2"), titles ("Sister Grace",
  "Dr James", "St Mary's") and allow-listed names. Names that are also words ("Grace",
  "Will", "Mark", "Amber") are not taken for names at the start of a sentence unless an age
  follows ("Jack, 7,"), nor months next to a day or year ("3 May 2024").
* **date-of-birth**: "DOB", "d.o.b.", "date of birth" followed by a date (or month and year);
  "born (on) 3 March 2019", "born in March 2019" (not "babies born in the year to ...").
* **age-with-date**: one child's age ("aged 4", "4-year-old", "age 15") within 60 characters
  of a full date (day, month, year) in the same sentence. Ranges ("aged 0 to 17", "aged 16
  and over") and plural groups ("children aged 4") pass.
* **address**: a house number before a street ("14 Elm Road", "Flat 2, 3 Mill Lane").
* **postcode**: a full UK postcode, outward and inward ("SW1A 1AA", "B33 8TH").
* **nhs-number**: 10 digits (3-3-4 or run together) that pass the modulus 11 check.
* **phone**: UK numbers (01, 02, 07, +44). Mobile numbers are always flagged. A landline is
  taken as an organisation's, and passes, when its line also holds an organisation's e-mail
  or words of a contact block ("Telephone:", "Tel:", "switchboard", "helpline", "front
  door", "MASH", "out of hours", "please call/contact", "contact us"); otherwise it is
  flagged. Non-geographic numbers (03, 08) belong to organisations and pass. Numbers given
  to ``organisation_phones`` (the committees' contact phones) always pass.
* **email**: flagged unless the domain is an organisation's: a given domain or a sub-domain
  of one, or of gov.uk, nhs.uk, nhs.net, police.uk, sch.uk, ac.uk, mod.uk, parliament.uk,
  cjsm.net.

Any exposure that lies wholly inside an allow-listed text (a name of staff, an organisation
or a place, written as in the text) passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from annualreport.lint.first_names import AMBIGUOUS, FIRST_NAMES, MONTHS as NAME_MONTHS

if TYPE_CHECKING:
    from annualreport.project import Project

KINDS = ("child-name", "date-of-birth", "age-with-date", "address", "postcode", "nhs-number", "phone", "email")

#: what the matched text becomes when a sentence is shown in a finding or a build report
LABELS = {
    "child-name": "[child's name]",
    "date-of-birth": "[date of birth]",
    "age-with-date": "[age and date]",
    "address": "[address]",
    "postcode": "[postcode]",
    "nhs-number": "[NHS number]",
    "phone": "[phone number]",
    "email": "[e-mail address]",
}

ORGANISATION_SUFFIXES = ("gov.uk", "nhs.uk", "nhs.net", "police.uk", "sch.uk", "ac.uk", "mod.uk", "parliament.uk", "cjsm.net")


@dataclass(frozen=True)
class Exposure:
    kind: str  # one of KINDS
    start: int  # offsets in the text scanned
    end: int
    message: str  # what it looks like, never the whole value

    @property
    def label(self) -> str:
        return LABELS[self.kind]


# --- the patterns, compiled once ------------------------------------------------------
#
# Python's re is quick when a pattern opens on a literal or a small set of characters, and slow
# when it opens on a look-behind, \b or (?i). So each pattern opens on its rarest part, the
# text is lowered once for the case-free ones, edges are checked after a match, and a pattern
# runs only when cheap tests (a digit, "born", a first name) say it could match.

_SP = r"[ \t\u00a0]"  # a space that does not end a line
_NUMWORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen)"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
#: a full date (day, month, year), in lower-case text
_FULL_DATE = (
    rf"(?:\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+{_YEAR}\b"
    rf"|\b{_MONTH}\.?\s+{_DAY},?\s+{_YEAR}\b"
    r"|\b(?:[12][0-9]|3[01]|0?[1-9])(?P<dsep>[/.-])(?:1[0-2]|0?[1-9])(?P=dsep)(?:(?:19|20)[0-9]{2}|[0-9]{2})\b"
    r"|\b(?:19|20)[0-9]{2}-(?:1[0-2]|0[1-9])-(?:[12][0-9]|3[01]|0[1-9])\b)"
)
_MONTH_YEAR = rf"(?:\b{_MONTH}\.?,?\s+{_YEAR}\b|\b(?:1[0-2]|0?[1-9])/{_YEAR}\b)"

FULL_DATE = re.compile(_FULL_DATE)
#: "date of birth", "DOB", "d.o.b." and a date soon after (lower-case text)
DOB = re.compile(rf"(?:date\s+of\s+birth|birth[\s-]?date|\bdob\b|\bd\.\s?o\.\s?b\b\.?)(?P<gap>[^.;\n]{{0,25}}?)(?P<date>{_FULL_DATE}|{_MONTH_YEAR})")
BORN = re.compile(rf"born\b(?P<gap>[^.;\n]{{0,30}}?)(?P<date>{_FULL_DATE}|{_MONTH_YEAR})")
#: words between "born" and a date that make the date a bound of a period, not a birthday
PERIOD_WORDS = re.compile(r"\b(?:to|between|from|after|before|since|by|until|during|year|period|quarter|and)\b")

_RANGE_AFTER = rf"(?!\s*(?:to|-|–|—|and|or|&)\s*(?:[0-9]|{_NUMWORD}\b))(?!\+|\s*(?:and|or)\s+(?:over|under|above|below|older|younger|upwards))"
#: "aged 4", "age 15", "at the age of 4" (lower-case text; the letter before is checked after)
AGE_AGED = re.compile(rf"age(?:d|\s+of)?{_SP}+(?:[0-9]{{1,2}}|{_NUMWORD})\b{_RANGE_AFTER}")
#: "4-year-old", "four year old", "18 months old", "15 years of age" (lower-case text)
AGE_OLD = re.compile(rf"\b(?:[0-9]{{1,2}}|{_NUMWORD})[- ](?:years?|months?|weeks?)[- ]old\b|\b[0-9]{{1,2}}\s+years?\s+of\s+age\b")
PLURAL_BEFORE = re.compile(
    r"\b(?:children|people|pupils|boys|girls|babies|teenagers|students|infants|toddlers|those|persons|adolescents|siblings|twins|learners|youngsters|ones|all)\s*,?\s*(?:who\s+were\s+|were\s+|are\s+)?$"
)
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")

POSTCODE = re.compile(r"(?P<out>GIR|[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)[ \u00a0]?(?P<in>[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])")

_STREETS = r"(?:Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Gardens|Place|Terrace|Grove|Row|Walk|Mews|Square|Hill|Rise|Parade|Vale|View)"
ADDRESS = re.compile(rf"[0-9]{{1,3}}[A-Za-z]?,?{_SP}+(?P<street>(?:[A-Z][a-z'’-]+{_SP}+){{1,3}}{_STREETS})\b")
FLAT_BEFORE = re.compile(r"(?i:(?:flat|apartment|unit)\s+[0-9]{1,3}[a-z]?,?\s+)$")
NOT_HOUSE_NUMBER = re.compile(r"(?i:\b(?:section|s\.|paragraph|para|page|priority|table|figure|appendix|chapter|item|step|level|year|week|tier|phase|stage|group|number|no\.)\s*$)")
MONTH_BEFORE = re.compile(rf"(?i:\b{_MONTH}\s*$)")
COURTS = re.compile(r"(?:Family|Crown|Youth|Magistrates['’]?|County|High|Coroners['’]?|Coroner['’]s|Appeal|Supreme)\s+Court$")

#: a run of 10 or more digits and separators, where phone and NHS numbers are looked for
NUMBER_RUN = re.compile(r"[+(0-9][0-9 \u00a0()+\-]{8,22}[0-9]")
NHS = re.compile(r"(?<![\w/.+-])([0-9]{3})([ \u00a0-]?)([0-9]{3})\2([0-9]{4})")
PHONE = re.compile(r"(?<![\w/.])(?:\+44[ \u00a0-]?(?:\(0\)[ \u00a0-]?)?|\(?0)[0-9]{2,4}\)?(?:[ \u00a0-]?[0-9]){5,8}")
ORG_PHONE_CONTEXT = re.compile(
    r"switchboard|help\s?line|advice\s+line|front\s+door|\bmash\b|out\s+of\s+hours|emergency\s+duty|duty\s+team|contact\s+(?:centre|center|us|the)\b"
    r"|please\s+(?:call|contact|telephone|phone|ring)|\b(?:call|ring|phone)\s+the\b|\btel(?:ephone)?\b\.?\s*(?:no\.?|number)?\s*:|\btel\.|\bphone\s*:|\bcontact\s*:|\b[tm]\s*:"
)
EMAIL_DOMAIN = re.compile(r"@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]+$")
DIGIT = re.compile(r"[0-9]")
PHONE_ENTRY = re.compile(r"\+?[0-9 \u00a0()\-]{10,}")
DOMAIN_ENTRY = re.compile(r"@?[a-z0-9-]+(?:\.[a-z0-9-]+)+")

NAME_TOKEN = re.compile(r"[A-Z][a-z]+")
NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_CW_SINGULAR = r"(?:young\s+(?:person|man|woman)|(?:step-?|half-|grand)?(?:child|baby|son|daughter|brother|sister|boy|girl|toddler|infant|pupil|teenager|youngster|newborn|twin|sibling|nephew|niece|kid))"
_CW = (
    r"(?:young\s+(?:person|people|man|woman)|(?:step-?|half-|grand)?(?:child(?:ren)?|bab(?:y|ies)|sons?|daughters?|brothers?|sisters?|boys?|girls?"
    r"|toddlers?|infants?|pupils?|teenagers?|youngsters?|newborns?|twins?|siblings?|nephews?|nieces?|kids?))"
)
_AGE_WORD = rf"(?:aged\s+[0-9]{{1,2}}|(?:[0-9]{{1,2}}|{_NUMWORD})[- ](?:year|month|week)[- ]old)"
#: before a name: a word for a child and what joins them ("her son ", "the boy, ", "a girl called ")
CHILD_BEFORE = re.compile(rf"(?<![\w-])(?P<cw>(?i:{_CW}|{_AGE_WORD}))(?P<sep>{_SP}*,\s*|\s*\(\s*|\s+(?i:called|named|known\s+as)\s+|\s+)$")
#: between two names of one list: "Liam and Ava", "Liam, Noah and Ava"
NAME_JOIN = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
#: after a name: an age ("Liam, aged 4", "Ava (3)", "Noah Smith, 4,")
AGE_AFTER = re.compile(
    rf"(?P<surname>{_SP}+[A-Z][a-z'’-]+)?(?:{_SP}*,\s*|\s*\(\s*|\s+)"
    rf"(?P<age>(?i:aged?\s+(?:[0-9]{{1,2}}|{_NUMWORD})\b|(?:[0-9]{{1,2}}|{_NUMWORD})[- ](?:years?|months?|weeks?)[- ]old\b)|[0-9]{{1,2}}(?=\s*(?:years?\b|months?\b)?\s*[,)]))"
)
_ADJ = (
    rf"(?i:young|little|youngest|eldest|oldest|older|younger|middle|only|teenage|new|newborn|baby|adopted|foster|twin|first|second|third|disabled"
    rf"|(?:[0-9]{{1,2}}|{_NUMWORD})[- ](?:year|month|week)[- ]old)"
)
#: after a name: a word for a child ("Ava, a four-year-old girl", "Liam's sister", "Noah (the youngest child)")
CHILD_AFTER = re.compile(
    rf"(?P<poss>['’]s)?(?P<sep>{_SP}*,\s*|\s*\(\s*|\s+)(?P<det>(?i:a|an|the|her|his|their|our|my|whose|is\s+a|was\s+a|is\s+the|was\s+the)\s+)?"
    rf"(?:{_ADJ}\s+){{0,2}}(?P<cw>(?i:{_CW_SINGULAR}))\b(?!['’]s\b|-)"
)
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


def nhs_number_valid(digits: str) -> bool:
    """The modulus 11 check of a 10-digit NHS number."""
    digits = re.sub(r"[^0-9]", "", digits)
    if len(digits) != 10:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _national(number: str) -> str:
    """A UK phone number as its national digits: '+44 (0)20 7946 0000' -> '02079460000'."""
    digits = re.sub(r"[^0-9]", "", number)
    if number.lstrip().startswith("+44"):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in "_")


def _ends_number(text: str, end: int) -> bool:
    """Nothing after ``end`` carries the number on (a letter, a digit, '/', or '.5')."""
    if end >= len(text):
        return True
    c = text[end]
    if c.isalnum() or c in "/_":
        return False
    return not (c in ".," and end + 1 < len(text) and text[end + 1].isdigit())


def _sentence_start(text: str, index: int) -> bool:
    """Whether the word at ``index`` opens the text, a sentence or an item of a list."""
    i = index - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“‘([_":
        i -= 1
    if i < 0 or text[i] in ".!?:;#":
        return True
    if text[i] in "-–•+*":  # a list's bullet, when it opens its line
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        return j < 0 or text[j] == "\n"
    if text[i] == "\n":  # a wrapped line: look at how the line before ended
        return _sentence_start(text, i)
    return False


def _line_of(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left : right if right >= 0 else len(text)]


def mask(text: str, exposures: Iterable[Exposure]) -> str:
    """The text with each exposure replaced by its label (overlapping ones merged)."""
    spans: list[list] = []
    for e in sorted(exposures, key=lambda e: (e.start, -e.end)):
        if spans and e.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e.end)
            continue
        spans.append([e.start, e.end, e.label])
    out, last = [], 0
    for start, end, label in spans:
        out.append(text[last:start])
        out.append(label)
        last = end
    out.append(text[last:])
    return "".join(out)


class Identifying:
    """Finds identifying information in text.

    ``allow``: names of staff, organisations and places, as written in the text (an entry that
    is a phone number or an e-mail domain is taken as an organisation's). ``organisation_domains``
    and ``organisation_phones``: e-mail domains and phone numbers that are organisations'.
    """

    def __init__(self, allow: Iterable[str] = (), organisation_domains: Iterable[str] = (), organisation_phones: Iterable[str] = ()):
        texts: list[str] = []
        domains = {d.strip().lower().lstrip("@.") for d in organisation_domains if d and d.strip()}
        phones = {_national(p) for p in organisation_phones if p and DIGIT.search(str(p))}
        for entry in allow:
            entry = str(entry).strip()
            if not entry:
                continue
            if PHONE_ENTRY.fullmatch(entry):
                phones.add(_national(entry))
                continue
            if "@" in entry:
                domains.add(entry.rsplit("@", 1)[1].lower())
            elif DOMAIN_ENTRY.fullmatch(entry):
                domains.add(entry.lower().lstrip("@."))
                continue
            texts.append(entry)
        self.domains = frozenset(domains)
        self.phones = frozenset(phones)
        self.allow = tuple(sorted(set(texts), key=len, reverse=True))
        self._allow_re = None
        if self.allow:
            parts = [re.sub(r"['’]", lambda _: "['’]", r"\s+".join(re.escape(word) for word in text.split())) for text in self.allow]
            self._allow_re = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")

    def organisational_domain(self, domain: str) -> bool:
        domain = domain.lower().rstrip(".")
        for known in (*self.domains, *ORGANISATION_SUFFIXES):
            if domain == known or domain.endswith("." + known):
                return True
        return False

    # --- the scan ---------------------------------------------------------------------

    def scan(self, text: str) -> list[Exposure]:
        """Every exposure in ``text``, in order of place."""
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer; keep offsets true
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found: list[Exposure] = []
        has_digit = DIGIT.search(text) is not None
        if has_digit:
            found += self._numbers(text, low)
            found += self._places(text)
            found += self._dates(text, low)
        if "@" in text:
            found += self._emails(text)
        if not FIRST_NAMES.isdisjoint(NAME_TOKEN.findall(text)):
            found += self._names(text)
        if found and self._allow_re is not None:
            allowed = [(m.start(), m.end()) for m in self._allow_re.finditer(text)]
            if allowed:
                found = [e for e in found if not any(a <= e.start and e.end <= b for a, b in allowed)]
        found.sort(key=lambda e: (e.start, e.end, e.kind))
        return found

    def _numbers(self, text: str, low: str) -> list[Exposure]:
        out: list[Exposure] = []
        for run in NUMBER_RUN.finditer(text):
            taken: list[tuple[int, int]] = []
            for m in NHS.finditer(text, run.start(), run.end()):
                if not _ends_number(text, m.end()):
                    continue
                digits = m.group(1) + m.group(3) + m.group(4)
                if not nhs_number_valid(digits) or (digits.startswith("0") and not m.group(2)):
                    continue  # a failed check digit, or a phone number's shape (0 and no spaces)
                out.append(Exposure("nhs-number", m.start(), m.end(), f"an NHS number (ending ...{digits[-2:]})"))
                taken.append((m.start(), m.end()))
            for m in PHONE.finditer(text, run.start(), run.end()):
                if not _ends_number(text, m.end()) or any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                national = _national(m.group())
                if len(national) not in (10, 11) or national in self.phones:
                    continue
                if national.startswith("07") and len(national) == 11:
                    out.append(Exposure("phone", m.start(), m.end(), f"a mobile phone number (ending ...{national[-2:]})"))
                elif national[:2] in ("01", "02"):
                    line = _line_of(low, m.start(), m.end())
                    if ORG_PHONE_CONTEXT.search(line) or ("@" in line and self._organisational_email_in(line)):
                        continue
                    out.append(Exposure("phone", m.start(), m.end(), f"a phone number (ending ...{national[-2:]}) with nothing to show it is an organisation's"))
                # 03 and 08 numbers are non-geographic: organisations', not people's
        return out

    def _organisational_email_in(self, line: str) -> bool:
        for m in EMAIL_DOMAIN.finditer(line):
            if EMAIL_LOCAL.search(line, 0, m.start()) and self.organisational_domain(m.group("domain")):
                return True
        return False

    def _dates(self, text: str, low: str) -> list[Exposure]:
        out: list[Exposure] = []
        births: list[tuple[int, int]] = []
        if "birth" in low or "dob" in low or "d.o.b" in low or "d. o. b" in low:
            for m in DOB.finditer(low):
                out.append(Exposure("date-of-birth", m.start(), m.end(), "a date of birth"))
                births.append((m.start(), m.end()))
        if "born" in low:
            for m in BORN.finditer(low):
                if not _starts_word(low, m.start()) or any(a <= m.start() < b for a, b in births):
                    continue
                if PERIOD_WORDS.search(m.group("gap")) or PLURAL_BEFORE.search(low, max(0, m.start() - 40), m.start()):
                    continue
                out.append(Exposure("date-of-birth", m.start(), m.end(), "a date of birth"))
                births.append((m.start(), m.end()))
        ages = [m for m in AGE_AGED.finditer(low) if _starts_word(low, m.start())] if "age" in low else []
        if "old" in low or "of age" in low:
            ages += AGE_OLD.finditer(low)
        ages = [m for m in ages if not PLURAL_BEFORE.search(low, max(0, m.start() - 40), m.start())]
        if not ages:
            return out
        dates = [d for d in FULL_DATE.finditer(low) if not any(a <= d.start() and d.end() <= b for a, b in births)]
        for age in ages:
            for d in dates:
                if d.start() >= age.end():
                    between, span = text[age.end() : d.start()], (age.start(), d.end())
                elif d.end() <= age.start():
                    between, span = text[d.end() : age.start()], (d.start(), age.end())
                else:
                    continue
                if len(between) > 60 or SENTENCE_BREAK.search(between):
                    continue
                out.append(Exposure("age-with-date", span[0], span[1], f"a child's age ('{text[age.start():age.end()]}') next to a full date"))
                break
        return out

    def _places(self, text: str) -> list[Exposure]:
        out: list[Exposure] = []
        for m in POSTCODE.finditer(text):
            if _starts_word(text, m.start()):
                out.append(Exposure("postcode", m.start(), m.end(), f"a UK postcode ({m.group('out')} ...)"))
        for m in ADDRESS.finditer(text):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "£$.,/-_"):
                continue
            if NOT_HOUSE_NUMBER.search(text, max(0, start - 20), start) or MONTH_BEFORE.search(text, max(0, start - 12), start):
                continue  # "section 47 ...", "March 14 ..."
            street = m.group("street")
            if COURTS.search(street):
                continue
            flat = FLAT_BEFORE.search(text, max(0, start - 20), start)
            out.append(Exposure("address", flat.start() if flat else start, m.end(), f"a home address (a house number in {street})"))
        return out

    def _emails(self, text: str) -> list[Exposure]:
        out = []
        for m in EMAIL_DOMAIN.finditer(text):
            local = EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
            if not local:
                continue  # a citation, "[@id]"
            domain = m.group("domain")
            if not self.organisational_domain(domain):
                out.append(Exposure("email", local.start(), m.end(), f"a private e-mail address (at {domain.lower()})"))
        return out

    def _is_name(self, text: str, start: int, end: int, ambiguous_ok: bool = False) -> bool:
        name = text[start:end]
        first = name.split("-")[0]
        if name not in FIRST_NAMES and first not in FIRST_NAMES:
            return False
        if TITLES.search(text, max(0, start - 14), start):
            return False  # "Dr James", "St Mary's"
        if first in NAME_MONTHS and (re.match(r"\s*[0-9]", text[end : end + 3]) or re.search(r"[0-9](?:st|nd|rd|th)?\s*$", text[max(0, start - 8) : start])):
            return False  # "3 May 2024"
        if first in AMBIGUOUS and not ambiguous_ok and _sentence_start(text, start):
            return False  # "Grace period ...", "Will the ..."
        if first == "Amber" and RAG.search(text, max(0, start - 60), start):
            return False
        return True

    def _names(self, text: str) -> list[Exposure]:
        out: list[Exposure] = []
        last_end = -1  # the end of the last name flagged, for lists of names

        def add(start: int, end: int) -> None:
            out.append(Exposure("child-name", start, end, f"a child's first name next to a word for a child ('{text[start:end]}')"))

        for m in NAME.finditer(text):
            start, end = m.start(), m.end()
            if m.group().split("-")[0] not in FIRST_NAMES or not _starts_word(text, start) or text[start - 1 : start] in ("'", "’", "-"):
                continue
            # a list after a flagged name: "her sons Liam and Noah"
            if last_end >= 0 and NAME_JOIN.fullmatch(text, last_end, start) and self._is_name(text, start, end, ambiguous_ok=True):
                add(start, end)
                last_end = end
                continue
            # a word for a child before the name: "her son Liam", "the boy, Noah", "4-year-old Ava"
            before = CHILD_BEFORE.search(text, max(0, start - 40), start)
            if before and self._is_name(text, start, end, ambiguous_ok=True):
                cw, sep = before.group("cw"), before.group("sep")
                low = " ".join(cw.lower().split())
                if not (cw[0].isupper() and not sep.strip() and (low in PSEUDONYM_WORDS or low in TITLE_WORDS)):
                    add(start, end)  # "Child Jody", "Baby Ava" are pseudonyms; "Sister Grace" a title
                    last_end = end
                    continue
            if PSEUDONYM_PREFIX.search(text, max(0, start - 14), start):
                continue
            # an age after the name: "Liam, aged 4", "Ava (3)"
            after = AGE_AFTER.match(text, end)
            if after and self._is_name(text, start, end, ambiguous_ok=True):  # "Jack, 7," is a name even first
                if not (m.group() in NAME_MONTHS and after.group("age")[0].isdigit()):
                    add(start, end)
                    last_end = end
                    continue
            # a word for a child after the name: "Ava, a four-year-old girl", "Liam's sister"
            after = CHILD_AFTER.match(text, end)
            if after and (after.group("poss") or after.group("sep").strip() or after.group("det")):
                if not QUALIFIED.match(text, after.end("cw")) and self._is_name(text, start, end):
                    add(start, end)
                    last_end = end
        return out


# --- a project's allow list, and rendered documents ----------------------------------


def for_project(project: "Project") -> Identifying:
    """An ``Identifying`` that knows the project's people, organisations, e-mail domains and numbers.

    Allowed: ``lint: allow_names`` in annualreport.yaml, the partnership's name, short name and
    area, the lead partners, the scrutineer, each committee's name, lead officer and contact
    (names and organisations), the agencies and the groups' names and chairs. Organisation
    e-mail domains: ``lint: organisation_domains`` and the domains of the committees' contact
    e-mails. Organisation phones: ``lint: organisation_phones`` and the committees' contact
    phones.
    """
    config = project.config
    lint = config.lint or {}

    def listed(key: str) -> list[str]:
        value = lint.get(key, [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    allow = listed("allow_names")
    domains = listed("organisation_domains")
    phones = listed("organisation_phones")
    p = config.partnership
    allow += [p.name, p.short_name, p.area]
    people = list(p.lead_partners) + [p.scrutineer]
    for committee in config.committees:
        allow.append(committee.name)
        people += [committee.lead_officer, committee.contact]
        domains.append(committee.contact.email.rsplit("@", 1)[-1])
        phones.append(committee.contact.phone)
    for person in people:
        allow.append(person.name)
        if person.organisation:
            allow.append(person.organisation)
    evidence = getattr(project, "evidence", None)
    if evidence is not None:
        allow += [agency.name for agency in evidence.agencies.values()]
        partnership = evidence.get("partnership")
        for group in getattr(partnership, "groups", None) or []:
            allow.append(group.name)
            if group.chair:
                allow.append(group.chair)
    return Identifying(allow, organisation_domains=domains, organisation_phones=phones)


def _document_paragraphs(document) -> Iterator[str]:
    """The text of every paragraph: body, tables (nested, merged cells once), headers, footers."""
    seen: set = set()

    def walk(container) -> Iterator[str]:
        for paragraph in container.paragraphs:
            yield paragraph.text
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from walk(cell)

    yield from walk(document)
    parts = set()
    for section in document.sections:
        for hf in (section.header, section.first_page_header, section.even_page_header, section.footer, section.first_page_footer, section.even_page_footer):
            if hf.is_linked_to_previous:
                continue
            part = hf.part
            if part in parts:
                continue
            parts.add(part)
            yield from walk(hf)


def scan_document(path: Path, identifying: Identifying) -> list[tuple[str, Exposure]]:
    """Identifying information in a rendered .docx: (the paragraph, masked; the exposure)."""
    import docx  # python-docx; only the build needs it

    document = docx.Document(str(path))
    out: list[tuple[str, Exposure]] = []
    for text in _document_paragraphs(document):
        if not text.strip():
            continue
        exposures = identifying.scan(text)
        if exposures:
            masked = mask(text, exposures)
            out += [(masked, e) for e in exposures]
    return out
