#!/usr/bin/env python3
"""(Re)create the two Word templates used by ``annualreport``.

    python scripts/make_templates.py            # writes templates/annual.docx, templates/covering.docx
    python scripts/make_templates.py --out-dir /tmp/t

Both templates start from pandoc's own reference document (so that every style
pandoc writes -- Heading 1-9, Title, Body Text, First Paragraph, Compact, the
``Table`` table style, Hyperlink, Footnote Text ... -- exists with pandoc's
style ids), have its sample content removed, and are then given a plain council
house style: Arial throughout, 11 pt body text, bold dark headings with at least
4.5:1 contrast on white, A4 with 2.5 cm margins, a running header and a
"Page N of M" footer.

``annual.docx`` is also the ``--reference-doc`` for pandoc, so do not rename
styles here.  Jinja tags for docxtpl are written one paragraph = one run, so Word
never splits a tag across runs.  Comms staff may edit the resulting files in Word
afterwards; re-running this script overwrites their edits.
"""

from __future__ import annotations

import argparse
import shutil
import datetime as dt
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- house style
FONT = "Arial"
NAVY = "1F3864"  # headings, table header fill, cover band
TEAL = "0B5563"  # heading 3, rules
GREY = "404040"  # header/footer, subtitles, captions
LINK = "0563C1"  # hyperlinks
BORDER = "8C8C8C"  # table borders
PALE = "E7ECF5"  # first-column fill in key/value tables
WHITE = "FFFFFF"

PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.5)
TEXT_W = 9071  # twips: 21 cm - 2 x 2.5 cm
NUM_INDENT = 709  # twips (1.25 cm): hanging indent for "1.1<tab>text" paragraphs

REPORT_TITLE = "Safeguarding children partnership yearly report"
COVERING_TITLE = "Committee covering report: safeguarding children partnership yearly report"


def _luminance(hex_colour: str) -> float:
    def chan(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * chan(r) + 0.7152 * chan(g) + 0.0722 * chan(b)


def contrast(fg: str, bg: str = WHITE) -> float:
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


for _c in (NAVY, TEAL, GREY, LINK):  # text colours on white, and white text on navy
    assert contrast(_c) >= 4.5, _c
assert contrast(WHITE, NAVY) >= 4.5
assert contrast(NAVY, PALE) >= 4.5


# --------------------------------------------------------------------------- small XML helpers
def w_el(tag: str, **attrs: str):
    """A w: element; attribute names are given without the w: prefix."""
    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
    "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
    "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
]
STYLE_ORDER = [
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
]


def put(parent, child, order: list[str]):
    """Insert ``child`` into ``parent`` at its schema position, replacing a same-named child."""
    name = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    rank = order.index(name)
    for i, sib in enumerate(parent):
        sname = sib.tag.split("}")[1]
        if sname in order and order.index(sname) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def ppr_of(style_el):
    ppr = style_el.find(qn("w:pPr"))
    if ppr is None:
        ppr = put(style_el, w_el("pPr"), STYLE_ORDER)
    return ppr


def border(side: str, colour: str, sz: int = 4, space: int = 1):
    return w_el(side, val="single", sz=sz, space=space, color=colour)


