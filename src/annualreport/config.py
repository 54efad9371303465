"""``annualreport.yaml``: the partnership, the reporting period, the committees, the outputs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from annualreport.choices import choice
from annualreport.errors import InputError, Problem
from annualreport.project_folders import check_folders
from annualreport.yamlsource import fields_at, load_yaml, raise_validation

CONFIG_NAME = "annualreport.yaml"

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(Strict):
    name: str = Field(description="The person's name, as it is to be printed.")
    post: str = Field(description="Their post, e.g. Director of Children's Services.")
    organisation: str | None = Field(default=None, description="The organisation they work for, if the post does not say.")


class Contact(Person):
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", description="The e-mail address members can write to about the report.")
    phone: str = Field(description="The phone number members can call about the report.")


class Partnership(Strict):
    name: str = Field(description="e.g. Harrowfield Safeguarding Children Partnership")
    short_name: str = Field(description="e.g. HSCP")
    area: str = Field(description="The area the partnership covers, e.g. Harrowfield.")
    lead_partners: list[Person] = Field(min_length=1, description="The lead safeguarding partners who sign off the report.")
    scrutineer: Person = Field(description="The independent scrutineer.")


class Reporting(Strict):
    period_start: str = Field(default="1 April", description="Day and month the reporting year starts: '1 April' or '04-01'.")
    publish_by: str | None = Field(default=None, description="Publication deadline, as your edition of Working Together sets it.")

    @field_validator("period_start")
    @classmethod
    def _valid_start(cls, value: str) -> str:
        parse_month_day(value)
        return value


#: a committee's id goes into its covering report's file name (covering-report-ID-2024-25.docx),
#: which must stay well inside the 255 bytes a file name may have, and readable in a folder
COMMITTEE_ID_LENGTH = 40
#: a committee's name is a title line of its covering report and a document property (255 at most)
COMMITTEE_NAME_LENGTH = 150


class Committee(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=COMMITTEE_ID_LENGTH, description="Short name used in the file name, e.g. scrutiny.")
    name: str = Field(max_length=COMMITTEE_NAME_LENGTH, description="The committee's name, as the covering report's title gives it, e.g. Children's Scrutiny Committee.")
    meeting: dt.date = Field(description="The date of the meeting the report goes to (YYYY-MM-DD).")
    agenda_item: str = Field(description="The report's item number on the meeting's agenda, e.g. 7 or 7b.")
    lead_officer: Person = Field(description="The officer who presents the report to the committee.")
    contact: Contact = Field(description="Whom members contact about the report: name, post, e-mail and phone.")
    purpose: str = Field(description="Why the report comes to this committee, in a sentence or two.")
    recommendations: list[str] = Field(min_length=1, description="What the committee is asked to do, one recommendation each (at least one).")
    summary: list[str] = Field(default_factory=list, description="Executive summary paragraphs. May cite [@id].")

    @field_validator("agenda_item", mode="before")
    @classmethod
    def _agenda_as_text(cls, value):
        return str(value) if isinstance(value, (int, float)) else value


class Covering(Strict):
    """What every covering report says besides the committee's own part."""

    equalities: str = Field(default="The yearly report describes services for all children in the area. It raises no new equalities implications; the partnership's work on the needs of particular groups of children is set out in the report.", description="The paragraph on equalities implications in every covering report.")
    background_papers: list[str] = Field(default_factory=list, description="The background papers every covering report lists.")


class Templates(Strict):
    """The Word templates, as paths inside the project."""

    annual: Path = Field(default=Path("templates/annual.docx"), description="The Word template of the yearly report.")
    covering: Path = Field(default=Path("templates/covering.docx"), description="The Word template of the covering report to a committee.")


