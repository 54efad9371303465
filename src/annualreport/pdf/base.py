"""What every PDF engine takes and gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import PdfEngineError, Problem


@dataclass
class PdfJob:
    """One Word document to turn into a PDF."""

    docx: Path  # the finished DOCX to convert
    pdf: Path  # where to write the PDF (its folder exists)
    title: str  # document title (PDF metadata; the fallback engine's title block)
    header: str = ""  # running header text (used by the fallback engine)


@dataclass
class PdfResult:
    pdf: Path
    engine: str  # "libreoffice" or "typst"
    pages: int
    #: what the engine could not keep from the Word design, in plain words (empty for libreoffice)
    lost: list[str] = field(default_factory=list)


@dataclass
class EngineStatus:
    name: str
    available: bool
    version: str | None
    #: where the engine is and what works (e.g. whether the contents page can be filled),
    #: or what is missing and how to install it
    detail: str


@runtime_checkable
class PdfEngine(Protocol):
    name: str

    def status(self) -> EngineStatus: ...

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]:
        """``timeout``: the seconds left; ``limit``: the whole limit (``--timeout``), for
        the message when it runs out (``timeout`` if not given)."""


def timed_out(engine: str, limit: float, document: Path | str | None, said: str = "",
              starting: bool = False) -> PdfEngineError:
    """The error for a conversion stopped at the time limit: which document was in hand and
    the limit in force (``--timeout``), not the moments left when the wait began.
    ``starting``: the engine had not begun on the document yet."""
    name = Path(document).name if document else None
    if starting:
        doing = f"starting, to convert {name}," if name else "starting"
    else:
        doing = f"converting {name}" if name else "converting"
    more = max(2 * limit, 60)
    return PdfEngineError(Problem(
        f"{engine} was still {doing} when the time limit of {limit:g} s (--timeout) ran out, "
        "and was stopped" + said,
        hint=f"allow more time if the report is long or the computer busy (--timeout {more:g}); "
             "if it runs out again, close other LibreOffice windows and check that the Word "
             "document opens in LibreOffice, or use `--pdf-engine typst`",
    ))


def fast_page_count(pdf: Path) -> int:
    """Pages in a PDF LibreOffice wrote, without parsing it (pypdf takes 0.1-0.2 s on 80
    pages): its page objects are plain dictionaries, ``/Type/Page``. Anything else
    (object streams, no page found) is counted by ``count_pages``."""
    import re

    try:
        data = Path(pdf).read_bytes()
    except OSError:
        return count_pages(pdf)
    if b"/ObjStm" in data:
        return count_pages(pdf)
    found = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
    return found or count_pages(pdf)


def count_pages(pdf: Path) -> int:
    """Pages in a finished PDF; a PDF that cannot be read is the engine's failure."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(str(pdf)).pages)
    except (OSError, PyPdfError, ValueError) as exc:
        raise PdfEngineError(Problem(
            f"the PDF engine wrote a PDF that cannot be read: {exc}", file=pdf,
            hint="run the build again; if it fails again, try the other engine with --pdf-engine",
        )) from None


def place_pdf(made: Path, pdf: Path) -> None:
    """Move a finished PDF from the engine's temporary folder to where it was asked for."""
    import shutil

    try:
        shutil.move(str(made), str(pdf))
    except OSError as exc:
        raise PdfEngineError(Problem(
            f"the PDF could not be written: {exc.strerror or exc}", file=pdf,
            hint="close the PDF if it is open in a viewer, and check the folder can be written to",
        )) from None
