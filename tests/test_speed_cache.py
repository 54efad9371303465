"""The speed machinery keeps what a reader sees: pandoc's results kept per part
(build/.cache), the contents page pre-filled in LibreOffice's private copy.

How fast it is, is measured by ``benchmarks/speed.py``, not here.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx

from annualreport.builder import build
from annualreport.pdf.prepare import private_copy
from annualreport.project import load_project
from conftest import ROOT, copy_project


def reader_view(path: Path) -> list[tuple[str, str]]:
    """What a reader meets, in order: each paragraph's style and text, each table's cells."""
    document = docx.Document(str(path))
    seen = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            seen.append((paragraph.style.name if paragraph.style is not None else "", paragraph.text))
        elif tag == "tbl":
            table = docx.table.Table(block, document)
            seen.append(("table", " | ".join(c.text for row in table.rows for c in row.cells)))
    return seen


def images(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return sorted(z.read(n) for n in z.namelist() if n.startswith("word/media/"))


def footnotes(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        xml = z.read("word/footnotes.xml").decode("utf-8") if "word/footnotes.xml" in names else ""
    return re.sub(r"<[^>]+>", "", xml)


def test_the_cache_converts_only_what_changed_and_the_report_reads_the_same(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    annual = project / "build" / "2024" / "annual-report-2024-25.docx"

    first = build(load_project(project, 2024), ("docx",))
    assert first.pandoc_parts > 1
    fresh = reader_view(annual)
    fresh_images, fresh_notes = images(annual), footnotes(annual)
    assert (project / "build" / ".cache" / "pandoc" / "index.json").is_file()

    again = build(load_project(project, 2024), ("docx",))
    assert again.pandoc_parts == 0
    assert reader_view(annual) == fresh
    assert images(annual) == fresh_images and footnotes(annual) == fresh_notes

    section = sorted((project / "sections" / "2024").glob("*.md"))[2]
    section.write_text(section.read_text(encoding="utf-8") + "\nOne more sentence for the cache.\n", encoding="utf-8")
    changed = build(load_project(project, 2024), ("docx",))
    assert changed.pandoc_parts == 1
    edited = reader_view(annual)
    assert any("One more sentence for the cache." in text for _, text in edited)

    # the same project with no cache at all reads exactly the same
    uncached = build(load_project(project, 2024), ("docx",), cache=False)
    assert uncached.pandoc_parts == first.pandoc_parts
    assert reader_view(annual) == edited
    assert images(annual) == fresh_images and footnotes(annual) == fresh_notes


def test_a_failed_build_leaves_the_cache_as_it_was(tmp_path: Path):
    import pytest

    from annualreport.errors import AnnualReportError

    project = copy_project(ROOT, tmp_path / "project")
    build(load_project(project, 2024), ("docx",))
    cache = project / "build" / ".cache" / "pandoc"
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    section = sorted((project / "sections" / "2024").glob("*.md"))[2]
    section.write_text(section.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    covering = project / "templates" / "covering.docx"
    covering.write_bytes(b"not a Word file")
    with pytest.raises(AnnualReportError):
        build(load_project(project, 2024), ("docx",))
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before


def test_the_private_copy_lists_every_heading_in_the_contents(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    build(load_project(project, 2024), ("docx",))
    annual = project / "build" / "2024" / "annual-report-2024-25.docx"
    copy = tmp_path / "copy.docx"
    private_copy(annual, copy, "A title")
    original = docx.Document(str(annual))
    made = docx.Document(str(copy))
    assert made.core_properties.title == "A title"
    headings = [p.text for p in original.paragraphs if p.style.name in ("Heading 1", "Heading 2") and p.text.strip()]
    entries = [p.text for p in made.paragraphs if p.style is not None and re.fullmatch(r"TOC\d", p.style.style_id or "")]
    assert [e.rsplit("\t", 1)[0] for e in entries] == headings
    body = made.element.body.xml
    assert body.count('w:fldCharType="begin"') == original.element.body.xml.count('w:fldCharType="begin"')
    assert "Right-click" not in body
    # the user's own document is untouched
    assert "TOC" in original.element.body.xml and not [p for p in original.paragraphs if re.fullmatch(r"TOC\d", p.style.style_id or "")]
    plain = tmp_path / "plain.docx"
    private_copy(annual, plain, "A title", prefill_toc=False)
    assert not [p for p in docx.Document(str(plain)).paragraphs if p.style is not None and re.fullmatch(r"TOC\d", p.style.style_id or "")]


def test_the_office_is_started_early_only_for_a_build_that_needs_it():
    from annualreport.pdf.early import start, wanted

    assert wanted("docx,pdf", "auto") and wanted("pdf", "libreoffice") and wanted(" PDF ", "LibreOffice")
    assert not wanted("docx", "auto")
    assert not wanted("docx,pdf", "pandoc")
    assert start("docx", "auto", 180.0) is None
