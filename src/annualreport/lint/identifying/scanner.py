"""``Identifying``: the scan of one text for every kind of identifying information, with the
project's allow list (staff, organisations, places; organisations' e-mail domains and phones)."""

from __future__ import annotations

import copy
import re
from typing import Iterable

from annualreport.lint.identifying import dates, emails, names, numbers, places
from annualreport.lint.identifying.exposure import Exposure

DIGIT = re.compile(r"[0-9]")
PHONE_ENTRY = re.compile(r"\+?[0-9 \u00a0()\-]{10,}")
DOMAIN_ENTRY = re.compile(r"@?[a-z0-9-]+(?:\.[a-z0-9-]+)+")
#: words whose presence makes a spelled-out number or a dressed-up e-mail possible
WORDS_NEEDED = re.compile(r"(?i:\b(?:zero|oh|nought|double|triple|seven|nine)\b|\bat\b|\(at\)|\[at\])")
BIRTH = re.compile(r"(?i)\b(?:born|birth|dob|d\.\s?o\.\s?b)")
#: a line break inside a paragraph, with the indentation and quote marks of the next line
WRAP = re.compile(r"[ \t]*\r?\n(?![ \t]*\r?\n)[ \t>]*")


def unwrapped(text: str) -> tuple[str, list[int]]:
    """``text`` with each line break inside a paragraph made one space (as a reader, and the
    text format, sees it), and for each of its characters the offset of that character in
    ``text`` (one more at the end)."""
    out: list[str] = []
    where: list[int] = []
    last = 0
    for m in WRAP.finditer(text):
        out.append(text[last : m.start()])
        where.extend(range(last, m.start()))
        out.append(" ")
        where.append(m.start())
        last = m.end()
    out.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(out), where


class Identifying:
    """Finds identifying information in text.

    ``allow``: names of staff, organisations and places, as written in the text (an entry that
    is a phone number or an e-mail domain is taken as an organisation's). ``organisation_domains``
    and ``organisation_phones``: e-mail domains and phone numbers that are organisations'.
    Any exposure that lies wholly inside an allowed text passes.
    """

    def __init__(self, allow: Iterable[str] = (), organisation_domains: Iterable[str] = (), organisation_phones: Iterable[str] = ()):
        texts: list[str] = []
        domains = {d.strip().lower().lstrip("@.") for d in organisation_domains if d and d.strip()}
        phones = {numbers.national(p) for p in organisation_phones if p and DIGIT.search(str(p))}
        for entry in allow:
            entry = str(entry).strip()
            if not entry:
                continue
            if PHONE_ENTRY.fullmatch(entry):
                phones.add(numbers.national(entry))
                continue
            if "@" in entry:
                domains.add(entry.rsplit("@", 1)[1].lower())
            elif DOMAIN_ENTRY.fullmatch(entry):
                domains.add(entry.lower().lstrip("@."))
                continue
            texts.append(entry)
        self.domains = frozenset(domains)
        self.phones = frozenset(phones)
        self._set_allow(texts)

    def _set_allow(self, texts: Iterable[str]) -> None:
        self.allow = tuple(sorted(set(texts), key=len, reverse=True))
        self._allow_re = None
        if self.allow:
            parts = [re.sub(r"['’]", lambda _: "['’]", r"\s+".join(re.escape(word) for word in text.split())) for text in self.allow]
            self._allow_re = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")

    def allowing(self, texts: Iterable[str]) -> "Identifying":
        """This scanner, letting these exact texts pass too (what the user suppressed)."""
        other = copy.copy(self)
        other._set_allow([*self.allow, *(t for t in texts if t.strip())])
        return other

    def organisational_domain(self, domain: str) -> bool:
        return emails.organisational_domain(self, domain)

    def organisational_email_in(self, line: str) -> bool:
        return emails.organisational_email_in(self, line)

    def scan(self, text: str) -> list[Exposure]:
        """Every exposure in ``text``, in order of place; also those that a line break
        splits ("943 476" at the end of one line, "5919" at the start of the next)."""
        found = self._scan(text)
        if "\n" in text:
            found += self._wrapped(text, found)
            found.sort(key=lambda e: (e.start, e.end, e.kind))
        return found

    def _wrapped(self, text: str, found: list[Exposure]) -> list[Exposure]:
        """The exposures that cross a line break: each break with a number after it and a
        number or a word of birth before it is read again with its lines joined."""
        out: list[Exposure] = []
        for m in WRAP.finditer(text):
            if not (DIGIT.search(text, m.end(), m.end() + 25) and (DIGIT.search(text, max(0, m.start() - 30), m.start()) or BIRTH.search(text, max(0, m.start() - 30), m.start()))):
                continue
            a, b = max(0, m.start() - 120), min(len(text), m.end() + 120)
            joined, where = unwrapped(text[a:b])
            for e in self._scan(joined):
                start, end = a + where[e.start], a + where[max(e.start, e.end - 1)] + 1
                if start <= m.start() < end and not any(f.start < end and start < f.end for f in (*found, *out)):
                    out.append(Exposure(e.kind, start, end, e.message))
        return out

    def _scan(self, text: str) -> list[Exposure]:
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer; keep offsets true
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found: list[Exposure] = []
        has_digit = DIGIT.search(text) is not None
        words = WORDS_NEEDED.search(text) is not None
        if has_digit or words:
            found += numbers.find(self, text, low)
        if has_digit:
            found += places.find(text, low)
        if has_digit or "born" in low or "birth" in low:
            found += dates.find(text, low)
        if "@" in text or words:
            found += emails.find(self, text, low)
        if names.needed(text):
            found += names.find(text)
        if found and self._allow_re is not None:
            allowed = [(m.start(), m.end()) for m in self._allow_re.finditer(text)]
            if allowed:
                found = [e for e in found if not any(a <= e.start and e.end <= b for a, b in allowed)]
        found.sort(key=lambda e: (e.start, e.end, e.kind))
        return found
