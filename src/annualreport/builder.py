"""``build``: load → check → render → convert → write, for one year of one project.

What runs at the same time, so that a build costs little more than LibreOffice's own work:

* LibreOffice starts (a warm office, ``pdf.warm``) as the build begins, while the Word
  documents are still being written, so no conversion waits for it;
* pandoc converts only the parts whose Markdown changed (``narrative_cache``), in its own
  process, while this one runs the lint (if the caller hands it over) and renders the
  covering reports;
* each covering report goes to the office as soon as it is saved, and the yearly report as
  soon as it is composed; the written documents are checked (AR401, AR501) while the office
  converts.

Everything is written into a staging folder and moved into place at the end, whole or not
at all. ``on_docx`` (for ``watch``) publishes the Word documents first, then the PDFs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from docx.oxml.ns import qn
from docx.shared import RGBColor

from annualreport.checks import check_citations
from annualreport.content.covering import PART_MARKER, covering_context, shared_context
from annualreport.content.yearly import YearlyContent, YearlyReportWriter
from annualreport.errors import AnnualReportError, IdentifyingBuildError, Problem, TemplateError
from annualreport.narrative import PARTS
from annualreport.output import Output, outputs_for_manifest, staged, write_manifest
from annualreport.output_folder import guarded
from annualreport.project import Project
from annualreport.render.compose import Composer, find_slots
from annualreport.render.linked import refuse_reach
from annualreport.render.word import open_template, render

FORMATS = ("docx", "pdf")

#: the lint, run by ``build`` while pandoc works: returns the findings' counts and the DRAFT
#: text to mark every page with (None: not a draft); raises to stop the build
Lint = Callable[[], "tuple[dict, str | None]"]


@dataclass
class BuildResult:
    folder: Path
    outputs: list[Output]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    #: what the checks of the written documents found (AR401, AR501)
    checked: list = field(default_factory=list)
    #: PDFs converted in this build, and PDFs used again unchanged (by output file name)
    converted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    #: the report parts pandoc converted in this build (the others came from build/.cache)
    pandoc_parts: int = 0


class Stopwatch:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.started = time.perf_counter()

    def __call__(self, stage: str):
        watch = self

        class _Lap:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                watch.times[stage] = watch.times.get(stage, 0.0) + time.perf_counter() - self.start

        return _Lap()

    def mark(self, stage: str) -> None:
        """Record the time since the build began (e.g. ``docx``: the Word documents saved)."""
        self.times[stage] = time.perf_counter() - self.started


def build(
    project: Project,
    formats: tuple[str, ...] = FORMATS,
    pdf_engine: str = "auto",
    timeout: float = 180.0,
    today: dt.date | None = None,
    say: Callable[[str], None] = lambda _: None,
    findings: dict | None = None,
    draft: str | None = None,
    *,
    lint: Lint | None = None,
    office=None,
    cache: bool = True,
    reuse=None,
    memo: "CoveringMemo | None" = None,
    on_docx: Callable[[list[Output]], None] | None = None,
) -> BuildResult:
    """Build every output; ``draft``, when given, is marked on every page of every document.

    ``lint``: run while pandoc works; its result replaces ``findings`` and ``draft``.
    ``office``: a started ``pdf.warm.WarmOffice`` to convert with (``watch`` keeps one);
    without it, a LibreOffice build starts its own as it begins and stops it at the end.
    ``cache``: keep pandoc's results per part in ``build/.cache`` (False: convert all).
    ``reuse``: a ``pdf.reuse.PdfReuse``: PDFs of unchanged documents are used again.
    ``memo``: a :class:`CoveringMemo`: a covering report whose data and template are as last
    time is copied from then, not rendered again (``watch``).
    ``on_docx``: publish the Word documents as soon as they are written (the PDFs of
    unchanged documents with them), then call it; the PDFs follow in a second move.
    """
    watch = Stopwatch()
    engine = None
    if "pdf" in formats:
        from annualreport.pdf import choose_engine

        engine = choose_engine(pdf_engine)
    own_office = None
    if engine is not None and engine.name == "libreoffice" and office is None:
        own_office = office = _start_office(timeout)
    try:
        with guarded(project.output_folder):
            return _build(project, formats, engine, timeout, today, say, findings, draft, lint, office,
                          cache, reuse, memo, on_docx, watch)
    finally:
        if own_office is not None:
            own_office.close(wait=False)


def _start_office(timeout: float):
    from annualreport.pdf.warm import OfficeUnavailable, WarmOffice

    try:
        return WarmOffice(start_timeout=timeout + 5).start()
    except OfficeUnavailable:
        return None


def start_office(formats: tuple[str, ...], pdf_engine: str, timeout: float = 180.0):
    """Start a warm office for a build about to begin, if it will convert with LibreOffice
    (None otherwise, and on any problem: ``build`` then reports it in its usual order).
    Start it as early as you can; hand it to ``build(office=...)``; ``close(wait=False)`` it
    afterwards."""
    if "pdf" not in formats:
        return None
    try:
        from annualreport.pdf import choose_engine

        if choose_engine(pdf_engine).name != "libreoffice":
            return None
    except AnnualReportError:
        return None
    return _start_office(timeout)


def _build(project, formats, engine, timeout, today, say, findings, draft, lint, office, cache, reuse, memo, on_docx, watch) -> BuildResult:
    from annualreport.narrative_cache import NarrativeCache, start as start_narrative
    from annualreport.render.narrative_links import vet_narrative

    templates = project.config.templates
    annual_path = project.path(templates.annual)
    covering_path = project.path(templates.covering)
    # Errors the user must mend are held back until the lint has run, so that they come in
    # the order they always did: the lint's findings (and --strict), then the build's own.
    held: AnnualReportError | None = None
    content = narrative_job = narrative_cache = None
    try:
        with watch("check"):
            check_citations(project)
        charts = project.output_folder.parent / ".charts-cache"
        with watch("content"):
            content = YearlyReportWriter(project, chart_folder=charts).write()
        say("converting the narrative with pandoc")
        with watch("pandoc"):
            open_template(annual_path)  # a missing or broken template fails before pandoc reads it
            resources = [project.root / "sections" / str(project.period.year), project.root]
            narrative_cache = NarrativeCache(
                project.output_folder.parent / ".cache" / "pandoc" if cache else None,
                annual_path,
                resources,
                vetted=vet_narrative(project, content.parts, resources, charts),  # pictures, links, raw blocks
            )
            narrative_job = start_narrative(narrative_cache, content.parts)
    except AnnualReportError as exc:
        held = exc
    try:
        if lint is not None:
            with watch("lint"):
                findings, draft = lint()
        if held is not None:
            raise held
        return _write(project, formats, engine, timeout, today, say, findings, draft, office, reuse, memo, on_docx,
                      watch, content, narrative_job, narrative_cache, annual_path, covering_path)
    finally:
        if narrative_job is not None:
            narrative_job.cancel()
        if narrative_cache is not None:
            narrative_cache.close()


def _write(project, formats, engine, timeout, today, say, findings, draft, office, reuse, memo, on_docx, watch,
           content, narrative_job, narrative_cache, annual_path, covering_path) -> BuildResult:
    label = project.period.label
    warnings: list[str] = []
    shared = shared_context(project, content.numbers, today)
    pdfs = _Pdfs(project, engine, office, reuse, timeout, draft, say) if engine is not None else None
    with staged(project.output_folder) as stage:
        say("filling in the Word templates")
        covering: list[Output] = []
        with watch("render"):
            for committee in project.config.committees:
                context = covering_context(project, committee, shared, content.numbers)
                title = f"{committee.name}: {project.config.partnership.name} yearly report {label}"
                path = stage.file(f"covering-report-{committee.id}-{label}.docx")
                key = memo.key(covering_path, context, title, draft) if memo is not None else None
                if key is None or not memo.place(key, path):
                    template = render(open_template(covering_path), context, covering_path)
                    _set_properties(template.docx, title)
                    if draft:
                        mark_draft(template.docx, draft)
                    template.save(str(path))
                    if key is not None:
                        memo.store(key, path)
                out = Output("covering", path, committee=committee.name)
                refuse_reach([out])  # belt and braces: no written DOCX links to a file or includes one
                covering.append(out)
                if pdfs is not None:
                    pdfs.submit(out)  # converted while the yearly report is composed
        with watch("pandoc"):
            narrative = narrative_job.wait()
        with watch("render"):
            annual_docx = stage.file(f"annual-report-{label}.docx")
            annual = _render_annual(project, annual_path, shared, content, narrative, warnings, memo)
            if draft:
                mark_draft(annual.docx, draft)
            annual.save(str(annual_docx))
        annual_out = Output("annual", annual_docx)
        refuse_reach([annual_out])
        stage.outputs.extend([annual_out, *covering])
        if pdfs is not None:
            pdfs.submit(annual_out)
        watch.mark("docx")
        checked = None
        if on_docx is not None:
            # nothing is published before the written documents are checked (AR401 stops here)
            with watch("checks"):
                checked = check_outputs(project, stage.outputs)
            _publish_docx(project, stage, pdfs, findings, content, on_docx)
        if pdfs is not None:
            # The office is still starting as a rule: give it the processor to itself (the
            # checks then run beside its conversions, which use one processor only).
            pdfs.let_start()
        if checked is None:
            with watch("checks"):
                checked = check_outputs(project, stage.outputs)
        if pdfs is not None:
            say(f"making PDFs with {engine.name}")
            with watch("pdf"):
                made = pdfs.finish()
            for out in list(stage.outputs):
                result = made.get(out.path.name)
                if result is None:
                    continue
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
    narrative_cache.commit()
    watch.mark("total")
    folder = project.output_folder
    outputs = [Output(o.kind, folder / o.path.name, o.committee, o.engine, o.pages) for o in stage.outputs]
    result = BuildResult(folder, outputs, warnings, watch.times, manifest, checked, pandoc_parts=narrative.converted)
    if pdfs is not None:
        result.converted, result.reused = pdfs.converted, pdfs.reused
    return result


class _Pdfs:
    """The PDFs of one build: used again (unchanged), converted by the warm office as each
    Word document is saved, or converted cold at the end (another engine, or the warm office
    unusable)."""

    def __init__(self, project, engine, office, reuse, timeout: float, draft, say):
        self.project = project
        self.engine = engine
        self.office = office
        self.reuse = reuse
        self.timeout = timeout
        self.draft = draft
        self.say = say
        self.deadline: float | None = None
        self.jobs: dict[str, object] = {}  # output file name -> PdfJob
        self.keys: dict[str, str | None] = {}
        self.pending: dict[str, object] = {}
        self.cold: list[str] = []
        self.results: dict[str, object] = {}
        self.converted: list[str] = []
        self.reused: list[str] = []

    def _job(self, out: Output):
        from annualreport.pdf import PdfJob

        title = _title(self.project, out)
        header = f"{self.draft} | {title}" if self.draft else title
        return PdfJob(out.path, out.path.with_suffix(".pdf"), title=title, header=header)

    def submit(self, out: Output) -> None:
        from annualreport.pdf import PdfResult
        from annualreport.pdf.warm import OfficeUnavailable

        if self.deadline is None:
            self.deadline = time.monotonic() + self.timeout
        job = self._job(out)
        name = out.path.name
        self.jobs[name] = job
        if self.reuse is not None:
            key = self.keys[name] = self.reuse.key(out.path, job.title, self.engine.name)
            pages = self.reuse.place(key, job.pdf)
            if pages is not None:
                self.results[name] = PdfResult(job.pdf, self.engine.name, pages, [])
                self.reused.append(job.pdf.name)
                return
        if self.office is not None:
            try:
                self.pending[name] = self.office.submit([job])
                return
            except OfficeUnavailable:
                self.office = None
        self.cold.append(name)

    def let_start(self, limit: float = 3.0) -> None:
        """Wait (a little) until the warm office is ready, if it has work queued."""
        if self.office is not None and self.pending:
            self.office.ready(min(limit, self.timeout))

    def finish(self) -> dict[str, object]:
        from annualreport.pdf.warm import OfficeUnavailable

        remaining = lambda: max((self.deadline or time.monotonic()) - time.monotonic(), 0.1)  # noqa: E731
        for name, pending in list(self.pending.items()):
            if self.office is None:
                self.cold.append(name)
                continue
            try:
                self.results[name] = self.office.wait(pending, remaining(), self.timeout)[0]
                self.converted.append(self.jobs[name].pdf.name)
            except OfficeUnavailable:
                self.office = None  # died or never started: the rest goes cold
                self.cold.append(name)
        if self.cold:
            names = [n for n in self.jobs if n in self.cold]
            results = self.engine.convert([self.jobs[n] for n in names], remaining(), self.timeout)
            for name, result in zip(names, results):
                self.results[name] = result
                self.converted.append(self.jobs[name].pdf.name)
        if self.reuse is not None:
            for name, result in self.results.items():
                if result.pdf.name in self.converted:
                    self.reuse.store(self.keys.get(name), result.pdf, result.pages, result.pdf.name)
        return self.results


class CoveringMemo:
    """Covering reports as last rendered, by a hash of their data, template and DRAFT mark;
    and the yearly report's template as last rendered (before its parts go in).

    For ``watch`` only: one process, one version of the code. After a change to a section,
    the covering reports' data are usually unchanged: they are then copied, not rendered
    (and, byte for byte the same, their PDFs are used again); the yearly report's template
    is read back rather than rendered again."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._kept: dict[str, Path] = {}
        self._names: dict[str, str] = {}  # output file name -> its latest key
        self._bytes: dict[str, bytes] = {}
        self._templates: dict[tuple, str] = {}

    def key(self, template: Path, context: dict, title: str, draft: str | None) -> str | None:
        import hashlib
        import json

        try:
            stat = template.stat()
            marker = (str(template), stat.st_size, stat.st_mtime_ns)
            if marker not in self._templates:
                self._templates[marker] = hashlib.sha256(template.read_bytes()).hexdigest()
            data = json.dumps(context, sort_keys=True, default=repr)
        except (OSError, TypeError, ValueError):
            return None
        return hashlib.sha256("\0".join([self._templates[marker], data, title, draft or ""]).encode("utf-8")).hexdigest()

    def bytes(self, key: str) -> bytes | None:
        """A rendered template kept in memory (the yearly report's, before its parts)."""
        return self._bytes.get(key)

    def keep_bytes(self, key: str, data: bytes) -> None:
        self._bytes = {key: data}  # only the latest

    def place(self, key: str, path: Path) -> bool:
        kept = self._kept.get(key)
        if kept is None or not kept.is_file():
            return False
        try:
            shutil.copyfile(kept, path)
        except OSError:
            return False
        return True

    def store(self, key: str, path: Path) -> None:
        """Keep a copy of ``path`` under ``key`` (the older copy of the same report goes)."""
        target = self.folder / f"{key}.docx"
        try:
            shutil.copyfile(path, target)
        except OSError:
            return
        old = self._names.get(path.name)
        if old is not None and old != key:
            dropped = self._kept.pop(old, None)
            if dropped is not None:
                dropped.unlink(missing_ok=True)
        self._names[path.name] = key
        self._kept[key] = target


