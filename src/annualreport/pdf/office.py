"""The one place a warm office is started, and the one place a build acquires its office.

A build converts with LibreOffice through a warm office (``warm.WarmOffice``) when it can:

* one started early by the ``build`` or ``watch`` command, before its heavy imports
  (``early.start``);
* the one ``watch`` keeps running between rebuilds (started again if it died);
* else a new one, started as the build begins, that the build owns and closes.

The first two are handed to the build (``BuildSession(office=...)``); :func:`acquire` takes
the one handed over or starts a new one, and says which, so the build closes only its own.
Every one of them is started by :func:`start_office`.

Imports only the standard library at first: ``early`` calls it before the heavy imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .warm import WarmOffice

#: seconds the office may take to start, beyond the conversion's own limit
START_GRACE = 5.0


def start_office(timeout: float) -> WarmOffice:
    """A new warm office, starting now in the background. ``timeout``: the conversion's
    limit (``--timeout``). Raises ``OfficeUnavailable`` (a ``ConverterUnavailable``) when
    LibreOffice is not there."""
    from .warm import WarmOffice

    return WarmOffice(start_timeout=timeout + START_GRACE).start()


@dataclass
class Acquired:
    """The office a build converts with (None: it converts cold), and whether the build
    started it (then it closes it)."""

    office: WarmOffice | None = None
    owned: bool = False

    def release(self) -> None:
        """Close the office if the build started it (the others' owners close theirs)."""
        if self.owned and self.office is not None:
            self.office.close(wait=False)
        self.office, self.owned = None, False


def acquire(engine_name: str | None, given: WarmOffice | None, timeout: float) -> Acquired:
    """The office for a build converting with ``engine_name`` (None: no PDFs): ``given``
    (started early, or kept warm by ``watch``) if there is one, else a new one; none for
    another engine, or when LibreOffice cannot be kept running (the build converts cold)."""
    from .converter import ConverterUnavailable

    if engine_name != "libreoffice":
        return Acquired()
    if given is not None:
        return Acquired(given, owned=False)
    try:
        return Acquired(start_office(timeout), owned=True)
    except ConverterUnavailable:
        return Acquired()
