"""The typst engine's step 1: a private copy of the DOCX for pandoc, with Word's contents
field and its page breaks turned into marker paragraphs (``TOC_MARK``, ``BREAK_MARK``)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree



W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TOC_MARK = "XXANNUALREPORTTOCXX"
BREAK_MARK = "XXANNUALREPORTPAGEBREAKXX"


# --- step 1: the DOCX -------------------------------------------------------------------------

def _wq(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _marker_paragraph(text: str) -> etree._Element:
    p = etree.Element(_wq("p"))
    r = etree.SubElement(p, _wq("r"))
    t = etree.SubElement(r, _wq("t"))
    t.text = text
    return p


def _body_paragraph(el: etree._Element, body: etree._Element) -> etree._Element | None:
    """The paragraph holding ``el`` if that paragraph is at body level (not in a table)."""
    p = el
    while p is not None and p.tag != _wq("p"):
        p = p.getparent()
    if p is None:
        return None
    up = p.getparent()
    while up is not None and up is not body:
        if up.tag in (_wq("tc"), _wq("txbxContent"), _wq("footnote"), _wq("endnote")):
            return None
        up = up.getparent()
    return p if up is body else None


def _toc_depth(instr: str) -> int:
    match = re.search(r'\\o\s+"?(\d)\s*-\s*(\d)"?', instr)
    return int(match.group(2)) if match else 3


def prepare_docx(src: Path, dst: Path) -> dict:
    """Copy ``src`` to ``dst`` with the contents field and page breaks turned into markers.

    Returns facts about the document for ``lost``: whether it had a contents field (and its
    depth), tables, headers/footers, charts, landscape pages or columns.
    """
    facts = {"toc": False, "toc_depth": 3, "tables": False, "header_footer": False,
             "charts": False, "landscape": False, "columns": False, "breaks": 0}
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        xml = zin.read("word/document.xml")
        root = etree.fromstring(xml)
        body = root.find("w:body", NS)
        facts["tables"] = root.find(".//w:tbl", NS) is not None
        facts["charts"] = any(n.startswith("word/charts/") for n in names)
        facts["landscape"] = bool(root.xpath('.//w:pgSz[@w:orient="landscape"]', namespaces=NS))
        facts["columns"] = any(
            (c.get(_wq("num")) or "1").isdigit() and int(c.get(_wq("num")) or "1") > 1
            for c in root.iterfind(".//w:cols", NS)
        )
        for name in names:
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                part = etree.fromstring(zin.read(name))
                if "".join(part.itertext()).strip() or part.find(".//w:fldChar", NS) is not None \
                        or part.find(".//w:fldSimple", NS) is not None:
                    facts["header_footer"] = True
        styles = zin.read("word/styles.xml") if "word/styles.xml" in names else None
        if body is not None:
            _replace_toc(body, facts)
            _mark_page_breaks(body, facts, _break_styles(styles))
        new_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = new_xml if item.filename == "word/document.xml" else zin.read(item.filename)
                zout.writestr(item, data)
    return facts


def _replace_toc(body: etree._Element, facts: dict) -> None:
    # Simple field: <w:fldSimple w:instr="TOC ..."> inside one paragraph.
    for simple in body.iterfind(".//w:fldSimple", NS):
        instr = simple.get(_wq("instr"), "")
        if instr.strip().startswith("TOC"):
            p = _body_paragraph(simple, body)
            if p is not None:
                facts["toc"], facts["toc_depth"] = True, _toc_depth(instr)
                p.addprevious(_marker_paragraph(TOC_MARK))
                p.getparent().remove(p)
                return
    # Complex field: begin ... instrText "TOC ..." ... separate ... result ... end, over
    # several paragraphs, possibly inside a content control (w:sdt) Word puts around it.
    items = [el for el in body.iter(_wq("fldChar"), _wq("instrText"))]
    for i, el in enumerate(items):
        if el.tag != _wq("instrText") or not (el.text or "").strip().startswith("TOC"):
            continue
        begin = next((b for b in reversed(items[:i]) if b.tag == _wq("fldChar")
                      and b.get(_wq("fldCharType")) == "begin"), None)
        depth, end = 0, None
        for later in items[i + 1:]:
            if later.tag != _wq("fldChar"):
                continue
            kind = later.get(_wq("fldCharType"))
            if kind == "begin":
                depth += 1
            elif kind == "end":
                if depth == 0:
                    end = later
                    break
                depth -= 1
        if begin is None or end is None:
            return
        first, last = _body_paragraph(begin, body), _body_paragraph(end, body)
        if first is None or last is None:
            return
        facts["toc"], facts["toc_depth"] = True, _toc_depth(el.text or "")
        # A Word contents control: replace the whole control (its "Contents" title too).
        sdt = first.getparent()
        if (sdt is not None and sdt.tag == _wq("sdtContent") and last.getparent() is sdt
                and sdt.getparent().find("w:sdtPr/w:docPartObj/w:docPartGallery", NS) is not None):
            control = sdt.getparent()
            control.addprevious(_marker_paragraph(TOC_MARK))
            control.getparent().remove(control)
            return
        if first.getparent() is not last.getparent():
            return
        parent = first.getparent()
        siblings = list(parent)
        a, b = siblings.index(first), siblings.index(last)
        first.addprevious(_marker_paragraph(TOC_MARK))
        for p in siblings[a:b + 1]:
            parent.remove(p)
        return


def _break_styles(styles_xml: bytes | None) -> set[str]:
    """Paragraph styles that start a new page (``pageBreakBefore``, directly or inherited)."""
    if not styles_xml:
        return set()
    root = etree.fromstring(styles_xml)
    own: dict[str, bool | None] = {}
    based: dict[str, str] = {}
    for style in root.iterfind("w:style", NS):
        if style.get(_wq("type")) != "paragraph":
            continue
        sid = style.get(_wq("styleId"))
        flag = style.find("w:pPr/w:pageBreakBefore", NS)
        own[sid] = None if flag is None else flag.get(_wq("val"), "true") not in ("0", "false", "off")
        parent = style.find("w:basedOn", NS)
        if parent is not None:
            based[sid] = parent.get(_wq("val"))

    def breaks(sid: str, seen: tuple = ()) -> bool:
        if sid in seen or sid not in own:
            return False
        if own[sid] is not None:
            return bool(own[sid])
        return breaks(based[sid], (*seen, sid)) if sid in based else False

    return {sid for sid in own if breaks(sid)}


def _mark_page_breaks(body: etree._Element, facts: dict, break_styles: set[str]) -> None:
    for br in list(body.iterfind(".//w:br", NS)):
        if br.get(_wq("type")) != "page":
            continue
        p = _body_paragraph(br, body)
        if p is None:
            continue
        # before or after the paragraph's text?
        text_before = ""
        for node in p.iter(_wq("t"), _wq("br")):
            if node is br:
                break
            if node.tag == _wq("t"):
                text_before += node.text or ""
        if text_before.strip():
            p.addnext(_marker_paragraph(BREAK_MARK))
        else:
            p.addprevious(_marker_paragraph(BREAK_MARK))
        br.getparent().remove(br)
        facts["breaks"] += 1
    # a section break that starts a new page (Word's default kind) ends its paragraph
    for sect in list(body.iterfind(".//w:pPr/w:sectPr", NS)):
        kind = sect.find("w:type", NS)
        if kind is not None and kind.get(_wq("val")) in ("continuous", "nextColumn"):
            continue
        p = _body_paragraph(sect, body)
        if p is not None:
            p.addnext(_marker_paragraph(BREAK_MARK))
            facts["breaks"] += 1
    # "page break before", set on the paragraph or by its style (Word's Heading 1 often is)
    for p in list(body.iter(_wq("p"))):
        if _body_paragraph(p, body) is not p:
            continue
        flag = p.find("w:pPr/w:pageBreakBefore", NS)
        if flag is not None:
            on = flag.get(_wq("val"), "true") not in ("0", "false", "off")
        else:
            style = p.find("w:pPr/w:pStyle", NS)
            on = style is not None and style.get(_wq("val")) in break_styles
        if on:
            p.addprevious(_marker_paragraph(BREAK_MARK))
            facts["breaks"] += 1
