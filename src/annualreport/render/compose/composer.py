"""The :class:`Composer`: body elements of one DOCX copied into another, with everything they
refer to (the package's docstring says what is carried over, and how)."""

from __future__ import annotations

import copy
from io import BytesIO
from typing import TYPE_CHECKING, Iterable

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.parts.numbering import NumberingPart
from lxml import etree

from .ooxml import (
    BOOKMARK_IDS,
    DOCPR_IDS,
    NOTE_KINDS,
    NoteKind,
    R_ATTRS,
    STORY_RELTYPES,
    WP_DOCPR,
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_BASEDON,
    W_BOOKMARKEND,
    W_BOOKMARKSTART,
    W_COMMENT_TAGS,
    W_DEFAULT,
    W_ID,
    W_LINK,
    W_LVLPICBULLETID,
    W_NEXT,
    W_NSID,
    W_NUM,
    W_NUMID,
    W_NUMIDMACATCLEANUP,
    W_NUMSTYLELINK,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_RSTYLE,
    W_SECTPR,
    W_STYLE,
    W_STYLEID,
    W_STYLELINK,
    W_TBL,
    W_TBLSTYLE,
    W_TC,
    W_TYPE,
    W_VAL,
    max_int,
    partname_template,
    related,
    to_xml_part,
    xml_of,
)

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document


