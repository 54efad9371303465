"""The yearly report: its template rendered, each part's body put where its tag is."""

from __future__ import annotations

import re
from pathlib import Path

from docx.oxml.ns import qn

from annualreport.content.covering import PART_MARKER
from annualreport.content.yearly import YearlyContent
from annualreport.errors import Problem, TemplateError
from annualreport.narrative import PARTS
from annualreport.project import Project
from annualreport.render.compose import Composer, find_slots


def set_properties(document, title: str) -> None:
    props = document.core_properties
    props.title = title
    props.language = "en-GB"


class _Rendered:
    """A rendered template read back from the memo: what ``_render_annual`` needs of one."""

    def __init__(self, document):
        self.docx = document

    def save(self, path: str) -> None:
        self.docx.save(path)


def _render_template(templates, path: Path, context: dict, memo):
    """The template rendered with ``context`` (the render the lint read, if it did: see
    ``render.templates``), or (``watch``) the same result read back from the memo when the
    template and its data are as last time."""
    key = memo.key(path, context, "template", None, templates.digest(path)) if memo is not None else None
    if key is not None:
        kept = memo.bytes(key)
        if kept is not None:
            import io

            import docx

            return _Rendered(docx.Document(io.BytesIO(kept)))
    template = templates.take(path, context, "annual")
    if key is not None:
        import io

        buffer = io.BytesIO()
        template.save(buffer)
        memo.keep_bytes(key, buffer.getvalue())
    return template


def render_annual(project: Project, templates, shared: dict, content: YearlyContent, narrative, warnings: list[str], memo=None):
    """Render the yearly report template and put each part's body where its tag is.

    ``narrative`` is a ``narrative_cache.Narrative``: each part's body elements and the
    pandoc-made document they come from (one composer per source document)."""
    path = templates.annual
    template = _render_template(templates, path, shared, memo)
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
    set_properties(document, f"{project.config.partnership.name} yearly report {project.period.label}")
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
