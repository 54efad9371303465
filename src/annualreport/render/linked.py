"""What a Word package reaches outside itself: linked files, include fields, outsize pictures.

A .docx can make Word or LibreOffice read files it does not hold: a picture, template,
sub-document, object or frame "linked" rather than embedded (a relationship with
``TargetMode="External"``), and fields that include or link a file or run a program
(``INCLUDETEXT``, ``INCLUDEPICTURE``, ``LINK``, ``DDE``...). LibreOffice follows them while
it makes the PDF, so a template could publish any file on the building computer.

``check_template`` refuses every such thing in a template (its body, headers, footers,
footnotes, settings: every part), but web, e-mail and telephone hyperlinks, and pictures
beyond the bounds of ``pictures``; each problem names the part and the paragraph's text.
``check_written`` checks the Word files a build wrote the same way, before they are moved
into place (what the checks of the inputs let through should never be found there).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annualreport.errors import InputError, Problem, TemplateError

LINK_SCHEMES = ("http", "https", "mailto", "tel")
SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

#: fields that include or link a file, or run something, and what each does
FIELDS = {
    "INCLUDETEXT": "includes the text of a file",
    "INCLUDE": "includes the text of a file",
    "INCLUDEPICTURE": "includes a picture from a file",
    "IMPORT": "includes a picture from a file",
    "LINK": "links to a file of another program",
    "DDE": "exchanges data with another program",
    "DDEAUTO": "starts another program",
    "DATABASE": "reads a database file",
    "MACROBUTTON": "runs a macro",
}

WHAT = {
    "image": "a linked picture",
    "attachedTemplate": "an attached template",
    "subDocument": "a sub-document",
    "oleObject": "a linked object",
    "package": "a linked object",
    "frame": "a frame",
    "hyperlink": "a hyperlink",
    "aFChunk": "a document of another format (altChunk)",
}

HINTS = {
    "image": "insert the picture into the template (in Word: Insert > Pictures > This Device, with 'Link to File' off), or delete it",
    "attachedTemplate": "detach the template (in Word: Developer > Document Template, clear it), or copy the content into a new document",
    "hyperlink": "link to a web page (https://...) or an e-mail address instead, or remove the link",
    "aFChunk": "copy its content into the template as ordinary text, or delete it",
}
OTHER_HINT = "delete it from the template, or embed what it shows (a template may hold only what it carries itself)"
FIELD_HINT = ("delete the field (in Word: Alt+F9 shows field codes; select the field and delete it), "
              "and type or paste the text or picture itself")

PART_LABELS = (("document", "the body"), ("header", "a header"), ("footer", "a footer"), ("footnotes", "the footnotes"),
               ("endnotes", "the endnotes"), ("comments", "the comments"), ("settings", "the settings"),
               ("glossary", "the building blocks"))


@dataclass
class Reach:
    """One thing a package reaches outside itself, and where."""

    message: str
    hint: str
    part: str  # the package part it is in (word/document.xml), or "" for the package
    rid: str | None = None  # the relationship an element names, to find the paragraph by
    element: object = None  # or the element itself


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(rel_type: str) -> str:
    return rel_type.rstrip("/").rsplit("/", 1)[-1]


def _source_part(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml`` (``_rels/.rels``: the package)."""
    path = PurePosixPath(rels_name)
    folder = path.parent.parent
    name = path.name[: -len(".rels")]
    return "" if not name else str(folder / name) if str(folder) != "." else name


def _link_allowed(target: str) -> bool:
    scheme = SCHEME.match(target)
    return bool(scheme) and scheme.group(1).lower() in LINK_SCHEMES


