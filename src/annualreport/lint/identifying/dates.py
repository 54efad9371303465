"""Dates of birth, and a child's age next to a full date.

* **date-of-birth**: "DOB", "d.o.b.", "date of birth" followed by a date (or month and year);
  "born (on) 3 March 2019", "born 14th of March in 2017", "born on the twenty-third of May
  2016", "born on March the 3rd, 2019", "born in March 2019" (not "babies born in the year to
  ...", nor "born between ... and ...").
* **age-with-date**: one child's age ("aged 4", "4-year-old", "a girl of 13", "six weeks old")
  within 60 characters of a full date in the same sentence. Ranges ("aged 0 to 17", "aged 16
  and over") and plural groups ("children aged 4") pass.

Dates are read in the forms people write: "3 March 2019", "3rd of March, 2019", "the 3rd of
March in 2019", "March 3rd 2019", "March the 3rd, 2019", "the twenty-third of May 2016",
"03/03/2019", "3.3.19", "2019-03-03". The patterns run on lower-case text.
"""

from __future__ import annotations

import re

from annualreport.lint.identifying.exposure import Exposure, starts_word

_SP = r"[ \t\u00a0]"
NUMWORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen)"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
)
_DAY = rf"(?:(?:the\s+)?(?:(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?|{_ORDINAL_WORD}))"
_YEAR = r"(?:(?:19|20)[0-9]{2}|two\s+thousand(?:\s+and)?(?:\s+(?:" + NUMWORD[3:-1] + r"|nineteen|twenty(?:[- ][a-z]+)?))?)"
_BEFORE_YEAR = r"(?:\.?,?\s+(?:(?:in|of)\s+)?)"
#: a full date (day, month, year)
_FULL_DATE = (
    rf"(?:\b{_DAY}\s+(?:of\s+)?{_MONTH}{_BEFORE_YEAR}{_YEAR}\b"
    rf"|\b{_MONTH}\.?\s+{_DAY},?\s+(?:(?:in|of)\s+)?{_YEAR}\b"
    r"|\b(?:[12][0-9]|3[01]|0?[1-9])(?P<dsep>[/.-])(?:1[0-2]|0?[1-9])(?P=dsep)(?:(?:19|20)[0-9]{2}|[0-9]{2})\b"
    r"|\b(?:19|20)[0-9]{2}-(?:1[0-2]|0[1-9])-(?:[12][0-9]|3[01]|0[1-9])\b)"
)
_MONTH_YEAR = rf"(?:\b{_MONTH}{_BEFORE_YEAR}{_YEAR}\b|\b(?:1[0-2]|0?[1-9])/(?:19|20)[0-9]{{2}}\b)"

FULL_DATE = re.compile(_FULL_DATE)
#: "date of birth", "DOB", "d.o.b." and a date soon after
DOB = re.compile(rf"(?:date\s+of\s+birth|birth[\s-]?date|\bdob\b|\bd\.\s?o\.\s?b\b\.?)(?P<gap>[^.;\n]{{0,25}}?)(?P<date>{_FULL_DATE}|{_MONTH_YEAR})")
BORN = re.compile(rf"born\b(?P<gap>[^.;\n]{{0,30}}?)(?P<date>{_FULL_DATE}|{_MONTH_YEAR})")
#: words between "born" and a date that make the date a bound of a period, not a birthday
PERIOD_WORDS = re.compile(r"\b(?:to|between|from|after|before|since|by|until|during|year|period|quarter|and)\b")

RANGE_AFTER = rf"(?!\s*(?:to|-|–|—|and|or|&)\s*(?:[0-9]|{NUMWORD}\b))(?!\+|\s*(?:and|or)\s+(?:over|under|above|below|older|younger|upwards))"
#: "aged 4", "age 15", "at the age of 4" (the letter before is checked after)
AGE_AGED = re.compile(rf"age(?:d|\s+of)?{_SP}+(?:[0-9]{{1,2}}|{NUMWORD})\b{RANGE_AFTER}")
#: "4-year-old", "four year old", "18 months old", "15 years of age", "a girl of 13"
AGE_OLD = re.compile(
    rf"\b(?:[0-9]{{1,2}}|{NUMWORD})[- ](?:years?|months?|weeks?)[- ]old\b|\b[0-9]{{1,2}}\s+years?\s+of\s+age\b"
    rf"|\b(?:boy|girl|child|baby|toddler|teenager|young\s+person)\s+of\s+(?:[0-9]{{1,2}}|{NUMWORD})\b{RANGE_AFTER}"
)
PLURAL_BEFORE = re.compile(
    r"\b(?:children|people|pupils|boys|girls|babies|teenagers|students|infants|toddlers|those|persons|adolescents|siblings|twins|learners|youngsters|ones|all)\s*,?\s*(?:who\s+were\s+|were\s+|are\s+)?$"
)
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def find(text: str, low: str) -> list[Exposure]:
    out: list[Exposure] = []
    births: list[tuple[int, int]] = []
    if "birth" in low or "dob" in low or "d.o.b" in low or "d. o. b" in low:
        for m in DOB.finditer(low):
            out.append(Exposure("date-of-birth", m.start(), m.end(), "a date of birth"))
            births.append((m.start(), m.end()))
    if "born" in low:
        for m in BORN.finditer(low):
            if not starts_word(low, m.start()) or any(a <= m.start() < b for a, b in births):
                continue
            if PERIOD_WORDS.search(m.group("gap")) or PLURAL_BEFORE.search(low, max(0, m.start() - 40), m.start()):
                continue
            out.append(Exposure("date-of-birth", m.start(), m.end(), "a date of birth"))
            births.append((m.start(), m.end()))
    ages = [m for m in AGE_AGED.finditer(low) if starts_word(low, m.start())] if "age" in low else []
    if "old" in low or "of age" in low or " of " in low:
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
