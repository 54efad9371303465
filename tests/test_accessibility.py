"""Publishable: the built report is tagged, titled, in English (UK), every image has alt text,
headings do not skip, tables have repeating header rows; and barriers are reported."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from annualreport.accessibility import check_docx, check_markdown
from conftest import ROOT, copy_project, requires_soffice, run


@pytest.fixture
def built(sample_build: Path) -> Path:
    return sample_build


@requires_soffice
def test_the_built_pdf_is_tagged_titled_and_in_english(built: Path):
    from pypdf import PdfReader

    for pdf in built.glob("*.pdf"):
        reader = PdfReader(str(pdf))
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        structure = root["/StructTreeRoot"].get_object()
        assert structure.get("/K") is not None  # there is a structure tree, not just a flag
        assert root["/Lang"] == "en-GB"
        assert root["/ViewerPreferences"]["/DisplayDocTitle"]
        assert "yearly report 2024-25" in reader.metadata.title
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfaid:part>\s*2\s*<", xmp) or 'pdfaid:part="2"' in xmp  # PDF/A-2
        assert "pdfuaid" in xmp  # PDF/UA


@requires_soffice
def test_every_image_in_the_built_report_has_alt_text(built: Path):
    document = docx.Document(str(built / "annual-report-2024-25.docx"))
    pictures = list(document.element.body.iter(qn("wp:docPr")))
    assert pictures, "the sample report has charts"
    assert all((p.get("descr") or "").strip() for p in pictures)
    assert check_docx(built / "annual-report-2024-25.docx") == []
    for covering in built.glob("covering-*.docx"):
        assert check_docx(covering) == []


@requires_soffice
def test_the_pdf_figures_carry_their_alt_text(built: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(built / "annual-report-2024-25.pdf"))
    alts = []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and node.get("/Alt"):
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if isinstance(kids, list):
                for kid in kids:
                    walk(kid, depth + 1)
            elif kids is not None and hasattr(kids, "get_object"):
                walk(kids, depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert alts and any("2024-25" in alt for alt in alts)


def _docx_with(tmp_path: Path, build) -> Path:
    document = docx.Document()
    document.core_properties.title = "A report"
    document.core_properties.language = "en-GB"
    build(document)
    path = tmp_path / "x.docx"
    document.save(str(path))
    return path


def test_a_skipped_heading_level_is_found(tmp_path: Path):
    def build(d):
        d.add_heading("Top", level=1)
        d.add_heading("Too deep", level=3)

    barriers = check_docx(_docx_with(tmp_path, build))
    assert [b.message for b in barriers] == ["a heading skips from level 1 to level 3"]
    assert "Too deep" in barriers[0].where


def test_a_table_without_a_header_row_is_found(tmp_path: Path):
    def build(d):
        d.add_paragraph("Before the table")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Partner"

    barriers = check_docx(_docx_with(tmp_path, build))
    assert any("no header row" in b.message and "Partner" in b.where for b in barriers)


def test_no_title_and_no_language_are_found(tmp_path: Path):
    document = docx.Document()
    document.core_properties.title = ""
    for lang in list(document.styles.element.iter(qn("w:lang"))):
        lang.getparent().remove(lang)
    path = tmp_path / "x.docx"
    document.save(str(path))
    messages = [b.message for b in check_docx(path)]
    assert "the document has no title in its properties" in messages
    assert any("language" in m for m in messages)


def test_markdown_image_without_alt_and_heading_skip():
    text = "Intro\n\n![](chart.png)\n\n### Too deep\n"
    found = check_markdown(text)
    assert [(line, b.message) for line, b in found] == [(3, "the image chart.png has no alt text"), (5, "a heading skips from level 1 to level 3")]


def test_lint_reports_ar501_in_a_section(project: Path):
    section = project / "sections/2024/04-priorities.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text + "\n\n#### A heading too deep\n", encoding="utf-8")
    line = (text + "\n\n#### A heading too deep\n").count("\n")
    result = run("lint", "2024", "--project", project, "--format", "json", "--select", "AR501")
    findings = json.loads(result.output)
    assert [(f["code"], f["file"], f["line"]) for f in findings] == [("AR501", "sections/2024/04-priorities.md", line)]


def test_identifying_information_in_the_evidence_stops_the_build(project: Path):
    path = project / "evidence/2024/voice.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("said:\n", "said:\n      - Write to me at 14 Elm Road, HF4 7QT.\n", 1), encoding="utf-8")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 1, result.output  # identifying information stops every build
    assert "AR401" in result.output
    assert "HF4 7QT" not in result.output  # the place is reported, never the full value
    assert not (project / "build/2024").exists(), "a build with identifying information wrote its outputs"