def para_border(**sides):
    """pBdr with e.g. bottom=(colour, size_eighths, space_pt)."""
    bdr = w_el("pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            colour, sz, space = sides[side]
            bdr.append(border(side, colour, sz, space))
    return bdr


# --------------------------------------------------------------------------- base document
def pandoc_reference(tmp: Path) -> Path:
    ref = tmp / "pandoc-reference.docx"
    subprocess.run(
        [pypandoc.get_pandoc_path(), "-o", str(ref), "--print-default-data-file", "reference.docx"],
        check=True,
    )
    return ref


def strip_sample(doc: docx.document.Document) -> None:
    """Remove pandoc's sample body, footnote, comments part and example hyperlink."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    part = doc.part
    for rid, rel in list(part.rels.items()):
        kind = rel.reltype.rsplit("/", 1)[-1]
        if rel.is_external or kind == "comments":
            part.drop_rel(rid)
        elif kind == "footnotes":  # keep only the separator footnotes
            fpart = rel.target_part
            blob = fpart.blob.decode("utf-8")
            blob = re.sub(r'\s*<w:footnote w:id="\d+">.*?</w:footnote>', "", blob, flags=re.S)
            fpart._blob = blob.encode("utf-8")
        elif kind == "theme":  # theme fonts -> Arial, so Word's "Body"/"Headings" are Arial too
            tpart = rel.target_part
            blob = tpart.blob.decode("utf-8")
            blob = re.sub(r'<a:latin typeface="[^"]*"( panose="[^"]*")?', '<a:latin typeface="Arial" panose="020B0604020202020204"', blob)
            tpart._blob = blob.encode("utf-8")
        elif kind == "fontTable":
            fpart = rel.target_part
            blob = fpart.blob.decode("utf-8")
            if 'w:name="Arial"' not in blob:
                arial = (
                    '<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
                    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
                )
                blob = re.sub(r"(<w:fonts[^>]*>)", r"\1" + arial, blob, count=1)
            fpart._blob = blob.encode("utf-8")


def settings(doc) -> None:
    st = doc.settings.element
    lang = st.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
    # Word 2013+ layout, so Word does not open the template in "Compatibility Mode".
    if st.find(qn("w:compat")) is None:
        compat = parse_xml(
            f'<w:compat {nsdecls("w")}><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        )
        anchor = st.find(qn("w:footnotePr"))
        if anchor is not None:
            anchor.addnext(compat)
        else:
            st.find(qn("w:rsids")).addprevious(compat)


def core_properties(doc, title: str, subject: str) -> None:
    cp = doc.core_properties
    cp.title = title
    cp.subject = subject
    cp.author = ""
    cp.last_modified_by = ""
    cp.keywords = "safeguarding children partnership; yearly report"
    cp.language = "en-GB"
    cp.comments = "Template for annualreport (docxtpl). Generated by scripts/make_templates.py."
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    cp.created = now
    cp.modified = now
    cp.revision = 1


# --------------------------------------------------------------------------- styles
def style_el(doc, style_id: str):
    found = doc.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')
    return found[0] if found else None


def set_font(style, size=None, bold=None, italic=None, colour=None):
    f = style.font
    if size is not None:
        f.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        szcs = rpr.find(qn("w:szCs"))
        if szcs is None:
            szcs = w_el("szCs")
            rpr.find(qn("w:sz")).addnext(szcs)
        szcs.set(qn("w:val"), str(int(size * 2)))
    if bold is not None:
        f.bold = bold
        f.cs_bold = bold
    if italic is not None:
        f.italic = italic
        f.cs_italic = italic
    if colour is not None:
        f.color.rgb = RGBColor.from_string(colour)


def set_para(style, before=None, after=None, keep_next=None, page_break=None, align=None):
    pf = style.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next is not None:
        pf.keep_with_next = keep_next
        pf.keep_together = keep_next
    if page_break is not None:
        pf.page_break_before = page_break
    if align is not None:
        pf.alignment = align


def add_style(doc, xml: str):
    el = parse_xml(xml.replace("<w:style ", f"<w:style {nsdecls('w')} ", 1))
    old = style_el(doc, el.get(qn("w:styleId")))
    if old is not None:
        old.getparent().remove(old)
    doc.styles.element.append(el)
    return el


def house_styles(doc, *, h1_size: float, h2_size: float, h1_page_break: bool) -> None:
    styles = doc.styles
    root = styles.element

    # Document defaults: Arial 11 pt, British English, modest spacing.
    rpr = root.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(w_el("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT))
    rpr.append(w_el("sz", val=22))
    rpr.append(w_el("szCs", val=22))
    rpr.append(w_el("lang", val="en-GB", eastAsia="en-GB", bidi="ar-SA"))
    ppr = root.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(w_el("spacing", after=160, line=264, lineRule="auto"))

    # No theme fonts or theme colours anywhere: explicit Arial and explicit colours.
    for rf in root.iter(qn("w:rFonts")):
        for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            rf.attrib.pop(qn(f"w:{a}"), None)
        if not rf.attrib:
            rf.getparent().remove(rf)
    for col in root.iter(qn("w:color")):
        for a in ("themeColor", "themeShade", "themeTint"):
            col.attrib.pop(qn(f"w:{a}"), None)

    def both(name: str, **font):
        """Apply font settings to a paragraph style and its linked character style."""
        st = styles[name]
        set_font(st, **font)
        link = st.element.find(qn("w:link"))
        if link is not None:
            cid = link.get(qn("w:val"))
            for s in styles:
                if s.style_id == cid and s.type == WD_STYLE_TYPE.CHARACTER:
                    set_font(s, **font)
        return st

    # Body text.
    set_para(styles["Body Text"], before=0, after=8)
    set_para(styles["Compact"], before=2, after=2)

    # Headings: bold, dark, keep with next.
    spec = {
        "Heading 1": dict(size=h1_size, bold=True, italic=False, colour=NAVY, before=18, after=8),
        "Heading 2": dict(size=h2_size, bold=True, italic=False, colour=NAVY, before=14, after=6),
        "Heading 3": dict(size=12, bold=True, italic=False, colour=TEAL, before=12, after=4),
        "Heading 4": dict(size=11, bold=True, italic=False, colour=NAVY, before=10, after=3),
        "Heading 5": dict(size=11, bold=True, italic=False, colour=GREY, before=8, after=2),
        "Heading 6": dict(size=11, bold=False, italic=True, colour=GREY, before=8, after=2),
    }
    for name, s in spec.items():
        st = both(name, size=s["size"], bold=s["bold"], italic=s["italic"], colour=s["colour"])
        set_para(st, before=s["before"], after=s["after"], keep_next=True)
    if h1_page_break:
        set_para(styles["Heading 1"], page_break=True)
    for n in (2, 3, 4, 5, 6):  # show the common headings in Word's style gallery
        el = styles[f"Heading {n}"].element
        for tag in ("semiHidden",):
            for x in el.findall(qn(f"w:{tag}")):
                el.remove(x)

    # Title page styles.
    st = both("Title", size=34, bold=True, colour=NAVY)
    set_para(st, before=0, after=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    st = both("Subtitle", size=16, bold=False, colour=GREY)
    set_para(st, before=0, after=8, align=WD_ALIGN_PARAGRAPH.LEFT)
    for name in ("Author", "Date"):
        st = both(name, size=12, bold=False, colour=GREY)
        set_para(st, before=0, after=4, align=WD_ALIGN_PARAGRAPH.LEFT)

    # Contents heading: looks like Heading 1, but body-text outline level so it is not listed.
    toch = style_el(doc, "TOCHeading")
    st = styles["TOC Heading"]
    set_font(st, size=h1_size, bold=True, colour=NAVY)
    set_para(st, before=0, after=12, keep_next=True, page_break=True)
    ppr = ppr_of(toch)
    for sp in ppr.findall(qn("w:spacing")):
        for a in ("line", "lineRule"):
            sp.attrib.pop(qn(f"w:{a}"), None)
    put(ppr, w_el("outlineLvl", val=9), PPR_ORDER)

    # Table of contents entries (built-in "toc 1", "toc 2"), used when Word updates the field.
    for level, (indent, bold, before) in {1: (0, True, 6), 2: (284, False, 2)}.items():
        add_style(
            doc,
            f'<w:style w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
            f'<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
            f"<w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{TEXT_W}\"/></w:tabs>"
            f'<w:spacing w:before="{before * 20}" w:after="60"/><w:ind w:left="{indent}"/></w:pPr>'
            + ("<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else "")
            + "</w:style>",
        )

    # Running header and footer.
    add_style(
        doc,
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
        f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{BORDER}"/></w:pBdr>'
        f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_W // 2}"/><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    )
    add_style(
        doc,
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr>'
        f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_W // 2}"/><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/></w:pPr>'
        f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    )

    # Quotations, captions, footnotes, links.
    bt = style_el(doc, "BlockText")
    put(ppr_of(bt), para_border(left=(TEAL, 18, 8)), PPR_ORDER)
    set_para(styles["Block Text"], before=6, after=6)
    caption = next(s for s in styles if s.style_id == "Caption")  # "Caption" is not Word's UI name here
    set_font(caption, size=10, bold=True, italic=False, colour=GREY)
    set_para(caption, before=6, after=4)
    set_font(styles["Footnote Text"], size=10)
    set_para(styles["Footnote Text"], before=0, after=3)
    hl = styles["Hyperlink"]
    set_font(hl, colour=LINK)
    hl.font.underline = True

    # The "Table" table style (pandoc's id): thin grey grid, padded cells, navy header row.
    table = style_el(doc, "Table")
    for tag in ("semiHidden", "unhideWhenUsed", "tblPr", "trPr", "tcPr", "tblStylePr", "pPr", "rPr"):
        for x in table.findall(qn(f"w:{tag}")):
            table.remove(x)
    grid = "".join(
        f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for s in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    for frag in (
        f'<w:tblPr {nsdecls("w")}><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{grid}</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:pPr><w:keepNext/></w:pPr>'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="{WHITE}"/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/><w:vAlign w:val="bottom"/></w:tcPr>'
        "</w:tblStylePr>",
        f'<w:tblStylePr {nsdecls("w")} w:type="firstCol"><w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/></w:rPr>'
        f'<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{PALE}"/></w:tcPr></w:tblStylePr>',
    ):
        table.append(parse_xml(frag))


def add_bullet_list_style(doc) -> None:
    """A bullet numbering definition and the built-in "List Bullet" style that uses it."""
    numbering = doc.part.numbering_part.element
    for el in list(numbering):  # pandoc's own list definitions are not needed here
        numbering.remove(el)
    levels = ""
    for lvl, (char, left) in enumerate((("\u2022", NUM_INDENT + 368), ("\u2013", NUM_INDENT + 736))):
        pstyle = '<w:pStyle w:val="ListBullet"/>' if lvl == 0 else ""
        levels += (
            f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>{pstyle}'
            f'<w:lvlText w:val="{char}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs><w:ind w:left="{left}" w:hanging="368"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl>'
        )
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="1"><w:nsid w:val="5A1C0B11"/>'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    ))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="1"><w:abstractNumId w:val="1"/></w:num>'))
    add_style(
        doc,
        '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:qFormat/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:before="0" w:after="80"/></w:pPr></w:style>',
    )


# --------------------------------------------------------------------------- page set-up
def field_runs(paragraph, instr: str, placeholder: str) -> None:
    """A complex field (begin / instrText / separate / result / end) in ``paragraph``."""
    def run_with(el):
        r = paragraph.add_run()
        r._r.append(el)
        return r

    run_with(w_el("fldChar", fldCharType="begin"))
    it = w_el("instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = f" {instr} "
    run_with(it)
    run_with(w_el("fldChar", fldCharType="separate"))
    paragraph.add_run(placeholder)
    run_with(w_el("fldChar", fldCharType="end"))


def page_setup(doc, header_text: str, *, blank_first_page: bool) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = PAGE_W, PAGE_H
    sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = MARGIN
    sec.header_distance = sec.footer_distance = Cm(1.25)

    sec.header.is_linked_to_previous = False
    hp = sec.header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.add_run(header_text)

    sec.footer.is_linked_to_previous = False
    fp = sec.footer.paragraphs[0]
    fp.style = doc.styles["Footer"]
    fp.add_run("Page ")
    field_runs(fp, "PAGE", "1")
    fp.add_run(" of ")
    field_runs(fp, "NUMPAGES", "1")

    if blank_first_page:  # cover page: empty first-page header and footer
        sec.different_first_page_header_footer = True
        sec.first_page_header.is_linked_to_previous = False
        sec.first_page_footer.is_linked_to_previous = False
        for part in (sec.first_page_header, sec.first_page_footer):
            p = part.paragraphs[0]
            p.style = doc.styles["Normal"]


# --------------------------------------------------------------------------- body helpers
def para(doc_or_cell, text: str = "", style: str | None = "Body Text", *, bold: bool = False):
    """One paragraph, its text in ONE run (so Jinja tags are never split)."""
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        r = p.add_run(text)
        if bold:
            r.bold = True
    return p


def numbered(doc, number: str, text: str):
    """A council-style numbered paragraph: "4.1<tab>text" with a hanging indent."""
    p = para(doc, f"{number}\t{text}", "Body Text")
    ppr = p._p.get_or_add_pPr()
    tabs = w_el("tabs")
    tabs.append(w_el("tab", val="left", pos=NUM_INDENT))
    put(ppr, tabs, PPR_ORDER)
    put(ppr, w_el("ind", left=NUM_INDENT, hanging=NUM_INDENT), PPR_ORDER)
    return p


def indented(doc, text: str, style: str = "Compact"):
    p = para(doc, text, style)
    put(p._p.get_or_add_pPr(), w_el("ind", left=NUM_INDENT), PPR_ORDER)
    return p


def tag(doc, text: str):
    """A paragraph that holds only a docxtpl {%p ...%} tag (removed on rendering)."""
    return para(doc, text, "Compact")


def bullet_loop(doc, items: str, var: str, line: str):
    tag(doc, f"{{%p for {var} in {items} %}}")
    para(doc, line, "List Bullet")
    tag(doc, "{%p endfor %}")


def table_props(table, *, look: dict[str, int], caption: str, widths_cm: list[float]):
    tbl = table._tbl
    tblpr = tbl.tblPr
    for tagname in ("tblStyle", "tblW", "tblLook", "tblCaption", "tblLayout"):
        for x in tblpr.findall(qn(f"w:{tagname}")):
            tblpr.remove(x)
    # explicit, even though "Table" is the default table style (python-docx then omits it)
    style = w_el("tblStyle", val="Table")
    tblpr.insert(0, style)
    style.addnext(w_el("tblW", w=TEXT_W, type="dxa"))
    val = 0
    for k, bit in (("firstRow", 0x20), ("lastRow", 0x40), ("firstColumn", 0x80), ("lastColumn", 0x100), ("noHBand", 0x200), ("noVBand", 0x400)):
        val |= bit if look.get(k, 0) else 0
    tblpr.append(w_el("tblLayout", type="fixed"))
    tblpr.append(w_el("tblLook", val=f"{val:04X}", **{k: str(look.get(k, 0)) for k in ("firstRow", "lastRow", "firstColumn", "lastColumn", "noHBand", "noVBand")}))
    tblpr.append(w_el("tblCaption", val=caption))
    # tblLayout must precede tblCellMar/tblLook in schema order
    layout = tblpr.find(qn("w:tblLayout"))
    tblpr.remove(layout)
    tblpr.find(qn("w:tblLook")).addprevious(layout)
    for i, wcm in enumerate(widths_cm):
        table.columns[i].width = Cm(wcm)
        for cell in table.columns[i].cells:
            cell.width = Cm(wcm)


def cell_text(cell, text: str, *, bold: bool = False, align=None):
    p = cell.paragraphs[0]
    p.style = "Compact"
    if text:
        r = p.add_run(text)
        if bold:
            r.bold = True
    if align is not None:
        p.alignment = align
    return p


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(w_el("cantSplit"))
    trpr.append(w_el("tblHeader"))


def new_document(tmp: Path, *, title: str, subject: str, h1_size: float, h2_size: float, h1_page_break: bool):
    doc = docx.Document(str(pandoc_reference(tmp)))
    strip_sample(doc)
    settings(doc)
    core_properties(doc, title, subject)
    house_styles(doc, h1_size=h1_size, h2_size=h2_size, h1_page_break=h1_page_break)
    return doc


# --------------------------------------------------------------------------- annual.docx
SLOTS = ["foreword", "summary", "about", "priorities", "reviews", "training",
         "performance", "voice", "scrutiny", "next_year", "register"]


def build_annual(tmp: Path, out: Path) -> None:
    doc = new_document(tmp, title=REPORT_TITLE, subject="Yearly report of the local safeguarding children partnership",
                       h1_size=18, h2_size=14, h1_page_break=True)

    # 1. Cover page (page 1: no header or footer).
    band = para(doc, "{{ partnership.name }}", "Normal")
    ppr = band._p.get_or_add_pPr()
    put(ppr, para_border(top=(NAVY, 4, 24), left=(NAVY, 4, 10), bottom=(NAVY, 4, 24), right=(NAVY, 4, 10)), PPR_ORDER)
    put(ppr, parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{NAVY}"/>'), PPR_ORDER)
    put(ppr, w_el("spacing", before=0, after=0), PPR_ORDER)
    put(ppr, w_el("ind", left=227, right=227), PPR_ORDER)
    run = band.runs[0]
    run.bold = True
    run.font.size = Pt(20)
    run.font.color.rgb = RGBColor.from_string(WHITE)

    t = para(doc, "{{ title }}", "Title")
    t.paragraph_format.space_before = Pt(150)
    put(t._p.get_or_add_pPr(), para_border(bottom=(TEAL, 24, 10)), PPR_ORDER)
    para(doc, "{{ period.start }} to {{ period.end }}", "Subtitle").paragraph_format.space_before = Pt(6)
    para(doc, "Published {{ published }}", "Date")

    lead = para(doc, "Lead safeguarding partners", "Body Text", bold=True)
    lead.paragraph_format.space_before = Pt(170)
    lead.paragraph_format.keep_with_next = True
    tag(doc, "{%p for lp in partnership.lead_partners %}")
    para(doc, "{{ lp.name }}, {{ lp.post }}, {{ lp.organisation }}", "Compact")
    tag(doc, "{%p endfor %}")
    scr = para(doc, "Independent scrutiny: {{ partnership.scrutineer.name }}, {{ partnership.scrutineer.post }}", "Compact")
    scr.paragraph_format.space_before = Pt(8)

    # 2. Contents page ("TOC Heading" starts a new page by its style).
    para(doc, "Contents", "TOC Heading")
    toc = doc.add_paragraph(style="Body Text")
    field_runs(toc, 'TOC \\o "1-2" \\h \\z \\u', "Right-click and choose Update Field to fill in the contents.")

    # 3. The slots; each part's content brings its own Heading 1, which starts a new page.
    for slot in SLOTS:
        para(doc, f"{{{{ part.{slot} }}}}", "Body Text")

    page_setup(doc, "{{ partnership.short_name }} yearly report {{ period.label }}", blank_first_page=True)
    doc.save(str(out))


# --------------------------------------------------------------------------- covering.docx
def build_covering(tmp: Path, out: Path) -> None:
    doc = new_document(tmp, title=COVERING_TITLE,
                       subject="Covering report to a council committee on the safeguarding children partnership yearly report",
                       h1_size=16, h2_size=13, h1_page_break=False)
    add_bullet_list_style(doc)
    # Body Text is the numbered paragraph in this report: a little more air between paragraphs.
    set_para(doc.styles["Body Text"], before=0, after=10)

    # Key/value details table: the first column is the header column.
    rows = [
        ("REPORT TO:", "{{ committee.name }}"),
        ("DATE OF MEETING:", "{{ committee.meeting }}"),
        ("AGENDA ITEM:", "{{ committee.agenda_item }}"),
        ("SUBJECT:", "{{ partnership.name }} yearly report {{ period.label }}"),
        ("LEAD OFFICER:", "{{ committee.lead_officer.name }}, {{ committee.lead_officer.post }}"),
    ]
    details = doc.add_table(rows=len(rows), cols=2, style="Table")
    table_props(details, look={"firstColumn": 1, "noVBand": 1, "noHBand": 1}, caption="Report details",
                widths_cm=[4.5, 11.5])
    for (k, v), row in zip(rows, details.rows):
        cell_text(row.cells[0], k)
        cell_text(row.cells[1], v)

    doc.add_heading("1. Purpose of the report", 1)
    numbered(doc, "1.1", "{{ committee.purpose }}")

    doc.add_heading("2. Recommendations", 1)
    tag(doc, "{%p for r in committee.recommendations %}")
    numbered(doc, "2.{{ loop.index }}", "{{ r }}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("3. Executive summary", 1)
    tag(doc, "{%p for s in committee.summary %}")
    numbered(doc, "3.{{ loop.index }}", "{{ s }}")
    tag(doc, "{%p endfor %}")

    doc.add_heading("4. Detail", 1)
    numbered(doc, "4.1",
             "Under the Children Act 2004, as amended by the Children and Social Work Act 2017, the three "
             "safeguarding partners (the local authority, the integrated care board and the chief officer of "
             "police) must make arrangements to work together, with relevant agencies, to safeguard and promote "
             "the welfare of children in their area. Working Together to Safeguard Children 2023 is the statutory "
             "guidance on these arrangements. In {{ partnership.area }} they are delivered through the "
             "{{ partnership.name }} ({{ partnership.short_name }}).")
    doc.add_heading("Headline figures", 2)
    numbered(doc, "4.2", "Between {{ period.start }} and {{ period.end }}:")
    for line in (
        "rapid reviews: {{ figures.rapid_reviews }}; local child safeguarding practice reviews: "
        "{{ figures.lcsprs }}; national reviews: {{ figures.national_reviews }}",
        "multi-agency training: {{ figures.courses }} courses over {{ figures.sessions }} sessions, "
        "attended by {{ figures.attended }} practitioners",
        "priorities in the plan: {{ figures.priorities }}; rated at the end of the year green (on track): "
        "{{ figures.green }}, amber (some progress): {{ figures.amber }}, red (not on track): {{ figures.red }}",
        "budget: {{ figures.budget_total }}, funded by the partners (see section 5)",
    ):
        para(doc, line, "List Bullet")
    doc.add_heading("Developments", 2)
    numbered(doc, "4.3", "The main developments in {{ period.label }} were:")
    bullet_loop(doc, "developments", "d", "{{ d }}")
    doc.add_heading("Challenges", 2)
    numbered(doc, "4.4", "The main challenges the partnership has identified are:")
    bullet_loop(doc, "challenges", "ch", "{{ ch }}")
    numbered(doc, "4.5",
             "References in square brackets, such as [3], point to the numbered entries of the evidence register "
             "in Appendix 1, which gives the source of each figure and statement.")

    doc.add_heading("5. Financial implications", 1)
    numbered(doc, "5.1",
             "The partnership\u2019s budget for {{ period.label }} was {{ budget_total }}, made up of the "
             "contributions shown in table 1.")
    para(doc, "Table 1: Contributions to the partnership budget, {{ period.label }}", "Table Caption")
    money = doc.add_table(rows=5, cols=4, style="Table")
    table_props(money, look={"firstRow": 1, "noVBand": 1}, caption="Contributions to the partnership budget",
                widths_cm=[4.3, 4.3, 1.7, 5.7])
    right = WD_ALIGN_PARAGRAPH.RIGHT
    head, loop_start, data, loop_end, total = money.rows
    repeat_header(head)
    for cell, text, align in zip(head.cells, ("Partner", "Financial contribution", "Share", "In kind"),
                                 (None, right, right, None)):
        cell_text(cell, text, align=align)
    cell_text(loop_start.cells[0], "{%tr for c in contributions %}")
    for cell, text, align in zip(data.cells, ("{{ c.partner }}", "{{ c.money }}", "{{ c.share }}", "{{ c.in_kind }}"),
                                 (None, right, right, None)):
        cell_text(cell, text, align=align)
    cell_text(loop_end.cells[0], "{%tr endfor %}")
    for cell, text, align in zip(total.cells, ("Total", "{{ budget_total }}", "100%", ""),
                                 (None, right, right, None)):
        cell_text(cell, text, bold=True, align=align)
    for row in (loop_start, data, loop_end, total):
        row._tr.get_or_add_trPr().append(w_el("cantSplit"))

    doc.add_heading("6. Legal implications", 1)
    numbered(doc, "6.1",
             "Section 16G of the Children Act 2004 (as amended by the Children and Social Work Act 2017) requires "
             "the safeguarding partners to publish a report at least once in every 12 months, setting out what "
             "they have done as a result of the arrangements and how effective the arrangements have been in "
             "practice.")
    numbered(doc, "6.2",
             "Working Together to Safeguard Children 2023 is the statutory guidance on the arrangements and on "
             "what the yearly report should contain. The attached report is the {{ partnership.short_name }} "
             "report for {{ period.label }}.")

    doc.add_heading("7. Equalities impact", 1)
    numbered(doc, "7.1", "{{ covering.equalities }}")

    doc.add_heading("8. Contact officer", 1)
    numbered(doc, "8.1", "For more information about this report, please contact:")
    indented(doc, "{{ committee.contact.name }}, {{ committee.contact.post }}")
    indented(doc, "Telephone: {{ committee.contact.phone }}")
    last = indented(doc, "Email: {{ committee.contact.email }}")
    last.paragraph_format.space_after = Pt(8)

    doc.add_heading("9. Background papers", 1)
    numbered(doc, "9.1",
             "Section 100D of the Local Government Act 1972 requires a report to list the background papers "
             "relied on in writing it. They are:")
    tag(doc, "{%p if covering.background_papers %}")
    bullet_loop(doc, "covering.background_papers", "bp", "{{ bp }}")
    tag(doc, "{%p else %}")
    indented(doc, "None.", "Body Text")
    tag(doc, "{%p endif %}")

    doc.add_heading("10. Appendices", 1)
    numbered(doc, "10.1", "The following are attached to this report:")
    bullet_loop(doc, "appendices", "a", "{{ a }}")

    page_setup(doc, "{{ committee.name }}: {{ committee.meeting }}", blank_first_page=False)
    doc.save(str(out))


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", type=Path, default=REPO / "templates", help="where to write the templates")
    args = ap.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for name, build in (("annual.docx", build_annual), ("covering.docx", build_covering)):
            out = args.out_dir / name
            build(tmp, out)
            print(f"wrote {out} ({out.stat().st_size:,} bytes)")
            if args.out_dir == REPO / "templates":
                # the same templates start every project that `annualreport init` makes,
                # and the example project
                for copy in (REPO / "src/annualreport/skeleton/templates", REPO / "examples/september-year/templates"):
                    shutil.copy2(out, copy / name)
                    print(f"copied it to {copy / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
