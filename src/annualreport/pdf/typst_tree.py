"""The typst engine's step 3: small changes to pandoc's document tree: the markers become
``#outline()`` and ``#pagebreak()``, pictures typst cannot show a note, duplicate captions go."""

from __future__ import annotations

import re
from pathlib import Path

from .base import PdfJob
from .typst_docx import BREAK_MARK, TOC_MARK

TYPST_IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
CONTENTS_TITLES = {"contents", "table of contents", "content"}



def _text(inlines) -> str:
    out: list[str] = []

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            t = node.get("t")
            if t == "Str":
                out.append(node["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif "c" in node:
                walk(node["c"])

    walk(inlines)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _block_text(block) -> str:
    if block.get("t") in ("Para", "Plain"):
        return _text(block["c"])
    if block.get("t") == "Header":
        return _text(block["c"][2])
    return ""


def _caption_text(block) -> str:
    if block.get("t") == "Table":
        return _text(block["c"][1][1])
    if block.get("t") == "Figure":
        return _text(block["c"][1][1])
    return ""


def _raw(code: str) -> dict:
    return {"t": "RawBlock", "c": ["typst", code]}


def _meta_inlines(text: str) -> dict:
    inlines: list[dict] = []
    for i, word in enumerate(text.split()):
        if i:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return {"t": "MetaInlines", "c": inlines}


#: Word's cover-page styles and the typst functions (in report.typ) that show them
COVER_STYLES = {"Title": "cover-title", "Subtitle": "cover-subtitle", "Date": "cover-note",
                "Author": "cover-note"}


def _custom_style(node: dict) -> str | None:
    """The Word style name pandoc's ``+styles`` put on a Div or Span, if that is all it has."""
    ident, classes, attrs = node["c"][0]
    style = dict(attrs).get("custom-style")
    return style if style and not ident and not classes and len(attrs) == 1 else None


def _unwrap_styles(node):
    """Drop pandoc's style-only Divs and Spans (``+styles``), keeping what they hold.
    Cover-page styles at the top level are kept for ``transform``."""
    if isinstance(node, list):
        out = []
        for item in node:
            if isinstance(item, dict) and item.get("t") in ("Div", "Span") and _custom_style(item):
                style = _custom_style(item)
                if item["t"] == "Div" and style in COVER_STYLES:
                    item["c"][1] = _unwrap_styles(item["c"][1])
                    out.append(item)
                else:
                    out.extend(_unwrap_styles(item["c"][1]))
            else:
                out.append(_unwrap_styles(item))
        return out
    if isinstance(node, dict) and "c" in node:
        node["c"] = _unwrap_styles(node["c"])
    return node


def _drop_dangling_links(blocks: list) -> None:
    """Unlink internal links whose target pandoc did not keep (typst refuses a missing label).

    pandoc's DOCX reader drops some bookmarks (those in table cells, for one), so a link to
    them would stop typst; the link's text stays, only the link goes.
    """
    ids: set[str] = set()

    def collect(node):
        if isinstance(node, list):
            for n in node:
                collect(n)
        elif isinstance(node, dict):
            c = node.get("c")
            if node.get("t") in ("Span", "Div", "Header", "Table", "Figure", "CodeBlock", "Code"):
                attr = c[1] if node.get("t") == "Header" else c[0]
                if isinstance(attr, list) and attr and isinstance(attr[0], str) and attr[0]:
                    ids.add(attr[0])
            collect(c)

    def anchor(node):
        # a Word bookmark arrives as an empty Span with an id; typst needs a label to link to
        if isinstance(node, list):
            for i, n in enumerate(node):
                if isinstance(n, dict) and n.get("t") == "Span" and n["c"][0][0] and not n["c"][1]:
                    ids.add(n["c"][0][0])
                    node[i] = {"t": "RawInline", "c": ["typst", f'#metadata("{n["c"][0][0]}")<{n["c"][0][0]}>']}
                else:
                    anchor(n)
        elif isinstance(node, dict) and "c" in node:
            anchor(node["c"])

    def unlink(node):
        if isinstance(node, list):
            for i, n in enumerate(node):
                if isinstance(n, dict) and n.get("t") == "Link":
                    target = n["c"][2][0]
                    if target.startswith("#") and target[1:] not in ids:
                        node[i] = {"t": "Span", "c": [["", [], []], n["c"][1]]}
                unlink(node[i])
        elif isinstance(node, dict) and "c" in node:
            unlink(node["c"])

    anchor(blocks)
    collect(blocks)
    unlink(blocks)


def transform(doc: dict, job: PdfJob, facts: dict, root: Path) -> dict:
    """Markers to typst, Word's styles to ours, unusable pictures out, duplicate captions out,
    metadata set."""
    lost_pictures = 0

    def fix_images(node):
        nonlocal lost_pictures
        if isinstance(node, list):
            for i, n in enumerate(node):
                if isinstance(n, dict) and n.get("t") == "Image":
                    src = n["c"][2][0]
                    ok = Path(src).suffix.lower() in TYPST_IMAGE_TYPES and (root / src).is_file()
                    if not ok:
                        lost_pictures += 1
                        alt = _text(n["c"][1])
                        words = f"[picture not shown{': ' + alt if alt else ''}]"
                        node[i] = {"t": "Emph", "c": _meta_inlines(words)["c"]}
                        continue
                fix_images(n)
        elif isinstance(node, dict) and "c" in node:
            fix_images(node["c"])

    doc["blocks"] = _unwrap_styles(doc["blocks"])
    fix_images(doc["blocks"])
    _drop_dangling_links(doc["blocks"])
    title_key = (job.title or "").strip().lower()

    def fix_blocks(blocks: list, top: bool) -> list:
        out: list = []
        for block in blocks:
            kind = block.get("t")
            text = _block_text(block)
            if text == TOC_MARK:
                if top:
                    # "Contents" written above the field becomes the outline's own title
                    if out and _block_text(out[-1]).lower() in CONTENTS_TITLES:
                        out.pop()
                    out.append(_raw(
                        f"#outline(title: [Contents], depth: {facts.get('toc_depth', 3)})"
                    ))
                continue
            if text == BREAK_MARK:
                if top:
                    out.append(_raw("#pagebreak(weak: true)"))
                continue
            # a caption paragraph repeated next to its table or figure
            if out and text and _caption_text(out[-1]) == text:
                continue
            cap = _caption_text(block)
            if cap and out and _block_text(out[-1]) == cap:
                out.pop()
            if kind == "Plain" and top:
                # Word's "Compact" paragraphs: still paragraphs of their own, not run together
                block = {"t": "Para", "c": block["c"]}
            if kind == "Div" and _custom_style(block) in COVER_STYLES:
                style = _custom_style(block)
                inner = fix_blocks(block["c"][1], False)
                inner_text = " ".join(_block_text(b) for b in inner).strip().lower()
                if style == "Title" and inner_text == title_key:
                    continue  # the title block on page 1 already says it
                out.append(_raw(f"#{COVER_STYLES[style]}["))
                out.extend({"t": "Para", "c": b["c"]} if b.get("t") == "Plain" else b for b in inner)
                out.append(_raw("]"))
                continue
            if kind == "Div":
                block["c"][1] = fix_blocks(block["c"][1], False)
            elif kind == "BlockQuote":
                block["c"] = fix_blocks(block["c"], False)
            out.append(block)
        if not top:
            return out
        # no page break at the very start, at the end, or twice in a row
        cleaned: list = []
        for block in out:
            if _is_break(block) and (not cleaned or _is_break(cleaned[-1])):
                continue
            cleaned.append(block)
        while cleaned and _is_break(cleaned[-1]):
            cleaned.pop()
        return cleaned

    doc["blocks"] = fix_blocks(doc["blocks"], True)

    meta = doc.setdefault("meta", {})
    subtitles = []
    own_title = _text(meta.get("title", {}).get("c", [])) if "title" in meta else ""
    if own_title and own_title.lower() != title_key:
        subtitles.append(_meta_inlines(own_title))
    if "subtitle" in meta:
        subtitles.append(meta.pop("subtitle"))
    meta["title"] = _meta_inlines(job.title or "Report")
    meta["subtitles"] = {"t": "MetaList", "c": subtitles}
    meta["running-header"] = _meta_inlines(job.header or job.title or "")
    facts["lost_pictures"] = lost_pictures
    return doc


def _is_break(block: dict) -> bool:
    return block.get("t") == "RawBlock" and block["c"][1].startswith("#pagebreak")
