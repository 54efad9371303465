"""The PDF engines: LibreOffice (Word design kept, contents filled over UNO) and the
pandoc/typst fallback, and their failures (missing, crashed, hung) as clean PdfEngineErrors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pypandoc
import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader

from annualreport.errors import PdfEngineError
from annualreport.pdf import ENGINES, PdfJob, PdfResult, choose_engine, engine_statuses
from annualreport.pdf import libreoffice as lo_module
from annualreport.pdf.libreoffice import LibreOfficeEngine, find_soffice
from annualreport.pdf.typst_engine import TypstEngine

HAS_SOFFICE = find_soffice()[0] is not None
requires_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
requires_posix = pytest.mark.skipif(sys.platform.startswith("win"), reason="fake soffice is a shell script")

REPORT_MD = """\
# Introduction

The Safeguarding Partnership brings together the council, police and health.
See [the partnership website](https://example.org/lscp) for more.[^1]

[^1]: Published under the Working Together 2023 arrangements.

## Our priorities

- Neglect: earlier help for families
- Exploitation: a joint response across agencies

# Performance

| Measure | 2023/24 | 2024/25 |
|---|---:|---:|
| Referrals | 4,210 | 4,530 |
| Child protection plans | 312 | 298 |

: Table 1: Key figures

# Learning from reviews

Three rapid reviews were held.
"""

COVERING_MD = """\
# Purpose of the report

The committee is asked to note the annual report.

# Recommendations

1. Note the report.
2. Endorse the priorities.
"""


def _run(paragraph, text=None, fld=None, instr=None):
    run = OxmlElement("w:r")
    if fld:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), fld)
    elif instr:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = instr
    else:
        el = OxmlElement("w:t")
        el.set(qn("xml:space"), "preserve")
        el.text = text
    run.append(el)
    paragraph.append(run)


def _para():
    return OxmlElement("w:p")


def add_toc_and_footer(path: Path) -> None:
    """Put a title, a Word contents field (placeholder result) and a page break before the
    body, and a footer with a PAGE field, as the report template does."""
    doc = Document(str(path))
    first = doc.element.body[0]
    title = _para()
    _run(title, "Annual Report 2024 to 2025")
    first.addprevious(title)
    heading = _para()
    _run(heading, "Contents")
    first.addprevious(heading)
    toc = _para()
    _run(toc, fld="begin")
    _run(toc, instr=' TOC \\o "1-2" \\h \\z \\u ')
    _run(toc, fld="separate")
    _run(toc, "Right-click to update the table of contents.")
    _run(toc, fld="end")
    first.addprevious(toc)
    brk = _para()
    run = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    run.append(br)
    brk.append(run)
    first.addprevious(brk)
    footer = doc.sections[0].footer.paragraphs[0]._p
    _run(footer, "Page ")
    _run(footer, fld="begin")
    _run(footer, instr=" PAGE ")
    _run(footer, fld="separate")
    _run(footer, "1")
    _run(footer, fld="end")
    doc.save(str(path))


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("docx")
    report = folder / "report.docx"
    covering = folder / "covering.docx"
    pypandoc.convert_text(REPORT_MD, "docx", format="markdown", outputfile=str(report))
    pypandoc.convert_text(COVERING_MD, "docx", format="markdown", outputfile=str(covering))
    add_toc_and_footer(report)
    return {"report": report, "covering": covering}


def _jobs(docs, out: Path) -> list[PdfJob]:
    out.mkdir(parents=True, exist_ok=True)
    return [
        PdfJob(docs["report"], out / "report.pdf", "Annual Report 2024 to 2025", "Northshire SCP"),
        PdfJob(docs["covering"], out / "covering.pdf", "Covering report", "Committee"),
    ]


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    reader = PdfReader(str(pdf))
    pages = reader.pages[(first - 1 if first else 0):(last if last else None)]
    return "\n".join(page.extract_text() or "" for page in pages)


def is_tagged(pdf: Path) -> bool:
    root = PdfReader(str(pdf)).trailer["/Root"]
    mark = root.get("/MarkInfo")
    marked = bool(mark and mark.get_object().get("/Marked"))
    return marked or "/StructTreeRoot" in root


@pytest.fixture(scope="module")
def lo_results(docs, tmp_path_factory) -> list[PdfResult]:
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path_factory.mktemp("lo")
    return LibreOfficeEngine().convert(_jobs(docs, out), timeout=180)


@pytest.fixture(scope="module")
def pandoc_results(docs, tmp_path_factory) -> list[PdfResult]:
    out = tmp_path_factory.mktemp("pandoc")
    return TypstEngine().convert(_jobs(docs, out), timeout=120)


# --- LibreOffice ---------------------------------------------------------------------------

@requires_soffice
def test_libreoffice_converts_both_documents(lo_results):
    report, covering = lo_results
    assert [r.engine for r in lo_results] == ["libreoffice", "libreoffice"]
    assert report.pdf.is_file() and covering.pdf.is_file()
    assert report.pages >= 2 and covering.pages >= 1
    text = pdf_text(report.pdf)
    for heading in ("Introduction", "Our priorities", "Performance", "Learning from reviews"):
        assert heading in text
    assert "Purpose of the report" in pdf_text(covering.pdf)
    assert "4,530" in text  # the table
    assert "Working Together 2023" in text  # the footnote


@requires_soffice
def test_libreoffice_fills_the_contents_page(lo_results):
    report = lo_results[0]
    if report.lost:
        pytest.skip("no Python with LibreOffice's UNO bridge here: " + report.lost[0])
    first_page = pdf_text(report.pdf, 1, 1)
    assert "Right-click to update" not in first_page
    # "Introduction .......... 2": a heading and the page it starts on
    match = re.search(r"Introduction[ .\u2026]*(\d+)", first_page)
    assert match, first_page
    page = int(match.group(1))
    assert "Introduction" in pdf_text(report.pdf, page, page)
    assert re.search(r"Learning from reviews[ .\u2026]*\d+", first_page)


@requires_soffice
def test_libreoffice_pdf_is_tagged_and_titled(lo_results):
    for result in lo_results:
        assert is_tagged(result.pdf)
    meta = PdfReader(str(lo_results[0].pdf)).metadata
    assert meta is not None and meta.title == "Annual Report 2024 to 2025"


@requires_soffice
def test_libreoffice_without_uno_says_the_contents_page_is_lost(docs, tmp_path, monkeypatch):
    monkeypatch.setattr(lo_module, "find_uno_python", lambda soffice: None)
    results = LibreOfficeEngine().convert(_jobs(docs, tmp_path), timeout=180)
    assert all(r.pdf.is_file() for r in results)
    assert any("contents page" in line for line in results[0].lost)
    assert results[1].lost == []  # the covering report has no contents field
    assert is_tagged(results[0].pdf)


@requires_soffice
def test_two_libreoffice_builds_at_once(docs, tmp_path):
    """Each build has its own profile, so two at once both succeed."""
    script = (
        "import sys; from pathlib import Path\n"
        "from annualreport.pdf import PdfJob, choose_engine\n"
        "out = Path(sys.argv[1]); out.mkdir()\n"
        "r = choose_engine('libreoffice').convert("
        "[PdfJob(Path(sys.argv[2]), out / 'a.pdf', 'T')], 180)\n"
        "print(r[0].pages)\n"
    )
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path / f"o{i}"), str(docs["report"])],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    assert (tmp_path / "o0" / "a.pdf").is_file() and (tmp_path / "o1" / "a.pdf").is_file()


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n" + body)
    fake.chmod(0o755)
    return fake


def _no_fake_left(fake: Path) -> bool:
    if shutil.which("pgrep") is None:
        return True
    time.sleep(0.3)
    done = subprocess.run(["pgrep", "-f", str(fake)], capture_output=True, text=True)
    return done.stdout.strip() == ""


@requires_posix
@pytest.mark.parametrize("uno", [True, False], ids=["uno-path", "plain-path"])
def test_crashing_soffice_gives_a_clean_error(docs, tmp_path, monkeypatch, uno):
    fake = _fake_soffice(tmp_path, 'echo "fake office: cannot start" >&2\nexit 1\n')
    monkeypatch.setenv("ANNUALREPORT_SOFFICE", str(fake))
    if not uno:
        monkeypatch.setattr(lo_module, "find_uno_python", lambda soffice: None)
    engine = choose_engine("libreoffice")
    started = time.monotonic()
    with pytest.raises(PdfEngineError) as caught:
        engine.convert(_jobs(docs, tmp_path / "out"), timeout=5)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert "fake office: cannot start" in message
    assert "mend:" in message
    assert not (tmp_path / "out" / "report.pdf").exists()


@requires_posix
@pytest.mark.parametrize("uno", [True, False], ids=["uno-path", "plain-path"])
def test_hanging_soffice_is_stopped_at_the_time_limit(docs, tmp_path, monkeypatch, uno):
    fake = _fake_soffice(tmp_path, "sleep 600\n")
    monkeypatch.setenv("ANNUALREPORT_SOFFICE", str(fake))
    if not uno:
        monkeypatch.setattr(lo_module, "find_uno_python", lambda soffice: None)
    started = time.monotonic()
    with pytest.raises(PdfEngineError) as caught:
        choose_engine("libreoffice").convert(_jobs(docs, tmp_path / "out"), timeout=3)
    elapsed = time.monotonic() - started
    assert elapsed < 8, elapsed
    # the limit in force and the document in hand (issue 8: it said the seconds left, no file)
    assert re.search(r"report\.docx,? when the time limit of 3 s \(--timeout\) ran out", str(caught.value))
    assert "--timeout 60" in str(caught.value)
    assert _no_fake_left(fake)


def test_libreoffice_asked_for_but_absent(monkeypatch, tmp_path):
    monkeypatch.setenv("ANNUALREPORT_SOFFICE", str(tmp_path / "no" / "soffice"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfEngineError) as caught:
        choose_engine("libreoffice")
    message = str(caught.value)
    assert "apt-get install libreoffice-writer" in message
    assert "brew install --cask libreoffice" in message
    assert "libreoffice.org" in message
    assert "--pdf-engine typst" in message
    # auto falls back to the pure-pip engine; status says what is missing
    assert choose_engine("auto").name == "typst"
    status = {s.name: s for s in engine_statuses()}
    assert status["libreoffice"].available is False
    assert "libreoffice-writer" in status["libreoffice"].detail


def test_unknown_engine_lists_the_choices():
    with pytest.raises(PdfEngineError) as caught:
        choose_engine("wkhtmltopdf")
    for name in ("auto", "libreoffice", "typst"):
        assert name in str(caught.value)
    assert "pandoc is another name for typst" in str(caught.value)


def test_engine_table_and_statuses():
    assert set(ENGINES) == {"libreoffice", "typst"}
    statuses = {s.name: s for s in engine_statuses()}
    assert statuses["typst"].available and statuses["typst"].version
    assert statuses["libreoffice"].available is HAS_SOFFICE
    assert choose_engine("typst").name == "typst"
    if HAS_SOFFICE:
        assert choose_engine("auto").name == "libreoffice"


def test_the_pure_pip_engine_is_typst_and_pandoc_still_chooses_it():
    """One name for the engine (typst: its class, its module, --pdf-engine), and its old name
    still accepted, as the help of build and watch say."""
    from typer.testing import CliRunner

    from annualreport.main import app

    assert TypstEngine.name == "typst"
    assert choose_engine("pandoc").name == "typst"
    assert choose_engine(" Pandoc ").name == "typst"
    for command in ("build", "watch"):
        help_text = " ".join(CliRunner().invoke(app, [command, "--help"], terminal_width=200).output.split())
        assert "typst" in help_text and "pandoc is another name" in help_text


# --- pandoc + typst ------------------------------------------------------------------------

def test_pandoc_engine_converts_both_documents(pandoc_results):
    report, covering = pandoc_results
    assert [r.engine for r in pandoc_results] == ["typst", "typst"]
    text = pdf_text(report.pdf)
    for heading in ("Introduction", "Our priorities", "Performance", "Learning from reviews"):
        assert heading in text
    assert "4,530" in text and "Working Together 2023" in text
    assert "Purpose of the report" in pdf_text(covering.pdf)
    assert "Annual Report 2024 to 2025" in pdf_text(report.pdf, 1, 1)  # the title block


def test_pandoc_engine_builds_a_real_contents_page(pandoc_results):
    report = pandoc_results[0]
    first_page = pdf_text(report.pdf, 1, 1)
    assert "Right-click to update" not in pdf_text(report.pdf)
    assert first_page.count("Contents") == 1  # Word's own "Contents" line is not repeated
    match = re.search(r"Performance[ .\u2060]*(\d+)", first_page)
    assert match, first_page
    page = int(match.group(1))
    assert page >= 2 and "Performance" in pdf_text(report.pdf, page, page)


def test_pandoc_engine_header_footer_caption_and_tags(pandoc_results):
    report = pandoc_results[0]
    assert report.pages >= 2
    second = pdf_text(report.pdf, 2, 2)
    assert "Northshire SCP" in second  # running header
    assert f"Page 2 of {report.pages}" in second
    assert pdf_text(report.pdf).count("Key figures") == 1  # the caption is not doubled
    assert "Table 1: Table 1" not in pdf_text(report.pdf).replace("\n", " ")
    assert is_tagged(report.pdf)
    assert PdfReader(str(report.pdf)).metadata.title == "Annual Report 2024 to 2025"


def test_pandoc_engine_says_what_was_lost(pandoc_results):
    report, covering = pandoc_results
    joined = " ".join(report.lost)
    assert "cover page layout, fonts and colours" in joined
    assert "header and footer" in joined  # the report has a footer with a page field
    assert "table styles" in joined
    assert not any("table styles" in line for line in covering.lost)  # no tables there
    assert not any("header and footer" in line for line in covering.lost)


def test_pandoc_engine_rejects_a_broken_docx(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(PdfEngineError):
        TypstEngine().convert([PdfJob(bad, tmp_path / "bad.pdf", "T")], timeout=30)
