"""``build``: load → check → render → convert → write, for one year of one project."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from annualreport.checks import check_citations
from annualreport.content.covering import PART_MARKER, covering_context, shared_context
from annualreport.content.yearly import YearlyContent, YearlyReportWriter
from docx.oxml.ns import qn
from docx.shared import RGBColor

from annualreport.errors import Problem, TemplateError
from annualreport.narrative import PARTS
from annualreport.output import Output, outputs_for_manifest, sha256, staged, write_manifest
from annualreport.project import Project
from annualreport.render.compose import Composer, find_slots, split_parts
from annualreport.render.pandoc import parts_to_docx
from annualreport.render.word import open_template, render

FORMATS = ("docx", "pdf")


@dataclass
class BuildResult:
    folder: Path
    outputs: list[Output]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    #: what the checks of the written documents found (AR401, AR501)
    checked: list = field(default_factory=list)


class Stopwatch:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def __call__(self, stage: str):
        watch = self

        class _Lap:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                watch.times[stage] = watch.times.get(stage, 0.0) + time.perf_counter() - self.start

        return _Lap()


def build(
    project: Project,
    formats: tuple[str, ...] = FORMATS,
    pdf_engine: str = "auto",
    timeout: float = 180.0,
    today: dt.date | None = None,
    say: Callable[[str], None] = lambda _: None,
    findings: dict | None = None,
    draft: str | None = None,
) -> BuildResult:
    """Build every output; ``draft``, when given, is marked on every page of every document."""
    watch = Stopwatch()
    label = project.period.label
    with watch("check"):
        check_citations(project)
    with watch("content"):
        content = YearlyReportWriter(project, chart_folder=project.output_folder.parent / ".charts-cache").write()
    templates = project.config.templates
    annual_path = project.path(templates.annual)
    covering_path = project.path(templates.covering)
    engine = None
    if "pdf" in formats:
        from annualreport.pdf import choose_engine

        engine = choose_engine(pdf_engine)
    warnings: list[str] = []
    shared = shared_context(project, content.numbers, today)
    with staged(project.output_folder) as stage:
        with tempfile.TemporaryDirectory(prefix="annualreport-") as tmp:
            say("converting the narrative with pandoc")
            with watch("pandoc"):
                open_template(annual_path)  # a missing or broken template fails before pandoc reads it
                narrative = parts_to_docx(
                    content.parts,
                    annual_path,
                    Path(tmp) / "narrative.docx",
                    [project.root / "sections" / str(project.period.year), project.root],
                )
            say("filling in the Word templates")
            with watch("render"):
                annual_docx = stage.file(f"annual-report-{label}.docx")
                annual = _render_annual(project, annual_path, shared, content, narrative, warnings)
                if draft:
                    mark_draft(annual.docx, draft)
                annual.save(str(annual_docx))
                stage.outputs.append(Output("annual", annual_docx))
                for committee in project.config.committees:
                    template = render(open_template(covering_path), covering_context(project, committee, shared, content.numbers), covering_path)
                    _set_properties(template.docx, f"{committee.name}: {project.config.partnership.name} yearly report {label}")
                    if draft:
                        mark_draft(template.docx, draft)
                    path = stage.file(f"covering-report-{committee.id}-{label}.docx")
                    template.save(str(path))
                    stage.outputs.append(Output("covering", path, committee=committee.name))
        with watch("checks"):
            checked = check_outputs(project, stage.outputs)
        if engine is not None:
            from annualreport.pdf import PdfJob

            say(f"making PDFs with {engine.name}")
            with watch("pdf"):
                jobs = [
                    PdfJob(out.path, out.path.with_suffix(".pdf"), title=_title(project, out), header=f"{draft} | {_title(project, out)}" if draft else _title(project, out))
                    for out in stage.outputs
                ]
                results = engine.convert(jobs, timeout)
            for out, result in zip(list(stage.outputs), results):
                stage.outputs.append(Output(out.kind, result.pdf, committee=out.committee, engine=result.engine, pages=result.pages))
                for lost in result.lost:
                    if lost not in warnings:
                        warnings.append(lost)
            if "docx" not in formats:
                for out in [o for o in stage.outputs if o.path.suffix == ".docx"]:
                    out.path.unlink()
                    stage.outputs.remove(out)
        stage.outputs.sort(key=lambda o: (o.kind != "annual", o.committee or "", o.path.suffix))
        counts = dict(findings or {"error": 0, "warning": 0})
        for found in checked:
            counts[found.severity] = counts.get(found.severity, 0) + 1
        manifest = _manifest(project, stage, content, counts)
        write_manifest(stage, manifest)
    folder = project.output_folder
    outputs = [Output(o.kind, folder / o.path.name, o.committee, o.engine, o.pages) for o in stage.outputs]
    return BuildResult(folder, outputs, warnings, watch.times, manifest, checked)


@dataclass(frozen=True)
class OutputFinding:
    code: str
    severity: str
    file: str
    message: str
    where: str
    hint: str


def check_outputs(project: Project, outputs: list[Output]) -> list[OutputFinding]:
    """The written documents as a reader gets them: accessible (AR501), identifying no one (AR401)."""
    from annualreport.accessibility import check_docx
    from annualreport.lint.identifying import for_project, scan_document

    identifying = for_project(project)
    found: list[OutputFinding] = []
    for out in outputs:
        if out.path.suffix != ".docx":
            continue
        for barrier in check_docx(out.path):
            found.append(OutputFinding("AR501", "warning", out.path.name, barrier.message, barrier.where, barrier.hint))
        for paragraph, exposure in scan_document(out.path, identifying):
            found.append(OutputFinding("AR401", "error", out.path.name, exposure.message, f'the paragraph "{paragraph[:100]}"', "remove it from the evidence, sections or template it came from"))
    return found


DRAFT_COLOUR = RGBColor(0xC0, 0x00, 0x00)  # 5.9:1 on white


def mark_draft(document, text: str) -> None:
    """Put ``text`` at the top of every page: every header of every section, cover included."""
    for number, section in enumerate(document.sections):
        headers = [section.header, section.first_page_header, section.even_page_header]
        for header in headers:
            if number and header.is_linked_to_previous:
                continue
            paragraph = header.paragraphs[0].insert_paragraph_before("") if header.paragraphs else header.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
            run.font.color.rgb = DRAFT_COLOUR


def _title(project: Project, out: Output) -> str:
    name = project.config.partnership.name
    if out.kind == "annual":
        return f"{name} yearly report {project.period.label}"
    return f"Covering report to {out.committee}: {name} yearly report {project.period.label}"


def _set_properties(document, title: str) -> None:
    props = document.core_properties
    props.title = title
    props.language = "en-GB"


def _render_annual(project: Project, path: Path, shared: dict, content: YearlyContent, narrative, warnings: list[str]):
    template = render(open_template(path), shared, path)
    document = template.docx
    # the body's XML, not document.paragraphs: python-docx caches the body docxtpl replaced
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        if PART_MARKER in text and not re.fullmatch(re.escape(PART_MARKER) + r"\w+", text.strip()):
            raise TemplateError(
                Problem(
                    "a {{ part.NAME }} tag must stand alone in its own paragraph",
                    path,
                    where=f"the body, the paragraph \"{text.replace(PART_MARKER, 'part.')}\"",
                    hint="put the tag on a line of its own, with nothing else in that paragraph",
                )
            )
    slots = find_slots(document, PART_MARKER)
    pieces = split_parts(narrative, PART_MARKER)
    composer = Composer(document, narrative)
    for name, paragraphs in slots.items():
        if name not in PARTS:
            raise TemplateError(Problem(f"the template has a place for a part called '{name}', which does not exist", path, hint="the parts are: " + ", ".join(PARTS)))
        for paragraph in paragraphs:
            composer.replace(paragraph, pieces.get(name, []))
    for name in PARTS:
        if name not in slots and content.parts.get(name, "").strip():
            warnings.append(f"the yearly report template has no place for '{PARTS[name]}' ({{{{ part.{name} }}}}), so it is left out")
    _set_properties(document, f"{project.config.partnership.name} yearly report {project.period.label}")
    return template


def _manifest(project: Project, stage, content: YearlyContent, findings: dict) -> dict:
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
