"""Tests for annualreport.render.compose: pandoc-made content into template slots.

The fixtures are made on the fly: a target with python-docx, a source with pandoc
(``--reference-doc target.docx``, as the real build does).  The LibreOffice test converts
the composed document to PDF and checks what a reader would see.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
pypandoc = pytest.importorskip("pypandoc")

try:
    import annualreport  # noqa: F401
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402
from lxml import etree  # noqa: E402

from annualreport.render.compose import (  # noqa: E402
    MARKER_PREFIX,
    Composer,
    find_slots,
    split_parts,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
WML_STORY_TYPES = ("document.main", "footnotes", "endnotes", "header", "footer", "comments")


# --------------------------------------------------------------------------- fixtures


def make_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour RGB PNG, written by hand (no PIL needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


PANDOC_STYLES = [
    # (name, type): the styles pandoc refers to and expects in its reference document
    ("Compact", WD_STYLE_TYPE.PARAGRAPH),
    ("First Paragraph", WD_STYLE_TYPE.PARAGRAPH),
    ("Footnote Text", WD_STYLE_TYPE.PARAGRAPH),
    ("Figure", WD_STYLE_TYPE.PARAGRAPH),
    ("Captioned Figure", WD_STYLE_TYPE.PARAGRAPH),
    ("Image Caption", WD_STYLE_TYPE.PARAGRAPH),
    ("Table Caption", WD_STYLE_TYPE.PARAGRAPH),
    ("Footnote Reference", WD_STYLE_TYPE.CHARACTER),
    ("Hyperlink", WD_STYLE_TYPE.CHARACTER),
    ("Table", WD_STYLE_TYPE.TABLE),
]

TABLE_BORDERS = (
    '<w:tblBorders xmlns:w="%s">' % W
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders>"
)


def make_target(path: Path, *, numbering: bool = True, with_list: bool = True) -> Path:
    """A template-like target: heading, slot a, middle paragraph, slot b, a numbered list."""
    doc = docx.Document()
    for name, kind in PANDOC_STYLES:
        style = doc.styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = doc.styles["Body Text"] if name != "Footnote Text" else doc.styles["Normal"]
        if name == "Footnote Text":
            style.font.size = Pt(9)
        if name == "Footnote Reference":
            style.font.superscript = True
        if name == "Table":
            style.element.append(parse_xml(f'<w:tblPr xmlns:w="{W}">{TABLE_BORDERS}</w:tblPr>'))
    if not numbering:
        rid = next(rel.rId for rel in doc.part.rels.values() if rel.reltype == RT.NUMBERING)
        del doc.part.rels[rid]
        for num_pr in xp(doc.styles.element, "//w:numPr"):  # keep the styles consistent
            num_pr.getparent().remove(num_pr)
    doc.add_heading("Annual report", 1)
    doc.add_paragraph(f"{MARKER_PREFIX}a", style="Body Text")
    doc.add_paragraph("Middle paragraph of the template.")
    doc.add_paragraph(f"{MARKER_PREFIX}b", style="Body Text")
    if with_list:
        doc.add_paragraph("existing one", style="List Number")
        doc.add_paragraph("existing two", style="List Number")
    doc.add_paragraph("Closing paragraph of the template.")
    doc.save(str(path))
    return path


SOURCE_MD = f"""\
{MARKER_PREFIX}a

# Part A heading {{#part-a}}

