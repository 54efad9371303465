"""Table styles written out as direct formatting, in LibreOffice's private copy only.

LibreOffice's Word import spends most of its time on tables that use a table style: it
works the style's formatting out cell by cell, paragraph by paragraph (measured: 0.45 s of
the 0.95 s it takes to open the 80-page report; without the style reference, 0.5 s). The
same formatting given directly (borders and cell margins on the table, the header row's
shading, bold and colour on its cells and runs) is read at no extra cost, and looks the same.

Only what can be written out exactly is: the whole-table formatting and the conditional
formats of the first and last row and column, as ``w:tblLook`` switches them on. A table
whose style has anything else (banded rows or columns, corner cells), or whose paragraphs
or runs get a property from their own style that the table style also sets (where the two
programs' rules of precedence could differ), keeps its style reference and is left as it
is. The user's DOCX is never changed.
"""

from __future__ import annotations

import copy

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _local(el) -> str:
    return etree.QName(el).localname


SUPPORTED = ("wholeTable", "firstRow", "lastRow", "firstCol", "lastCol")
#: properties made of parts (one per side): merged part by part
COMPOUND = {"tblBorders", "tblCellMar", "tcBorders", "tcMar", "pBdr"}
KINDS = ("tblPr", "trPr", "tcPr", "pPr", "rPr")
#: schema order of the children that matter here (others keep their place at the end)
ORDER = {
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"],
    "trPr": [],
}
#: what a table style may set on the table itself and be written out here
TABLE_LEVEL = {"tblBorders", "tblCellMar", "tblInd", "jc", "shd", "tblCellSpacing"}
LOOK_BITS = {"firstRow": 0x20, "lastRow": 0x40, "firstColumn": 0x80, "lastColumn": 0x100}


class _Skip(Exception):
    """This table cannot be written out exactly: leave it as it is."""


def _merge(into: dict[str, etree._Element], props) -> None:
    """Later properties win, tag by tag; compound ones part by part."""
    if props is None:
        return
    for child in props:
        if not isinstance(child.tag, str):
            continue
        name = _local(child)
        if name in COMPOUND and name in into:
            merged = copy.deepcopy(into[name])
            for part in child:
                old = merged.find(part.tag)
                if old is not None:
                    merged.remove(old)
                merged.append(copy.deepcopy(part))
            into[name] = merged
        else:
            into[name] = copy.deepcopy(child)


class _Styles:
    def __init__(self, styles_root):
        self.by_id = {}
        if styles_root is not None:
            for style in styles_root.iter(_w("style")):
                sid = style.get(_w("styleId"))
                if sid:
                    self.by_id[sid] = style
        self._table_cache: dict[str, dict | None] = {}
        self._defined: dict[tuple[str, str], set[str]] = {}

    def _chain(self, sid: str | None) -> list:
        chain, seen = [], set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            chain.append(style)
            based = style.find(_w("basedOn"))
            sid = based.get(_w("val")) if based is not None else None
        return list(reversed(chain))  # the farthest ancestor first

    def table(self, sid: str) -> dict | None:
        """kind -> merged properties, for the whole table and each conditional type."""
        if sid in self._table_cache:
            return self._table_cache[sid]
        chain = self._chain(sid)
        if not chain or chain[-1].get(_w("type")) != "table":
            self._table_cache[sid] = None
            return None
        merged: dict[str, dict[str, dict]] = {kind: {k: {} for k in KINDS} for kind in SUPPORTED}
        try:
            for style in chain:
                for kind in KINDS:
                    _merge(merged["wholeTable"][kind], style.find(_w(kind)))
                for conditional in style.findall(_w("tblStylePr")):
                    kind_of = conditional.get(_w("type"))
                    if kind_of not in SUPPORTED:
                        raise _Skip
                    for kind in KINDS:
                        _merge(merged[kind_of][kind], conditional.find(_w(kind)))
            for name in merged["wholeTable"]["tblPr"]:
                if name not in TABLE_LEVEL | {"tblStyleRowBandSize", "tblStyleColBandSize"}:
                    raise _Skip
            for kind_of in SUPPORTED[1:]:
                if merged[kind_of]["tblPr"]:
                    raise _Skip
        except _Skip:
            self._table_cache[sid] = None
            return None
        self._table_cache[sid] = merged
        return merged

    def defined(self, sid: str | None, kind: str) -> set[str]:
        """The ``kind`` (pPr or rPr) properties a paragraph or character style sets."""
        key = (sid or "", kind)
        if key not in self._defined:
            names: set[str] = set()
            for style in self._chain(sid):
                if style.get(_w("default")) == "1":
                    continue  # the default paragraph style: a table style's formatting wins over it
                props = style.find(_w(kind))
                if props is not None:
                    names |= {_local(c) for c in props if isinstance(c.tag, str)}
            self._defined[key] = names
        return self._defined[key]


