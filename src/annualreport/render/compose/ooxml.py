"""The WordprocessingML the composer works with: element names, id lookups, notes, and parts."""

from __future__ import annotations

import re
from typing import Iterable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree


R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

W_P = qn("w:p")
W_T = qn("w:t")
W_TC = qn("w:tc")
W_TBL = qn("w:tbl")
W_PPR = qn("w:pPr")
W_SECTPR = qn("w:sectPr")
W_VAL = qn("w:val")
W_ID = qn("w:id")
W_TYPE = qn("w:type")
W_STYLE = qn("w:style")
W_STYLEID = qn("w:styleId")
W_DEFAULT = qn("w:default")
W_PSTYLE = qn("w:pStyle")
W_RSTYLE = qn("w:rStyle")
W_TBLSTYLE = qn("w:tblStyle")
W_BASEDON = qn("w:basedOn")
W_LINK = qn("w:link")
W_NEXT = qn("w:next")
W_NUMID = qn("w:numId")
W_NUM = qn("w:num")
W_ABSTRACTNUM = qn("w:abstractNum")
W_ABSTRACTNUMID = qn("w:abstractNumId")
W_NSID = qn("w:nsid")
W_NUMPICBULLET = qn("w:numPicBullet")
W_LVLPICBULLETID = qn("w:lvlPicBulletId")
W_NUMSTYLELINK = qn("w:numStyleLink")
W_STYLELINK = qn("w:styleLink")
W_NUMIDMACATCLEANUP = qn("w:numIdMacAtCleanup")
W_BOOKMARKSTART = qn("w:bookmarkStart")
W_BOOKMARKEND = qn("w:bookmarkEnd")
W_COMMENT_TAGS = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference"))
WP_DOCPR = qn("wp:docPr")

R_ATTRS = etree.XPath(f"descendant-or-self::*/@*[namespace-uri()='{R_NS}']")
BOOKMARK_IDS = etree.XPath("//w:bookmarkStart/@w:id", namespaces={"w": W_NS})
DOCPR_IDS = etree.XPath(
    "//wp:docPr/@id",
    namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
)


class NoteKind:
    """Footnotes or endnotes: the names that differ between the two."""

    def __init__(self, kind: str, reltype: str, content_type: str):
        self.kind = kind
        self.reltype = reltype
        self.content_type = content_type
        self.root_tag = qn(f"w:{kind}s")
        self.note_tag = qn(f"w:{kind}")
        self.ref_tag = qn(f"w:{kind}Reference")
        self.partname = f"/word/{kind}s.xml"


FOOTNOTES = NoteKind("footnote", RT.FOOTNOTES, CT.WML_FOOTNOTES)
ENDNOTES = NoteKind("endnote", RT.ENDNOTES, CT.WML_ENDNOTES)
NOTE_KINDS = (FOOTNOTES, ENDNOTES)
STORY_RELTYPES = (RT.HEADER, RT.FOOTER, RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS)





def xml_of(part: Part) -> etree._Element:
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


def related(part: Part, reltype: str) -> Part | None:
    try:
        return part.part_related_by(reltype)
    except KeyError:
        return None


def max_int(values: Iterable[str], floor: int) -> int:
    best = floor
    for v in values:
        try:
            best = max(best, int(v))
        except (TypeError, ValueError):
            pass
    return best


def partname_template(partname: str) -> str:
    """'/word/media/image12.png' -> '/word/media/image%d.png' (for next_partname)."""
    escaped = partname.replace("%", "%%")
    template, n = re.subn(r"\d*(\.[^./]*)$", r"%d\1", escaped)
    return template if n else escaped + "%d"


def to_xml_part(owner: Part, part: Part) -> XmlPart:
    """`part` as an XmlPart, swapping it into `owner`'s relationships if it was loaded as
    a plain blob part (python-docx has no part class for notes), so that changes to its
    element are what gets saved."""
    if isinstance(part, XmlPart):
        return part
    new = XmlPart.load(part.partname, part.content_type, part.blob, part.package)
    for rel in part.rels.values():
        target = rel.target_ref if rel.is_external else rel.target_part
        new.rels.add_relationship(rel.reltype, target, rel.rId, rel.is_external)
    for rel in list(owner.rels.values()):
        if not rel.is_external and rel.target_part is part:
            del owner.rels[rel.rId]
            owner.rels.add_relationship(rel.reltype, new, rel.rId)
    return new
