"""Identifying information in text for publication (AR401).

A published yearly report must not identify a child (the ICO's "motivated intruder" test):
reviews name children by pseudonym only ("Child A", "Baby W", "Child Jody"). ``Identifying``
scans a piece of text and returns each ``Exposure``: where it is and what it looks like, said
without repeating the value it found (at most the last two digits). ``mask`` replaces each
exposure by its label ("[NHS number]").

One module per kind of information, each with what it finds and what it lets pass:

* ``names``: a child's first name next to a word for a child or an age (child-name);
* ``dates``: a date of birth; a child's age next to a full date (date-of-birth, age-with-date);
* ``places``: a home address or postcode (address, postcode);
* ``numbers``: NHS and private phone numbers, in any grouping or spelled out (nhs-number, phone);
* ``emails``: private e-mail addresses, plain or written out (email).

``scanner`` puts them together with the project's allow list; ``project`` builds that list
from a project (``for_project``) and scans written Word documents (``scan_document``).
"""

from __future__ import annotations

from annualreport.lint.identifying.exposure import KINDS, LABELS, Exposure, mask
from annualreport.lint.identifying.numbers import nhs_number_valid
from annualreport.lint.identifying.project import for_outputs, for_project, scan_document
from annualreport.lint.identifying.scanner import Identifying


_PLAIN = Identifying()


def scan(text: str, identifying: Identifying | None = None) -> list[Exposure]:
    """The exposures in ``text`` (with ``identifying``'s allow list, or none)."""
    return (identifying or _PLAIN).scan(text)


def spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds identifying information of any kind, with no allow list: an NHS
    number, a phone number or a date of birth there is never a claim's figure."""
    return [(e.start, e.end) for e in _PLAIN.scan(text)]


__all__ = ["KINDS", "LABELS", "Exposure", "Identifying", "for_outputs", "for_project", "mask", "nhs_number_valid", "scan", "scan_document", "spans"]