def _look(tbl_pr) -> dict[str, bool]:
    look = tbl_pr.find(_w("tblLook"))
    found = {"firstRow": True, "lastRow": False, "firstColumn": True, "lastColumn": False}
    if look is None:
        return found
    value = look.get(_w("val"))
    if value:
        try:
            bits = int(value, 16)
            found = {name: bool(bits & bit) for name, bit in LOOK_BITS.items()}
        except ValueError:
            pass
    for name in found:
        text = look.get(_w(name))
        if text is not None:
            found[name] = text in ("1", "true", "on")
    return found


def _apply(container, kind: str, props: dict[str, etree._Element], before: tuple[str, ...] = ()) -> None:
    """Give ``container`` (a w:tc, w:tr, w:p, w:r or w:tbl) the properties it lacks."""
    if not props:
        return
    holder = container.find(_w(kind))
    if holder is None:
        holder = etree.Element(_w(kind))
        first = container[0] if len(container) else None
        if kind == "trPr" and first is not None and first.tag == _w("tblPrEx"):
            first.addnext(holder)
        else:
            container.insert(0, holder)
    present = {_local(c): c for c in holder if isinstance(c.tag, str)}
    for name, element in props.items():
        if name in present:
            if name in COMPOUND:
                have = {p.tag for p in present[name]}
                for part in element:
                    if part.tag not in have:
                        present[name].append(copy.deepcopy(part))
            continue
        holder.append(copy.deepcopy(element))
    _sort(holder, kind)


def _sort(holder, kind: str) -> None:
    """Children in the schema's order (stable: unknown ones keep their order, at the end)."""
    order = ORDER.get(kind) or []
    if not order:
        return
    rank = {name: i for i, name in enumerate(order)}
    children = list(holder)
    children.sort(key=lambda c: rank.get(_local(c), len(order)) if isinstance(c.tag, str) else len(order))
    for child in children:
        holder.append(child)


def _cells(row) -> list:
    cells = []
    for child in row:
        if child.tag == _w("tc"):
            cells.append(child)
        elif isinstance(child.tag, str) and _local(child) not in ("trPr", "tblPrEx"):
            raise _Skip  # cells inside content controls and the like
    return cells