def _publish_docx(project, stage, pdfs, findings, content, on_docx) -> None:
    """Move the Word documents (and the PDFs used again) into place now, for ``watch``."""
    with staged(project.output_folder) as early:
        for out in stage.outputs:
            target = early.file(out.path.name)
            _link_or_copy(out.path, target)
            early.outputs.append(Output(out.kind, target, committee=out.committee))
        if pdfs is not None:
            for out in list(early.outputs):
                result = pdfs.results.get(out.path.name)
                if result is not None:
                    target = early.file(result.pdf.name)
                    _link_or_copy(result.pdf, target)
                    early.outputs.append(Output(out.kind, target, committee=out.committee, engine=result.engine, pages=result.pages))
        early.outputs.sort(key=lambda o: (o.kind != "annual", o.committee or "", o.path.suffix))
        write_manifest(early, _manifest(project, early, content, dict(findings or {"error": 0, "warning": 0})))
    folder = project.output_folder
    on_docx([Output(o.kind, folder / o.path.name, o.committee, o.engine, o.pages) for o in early.outputs])


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


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
    from annualreport.lint.identifying import for_outputs, scan_document

    identifying = for_outputs(project)
    found: list[OutputFinding] = []
    for out in outputs:
        if out.path.suffix != ".docx":
            continue
        for barrier in check_docx(out.path):
            found.append(OutputFinding("AR501", "warning", out.path.name, barrier.message, barrier.where, barrier.hint))
        for paragraph, exposure in scan_document(out.path, identifying):
            found.append(OutputFinding("AR401", "error", out.path.name, exposure.message, f'the paragraph "{paragraph[:100]}"', "remove it from the evidence, sections or template it came from"))
    exposed = [f for f in found if f.code == "AR401"]
    if exposed:  # identifying information never reaches build/YEAR: the staging folder is dropped
        raise IdentifyingBuildError(*[Problem(f"{f.file} would carry {f.message}; nothing was written", where=f.where, hint=f.hint) for f in exposed])
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


