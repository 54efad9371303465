"""Reading cells (numbers, dates, yes/no, units) and names (agencies, periods, ids)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal
from annualreport.importing.sheets import is_blank


Parse = Literal["text", "int", "number", "date", "yesno", "unit", "better"]

# --- reading cells ---------------------------------------------------------------------------

YES = {"y", "yes", "true", "1", "attended", "present", "x", "completed", "complete", "attended in full", "passed", "✓", "✔"}
NO = {"n", "no", "false", "0", "did not attend", "dna", "no show", "noshow", "absent", "cancelled", "canceled", "late cancellation", "not attended", "withdrawn", "non attendance", "failed", "booked", "waiting list"}
UNITS = {
    "count": "count", "number": "count", "no": "count", "n": "count", "#": "count", "num": "count",
    "percent": "percent", "%": "percent", "percentage": "percent", "pct": "percent", "per cent": "percent",
    "rate": "rate", "per 10000": "rate", "per 10 000": "rate", "rate per 10000": "rate", "rate per 10 000": "rate", "per 10k": "rate", "per 1000": "rate", "per 1 000": "rate", "per 100000": "rate", "per 100 000": "rate",
    "money": "money", "£": "money", "gbp": "money", "pounds": "money", "cost": "money", "days": "days", "day": "days", "ratio": "ratio", "score": "score", "points": "score",
}
BETTER = {"higher": "higher", "high": "higher", "up": "higher", "higher is better": "higher", "increase": "higher", "bigger": "higher", "more": "higher", "↑": "higher",
          "lower": "lower", "low": "lower", "down": "lower", "lower is better": "lower", "decrease": "lower", "smaller": "lower", "less": "lower", "↓": "lower"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%a %d %B %Y", "%A %d %B %Y")
NONE_TEXT = {"n/a", "na", "-", "–", "—", "..", "x", "not available", "nil", "none"}

PARSE_HINTS = {
    "int": "write a whole number alone, without words or units",
    "number": "write a number alone (12.5, 1,234, 45%), or leave the cell empty",
    "date": "write dates as day/month/year (14/05/2024) or 2024-05-14, or make the column a date column in Excel",
    "yesno": "write Y or N (or Yes, No, Attended, DNA, Cancelled)",
    "unit": "use one of: count, percent, rate, money, days, ratio, score",
    "better": "write higher or lower",
}


def parse_cell(value: Any, how: Parse) -> Any:
    """One cell's value as ``how`` reads it; None for an empty cell; ValueError saying what is wrong."""
    if is_blank(value):
        return None
    if how == "text":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date()
        return " ".join(str(value).split())
    if how in ("int", "number"):
        number = _number(value)
        if number is None:
            return None
        if how == "int":
            if not float(number).is_integer():
                raise ValueError(f"{value!r} is not a whole number")
            return int(number)
        return number
    if how == "date":
        return _date(value)
    if how == "yesno":
        if isinstance(value, bool):
            return value
        text = normalised(value)
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"{value!r} is not yes or no")
    if how == "unit":
        text = " ".join(str(value).lower().replace(",", " ").split())
        text = text if text in UNITS else normalised(value)
        if text in UNITS:
            return UNITS[text]
        raise ValueError(f"{value!r} is not a unit annualreport knows")
    if how == "better":
        text = " ".join(str(value).lower().split())
        if text not in BETTER:
            text = normalised(value)
        if text in BETTER:
            return BETTER[text]
        raise ValueError(f"{value!r} does not say whether higher or lower is better")
    raise AssertionError(how)


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    text = str(value).strip()
    if text.lower() in NONE_TEXT:
        return None
    cleaned = re.sub(r"^[£$€]|%$", "", text.replace(",", "").replace(" ", "")).strip()
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    return int(number) if number.is_integer() else number


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 20000 < value < 80000:  # an Excel day number in a cell not formatted as a date
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = " ".join(str(value).split())
    for candidate in (text, text.split(" ")[0], text.split("T")[0]):
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    raise ValueError(f"{text!r} is not a date")


# --- names -------------------------------------------------------------------------------------


def normalised(text: Any) -> str:
    """Lower case, '&' as 'and', words only: 'Agency/Organisation' -> 'agency organisation'."""
    text = str(text).lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9£%#↑↓✓✔]+", " ", text).split())


def bare(text: Any) -> str:
    """Without anything in brackets: 'Attended (Y/N)' -> 'attended'."""
    return normalised(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text)))


def slug(text: str, limit: int = 48) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0]
    return words or "item"


PERIOD_RE = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:[-/\u2013]|to)\s*(\d{2}|\d{4})$", re.IGNORECASE)


def period_label(header: str) -> str | None:
    """'2022-23', '2022/23', '2022/2023', 'FY2022-23' -> '2022-23'; '2024' -> '2024'; else None."""
    text = header.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    match = PERIOD_RE.match(text)
    if not match:
        return None
    start, end = int(match.group(1)), match.group(2)
    if int(end[-2:]) != (start + 1) % 100:
        return None
    return f"{start}-{end[-2:]}"


@dataclass
class Agencies:
    """The agencies of partnership.yaml by id, and how names in a sheet map to them."""

    ids: list[str]
    names: dict[str, str]
    lookup: dict[str, str]

    @classmethod
    def of(cls, agencies: list[dict], extra: dict[str, str]) -> "Agencies":
        ids = [str(a.get("id")) for a in agencies if isinstance(a, dict) and a.get("id")]
        names = {str(a["id"]): str(a.get("name", a["id"])) for a in agencies if isinstance(a, dict) and a.get("id")}
        lookup: dict[str, str] = {}
        for agency_id, name in names.items():
            for key in (normalised(agency_id), normalised(name), bare(name), normalised(re.sub(r"^the\s+", "", name, flags=re.I))):
                if key:
                    lookup.setdefault(key, agency_id)
        for name, agency_id in extra.items():
            lookup[normalised(name)] = agency_id
            lookup[bare(name)] = agency_id
        return cls(ids, names, lookup)

    def find(self, text: Any) -> str | None:
        return self.lookup.get(normalised(text)) or self.lookup.get(bare(text)) or self.lookup.get(normalised(re.sub(r"^the\s+", "", str(text), flags=re.I)))

    def closest(self, text: str) -> str | None:
        """The agency a name most likely means, as 'Name' (id); None if none is likely."""
        found = self.closest_id(text)
        return f"'{self.names[found]}' ({found})" if found else None

    def closest_id(self, text: str) -> str | None:
        """The id of the agency a name most likely means: one sharing a distinctive word, else
        the closest spelling."""
        words = {i: set(bare(self.names[i]).split()) | set(normalised(i).split()) for i in self.ids}
        common = Counter(w for ws in words.values() for w in ws)
        wanted = {w for w in bare(text).split() if common.get(w, 0) <= 2 and len(w) > 2}
        sharing = [i for i in self.ids if wanted & words[i]]
        if len(sharing) == 1:
            return sharing[0]
        choices = {self.names[i]: i for i in self.ids}
        close = difflib.get_close_matches(str(text), list(choices), n=1, cutoff=0.5)
        return choices[close[0]] if close else None
