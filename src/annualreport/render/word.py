"""Rendering the Word templates that comms staff design, safely.

Templates render in Jinja's sandbox with autoescaping on: a template cannot run code or
read files, and ``&``, ``<``, ``>`` in the data cannot corrupt the DOCX. A name the data does
not have is an error, never a silent blank. Errors point at the paragraph by its text.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import docx
import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError

from annualreport.errors import Problem, TemplateError
from annualreport.render.linked import check_template
from annualreport.render.package import check_package
from annualreport.render.sandbox import LimitedEnvironment, TemplateLimitError
from annualreport.render.tags import inspect_template

PART_NAMES = {"document": "the body", "header": "a header", "footer": "a footer", "footnotes": "the footnotes"}


def environment() -> LimitedEnvironment:
    """Jinja's sandbox, bounded in size, depth and time (``render.sandbox``)."""
    return LimitedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False)


def _paragraph_text(xml_line: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", xml_line)).replace("\t", " ").strip()
    return text if len(text) <= 160 else text[:157] + "..."


def _part_label(part) -> str:
    name = str(getattr(part, "partname", "")).rsplit("/", 1)[-1]
    for key, label in PART_NAMES.items():
        if name.startswith(key):
            return label
    return name or "the template"


class SafeTemplate(DocxTemplate):
    """A ``DocxTemplate`` that remembers which paragraph a Jinja error came from."""

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        try:
            return super().render_xml_part(src_xml, part, context, jinja_env)
        except jinja2.TemplateError as exc:
            lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml).splitlines()
            lineno = getattr(exc, "lineno", None) or _template_line(exc)
            exc.annualreport_where = (_part_label(part), _paragraph_text(lines[lineno - 1]) if lineno and 0 < lineno <= len(lines) else None)
            raise


def _template_line(exc: BaseException) -> int | None:
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def read_template(path: Path) -> bytes:
    """The template file's bytes, once they pass every check a template must pass before it is
    opened: there, a Word .docx, no zip bomb, nothing linked from outside it."""
    if not path.is_file():
        raise TemplateError(Problem("the Word template is missing", path, hint="restore it, or set templates: in annualreport.yaml to where it is"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(Problem(f"the Word template cannot be read: {exc.strerror}", path, hint="check that it is a file you may read")) from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(Problem("this is not a Word .docx file", path, hint="save it from Word as 'Word Document (*.docx)', not .doc, .dotx or PDF"))
    check_package(path, "template", data)  # a zip bomb stops here, before anything inflates it
    check_template(path, data)  # nothing linked from outside it, no include fields, no outsize pictures
    return data


def template_from(data: bytes, path: Path) -> SafeTemplate:
    """A template to render, made from bytes ``read_template`` returned (each render needs its own)."""
    try:
        template = SafeTemplate(io.BytesIO(data))
        template.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(Problem(f"this .docx cannot be read: {exc}", path, hint="open it in Word and save it again as a .docx")) from None
    template.source = data
    mend_core_properties(template.docx)
    return template


def open_template(path: Path) -> SafeTemplate:
    return template_from(read_template(path), path)


#: how LibreOffice (and some other word processors) spell the document properties' relationship
_OTHER_CORE_PROPERTIES = "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties"


def mend_core_properties(document) -> None:
    """A template saved by LibreOffice names its document properties with a relationship type
    spelt in lower case; python-docx does not find them, adds a second docProps/core.xml, and
    the saved .docx then holds two files of one name (which Word may refuse to open). Give the
    relationship the standard type, so the one part there is is the one used."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.package.rels.values():
        if rel.reltype == _OTHER_CORE_PROPERTIES:
            rel._reltype = RT.CORE_PROPERTIES


def check_tags(template: SafeTemplate, path: Path) -> None:
    """Find broken tags paragraph by paragraph, before docxtpl can swallow the text around them.

    docxtpl joins an unclosed ``{{`` to the next ``}}`` anywhere later in the document and
    silently drops what lies between, so an unbalanced tag must stop the build here.
    """
    # a document of its own: python-docx caches the parts it has seen, and docxtpl replaces
    # the header and footer parts when it renders, so the template's own must stay unread
    source = getattr(template, "source", None)
    problems = [
        Problem(f.message, path, where=f.where, hint=f.hint)
        for f in inspect_template(docx.Document(io.BytesIO(source) if source is not None else str(path)), None, environment())
        if f.severity == "error"
    ]
    if problems:
        raise TemplateError(*problems)


def render(template: SafeTemplate, context: dict, path: Path) -> SafeTemplate:
    """Render in place; turn every Jinja failure into a ``TemplateError`` naming the paragraph."""
    check_tags(template, path)
    return fill(template, context, path)


def fill(template: SafeTemplate, context: dict, path: Path) -> SafeTemplate:
    """``render`` for a template whose tags ``check_tags`` found whole already."""
    env = environment()
    try:
        with env.limited():
            template.render(context, jinja_env=env, autoescape=True)
    except TemplateLimitError as exc:
        raise _located(exc, path, f"the template asks for too much: {exc.message}", exc.mend) from None
    except SecurityError as exc:
        raise _located(exc, path, "the template tried to reach something templates may not use", "use only the names listed in docs/templates.md; templates cannot run code or read files") from None
    except jinja2.UndefinedError as exc:
        raise _located(exc, path, f"the template uses a name the data does not have: {exc.message}", "correct the spelling of the name inside {{ }} (see docs/templates.md for the names)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise _located(exc, path, f"a template tag is broken: {exc.message}", "check that every {{ has its }}, every {% has its %}, and every {% for %} or {% if %} has its {% endfor %} or {% endif %}") from None
    except jinja2.TemplateError as exc:
        raise _located(exc, path, f"the template could not be filled in: {exc}", "check the tags in this paragraph") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise _located(exc, path, f"the template used a value the wrong way: {exc}", "check the tags in this paragraph") from None
    _resync_parts(template.docx.part)
    return template


def _resync_parts(part) -> None:
    """docxtpl puts rendered headers and footers in as new parts by changing each
    relationship's target, but python-docx looks parts up in a map of its own: bring that
    map up to date, so that later changes (the DRAFT mark) reach the parts that are saved."""
    targets = part.rels.related_parts
    for rId, rel in part.rels.items():
        if not rel.is_external:
            targets[rId] = rel.target_part


def _located(exc: BaseException, path: Path, message: str, hint: str) -> TemplateError:
    part, paragraph = getattr(exc, "annualreport_where", (None, None))
    where = None
    if part or paragraph:
        where = f"{part or 'the template'}, the paragraph \"{paragraph}\"" if paragraph else part
    return TemplateError(Problem(message, path, where=where, hint=hint))
