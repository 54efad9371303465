"""The second step of a build (``builder.Build.write``): render, save, check, convert, publish.

The covering reports go first, each to the office as soon as it is saved; the yearly report
follows once pandoc's parts are ready. The written documents are checked by the lint's rules
over them (``lint.written``) while the office converts. Everything goes into a staging folder
that is moved into place whole (``output.staged``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annualreport.lint.verdict import Verdict
from annualreport.output import Output, staged, write_manifest
from annualreport.publish import manifest, publish_docx


@dataclass
class BuildResult:
    folder: Path
    outputs: list[Output]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    manifest: dict = field(default_factory=dict)
    #: what the lint's rules found in the written documents (AR501; AR401 stops the build)
    checked: list = field(default_factory=list)
    #: PDFs converted in this build, and PDFs used again unchanged (by output file name)
    converted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    #: the report parts pandoc converted in this build (the others came from build/.cache)
    pandoc_parts: int = 0
    #: Word documents rendered in this build, and covering reports copied as last rendered
    rendered: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)


def _order(out: Output) -> tuple:
    return (out.kind != "annual", out.committee or "", out.path.suffix)


def write(job, verdict: Verdict):
    from annualreport.lint.written import check_written, stop_on_identifying
    from annualreport.render.annual import render_annual

    project, options, session = job.project, job.options, job.session
    watch, say, draft = session.watch, session.say, verdict.draft
    content = job.assembly.content
    label = project.period.label
    warnings: list[str] = []
    pdfs = None
    if job.engine is not None:
        from annualreport.pdf.schedule import PdfSchedule

        pdfs = PdfSchedule(project, job.converter, job.engine, session.reuse, options.timeout, draft, say)

    def check(stage) -> list:
        with watch("checks"):
            found = check_written(project, [o.path for o in stage.outputs])
        stop_on_identifying(found)
        return found

    with staged(project.output_folder) as stage:
        say("filling in the Word templates")
        with watch("render"):
            covering = []
            for committee in project.config.committees:
                covering.append(_covering(job, stage, committee, draft))
                if pdfs is not None:
                    pdfs.submit(covering[-1])  # converted while the yearly report is composed
        with watch("pandoc"):
            narrative = job._narrative.wait()
        with watch("render"):
            annual_docx = stage.file(f"annual-report-{label}.docx")
            annual = render_annual(project, job.templates, job.assembly.shared, content, narrative, warnings, session.memo)
            if draft:
                from annualreport.render.draft import mark_draft

                mark_draft(annual.docx, draft)
            annual.save(str(annual_docx))
        annual_out = Output("annual", annual_docx)
        _refuse_reach(annual_out)
        stage.outputs.extend([annual_out, *covering])
        if pdfs is not None:
            pdfs.submit(annual_out)
        watch.mark("docx")
        checked = None
        if session.on_docx is not None:
            checked = check(stage)  # nothing is published before the written documents are checked
            publish_docx(project, stage, pdfs, verdict.counts, content, session.on_docx)
        if pdfs is not None:
            # The office is still starting as a rule: give it the processor to itself (the
            # checks then run beside its conversions, which use one processor only).
            pdfs.let_start()
        if checked is None:
            checked = check(stage)
        if pdfs is not None:
            say(f"making PDFs with {job.engine.name}")
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
            if "docx" not in options.formats:
                for out in [o for o in stage.outputs if o.path.suffix == ".docx"]:
                    out.path.unlink()
                    stage.outputs.remove(out)
        stage.outputs.sort(key=_order)
        counts = dict(verdict.counts)
        for found in checked:
            counts[found.severity] = counts.get(found.severity, 0) + 1
        made_manifest = manifest(project, stage, content, counts)
        if session.inputs is not None:
            made_manifest["inputs"] = session.inputs.record(_pictures(job), job.templates)
        write_manifest(stage, made_manifest)
    job._narrative_cache.commit()
    for kept in (session.memo, session.reuse):  # what they kept goes in now the build succeeded
        if kept is not None:
            kept.commit()
    watch.mark("total")
    folder = project.output_folder
    outputs = [Output(o.kind, folder / o.path.name, o.committee, o.engine, o.pages) for o in stage.outputs]
    result = BuildResult(folder, outputs, warnings, watch.times, made_manifest, checked, pandoc_parts=narrative.converted)
    result.copied = [o.path.name for o in covering if o.path.name in job.copied]
    result.rendered = [annual_docx.name] + [o.path.name for o in covering if o.path.name not in job.copied]
    if pdfs is not None:
        result.converted, result.reused = pdfs.converted, pdfs.reused
    return result


def _pictures(job) -> list[Path]:
    """The pictures the narrative showed, as files: inputs of the build like its sections."""
    cache = job._narrative_cache
    vetted = getattr(cache, "vetted", None)
    found = []
    for name in sorted(getattr(vetted, "pictures", ()) or ()):
        for base in cache.resource_path:
            path = base / name
            if path.is_file():
                found.append(path)
                break
    return found


def _covering(job, stage, committee, draft: str | None) -> Output:
    """One committee's covering report, saved into the staging folder: the render the lint
    read, or (``watch``) a copy of the last one when its data and template are as then."""
    from annualreport.render.annual import set_properties

    project, memo, templates = job.project, job.session.memo, job.templates
    label = project.period.label
    context = job.assembly.covering[committee.id]
    title = f"{committee.name}: {project.config.partnership.name} yearly report {label}"
    path = stage.file(f"covering-report-{committee.id}-{label}.docx")
    key = memo.key(templates.covering, context, title, draft, templates.digest(templates.covering)) if memo is not None else None
    if key is not None and memo.place(key, path):
        job.copied.add(path.name)
    else:
        template = templates.take(templates.covering, context, committee.id)
        set_properties(template.docx, title)
        if draft:
            from annualreport.render.draft import mark_draft

            mark_draft(template.docx, draft)
        template.save(str(path))
        if key is not None:
            memo.store(key, path)
    out = Output("covering", path, committee=committee.name)
    _refuse_reach(out)
    return out


def _refuse_reach(out: Output) -> None:
    from annualreport.render.linked import refuse_reach

    refuse_reach([out])  # belt and braces: no written DOCX links to a file or includes one
