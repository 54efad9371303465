"""How figures are written in the report (content/figures.py): what a reader sees in the
scorecard, the summary and the covering reports."""

from __future__ import annotations

import datetime as dt

import pytest

from annualreport.content import figures as fmt


@pytest.mark.parametrize(
    "value, places, written",
    [(1234, None, "1,234"), (1234.0, None, "1,234"), (41.25, None, "41.2"), (41.26, None, "41.3"), (0.5, None, "0.5"),
     (1234567.891, 2, "1,234,567.89"), (7, 1, "7.0"), (-1500, None, "-1,500")],
)
def test_number(value, places, written):
    assert fmt.number(value, places) == written


@pytest.mark.parametrize(
    "value, written",
    [(185000, "£185,000"), (185000.5, "£185,000.50"), (1_000_000, "£1m"), (2_500_000, "£2.5m"), (1_250_000, "£1,250,000"),
     (900_000, "£900,000"), (12.25, "£12.25"), (0, "£0")],
)
def test_money(value, written):
    assert fmt.money(value) == written


@pytest.mark.parametrize(
    "value, unit, written",
    [(185000, "money", "£185,000"), (19.7, "percent", "19.7%"), (45, "percent", "45%"), (12, "days", "12 days"),
     (12.5, "days", "12.5 days"), (56.1, "rate", "56.1"), (1874, "count", "1,874")],
)
def test_with_unit(value, unit, written):
    assert fmt.with_unit(value, unit) == written


def test_day():
    assert fmt.day(dt.date(2024, 6, 30)) == "30 June 2024"
    assert fmt.day(dt.date(2025, 3, 1)) == "1 March 2025"


@pytest.mark.parametrize("part, whole, written", [(15, 24, "62%"), (1, 3, "33%"), (2, 3, "67%"), (5, 0, "–"), (0, 5, "0%"), (24, 24, "100%")])
def test_share(part, whole, written):
    assert fmt.share(part, whole) == written
