"""Start LibreOffice the moment ``annualreport build`` (or ``watch``) starts, before Python
imports the rest of annualreport (about 0.35 s, a tenth of a whole build of the sample).

The office takes longer to start than the Word documents take to write, so every moment it
starts sooner comes off the build. The ``build`` and ``watch`` commands call :func:`start`
first thing, with their own options, and import the builder after it; importing
``annualreport.main`` starts nothing. The office starts in the background
(``office.start_office``); the command hands it to the build, which takes it
(``office.acquire``), and stops it however the command ends.

This module imports only the standard library: it runs before the heavy imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .warm import WarmOffice


def wanted(format: str, pdf_engine: str) -> bool:
    """Whether a command with these ``--format`` and ``--pdf-engine`` values converts with
    LibreOffice (``auto`` does if it is installed: :func:`start` finds out)."""
    formats = {f.strip().lower() for f in format.split(",")}
    return "pdf" in formats and pdf_engine.strip().lower() in ("auto", "libreoffice")


def start(format: str, pdf_engine: str, timeout: float) -> WarmOffice | None:
    """A warm office, starting now in the background, if the command will want one; None if
    it will not, or the office cannot start (the build then starts its own, or says why it
    cannot, in its usual order)."""
    if not wanted(format, pdf_engine):
        return None
    try:
        from .office import start_office

        return start_office(timeout)
    except Exception:  # noqa: BLE001 - the build starts its own, or reports why it cannot
        return None
