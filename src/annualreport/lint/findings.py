"""What the lint reports: one ``Finding`` per problem, with its rule, place and sentence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    code: str  # "AR101"
    rule: str  # "unevidenced-claim"
    severity: Severity
    file: str  # relative to the project, with forward slashes
    line: int  # 1-based
    column: int  # 1-based
    message: str
    text: str = ""  # the sentence or item the finding is about
    #: how to mend it, in a sentence (text output only; not part of the JSON interface)
    hint: str | None = field(default=None, compare=False)

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("hint")
        return data

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code)


@dataclass
class LintResult:
    findings: list[Finding]
    #: files that were read, for the summary line
    files: int = 0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def counts(self) -> dict[str, int]:
        return {"error": self.count("error"), "warning": self.count("warning"), "info": self.count("info")}
