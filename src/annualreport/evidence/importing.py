"""Importing a spreadsheet (.xlsx or .csv) into a year's evidence file, keeping what was written by hand.

``plan_import`` reads the sheet, maps its columns to the evidence model, builds the items
(aggregating one row per booking into courses where the sheet is shaped that way), merges
them into ``evidence/YEAR/KIND.yaml`` with a ruamel.yaml round trip (every comment and every
hand-written field stays), and validates the result. It writes nothing: it returns the old
and new text, so the command can show a diff and ask. ``write_atomic`` then writes it whole.

What each kind's sheet may hold is data, not code: a ``KindSpec`` with its ``Shape``s, and
each shape's ``Column``s (a field, the headers it is known by, how its cells are read, and
where the value goes in the item). A new kind is a new ``KindSpec`` in ``SPECS``; only a
sheet that must be aggregated (one row per booking) needs a function of its own.

The user can rename columns and agencies in annualreport.yaml::

    import:
      training:
        sheet: Bookings            # the workbook's sheet (default: the one whose headers fit best)
        shape: bookings            # bookings or courses (default: worked out from the headers)
        columns: {"Event name": title, "Delegate organisation": agency, "Notes": ignore}
        agencies: {"Harrowfield Police": police, "Schools / colleges": schools}
        ids: {"GCP2-L3": course-gcp2}      # a course code or title -> an existing evidence id
        source: Learning Hub booking system
        confidence: medium
        scale: 5
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from annualreport.errors import InputError, Problem
from annualreport.evidence.models import ID_PATTERN, Course, Evidence, Indicator, PerformanceFile, Strict, TrainingFile, KINDS
from annualreport.textfiles import read_bytes, read_text

Say = Callable[[str], None]

# --- settings in annualreport.yaml ------------------------------------------------------


class ImportSettings(BaseModel):
    """``import: {KIND: ...}`` in annualreport.yaml: how one kind's spreadsheets are read."""

    model_config = ConfigDict(extra="forbid")

    sheet: str | None = Field(default=None, description="The workbook's sheet to read (default: the one whose headers fit best).")
    shape: str | None = Field(default=None, description="How the sheet is laid out, e.g. bookings or courses for training (default: worked out from the headers).")
    columns: dict[str, str | None] = Field(default_factory=dict, description="The sheet's header -> the field it holds, or 'ignore'.")
    agencies: dict[str, str] = Field(default_factory=dict, description="An agency's name in the sheet -> its id in partnership.yaml.")
    ids: dict[str, str] = Field(default_factory=dict, description="An item's code or title in the sheet -> the evidence id it updates.")
    source: str | None = Field(default=None, description="The system the sheet came from; new items' source says it.")
    confidence: Literal["high", "medium", "low"] = Field(default="medium", description="The confidence of new items.")
    scale: int | None = Field(default=None, ge=2, description="The top of the evaluation scale (default: from a header like '(1-5)', else 5).")


# --- what a kind's sheet may hold --------------------------------------------------------

Parse = Literal["text", "int", "number", "date", "yesno", "unit", "better"]


@dataclass(frozen=True)
class Column:
    """A field a sheet may hold, the headers it is known by, how it is read, where it goes."""

    name: str
    label: str
    synonyms: tuple[str, ...]
    parse: Parse = "text"
    #: dotted path in the item ("evaluation.before"); None: used by the shape's own logic
    target: str | None = None


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    columns: tuple[Column, ...]
    #: each group must have at least one of its fields among the headers
    required: tuple[tuple[str, ...], ...]
    #: fields whose presence says a sheet has this shape
    signs: tuple[str, ...]
    #: what other headers are: "agency" (attendance by agency) or "period" (values by period)
    dynamic: str | None = None
    #: the dynamic columns' target map in the item ("attendance", "values")
    dynamic_target: str | None = None
    #: whether a header that is neither a field nor a dynamic column is an error
    strict: bool = False
    #: rows -> items, for shapes that aggregate (one row per booking); None: one item per row
    aggregate: Callable[..., list["Imported"]] | None = None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    list_key: str
    item_model: type[Evidence]
    file_model: type[Strict]
    noun: str
    id_prefix: str
    shapes: tuple[Shape, ...]
    #: key order of a new item
    order: tuple[str, ...]
    #: how an imported map merges into an existing one: replace (keys not in the sheet go) or update
    maps: dict[str, str]
    #: fields an existing item keeps as written, whatever the sheet says
    keep: tuple[str, ...] = ("title",)
    #: the maps written in flow style, {a: 1, b: 2}, as the sample project writes them
    flow: tuple[str, ...] = ()
    needs_agencies: bool = False
    header: str = ""


def _col(name: str, label: str, *synonyms: str, parse: Parse = "text", target: str | None = None) -> Column:
    return Column(name, label, (label, *synonyms), parse, target)


CODE = _col("code", "Course ID", "course code", "code", "course ref", "course reference", "course number", "event code", "programme code", "activity code", "module code")
COURSE_TITLE = _col("title", "Course", "course title", "course name", "title", "event", "event name", "event title", "training", "training course", "course event", "programme", "activity", "module", target="title")
LEVEL = _col("level", "Level", "course level", "training level", target="level")
BEFORE = _col("before", "Confidence before", "before", "confidence pre", "pre course confidence", "pre confidence", "pre", "confidence at start", "rating before", "pre course rating", "knowledge before", "average confidence before", "mean confidence before", "score before", parse="number", target="evaluation.before")
AFTER = _col("after", "Confidence after", "after", "confidence post", "post course confidence", "post confidence", "post", "confidence at end", "rating after", "post course rating", "knowledge after", "average confidence after", "mean confidence after", "score after", parse="number", target="evaluation.after")
ITEM_ID = _col("id", "ID", "evidence id", "indicator id", "item id")

TRAINING_BOOKINGS = (
    CODE, COURSE_TITLE, LEVEL,
    _col("date", "Session date", "date", "event date", "course date", "date of session", "session start", "start date", "start", "date attended", "training date", parse="date"),
    _col("session", "Session ID", "session ref", "session reference", "session code", "session number", "event id", "event ref", "occurrence", "instance", "cohort"),
    _col("agency", "Agency", "agency organisation", "organisation agency", "agency name", "partner agency", "agency type", "organisation", "organization", "organisation name", "organisation type", "employer", "employing organisation", "sector", "service", "delegate organisation"),
    _col("attended", "Attended", "attended y n", "attendance", "attendance status", "attended status", "status", "booking status", "present", "did attend", "completed", parse="yesno"),
    BEFORE, AFTER,
)

TRAINING_COURSES = (
    ITEM_ID, CODE, COURSE_TITLE, LEVEL,
    _col("sessions", "Sessions", "number of sessions", "no of sessions", "sessions run", "sessions delivered", "sessions held", "events", "events run", parse="int", target="sessions"),
    _col("places", "Places", "places offered", "places available", "places booked", "bookings", "booked", "places taken", "number booked", "no booked", "capacity", parse="int", target="places"),
    _col("total", "Total attended", "attended", "total", "attendance", "attendees", "number attended", "no attended", "total attendance", parse="int"),
    BEFORE, AFTER,
    _col("respondents", "Respondents", "evaluations", "evaluations returned", "responses", "number of responses", "no of responses", "answered", "evaluation responses", parse="int", target="evaluation.respondents"),
    _col("scale", "Scale", "rating scale", "evaluation scale", parse="int", target="evaluation.scale"),
)

