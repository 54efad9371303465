"""Home addresses and postcodes.

* **postcode**: a full UK postcode, outward and inward, in any case and with a space, a
  hyphen or nothing between ("SW1A 1AA", "hf4 7qp", "HF4-7QP"). In lower or mixed case it is
  not taken when it reads as a key stage or year group before an ordinal ("ks2 3rd").
* **address**: a house number before a street ("14 Elm Road", "Flat 2, 3 Mill Lane",
  "number 14, Elm Road"); in lower case ("7 mill lane") only after "at", "to", "from" or
  "lived", where an address is being given.
"""

from __future__ import annotations

import re

from annualreport.lint.identifying.exposure import Exposure, starts_word

_SP = r"[ \t\u00a0]"
POSTCODE = re.compile(r"(?P<out>GIR|[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)(?:[ \u00a0]{1,2}|-)?(?P<in>[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])")
#: outward codes that, in lower case, are more likely something else (key stages, year groups)
NOT_OUTWARD = re.compile(r"(?i:ks[0-9]|y[0-9]{1,2}|p[0-9]|s[0-9]|m[0-9]{1,2}|a[0-9]{1,3})$")
ORDINAL = re.compile(r"(?i:1st|2nd|3rd|[04-9]th)$")

_STREETS = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Gardens|Place|Terrace|Grove|Row|Walk|Mews|Square"
    r"|Hill|Rise|Parade|Vale|View|Approach|Green|Gate|Park|Fields|Meadows?|Croft|Wharf|Heights|Boulevard|Passage|Yard)"
)
ADDRESS = re.compile(rf"[0-9]{{1,3}}[A-Za-z]?,?{_SP}+(?P<street>(?:[A-Z][a-z'’-]+{_SP}+){{1,3}}{_STREETS})\b")
#: in lower case: "7 mill lane" (only after words that give an address)
ADDRESS_LOWER = re.compile(rf"[0-9]{{1,3}}[a-z]?,?{_SP}+(?P<street>(?:[a-z][a-z'’-]+{_SP}+){{1,3}}(?i:{_STREETS}))\b")
GIVEN_BEFORE = re.compile(r"(?i:\b(?:at|to|from|lived|lives|living|address|number|no\.?)\s*$)")
FLAT_BEFORE = re.compile(r"(?i:(?:flat|apartment|unit)\s+[0-9]{1,3}[a-z]?,?\s+)$")
NOT_HOUSE_NUMBER = re.compile(r"(?i:\b(?:section|s\.|paragraph|para|page|priority|table|figure|appendix|chapter|item|step|level|year|week|tier|phase|stage|group)\s*$)")
MONTH_BEFORE = re.compile(r"(?i:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s*$)")
COURTS = re.compile(r"(?:Family|Crown|Youth|Magistrates['’]?|County|High|Coroners['’]?|Coroner['’]s|Appeal|Supreme)\s+Court$")
#: what a number before "Park", "Green", "End" and the like more often counts
NOT_STREET = re.compile(r"(?i:\b(?:schools?|children|pupils|families|staff|people|agencies|members|sessions|events|days|weeks|months|years|hours|places|referrals|cases|young)\b)")


def find(text: str, low: str) -> list[Exposure]:
    out: list[Exposure] = []
    for m in POSTCODE.finditer(text.upper()):
        if not starts_word(text, m.start()):
            continue
        written = text[m.start() : m.end()]
        if written != written.upper():  # lower or mixed case
            if NOT_OUTWARD.match(m.group("out")) and ORDINAL.match(m.group("in")):
                continue
        out.append(Exposure("postcode", m.start(), m.end(), f"a UK postcode ({m.group('out')} ...)"))
    out += _addresses(text, ADDRESS, lower=False)
    if re.search(r"[0-9]", text):
        out += _addresses(text, ADDRESS_LOWER, lower=True)
    return _merge(out)


def _addresses(text: str, pattern: re.Pattern, lower: bool) -> list[Exposure]:
    out = []
    for m in pattern.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "£$.,/-_"):
            continue
        if NOT_HOUSE_NUMBER.search(text, max(0, start - 20), start) or MONTH_BEFORE.search(text, max(0, start - 12), start):
            continue  # "section 47 ...", "March 14 ..."
        street = m.group("street")
        if COURTS.search(street) or NOT_STREET.search(street):
            continue
        if lower and not GIVEN_BEFORE.search(text, max(0, start - 12), start):
            continue
        flat = FLAT_BEFORE.search(text, max(0, start - 20), start)
        out.append(Exposure("address", flat.start() if flat else start, m.end(), f"a home address (a house number in {street})"))
    return out


def _merge(found: list[Exposure]) -> list[Exposure]:
    """One exposure per place (the same address found in either case)."""
    seen, out = set(), []
    for e in found:
        key = (e.kind, e.start, e.end)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
