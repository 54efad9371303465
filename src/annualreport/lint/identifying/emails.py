"""E-mail addresses, written plainly or dressed up ("jo.smith at gmail dot com",
"dave [at] hotmail [dot] co [dot] uk", "carer(at)gmail.com").

Flagged unless the domain is an organisation's: a domain the scanner was given or a
sub-domain of one, or of gov.uk, nhs.uk, nhs.net, police.uk, sch.uk, ac.uk, mod.uk,
parliament.uk, cjsm.net.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from annualreport.lint.identifying.exposure import Exposure

if TYPE_CHECKING:
    from annualreport.lint.identifying.scanner import Identifying

ORGANISATION_SUFFIXES = ("gov.uk", "nhs.uk", "nhs.net", "police.uk", "sch.uk", "ac.uk", "mod.uk", "parliament.uk", "cjsm.net")

EMAIL_DOMAIN = re.compile(r"@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]+$")

_AT = re.compile(r"\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+")
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.)"
#: an address written with "at" and "dot" (lower-case text): the local part before the "at",
#: the domain after; a bracketed "at" or a spelled "dot" must be there, so that "staff at
#: harrowfield.gov.uk" is not taken for one
LOCAL = re.compile(r"[a-z0-9][a-z0-9._%+-]*$")
DOMAIN = re.compile(rf"[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)+")
_SPELLED_DOT = re.compile(r"\s+dot\s+|[\[({<]\s*dot")
_TLD = re.compile(r"(?:com|org|net|uk|co|io|me|info|biz|eu|ie|de|fr|pl|ro|in|us|live|email)$")


def organisational_domain(scanner: "Identifying", domain: str) -> bool:
    domain = domain.lower().rstrip(".")
    for known in (*scanner.domains, *ORGANISATION_SUFFIXES):
        if domain == known or domain.endswith("." + known):
            return True
    return False


def organisational_email_in(scanner: "Identifying", line: str) -> bool:
    for m in EMAIL_DOMAIN.finditer(line):
        if EMAIL_LOCAL.search(line, 0, m.start()) and organisational_domain(scanner, m.group("domain")):
            return True
    return False


def find(scanner: "Identifying", text: str, low: str) -> list[Exposure]:
    out = []
    if "@" in text:
        for m in EMAIL_DOMAIN.finditer(text):
            local = EMAIL_LOCAL.search(text, max(0, m.start() - 64), m.start())
            if not local:
                continue  # a citation, "[@id]"
            domain = m.group("domain")
            if not organisational_domain(scanner, domain):
                out.append(Exposure("email", local.start(), m.end(), f"a private e-mail address (at {domain.lower()})"))
    if "at" in low and ("dot" in low or "(at)" in low or "[at]" in low or "{at}" in low or "<at>" in low):
        for at in _AT.finditer(low):
            local = LOCAL.search(low, max(0, at.start() - 64), at.start())
            written = DOMAIN.match(low, at.end())
            if not local or not written:
                continue
            if not (at.group().strip() != "at" or _SPELLED_DOT.search(written.group())):
                continue
            domain = ".".join(p for p in re.split(_DOT, written.group()) if p)
            if not _TLD.search(domain) or organisational_domain(scanner, domain):
                continue
            out.append(Exposure("email", local.start(), written.end(), f"a private e-mail address, written out (at {domain})"))
    return out