def inspect(package: zipfile.ZipFile, who: str = "the template") -> list[Reach]:
    """Everything ``package`` reaches outside itself, and its pictures beyond the bounds."""
    from lxml import etree

    names = set(package.namelist())
    found: list[Reach] = []
    pictures: dict[str, tuple[str, str]] = {}  # media part -> (the part that shows it, rId)
    for name in sorted(n for n in names if n.endswith(".rels")):
        try:
            root = etree.fromstring(package.read(name), _parser())
        except etree.XMLSyntaxError:
            continue  # python-docx reports a broken package when it opens it
        source = _source_part(name)
        for rel in root.iter(f"{{{RELS}}}Relationship"):
            kind, target, rid = _kind(rel.get("Type", "")), rel.get("Target", ""), rel.get("Id")
            if rel.get("TargetMode") == "External":
                if kind == "hyperlink" and _link_allowed(target):
                    continue
                what = WHAT.get(kind, f"a linked {kind}")
                extra = "; only web, e-mail and telephone links may stay" if kind == "hyperlink" else ""
                found.append(Reach(f"{who} links to something outside itself: {_short(target)} ({what}{extra})",
                                   HINTS.get(kind, OTHER_HINT), source, rid))
            elif kind == "aFChunk":
                found.append(Reach(f"{who} holds {WHAT[kind]}, which may link to files", HINTS[kind], source, rid))
            elif kind == "image":
                media = str(PurePosixPath(os.path.normpath(str(PurePosixPath(source).parent / target)))).lstrip("/")
                pictures.setdefault(media, (source, rid))
    for name in sorted(n for n in names if n.endswith(".xml") and not n.startswith("[")):
        data = package.read(name)
        if b"instrText" not in data and b"fldSimple" not in data:
            continue
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError:
            continue
        found += _fields(root, name, who)
    for media, (source, rid) in sorted(pictures.items()):
        if media in names:
            why = _picture(package, media)
            if why is not None:
                found.append(Reach(f"a picture in {who}: {why[0]}", why[1], source, rid))
    return found


def _fields(root, part: str, who: str) -> list[Reach]:
    """The fields of one part that include, link or run something (complex and simple)."""
    found: list[Reach] = []
    stack: list[list] = []  # [instruction so far, its first element, checked, hidden]
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}fldSimple"):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "fldSimple":
            found += _instruction(element.get(f"{{{W}}}instr", ""), element, part, who)
            continue
        if tag == "instrText":
            if stack:
                stack[-1][0] += element.text or ""
            continue
        kind = element.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            if stack and not stack[-1][0].strip():
                stack[-1][3] = True  # its name is made by the field inside it
            stack.append(["", element, False, False])
        elif kind in ("separate", "end") and stack:
            field = stack[-1]
            if not field[2]:
                field[2] = True
                if field[3]:
                    found.append(Reach(f"{who} has a field whose name is made by another field ({_short(field[0]) or 'blank'})",
                                       FIELD_HINT, part, element=field[1]))
                else:
                    found += _instruction(field[0], field[1], part, who)
            if kind == "end":
                stack.pop()
    return found


def _instruction(instruction: str, element, part: str, who: str) -> list[Reach]:
    words = instruction.split()
    if not words:
        return []
    name = words[0].upper()
    if name in FIELDS:
        return [Reach(f"{who} has a field {name}, which {FIELDS[name]}: {_short(instruction)}", FIELD_HINT, part, element=element)]
    if name == "HYPERLINK":
        target = _hyperlink_target(instruction.strip()[len(words[0]):])
        if target is not None and not _link_allowed(target):
            return [Reach(f"{who} has a HYPERLINK field that links to something outside itself: {_short(target)} "
                          "(only web, e-mail and telephone links may stay)", HINTS["hyperlink"], part, element=element)]
    return []


