"""The pure-pip engine ("typst"; "pandoc" is another name for it): pandoc reads the Word
document, typst lays it out.

Needs nothing but pip packages (pypandoc-binary, typst). It keeps the words, headings, lists,
tables, footnotes, links, pictures and page breaks, and builds a real contents page where the
Word document had one; it cannot keep the Word template's design, and says so in ``lost``.

Steps for each document:
1. a private copy of the DOCX with Word's contents field replaced by a marker paragraph (its
   text is only a placeholder until Word or LibreOffice fills it) and page breaks turned into
   marker paragraphs;
2. ``pandoc -f docx -t json --extract-media`` into a temporary folder;
3. small changes to pandoc's document tree: markers become ``#outline()`` and ``#pagebreak()``,
   pictures typst cannot show are replaced by a note, duplicate caption paragraphs are dropped;
4. ``pandoc -f json -t typst --template report.typ``, then ``typst.compile`` with the
   temporary folder as root (media paths are relative to it).

Step 1 is ``typst_docx``, step 3 ``typst_tree``; this module runs the steps.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

from lxml import etree

from .. import workfolder
from ..errors import PdfEngineError, Problem
from .base import EngineStatus, PdfJob, PdfResult, count_pages, place_pdf, timed_out
from .converter import ColdConverter
from .typst_docx import prepare_docx
from .typst_tree import transform


#: sans fonts in order of preference; the first ones typst can find are used
SANS_FONTS = (
    "Arial", "Liberation Sans", "Helvetica", "Arimo", "Carlito", "Calibri", "Noto Sans",
    "Open Sans", "Source Sans 3", "Segoe UI", "DejaVu Sans",
)
FALLBACK_FONT = "Libertinus Serif"  # embedded in the typst package: always there

HINT = (
    "check that the Word document opens in Word or LibreOffice; if it does, report this "
    "problem, or install LibreOffice and use `--pdf-engine libreoffice`"
)


def _pandoc() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise PdfEngineError(Problem(
            f"pandoc is not available: {exc}",
            hint="reinstall annualreport's dependencies: `pip install pypandoc-binary`",
        )) from None


@functools.lru_cache(maxsize=1)
def _pandoc_version() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_version()
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return None


@functools.lru_cache(maxsize=1)
def choose_fonts() -> tuple[str, ...]:
    """The sans fonts typst can use here (best first), then the embedded serif."""
    try:
        import typst

        families = set(typst.Fonts(include_system_fonts=True, include_embedded_fonts=True).families())
    except Exception:  # noqa: BLE001
        families = set()
    found = [f for f in SANS_FONTS if f in families]
    return (*found[:2], FALLBACK_FONT)


# --- the engine -------------------------------------------------------------------------------

def lost_from(facts: dict) -> list[str]:
    """What the Word design lost, in plain words, true to this document."""
    lost = ["the cover page layout, fonts and colours of the Word template (a plain title "
            "block, a sans font and navy headings are used instead)"]
    if facts.get("header_footer"):
        lost.append("the Word template's header and footer text (a plain header and page "
                    "numbers are used instead)")
    if facts.get("tables"):
        lost.append("table styles and cell colours (a plain table style is used)")
    if facts.get("charts"):
        lost.append("charts drawn by Word itself (they are left out; pictures of charts are kept)")
    if facts.get("landscape"):
        lost.append("landscape pages (every page is portrait)")
    if facts.get("columns"):
        lost.append("text set in columns (one column is used)")
    if facts.get("lost_pictures"):
        n = facts["lost_pictures"]
        lost.append(f"{n} picture{'s' if n != 1 else ''} in a format the fallback engine cannot "
                    "show (such as EMF or WMF); a note marks where")
    return lost


class TypstEngine(ColdConverter):
    name = "typst"

    def status(self) -> EngineStatus:
        version = _pandoc_version()
        try:
            import typst

            typst_version = getattr(typst, "__version__", "?")
        except ImportError:
            return EngineStatus(self.name, False, version,
                                "the typst package is missing: `pip install typst`")
        if version is None:
            return EngineStatus(self.name, False, None,
                                "pandoc is missing: `pip install pypandoc-binary`")
        fonts = ", ".join(choose_fonts())
        return EngineStatus(
            self.name, True, version,
            f"pandoc {version} (pypandoc-binary) with typst {typst_version}; fonts: {fonts}; "
            "keeps the content, not the Word design",
        )

    def available(self) -> bool:
        return self.status().available

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]:
        deadline = time.monotonic() + timeout
        limit = timeout if limit is None else limit
        choose_fonts()  # once, before the threads
        if len(jobs) <= 1:
            return [self._convert_one(job, deadline, limit) for job in jobs]
        # pandoc runs as a separate process: documents convert side by side
        workers = max(1, min(len(jobs), os.cpu_count() or 1, 4))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self._convert_one, job, deadline, limit) for job in jobs]
            return [f.result() for f in futures]

    def _run_pandoc(self, args: list[str], cwd: Path, deadline: float, limit: float, job: PdfJob) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise timed_out("the typst PDF engine", limit, job.docx)
        try:
            done = subprocess.run([_pandoc(), *args], cwd=cwd, capture_output=True,
                                  timeout=remaining, stdin=subprocess.DEVNULL, env=workfolder.child_env())
        except subprocess.TimeoutExpired:
            raise timed_out("the typst PDF engine", limit, job.docx) from None
        except OSError as exc:
            raise PdfEngineError(Problem(f"pandoc could not be started: {exc}",
                                         hint="reinstall pypandoc-binary")) from None
        if done.returncode != 0:
            said = _first_lines(done.stderr.decode("utf-8", "replace"))
            raise PdfEngineError(Problem(f"pandoc could not read the Word document:\n{said}",
                                         hint=HINT))
        return done.stdout

    def _convert_one(self, job: PdfJob, deadline: float, limit: float) -> PdfResult:
        import typst

        if not Path(job.docx).is_file():
            raise PdfEngineError(Problem("the Word document to convert is missing", file=job.docx))
        work = workfolder.mkdtemp("typst-")
        try:
            try:
                facts = prepare_docx(Path(job.docx), work / "in.docx")
            except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
                raise PdfEngineError(Problem(f"not a readable Word document: {exc}",
                                             file=job.docx, hint=HINT)) from None
            raw = self._run_pandoc(
                ["-f", "docx+styles", "-t", "json", "--extract-media=media", "in.docx"],
                work, deadline, limit, job,
            )
            doc = transform(json.loads(raw), job, facts, work)
            (work / "doc.json").write_text(json.dumps(doc), encoding="utf-8")
            template = resources.files("annualreport.pdf").joinpath("report.typ")
            (work / "template.typ").write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
            fonts = [arg for font in choose_fonts() for arg in ("-V", f"mainfont={font}")]
            title_string = (job.title or "Report").replace("\\", "\\\\").replace('"', '\\"')
            source = self._run_pandoc(
                ["-f", "json", "-t", "typst", "--template=template.typ", "-s",
                 "-V", f"title-string={title_string}", *fonts, "doc.json"],
                work, deadline, limit, job,
            )
            (work / "report.typ").write_bytes(source)
            out = work / "report.pdf"
            try:
                _compile(typst, work / "report.typ", out, work)
            except Exception as exc:  # typst.TypstError and friends
                said = _first_lines(str(exc))
                raise PdfEngineError(Problem(f"typst could not lay out the report:\n{said}",
                                             hint=HINT)) from None
            if not out.is_file():
                raise PdfEngineError(Problem("typst did not write the PDF", hint=HINT))
            place_pdf(out, Path(job.pdf))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return PdfResult(Path(job.pdf), self.name, count_pages(Path(job.pdf)), lost_from(facts))


def _compile(typst, source: Path, out: Path, root: Path) -> None:
    """Compile to PDF/UA-1 (accessible) when the document allows it (every picture needs alt
    text), else to a plain tagged PDF."""
    try:
        typst.compile(str(source), output=str(out), root=str(root), pdf_standards=["ua-1"])
        return
    except Exception:  # noqa: BLE001 - not PDF/UA-ready, or an older typst: try plainly
        pass
    typst.compile(str(source), output=str(out), root=str(root))


def _first_lines(text: str, n: int = 8) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[:n]) or "(no message)"
