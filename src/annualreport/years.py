"""The reporting year as a user types it: ``2025``, ``2025-26``, ``2025/26``, ``2025-2026``.

YEAR is the year the reporting period starts in; a board manager writes the year as the
report is labelled ("2025-26"), so both are read, and anything else is refused in our words.
Standard library only: an up-to-date build reads its year before anything heavy is imported.
"""

from __future__ import annotations

import re

from annualreport.errors import InputError, Problem

#: the years a report can be for (a year outside is a slip: 225, 20255)
FIRST, LAST = 1900, 2999
_YEAR = re.compile(r"(\d{4})(?:\s*[-/\u2013\u2014]\s*(\d{2}|\d{4}))?")
HOW = "write the year the reporting period starts in, like 2025 (or as the report is labelled: 2025-26 or 2025/26)"


def reporting_year(text: object, option: str = "YEAR") -> int:
    """The year the period starts in, from ``2025``, ``2025-26``, ``2025/26`` or ``2025-2026``;
    ``option`` names what was given (YEAR, --year) in the refusal."""
    said = str(text).strip()
    match = _YEAR.fullmatch(said)
    if match is None:
        raise InputError(Problem(f"{option} '{said}' is not a year", hint=HOW))
    year = int(match.group(1))
    if not FIRST <= year <= LAST:
        raise InputError(Problem(f"{option} '{said}' is not a year a report can be for ({FIRST} to {LAST})", hint=HOW))
    end = match.group(2)
    if end is not None:
        following = year + 1
        if int(end) != (following % 100 if len(end) == 2 else following):
            expected = f"{year}-{following % 100:02d}"
            raise InputError(Problem(f"{option} '{said}' is not one reporting year: the year after {year} is {following}",
                                     hint=f"write {year} or {expected} for the year that starts in {year}"))
    return year
