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


@pytest.fixture(scope="module")
def content():
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


def test_each_register_row_is_the_item_cited_with_its_number(content):
    titles = {}
    for file in (ROOT / "evidence/2024").glob("*.yaml"):
        for value in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).values():
            if isinstance(value, list):
                titles.update({i["id"]: i["title"] for i in value if isinstance(i, dict) and "title" in i and "id" in i})
    rows = {int(n): title for n, _, title in ROW.findall(content.parts["register"])}
    assert set(content.numbers.number) == set(content.cited)
    for item_id, n in content.numbers.number.items():
        assert rows[n] == titles[item_id].replace("|", "\\|") or rows[n].startswith(titles[item_id][:20])
        assert content.cited[item_id] >= 1
    assert content.parts["register"].startswith(f"# {PARTS['register']}\n")
