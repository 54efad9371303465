"""Reading a spreadsheet (.xlsx or .csv): its rows, and the header row found among them."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from annualreport.errors import InputError, Problem
from annualreport.textfiles import read_bytes


Say = Callable[[str], None]

# --- reading the spreadsheet ---------------------------------------------------------------


@dataclass
class Row:
    number: int
    cells: list[Any]

    def empty(self) -> bool:
        return all(is_blank(c) for c in self.cells)


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
        #: said after the others, whatever their number (a mend for several of them at once)
        self.closing: list[Problem] = []

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
            raise InputError(*problems, *self.closing)


def is_blank(value: Any) -> bool:
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
        filled = [c for c in cells if not is_blank(c)]
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
    headers = ["" if is_blank(c) else header_text(c) for c in header.cells]
    while headers and not headers[-1]:
        headers.pop()
    body = [r for r in rows[header_index + 1 :] if not r.empty()]
    return Table(file, sheet, header.number, headers, body)


def header_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


