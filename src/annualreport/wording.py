"""How a message says a count, a noun and a name it refuses: "1 error" and "2 errors", "an
agency", and for a name that is not one we know, the closest one or the names we do know.

Standard library only: the fast paths (``--version``, an up-to-date build) may use it.
"""

from __future__ import annotations

import difflib
from typing import Iterable

#: how many accepted names a refusal lists before it says "and N more"
LISTED = 12


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 error``, ``2 errors``; ``nouns`` for a plural that is not the noun and an s."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def article(phrase: str) -> str:
    """``a course``, ``an agency``, ``an evidence item``: by the first letter's sound, as
    the nouns of these messages go (no "an user" or "a hour" among them)."""
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def listed(names: Iterable[str], limit: int = LISTED) -> str:
    """``'a', 'b' and 'c'``, or the first ``limit`` and "and N more"."""
    names = list(dict.fromkeys(str(n) for n in names))
    shown = [f"'{n}'" for n in names[:limit]]
    if len(names) > limit:
        return ", ".join(shown) + f" and {len(names) - limit} more"
    if len(shown) < 2:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def closest(name: str, names: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name nearest ``name`` (a typo, a different case), or None."""
    names = [str(n) for n in names]
    lowered = {n.lower(): n for n in names}
    if str(name).lower() in lowered:
        return lowered[str(name).lower()]
    found = difflib.get_close_matches(str(name), names, n=1, cutoff=cutoff)
    if not found:
        found = difflib.get_close_matches(str(name).lower(), list(lowered), n=1, cutoff=cutoff)
        found = [lowered[f] for f in found]
    return found[0] if found else None


def refusal_hint(name: str, names: Iterable[str], listing: str = "use one of", otherwise: str = "") -> str:
    """The mend for a name that is none of ``names``: "did you mean 'x'?", then the names
    (all of a short list; the first of a long one when none is close; after ``listing``: "the agencies' ids are"), then ``otherwise``: what else the user may
    do ("or add it to partnership.yaml")."""
    names = list(dict.fromkeys(str(n) for n in names))
    near = closest(name, names)
    parts = []
    if names and (near is None or len(names) <= LISTED):  # a long list is noise beside the closest
        parts.append(f"{listing}: {listed(names)}")
    if otherwise:
        parts.append(otherwise)
    return " ".join([f"did you mean '{near}'?"] if near is not None else []) + (" " if near is not None and parts else "") + "; ".join(parts)
