"""The pure-pip engine ("typst"; "pandoc" is another name for it): pandoc reads the Word
document, typst lays it out.

Needs nothing but pip packages (pypandoc-binary, typst). It keeps the words, headings, lists,
tables, footnotes, links, pictures and page breaks, and builds a real contents page where the
Word document had one; it cannot keep the Word template's design, and says so in ``lost``.

Steps for each document:
1. a private copy of the DOCX with Word's contents field replaced by a marker paragraph (its
   text is only a placeholder until Word or LibreOffice fills it) and page breaks turned into
   marker paragraphs;
2. ``pandoc -f docx -t json --extract-media`` into a temporary folder;
3. small changes to pandoc's document tree: markers become ``#outline()`` and ``#pagebreak()``,
   pictures typst cannot show are replaced by a note, duplicate caption paragraphs are dropped;
4. ``pandoc -f json -t typst --template report.typ``, then ``typst.compile`` with the
   temporary folder as root (media paths are relative to it).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

from lxml import etree

from .. import workfolder
from ..errors import PdfEngineError, Problem
from .base import EngineStatus, PdfJob, PdfResult, count_pages, place_pdf, timed_out

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TOC_MARK = "XXANNUALREPORTTOCXX"
BREAK_MARK = "XXANNUALREPORTPAGEBREAKXX"

#: sans fonts in order of preference; the first ones typst can find are used
SANS_FONTS = (
    "Arial", "Liberation Sans", "Helvetica", "Arimo", "Carlito", "Calibri", "Noto Sans",
    "Open Sans", "Source Sans 3", "Segoe UI", "DejaVu Sans",
)
FALLBACK_FONT = "Libertinus Serif"  # embedded in the typst package: always there
TYPST_IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
CONTENTS_TITLES = {"contents", "table of contents", "content"}

HINT = (
    "check that the Word document opens in Word or LibreOffice; if it does, report this "
    "problem, or install LibreOffice and use `--pdf-engine libreoffice`"
)


def _pandoc() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise PdfEngineError(Problem(
            f"pandoc is not available: {exc}",
            hint="reinstall annualreport's dependencies: `pip install pypandoc-binary`",
        )) from None


@functools.lru_cache(maxsize=1)
def _pandoc_version() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_version()
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return None


@functools.lru_cache(maxsize=1)
def choose_fonts() -> tuple[str, ...]:
    """The sans fonts typst can use here (best first), then the embedded serif."""
    try:
        import typst

        families = set(typst.Fonts(include_system_fonts=True, include_embedded_fonts=True).families())
    except Exception:  # noqa: BLE001
        families = set()
    found = [f for f in SANS_FONTS if f in families]
    return (*found[:2], FALLBACK_FONT)


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


# --- step 3: pandoc's document tree -----------------------------------------------------------

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


# --- the engine -------------------------------------------------------------------------------

def lost_from(facts: dict) -> list[str]:
    """What the Word design lost, in plain words, true to this document."""
    lost = ["the cover page layout, fonts and colours of the Word template (a plain title "
            "block, a sans font and navy headings are used instead)"]
    if facts.get("header_footer"):
        lost.append("the Word template's header and footer text (a plain header and page "
                    "numbers are used instead)")
    if facts.get("tables"):
        lost.append("table styles and cell colours (a plain table style is used)")
    if facts.get("charts"):
        lost.append("charts drawn by Word itself (they are left out; pictures of charts are kept)")
    if facts.get("landscape"):
        lost.append("landscape pages (every page is portrait)")
    if facts.get("columns"):
        lost.append("text set in columns (one column is used)")
    if facts.get("lost_pictures"):
        n = facts["lost_pictures"]
        lost.append(f"{n} picture{'s' if n != 1 else ''} in a format the fallback engine cannot "
                    "show (such as EMF or WMF); a note marks where")
    return lost


class TypstEngine:
    name = "typst"

    def status(self) -> EngineStatus:
        version = _pandoc_version()
        try:
            import typst

            typst_version = getattr(typst, "__version__", "?")
        except ImportError:
            return EngineStatus(self.name, False, version,
                                "the typst package is missing: `pip install typst`")
        if version is None:
            return EngineStatus(self.name, False, None,
                                "pandoc is missing: `pip install pypandoc-binary`")
        fonts = ", ".join(choose_fonts())
        return EngineStatus(
            self.name, True, version,
            f"pandoc {version} (pypandoc-binary) with typst {typst_version}; fonts: {fonts}; "
            "keeps the content, not the Word design",
        )

    def available(self) -> bool:
        return self.status().available

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]:
        deadline = time.monotonic() + timeout
        limit = timeout if limit is None else limit
        choose_fonts()  # once, before the threads
        if len(jobs) <= 1:
            return [self._convert_one(job, deadline, limit) for job in jobs]
        # pandoc runs as a separate process: documents convert side by side
        workers = max(1, min(len(jobs), os.cpu_count() or 1, 4))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(self._convert_one, job, deadline, limit) for job in jobs]
            return [f.result() for f in futures]

    def _run_pandoc(self, args: list[str], cwd: Path, deadline: float, limit: float, job: PdfJob) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise timed_out("the typst PDF engine", limit, job.docx)
        try:
            done = subprocess.run([_pandoc(), *args], cwd=cwd, capture_output=True,
                                  timeout=remaining, stdin=subprocess.DEVNULL, env=workfolder.child_env())
        except subprocess.TimeoutExpired:
            raise timed_out("the typst PDF engine", limit, job.docx) from None
        except OSError as exc:
            raise PdfEngineError(Problem(f"pandoc could not be started: {exc}",
                                         hint="reinstall pypandoc-binary")) from None
        if done.returncode != 0:
            said = _first_lines(done.stderr.decode("utf-8", "replace"))
            raise PdfEngineError(Problem(f"pandoc could not read the Word document:\n{said}",
                                         hint=HINT))
        return done.stdout

    def _convert_one(self, job: PdfJob, deadline: float, limit: float) -> PdfResult:
        import typst

        if not Path(job.docx).is_file():
            raise PdfEngineError(Problem("the Word document to convert is missing", file=job.docx))
        work = workfolder.mkdtemp("typst-")
        try:
            try:
                facts = prepare_docx(Path(job.docx), work / "in.docx")
            except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
                raise PdfEngineError(Problem(f"not a readable Word document: {exc}",
                                             file=job.docx, hint=HINT)) from None
            raw = self._run_pandoc(
                ["-f", "docx+styles", "-t", "json", "--extract-media=media", "in.docx"],
                work, deadline, limit, job,
            )
            doc = transform(json.loads(raw), job, facts, work)
            (work / "doc.json").write_text(json.dumps(doc), encoding="utf-8")
            template = resources.files("annualreport.pdf").joinpath("report.typ")
            (work / "template.typ").write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
            fonts = [arg for font in choose_fonts() for arg in ("-V", f"mainfont={font}")]
            title_string = (job.title or "Report").replace("\\", "\\\\").replace('"', '\\"')
            source = self._run_pandoc(
                ["-f", "json", "-t", "typst", "--template=template.typ", "-s",
                 "-V", f"title-string={title_string}", *fonts, "doc.json"],
                work, deadline, limit, job,
            )
            (work / "report.typ").write_bytes(source)
            out = work / "report.pdf"
            try:
                _compile(typst, work / "report.typ", out, work)
            except Exception as exc:  # typst.TypstError and friends
                said = _first_lines(str(exc))
                raise PdfEngineError(Problem(f"typst could not lay out the report:\n{said}",
                                             hint=HINT)) from None
            if not out.is_file():
                raise PdfEngineError(Problem("typst did not write the PDF", hint=HINT))
            place_pdf(out, Path(job.pdf))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return PdfResult(Path(job.pdf), self.name, count_pages(Path(job.pdf)), lost_from(facts))


def _compile(typst, source: Path, out: Path, root: Path) -> None:
    """Compile to PDF/UA-1 (accessible) when the document allows it (every picture needs alt
    text), else to a plain tagged PDF."""
    try:
        typst.compile(str(source), output=str(out), root=str(root), pdf_standards=["ua-1"])
        return
    except Exception:  # noqa: BLE001 - not PDF/UA-ready, or an older typst: try plainly
        pass
    typst.compile(str(source), output=str(out), root=str(root))


def _first_lines(text: str, n: int = 8) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[:n]) or "(no message)"
