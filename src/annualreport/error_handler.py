"""One place that turns failures into messages and exit codes (after pre-commit's).

A user error (``AnnualReportError``) prints what is wrong, where, and how to mend it, and
exits 2 (or 1 for findings under --strict). Anything else is our bug: it still prints a
short message, not a traceback, and says where the full one was written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import traceback
from pathlib import Path
from typing import Iterator

import typer

from annualreport.errors import AnnualReportError


def _err(text: str) -> None:
    typer.echo(text, err=True)


@contextlib.contextmanager
def error_handler(project: Path | None = None) -> Iterator[None]:
    try:
        yield
    except AnnualReportError as exc:
        count = len(exc.problems)
        _err(f"error: {'the input could not be used' if exc.exit_code == 2 else 'the build stopped'}" + (f" ({count} problems)" if count > 1 else ""))
        for problem in exc.problems:
            _err(problem.render(relative_to=project))
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("interrupted; nothing was changed in the outputs")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:  # our bug, not the user's: no traceback on their screen
        _err(f"error: annualreport failed unexpectedly: {type(exc).__name__}: {str(exc)[:500]}")
        try:
            log = Path(tempfile.gettempdir()) / "annualreport-crash.log"
            log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
            _err(f"    the details are in {log}; please report them with the command you ran")
        except Exception as unwritten:  # a full disk or a read-only TMPDIR must not end in a traceback
            _err(f"    the details could not be written ({type(unwritten).__name__}: {unwritten}); set ANNUALREPORT_DEBUG=1 to see them")
        if os.environ.get("ANNUALREPORT_DEBUG"):
            raise
        raise typer.Exit(3) from None