INDICATOR_COLUMNS = (
    _col("id", "ID", "indicator id", "code", "ref", "reference", "indicator code", "indicator ref", "kpi", "kpi ref", "kpi id", "measure id", "evidence id"),
    _col("title", "Indicator", "title", "measure", "description", "indicator name", "measure name", "kpi name", "name", "performance indicator", target="title"),
    _col("unit", "Unit", "units", "measure type", "format", "type", parse="unit", target="unit"),
    _col("better", "Better", "polarity", "direction", "good is", "better if", "good performance is", "higher or lower is better", "higher or lower", "is higher better", parse="better", target="better"),
    _col("target", "Target", "target value", "goal", parse="number", target="target"),
    _col("source", "Source", "data source", "source of data", target="source"),
    _col("note", "Note", "notes", "comment", "comments", "commentary", target="note"),
    _col("key", "Key", "key indicator", "key figure", "headline", parse="yesno", target="key"),
)


@dataclass
class Imported:
    """One item built from the sheet: its fields, and the rows it came from."""

    title: str | None
    code: str | None
    rows: list[int]
    fields: dict[str, Any]
    explicit_id: str | None = None
    id: str = ""
    #: the id came from ``ids:`` in annualreport.yaml, so it is not matched by title
    mapped: bool = False


@dataclass
class Context:
    """What a shape's logic needs: the table, how its columns map, agencies, period, settings."""

    spec: KindSpec
    shape: Shape
    table: "Table"
    columns: dict[int, Column]
    dynamic: dict[int, str]
    settings: ImportSettings
    agencies: "Agencies | None"
    period: Any
    problems: "RowProblems"
    notes: list[str]
    say: Say

    def value(self, row: "Row", name: str) -> Any:
        for index, column in self.columns.items():
            if column.name == name:
                return self.read(row, index, column)
        return None

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns.values())

    def header_of(self, name: str) -> str:
        return next(self.table.headers[i] for i, c in self.columns.items() if c.name == name)

    def read(self, row: "Row", index: int, column: Column) -> Any:
        raw = row.cells[index] if index < len(row.cells) else None
        try:
            return parse_cell(raw, column.parse)
        except ValueError as exc:
            self.problems.add(row.number, self.table.headers[index], str(exc), _PARSE_HINTS.get(column.parse))
            return None


# --- reading the spreadsheet ---------------------------------------------------------------


@dataclass
class Row:
    number: int
    cells: list[Any]

    def empty(self) -> bool:
        return all(_blank(c) for c in self.cells)


@dataclass
class Table:
    file: Path
    sheet: str | None
    header_row: int
    headers: list[str]
    rows: list[Row]

    @property
    def label(self) -> str:
        return f"sheet '{self.sheet}'" if self.sheet else "the file"

    @property
    def where(self) -> str:
        return f"{self.file.name}, sheet '{self.sheet}'" if self.sheet else self.file.name


class RowProblems:
    """Row-level problems, gathered so that one run names them all (up to a limit)."""

    LIMIT = 20

    def __init__(self, table: Table):
        self.table = table
        self.items: list[Problem] = []
        self.more = 0

    def add(self, row: int | None, column: str | None, message: str, hint: str | None = None) -> None:
        if len(self.items) >= self.LIMIT:
            self.more += 1
            return
        place = ", ".join(p for p in (self.table.label if self.table.sheet else "", f"row {row}" if row else "", f"column '{column}'" if column else "") if p)
        self.items.append(Problem(f"{place}: {message}" if place else message, self.table.file, hint=hint))

    def raise_if_any(self) -> None:
        if self.items:
            problems = list(self.items)
            if self.more:
                problems.append(Problem(f"... and {self.more} more problems like these", self.table.file))
            raise InputError(*problems)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


SHEET_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
#: the largest CSV cell read: Excel holds at most 32,767 characters in a cell, so a cell thirty
#: times that is no honest export (the csv module's own limit, 131,072, is process-wide)
CSV_CELL_LIMIT = 1024**2
PREVIEW_ROWS = 25


def _open_workbook(file: Path):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from annualreport.render.package import check_package

    check_package(file, "workbook")  # a zip bomb stops here, before openpyxl inflates it
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(Problem(f"this is not an Excel workbook that can be read: {exc}", file, hint="save it from Excel as .xlsx (Excel Workbook), or as .csv")) from None


def read_table(file: Path, sheet: str | None, score: Callable[[list[Any]], int], say: Say, tick: Callable[[int], None] | None = None) -> Table:
    """Read the sheet (a workbook's named or best-fitting sheet, or a CSV file) whose header row scores best."""
    if not file.is_file():
        raise InputError(Problem("there is no such file", file, hint="give the path of the exported .xlsx or .csv file"))
    suffix = file.suffix.lower()
    if suffix in {".xls", ".ods", ".numbers"}:
        raise InputError(Problem(f"'{suffix}' files cannot be read", file, hint="open it and save it as .xlsx (Excel Workbook) or .csv"))
    if suffix in SHEET_SUFFIXES:
        book = _open_workbook(file)
        try:
            names = book.sheetnames
            if sheet is not None and sheet not in names:
                close = difflib.get_close_matches(sheet, names, n=1, cutoff=0.5)
                raise InputError(Problem(f"the workbook has no sheet called '{sheet}'", file, hint=(f"did you mean '{close[0]}'? " if close else "") + "its sheets are: " + ", ".join(names)))
            candidates = [sheet] if sheet is not None else names
            best: tuple[int, str, int] | None = None
            for name in candidates:
                preview = [list(r) for r in book[name].iter_rows(max_row=PREVIEW_ROWS, values_only=True)]
                found = _find_header(preview, score)
                if found is not None and (best is None or found[1] > best[2]):
                    best = (found[0], name, found[1])
            if best is None:
                raise InputError(Problem(f"the workbook has nothing in {'sheet ' + repr(sheet) if sheet else 'any sheet'}", file, hint="export the data again, or give --sheet NAME"))
            header_index, name, _ = best
            rows: list[Row] = []
            for number, values in enumerate(book[name].iter_rows(values_only=True), start=1):
                rows.append(Row(number, list(values)))
                if tick and number % 10000 == 0:
                    tick(number)
        finally:
            book.close()
        return _table(file, name, rows, header_index)
    if suffix in CSV_SUFFIXES or suffix == "":
        if sheet is not None:
            raise InputError(Problem("--sheet is for Excel workbooks, and this is a CSV file", file, hint="leave --sheet out"))
        raw = read_bytes(file, what="spreadsheet")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            say("note: the CSV file is not UTF-8; it was read as Windows (cp1252) text")
        rows = read_csv_rows(file, text, suffix, tick)
        found = _find_header([r.cells for r in rows[:PREVIEW_ROWS]], score)
        if found is None:
            raise InputError(Problem("the file is empty", file, hint="export the data again"))
        return _table(file, None, rows, found[0])
    raise InputError(Problem(f"'{file.suffix or file.name}' is not a spreadsheet annualreport can read", file, hint="give a .xlsx or .csv file"))


def csv_dialect(text: str, suffix: str) -> type[csv.Dialect]:
    """The delimiter sniffed from the first 8 KB; the quoting is always the standard one
    (``""`` for a quote in a quoted cell), since a sample without ``""`` cannot show it."""
    default = csv.excel_tab if suffix == ".tsv" else csv.excel
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        return default
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def read_csv_rows(file: Path, text: str, suffix: str, tick: Callable[[int], None] | None = None) -> list[Row]:
    """Every row of a CSV text; a cell over ``CSV_CELL_LIMIT`` is a located ``InputError``."""
    dialect = csv_dialect(text, suffix)
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, dialect)
    rows: list[Row] = []
    previous = csv.field_size_limit(CSV_CELL_LIMIT)
    try:
        start = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise _csv_problem(file, text, start, reader.line_num, len(rows) + 1, rows, dialect, exc) from None
            start = stream.tell()
            rows.append(Row(len(rows) + 1, list(values)))
            if tick and len(rows) % 10000 == 0:
                tick(len(rows))
    finally:
        csv.field_size_limit(previous)
    return rows


