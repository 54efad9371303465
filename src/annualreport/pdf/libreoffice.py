"""The LibreOffice engine: the Word design kept as it is, a filled contents page, tagged PDF.

Preferred path: ``uno_convert.py`` run by a Python that can ``import uno`` starts one private
headless office, fills every index (the contents page) and exports each document. Without
such a Python: one plain ``soffice --convert-to`` call for all documents (the contents page
then keeps Word's placeholder text, and ``lost`` says so).

Every run has its own fresh profile, so two builds at once never meet in one office (copied
from a set-up one kept in the user's cache folder, which starts 0.2 s sooner: ``profile``).
LibreOffice converts a private copy of each document (``prepare``): titled, its contents
page pre-filled so one pass fills it, its table styles written out as direct formatting
(``tables``: the same look, read in half the time). ``warm`` keeps one such office running
between conversions (``annualreport watch``; and each build starts one as it begins). Finding
``soffice`` and a Python that can drive it: ``soffice``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
import zipfile
from importlib import resources
from pathlib import Path

from .. import workfolder
from ..errors import PdfEngineError, Problem
from .base import EngineStatus, PdfJob, PdfResult, fast_page_count, place_pdf, timed_out
from ._process import run_group, tail
from .converter import ColdConverter
from .soffice import INSTALL_HINT, UNO_HINT, find_soffice, find_uno_python, forget_uno_python, python_env, soffice_version

#: PDF export options: tagged PDF (accessibility), PDF/UA, headings as bookmarks, and
#: PDF/A-2b for archiving (LibreOffice refuses PDF/UA with PDF/A-1b, not with 2b), with the
#: document's title shown in the viewer's title bar (WCAG 2.4.2).
FILTER_DATA: dict[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "ExportBookmarks": True,
    "SelectPdfVersion": 2,
    "DisplayPDFDocumentTitle": True,
}

HARMLESS = ("failed to launch javaldx", "javaldx failed")




def make_private_copy(docx: Path, copy: Path, title: str | None, prefill_toc: bool = True) -> None:
    """The engine's own copy of a document: its title set, its contents page pre-filled
    (see ``prepare``), so the user's file is never touched nor locked."""
    from .prepare import private_copy

    try:
        private_copy(docx, copy, title, prefill_toc=prefill_toc)
    except OSError as exc:
        raise PdfEngineError(Problem(
            f"the Word document could not be read: {exc.strerror or exc}", file=docx,
            hint="check the file is not open elsewhere and can be read",
        )) from None


def has_toc_field(docx: Path) -> bool:
    """Whether the Word document has a table of contents field (so the loss is real)."""
    try:
        with zipfile.ZipFile(docx) as zf:
            xml = zf.read("word/document.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return bool(re.search(r"<w:instrText[^>]*>\s*TOC\b|w:instr=\"\s*TOC\b", xml))


