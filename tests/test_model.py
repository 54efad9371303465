"""Reading YAML and the reporting period: the small parts everything else rests on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annualreport.citations import find_citations, strip_citations
from annualreport.config import Period
from annualreport.errors import InputError
from annualreport.yamlsource import load_yaml


def test_period_from_april_and_from_september():
    april = Period.of(2024, "1 April")
    assert (april.start, april.end, april.label) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31), "2024-25")
    september = Period.of(2024, "09-01")
    assert (september.start, september.end, september.label) == (dt.date(2024, 9, 1), dt.date(2025, 8, 31), "2024-25")
    january = Period.of(2024, "1 January")
    assert january.label == "2024"


def test_a_period_start_that_is_not_a_date():
    with pytest.raises(ValueError):
        Period.of(2024, "31 February")


def test_duplicate_keys_are_errors_with_both_lines(tmp_path: Path):
    file = tmp_path / "x.yaml"
    file.write_text("a: 1\nb: 2\na: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(file)
    problem = caught.value.problems[0]
    assert problem.line == 3 and "line 1" in problem.message


def test_lines_are_kept_for_nested_values(tmp_path: Path):
    file = tmp_path / "x.yaml"
    file.write_text("items:\n  - id: a\n    n: 1\n  - id: b\n    n: 2\n", encoding="utf-8")
    data, lines = load_yaml(file)
    assert lines.line_of(("items", 1, "n")) == 5
    assert lines.line_of(("items", 1, "missing")) == 4


def test_citations_are_found_and_stripped():
    text = "Plans fell by a third [@cp-plans; @audit-q3] and stayed low [@cp.2024]."
    assert [c.ids for c in find_citations(text)] == [("cp-plans", "audit-q3"), ("cp.2024",)]
    assert strip_citations(text) == "Plans fell by a third and stayed low."
