"""The failures a user can mend, and what each one says.

Every error a user can cause is an ``AnnualReportError``: it names the file (and the
line, or for a Word template the paragraph's text), says what is wrong and how to mend it.
``error_handler`` turns them into messages and exit codes; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    hint: str | None = None
    #: for Word templates: the part (body, header, footer) and the paragraph's text
    where: str | None = None

    def render(self, relative_to: Path | None = None) -> str:
        place = ""
        if self.file is not None:
            path = Path(self.file)
            if relative_to is not None:
                try:
                    path = path.resolve().relative_to(relative_to.resolve())
                except ValueError:
                    pass
            place = str(path)
            if self.line:
                place += f":{self.line}"
            place += ": "
        text = place + self.message
        if self.where:
            text += f"\n    in {self.where}"
        if self.hint:
            text += f"\n    mend: {self.hint}"
        return text


class AnnualReportError(Exception):
    """Base of every error that is the user's to mend. Exit code 2 unless said otherwise."""

    exit_code = 2

    def __init__(self, *problems: Problem | str):
        self.problems: list[Problem] = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("\n".join(p.render() for p in self.problems))


class InputError(AnnualReportError):
    """The project's files could not be used: bad YAML, unknown field, missing file, broken reference."""


class TemplateError(AnnualReportError):
    """A Word template could not be rendered: not a .docx, a broken tag, a name the data lacks."""


class PdfEngineError(AnnualReportError):
    """A PDF engine is missing, crashed or ran past its time limit."""


class StrictBuildError(AnnualReportError):
    """A build under --strict found lint errors."""

    exit_code = 1


class IdentifyingBuildError(AnnualReportError):
    """A build found identifying information (AR401) in what it would publish: it stops,
    --strict or not, and writes nothing."""

    exit_code = 1