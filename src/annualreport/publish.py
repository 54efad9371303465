"""Moving the Word documents into place before the PDFs (``watch``), and the manifest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from annualreport.content.yearly import YearlyContent
from annualreport.output import Output, outputs_for_manifest, staged, write_manifest
from annualreport.project import Project


def publish_docx(project: Project, stage, pdfs, counts: dict, content: YearlyContent, on_docx) -> None:
    """Move the Word documents (and the PDFs used again) into place now, for ``watch``."""
    with staged(project.output_folder) as early:
        for out in stage.outputs:
            target = early.file(out.path.name)
            link_or_copy(out.path, target)
            early.outputs.append(Output(out.kind, target, committee=out.committee))
        if pdfs is not None:
            for out in list(early.outputs):
                result = pdfs.results.get(out.path.name)
                if result is not None:
                    target = early.file(result.pdf.name)
                    link_or_copy(result.pdf, target)
                    early.outputs.append(Output(out.kind, target, committee=out.committee, engine=result.engine, pages=result.pages))
        early.outputs.sort(key=lambda o: (o.kind != "annual", o.committee or "", o.path.suffix))
        write_manifest(early, manifest(project, early, content, counts))
    folder = project.output_folder
    on_docx([Output(o.kind, folder / o.path.name, o.committee, o.engine, o.pages) for o in early.outputs])


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def manifest(project: Project, stage, content: YearlyContent, findings: dict) -> dict:
    period = project.period
    evidence = []
    for item_id in content.numbers.number:
        entry = project.evidence.items[item_id]
        evidence.append(
            {
                "id": item_id,
                "file": project.relative(entry.file),
                "sha256": project.evidence.digests[entry.kind],
                "cited": content.cited[item_id],
            }
        )
    return {
        "year": period.year,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat(), "label": period.label},
        "outputs": outputs_for_manifest(stage),
        "evidence": evidence,
        "findings": {"error": findings.get("error", 0), "warning": findings.get("warning", 0)},
    }
