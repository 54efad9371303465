"""The lint's verdict on a project about to be built: ``judge(project) -> Verdict``.

A build takes the verdict as a value: the findings' counts go into the manifest, the DRAFT
mark onto every page of every document while the lint finds errors. What stops every build
(identifying information, AR401, checked even where lint settings leave it out) comes with it;
the command decides what to print and whether to stop (``--strict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annualreport.lint.findings import LintResult
from annualreport.project import Project
from annualreport.wording import plural


@dataclass(frozen=True)
class Verdict:
    counts: dict = field(default_factory=lambda: {"error": 0, "warning": 0})
    #: the text every page carries (None: not a draft)
    draft: str | None = None
    #: every finding, as ``annualreport lint`` reports them
    findings: LintResult | None = None
    #: the identifying information (AR401) no suppression lets through: the build stops on it
    identifying: LintResult | None = None

    @classmethod
    def of(cls, counts: dict) -> "Verdict":
        return cls(dict(counts), draft_mark(counts))


def judge(project: Project, assembly=None, templates=None) -> Verdict:
    """Lint ``project`` for a build, from the build's own ``assembly`` and ``templates``."""
    from annualreport.lint import lint_project, selected_codes

    findings = lint_project(project, assembly=assembly, templates=templates)
    checked = findings
    if "AR401" not in selected_codes(project, None, None):
        checked = lint_project(project, select=["AR401"], ignore=[], assembly=assembly, templates=templates)
    found = [f for f in checked.findings if f.code == "AR401"]
    counts = findings.counts
    return Verdict(counts, draft_mark(counts), findings, LintResult(found, checked.files) if found else None)


def draft_mark(counts: dict) -> str | None:
    """The text every page carries while the lint finds errors (None: no errors)."""
    if not counts.get("error"):
        return None
    errors, warnings = plural(counts["error"], "lint error"), plural(counts.get("warning", 0), "warning")
    return f"DRAFT: {errors} and {warnings} open; not for publication"


def draft_note(counts: dict, year: int) -> str:
    return f"note: the lint found {plural(counts['error'], 'lint error')}; every page is marked DRAFT (see 'annualreport lint {year}')"