class ImportSettings(Strict):
    """``import: {KIND: ...}`` in annualreport.yaml: how one kind's spreadsheets are read."""

    sheet: str | None = Field(default=None, description="The workbook's sheet to read (default: the one whose headers fit best).")
    shape: str | None = Field(default=None, description="How the sheet is laid out, e.g. bookings or courses for training (default: worked out from the headers).")
    columns: dict[str, str | None] = Field(default_factory=dict, description="The sheet's header -> the field it holds, or 'ignore'.")
    agencies: dict[str, str] = Field(default_factory=dict, description="An agency's name in the sheet -> its id in partnership.yaml.")
    ids: dict[str, str] = Field(default_factory=dict, description="An item's code or title in the sheet -> the evidence id it updates.")
    source: str | None = Field(default=None, description="The system the sheet came from; new items' source says it.")
    confidence: choice("high", "medium", "low") = Field(default="medium", description="The confidence of new items.")
    scale: int | None = Field(default=None, ge=2, description="The top of the evaluation scale (default: from a header like '(1-5)', else 5).")


class ImportKinds(Strict):
    """``import:`` in annualreport.yaml: the settings of each kind 'annualreport import' reads
    (the kinds of ``annualreport.importing.kinds.SPECS``; a test keeps the two in step)."""

    training: ImportSettings = Field(default=ImportSettings(), description="How a training system's export (bookings, or one row per course) is read into training.yaml.")
    performance: ImportSettings = Field(default=ImportSettings(), description="How a performance scorecard (one row per indicator) is read into performance.yaml.")


#: an entry of a list in the lint settings: a phrase, a name, a number written as text
Entry = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, (int, float)) else v)]
#: a list that may be written as one entry
Entries = Annotated[list[Entry], BeforeValidator(lambda v: [v] if isinstance(v, (str, int, float)) else (v or []))]


class WordListChange(Strict):
    """A change to one of the claim detector's word lists: entries to add, entries to remove."""

    add: list[Entry] = Field(default_factory=list, description="Entries to add to the list: phrases, or regular expressions after 're:'.")
    remove: list[Entry] = Field(default_factory=list, description="Entries exactly as the defaults write them.")


#: a word list: a plain list replaces the defaults; {add, remove} changes them
WordList = list[Entry] | WordListChange | None


class LintSettings(Strict):
    """``lint:`` in annualreport.yaml: which rules run, what is not identifying, and the claim
    detector's word lists (``annualreport.lint.text.word_lists``; a test keeps the keys in step)."""

    select: list[str] | None = Field(default=None, description="Rule codes, prefixes (AR1) or names to run (default: all).")
    ignore: list[str] | None = Field(default=None, description="Rule codes, prefixes or names not to run.")
    allow_names: Entries = Field(default_factory=list, description="Names that are not a child's or family's (members of staff, places).")
    organisation_domains: Entries = Field(default_factory=list, description="E-mail domains that are organisations'.")
    organisation_phones: Entries = Field(default_factory=list, description="Phone numbers that are organisations'.")
    judgement_words: WordList = Field(default=None, description="Words that judge quality, change or impact ('improved', 'strong') and so make a sentence a claim. A list replaces the defaults; {add, remove} changes them.")
    not_judgement: WordList = Field(default=None, description="Phrases in which a judgement word judges nothing ('best interests', 'significant harm'). A list replaces the defaults; {add, remove} changes them.")
    plan_words: WordList = Field(default=None, description="Words that make a clause a plan or an intention, not a claim ('will', 'plans to'). A list replaces the defaults; {add, remove} changes them.")
    purpose_words: WordList = Field(default=None, description="Words that make the rest of a clause a purpose or a condition ('in order to', 'so that'). A list replaces the defaults; {add, remove} changes them.")
    infinitive_verbs: WordList = Field(default=None, description="Verbs that after 'to' make a purpose ('to improve'). A list replaces the defaults; {add, remove} changes them.")
    asserting_verbs: WordList = Field(default=None, description="Verbs before such a 'to' that keep it a statement ('continued to'). A list replaces the defaults; {add, remove} changes them.")
    thanks_words: WordList = Field(default=None, description="Phrases that make a sentence thanks, not a claim. A list replaces the defaults; {add, remove} changes them.")
    procedure_words: WordList = Field(default=None, description="Phrases that make a sentence the procedure of a meeting, not a claim. A list replaces the defaults; {add, remove} changes them.")
    not_figures: WordList = Field(default=None, description="Numbers that are not figures: dates, ages, names of things ('Level 3', 'Child 1'). A list replaces the defaults; {add, remove} changes them.")
    abbreviations: WordList = Field(default=None, description="Words after which a full stop does not end a sentence (written without the stop). A list replaces the defaults; {add, remove} changes them.")

    def word_lists(self) -> dict[str, list[str] | dict[str, list[str]]]:
        """The word lists the project changes, as ``Words.extended`` takes them."""
        rules = {"select", "ignore", "allow_names", "organisation_domains", "organisation_phones"}
        out: dict[str, list[str] | dict[str, list[str]]] = {}
        for key in type(self).model_fields:
            value = getattr(self, key)
            if key not in rules and value is not None:
                out[key] = value.model_dump() if isinstance(value, WordListChange) else list(value)
        return out


