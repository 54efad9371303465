"""Build the sample project as a board manager would, and read the outputs as a reader would."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml

from conftest import ROOT, copy_project, requires_pdftotext, requires_soffice, run

EVIDENCE = ROOT / "evidence" / "2024"


def load(kind: str) -> dict:
    return yaml.safe_load((EVIDENCE / f"{kind}.yaml").read_text(encoding="utf-8"))


def written(value: float, unit: str) -> str:
    """How a figure is expected to be written in the report (independent of the code under test)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return {"percent": text + "%", "money": "£" + text}.get(unit, text)


def plain(text: str) -> str:
    """Text with typographic quotes made straight, as pandoc's smart punctuation curls them."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture
def build_lo(sample_build: Path) -> Path:
    return sample_build


@pytest.fixture(scope="module")
def build_pandoc(tmp_path_factory) -> tuple[Path, str]:
    project = copy_project(ROOT, tmp_path_factory.mktemp("pandoc") / "project")
    result = run("build", "2024", "--project", project, "--pdf-engine", "typst")
    assert result.exit_code == 0, result.output
    return project / "build" / "2024", result.output


def config() -> dict:
    return yaml.safe_load((ROOT / "annualreport.yaml").read_text(encoding="utf-8"))


@requires_soffice
def test_build_writes_every_output_and_an_honest_manifest(build_lo: Path):
    committees = [c["id"] for c in config()["committees"]]
    expected = {"annual-report-2024-25.docx", "annual-report-2024-25.pdf", "manifest.json"}
    expected |= {f"covering-report-{c}-2024-25.{ext}" for c in committees for ext in ("docx", "pdf")}
    assert {p.name for p in build_lo.iterdir()} == expected
    manifest = json.loads((build_lo / "manifest.json").read_text())
    assert manifest["year"] == 2024
    assert manifest["period"] == {"start": "2024-04-01", "end": "2025-03-31", "label": "2024-25"}
    assert len(manifest["outputs"]) == len(expected) - 1
    for out in manifest["outputs"]:
        assert hashlib.sha256((build_lo / out["path"]).read_bytes()).hexdigest() == out["sha256"]
        if out["path"].endswith(".pdf"):
            assert out["engine"] == "libreoffice" and out["pages"] > 0
        if out["kind"] == "covering":
            assert out["committee"] in [c["name"] for c in config()["committees"]]
    for entry in manifest["evidence"]:
        assert entry["cited"] >= 1
        assert (ROOT / entry["file"]).exists()
    assert set(manifest["findings"]) == {"error", "warning"}


@requires_soffice
def test_yearly_report_has_the_statutory_parts_in_order(build_lo: Path):
    document = docx.Document(str(build_lo / "annual-report-2024-25.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for word in ("Foreword", "priorit", "review", "raining", "erformance", "children and families", "scrutiny", "Evidence register"):
        assert any(word.lower() in h.lower() for h in headings), (word, headings)
    assert headings[-1] == "Evidence register"
    assert "ANNUALREPORT-PART" not in all_text(document)
    assert "{{" not in all_text(document) and "{%" not in all_text(document)
    assert document.core_properties.title.endswith("yearly report 2024-25")


@requires_soffice
def test_scorecard_figures_match_the_evidence(build_lo: Path):
    document = docx.Document(str(build_lo / "annual-report-2024-25.docx"))
    scorecard = next(t for t in document.tables if t.rows[0].cells[0].text == "Indicator" and "Target met" in [c.text for c in t.rows[0].cells])
    header = [c.text for c in scorecard.rows[0].cells]
    column = header.index("2024-25")
    rows = {plain(r.cells[0].text): [c.text for c in r.cells] for r in scorecard.rows[1:]}
    indicators = load("performance")["indicators"]
    assert len(rows) == len(indicators)
    for indicator in indicators:
        row = next(cells for title, cells in rows.items() if title.startswith(indicator["title"]))
        assert row[column] == written(indicator["values"]["2024-25"], indicator.get("unit", "count"))
        if indicator.get("target") is not None:
            assert row[header.index("Target")] == written(indicator["target"], indicator.get("unit", "count"))


@requires_soffice
def test_register_lists_exactly_the_cited_items(build_lo: Path):
    document = docx.Document(str(build_lo / "annual-report-2024-25.docx"))
    register = document.tables[-1]
    assert [c.text for c in register.rows[0].cells][:2] == ["No.", "Evidence"]
    numbers = [r.cells[0].text for r in register.rows[1:]]
    assert numbers == [f"[{n}]" for n in range(1, len(numbers) + 1)]
    titles = [plain(r.cells[1].text) for r in register.rows[1:]]
    everything = {}
    for file in EVIDENCE.glob("*.yaml"):
        for value in yaml.safe_load(file.read_text()).values():
            if isinstance(value, list):
                everything.update({i["id"]: i for i in value if isinstance(i, dict) and "title" in i})
    assert all(t in {i["title"] for i in everything.values()} for t in titles)
    # every id cited by hand in the narrative is in the register
    narrative = "\n".join(p.read_text() for p in (ROOT / "sections" / "2024").glob("*.md"))
    by_hand = set(re.findall(r"[\[;]\s*@([A-Za-z0-9][\w.:-]*\w)", narrative))
    assert by_hand
    assert {everything[i]["title"] for i in by_hand} <= set(titles)
    # and every register number is cited somewhere in the body, and no other number is
    body = "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(c.text for t in document.tables[:-1] for r in t.rows for c in r.cells)
    # ranges read as the numbers they stand for ([34–36] is 34, 35, 36); reading order and
    # exact groups ([4, 6] not [4–6]) are tested in test_register.py on a DOCX-only build
    cited_numbers = set()
    for group in re.findall(r"\[(\d+(?:(?:, |–)\d+)*)\]", body):
        for part in group.split(", "):
            first, _, last = part.partition("–")
            cited_numbers.update(range(int(first), int(last or first) + 1))
    assert cited_numbers == set(range(1, len(numbers) + 1))
    manifest = json.loads((build_lo / "manifest.json").read_text())
    assert len(manifest["evidence"]) == len(numbers)


@requires_soffice
@requires_pdftotext
def test_pdf_contents_page_lists_the_real_headings_with_page_numbers(build_lo: Path):
    text = pdf_text(build_lo / "annual-report-2024-25.pdf")
    pages = text.split("\f")
    start = next(n for n, page in enumerate(pages) if "Contents" in page)
    contents = "\n".join(pages[start : start + 2])
    assert "Right-click" not in contents
    document = docx.Document(str(build_lo / "annual-report-2024-25.docx"))
    listed = {}
    for heading in [plain(p.text) for p in document.paragraphs if p.style.name == "Heading 1"]:
        match = re.search(re.escape(heading[:30]) + r".*?[.\s](\d+)\s*$", plain(contents), re.M)
        assert match, heading
        listed[heading] = int(match.group(1))
    # the page a heading is listed on is the page it is on (pdftotext pages are 1-based here)
    for heading, page in listed.items():
        assert heading[:30] in plain(pages[page - 1]), (heading, page)


@requires_soffice
@requires_pdftotext
def test_pdf_figures_match_the_yaml(build_lo: Path):
    text = re.sub(r"\s+", " ", pdf_text(build_lo / "annual-report-2024-25.pdf"))
    for indicator in load("performance")["indicators"]:
        assert written(indicator["values"]["2024-25"], indicator.get("unit", "count")) in text, indicator["id"]
    total = sum(c["money"] for c in load("partners")["contributions"])
    assert written(total, "money") in text
    attended = sum(sum(c["attendance"].values()) for c in load("training")["courses"])
    assert written(attended, "count") in text
    for review in load("case_reviews")["reviews"]:
        assert review["child"] in text


@requires_soffice
@requires_pdftotext
def test_pdf_is_tagged(build_lo: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(build_lo / "annual-report-2024-25.pdf"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


@requires_soffice
@requires_pdftotext
def test_covering_report_per_committee(build_lo: Path):
    contributions = load("partners")["contributions"]
    for committee in config()["committees"]:
        document = docx.Document(str(build_lo / f"covering-report-{committee['id']}-2024-25.docx"))
        text = all_text(document)
        assert committee["name"] in text
        for recommendation in committee["recommendations"]:
            assert re.sub(r"\s*\[@[^\]]+\]", "", recommendation)[:40] in text
        finance = next(t for t in document.tables if t.rows[0].cells[0].text.strip() == "Partner")
        assert len(finance.rows) == len(contributions) + 2  # header, one per partner, total
        assert finance.rows[-1].cells[1].text == written(sum(c["money"] for c in contributions), "money")
        pdf = re.sub(r"\s+", " ", pdf_text(build_lo / f"covering-report-{committee['id']}-2024-25.pdf"))
        for heading in ("Recommendations", "Financial implications", "Legal implications", "Background papers", "Contact officer"):
            assert heading in pdf
        assert committee["contact"]["email"] in pdf


@requires_pdftotext
def test_pandoc_engine_makes_a_readable_pdf_and_says_what_it_lost(build_pandoc):
    folder, output = build_pandoc
    manifest = json.loads((folder / "manifest.json").read_text())
    pdfs = [o for o in manifest["outputs"] if o["path"].endswith(".pdf")]
    assert pdfs and all(o["engine"] == "typst" and o["pages"] > 0 for o in pdfs)
    text = re.sub(r"\s+", " ", pdf_text(folder / "annual-report-2024-25.pdf"))
    assert "Evidence register" in text
    for indicator in load("performance")["indicators"]:
        assert written(indicator["values"]["2024-25"], indicator.get("unit", "count")) in text
    assert "note:" in output


def test_docx_only_build_writes_no_pdf(project: Path):
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    names = {p.name for p in (project / "build" / "2024").iterdir()}
    assert "annual-report-2024-25.docx" in names and not any(n.endswith(".pdf") for n in names)
