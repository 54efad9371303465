"""The evidence register and the citation numbers as a reader sees them in the built
yearly report (DOCX read with python-docx): numbered in reading order, each citation written
with exactly its own numbers ([4, 6] stays [4, 6]; only three or more in a row make a range)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from conftest import ROOT, copy_project, run

GROUP = re.compile(r"\[(\d+(?:(?:, |–)\d+)*)\]")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> docx.document.Document:
    project = copy_project(ROOT, tmp_path_factory.mktemp("register") / "project")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    return docx.Document(str(project / "build/2024/annual-report-2024-25.docx"))


def expand(group: str) -> list[int]:
    numbers: list[int] = []
    for part in group.split(", "):
        first, _, last = part.partition("–")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


def label(numbers: set[int]) -> str:
    """How a group of register numbers is written: runs of three or more as a range."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = []
    for run_ in runs:
        parts.append(f"{run_[0]}–{run_[-1]}" if len(run_) >= 3 else ", ".join(map(str, run_)))
    return "[" + ", ".join(parts) + "]"


def body_before_register(document) -> list[str]:
    """The paragraphs of the body in reading order (tables' cells in place), up to the register."""
    texts = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        if text.strip() == "Evidence register":
            break
        texts.append(text)
    return texts


def plain(text: str) -> str:
    """Text without the typographer's quotes pandoc puts in."""
    return text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))


def register_numbers(document) -> dict[str, int]:
    """Evidence id -> its number in the register, read from the register's titles."""
    titles = {}
    for file in (ROOT / "evidence/2024").glob("*.yaml"):
        for value in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).values():
            if isinstance(value, list):
                titles.update({i["title"]: i["id"] for i in value if isinstance(i, dict) and "title" in i and "id" in i})
    register = document.tables[-1]
    assert [c.text for c in register.rows[0].cells][:2] == ["No.", "Evidence"]
    out = {}
    for row in register.rows[1:]:
        number = int(row.cells[0].text.strip("[]"))
        out[titles[plain(row.cells[1].text)]] = number
    return out


def test_the_register_is_numbered_in_reading_order(report):
    """The first number a reader meets is [1], the next new one [2], and so on: the register is
    numbered by first citation, not by title or id."""
    seen: list[int] = []
    for text in body_before_register(report):
        for group in GROUP.findall(text):
            for n in expand(group):
                if n not in seen:
                    seen.append(n)
    assert len(seen) > 20
    assert seen == list(range(1, len(seen) + 1))
    numbers = [r.cells[0].text for r in report.tables[-1].rows[1:]]
    assert numbers == [f"[{n}]" for n in range(1, len(seen) + 1)]


def test_each_citation_in_the_narrative_is_written_with_exactly_its_numbers(report):
    """Every [@a; @b] group in the sections appears as its own numbers: two numbers apart stay
    two ([4, 6], never [4–6]); a range only for three or more in a row."""
    number = register_numbers(report)
    text = "\n".join(body_before_register(report))
    written = set(GROUP.findall(text))
    narrative = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "sections/2024").glob("*.md")))
    groups = [re.findall(r"@([A-Za-z0-9][\w.:-]*\w)", g) for g in re.findall(r"\[(@[^\]]+)\]", narrative)]
    apart = 0
    for ids in groups:
        expected = label({number[i] for i in ids})
        assert expected[1:-1] in written, f"{ids} should read {expected}"
        ns = sorted({number[i] for i in ids})
        apart += any(b - a == 2 for a, b in zip(ns, ns[1:]))
    assert apart, "the sample should cite two items whose numbers are one apart"
    # and no range in the report spans a number its group does not cite
    for group in written:
        for part in group.split(", "):
            if "–" in part:
                first, last = map(int, part.split("–"))
                assert last - first >= 2, f"[{group}]: a range of two"