Intro paragraph with an [external link](https://example.org/report) and a note.[^a]

- bullet alpha
- bullet beta

1. first item
2. second item

Interlude paragraph between the lists.

1. again one
2. again two

| Area      | Count |
|-----------|-------|
| cellalpha | 12    |
| cellbeta  | 34    |

![A red box](box.png){{width=3cm}}

```python
def hello():
    return 42
```

::: {{custom-style="Call Out"}}
Call out text.
:::

{MARKER_PREFIX}b

## Part B heading

See [the first part](#part-a) for detail.[^b]

[^a]: Footnote alpha text with a [link](https://example.com/fn).
[^b]: Footnote beta text.
"""


def pandoc_docx(markdown: str, out: Path, reference: Path | None, resource_dir: Path) -> Path:
    args = ["--resource-path", str(resource_dir)]
    if reference is not None:
        args += ["--reference-doc", str(reference)]
    pypandoc.convert_text(markdown, "docx", format="markdown", outputfile=str(out), extra_args=args)
    return out


@pytest.fixture
def box_png(tmp_path: Path) -> bytes:
    data = make_png(40, 20, (220, 0, 0))
    (tmp_path / "box.png").write_bytes(data)
    return data


def fill_slots(target, source, marker_prefix: str = MARKER_PREFIX) -> list[str]:
    """Every slot paragraph of ``target`` replaced by the same-named part of ``source``, with
    one :class:`Composer`, as the build fills them; the names of parts that had no slot."""
    parts = split_parts(source, marker_prefix)
    slots = find_slots(target, marker_prefix)
    assert not set(slots) - set(parts), f"no content for slot(s): {sorted(set(slots) - set(parts))}"
    composer = Composer(target, source)
    for name, paragraphs in slots.items():
        for paragraph in paragraphs:
            composer.replace(paragraph, parts[name])
    return sorted(set(parts) - set(slots))


def compose_files(tmp_path: Path, target: Path, source: Path, out_name: str = "out.docx") -> Path:
    t = docx.Document(str(target))
    s = docx.Document(str(source))
    unused = fill_slots(t, s)
    assert unused == []
    out = tmp_path / out_name
    t.save(str(out))
    return out


# --------------------------------------------------------------------------- checks


def xp(element, expr: str) -> list:
    """XPath with this module's prefixes (python-docx's own xpath() fixes its own map)."""
    return etree._Element.xpath(element, expr, namespaces=NS)


def story_parts(document) -> list:
    """(part, element) for every WordprocessingML story part of a saved-and-reopened doc."""
    result = []
    for part in document.part.package.iter_parts():
        if any(f"wordprocessingml.{kind}+xml" in part.content_type for kind in WML_STORY_TYPES):
            element = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
            result.append((part, element))
    return result


def related(part, reltype):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part
    return None


def xml_of(part):
    return part.element if hasattr(part, "element") else etree.fromstring(part.blob)


def check_integrity(path: Path) -> dict:
    """Structural checks every composed document must pass; returns handy lookups."""
    document = docx.Document(str(path))  # re-opens without error
    stories = story_parts(document)
    main = document.part.element

    # every r:* attribute resolves in its own part's relationships
    for part, element in stories:
        for attr in element.xpath(f"//@*[namespace-uri()='{R}']"):
            assert str(attr) in part.rels, f"{part.partname}: dangling {attr.attrname}={attr}"

    # notes: references resolve, ids unique
    notes = {}
    for kind in ("footnote", "endnote"):
        notes_part = related(document.part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)
        ids = []
        if notes_part is not None:
            ids = [n.get(qn("w:id")) for n in xml_of(notes_part).iterchildren(qn(f"w:{kind}"))]
            assert len(ids) == len(set(ids)), f"duplicate {kind} ids {ids}"
        refs = xp(main, f"//w:{kind}Reference/@w:id")
        assert set(refs) <= set(ids), f"{kind} references {refs} not all in {ids}"
        assert len(refs) == len(set(refs)), f"a {kind} is referenced twice: {refs}"
        notes[kind] = notes_part

    # numbering: every numId used exists; every num's abstractNum exists; order
    numbering_part = related(document.part, RT.NUMBERING)
    used_num_ids = set()
    styles_el = xml_of(related(document.part, RT.STYLES))
    for element in [e for _, e in stories] + [styles_el]:
        used_num_ids |= {v for v in xp(element, "//w:numPr/w:numId/@w:val") if v != "0"}
    if used_num_ids:
        assert numbering_part is not None
    if numbering_part is not None:
        numbering = xml_of(numbering_part)
        nums = {n.get(qn("w:numId")): n for n in numbering.iterchildren(qn("w:num"))}
        abstracts = {a.get(qn("w:abstractNumId")) for a in numbering.iterchildren(qn("w:abstractNum"))}
        assert used_num_ids <= set(nums), f"numIds {used_num_ids - set(nums)} missing"
        assert len(nums) == len(numbering.findall(qn("w:num"))), "duplicate numId"
        assert len(abstracts) == len(numbering.findall(qn("w:abstractNum"))), "duplicate abstractNumId"
        for n in nums.values():
            assert n.find(qn("w:abstractNumId")).get(qn("w:val")) in abstracts
        tags = [etree.QName(c).localname for c in numbering if isinstance(c.tag, str)]
        if "num" in tags and "abstractNum" in tags:
            assert max(i for i, t in enumerate(tags) if t == "abstractNum") < tags.index("num")
        nsids = xp(numbering, "w:abstractNum/w:nsid/@w:val")
        assert len(nsids) == len(set(nsids)), "duplicate nsid"

    # bookmarks: ids unique over the document, every start has one end
    starts = [i for _, e in stories for i in xp(e, "//w:bookmarkStart/@w:id")]
    ends = [i for _, e in stories for i in xp(e, "//w:bookmarkEnd/@w:id")]
    assert len(starts) == len(set(starts)), f"duplicate bookmark ids {Counter(starts)}"
    assert Counter(starts) == Counter(ends), "unbalanced bookmarks"
    names = {n for _, e in stories for n in xp(e, "//w:bookmarkStart/@w:name")}
    for anchor in xp(main, "//w:hyperlink/@w:anchor"):
        assert anchor in names, f"internal link to missing bookmark {anchor}"

    # drawings: docPr ids unique
    docpr = [i for _, e in stories for i in xp(e, "//wp:docPr/@id")]
    assert len(docpr) == len(set(docpr)), f"duplicate docPr ids {docpr}"

    # styles: every style referenced exists
    style_ids = set(xp(styles_el, "w:style/@w:styleId"))
    for _, element in stories:
        for ref in xp(element, "//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val"):
            assert ref in style_ids, f"style {ref} referenced but not defined"

    # exactly one section break, at the end of the body; w: attributes all namespaced
    assert len(xp(main, "//w:sectPr")) == 1
    assert main.find(qn("w:body"))[-1].tag == qn("w:sectPr")
    for _, element in stories:
        for el in element.iter(f"{{{W}}}*"):
            assert all(name.startswith("{") for name in el.attrib), (el.tag, dict(el.attrib))
    return {"document": document, "notes": notes, "numbering": numbering_part}


def body_texts(document) -> list[str]:
    """Top-level paragraph texts and, for a table, '[table]'."""
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            out.append("[table]")
    return out


def num_id_of(document, text: str) -> str:
    """The list (numId) a paragraph belongs to, directly or through its style."""
    for p in document.paragraphs:
        if p.text == text:
            direct = xp(p._p, "w:pPr/w:numPr/w:numId/@w:val")
            if direct:
                return direct[0]
            return xp(p.style.element, "w:pPr/w:numPr/w:numId/@w:val")[0]
    raise AssertionError(f"no paragraph {text!r}")


# --------------------------------------------------------------------------- tests


def test_split_parts(tmp_path: Path, box_png: bytes) -> None:
    target = make_target(tmp_path / "target.docx")
    source = docx.Document(str(pandoc_docx(SOURCE_MD, tmp_path / "source.docx", target, tmp_path)))
    parts = split_parts(source, MARKER_PREFIX)
    assert list(parts) == ["a", "b"]
    texts = {name: " ".join("".join(el.itertext()) for el in els) for name, els in parts.items()}
    assert "Part A heading" in texts["a"] and "cellalpha" in texts["a"]
    assert "Part B heading" in texts["b"] and "Part A heading" not in texts["b"]
    for els in parts.values():
        assert all(el.tag != qn("w:sectPr") for el in els)
        assert not any(MARKER_PREFIX in "".join(el.itertext()) for el in els)


@pytest.mark.parametrize(
    "markdown, message",
    [
        (f"Stray text.\n\n{MARKER_PREFIX}a\n\nBody.\n", "before the first"),
        (f"{MARKER_PREFIX}a\n\nOne.\n\n{MARKER_PREFIX}a\n\nTwo.\n", "twice"),
        (f"{MARKER_PREFIX}a\n\nOne.\n\n{MARKER_PREFIX}b c\n\nTwo.\n", "malformed"),
    ],
)
def test_split_parts_errors(tmp_path: Path, markdown: str, message: str) -> None:
    source = docx.Document(str(pandoc_docx(markdown, tmp_path / "s.docx", None, tmp_path)))
    with pytest.raises(ValueError, match=message):
        split_parts(source, MARKER_PREFIX)


def test_compose_carries_everything(tmp_path: Path, box_png: bytes) -> None:
    target = make_target(tmp_path / "target.docx")
    source = pandoc_docx(SOURCE_MD, tmp_path / "source.docx", target, tmp_path)
    out = compose_files(tmp_path, target, source)
    found = check_integrity(out)
    document = found["document"]

    # text order: heading, part a, middle, part b, the template's own list
    texts = body_texts(document)
    order = [
        "Annual report",
        "Part A heading",
        "bullet alpha",
        "first item",
        "again one",
        "[table]",
        "Middle paragraph of the template.",
        "Part B heading",
        "existing one",
        "Closing paragraph of the template.",
    ]
    positions = [next(i for i, t in enumerate(texts) if t.startswith(o)) for o in order]
    assert positions == sorted(positions), texts
    assert not any(MARKER_PREFIX in t for t in texts)
    assert find_slots(document) == {}

    # table
    assert len(document.tables) == 1
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells == ["Area", "Count", "cellalpha", "12", "cellbeta", "34"]

    # external hyperlink in the document's rels, referenced by the w:hyperlink
    main = document.part.element
    link_rids = xp(main, "//w:hyperlink/@r:id")
    targets = {document.part.rels[rid].target_ref for rid in link_rids}
    assert targets == {"https://example.org/report"}
    assert all(document.part.rels[rid].is_external for rid in link_rids)
    assert xp(main, "//w:hyperlink/@w:anchor") == ["part-a"]

    # image part present and its rId resolves to the PNG
    blips = xp(main, "//a:blip/@r:embed")
    assert len(blips) == 1
    image_part = document.part.related_parts[blips[0]]
    assert image_part.content_type == "image/png"
    assert image_part.blob == box_png

    # footnotes: both texts, references resolve, the footnote's link resolves in its part
    notes_part = found["notes"]["footnote"]
    notes = xml_of(notes_part)
    note_text = {n.get(qn("w:id")): "".join(n.itertext()) for n in notes.iterchildren(qn("w:footnote"))}
    refs = xp(main, "//w:footnoteReference/@w:id")
    assert len(refs) == 2
    assert "Footnote alpha text" in note_text[refs[0]]
    assert "Footnote beta text" in note_text[refs[1]]
    assert {"-1", "0"} <= set(note_text)
    fn_links = xp(notes, "//w:hyperlink/@r:id")
    assert [notes_part.rels[rid].target_ref for rid in fn_links] == ["https://example.com/fn"]

    # lists: three separate source lists, none sharing the template's list
    bullets, first, second, existing = (
        num_id_of(document, t) for t in ("bullet alpha", "first item", "again one", "existing one")
    )
    assert len({first, second, bullets}) == 3
    assert existing not in {first, second, bullets}
    assert num_id_of(document, "second item") == first
    assert num_id_of(document, "again two") == second
    numbering = xml_of(found["numbering"])
    for num_id in (first, second):  # each ordered list restarts at 1
        num = xp(numbering, f"w:num[@w:numId='{num_id}']")[0]
        assert xp(num, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]

    # styles the target lacked came from the source (code highlighting, custom style)
    style_ids = {s.style_id for s in document.styles}
    assert {"SourceCode", "KeywordTok", "CallOut"} <= style_ids


def test_compose_creates_numbering_and_footnotes_parts(tmp_path: Path, box_png: bytes) -> None:
    target = make_target(tmp_path / "target.docx", numbering=False, with_list=False)
    assert related(docx.Document(str(target)).part, RT.NUMBERING) is None
    source = pandoc_docx(SOURCE_MD, tmp_path / "source.docx", None, tmp_path)
    out = compose_files(tmp_path, target, source)
    found = check_integrity(out)
    assert found["numbering"] is not None and found["notes"]["footnote"] is not None
    with zipfile.ZipFile(out) as z:
        types = z.read("[Content_Types].xml").decode()
        assert "/word/footnotes.xml" in types and "footnotes+xml" in types
        assert "/word/numbering.xml" in types
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    kinds = {n.get(qn("w:id")): n.get(qn("w:type")) for n in footnotes}
    assert kinds["-1"] == "separator" and kinds["0"] == "continuationSeparator"


def test_compose_into_target_with_notes_bookmarks_images(tmp_path: Path, box_png: bytes) -> None:
    """A target that already has footnotes (a part python-docx loads as a plain blob),
    bookmarks, drawings and lists: nothing may collide and the old content survives."""
    (tmp_path / "blue.png").write_bytes(make_png(10, 10, (0, 0, 200)))
    target_md = (
        "# Template heading {#tmpl}\n\nTemplate text.[^t]\n\n![blue](blue.png)\n\n"
        "1. tmpl one\n2. tmpl two\n\n"
        f"{MARKER_PREFIX}a\n\nMiddle.\n\n{MARKER_PREFIX}b\n\n[^t]: Template footnote.\n"
    )
    target = pandoc_docx(target_md, tmp_path / "target.docx", None, tmp_path)
    source = pandoc_docx(SOURCE_MD, tmp_path / "source.docx", target, tmp_path)
    t = docx.Document(str(target))
    s = docx.Document(str(source))
    composer = Composer(t, s)
    parts = split_parts(s)
    for name, paragraphs in find_slots(t).items():
        for p in paragraphs:
            composer.replace(p, parts[name])
    out = tmp_path / "out.docx"
    t.save(str(out))
    found = check_integrity(out)
    notes = xml_of(found["notes"]["footnote"])
    text = "".join(notes.itertext())
    assert "Template footnote." in text and "Footnote alpha text" in text and "Footnote beta text" in text
    main = found["document"].part.element
    assert len(xp(main, "//a:blip")) == 2
    assert {"tmpl", "part-a"} <= set(xp(main, "//w:bookmarkStart/@w:name"))


def test_slot_in_table_cell_and_section_break(tmp_path: Path) -> None:
    target = docx.Document()
    table = target.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].text = f"{MARKER_PREFIX}a"
    slot_b = target.add_paragraph(f"{MARKER_PREFIX}b")
    slot_b._p.get_or_add_pPr().append(parse_xml(f'<w:sectPr xmlns:w="{W}"/>'))
    target.add_paragraph("After the break.")
    source = docx.Document(str(pandoc_docx(
        f"{MARKER_PREFIX}a\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n{MARKER_PREFIX}b\n\nBefore the break.\n",
        tmp_path / "s.docx", None, tmp_path,
    )))
    fill_slots(target, source)
    cell = target.tables[0].cell(0, 0)._tc
    assert cell[-1].tag == qn("w:p")  # a cell must end with a paragraph
    assert cell.xpath("w:tbl") and not cell.xpath("w:p/w:r")
    body = target.element.body
    breaks = body.xpath("w:p/w:pPr/w:sectPr")
    assert len(breaks) == 1  # the template's section break survived
    before = body.xpath("w:p[w:r/w:t='Before the break.']")[0]
    assert before.getnext() is breaks[0].getparent().getparent()


def test_replace_paragraph_with_single_call(tmp_path: Path) -> None:
    target = docx.Document()
    slot = target.add_paragraph("put it here")
    source = docx.Document(str(pandoc_docx(f"{MARKER_PREFIX}x\n\nHello *there*.[^n]\n\n[^n]: Note.\n", tmp_path / "s.docx", None, tmp_path)))
    Composer(target, source).replace(slot._p, split_parts(source)["x"])
    assert [p.text for p in target.paragraphs] == ["Hello there."]
    out = tmp_path / "o.docx"
    target.save(str(out))
    check_integrity(out)


def big_markdown(parts: int = 11, sections_per_part: int = 3) -> str:
    chunks = []
    words = ("safeguarding partnership children practice review learning agency " * 12).split()
    note = 0
    for p in range(parts):
        chunks.append(f"{MARKER_PREFIX}part{p}\n\n# Part {p} {{#part-{p}}}\n")
        for s in range(sections_per_part):
            chunks.append(f"## Section {p}.{s}\n")
            for k in range(4):
                note += 1
                chunks.append(
                    " ".join(words[k:] + words[:k])
                    + f" See [the site](https://example.org/{p}/{s}/{k}) and [part {p}](#part-{p}).[^n{note}]\n"
                )
                chunks.append(f"[^n{note}]: Source note {note} with [a link](https://example.org/n{note}).\n")
            chunks.append("".join(f"- point {i} of section {s}\n" for i in range(5)))
            chunks.append("".join(f"{i + 1}. step {i}\n" for i in range(4)))
            chunks.append("Between lists.\n")
            chunks.append("".join(f"{i + 1}. action {i}\n" for i in range(3)))
            chunks.append(
                "| Measure | 2023 | 2024 | Change |\n|---|---|---|---|\n"
                + "".join(f"| measure {i} | {i * 3} | {i * 4} | {i} |\n" for i in range(8))
            )
        chunks.append("![chart](box.png){width=8cm}\n")
    return "\n".join(chunks)


def test_compose_large_source_is_fast(tmp_path: Path, box_png: bytes) -> None:
    target_doc = docx.Document(str(make_target(tmp_path / "t0.docx")))
    body = target_doc.element.body
    slot = body.xpath(f"w:p[w:r/w:t='{MARKER_PREFIX}a']")[0]
    for p in range(11):  # 11 slots in a row, each followed by a template paragraph
        new = target_doc.add_paragraph(f"{MARKER_PREFIX}part{p}")._p
        slot.addprevious(new)
        slot.addprevious(target_doc.add_paragraph(f"Template text after part {p}.")._p)
    for name in ("a", "b"):
        for p in find_slots(target_doc)[name]:
            p.getparent().remove(p)
    target = tmp_path / "target.docx"
    target_doc.save(str(target))
    source = pandoc_docx(big_markdown(), tmp_path / "source.docx", target, tmp_path)

    t = docx.Document(str(target))
    s = docx.Document(str(source))
    start = time.perf_counter()
    parts = split_parts(s)
    composer = Composer(t, s)
    for name, paragraphs in find_slots(t).items():
        for p in paragraphs:
            composer.replace(p, parts[name])
    elapsed = time.perf_counter() - start
    out = tmp_path / "out.docx"
    t.save(str(out))
    print(f"\ncompose 11 slots from {len(s.element.body)} source body elements: {elapsed * 1000:.1f} ms")
    found = check_integrity(out)
    assert len(found["document"].tables) == 11 * 3
    # generous bound: catches accidental quadratic behaviour, not machine noise
    assert elapsed < 1.0


# --------------------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="needs LibreOffice and pdftotext")
def test_composed_document_renders_in_libreoffice(tmp_path: Path, box_png: bytes) -> None:
    target = make_target(tmp_path / "target.docx")
    source = pandoc_docx(SOURCE_MD, tmp_path / "source.docx", target, tmp_path)
    out = compose_files(tmp_path, target, source, "composed.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, timeout=180,
    )
    pdf = tmp_path / "composed.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr.decode(errors="replace")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    for expected in (
        "Annual report", "Part A heading", "Part B heading", "Middle paragraph of the template.",
        "Footnote alpha text with a link.", "Footnote beta text.",
        "bullet alpha", "bullet beta", "cellalpha", "cellbeta", "Call out text.", "return 42",
    ):
        assert expected in text, f"{expected!r} not in PDF text:\n{text}"
    assert MARKER_PREFIX not in text
    # both ordered lists start at 1; the template's own list is numbered on its own
    assert re.search(r"1\.\s+first item", text) and re.search(r"2\.\s+second item", text), text
    assert re.search(r"1\.\s+again one", text) and re.search(r"2\.\s+again two", text), text
    assert re.search(r"1\.\s+existing one", text), text


def test_svg_image_is_copied_as_a_part(tmp_path: Path) -> None:
    """An image python-docx cannot parse (SVG) is copied as a part of its own."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="blue"/></svg>'
    (tmp_path / "dot.svg").write_bytes(svg)
    source = docx.Document(str(pandoc_docx(f"{MARKER_PREFIX}a\n\n![svg](dot.svg)\n\n{MARKER_PREFIX}b\n\n![again](dot.svg)\n", tmp_path / "s.docx", None, tmp_path)))
    target = docx.Document(str(make_target(tmp_path / "t.docx")))
    fill_slots(target, source)
    out = tmp_path / "o.docx"
    target.save(str(out))
    found = check_integrity(out)
    part = found["document"].part
    rids = set(xp(part.element, "//@r:embed"))
    assert len(rids) == 1  # the same source image, referenced twice, copied once
    image = part.related_parts[rids.pop()]
    assert image.blob == svg and image.content_type == "image/svg+xml"
    with zipfile.ZipFile(out) as z:
        assert sum(name.endswith(".svg") for name in z.namelist()) == 1


def test_same_part_in_two_slots(tmp_path: Path, box_png: bytes) -> None:
    """Filling two slots with one part: separate footnotes, unique bookmark and drawing
    ids, one shared copy of the image and of each list definition."""
    target = docx.Document()
    target.add_paragraph(f"{MARKER_PREFIX}a")
    target.add_paragraph("between")
    target.add_paragraph(f"{MARKER_PREFIX}a")
    source = docx.Document(str(pandoc_docx(SOURCE_MD, tmp_path / "s.docx", None, tmp_path)))
    fill_slots(target, source)
    out = tmp_path / "o.docx"
    target.save(str(out))
    found = check_integrity(out)
    main = found["document"].part.element
    assert len(xp(main, "//w:footnoteReference")) == 2
    assert len(set(xp(main, "//a:blip/@r:embed"))) == 1
    assert len(xp(main, "//wp:docPr")) == 2
