"""PDF engines: turn the finished Word documents into PDF.

``libreoffice`` keeps the Word design (and fills the contents page when LibreOffice's Python
bridge is usable); ``typst`` is the pure-pip fallback (pandoc reads the DOCX, typst lays it
out), which keeps the words, headings, lists, tables, footnotes and pictures but not the Word
design, and says what it lost. ``pandoc``, its former name, still chooses it.
"""

from __future__ import annotations

from ..errors import PdfEngineError, Problem
from ..wording import refusal_hint
from .base import EngineStatus, PdfEngine, PdfJob, PdfResult, count_pages

# The engines' modules (lxml, LibreOffice's finding) are imported on first use, so that
# ``annualreport.pdf.early`` and ``pdf.warm`` can be imported at once, before a build's
# heavy imports.

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

#: the engines' names, as ``--pdf-engine`` takes them (and ``auto``)
CHOICES = ("auto", "libreoffice", "typst")
#: other names ``--pdf-engine`` accepts -> the engine's name
ALIASES = {"pandoc": "typst"}


def _engines() -> dict[str, type]:
    """engine name -> engine class (instances are cheap: ``ENGINES[name]()``)."""
    from .libreoffice import LibreOfficeEngine
    from .typst_engine import TypstEngine

    return {"libreoffice": LibreOfficeEngine, "typst": TypstEngine}


def __getattr__(name: str):
    if name == "ENGINES":  # engine name -> engine class, made on first use
        return _engines()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def choose_engine(name: str = "auto") -> PdfEngine:
    """``auto`` (LibreOffice if installed, else typst), ``libreoffice`` or ``typst`` (or its
    other name, ``pandoc``)."""
    from .libreoffice import LibreOfficeEngine
    from .soffice import INSTALL_HINT, find_soffice
    from .typst_engine import TypstEngine

    engines = _engines()
    key = (name or "auto").strip().lower()
    key = ALIASES.get(key, key)
    if key == "auto":
        if find_soffice()[0] is not None:
            return LibreOfficeEngine()
        return TypstEngine()
    if key not in engines:
        raise PdfEngineError(Problem(
            f"--pdf-engine {name!r} is not a PDF engine annualreport knows",
            hint=refusal_hint(key, CHOICES, "choose one of") + " (pandoc is another name for typst)",
        ))
    if key == "libreoffice":
        soffice, how = find_soffice()
        if soffice is None:
            raise PdfEngineError(Problem(
                f"the libreoffice PDF engine was asked for but LibreOffice is not installed ({how})",
                hint=INSTALL_HINT,
            ))
    return engines[key]()


def engine_statuses() -> list[EngineStatus]:
    """Every engine's state, for ``annualreport doctor``."""
    return [cls().status() for cls in _engines().values()]