class Config(Strict):
    partnership: Partnership = Field(description="The partnership: its name, the area, the lead safeguarding partners and the independent scrutineer.")
    reporting: Reporting = Field(default=Reporting(), description="The reporting year: the day it starts, and the publication deadline.")
    templates: Templates = Field(default=Templates(), description="The Word templates of the yearly report and of the covering reports.")
    output: Path = Field(default=Path("build"), description="Folder the builds go into; build/YEAR/ inside it. A folder of its own inside the project: never the project itself nor evidence/, sections/, templates/ or .git.")
    output_outside_project: bool = Field(default=False, description="Allow an 'output' folder outside the project (a shared drive, a web server's folder).")
    committees: list[Committee] = Field(default_factory=list, description="The committees the report goes to: one covering report each.")
    covering: Covering = Field(default=Covering(), description="What every covering report says: equalities, background papers.")
    lint: LintSettings = Field(default_factory=LintSettings, description="Lint settings (select, ignore, names, word lists).")
    import_: ImportKinds = Field(default_factory=ImportKinds, alias="import", description="How 'annualreport import' reads spreadsheets, by kind (see examples/README.md).")


def parse_month_day(text: str) -> tuple[int, int]:
    """'1 April', 'April 1', '04-01' -> (month, day)."""
    text = str(text).strip().lower()
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
    else:
        match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)|([a-z]+)\s+(\d{1,2})", text)
        if not match:
            raise ValueError(f"'{text}' is not a day and month; write it like '1 April' or '04-01'")
        day_text, month_text = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        names = [m for m in MONTHS if m.startswith(month_text[:3])]
        if not names:
            raise ValueError(f"'{month_text}' is not a month; write it like '1 April' or '04-01'")
        month, day = MONTHS.index(names[0]) + 1, int(day_text)
    try:
        dt.date(2001, month, day)  # 31 February and the like
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the year; write it like '1 April' or '04-01'") from None
    return month, day


@dataclass(frozen=True)
class Period:
    """One reporting year: YEAR is the year it starts in."""

    year: int
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.year}-{str(self.end.year)[2:]}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def of(cls, year: int, period_start: str) -> "Period":
        month, day = parse_month_day(period_start)
        start = dt.date(year, month, day)
        next_start = dt.date(year + 1, month, day)
        return cls(year, start, next_start - dt.timedelta(days=1))


def load_config(project: Path) -> Config:
    file = project / CONFIG_NAME
    if not file.is_file():
        raise InputError(
            Problem(
                f"no {CONFIG_NAME} here, so this is not a report project",
                file,
                hint="run the command in the project's folder, give --project DIR, or make a new project with 'annualreport init DIR'",
            )
        )
    data, lines = load_yaml(file, project=project)
    if not isinstance(data, dict):
        raise InputError(Problem("the file must be a set of 'key: value' settings", file, 1, hint="start from the annualreport.yaml that 'annualreport init' writes"))
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise_validation(exc, file, lines, fields_at=lambda loc: fields_at(Config, loc))
        raise  # unreachable
    check_folders(config, project, file, lines)
    return config