def _span(cell) -> int:
    span = cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")
    try:
        return int(span.get(_w("val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _plan(tbl, styles: _Styles, merged: dict) -> list[tuple]:
    """What to apply where, or _Skip."""
    tbl_pr = tbl.find(_w("tblPr"))
    look = _look(tbl_pr)
    rows = [child for child in tbl if child.tag == _w("tr")]
    if any(isinstance(c.tag, str) and _local(c) not in ("tblPr", "tblGrid", "tr") for c in tbl):
        raise _Skip
    grid = tbl.find(_w("tblGrid"))
    columns = len(grid.findall(_w("gridCol"))) if grid is not None else None
    actions: list[tuple] = [("tbl", tbl, "tblPr", {k: v for k, v in merged["wholeTable"]["tblPr"].items() if k in TABLE_LEVEL})]
    cache: dict[tuple, dict] = {}  # conditional types -> merged properties
    for i, row in enumerate(rows):
        row_kinds = ["wholeTable"]
        if look["lastRow"] and i == len(rows) - 1:
            row_kinds.append("lastRow")
        if look["firstRow"] and i == 0:
            row_kinds.append("firstRow")
        row_props: dict = {}
        for kind_of in row_kinds:
            _merge(row_props, _props(merged[kind_of]["trPr"]))
        if row_props:
            actions.append(("tr", row, "trPr", row_props))
        position = 0
        cells = _cells(row)
        for j, cell in enumerate(cells):
            span = _span(cell)
            kinds = ["wholeTable"]
            if look["firstColumn"] and position == 0:
                kinds.append("firstCol")
            if look["lastColumn"] and (position + span == columns if columns else j == len(cells) - 1):
                kinds.append("lastCol")
            kinds += [k for k in row_kinds if k != "wholeTable"]
            position += span
            key = tuple(kinds)
            props = cache.get(key)
            if props is None:
                props = cache[key] = {kind: {} for kind in ("tcPr", "pPr", "rPr")}
                for kind_of in kinds:
                    for kind in props:
                        _merge(props[kind], _props(merged[kind_of][kind]))
            if props["tcPr"]:
                actions.append(("tc", cell, "tcPr", props["tcPr"]))
            if not props["pPr"] and not props["rPr"]:
                if any(child.tag == _w("tbl") for child in cell):
                    raise _Skip
                continue
            for paragraph in cell.iter(_w("p")):
                if paragraph.getparent() is not cell:
                    raise _Skip  # nested tables, text boxes: not here
                ppr = paragraph.find(_w("pPr"))
                style = ppr.find(_w("pStyle")) if ppr is not None else None
                sid = style.get(_w("val")) if style is not None else None
                if set(props["pPr"]) & styles.defined(sid, "pPr") or set(props["rPr"]) & styles.defined(sid, "rPr"):
                    raise _Skip
                actions.append(("p", paragraph, "pPr", props["pPr"]))
                if props["rPr"]:
                    actions.append(("mark", paragraph, "rPr", props["rPr"]))
                for run in paragraph.iter(_w("r")):
                    rpr = run.find(_w("rPr"))
                    rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
                    if rstyle is not None and set(props["rPr"]) & styles.defined(rstyle.get(_w("val")), "rPr"):
                        raise _Skip
                    actions.append(("r", run, "rPr", props["rPr"]))
    return actions


def _props(mapping: dict[str, etree._Element]) -> list:
    return list(mapping.values())


def bake_table_styles(document_root, styles_root) -> int:
    """Write the table styles of ``document_root``'s tables out as direct formatting (see
    above); returns how many tables were changed."""
    styles = _Styles(styles_root)
    baked = 0
    body = document_root.find(_w("body"))
    if body is None:
        return 0
    for tbl in list(body.iter(_w("tbl"))):
        tbl_pr = tbl.find(_w("tblPr"))
        style = tbl_pr.find(_w("tblStyle")) if tbl_pr is not None else None
        if style is None or any(True for _ in tbl.iterancestors(_w("tbl"))) or next(tbl.iterdescendants(_w("tbl")), None) is not None:
            continue
        merged = styles.table(style.get(_w("val")) or "")
        if merged is None:
            continue
        try:
            actions = _plan(tbl, styles, merged)
        except _Skip:
            continue
        for where, element, kind, props in actions:
            if where == "mark":
                ppr = element.find(_w("pPr"))
                if ppr is None:
                    ppr = etree.Element(_w("pPr"))
                    element.insert(0, ppr)
                _apply(ppr, "rPr", props)
                _sort(ppr, "pPr")
            elif where == "p":
                if props:
                    _apply(element, "pPr", props)
            else:
                _apply(element, kind, props)
        tbl_pr.remove(style)
        baked += 1
    return baked
