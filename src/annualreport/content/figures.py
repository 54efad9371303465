"""How figures are written in the report: £185,000, 45%, 41.2, 1,234, 30 June 2024."""

from __future__ import annotations

import datetime as dt


def number(value: float, places: int | None = None) -> str:
    if places is None:
        places = 0 if float(value).is_integer() else 1
    return f"{value:,.{places}f}"


def money(value: float) -> str:
    if value >= 1_000_000 and value % 100_000 == 0:
        return f"£{value / 1_000_000:g}m"
    return "£" + number(value, 0 if float(value).is_integer() else 2)


def with_unit(value: float, unit: str) -> str:
    if unit == "money":
        return money(value)
    if unit == "percent":
        return number(value) + "%"
    if unit == "days":
        return number(value) + " days"
    return number(value)


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def share(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"