class _Rendered:
    """A rendered template read back from the memo: what ``_render_annual`` needs of one."""

    def __init__(self, document):
        self.docx = document

    def save(self, path: str) -> None:
        self.docx.save(path)


def _render_template(path: Path, context: dict, memo: "CoveringMemo | None"):
    """``render(open_template(path), context, path)``, or (``watch``) the same result read
    back from the memo when the template and its data are as last time."""
    key = memo.key(path, context, "template", None) if memo is not None else None
    if key is not None:
        kept = memo.bytes(key)
        if kept is not None:
            import io

            import docx

            return _Rendered(docx.Document(io.BytesIO(kept)))
    template = render(open_template(path), context, path)
    if key is not None:
        import io

        buffer = io.BytesIO()
        template.save(buffer)
        memo.keep_bytes(key, buffer.getvalue())
    return template


def _render_annual(project: Project, path: Path, shared: dict, content: YearlyContent, narrative, warnings: list[str],
                   memo: "CoveringMemo | None" = None):
    """Render the yearly report template and put each part's body where its tag is.

    ``narrative`` is a ``narrative_cache.Narrative``: each part's body elements and the
    pandoc-made document they come from (one composer per source document)."""
    template = _render_template(path, shared, memo)
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
    for name in slots:
        if name not in PARTS:
            raise TemplateError(Problem(f"the template has a place for a part called '{name}', which does not exist", path, hint="the parts are: " + ", ".join(PARTS)))
    # one composer per source document, each made after the previous one's insertions (its
    # id counters start above everything already in the target)
    for source in narrative.sources:
        composer = None
        for name, paragraphs in slots.items():
            piece = narrative.pieces.get(name)
            if piece is None or piece[0] is not source:
                continue
            composer = composer or Composer(document, source)
            for paragraph in paragraphs:
                composer.replace(paragraph, piece[1])
    for name, paragraphs in slots.items():
        if name not in narrative.pieces:  # an empty part: its slot goes
            for paragraph in paragraphs:
                _drop_slot(paragraph)
    for name in PARTS:
        if name not in slots and content.parts.get(name, "").strip():
            warnings.append(f"the yearly report template has no place for '{PARTS[name]}' ({{{{ part.{name} }}}}), so it is left out")
    _set_properties(document, f"{project.config.partnership.name} yearly report {project.period.label}")
    return template


def _drop_slot(paragraph) -> None:
    """What ``Composer.replace(paragraph, [])`` does: the slot goes, a section break stays."""
    parent = paragraph.getparent()
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
        for child in list(paragraph):
            if child is not ppr:
                paragraph.remove(child)
    else:
        parent.remove(paragraph)
    if parent.tag == qn("w:tc"):
        last = None
        for child in parent.iterchildren(qn("w:p"), qn("w:tbl")):
            last = child
        if last is None or last.tag != qn("w:p"):
            parent.append(paragraph.makeelement(qn("w:p"), {}))


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
