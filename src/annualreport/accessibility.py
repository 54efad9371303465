"""AR501: what the Public Sector Bodies Accessibility Regulations ask of a published document.

Checked on the DOCX the build writes (so the template and the narrative are both covered)
and, for authors, on the Markdown sections: every image has alt text; heading levels do not
skip; every table has a header row that repeats on each page (or, for a key-and-value table,
a header column) and no merged cells; the document has a title and its language is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn

LANGUAGE = "en-GB"
HEADING = re.compile(r"^(?:Heading|heading)\s*(\d)$")


@dataclass(frozen=True)
class Barrier:
    """One thing that stops some readers: what it is, and where (by text, as a reader finds it)."""

    message: str
    where: str
    hint: str


def _text(element) -> str:
    text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
    return text if len(text) <= 80 else text[:77] + "..."


def check_docx(path: Path) -> list[Barrier]:
    document = docx.Document(str(path))
    barriers: list[Barrier] = []
    body = document.element.body
    last_text = "the start of the document"
    previous_level = 0
    style_names = {s.style_id: s.name for s in document.styles}
    for element in body.iter(qn("w:p"), qn("w:tbl"), qn("wp:docPr")):
        if element.tag == qn("wp:docPr"):
            if not (element.get("descr") or "").strip() and element.get("hidden") != "1":
                barriers.append(Barrier("an image has no alt text", f"after \"{last_text}\"", "describe the image in its alt text (in Markdown: ![what it shows](file.png); in Word: right-click, View Alt Text)"))
        elif element.tag == qn("w:p"):
            style = element.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            name = style_names.get(style.get(qn("w:val")), "") if style is not None else ""
            match = HEADING.match(name)
            text = _text(element)
            if match:
                level = int(match.group(1))
                if level > previous_level + 1:
                    barriers.append(Barrier(f"a heading skips from level {previous_level} to level {level}", f"the heading \"{text}\"", f"make it a level {previous_level + 1} heading (in Markdown, {'#' * (previous_level + 1)} ), or add the level between"))
                previous_level = level
            if text:
                last_text = text
        else:
            barriers += _table_barriers(element, last_text)
    props = document.core_properties
    if not (props.title or "").strip():
        barriers.append(Barrier("the document has no title in its properties", "the document's properties", "set the title (File, Info, Properties); annualreport sets it when it builds"))
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang")) if e.get(qn("w:val"))}
    if (props.language or "") != LANGUAGE and LANGUAGE not in languages:
        barriers.append(Barrier(f"the document's language is not set to {LANGUAGE}", "the document's properties", "set the language of the Normal style to English (United Kingdom) in the template"))
    return barriers


def _table_barriers(table, near: str) -> list[Barrier]:
    out = []
    rows = table.findall(qn("w:tr"))
    if not rows:
        return out
    first = _text(rows[0])
    where = f"the table starting \"{first}\"" if first else f"a table after \"{near}\""
    header = rows[0].find(qn("w:trPr") + "/" + qn("w:tblHeader"))
    look = table.find(qn("w:tblPr") + "/" + qn("w:tblLook"))
    header_column = look is not None and look.get(qn("w:firstColumn")) == "1" and look.get(qn("w:firstRow")) == "0"
    if (header is None or header.get(qn("w:val")) in ("0", "false")) and not header_column:
        out.append(Barrier("a table has no header row that repeats on each page", where, "in Word: select the first row, Table Properties, Row, 'Repeat as header row at the top of each page'"))
    if table.find(".//" + qn("w:vMerge")) is not None or any(int(g.get(qn("w:val"), "1")) > 1 for g in table.iter(qn("w:gridSpan"))):
        out.append(Barrier("a table has merged cells, which screen readers read out of order", where, "split the merged cells, and repeat the text where needed"))
    return out


MARKDOWN_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


def check_markdown(text: str, top_level: int = 1) -> list[tuple[int, Barrier]]:
    """Barriers in one section's Markdown, with the line of each (1-based, in ``text``)."""
    out: list[tuple[int, Barrier]] = []
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for match in MARKDOWN_IMAGE.finditer(text):
        if not match.group("alt").strip():
            out.append((text.count("\n", 0, match.start()) + 1, Barrier(f"the image {match.group('src')} has no alt text", match.group(0), "write what the image shows between the square brackets: ![Chart of ...](file.png)")))
    previous = top_level
    for match in MARKDOWN_HEADING.finditer(text):
        level = len(match.group(1))
        if level > previous + 1:
            out.append((text.count("\n", 0, match.start()) + 1, Barrier(f"a heading skips from level {previous} to level {level}", match.group(0).strip(), f"use {'#' * (previous + 1)} for this heading")))
        previous = level
    return out