def _hyperlink_target(arguments: str) -> str | None:
    """The address of a HYPERLINK field (None: only a bookmark in the document, ``\\l``)."""
    tokens = [quoted if quoted or bare == "" else bare for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', arguments)]
    raw = re.findall(r'"[^"]*"|\S+', arguments)
    skip = False
    for token, written in zip(tokens, raw):
        if skip:
            skip = False
            continue
        if not written.startswith('"') and written.startswith("\\"):
            skip = written.lower() in ("\\l", "\\o", "\\t")
            continue
        return token
    return None


def _picture(package: zipfile.ZipFile, media: str) -> tuple[str, str] | None:
    from annualreport.render.pictures import SMALLER, NotAPicture, check_stream, kind_of

    info = package.getinfo(media)
    with package.open(media) as stream:
        head = stream.read(32)
    try:
        if kind_of(head) is not None:
            with package.open(media) as stream:
                check_stream(stream, info.file_size)
            return None
        return _other_picture(package, media)
    except NotAPicture as exc:
        return exc.why, exc.mend
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        return f"{media} cannot be read ({exc})", SMALLER


def _other_picture(package: zipfile.ZipFile, media: str) -> tuple[str, str] | None:
    """A BMP, TIFF or WebP picture within the bounds; a drawing (EMF, WMF, SVG) has none."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    from annualreport.render.pictures import MAX_PIXELS, MAX_SIDE, SMALLER

    with package.open(media) as stream, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(stream) as image:
                width, height = image.size
        except Image.DecompressionBombError:
            return f"{media} has far more than {MAX_PIXELS // 1_000_000} megapixels", SMALLER
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            return None
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return (f"this picture is {width} x {height} pixels; a picture may have at most "
                f"{MAX_PIXELS // 1_000_000} megapixels and {MAX_SIDE} pixels a side"), SMALLER
    return None


# -- where: the part and the paragraph ------------------------------------------------------------


def _part_label(part: str) -> str:
    name = PurePosixPath(part).name
    for key, label in PART_LABELS:
        if name.startswith(key):
            return label
    return "the package" if not part else part


def _paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))


def where(package: zipfile.ZipFile, reach: Reach, parsed: dict) -> str:
    """``the body, the paragraph "..."`` (or the part alone) for one finding."""
    from lxml import etree

    label = _part_label(reach.part)
    element = reach.element
    if element is None and reach.rid and reach.part:
        if reach.part not in parsed:
            try:
                parsed[reach.part] = etree.fromstring(package.read(reach.part), _parser())
            except (KeyError, etree.XMLSyntaxError):
                parsed[reach.part] = None
        root = parsed[reach.part]
        if root is not None:
            element = next((e for e in root.iter() if any(k.startswith(f"{{{R}}}") and v == reach.rid for k, v in e.attrib.items())), None)
    if element is None:
        return label
    paragraph = next((a for a in element.iterancestors(f"{{{W}}}p")), None)
    if paragraph is None:
        return label
    text = _short(_paragraph_text(paragraph), 160)
    return f'{label}, the paragraph "{text}"'


# -- templates and written documents --------------------------------------------------------------

_checked: dict[tuple, list[Problem]] = {}


def template_problems(path: Path, data: bytes | None = None) -> list[Problem]:
    """What a template reaches outside itself (nothing: an empty list). Kept per file
    version (``watch`` reads the same templates again and again). ``data``: the file's bytes,
    when the caller has read them already."""
    try:
        status = os.stat(path)
    except OSError:
        return []
    key = (os.path.realpath(path), status.st_size, status.st_mtime_ns, status.st_ino)
    if key not in _checked:
        source = io.BytesIO(data) if data is not None else path
        _checked[key] = _problems(source, "the template", lambda message, at, hint: Problem(message, path, where=at, hint=hint))
    return _checked[key]


def check_template(path: Path, data: bytes | None = None) -> None:
    """Refuse a template that reaches outside itself (a ``TemplateError``, exit 2)."""
    problems = template_problems(path, data)
    if problems:
        raise TemplateError(*problems)


def check_written(path: Path) -> None:
    """Refuse a Word file the build wrote that reaches outside itself (``InputError``, exit 2):
    the build then fails and writes nothing."""
    name = Path(path).name
    problems = _problems(path, f"the written {name}",
                         lambda message, at, hint: Problem(message, where=at, hint=hint))
    if problems:
        hint = "nothing was written; find what put it there (a section, the evidence or a template) and remove it"
        raise InputError(*[Problem(p.message, where=p.where, hint=hint) for p in problems])


def _problems(path: Path, who: str, make) -> list[Problem]:
    try:
        with zipfile.ZipFile(path) as package:
            parsed: dict = {}
            return [make(r.message, where(package, r, parsed), r.hint) for r in inspect(package, who)]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return []  # not a package: opening it says so


def refuse_reach(outputs) -> None:
    """``check_written`` for every Word file among a build's outputs."""
    for out in outputs:
        if out.path.suffix == ".docx":
            check_written(out.path)
