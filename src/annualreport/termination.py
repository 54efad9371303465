"""SIGTERM and SIGHUP end annualreport as Ctrl-C does: cleanly, then by that signal.

``timeout``, CI cancellation and a closed terminal send SIGTERM or SIGHUP. Left to the
default, the process would vanish mid-step and leave its office, its staging folder and its
temporary folder to the guard. Instead the signal becomes :class:`Terminated` (a
``KeyboardInterrupt``), so every ``finally`` runs as for Ctrl-C (the office is stopped, the
staging folder dropped, "interrupted; nothing was changed in the outputs" said), the run's
temporary folder is removed, and the process then ends by the same signal, so that whoever
sent it sees the usual exit status.

A signal that comes while Python is still importing (before :func:`arm`) is kept and acted
on as soon as :func:`arm` runs; a second signal during the cleanup is ignored, so that the
cleanup finishes.
"""

from __future__ import annotations

import os
import signal
import sys

SIGNALS = ("SIGTERM", "SIGHUP")

_received: int | None = None
_armed = False


class Terminated(KeyboardInterrupt):
    """The run was asked to stop by a signal (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _handler(signum, frame) -> None:
    global _received
    if _received is not None:
        return  # already stopping: let the cleanup finish
    _received = signum
    if _armed:
        raise Terminated(signum)


def install() -> None:
    """Catch SIGTERM and SIGHUP from now on (call it first thing). Only in the
    ``annualreport`` program itself: a test or a tool that imports annualreport keeps its
    own signals."""
    program = sys.argv[0] if sys.argv else ""
    if not (os.path.basename(program).startswith("annualreport")
            or program.endswith(os.path.join("annualreport", "__main__.py"))):
        return
    for name in SIGNALS:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            signal.signal(sig, _handler)
        except (ValueError, OSError):  # not the main thread
            pass


def arm() -> None:
    """From now on a signal interrupts the work in hand (call it once the imports are done).
    A signal that came before ends the run here."""
    global _armed
    _armed = True
    if _received is not None:
        finish()


def finish() -> None:
    """After the command's own cleanup: remove the run's temporary folder; if a signal asked
    us to stop, end by that signal."""
    from . import workfolder

    workfolder.cleanup()
    if _received is not None:
        try:
            signal.signal(_received, signal.SIG_DFL)
            os.kill(os.getpid(), _received)
        except (ValueError, OSError):
            pass
        raise SystemExit(128 + _received)
