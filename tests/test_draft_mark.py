"""The DRAFT mark: while the lint finds errors, every page of every document a build writes
(the yearly report and each committee's covering report) says DRAFT at its top; a clean
build marks none. Read as a user reads them: DOCX headers with python-docx, PDF pages with
pdftotext."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from annualreport.render.draft import mark_draft
from annualreport.lint.verdict import draft_mark, draft_note
from conftest import ROOT, copy_project, requires_pdftotext, requires_soffice, run

ERROR = "Referrals rose by 40% in the year."  # a claim with no citation: AR101, an error


def with_a_lint_error(project: Path) -> Path:
    section = project / "sections/2024/04-priorities.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n\n" + ERROR + "\n", encoding="utf-8")
    return project


def headers(document) -> list[tuple[int, str, str]]:
    """(section, which header, its text) for every header a page can show."""
    out = []
    for number, section in enumerate(document.sections):
        shown = [("header", section.header)]
        if section.different_first_page_header_footer:
            shown.append(("first page", section.first_page_header))
        if document.settings.odd_and_even_pages_header_footer:
            shown.append(("even pages", section.even_page_header))
        for name, header in shown:
            out.append((number, name, "\n".join(p.text for p in header.paragraphs)))
    return out


@pytest.fixture(scope="module")
def draft_build(tmp_path_factory) -> Path:
    project = with_a_lint_error(copy_project(ROOT, tmp_path_factory.mktemp("draft") / "project"))
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert "every page is marked DRAFT" in result.output
    return project / "build/2024"


def test_every_document_of_a_draft_build_is_marked_on_every_header(draft_build: Path):
    documents = sorted(draft_build.glob("*.docx"))
    names = [p.name for p in documents]
    assert "annual-report-2024-25.docx" in names
    assert len([n for n in names if n.startswith("covering-report-")]) >= 2, names
    mark = draft_mark({"error": 1, "warning": json.loads((draft_build / "manifest.json").read_text())["findings"]["warning"]})
    for path in documents:
        shown = headers(docx.Document(str(path)))
        assert shown, path.name
        for number, name, text in shown:
            assert text.startswith("DRAFT: 1 lint error and "), f"{path.name}, section {number + 1}, {name}: {text!r}"
            assert "not for publication" in text
        # the mark is the one the lint's counts make, and it stands in a paragraph of its own
        first = docx.Document(str(path)).sections[0].header.paragraphs[0]
        assert first.text == mark[: len(first.text)] and first.runs[0].bold


def test_a_clean_build_marks_no_document(project: Path):
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    for path in sorted((project / "build/2024").glob("*.docx")):
        for number, name, text in headers(docx.Document(str(path))):
            assert "DRAFT" not in text, f"{path.name}, section {number + 1}, {name}"


@requires_soffice
@requires_pdftotext
def test_every_pdf_page_of_a_draft_build_says_draft(tmp_path: Path):
    project = with_a_lint_error(copy_project(ROOT, tmp_path / "project"))
    result = run("build", "2024", "--project", project, "--format", "pdf", "--pdf-engine", "libreoffice")
    assert result.exit_code == 0, result.output
    pdfs = sorted((project / "build/2024").glob("*.pdf"))
    assert len(pdfs) >= 3
    for pdf in pdfs:
        text = subprocess.run([shutil.which("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        assert pages
        for number, page in enumerate(pages, start=1):
            assert "DRAFT" in page, f"{pdf.name}, page {number}"


def test_the_mark_says_what_is_open():
    assert draft_mark({"error": 0, "warning": 3}) is None
    assert draft_mark({"warning": 3}) is None
    assert draft_mark({"error": 1, "warning": 1}) == "DRAFT: 1 lint error and 1 warning open; not for publication"
    assert draft_mark({"error": 2}) == "DRAFT: 2 lint errors and 0 warnings open; not for publication"
    assert draft_mark({"error": 3, "warning": 2}) == "DRAFT: 3 lint errors and 2 warnings open; not for publication"
    assert draft_note({"error": 2}, 2024) == "note: the lint found 2 lint errors; every page is marked DRAFT (see 'annualreport lint 2024')"
    assert draft_note({"error": 1}, 2025).startswith("note: the lint found 1 lint error;")


def test_mark_draft_puts_the_text_first_in_every_header(tmp_path: Path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Harrowfield"
    document.add_section()
    document.sections[1].header.is_linked_to_previous = False
    document.sections[1].header.paragraphs[0].text = "Part two"
    document.sections[0].different_first_page_header_footer = True
    mark_draft(document, "DRAFT: x")
    path = tmp_path / "marked.docx"
    document.save(str(path))
    document = docx.Document(str(path))
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous and section is not document.sections[0]:
                continue
            first = header.paragraphs[0]
            assert first.text == "DRAFT: x"
            assert first.runs[0].bold
            assert str(first.runs[0].font.color.rgb) == "C00000"
    assert [p.text for p in document.sections[0].header.paragraphs] == ["DRAFT: x", "Harrowfield"]
    assert [p.text for p in document.sections[1].header.paragraphs] == ["DRAFT: x", "Part two"]
    # a linked header is the previous one's: marked once, not twice
    assert sum(p.text == "DRAFT: x" for p in document.sections[0].header.paragraphs) == 1


def test_mark_draft_marks_a_later_sections_own_first_page_header_after_a_linked_one(tmp_path: Path):
    document = docx.Document()
    document.add_section()
    later = document.sections[1]
    later.different_first_page_header_footer = True
    later.first_page_header.is_linked_to_previous = False  # its own; its running header stays linked
    later.first_page_header.paragraphs[0].text = "Part two begins"
    mark_draft(document, "DRAFT: y")
    assert [p.text for p in later.first_page_header.paragraphs] == ["DRAFT: y", "Part two begins"]
    assert later.header.is_linked_to_previous
    assert [p.text for p in document.sections[0].header.paragraphs].count("DRAFT: y") == 1