class LibreOfficeEngine(ColdConverter):
    name = "libreoffice"

    def status(self) -> EngineStatus:
        soffice, how = find_soffice()
        if soffice is None:
            return EngineStatus(self.name, False, None, f"{how}; {INSTALL_HINT}")
        version = soffice_version(str(soffice))
        uno = find_uno_python(str(soffice))
        if uno:
            contents = f"contents page filled in over UNO by {uno[2]}"
        else:
            contents = f"no Python can import uno, so the contents page stays unfilled; {UNO_HINT}"
        return EngineStatus(self.name, True, version, f"soffice at {soffice} ({how}); {contents}")

    def available(self) -> bool:
        return find_soffice()[0] is not None

    # --- conversion -----------------------------------------------------------------------

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]:
        """Convert ``jobs`` within ``timeout`` seconds; ``limit`` is the whole limit
        (``--timeout``), for the message should the time run out."""
        if not jobs:
            return []
        soffice, how = find_soffice()
        if soffice is None:
            raise PdfEngineError(Problem(f"LibreOffice is not installed: {how}", hint=INSTALL_HINT))
        for job in jobs:
            if not Path(job.docx).is_file():
                raise PdfEngineError(Problem("the Word document to convert is missing", file=job.docx))
        deadline = time.monotonic() + timeout
        timeout = timeout if limit is None else limit  # what the messages call the limit
        work = workfolder.mkdtemp("lo-")
        (work / "t").mkdir()  # the office's TMPDIR: its lu*.tmp goes with the folder
        sockets: list[Path] = []
        try:
            # Private copies: unique names for one --outdir, and no lock files left beside
            # the user's documents if the office has to be killed.
            (work / "in").mkdir()
            (work / "out").mkdir()
            uno = find_uno_python(str(soffice))
            inputs = []
            for i, job in enumerate(jobs):
                copy = work / "in" / f"doc{i + 1}.docx"
                # the contents are pre-filled only for the UNO path, which fills them in
                make_private_copy(Path(job.docx), copy, job.title, prefill_toc=uno is not None)
                inputs.append(copy)
            outputs = [work / "out" / f"doc{i + 1}.pdf" for i in range(len(jobs))]
            from . import profile as profiles

            seeded = profiles.seed(work / "profile", soffice)
            profile = (work / "profile").resolve().as_uri()
            sockets += workfolder.office_sockets(None, profile)
            for socket in sockets:
                workfolder.remove_at_end(socket)

            used_uno = uno is not None and self._convert_uno(
                soffice, uno, jobs, inputs, outputs, profile, work, deadline, timeout, sockets
            )
            unfilled = None
            if not used_uno:
                if uno is not None:  # the helper could not run: Word's placeholder back
                    for job, copy in zip(jobs, inputs):
                        make_private_copy(Path(job.docx), copy, job.title, prefill_toc=False)
                self._convert_plain(soffice, jobs, inputs, outputs, profile, work, deadline, timeout)
                reason = (
                    "no Python that can use LibreOffice's UNO bridge was found"
                    if uno is None else "LibreOffice's UNO bridge did not work"
                )
                unfilled = (
                    f"the contents page: {reason}, so LibreOffice could not fill it in and it "
                    "shows Word's placeholder text instead (to mend: " + UNO_HINT + ")"
                )
            results = []
            for job, out in zip(jobs, outputs):
                place_pdf(out, Path(job.pdf))
                lost = [unfilled] if unfilled and has_toc_field(Path(job.docx)) else []
                results.append(PdfResult(Path(job.pdf), self.name, fast_page_count(Path(job.pdf)), lost))
            if not seeded:
                profiles.keep(work / "profile", soffice)
            return results
        finally:
            workfolder.remove_sockets(sockets)  # every office of this call is dead by now
            shutil.rmtree(work, ignore_errors=True)

    def _convert_uno(self, soffice, uno, jobs, inputs, outputs, profile, work, deadline, timeout, sockets) -> bool:
        """Convert over UNO. False if the helper itself could not run (then use plain soffice)."""
        exe, extra, _desc = uno
        remaining = deadline - time.monotonic()
        pipe = f"annualreport_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        for socket in workfolder.office_sockets(pipe, None):
            sockets.append(socket)
            workfolder.remove_at_end(socket)
        request = {
            "soffice": str(soffice),
            "profile": profile,
            "pipe": pipe,
            "timeout": max(remaining - 1, 1),
            "log": str(work / "office.log"),
            "filter_data": FILTER_DATA,
            "jobs": [
                {"docx": str(src.resolve()), "pdf": str(out.resolve()), "title": job.title,
                 "source": str(job.docx)}
                for job, src, out in zip(jobs, inputs, outputs)
            ],
        }
        (work / "request.json").write_text(json.dumps(request), encoding="utf-8")
        result_file = work / "result.json"
        script = resources.files("annualreport.pdf").joinpath("uno_convert.py")
        with resources.as_file(script) as script_path:
            done = run_group(
                [exe, str(script_path), str(work / "request.json"), str(result_file)],
                timeout=remaining, log=work / "helper.log",
                env=workfolder.child_env(python_env(exe, dict(extra)), tmp=work / "t"),
            )
        office_log = _read(work / "office.log")
        if done.timed_out:
            helper_log = _read(work / "helper.log")
            document = _in_hand(helper_log)
            raise timed_out("LibreOffice", timeout, document or jobs[0].docx, _said(office_log + helper_log),
                            starting=document is None)
        if not result_file.is_file():
            # The helper died before it could report: a broken UNO Python. Plain soffice then.
            forget_uno_python(str(soffice))
            return False
        result = json.loads(result_file.read_text(encoding="utf-8"))
        if not result.get("ok"):
            detail = tail(office_log, drop=HARMLESS)
            error = result.get("error", "")
            failed = None
            if result.get("stage") in ("start", "connect"):
                message = f"LibreOffice ({soffice}) did not start: {error}"
            else:
                index = len(result.get("done", []))
                failed = jobs[index].docx if index < len(jobs) else None
                message = f"LibreOffice could not convert this document: {error}"
            if detail:
                message += f"\nLibreOffice said:\n{detail}"
            raise PdfEngineError(Problem(message, file=failed, hint=(
                "check that the document opens in LibreOffice (run `soffice --headless "
                "--convert-to pdf` on it); close other LibreOffice windows; or use "
                "`--pdf-engine typst`"
            )))
        self._check_outputs(outputs, jobs, office_log)
        return True

    def _convert_plain(self, soffice, jobs, inputs, outputs, profile, work, deadline, timeout) -> None:
        options = json.dumps(
            {key: {"type": "boolean", "value": "true" if value else "false"} if isinstance(value, bool)
             else {"type": "long", "value": str(value)}
             for key, value in FILTER_DATA.items()},
            separators=(",", ":"),
        )
        args = [
            str(soffice), f"-env:UserInstallation={profile}", "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            "--convert-to", f"pdf:writer_pdf_Export:{options}",
            "--outdir", str(work / "out"), *[str(p) for p in inputs],
        ]
        done = run_group(args, timeout=deadline - time.monotonic(), log=work / "soffice.log",
                         cwd=work, env=workfolder.child_env(tmp=work / "t"))
        if done.timed_out:
            raise timed_out("LibreOffice", timeout, jobs[0].docx if jobs else None, _said(done.output))
        if done.returncode != 0:
            raise PdfEngineError(Problem(
                f"LibreOffice ({soffice}) failed with exit code {done.returncode}"
                + _said(done.output),
                hint="check that LibreOffice works: run `soffice --headless --convert-to pdf "
                     "some.docx`; close other LibreOffice windows; or use `--pdf-engine typst`",
            ))
        self._check_outputs(outputs, None, done.output)

    @staticmethod
    def _check_outputs(outputs, jobs, log: str) -> None:
        missing = [o.name for o in outputs if not o.is_file() or o.stat().st_size == 0]
        if missing:
            raise PdfEngineError(Problem(
                f"LibreOffice did not produce {len(missing)} of {len(outputs)} PDF(s)" + _said(log),
                hint="check that the Word document opens in LibreOffice, or use `--pdf-engine typst`",
            ))



def _in_hand(helper_log: str) -> Path | None:
    """The document the helper was converting (it says so before each); None if it was
    still starting the office."""
    said = re.findall(r"^converting: (.+)$", helper_log, re.M)
    return Path(said[-1]) if said else None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _said(output: str) -> str:
    text = tail(output, drop=HARMLESS)
    return f"\nLibreOffice said:\n{text}" if text else ""
