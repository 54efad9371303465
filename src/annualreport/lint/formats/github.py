"""GitHub Actions workflow commands, one line per finding, which GitHub shows as annotations
on the pull request and the run:

    ::error file=sections/2024/02-priorities.md,line=14,col=1,title=AR101 unevidenced-claim::claim cites no evidence

error -> ``::error``, warning -> ``::warning``, info -> ``::notice``. Values are escaped as
GitHub's toolkit does (``escapeData``/``escapeProperty`` in @actions/core): in the message
``%``, CR and LF; in a property also ``:`` and ``,``.

GitHub wants the file relative to the repository (``GITHUB_WORKSPACE``). When the project is a
folder inside the checked-out repository (``--project examples/x``), the folder is put in front
of the finding's path; elsewhere, and outside Actions, the path is the finding's own.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from annualreport.lint.findings import Finding, LintResult

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_path(file: str, project_root: Path, workspace: str | None) -> str:
    """``file`` (relative to the project) made relative to the GitHub workspace, if the
    project is inside it; else ``file`` as it is."""
    if not workspace:
        return file
    try:
        inside = Path(project_root).resolve().relative_to(Path(workspace).resolve())
    except (ValueError, OSError):
        return file
    prefix = inside.as_posix()
    return file if prefix in ("", ".") else str(PurePosixPath(prefix) / file)


def command(finding: Finding, path: str) -> str:
    properties = [("file", path)]
    if finding.line >= 1:
        properties.append(("line", str(finding.line)))
        if finding.column >= 1:
            properties.append(("col", str(finding.column)))
    properties.append(("title", f"{finding.code} {finding.rule}"))
    params = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMAND.get(finding.severity, 'warning')} {params}::{escape_data(finding.message)}"


class GithubFormatter:
    name = "github"

    def render(self, result: LintResult, *, color: bool, project_root: Path) -> str:
        workspace = os.environ.get("GITHUB_WORKSPACE")
        findings = sorted(result.findings, key=lambda f: f.sort_key)
        return "\n".join(command(f, github_path(f.file, project_root, workspace)) for f in findings)
