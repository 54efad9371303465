"""The lint's rules over the documents a build wrote, as a reader gets them: accessible (AR501),
identifying no one (AR401). Ordinary findings, printed as ``annualreport lint`` prints its own;
the file is where the document will be published (``build/YEAR/...``), with no line.
"""

from __future__ import annotations

from pathlib import Path

from annualreport.errors import IdentifyingBuildError, Problem
from annualreport.lint.catalogue import RULES
from annualreport.lint.findings import Finding
from annualreport.project import Project

MEND_AR401 = "remove it from the evidence, sections or template it came from"


def _finding(code: str, file: str, message: str, where: str, hint: str) -> Finding:
    rule = RULES[code]
    return Finding(code, rule.name, rule.severity, file, 0, 0, message, where, hint)


def check_written(project: Project, paths: list[Path]) -> list[Finding]:
    """What the written Word documents ``paths`` show a reader (each named as it will be
    published, in ``project.output_folder``)."""
    from annualreport.accessibility import check_docx
    from annualreport.lint.identifying import for_outputs, scan_document

    identifying = for_outputs(project)
    found: list[Finding] = []
    for path in paths:
        if path.suffix != ".docx":
            continue
        file = project.relative(project.output_folder / path.name)
        for barrier in check_docx(path):
            found.append(_finding("AR501", file, barrier.message, barrier.where, barrier.hint))
        for paragraph, exposure in scan_document(path, identifying):
            found.append(_finding("AR401", file, exposure.message, f'the paragraph "{paragraph[:100]}"', MEND_AR401))
    return found


def stop_on_identifying(found: list[Finding]) -> None:
    """Identifying information never reaches build/YEAR: raise (the staging folder is dropped)."""
    exposed = [f for f in found if f.code == "AR401"]
    if exposed:
        raise IdentifyingBuildError(*[Problem(f"{Path(f.file).name} would carry {f.message}; nothing was written", where=f.text, hint=f.hint) for f in exposed])
