"""The narrative: ``sections/YEAR/*.md`` in file-name order, each with optional front matter."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from annualreport.errors import InputError, Problem
from annualreport.project_folders import Layout
from annualreport.textfiles import read_text, refuse_control
from annualreport.yamlsource import load_yaml, raise_validation

#: the parts of the yearly report, in the order Working Together's expectations and common
#: practice give them; each is a slot in the Word template (``{{ part.NAME }}``)
PARTS: dict[str, str] = {
    "foreword": "Foreword",
    "summary": "Summary and key figures",
    "about": "About the partnership",
    "priorities": "Progress on our priorities",
    "reviews": "Learning from case reviews",
    "training": "Training and its impact",
    "performance": "Performance",
    "voice": "Feedback from children and families",
    "scrutiny": "Independent scrutiny",
    "next_year": "Our priorities for next year",
    "register": "Evidence register",
}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*\r?\n", re.S)


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = None
    part: str | None = None


@dataclass
class Section:
    """One Markdown file of the narrative."""

    file: Path
    title: str | None
    part: str
    body: str
    #: line number in the file of the body's first line
    first_line: int


def _part_from_name(stem: str) -> str | None:
    name = re.sub(r"^\d+[-_ ]*", "", stem).replace("-", "_").lower()
    return name if name in PARTS else None


def load_section(file: Path, project: Path | None = None) -> Section:
    """One Markdown file (inside ``project`` when given, bounded, UTF-8, no control characters)."""
    _, text = read_text(file, project, what="section")
    refuse_control(text, file)
    meta = FrontMatter()
    body, first_line = text, 1
    match = FRONT_MATTER.match(text)
    if match:
        # lines in the front matter start on the file's line 2
        data, lines = load_yaml(file, match.group(1) or "", first_line=2)
        if data is not None and not isinstance(data, dict):
            raise InputError(Problem("the front matter must be 'key: value' lines", file, 2, hint="for example: title: Foreword"))
        try:
            meta = FrontMatter.model_validate(data or {})
        except ValidationError as exc:
            raise_validation(exc, file, lines, fields_at=lambda loc: list(FrontMatter.model_fields))
        body = text[match.end():]
        first_line = text[: match.end()].count("\n") + 1
    part = meta.part or _part_from_name(file.stem)
    if part is None or part not in PARTS:
        close = difflib.get_close_matches(str(part or file.stem), list(PARTS), n=1)
        raise InputError(
            Problem(
                "this section does not say which part of the report it belongs to" if part is None else f"'{part}' is not a part of the report",
                file,
                2 if meta.part else 1,
                hint=("add front matter 'part: NAME' (or name the file like 03-priorities.md); " if part is None else "")
                + (f"did you mean '{close[0]}'? " if close else "")
                + "parts: "
                + ", ".join(PARTS),
            )
        )
    return Section(file, meta.title, part, body, first_line)


def load_sections(project: Path, year: int) -> list[Section]:
    folder = Layout(project).sections(year)
    if not folder.is_dir():
        return []
    return [load_section(f, project) for f in sorted(folder.glob("*.md"))]