class Composer:
    """Copies body elements of one `source` document into one `target` document.

    Build one per (target, source) pair and call :meth:`replace` for each slot: the style
    and numbering indexes, the id counters and the relationship/numbering maps are built
    once and shared by all calls.  Footnotes and bookmarks are copied per call (the same
    elements inserted twice get separate footnotes and bookmark ids).
    """

    def __init__(self, target: Document, source: Document):
        self.target = target
        self.source = source
        self._tpart = target.part
        self._spart = source.part
        self._package = self._tpart.package

        # styles
        self._t_styles = target.styles.element
        self._t_style_ids = {s.get(W_STYLEID) for s in self._t_styles.iterchildren(W_STYLE)}
        s_styles_part = related(self._spart, RT.STYLES)
        self._s_styles = (
            {s.get(W_STYLEID): s for s in xml_of(s_styles_part).iterchildren(W_STYLE)}
            if s_styles_part is not None
            else {}
        )

        # numbering (the target side is looked up / created lazily)
        s_num_part = related(self._spart, RT.NUMBERING)
        s_num = xml_of(s_num_part) if s_num_part is not None else None
        self._s_nums = (
            {n.get(W_NUMID): n for n in s_num.iterchildren(W_NUM)} if s_num is not None else {}
        )
        self._s_abstracts = (
            {a.get(W_ABSTRACTNUMID): a for a in s_num.iterchildren(W_ABSTRACTNUM)}
            if s_num is not None
            else {}
        )
        self._t_numbering: etree._Element | None = None
        self._num_map: dict[str, str] = {}
        self._abstract_map: dict[str, str] = {}

        # notes: kind -> (source part, {id: note element}); target side lazily
        self._s_notes: dict[str, tuple[Part | None, dict[str, etree._Element]]] = {}
        for kind in NOTE_KINDS:
            part = related(self._spart, kind.reltype)
            notes = (
                {n.get(W_ID): n for n in xml_of(part).iterchildren(kind.note_tag)}
                if part is not None
                else {}
            )
            self._s_notes[kind.kind] = (part, notes)
        self._t_notes: dict[str, tuple[XmlPart, etree._Element]] = {}
        self._next_note_id: dict[str, int] = {}

        # id counters over every story of the target
        stories = [self._tpart.element]
        for rel in self._tpart.rels.values():
            if not rel.is_external and rel.reltype in STORY_RELTYPES:
                stories.append(xml_of(rel.target_part))
        self._next_bookmark = 1 + max(max_int(BOOKMARK_IDS(e), -1) for e in stories)
        self._next_docpr = 1 + max(max_int(DOCPR_IDS(e), 0) for e in stories)

        # relationships and copied parts
        self._rel_map: dict[tuple[int, int, str], str | None] = {}
        self._part_map: dict[int, Part] = {}
        self._ext_index: dict[int, dict[tuple[str, str], str]] = {}
        self._next_rid: dict[int, int] = {}

    # ---------------------------------------------------------------- public

    def replace(self, paragraph: etree._Element, elements: Iterable[etree._Element]) -> None:
        """Insert deep copies of `elements` (body elements of the source) where
        `paragraph` (a ``w:p`` of the target) is, then remove `paragraph`.

        If `paragraph` carries a section break (``w:pPr/w:sectPr``) it is kept, emptied,
        after the inserted content so the target's sections are unchanged.  In a table
        cell, an empty paragraph is added if the cell would otherwise not end with one.
        """
        # one holder, so each rewrite below is one pass over all the copies
        holder = parse_xml(f"<w:body {nsdecls('w')}/>")
        for e in elements:
            if e.tag != W_SECTPR:
                holder.append(copy.deepcopy(e))
        self._transform(holder, self._spart, self._tpart, in_note=False)
        self._renumber_bookmarks(holder)
        copies = list(holder)

        parent = paragraph.getparent()
        for c in copies:
            paragraph.addprevious(c)
        ppr = paragraph.find(W_PPR)
        if ppr is not None and ppr.find(W_SECTPR) is not None:
            for child in list(paragraph):
                if child is not ppr:
                    paragraph.remove(child)
        else:
            parent.remove(paragraph)
        if parent.tag == W_TC:
            last = None
            for child in parent.iterchildren(W_P, W_TBL):
                last = child
            if last is None or last.tag != W_P:
                parent.append(parse_xml(f"<w:p {nsdecls('w')}/>"))

    # ---------------------------------------------------------------- transform

    def _transform(
        self,
        root: etree._Element,
        src_part: Part,
        tgt_part: Part,
        in_note: bool,
    ) -> None:
        """Rewrite one copied subtree in place so it is valid in `tgt_part`."""
        # things never copied
        for el in list(root.iter(W_SECTPR, *W_COMMENT_TAGS)):
            el.getparent().remove(el)

        # styles
        for el in root.iter(W_PSTYLE, W_RSTYLE, W_TBLSTYLE):
            sid = el.get(W_VAL)
            if sid is not None and sid not in self._t_style_ids:
                self._ensure_style(sid)

        # numbering
        for el in root.iter(W_NUMID):
            val = el.get(W_VAL)
            if val is not None and val != "0":
                el.set(W_VAL, self._map_num(val))

        # notes
        for kind in NOTE_KINDS:
            for ref in list(root.iter(kind.ref_tag)):
                if in_note:  # a note cannot hold a note reference
                    ref.getparent().remove(ref)
                    continue
                new_id = self._copy_note(kind, ref.get(W_ID))
                if new_id is None:
                    ref.getparent().remove(ref)
                else:
                    ref.set(W_ID, new_id)

        # drawings
        for el in root.iter(WP_DOCPR):
            el.set("id", str(self._next_docpr))
            self._next_docpr += 1

        # relationships
        for attr in R_ATTRS(root):
            owner = attr.getparent()
            name = attr.attrname
            new_rid = self._map_rel(src_part, tgt_part, str(attr))
            if new_rid is None:
                del owner.attrib[name]
            else:
                owner.set(name, new_rid)

    def _renumber_bookmarks(self, root: etree._Element) -> None:
        """Give the bookmarks under `root` fresh ids (names kept).  An end whose start is
        not under `root` is dropped; a start whose end is not under `root` gets an end
        right after it (a zero-length bookmark still marks the place links go to)."""
        starts: list[etree._Element] = []
        ends: list[etree._Element] = []
        for el in root.iter(W_BOOKMARKSTART, W_BOOKMARKEND):
            (starts if el.tag == W_BOOKMARKSTART else ends).append(el)
        new_ids: dict[str | None, str] = {}
        for el in starts:
            new_ids[el.get(W_ID)] = new = str(self._next_bookmark)
            self._next_bookmark += 1
            el.set(W_ID, new)
        closed = set()
        for el in ends:
            new = new_ids.get(el.get(W_ID))
            if new is None or new in closed:
                el.getparent().remove(el)
            else:
                el.set(W_ID, new)
                closed.add(new)
        for el in starts:
            if el.get(W_ID) not in closed:
                el.addnext(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{el.get(W_ID)}"/>'))

    # ---------------------------------------------------------------- styles

    def _ensure_style(self, sid: str | None) -> None:
        if sid is None or sid in self._t_style_ids:
            return
        src = self._s_styles.get(sid)
        if src is None:  # dangling reference in the source: leave it
            return
        self._t_style_ids.add(sid)
        new = copy.deepcopy(src)
        new.attrib.pop(W_DEFAULT, None)
        for el in new.iter(W_NUMID):
            val = el.get(W_VAL)
            if val is not None and val != "0":
                el.set(W_VAL, self._map_num(val))
        self._t_styles.append(new)
        for el in new.iterchildren(W_BASEDON, W_LINK, W_NEXT):
            self._ensure_style(el.get(W_VAL))

    # ---------------------------------------------------------------- numbering

    def _target_numbering(self) -> etree._Element:
        if self._t_numbering is None:
            part = related(self._tpart, RT.NUMBERING)
            if part is None:
                partnames = {p.partname for p in self._package.iter_parts()}
                name = "/word/numbering.xml"
                if name in partnames:
                    name = self._package.next_partname("/word/numbering%d.xml")
                element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
                part = NumberingPart(PackURI(name), CT.WML_NUMBERING, element, self._package)
                self._tpart.relate_to(part, RT.NUMBERING)
            part = to_xml_part(self._tpart, part)
            numbering = part.element
            self._t_numbering = numbering
            self._next_num = 1 + max_int(
                (n.get(W_NUMID) for n in numbering.iterchildren(W_NUM)), 0
            )
            self._next_abstract = 1 + max_int(
                (a.get(W_ABSTRACTNUMID) for a in numbering.iterchildren(W_ABSTRACTNUM)), -1
            )
            self._nsids = {
                el.get(W_VAL, "").upper()
                for a in numbering.iterchildren(W_ABSTRACTNUM)
                for el in a.iterchildren(W_NSID)
            }
        return self._t_numbering

    def _map_num(self, src_id: str) -> str:
        if src_id in self._num_map:
            return self._num_map[src_id]
        src = self._s_nums.get(src_id)
        if src is None:  # dangling in the source: no numbering rather than a wrong list
            self._num_map[src_id] = "0"
            return "0"
        numbering = self._target_numbering()
        new_id = str(self._next_num)
        self._next_num += 1
        self._num_map[src_id] = new_id
        new = copy.deepcopy(src)
        new.set(W_NUMID, new_id)
        for el in new.iterchildren(W_ABSTRACTNUMID):
            el.set(W_VAL, self._map_abstract(el.get(W_VAL)))
        cleanup = numbering.find(W_NUMIDMACATCLEANUP)
        if cleanup is not None:
            cleanup.addprevious(new)
        else:
            numbering.append(new)
        return new_id

    def _map_abstract(self, src_id: str) -> str:
        if src_id in self._abstract_map:
            return self._abstract_map[src_id]
        src = self._s_abstracts.get(src_id)
        numbering = self._target_numbering()
        new_id = str(self._next_abstract)
        self._next_abstract += 1
        self._abstract_map[src_id] = new_id
        if src is None:
            return new_id
        new = copy.deepcopy(src)
        new.set(W_ABSTRACTNUMID, new_id)
        for el in list(new.iter(W_LVLPICBULLETID)):
            el.getparent().remove(el)
        nsid = new.find(W_NSID)
        if nsid is not None:
            nsid.set(W_VAL, self._new_nsid(int(new_id)))
        # insert before the first w:num (abstractNum elements must precede them)
        first_num = numbering.find(W_NUM)
        if first_num is not None:
            first_num.addprevious(new)
        else:
            cleanup = numbering.find(W_NUMIDMACATCLEANUP)
            if cleanup is not None:
                cleanup.addprevious(new)
            else:
                numbering.append(new)
        for el in new.iter(W_PSTYLE, W_NUMSTYLELINK, W_STYLELINK):
            self._ensure_style(el.get(W_VAL))
        return new_id

    def _new_nsid(self, seed: int) -> str:
        n = (0x5A3C0000 + seed * 7919) & 0xFFFFFFFF
        while f"{n:08X}" in self._nsids:
            n = (n + 1) & 0xFFFFFFFF
        value = f"{n:08X}"
        self._nsids.add(value)
        return value

    # ---------------------------------------------------------------- notes

    def _target_notes(self, kind: NoteKind) -> tuple[XmlPart, etree._Element]:
        if kind.kind not in self._t_notes:
            part = related(self._tpart, kind.reltype)
            if part is None:
                partnames = {p.partname for p in self._package.iter_parts()}
                name = kind.partname
                if name in partnames:
                    name = self._package.next_partname(f"/word/{kind.kind}s%d.xml")
                element = parse_xml(
                    f"<w:{kind.kind}s {nsdecls('w', 'r')}>"
                    f'<w:{kind.kind} w:type="separator" w:id="-1">'
                    "<w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
                    "</w:pPr><w:r><w:separator/></w:r></w:p>"
                    f"</w:{kind.kind}>"
                    f'<w:{kind.kind} w:type="continuationSeparator" w:id="0">'
                    "<w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
                    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p>"
                    f"</w:{kind.kind}>"
                    f"</w:{kind.kind}s>"
                )
                part = XmlPart(PackURI(name), kind.content_type, element, self._package)
                self._tpart.relate_to(part, kind.reltype)
            part = to_xml_part(self._tpart, part)
            self._t_notes[kind.kind] = (part, part.element)
            self._next_note_id[kind.kind] = 1 + max_int(
                (n.get(W_ID) for n in part.element.iterchildren(kind.note_tag)), 0
            )
        return self._t_notes[kind.kind]

    def _copy_note(self, kind: NoteKind, src_id: str | None) -> str | None:
        src_part, src_notes = self._s_notes[kind.kind]
        src = src_notes.get(src_id) if src_id is not None else None
        if src is None or src_part is None:
            return None
        tgt_part, tgt_root = self._target_notes(kind)
        new_id = str(self._next_note_id[kind.kind])
        self._next_note_id[kind.kind] += 1
        new = copy.deepcopy(src)
        new.set(W_ID, new_id)
        new.attrib.pop(W_TYPE, None)
        self._transform(new, src_part, tgt_part, in_note=True)
        self._renumber_bookmarks(new)
        tgt_root.append(new)
        return new_id

    # ---------------------------------------------------------------- relationships

    def _map_rel(self, src_part: Part, tgt_part: Part, rid: str) -> str | None:
        key = (id(src_part), id(tgt_part), rid)
        if key in self._rel_map:
            return self._rel_map[key]
        rel = src_part.rels.get(rid)
        if rel is None:
            new_rid = None
        elif rel.is_external:
            new_rid = self._external_rel(tgt_part, rel.reltype, rel.target_ref)
        elif rel.reltype == RT.IMAGE:
            new_rid = tgt_part.relate_to(self._copy_image(rel.target_part), RT.IMAGE)
        else:
            new_rid = tgt_part.relate_to(self._copy_part(rel.target_part), rel.reltype)
        self._rel_map[key] = new_rid
        return new_rid

    def _external_rel(self, part: Part, reltype: str, url: str) -> str:
        """rId of an external relationship of `part`, added if new.  Same result as
        ``part.relate_to(url, reltype, is_external=True)`` without its linear scans
        (quadratic for hundreds of links)."""
        index = self._ext_index.get(id(part))
        if index is None:
            index = self._ext_index[id(part)] = {
                (r.reltype, r.target_ref): r.rId for r in part.rels.values() if r.is_external
            }
        key = (reltype, url)
        rid = index.get(key)
        if rid is None or rid not in part.rels:
            n = self._next_rid.get(id(part), len(part.rels) + 1)
            while f"rId{n}" in part.rels:
                n += 1
            rid = f"rId{n}"
            self._next_rid[id(part)] = n + 1
            part.rels.add_relationship(reltype, url, rid, is_external=True)
            index[key] = rid
        return rid

    def _copy_image(self, src: Part) -> Part:
        if id(src) in self._part_map:
            return self._part_map[id(src)]
        try:
            new = self._package.get_or_add_image_part(BytesIO(src.blob))
        except Exception:  # a format python-docx cannot read (SVG, EMF, ...)
            return self._copy_part(src)
        self._part_map[id(src)] = new
        return new

    def _copy_part(self, src: Part) -> Part:
        """A copy of an arbitrary internal part, under a fresh part name, with the parts
        it relates to copied too (the blob keeps its rIds, so they are kept)."""
        if id(src) in self._part_map:
            return self._part_map[id(src)]
        if src is self._spart:
            return self._tpart
        name = self._package.next_partname(partname_template(str(src.partname)))
        new = PartFactory(name, src.content_type, "", src.blob, self._package)
        self._part_map[id(src)] = new
        for rel in src.rels.values():
            if rel.is_external:
                new.rels.add_relationship(rel.reltype, rel.target_ref, rel.rId, True)
            else:
                target = rel.target_part
                copied = (
                    self._copy_image(target)
                    if rel.reltype == RT.IMAGE
                    else self._copy_part(target)
                )
                new.rels.add_relationship(rel.reltype, copied, rel.rId)
        return new
