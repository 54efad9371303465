"""PDF engines: turn the finished Word documents into PDF.

``libreoffice`` keeps the Word design (and fills the contents page when LibreOffice's Python
bridge is usable); ``pandoc`` is the pure-pip fallback (pandoc -> typst), which keeps the
words, headings, lists, tables, footnotes and pictures but not the Word design, and says what
it lost.
"""

from __future__ import annotations

from ..errors import PdfEngineError, Problem
from .base import EngineStatus, PdfEngine, PdfJob, PdfResult, count_pages
from .libreoffice import INSTALL_HINT, LibreOfficeEngine, find_soffice
from .typst_engine import PandocTypstEngine

__all__ = [
    "ENGINES",
    "EngineStatus",
    "PdfEngine",
    "PdfJob",
    "PdfResult",
    "choose_engine",
    "count_pages",
    "engine_statuses",
]

#: engine name -> engine class (instances are cheap: ``ENGINES[name]()``)
ENGINES: dict[str, type] = {
    "libreoffice": LibreOfficeEngine,
    "pandoc": PandocTypstEngine,
}

CHOICES = ("auto", *ENGINES)


def choose_engine(name: str = "auto") -> PdfEngine:
    """``auto`` (LibreOffice if installed, else pandoc), ``libreoffice`` or ``pandoc``."""
    key = (name or "auto").strip().lower()
    if key == "auto":
        if find_soffice()[0] is not None:
            return LibreOfficeEngine()
        return PandocTypstEngine()
    if key not in ENGINES:
        raise PdfEngineError(Problem(
            f"unknown PDF engine {name!r}",
            hint="choose one of: " + ", ".join(CHOICES),
        ))
    if key == "libreoffice":
        soffice, how = find_soffice()
        if soffice is None:
            raise PdfEngineError(Problem(
                f"the libreoffice PDF engine was asked for but LibreOffice is not installed ({how})",
                hint=INSTALL_HINT,
            ))
    return ENGINES[key]()


def engine_statuses() -> list[EngineStatus]:
    """Every engine's state, for ``annualreport doctor``."""
    return [cls().status() for cls in ENGINES.values()]