def _csv_problem(file: Path, text: str, start: int, line_num: int, number: int, rows: list[Row], dialect, exc: csv.Error) -> InputError:
    """The row (and line, and column) of a CSV record the reader refused."""
    line = text.count("\n", 0, start) + 1
    if "field larger than field limit" not in str(exc):
        return InputError(Problem(f"row {number} cannot be read as CSV: {exc}", file, line, hint="open the file in Excel and save it again as CSV (UTF-8)"))
    csv.field_size_limit(len(text) + 1)  # this one record again, whole, to find the cell
    record = next(csv.reader(io.StringIO(text[start:], newline=""), dialect), [])
    column = next((i for i, cell in enumerate(record) if len(cell) > CSV_CELL_LIMIT), None)
    header = rows[0].cells if rows else []
    name = f", column '{header[column]}'" if column is not None and column < len(header) else (f", column {column + 1}" if column is not None else "")
    size = len(record[column]) if column is not None else None
    return InputError(
        Problem(
            f"row {number}{name}: the cell holds {size:,} characters, over the {CSV_CELL_LIMIT:,} a cell may hold"
            if size
            else f"row {number}: a cell is over the {CSV_CELL_LIMIT:,} characters a cell may hold (a quote left open?)",
            file,
            line,
            hint="export the sheet again; if a quote (\") opens a cell and never closes, close it",
        )
    )


def _find_header(preview: list[list[Any]], score: Callable[[list[Any]], int]) -> tuple[int, int] | None:
    """The index of the header row among the first rows, and its score: the row most of whose cells are known headers."""
    best: tuple[int, int] | None = None
    first_filled = None
    for index, cells in enumerate(preview):
        filled = [c for c in cells if not _blank(c)]
        if len(filled) >= 2 and first_filled is None:
            first_filled = index
        points = score(cells)
        if points and (best is None or points > best[1]):
            best = (index, points)
    if best is not None:
        return best
    return (first_filled, 0) if first_filled is not None else None


def _table(file: Path, sheet: str | None, rows: list[Row], header_index: int) -> Table:
    header = rows[header_index]
    headers = ["" if _blank(c) else _header_text(c) for c in header.cells]
    while headers and not headers[-1]:
        headers.pop()
    body = [r for r in rows[header_index + 1 :] if not r.empty()]
    return Table(file, sheet, header.number, headers, body)


def _header_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


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

_PARSE_HINTS = {
    "int": "write a whole number alone, without words or units",
    "number": "write a number alone (12.5, 1,234, 45%), or leave the cell empty",
    "date": "write dates as day/month/year (14/05/2024) or 2024-05-14, or make the column a date column in Excel",
    "yesno": "write Y or N (or Yes, No, Attended, DNA, Cancelled)",
    "unit": "use one of: count, percent, rate, money, days, ratio, score",
    "better": "write higher or lower",
}


def parse_cell(value: Any, how: Parse) -> Any:
    """One cell's value as ``how`` reads it; None for an empty cell; ValueError saying what is wrong."""
    if _blank(value):
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
        text = _norm(value)
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"{value!r} is not yes or no")
    if how == "unit":
        text = " ".join(str(value).lower().replace(",", " ").split())
        text = text if text in UNITS else _norm(value)
        if text in UNITS:
            return UNITS[text]
        raise ValueError(f"{value!r} is not a unit annualreport knows")
    if how == "better":
        text = " ".join(str(value).lower().split())
        if text not in BETTER:
            text = _norm(value)
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


def _norm(text: Any) -> str:
    """Lower case, '&' as 'and', words only: 'Agency/Organisation' -> 'agency organisation'."""
    text = str(text).lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9£%#↑↓✓✔]+", " ", text).split())


def _bare(text: Any) -> str:
    """Without anything in brackets: 'Attended (Y/N)' -> 'attended'."""
    return _norm(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text)))


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
            for key in (_norm(agency_id), _norm(name), _bare(name), _norm(re.sub(r"^the\s+", "", name, flags=re.I))):
                if key:
                    lookup.setdefault(key, agency_id)
        for name, agency_id in extra.items():
            lookup[_norm(name)] = agency_id
            lookup[_bare(name)] = agency_id
        return cls(ids, names, lookup)

    def find(self, text: Any) -> str | None:
        return self.lookup.get(_norm(text)) or self.lookup.get(_bare(text)) or self.lookup.get(_norm(re.sub(r"^the\s+", "", str(text), flags=re.I)))

    def closest(self, text: str) -> str | None:
        """The agency a name most likely means: one sharing a distinctive word, else the closest spelling."""
        words = {i: set(_bare(self.names[i]).split()) | set(_norm(i).split()) for i in self.ids}
        common = Counter(w for ws in words.values() for w in ws)
        wanted = {w for w in _bare(text).split() if common.get(w, 0) <= 2 and len(w) > 2}
        sharing = [i for i in self.ids if wanted & words[i]]
        if len(sharing) == 1:
            return f"'{self.names[sharing[0]]}' ({sharing[0]})"
        choices = {self.names[i]: i for i in self.ids}
        close = difflib.get_close_matches(str(text), list(choices), n=1, cutoff=0.5)
        return f"'{close[0]}' ({choices[close[0]]})" if close else None


# --- building items from rows ---------------------------------------------------------------------


