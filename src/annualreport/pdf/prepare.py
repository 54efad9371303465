"""The private copy of a Word document that LibreOffice converts, made ready in one pass.

* The document title goes into its properties (it becomes the PDF's title).
* A contents field (``TOC``) whose result is still Word's placeholder gets one line per
  heading it will list, in the contents styles, with a dummy page number. LibreOffice
  fills the contents in again from the headings before export; but when the placeholder
  was one line and the contents are two pages, filling them moves every heading after them
  and the page numbers must be worked out a second time (a whole second layout of the
  document: about 0.3 s on 75 pages). With the lines already there, the contents keep
  their size, and ``uno_convert.update_indexes`` sees that nothing moved and stops after
  one pass. If the guess is wrong (a heading wraps differently, say), it sees that too and
  makes the second pass: the PDF is right either way.

The user's own DOCX is never changed: only the copy in the engine's temporary folder.
Entries are stored uncompressed: the copy lives a few seconds, and LibreOffice reads a
stored entry as fast as a deflated one.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CORE = "docProps/core.xml"
DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
TOC_INSTR = re.compile(rb"<w:instrText[^>]*>\s*TOC\b")
TABLE_STYLE = re.compile(rb"<w:tblStyle\b")
LEVELS = re.compile(r'\\o\s+"(\d+)-(\d+)"')
#: a dummy page number as wide as most real ones
DUMMY_PAGE = "99"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def private_copy(src: Path, dst: Path, title: str | None = None, prefill_toc: bool = True,
                 bake_tables: bool = True) -> None:
    """Write ``src`` to ``dst`` with ``title`` set and the contents pre-filled (see above).

    Anything this cannot read is copied unchanged: LibreOffice then reports a broken file
    in its own words.
    """
    try:
        with zipfile.ZipFile(src) as zin:
            infos = zin.infolist()
            data = {info.filename: zin.read(info.filename) for info in infos}
    except (OSError, zipfile.BadZipFile, KeyError):
        dst.write_bytes(Path(src).read_bytes())
        return
    if title and CORE in data:
        data[CORE] = _titled(data[CORE], title)
    prefill = prefill_toc and DOCUMENT in data and TOC_INSTR.search(data[DOCUMENT])
    bake = bake_tables and DOCUMENT in data and TABLE_STYLE.search(data[DOCUMENT])
    if prefill or bake:
        data[DOCUMENT] = _rewritten(data[DOCUMENT], data.get(STYLES), prefill, bake)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in infos:
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.external_attr = info.external_attr
            zout.writestr(copy, data[info.filename])


def _titled(xml: bytes, title: str) -> bytes:
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    node = root.find(DC_TITLE)
    if node is None:
        node = etree.SubElement(root, DC_TITLE)
    node.text = title
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _outline_levels(root) -> dict[str, int]:
    """Paragraph style id -> outline level (0 = Heading 1), following ``w:basedOn``."""
    if root is None:
        return {}
    own: dict[str, int] = {}
    based: dict[str, str] = {}
    for style in root.iter(_w("style")):
        sid = style.get(_w("styleId"))
        if sid is None:
            continue
        level = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if level is not None and (level.get(_w("val")) or "").isdigit():
            own[sid] = int(level.get(_w("val")))
        parent = style.find(_w("basedOn"))
        if parent is not None:
            based[sid] = parent.get(_w("val"))
    levels: dict[str, int] = {}
    for sid in set(own) | set(based):
        seen, cur = 0, sid
        while cur is not None and seen < 20:
            if cur in own:
                levels[sid] = own[cur]
                break
            cur, seen = based.get(cur), seen + 1
    return levels


def _rewritten(xml: bytes, styles_xml: bytes | None, prefill: bool, bake: bool) -> bytes:
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return xml
    styles = None
    if styles_xml:
        try:
            styles = etree.fromstring(styles_xml)
        except etree.XMLSyntaxError:
            styles = None
    changed = False
    if prefill:
        changed |= _prefill(root, styles)
    if bake:
        from .tables import bake_table_styles

        changed |= bake_table_styles(root, styles) > 0
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _prefill(root, styles_root) -> bool:
    """One line per heading in the contents field's result; False if nothing was done."""
    body = root.find(_w("body"))
    if body is None:
        return False
    instr = next((e for e in body.iter(_w("instrText")) if re.match(r"\s*TOC\b", e.text or "")), None)
    if instr is None:
        return False
    field_paragraph = instr.getparent().getparent()
    if field_paragraph is None or field_paragraph.tag != _w("p") or field_paragraph.getparent() is not body:
        return False
    runs = list(field_paragraph)
    chars = {}
    for run in runs:
        char = run.find(_w("fldChar")) if run.tag == _w("r") else None
        if char is not None:
            chars.setdefault(char.get(_w("fldCharType")), run)
    separate, end = chars.get("separate"), chars.get("end")
    if separate is None or end is None or runs.index(end) < runs.index(separate):
        return False  # a result that runs over several paragraphs: already filled, leave it
    match = LEVELS.search(instr.text or "")
    low, high = (int(match.group(1)), int(match.group(2))) if match else (1, 3)
    styles = _outline_levels(styles_root)
    headings: list[tuple[int, str]] = []
    for paragraph in body.iter(_w("p")):
        level = None
        ppr = paragraph.find(_w("pPr"))
        if ppr is not None:
            direct = ppr.find(_w("outlineLvl"))
            if direct is not None and (direct.get(_w("val")) or "").isdigit():
                level = int(direct.get(_w("val")))
            else:
                style = ppr.find(_w("pStyle"))
                if style is not None:
                    level = styles.get(style.get(_w("val")))
        if level is None or not (low - 1 <= level <= high - 1):
            continue
        text = "".join(t.text or "" for t in paragraph.iter(_w("t"))).strip()
        if text:
            headings.append((level, text))
    if not headings:
        return False
    # the placeholder result goes; each heading becomes a line "text<tab>99"
    start, stop = runs.index(separate), runs.index(end)
    for run in runs[start + 1 : stop]:
        field_paragraph.remove(run)
    field_paragraph.remove(end)
    _style(field_paragraph, headings[0][0])
    _entry(field_paragraph, headings[0][1])
    last = field_paragraph
    for level, text in headings[1:]:
        paragraph = etree.Element(_w("p"))
        _style(paragraph, level)
        _entry(paragraph, text)
        last.addnext(paragraph)
        last = paragraph
    last.append(end)
    return True


def _style(paragraph, level: int) -> None:
    ppr = paragraph.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        paragraph.insert(0, ppr)
    for child in list(ppr):
        ppr.remove(child)
    etree.SubElement(ppr, _w("pStyle")).set(_w("val"), f"TOC{level + 1}")


def _entry(paragraph, text: str) -> None:
    run = etree.SubElement(paragraph, _w("r"))
    node = etree.SubElement(run, _w("t"))
    node.text = text
    node.set(XML_SPACE, "preserve")
    etree.SubElement(etree.SubElement(paragraph, _w("r")), _w("tab"))
    etree.SubElement(etree.SubElement(paragraph, _w("r")), _w("t")).text = DUMMY_PAGE
