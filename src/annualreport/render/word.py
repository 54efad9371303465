"""Rendering the Word templates that comms staff design, safely.

Templates render in Jinja's sandbox with autoescaping on: a template cannot run code or
read files, and ``&``, ``<``, ``>`` in the data cannot corrupt the DOCX. A name the data does
not have is an error, never a silent blank. Errors point at the paragraph by its text.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from annualreport.errors import Problem, TemplateError

PART_NAMES = {"document": "the body", "header": "a header", "footer": "a footer", "footnotes": "the footnotes"}


def environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=False)


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


def open_template(path: Path) -> SafeTemplate:
    if not path.is_file():
        raise TemplateError(Problem("the Word template is missing", path, hint="restore it, or set templates: in annualreport.yaml to where it is"))
    if not zipfile.is_zipfile(path):
        raise TemplateError(Problem("this is not a Word .docx file", path, hint="save it from Word as 'Word Document (*.docx)', not .doc, .dotx or PDF"))
    try:
        template = SafeTemplate(str(path))
        template.init_docx()
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(Problem(f"this .docx cannot be read: {exc}", path, hint="open it in Word and save it again as a .docx")) from None
    return template


TOKEN = re.compile(r"\{\{|\}\}|\{%|%\}")
BLOCK_WORDS = {"for", "endfor", "if", "elif", "else", "endif", "set", "with", "endwith", "filter", "endfilter", "colspan", "cellbg", "vm", "hm", "macro", "endmacro", "call", "endcall"}


def template_paragraphs(template: SafeTemplate):
    """Every paragraph a comms officer can type in: body (and its tables), headers, footers."""
    document = template.docx

    def walk(container, part: str):
        for paragraph in container.paragraphs:
            yield part, paragraph.text
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell, part)

    yield from walk(document, "the body")
    for section in document.sections:
        for label, hf in (("a header", section.header), ("a header", section.first_page_header), ("a footer", section.footer), ("a footer", section.first_page_footer)):
            if not hf.is_linked_to_previous:
                yield from walk(hf, label)


def check_tags(template: SafeTemplate, path: Path) -> None:
    """Find broken tags paragraph by paragraph, before docxtpl can swallow the text around them.

    docxtpl joins an unclosed ``{{`` to the next ``}}`` anywhere later in the document and
    silently drops what lies between, so an unbalanced tag must stop the build here.
    """
    env = environment()
    problems = []
    for part, text in template_paragraphs(template):
        if "{" not in text and "}" not in text:
            continue
        message = None
        open_token = None
        start = 0
        for match in TOKEN.finditer(text):
            token = match.group(0)
            if token in ("{{", "{%"):
                if open_token:
                    message = f"'{open_token}' is not closed before the next '{token}'"
                    break
                open_token, start = token, match.end()
            else:
                expected = "}}" if open_token == "{{" else "%}"
                if open_token is None or token != expected:
                    message = f"'{token}' closes a tag that was not opened" if open_token is None else f"'{open_token}' is closed by '{token}'"
                    break
                inner = text[start : match.start()].strip()
                message = _check_inner(env, open_token, inner)
                if message:
                    break
                open_token = None
        else:
            if open_token:
                message = f"'{open_token}' is not closed in this paragraph (a tag must open and close in one paragraph)"
        if message:
            problems.append(
                Problem(
                    f"a template tag is broken: {message}",
                    path,
                    where=f"{part}, the paragraph \"{_paragraph_text(text)}\"",
                    hint="write each tag whole, like {{ committee.name }} or {%p for r in committee.recommendations %}, inside one paragraph",
                )
            )
    if problems:
        raise TemplateError(*problems)


def _check_inner(env: SandboxedEnvironment, kind: str, inner: str) -> str | None:
    if kind == "{{":
        inner = re.sub(r"^[pr]\s+", "", inner)  # docxtpl's {{p ...}} and {{r ...}}
        try:
            env.parse("{{ " + inner + " }}")
        except jinja2.TemplateSyntaxError as exc:
            return f"'{{{{ {inner} }}}}' is not a valid expression ({exc.message})"
        return None
    words = re.sub(r"^(p|tr|tc|r)\s+", "", inner).split()
    if not words:
        return "an empty {% %} tag"
    if words[0] not in BLOCK_WORDS:
        return f"'{words[0]}' is not a tag templates know (use for, if, else, endif, endfor)"
    return None


def render(template: SafeTemplate, context: dict, path: Path) -> SafeTemplate:
    """Render in place; turn every Jinja failure into a ``TemplateError`` naming the paragraph."""
    check_tags(template, path)
    try:
        template.render(context, jinja_env=environment(), autoescape=True)
    except SecurityError as exc:
        raise _located(exc, path, "the template tried to reach something templates may not use", "use only the names listed in docs/templates.md; templates cannot run code or read files") from None
    except jinja2.UndefinedError as exc:
        raise _located(exc, path, f"the template uses a name the data does not have: {exc.message}", "correct the spelling of the name inside {{ }} (see docs/templates.md for the names)") from None
    except jinja2.TemplateSyntaxError as exc:
        raise _located(exc, path, f"a template tag is broken: {exc.message}", "check that every {{ has its }}, every {% has its %}, and every {% for %} or {% if %} has its {% endfor %} or {% endif %}") from None
    except jinja2.TemplateError as exc:
        raise _located(exc, path, f"the template could not be filled in: {exc}", "check the tags in this paragraph") from None
    except TypeError as exc:
        raise _located(exc, path, f"the template used a value the wrong way: {exc}", "check the tags in this paragraph") from None
    return template


def _located(exc: BaseException, path: Path, message: str, hint: str) -> TemplateError:
    part, paragraph = getattr(exc, "annualreport_where", (None, None))
    where = None
    if part or paragraph:
        where = f"{part or 'the template'}, the paragraph \"{paragraph}\"" if paragraph else part
    return TemplateError(Problem(message, path, where=where, hint=hint))
