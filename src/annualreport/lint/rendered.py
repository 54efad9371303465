"""The Word templates' words as the build renders them: every paragraph of every template
(body, tables, headers, footers), filled in with the data the build gives it.

Each template is rendered with the build's own contexts (``content.assembly``), once per
committee for the covering template, and the build writes those very renders. The prose of
``annualreport.yaml`` in them is read as a mark (it is read from the file, with its line, by
``units``); evidence narrative shown whole
(developments, challenges, contributions in kind) is read at its own line in the evidence.
What is left is the templates' text: fixed text is read as it stands, and text that a tag
filled in (headline figures, the budget, dates) is a generated sentence that cites the items
the figures are counted from (``content.published.FIGURE_KINDS``).
"""

from __future__ import annotations

import re
from typing import Iterator

from annualreport.lint.units import Statement

MARK = re.compile("\u27ea\\d+\u27eb")
TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
LETTERS = re.compile(r"[A-Za-z]{2}")


def _numbers(template_docx) -> list[tuple[int, str, re.Pattern | None]]:
    """The template's paragraphs: number (as ``units`` counts them), text, and a pattern that
    matches their rendered text when they hold tags."""
    from annualreport.render.tags import paragraphs

    out = []
    for number, paragraph in enumerate(paragraphs(template_docx), start=1):
        text = paragraph.text
        pattern = None
        if "{" in text:
            pieces = [p.strip() for p in TAGS.split(text)]
            if not any(pieces):
                continue  # a tag alone ({%p for %}, {{ r }}): its text is the data's, found elsewhere
            pattern = re.compile(r"\s*" + "(?:.*?)".join(re.escape(p) for p in pieces) + r"\s*", re.S)
        out.append((number, text, pattern))
    # the most fixed text first: "2.{{ i }} {{ r }}" must not claim what "2.1 The budget was {{ b }}" made
    return sorted(out, key=lambda t: -len(TAGS.sub("", t[1])))


def _where(rendered: str, template: list[tuple[int, str, re.Pattern | None]]) -> tuple[int, bool] | None:
    """The template paragraph ``rendered`` came from, and whether a tag filled it in."""
    for number, text, pattern in template:
        if pattern is None and text.strip() == rendered:
            return number, False
    for number, text, pattern in template:
        if pattern is not None and pattern.fullmatch(rendered):
            return number, True
    return None


def _rendered_paragraphs(document) -> Iterator[tuple[str, str]]:
    from annualreport.render.tags import paragraphs

    for paragraph in paragraphs(document):
        yield paragraph.part, paragraph.text


def template_statements(project, assembly, templates, files: set[str], problems: dict) -> list[Statement]:
    """The templates' own words, filled in, as the build renders them: the very renders the
    build then writes (``render.templates``), from the build's own ``content.assembly``. What
    stops a template rendering goes into ``problems`` (path -> the error), for AR301 to report."""
    from annualreport.citations import replace_citations
    from annualreport.content.covering import PART_MARKER
    from annualreport.content.published import FIGURE_KINDS
    from annualreport.errors import AnnualReportError

    ev = project.evidence
    numbers = assembly.content.numbers
    shown = {replace_citations(t.text, numbers.plain).strip() for t in ev.narrative}
    figure_ids = tuple(item.id for kind in FIGURE_KINDS for item in ev.of_kind(kind))

    jobs = [(templates.annual, [("annual", assembly.shared, [])])]
    if project.config.committees:
        jobs.append((templates.covering, [(c.id, assembly.covering[c.id], assembly.prose[c.id]) for c in project.config.committees]))
    out: list[Statement] = []
    seen: set[tuple[str, int]] = set()
    for path, renders in jobs:
        file = project.relative(path)
        try:
            template = _numbers(templates.open(path).docx)
            documents = [(templates.render(path, context, key).docx, _marker(prose)) for key, context, prose in renders]
        except AnnualReportError as exc:
            problems[path] = exc
            continue
        files.add(file)
        for document, marked in documents:
            for part, text in _rendered_paragraphs(document):
                text = marked(text.strip())
                if not LETTERS.search(MARK.sub("", text)) or PART_MARKER in text or text in shown:
                    continue
                where = _where(text, template)
                number, filled = where if where else (1, True)
                if not filled and (part != "the body" or len(text.split()) < 5):
                    continue  # labels, headings and fields such as "Page 1 of 1"
                rest = MARK.sub(" ", text).strip()
                if rest in shown or (rest, number) in seen:
                    continue
                seen.add((rest, number))
                out += _sentences(file, number, rest, figure_ids if filled else (), filled)
    return out


def _marker(prose: list[str]):
    """The prose of ``annualreport.yaml`` in a rendered paragraph, each piece as a mark (it is
    read at its own line in annualreport.yaml), the longest first."""
    pieces = sorted({p.strip() for p in prose if p.strip()}, key=len, reverse=True)

    def marked(text: str) -> str:
        for number, piece in enumerate(pieces, start=1):
            if piece in text:
                text = text.replace(piece, f"\u27ea{number}\u27eb")
        return text

    return marked


def _sentences(file: str, number: int, text: str, cites: tuple[str, ...], filled: bool) -> list[Statement]:
    from annualreport.lint.text import split_sentences

    return [
        Statement(file, number, s.column, s.text.strip(), "template", cites, cites, number, generated=filled)
        for s in split_sentences(text)
        if LETTERS.search(s.text)
    ]
