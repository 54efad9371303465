"""A JSON array, one object per finding, with exactly the keys of the interface:
code, rule, severity, file, line, column, message, text (interface.md, "lint --format json").

Non-ASCII characters are written as ``\\uXXXX`` escapes, so the output is plain ASCII and can
be written through any console encoding; every JSON reader gives back the same strings.
"""

from __future__ import annotations

import json
from pathlib import Path

from annualreport.lint.findings import LintResult

#: the keys of each object, in order (the interface)
KEYS = ("code", "rule", "severity", "file", "line", "column", "message", "text")


class JsonFormatter:
    name = "json"

    def render(self, result: LintResult, *, color: bool, project_root: Path) -> str:
        findings = sorted(result.findings, key=lambda f: f.sort_key)
        return json.dumps([finding.as_json() for finding in findings], indent=2)
