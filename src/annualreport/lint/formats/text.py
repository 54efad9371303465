"""Text for people, in the manner of ruff: a block per finding, then a summary line.

    sections/2024/02-priorities.md:14:1: AR101 claim cites no evidence
      | Child protection plans fell from 600 to 100.
      = mend: cite the evidence that holds these figures, e.g. [@cp-plans-2024]

    Found 1 error in 12 files.

ANSI colour only when ``color`` is true (the caller decides, from isatty and NO_COLOR):
the path bold, the code red/yellow/cyan by severity.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from annualreport.lint.findings import Finding, LintResult
from annualreport.wording import plural

#: the sentence is cut to this many characters, "..." included
TEXT_WIDTH = 160

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
SEVERITY_STYLE = {
    "error": "\x1b[1;31m",  # bold red
    "warning": "\x1b[1;33m",  # bold yellow
    "info": "\x1b[1;36m",  # bold cyan
}
PASSED_STYLE = "\x1b[1;32m"  # bold green

_SPACE = re.compile(r"\s+")


def one_line(value: str) -> str:
    """``value`` on one line: runs of white space made one space, control characters (an
    escape that would drive the terminal, say) shown as U+FFFD."""
    value = _SPACE.sub(" ", value).strip()
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in value)


def truncate(value: str, width: int = TEXT_WIDTH) -> str:
    if len(value) <= width:
        return value
    return value[: width - 3].rstrip() + "..."


def _plural(count: int, word: str) -> str:
    return plural(count, word, "info" if word == "info" else None)


def _styler(color: bool):
    def style(code: str, value: str) -> str:
        return f"{code}{value}{RESET}" if color else value

    return style


class TextFormatter:
    name = "text"

    def render(self, result: LintResult, *, color: bool, project_root: Path) -> str:
        blocks = self.blocks(result.findings, color=color)
        blocks.append(self._summary(result, _styler(color)))
        return "\n\n".join(blocks)

    def blocks(self, findings: list[Finding], *, color: bool) -> list[str]:
        """One block per finding, sorted, without the summary line (``watch`` shows the first few)."""
        style = _styler(color)
        return [self._block(finding, style) for finding in sorted(findings, key=lambda f: f.sort_key)]

    @staticmethod
    def _block(finding: Finding, style) -> str:
        where = style(BOLD, one_line(finding.file))
        if finding.line >= 1:
            where += f":{finding.line}"
            if finding.column >= 1:
                where += f":{finding.column}"
        code = style(SEVERITY_STYLE.get(finding.severity, BOLD), finding.code)
        lines = [f"{where}: {code} {one_line(finding.message)}"]
        if finding.text.strip():
            lines.append(f"  | {truncate(one_line(finding.text))}")
        if finding.hint and finding.hint.strip():
            lines.append(f"  = mend: {one_line(finding.hint)}")
        return "\n".join(lines)

    @staticmethod
    def _summary(result: LintResult, style) -> str:
        files = _plural(result.files, "file")
        counts = result.counts
        if not result.findings:
            return style(PASSED_STYLE, "All checks passed:") + f" no findings in {files}."
        parts = [_plural(counts[severity], severity) for severity in ("error", "warning", "info") if counts[severity]]
        other = len(result.findings) - sum(counts.values())
        if other:  # a severity the lint does not know; count it rather than lose it
            parts.append(_plural(other, "other finding"))
        head = style(SEVERITY_STYLE["error"] if counts["error"] else BOLD, "Found")
        return f"{head} {', '.join(parts)} in {files}."
