"""Start LibreOffice the moment ``annualreport build`` starts, before Python has imported
the rest of annualreport (about 0.35 s, a tenth of a whole build of the sample).

The office takes longer to start than the Word documents take to write, so every moment it
starts sooner comes off the build. ``annualreport.main`` calls :func:`prestart` first thing
(it looks at the command line only: a ``build`` that will make PDFs with LibreOffice), and
``annualreport build`` takes the office with :func:`take`. An office nobody takes is
stopped after a while, and at exit.
"""

from __future__ import annotations

import os
import sys
import threading

_office = None
_lock = threading.Lock()
UNTAKEN_LIMIT = 60.0


def _option(args: list[str], name: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def wanted(argv: list[str]) -> float | None:
    """The time limit, if ``argv`` is an ``annualreport build`` that converts with LibreOffice."""
    program = os.path.basename(argv[0]) if argv else ""
    if not (program.startswith("annualreport") or argv[0].endswith(os.path.join("annualreport", "__main__.py"))):
        return None
    args = argv[1:]
    if not args or args[0] != "build" or any(a in ("-h", "--help") for a in args):
        return None
    formats = {f.strip().lower() for f in _option(args, "--format", "docx,pdf").split(",")}
    engine = _option(args, "--pdf-engine", "auto").strip().lower()
    if "pdf" not in formats or engine not in ("auto", "libreoffice"):
        return None
    try:
        return float(_option(args, "--timeout", "180"))
    except ValueError:
        return None


def prestart(argv: list[str] | None = None) -> None:
    """Start a warm office now if the command line is a build that will want one."""
    global _office
    timeout = wanted(list(sys.argv if argv is None else argv))
    if timeout is None:
        return
    try:
        from .warm import WarmOffice

        office = WarmOffice(start_timeout=timeout + 5).start()
    except Exception:  # noqa: BLE001 - the build starts its own, or reports why it cannot
        return
    with _lock:
        _office = office
    timer = threading.Timer(UNTAKEN_LIMIT, _drop, args=(office,))
    timer.daemon = True
    timer.start()


def _drop(office) -> None:
    global _office
    with _lock:
        if _office is not office:
            return
        _office = None
    office.close(wait=False)


def take():
    """The office :func:`prestart` started (once), or None."""
    global _office
    with _lock:
        office, _office = _office, None
    return office
