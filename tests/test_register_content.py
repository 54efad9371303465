"""The evidence register as the yearly content holds it, before any document is written (in
process, well under a second: the mutation run uses these, the DOCX tests in test_register.py
read the same in the built report). Numbered in the order a reader first meets each citation;
one row per cited item, each row carrying its own item's title and number."""

from __future__ import annotations

import re

import pytest
import yaml

from annualreport.content.assembly import assemble
from annualreport.narrative import PARTS
from annualreport.project import load_project
from conftest import ROOT

LINK = re.compile(r"\[(\d+)\]\(#ev-(\d+)\)")
GROUP = re.compile(r"\\\[((?:\[\d+\]\(#ev-\d+\)(?:, |–)?)+)\\\]")


def numbers_in(group: str) -> list[int]:
    """The numbers a citation group stands for, a range read as every number in it."""
    out: list[int] = []
    for piece in group.split(", "):
        ends = [int(shown) for shown, target in LINK.findall(piece) if shown == target]
        assert len(ends) == len(LINK.findall(piece)), piece
        out += range(ends[0], ends[-1] + 1)
    return out
ROW = re.compile(r"^\|\s*\[\\\[(\d+)\\\]\]\{#ev-(\d+)\}\s*\|\s*([^|]*?)\s*\|", re.M)


@pytest.fixture
def content():
    """Made for each test (0.3 s), so that the mutation run sees each test call the writer."""
    project = load_project(ROOT, 2024, announce=None)
    return assemble(project).content


def test_the_register_is_numbered_in_reading_order(content):
    seen: list[int] = []
    for part in PARTS:
        if part == "register":
            continue
        for group in GROUP.findall(content.parts.get(part, "")):
            for n in numbers_in(group):
                if n not in seen:
                    seen.append(n)
    assert len(seen) > 20
    assert seen == list(range(1, len(seen) + 1))
    rows = ROW.findall(content.parts["register"])
    assert [int(n) for n, _, _ in rows] == seen
    assert all(n == anchor for n, anchor, _ in rows)


def evidence_items() -> dict[str, dict]:
    items = {}
    for file in (ROOT / "evidence/2024").glob("*.yaml"):
        for value in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).values():
            if isinstance(value, list):
                items.update({i["id"]: i for i in value if isinstance(i, dict) and "title" in i and "id" in i})
    return items


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def test_each_register_row_is_the_item_cited_with_its_number(content):
    """No., the item's title, its source (and address), the date it was true, its confidence."""
    items = evidence_items()
    lines = [line for line in content.parts["register"].splitlines() if line.startswith("|")]
    assert cells(lines[0]) == ["No.", "Evidence", "Source", "As at", "Confidence"]
    rows = {}
    for line in lines[2:]:
        number, title, source, as_at, confidence = cells(line)
        rows[number] = (title, source, as_at, confidence)
    assert set(content.numbers.number) == set(content.cited)
    assert len(rows) == len(content.numbers.number) > 20
    for item_id, n in content.numbers.number.items():
        item = items[item_id]
        source = item["source"] + (f" ({item['url']})" if item.get("url") else "")
        day = item["as_of"]
        assert rows[f"[\\[{n}\\]]{{#ev-{n}}}"] == (item["title"], source, f"{day.day} {day:%B %Y}", item["confidence"].capitalize())
        assert content.cited[item_id] >= 1


def test_the_register_says_what_its_numbers_mean(content):
    register = content.parts["register"]
    assert register.startswith(f"# {PARTS['register']}\n\nEach number in square brackets in this report points to an entry below")
    assert "High confidence: validated data or a formal report. Medium: management information or a sample. " \
           "Low: a small sample, self-report or early findings." in register


def test_each_part_is_headed_by_its_sections_title(content):
    """Each part with a section is headed by the title the section gives (front matter)."""
    import re as _re

    for path in sorted((ROOT / "sections/2024").glob("*.md")):
        title = _re.search(r"^title: (.+)$", path.read_text(encoding="utf-8"), _re.M).group(1).strip()
        assert any(text.startswith(f"# {title}\n") for text in content.parts.values()), title
    assert all(content.parts[part].strip() for part in PARTS), [p for p in PARTS if not content.parts[p].strip()]
    # what the writer wrote itself, handed to the lint (lint.generated) to check like the sections
    assert content.generated["summary"].strip() and "[@" in content.generated["summary"]
