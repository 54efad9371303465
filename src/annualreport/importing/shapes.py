"""What a kind's sheet may hold: its shapes, their columns, and the items built from rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from annualreport.evidence.models import Evidence, Strict
from annualreport.config import ImportSettings
from annualreport.importing.cells import Agencies, PARSE_HINTS, Parse, parse_cell
from annualreport.importing.mapping import SettingsFile
from annualreport.importing.sheets import Row, RowProblems, Say, Table


# --- what a kind's sheet may hold --------------------------------------------------------



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
    #: annualreport.yaml, for the mends that give the lines to paste into it
    config: "SettingsFile | None" = None
    #: what the user must see before the figures are written (said as warnings, and asked)
    warnings: list[str] = field(default_factory=list)

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
            self.problems.add(row.number, self.table.headers[index], str(exc), PARSE_HINTS.get(column.parse))
            return None