def _set(target: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _scale(ctx: Context) -> int:
    if ctx.settings.scale:
        return ctx.settings.scale
    for name in ("before", "after"):
        if ctx.has(name):
            match = re.search(r"(?:0|1)\s*(?:-|–|to)\s*(\d+)", ctx.header_of(name))
            if match and int(match.group(1)) >= 2:
                return int(match.group(1))
    return 5


def _rows_text(rows: list[int]) -> str:
    rows = sorted(set(rows))
    if len(rows) == 1:
        return f"row {rows[0]}"
    if len(rows) <= 4:
        return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"
    return f"rows {rows[0]}-{rows[-1]}"


def one_item_per_row(ctx: Context) -> list[Imported]:
    """Each row is an item: its fields from the columns, its maps from the dynamic columns."""
    items: list[Imported] = []
    title_column = "title"
    for row in ctx.table.rows:
        first = next((c for c in row.cells if not _blank(c)), None)
        if first is not None and _norm(first) in {"total", "totals", "grand total", "all", "all courses"}:
            ctx.notes.append(f"row {row.number} ('{first}') was read as a total and left out")
            continue
        fields: dict[str, Any] = {}
        values: dict[str, Any] = {}
        for index, column in ctx.columns.items():
            value = ctx.read(row, index, column)
            values[column.name] = value
            if value is not None and column.target:
                _set(fields, column.target, value)
        if ctx.dynamic:
            mapping: dict[str, Any] = {}
            for index, key in ctx.dynamic.items():
                raw = row.cells[index] if index < len(row.cells) else None
                try:
                    value = parse_cell(raw, "int" if ctx.shape.dynamic == "agency" else "number")
                except ValueError as exc:
                    ctx.problems.add(row.number, ctx.table.headers[index], str(exc), _PARSE_HINTS["number"])
                    continue
                if value is None or (ctx.shape.dynamic == "agency" and value == 0):
                    continue
                mapping[key] = mapping.get(key, 0) + value if ctx.shape.dynamic == "agency" else value
            if mapping or ctx.shape.dynamic == "agency":
                fields[ctx.shape.dynamic_target] = mapping
        title, code, explicit = values.get(title_column), values.get("code"), values.get("id")
        if not (title or code or explicit):
            ctx.problems.add(row.number, None, f"the row has no {ctx.spec.noun} title or id", "fill it in, or delete the row")
            continue
        if ctx.shape.name == "courses":
            _finish_course_row(ctx, row, fields, values)
        items.append(Imported(title, code, [row.number], fields, explicit_id=explicit))
    return items


def _finish_course_row(ctx: Context, row: Row, fields: dict, values: dict) -> None:
    evaluation = fields.get("evaluation")
    if evaluation:
        if "before" not in evaluation or "after" not in evaluation or "respondents" not in evaluation:
            missing = [ctx.shape.column(n).label for n in ("before", "after", "respondents") if n not in evaluation]
            ctx.problems.add(row.number, None, "an evaluation needs the confidence before, after and the number who answered; this row lacks " + ", ".join(missing), "fill them in, or leave all three empty")
            fields.pop("evaluation")
        else:
            evaluation.setdefault("scale", _scale(ctx))
            _check_scale(ctx, row, evaluation)
    total = values.get("total")
    attendance = fields.get("attendance") or {}
    if total is not None and attendance and total != sum(attendance.values()):
        ctx.notes.append(f"row {row.number}: the agency columns add up to {sum(attendance.values())}, but '{ctx.header_of('total')}' says {total}; the agency columns were used")
    elif total is not None and not attendance and ctx.dynamic:
        ctx.problems.add(row.number, None, f"'{ctx.header_of('total')}' says {total}, but no agency column has a figure", "fill in the attendance by agency")


def _check_scale(ctx: Context, row: Row, evaluation: dict) -> None:
    for key in ("before", "after"):
        value = evaluation.get(key)
        if value is not None and not 0 <= value <= evaluation["scale"]:
            ctx.problems.add(row.number, ctx.header_of(key), f"{value:g} is not on the scale of 1 to {evaluation['scale']}", "check the figure, or set the scale (import: {training: {scale: 10}} in annualreport.yaml)")


def bookings_to_courses(ctx: Context) -> list[Imported]:
    """One row per booking -> one course per course code (or title).

    sessions: distinct session ids (or, without a session column, distinct dates);
    places: bookings (rows); attendance: rows marked attended, by agency;
    evaluation: the means of before and after over the rows that gave both, and how many did.
    """
    groups: dict[str, dict[str, Any]] = {}
    outside = 0
    scale = _scale(ctx)
    unknown: dict[str, list[int]] = {}
    has_attended = ctx.has("attended")
    has_session = ctx.has("session")
    if not has_attended:
        ctx.notes.append("the sheet has no column saying who attended, so every booking was counted as attended")
    for row in ctx.table.rows:
        title, code = ctx.value(row, "title"), ctx.value(row, "code")
        day = ctx.value(row, "date")
        if not title and not code:
            ctx.problems.add(row.number, ctx.header_of("title"), "the booking names no course", "fill in the course, or delete the row")
            continue
        if day is None:
            if not _blank(row.cells[_index(ctx, "date")] if _index(ctx, "date") < len(row.cells) else None):
                continue  # already reported as not a date
            ctx.problems.add(row.number, ctx.header_of("date"), "the booking has no session date", "fill in the date of the session")
            continue
        if ctx.period is not None and not ctx.period.contains(day):
            outside += 1
            continue
        attended = ctx.value(row, "attended") if has_attended else True
        agency_text = ctx.value(row, "agency")
        agency = None
        if attended:
            if not agency_text:
                ctx.problems.add(row.number, ctx.header_of("agency"), "an attended booking names no agency", "fill in the agency, or map the column that holds it")
            else:
                agency = ctx.agencies.find(agency_text) if ctx.agencies else None
                if agency is None:
                    unknown.setdefault(agency_text, []).append(row.number)
        key = f"code:{_norm(code)}" if code else f"title:{_norm(title)}"
        group = groups.setdefault(key, {"titles": Counter(), "codes": Counter(), "levels": Counter(), "sessions": set(), "places": 0, "attendance": Counter(), "pairs": [], "rows": []})
        group["rows"].append(row.number)
        if title:
            group["titles"][title] += 1
        if code:
            group["codes"][code] += 1
        level = ctx.value(row, "level")
        if level:
            group["levels"][level] += 1
        group["sessions"].add(ctx.value(row, "session") or day if has_session else day)
        group["places"] += 1
        if agency:
            group["attendance"][agency] += 1
        before, after = ctx.value(row, "before"), ctx.value(row, "after")
        for value, name in ((before, "before"), (after, "after")):
            if value is not None and not 0 <= value <= scale:
                ctx.problems.add(row.number, ctx.header_of(name), f"{value:g} is not on the scale of 1 to {scale}", "check the figure, or set the scale (import: {training: {scale: 10}} in annualreport.yaml)")
        if before is not None and after is not None:
            group["pairs"].append((before, after))
    for name, rows in sorted(unknown.items(), key=lambda kv: kv[1][0]):
        close = ctx.agencies.closest(name) if ctx.agencies else None
        ctx.problems.add(
            rows[0], ctx.header_of("agency"),
            f"'{name}' is not an agency in partnership.yaml ({len(rows)} {'booking' if len(rows) == 1 else 'bookings'})",
            (f"did you mean {close}? " if close else "") + f"map it in annualreport.yaml: import: {{training: {{agencies: {{\"{name}\": AGENCY-ID}}}}}}, with an id from partnership.yaml ({', '.join(ctx.agencies.ids) if ctx.agencies else ''})",
        )
    if outside:
        ctx.notes.append(f"{outside} {'booking was' if outside == 1 else 'bookings were'} dated outside {_day(ctx.period.start)} to {_day(ctx.period.end)} and left out")
    items = []
    ordered = sorted(groups.values(), key=lambda g: g["rows"][0])
    for group in ordered:
        fields: dict[str, Any] = {
            "sessions": len(group["sessions"]),
            "places": group["places"],
            "attendance": dict(sorted(group["attendance"].items(), key=lambda kv: (-kv[1], _agency_order(ctx, kv[0])))),
        }
        title = group["titles"].most_common(1)[0][0] if group["titles"] else None
        code = group["codes"].most_common(1)[0][0] if group["codes"] else None
        if title:
            fields["title"] = title
        if group["levels"]:
            fields["level"] = group["levels"].most_common(1)[0][0]
        pairs = group["pairs"]
        if pairs:
            fields["evaluation"] = {
                "scale": scale,
                "before": round(sum(b for b, _ in pairs) / len(pairs), 1),
                "after": round(sum(a for _, a in pairs) / len(pairs), 1),
                "respondents": len(pairs),
            }
        elif ctx.has("before") or ctx.has("after"):
            ctx.notes.append(f"no attendee of '{title or code}' gave confidence both before and after; its evaluation was left as it was")
        items.append(Imported(title, code, group["rows"], fields))
    return items


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _index(ctx: Context, name: str) -> int:
    return next(i for i, c in ctx.columns.items() if c.name == name)


def _agency_order(ctx: Context, agency_id: str) -> int:
    ids = ctx.agencies.ids if ctx.agencies else []
    return ids.index(agency_id) if agency_id in ids else len(ids)


# --- the kinds ------------------------------------------------------------------------------------

TRAINING = KindSpec(
    kind="training",
    list_key="courses",
    item_model=Course,
    file_model=TrainingFile,
    noun="course",
    id_prefix="course-",
    shapes=(
        Shape("bookings", "one row per booking", TRAINING_BOOKINGS, required=(("title",), ("date",), ("agency",)), signs=("date", "agency", "attended", "session"), aggregate=bookings_to_courses),
        Shape("courses", "one row per course, a column per agency", TRAINING_COURSES, required=(("title", "id"), ("sessions",), ("places",)), signs=("sessions", "places", "respondents", "total"), dynamic="agency", dynamic_target="attendance", strict=True),
    ),
    order=("id", "title", "source", "as_of", "confidence", "level", "sessions", "places", "attendance", "evaluation"),
    maps={"attendance": "replace", "evaluation": "update"},
    flow=("attendance", "evaluation"),
    needs_agencies=True,
    header="# Multi-agency training: reach, attendance by agency, what attendees said, and what changed.\n# attendance keys are agency ids from partnership.yaml.",
)

PERFORMANCE = KindSpec(
    kind="performance",
    list_key="indicators",
    item_model=Indicator,
    file_model=PerformanceFile,
    noun="indicator",
    id_prefix="",
    shapes=(Shape("indicators", "one row per indicator, a column per period", INDICATOR_COLUMNS, required=(("title", "id"),), signs=("better", "target", "unit"), dynamic="period", dynamic_target="values"),),
    order=("id", "title", "source", "as_of", "confidence", "unit", "better", "target", "values", "key", "note"),
    maps={"values": "update"},
    flow=("values",),
    header="# The partnership's scorecard: values per period, target, and which direction is better.",
)

#: kind -> how its spreadsheets are read. Add a kind here.
SPECS: dict[str, KindSpec] = {spec.kind: spec for spec in (TRAINING, PERFORMANCE)}


# --- mapping the header row -------------------------------------------------------------------------


def _synonyms(shape: Shape) -> dict[str, Column]:
    found: dict[str, Column] = {}
    for column in shape.columns:
        for synonym in column.synonyms:
            found.setdefault(_norm(synonym), column)
    return found


def _user_columns(settings: ImportSettings) -> dict[str, str | None]:
    return {_norm(k): (v.strip() if isinstance(v, str) else v) for k, v in settings.columns.items()}


def _classify(header: str, shape: Shape, settings: ImportSettings, agencies: Agencies | None) -> tuple[str, Any]:
    """What a header is in this shape: ('field', Column), ('dynamic', key), ('ignore', None) or ('unknown', None)."""
    if not header:
        return "ignore", None
    user = _user_columns(settings)
    if _norm(header) in user:
        target = user[_norm(header)]
        if target in (None, "", "ignore"):
            return "ignore", None
        if target.startswith("period:"):
            return ("dynamic", target.split(":", 1)[1].strip()) if shape.dynamic == "period" else ("ignore", None)
        if target.startswith("agency:"):
            return ("dynamic", target.split(":", 1)[1].strip()) if shape.dynamic == "agency" else ("ignore", None)
        column = next((c for c in shape.columns if c.name == target), None)
        return ("field", column) if column else ("ignore", None)
    synonyms = _synonyms(shape)
    for key in (_norm(header), _bare(header)):
        for variant in (key, re.sub(r"^(?:average|avg|mean|overall|total|no of|number of)\s+", "", key)):
            if variant in synonyms:
                return "field", synonyms[variant]
    if shape.dynamic == "period":
        label = period_label(header)
        if label:
            return "dynamic", label
    if shape.dynamic == "agency" and agencies is not None:
        agency = agencies.find(header)
        if agency:
            return "dynamic", agency
    if shape.name == "indicators" and _norm(header).startswith("target"):
        return "field", shape.column("target")
    return "unknown", None


def _score(spec: KindSpec, settings: ImportSettings, agencies: Agencies | None) -> Callable[[list[Any]], int]:
    def score(cells: list[Any]) -> int:
        headers = ["" if _blank(c) else _header_text(c) for c in cells]
        best = 0
        for shape in spec.shapes:
            points = sum(1 for h in headers if h and _classify(h, shape, settings, agencies)[0] in ("field", "dynamic"))
            best = max(best, points)
        return best

    return score


def map_columns(table: Table, spec: KindSpec, settings: ImportSettings, agencies: Agencies | None) -> tuple[Shape, dict[int, Column], dict[int, str], list[str]]:
    """Choose the shape, and say what each column is. Raises InputError naming missing or unknown columns."""
    candidates = spec.shapes
    if settings.shape:
        candidates = tuple(s for s in spec.shapes if s.name == settings.shape)
    scored = []
    for shape in candidates:
        columns: dict[int, Column] = {}
        dynamic: dict[int, str] = {}
        ignored: list[str] = []
        unknown: list[str] = []
        taken: dict[str, int] = {}
        for index, header in enumerate(table.headers):
            what, value = _classify(header, shape, settings, agencies)
            if what == "field":
                if value.name in taken:
                    # two headers for one field: the better-known name wins, the other is ignored
                    other = taken[value.name]
                    if _rank(value, header) < _rank(value, table.headers[other]):
                        ignored.append(table.headers[other])
                        del columns[other]
                    else:
                        ignored.append(header)
                        continue
                columns[index] = value
                taken[value.name] = index
            elif what == "dynamic":
                dynamic[index] = value
            elif what == "ignore":
                if header:
                    ignored.append(header)
            else:
                unknown.append(header)
        names = {c.name for c in columns.values()}
        points = sum(1 for s in shape.signs if s in names) + (1 if dynamic and shape.dynamic == "agency" else 0)
        missing = [group for group in shape.required if not any(n in names for n in group)]
        if shape.dynamic == "period" and not dynamic:
            missing.append(("period",))
        scored.append((not missing, points, -spec.shapes.index(shape), shape, columns, dynamic, ignored, unknown, missing))
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    fits, _, _, shape, columns, dynamic, ignored, unknown, missing = scored[0]
    if not fits:
        raise InputError(_missing_problem(table, spec, shape, missing, ignored + unknown))
    if shape.strict and unknown:
        raise InputError(_unknown_problem(table, spec, shape, unknown, agencies))
    return shape, columns, dynamic, ignored + unknown


def _rank(column: Column, header: str) -> int:
    for i, synonym in enumerate(column.synonyms):
        if _norm(synonym) in (_norm(header), _bare(header)):
            return i
    return len(column.synonyms)


def _missing_problem(table: Table, spec: KindSpec, shape: Shape, missing: list[tuple[str, ...]], unmapped: list[str]) -> Problem:
    labels, hints = [], []
    present = [h for h in table.headers if h]
    for group in missing:
        if group == ("period",):
            labels.append("a column per period (headed like 2023-24)")
            continue
        column = shape.column(group[0])
        labels.append(" or ".join(f"'{shape.column(n).label}'" for n in group))
        best = _closest_header(column, unmapped)
        if best:
            hints.append(f"if '{best}' is the {column.label.lower()}, rename it '{column.label}' or map it in annualreport.yaml: import: {{{spec.kind}: {{columns: {{\"{best}\": {column.name}}}}}}}")
    message = (
        f"{table.label} cannot be imported as {spec.kind}: it has no column for {_and(labels)}"
        f" (its columns, on row {table.header_row}: " + (", ".join(f"'{h}'" for h in present) or "none") + ")"
    )
    known = "; ".join(f"for {shape.column(g[0]).label}: " + ", ".join(f"'{s}'" for s in shape.column(g[0]).synonyms[1:6]) for g in missing if g != ("period",))
    hint = " ".join(hints) if hints else f"rename the columns in the sheet, or map them in annualreport.yaml under import: {{{spec.kind}: {{columns: {{\"HEADER\": FIELD}}}}}}"
    if known:
        hint += f" (other headers understood {known})"
    others = [s for s in spec.shapes if s is not shape]
    if others:
        hint += f". The sheet was read as {shape.description}; " + "; ".join(
            f"a sheet with {o.description} needs " + _and([" or ".join(f"'{o.column(n).label}'" for n in g) for g in o.required]) for o in others
        )
    return Problem(message, table.file, hint=hint)


def _closest_header(column: Column, present: list[str]) -> str | None:
    best, best_ratio = None, 0.0
    for header in present:
        for synonym in column.synonyms:
            ratio = difflib.SequenceMatcher(None, _norm(header), _norm(synonym)).ratio()
            if ratio > best_ratio:
                best, best_ratio = header, ratio
    return best if best_ratio >= 0.7 else None


def _unknown_problem(table: Table, spec: KindSpec, shape: Shape, unknown: list[str], agencies: Agencies | None) -> Problem:
    hints = []
    for header in unknown:
        close = agencies.closest(header) if agencies else None
        if close:
            hints.append(f"'{header}' may be {close}")
    message = f"{table.label} has columns annualreport does not understand: " + ", ".join(f"'{h}'" for h in unknown)
    hint = ("; ".join(hints) + ". " if hints else "") + (
        f"map each in annualreport.yaml: import: {{{spec.kind}: {{agencies: {{\"COLUMN\": AGENCY-ID}}}}}} for an agency's column, "
        f"or columns: {{\"COLUMN\": ignore}} for a column to leave out"
    )
    return Problem(message, table.file, where="fields it understands: " + ", ".join(c.label for c in shape.columns) + ", and a column per agency", hint=hint)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- the plan ---------------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    kind: str
    path: Path
    old_text: str
    new_text: str
    table: Table
    shape: Shape
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    @property
    def digest(self) -> str | None:
        return hashlib.sha256(self.old_text.encode("utf-8")).hexdigest() if self.path.exists() else None


def read_settings(project: Path, kind: str) -> tuple[ImportSettings, str, Path]:
    """The ``import: KIND:`` settings and ``reporting.period_start`` from annualreport.yaml, read raw."""
    from annualreport.config import CONFIG_NAME
    from annualreport.yamlsource import load_yaml, raise_validation

    file = project / CONFIG_NAME
    if not file.is_file():
        raise InputError(Problem(f"no {CONFIG_NAME} here, so this is not a report project", file, hint="run the command in the project's folder, or give --project DIR"))
    data, lines = load_yaml(file)
    data = data if isinstance(data, dict) else {}
    reporting = data.get("reporting") if isinstance(data.get("reporting"), dict) else {}
    period_start = str(reporting.get("period_start", "1 April"))
    section = data.get("import") or {}
    if not isinstance(section, dict):
        raise InputError(Problem("'import' must be a set of kinds, each with its settings", file, lines.line_of(("import",)), hint="write it like: import: {training: {columns: {\"Course name\": title}}}"))
    for name in section:
        if name not in SPECS:
            close = difflib.get_close_matches(str(name), list(SPECS), n=1)
            raise InputError(Problem(f"'{name}' under 'import' is not a kind annualreport can import", file, lines.line_of(("import", name)), hint=(f"did you mean '{close[0]}'? " if close else "") + "the kinds are: " + ", ".join(SPECS)))
    raw = section.get(kind) or {}
    try:
        settings = ImportSettings.model_validate(raw)
    except ValidationError as exc:
        raise_validation(exc, file, lines, root=("import", kind), fields_at=lambda loc: list(ImportSettings.model_fields) if not loc else None)
        raise
    spec = SPECS[kind]
    allowed = {c.name for s in spec.shapes for c in s.columns}
    for header, target in settings.columns.items():
        if target in (None, "", "ignore") or (isinstance(target, str) and target.split(":", 1)[0] in ("period", "agency") and ":" in target):
            continue
        if target not in allowed:
            close = difflib.get_close_matches(str(target), sorted(allowed | {"ignore"}), n=1)
            raise InputError(Problem(f"'{target}' is not a field a {kind} sheet can hold", file, lines.line_of(("import", kind, "columns", header)), hint=(f"did you mean '{close[0]}'? " if close else "") + "use one of: " + ", ".join(sorted(allowed)) + ", or ignore"))
    if settings.shape and settings.shape not in {s.name for s in spec.shapes}:
        raise InputError(Problem(f"'{settings.shape}' is not a shape of {kind} sheet", file, lines.line_of(("import", kind, "shape")), hint="use one of: " + ", ".join(s.name for s in spec.shapes)))
    return settings, period_start, file


def _agencies(project: Path, year: int, settings: ImportSettings, config_file: Path, kind: str) -> Agencies:
    from annualreport.yamlsource import load_yaml

    file = project / "evidence" / str(year) / "partnership.yaml"
    if not file.is_file():
        raise InputError(Problem(f"{kind} attendance is counted by agency, so partnership.yaml must list the agencies", file, hint="write evidence/YEAR/partnership.yaml first (see 'annualreport schema partnership')"))
    data, _ = load_yaml(file)
    agencies = (data or {}).get("agencies") or [] if isinstance(data, dict) else []
    result = Agencies.of(agencies, {})
    _, lines = load_yaml(config_file)
    for name, agency_id in settings.agencies.items():
        if agency_id not in result.ids:
            close = difflib.get_close_matches(str(agency_id), result.ids, n=1)
            raise InputError(Problem(f"'{agency_id}' is not the id of an agency in partnership.yaml", config_file, lines.line_of(("import", kind, "agencies", name)), hint=(f"did you mean '{close[0]}'? " if close else "") + "the ids are: " + ", ".join(result.ids)))
    return Agencies.of(agencies, settings.agencies)


def plan_import(
    project: Path,
    year: int,
    kind: str,
    file: Path,
    *,
    sheet: str | None = None,
    as_of: dt.date | None = None,
    confidence: str | None = None,
    say: Say = lambda _: None,
    tick: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Read ``file``, build the items, merge them into evidence/YEAR/KIND.yaml; return the old and new text."""
    from annualreport.config import Period

    if kind not in SPECS:
        close = difflib.get_close_matches(kind, list(SPECS), n=1)
        known = [k for k in KINDS if k not in SPECS]
        raise InputError(Problem(f"'{kind}' is not a kind annualreport can import", hint=(f"did you mean '{close[0]}'? " if close else "") + "it can import: " + ", ".join(SPECS) + (f" (the other kinds, {', '.join(known)}, are written by hand)" if known else "")))
    spec = SPECS[kind]
    project = project.resolve()
    settings, period_start, config_file = read_settings(project, kind)
    try:
        period = Period.of(year, period_start)
    except ValueError:
        period = None
    folder = project / "evidence" / str(year)
    target = folder / f"{kind}.yaml"
    if not folder.is_dir():
        raise InputError(Problem(f"there is no evidence for {year}", folder, hint=f"make the folder evidence/{year}/ first (copy last year's, or run 'annualreport init')"))
    agencies = _agencies(project, year, settings, config_file, kind) if spec.needs_agencies else None
    file = Path(file)
    if as_of is None:
        if not file.is_file():
            raise InputError(Problem("there is no such file", file, hint="give the path of the exported .xlsx or .csv file"))
        as_of = dt.date.fromtimestamp(file.stat().st_mtime)
    say(f"reading {file.name}")
    table = read_table(file, sheet or settings.sheet, _score(spec, settings, agencies), say, tick)
    if not table.rows:
        raise InputError(Problem(f"{table.label} of {file.name} has a header row ({table.header_row}) but no rows under it", file, hint="export the data again"))
    shape, columns, dynamic, ignored = map_columns(table, spec, settings, agencies)
    say(f"{table.where}: {len(table.rows)} rows under the header on row {table.header_row}, read as {shape.description}")
    mapped = ", ".join(f"'{table.headers[i]}' as {c.name}" for i, c in columns.items())
    if dynamic:
        mapped += f"; {len(dynamic)} {'agency' if shape.dynamic == 'agency' else 'period'} columns ({', '.join(sorted(set(dynamic.values())))})"
    say(f"columns: {mapped}" + (f"; left out: {', '.join(repr(h) for h in ignored)}" if ignored else ""))
    problems = RowProblems(table)
    notes: list[str] = []
    ctx = Context(spec, shape, table, columns, dynamic, settings, agencies, period, problems, notes, say)
    items = shape.aggregate(ctx) if shape.aggregate else one_item_per_row(ctx)
    problems.raise_if_any()
    say(f"{len(items)} {spec.noun}s in the sheet")
    _assign_ids(spec, items, settings, table)
    source = f"Imported from {file.name}" + (f", sheet {table.sheet}" if table.sheet else "")
    if settings.source:
        source = f"{settings.source} ({source[0].lower()}{source[1:]})"
    plan = ImportPlan(kind, target, read_text(target, project, what="evidence file")[1] if target.exists() or target.is_symlink() else "", "", table, shape, notes=notes)
    rel = f"evidence/{year}/{target.name}"
    say(f"merging into {rel}")
    plan.new_text = _merge(spec, plan, items, as_of=as_of, source=source, confidence=confidence, default_confidence=settings.confidence)
    _check_ids_across_year(spec, plan, items, folder)
    if period is not None and not period.contains(as_of) and (plan.added or plan.updated):
        notes.append(
            f"the figures are dated {_day(as_of)} (as_of), outside {_day(period.start)} to {_day(period.end)}; the lint will warn where they are cited"
            + (" (give --as-of with the date the export's figures were true, e.g. the end of the period)")
        )
    return plan


def _assign_ids(spec: KindSpec, items: list[Imported], settings: ImportSettings, table: Table) -> None:
    by_name = {_norm(k): v for k, v in settings.ids.items()}
    seen: dict[str, Imported] = {}
    problems = RowProblems(table)
    for item in items:
        mapped = next((by_name[_norm(t)] for t in (item.code, item.title) if t and _norm(t) in by_name), None)
        if mapped:
            item.id, item.mapped = mapped, True
        elif item.explicit_id:
            item.id = item.explicit_id
        elif item.code:
            item.id = spec.id_prefix + slug(item.code)
        else:
            item.id = spec.id_prefix + slug(item.title or "")
        if not re.match(ID_PATTERN, item.id):
            problems.add(item.rows[0], None, f"'{item.id}' cannot be an evidence id", "ids are letters, digits and - _ . : (starting with a letter or digit)")
        if item.id in seen:
            problems.add(item.rows[0], None, f"this {spec.noun} and the one on {_rows_text(seen[item.id].rows)} would both have the id '{item.id}'", f"give them different codes or titles, or map one in annualreport.yaml: import: {{{spec.kind}: {{ids: {{\"CODE OR TITLE\": another-id}}}}}}")
        seen[item.id] = item
    problems.raise_if_any()


# --- merging with ruamel.yaml -------------------------------------------------------------------------


def _yaml(text: str):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *args: True  # one date in many items is written out each time, not as &id001
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _indents(text: str) -> tuple[int, int, int]:
    """The file's own indentation: (mapping, sequence, offset) for ruamel, so the diff shows only the changes."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping, offset = 2, 2
    for previous, line in zip(lines, lines[1:]):
        if previous.rstrip().endswith(":") and line.lstrip().startswith("- "):
            offset = (len(line) - len(line.lstrip())) - (len(previous) - len(previous.lstrip()))
            break
    for previous, line in zip(lines, lines[1:]):
        if previous.rstrip().endswith(":") and not previous.lstrip().startswith("- ") and not line.lstrip().startswith("- "):
            step = (len(line) - len(line.lstrip())) - (len(previous) - len(previous.lstrip()))
            if step > 0:
                mapping = step
                break
    offset = max(offset, 0)
    return mapping, offset + 2, offset


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b and type(a) is type(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def _scalar(value: Any, yaml_dump: Callable[[Any], str]) -> Any:
    """A new string in double quotes where YAML needs quotes, as the project's files write them."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, str):
        dumped = yaml_dump(value)
        if dumped.startswith(("'", '"')):
            return DoubleQuotedScalarString(value)
    return value


def _key(key: Any) -> Any:
    """A period label as a key is written in double quotes, "2024-25", as the project's files write it."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(key) if isinstance(key, str) and re.match(r"^\d", key) else key


def _new_map(value: dict, flow: bool, quote: Callable[[Any], Any]):
    from ruamel.yaml.comments import CommentedMap

    result = CommentedMap()
    for key, item in value.items():
        result[_key(key)] = _new_map(item, True, quote) if isinstance(item, dict) else quote(item)
    if flow:
        result.fa.set_flow_style()
    return result


def _merge(spec: KindSpec, plan: ImportPlan, items: list[Imported], *, as_of: dt.date, source: str, confidence: str | None, default_confidence: str) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    from annualreport.yamlsource import load_yaml

    text = plan.old_text
    if text.strip():
        # the file as it is must be valid first, so that a problem is blamed where it is
        data, lines = load_yaml(plan.path, text)
        if data is not None:
            from annualreport.evidence.models import fields_at
            from annualreport.yamlsource import raise_validation

            try:
                spec.file_model.model_validate(data)
            except ValidationError as exc:
                raise_validation(exc, plan.path, lines, fields_at=lambda loc: fields_at(spec.file_model, loc))
    yaml = _yaml(text)

    def dump_one(value: Any) -> str:
        stream = io.StringIO()
        yaml.dump(value, stream)
        return stream.getvalue()

    quote = lambda v: _scalar(v, dump_one)  # noqa: E731
    try:
        doc = yaml.load(text) if text.strip() else None
    except YAMLError as exc:  # pragma: no cover - load_yaml above reports syntax errors first
        raise InputError(Problem(f"this is not valid YAML: {exc}", plan.path)) from None
    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(spec.header + f"\n# Made by 'annualreport import' from {plan.table.file.name}; add to it by hand as you need.\n\n")
    if doc.get(spec.list_key) is None:
        doc[spec.list_key] = CommentedSeq()
    seq = doc[spec.list_key]
    if seq.fa.flow_style():
        seq.fa.set_block_style()
    spaced = "\n\n" + " " * _indents(text)[2] + "- " in text
    by_id = {str(entry.get("id")): entry for entry in seq if isinstance(entry, dict)}
    by_id_folded = {str(entry.get("id")).casefold(): entry for entry in seq if isinstance(entry, dict)}
    by_title = {_norm(entry.get("title", "")): entry for entry in seq if isinstance(entry, dict) and entry.get("title")}
    claimed: dict[int, Imported] = {}
    problems = RowProblems(plan.table)
    for item in items:
        # by id (a KPI ref "MASH-24H" finds mash-24h), then, unless annualreport.yaml named the id, by title
        entry = by_id.get(item.id) or by_id_folded.get(item.id.casefold())
        if entry is None and item.title and not item.mapped:
            entry = by_title.get(_norm(item.title))
        if entry is not None:
            item.id = str(entry.get("id"))
        if entry is not None and id(entry) in claimed:
            problems.add(item.rows[0], None, f"this {spec.noun} and the one on {_rows_text(claimed[id(entry)].rows)} both match '{item.id}' in {plan.path.name}", "give them different codes or titles")
            continue
        if entry is None:
            entry = CommentedMap()
            fields = {"id": item.id, "title": item.title, "source": source, "as_of": as_of, "confidence": confidence or default_confidence}
            fields.update({k: v for k, v in item.fields.items() if k != "title"})
            for key in spec.order:
                if key in fields and fields[key] is not None:
                    value = fields[key]
                    entry[key] = _new_map(value, key in spec.flow, quote) if isinstance(value, dict) else quote(value)
            for key, value in fields.items():
                if key not in entry and value is not None:
                    entry[key] = _new_map(value, key in spec.flow, quote) if isinstance(value, dict) else quote(value)
            seq.append(entry)
            if spaced or len(seq) > 1 and not text.strip():
                seq.yaml_set_comment_before_after_key(len(seq) - 1, before="\n")
            plan.added.append(item.id)
            claimed[id(entry)] = item
            _validate_item(spec, entry, item, plan.table, problems)
            continue
        claimed[id(entry)] = item
        before = _plain(entry)
        for key, value in item.fields.items():
            if key in spec.keep and key in entry:
                continue
            _assign(entry, key, value, spec.maps.get(key, "update"), key in spec.flow, quote, spec.order)
        if str(entry.get("source", "")).startswith("Imported from") or "(imported from" in str(entry.get("source", "")):
            _assign(entry, "source", source, "update", False, quote)
        if confidence:
            _assign(entry, "confidence", confidence, "update", False, quote)
        changed = _plain(entry) != before
        if changed:
            _assign(entry, "as_of", as_of, "update", False, quote)
            plan.updated.append(item.id)
        else:
            plan.unchanged.append(item.id)
        _validate_item(spec, entry, item, plan.table, problems)
    problems.raise_if_any()
    plan.untouched = [str(entry.get("id")) for entry in seq if isinstance(entry, dict) and id(entry) not in claimed]
    stream = io.StringIO()
    yaml.dump(doc, stream)
    new_text = stream.getvalue()
    if "\r\n" in text:
        new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")
    _validate_file(spec, plan, new_text, items)
    return new_text


def _put(entry, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key; a new one goes where ``order`` puts it, and the blank line or comments after the item stay after it."""
    if key in entry:
        entry[key] = value
        return
    keys = list(entry.keys())
    rank = {k: i for i, k in enumerate(order)}
    position = len(keys)
    if key in rank:
        position = next((i for i, k in enumerate(keys) if k in rank and rank[k] > rank[key]), len(keys))
    entry.insert(position, key, value)
    if position == len(keys) and keys:
        _move_trailing_comment(entry, keys[-1], key)


def _move_trailing_comment(entry, old: str, new: str) -> None:
    """What ruamel keeps after the last key (its own end-of-line comment, then the lines after) splits between old and new."""
    import copy

    slots = entry.ca.items.get(old)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None or "\n" not in token.value:
        return
    first, rest = token.value.split("\n", 1)
    if not rest:
        return
    moved = copy.copy(token)
    moved.value = "\n" + rest
    if first.strip():
        token.value = first + "\n"
    else:
        slots[2] = None
    entry.ca.items[new] = [None, None, moved, None]


def _assign(entry, key: str, value: Any, policy: str, flow: bool, quote: Callable[[Any], Any], order: tuple[str, ...] = ()) -> None:
    """Set ``entry[key]`` only where it differs, so that formatting and comments stay where nothing changed."""
    if isinstance(value, dict):
        current = entry.get(key)
        if not isinstance(current, dict):
            _put(entry, key, _new_map(value, flow, quote), order)
            return
        if policy == "replace":
            for old in [k for k in current if k not in value]:
                del current[old]
        for sub, sub_value in value.items():
            if sub not in current:
                current[_key(sub)] = quote(sub_value)
            elif not _same(current[sub], sub_value):
                current[sub] = quote(sub_value)
        return
    if key not in entry or not _same(entry[key], value):
        _put(entry, key, quote(value), order)


def _validate_item(spec: KindSpec, entry: Any, item: Imported, table: Table, problems: RowProblems) -> None:
    try:
        spec.item_model.model_validate(_plain(entry))
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            what = "is missing" if error["type"] == "missing" else f"is {error.get('input')!r}: {error['msg'].lower()}"
            problems.add(
                item.rows[0], None,
                f"the {spec.noun} '{item.title or item.id}' ({_rows_text(item.rows)}) would not be valid evidence: '{where}' {what}",
                f"add a column for '{where}' to the sheet, or write it into {spec.kind}.yaml by hand" if error["type"] == "missing" else "correct the sheet",
            )


def _validate_file(spec: KindSpec, plan: ImportPlan, text: str, items: list[Imported]) -> None:
    """The merged file, read back as the build reads it, must be valid."""
    from annualreport.yamlsource import load_yaml

    data, _ = load_yaml(plan.path, text)
    try:
        spec.file_model.model_validate(data)
    except ValidationError as exc:
        raise InputError(*[Problem(f"after the import, {plan.path.name} would not be valid: {'.'.join(map(str, e['loc']))}: {e['msg']}", plan.table.file, hint="correct the sheet, or the evidence file") for e in exc.errors()]) from None
    ids = [str(entry.get("id")) for entry in data.get(spec.list_key) or [] if isinstance(entry, dict)]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        rows = {item.id: item.rows for item in items}
        raise InputError(*[Problem(f"after the import, the id '{i}' would be used twice in {plan.path.name}" + (f" (the sheet's {_rows_text(rows[i])})" if i in rows else ""), plan.table.file, hint="give the items different ids") for i in twice])


def _check_ids_across_year(spec: KindSpec, plan: ImportPlan, items: list[Imported], folder: Path) -> None:
    """New ids must not be used by another kind's evidence of the year: citations would be ambiguous."""
    import yaml

    new = {i for i in plan.added}
    if not new:
        return
    rows = {item.id: item.rows for item in items}
    problems = []
    for other in sorted(folder.glob("*.yaml")):
        if other.stem == spec.kind or other.stem not in KINDS:
            continue
        try:  # read as the build reads it (inside the project, bounded, UTF-8); the build reports what is wrong
            data = yaml.safe_load(read_text(other, folder.parent.parent, what="evidence file")[1]) or {}
        except (yaml.YAMLError, InputError):
            continue
        for value in (data.values() if isinstance(data, dict) else []):
            for entry in value if isinstance(value, list) else []:
                if isinstance(entry, dict) and str(entry.get("id")) in new:
                    problems.append(Problem(f"{plan.table.label}, {_rows_text(rows[str(entry['id'])])}: the new id '{entry['id']}' is already used in {other.name}", plan.table.file, hint=f"map the {spec.noun} to another id in annualreport.yaml: import: {{{spec.kind}: {{ids: {{\"CODE OR TITLE\": another-id}}}}}}"))
    if problems:
        raise InputError(*problems)


# --- writing --------------------------------------------------------------------------------------------


def write_atomic(path: Path, text: str, expect_digest: str | None = None) -> None:
    """Write ``text`` whole or not at all; refuse if the file changed since it was read."""
    if expect_digest is not None and path.exists():
        now = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
        if now != expect_digest:
            raise InputError(Problem("the file changed while the import was being prepared; nothing was written", path, hint="run the import again"))
    elif expect_digest is None and path.exists():
        raise InputError(Problem("the file appeared while the import was being prepared; nothing was written", path, hint="run the import again"))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def unified_diff(plan: ImportPlan, relative: str) -> list[str]:
    return list(
        difflib.unified_diff(
            plan.old_text.splitlines(keepends=True),
            plan.new_text.splitlines(keepends=True),
            fromfile=f"a/{relative}" if plan.old_text else "/dev/null",
            tofile=f"b/{relative}",
        )
    )


def describe(plan: ImportPlan) -> Iterable[str]:
    """What the merge did, in a few lines."""
    noun = SPECS[plan.kind].noun
    def count(n: int) -> str:
        return f"{n} {noun}" + ("" if n == 1 else "s")

    yield f"{count(len(plan.updated))} updated, {len(plan.added)} new, {len(plan.unchanged)} already up to date"
    if plan.added:
        yield "new: " + ", ".join(plan.added)
    if plan.untouched:
        yield "left as they were (not in the sheet; an import never deletes): " + ", ".join(plan.untouched)
