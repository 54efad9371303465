"""What the narrative may show and link to, checked before pandoc reads a byte of it.

Every picture must be a file inside the project (after ``..`` and symbolic links), exist,
and be a real PNG, JPEG or GIF of bounded size (``pictures``); nothing is downloaded and no
``data:`` picture is taken. A link may go to the web (http, https), to an e-mail address
(mailto), a telephone (tel) or a heading of the report (``#...``), nothing else. Raw blocks
and inlines (``{=openxml}``, ``{=html}``, HTML tags) go into the Word file unchecked, so they
are refused (``<!-- comments -->`` may stay: they are dropped).

The check reads the Markdown pandoc will get (the report's parts) and finds each problem in
the file the user wrote it in: a section, an evidence file or ``annualreport.yaml``, by line.
What it lets through is handed to the pandoc filter (``pandoc_guard``), which refuses in the
same run anything this check did not vet.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote_to_bytes

from annualreport.errors import InputError, Problem
from annualreport.render.markdown_scan import Found, scan
from annualreport.render.pictures import NotAPicture, check_file

LINK_SCHEMES = ("http", "https", "mailto", "tel")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")

#: where a problem was written: (file, line), or None when no source holds it
Locate = Callable[[str, Found], "tuple[Path, int] | None"]


@dataclass
class Vetted:
    """What the check let through: the files pandoc may read as pictures (as pandoc names
    them: the address without ``?query`` or ``#fragment``, %-escapes decoded)."""

    pictures: set[str] = field(default_factory=set)
    locate: Locate | None = None

    def problem(self, message: str, text: str, hint: str, part: str | None = None) -> Problem:
        """A problem the pandoc filter found, placed where ``text`` was written."""
        place = self.locate(part or "", Found("raw", "", 0, text)) if self.locate else None
        return Problem(message, place[0] if place else None, place[1] if place else None, hint=hint)


def pandoc_file(address: str) -> str:
    """The file pandoc reads for a picture's address (what its ``fetchItem`` does)."""
    path = re.split(r"[?#]", address, maxsplit=1)[0]
    return unquote_to_bytes(path).decode("utf-8", "surrogateescape")


def vet_parts(parts: dict[str, str], resource_path: list[Path], roots: Iterable[Path], locate: Locate | None = None) -> Vetted:
    """Check every picture, link and raw block of ``parts``; raise one ``InputError`` naming
    every problem, or return what pandoc may read."""
    roots = [os.path.realpath(r) for r in roots]
    vetted = Vetted(locate=locate)
    problems: list[Problem] = []
    seen: set[tuple] = set()
    for part, markdown in parts.items():
        for found in scan(markdown):
            why = _check(found, resource_path, roots, vetted)
            if why is None:
                continue
            message, hint = why
            place = locate(part, found) if locate else None
            key = (place, message)
            if key in seen:
                continue
            seen.add(key)
            if place is None:
                message += f" (in the report's part '{part}', made from the evidence)"
            problems.append(Problem(message, place[0] if place else None, place[1] if place else None, hint=hint))
    if problems:
        raise InputError(*problems)
    return vetted


def _check(found: Found, resource_path: list[Path], roots: list[str], vetted: Vetted) -> tuple[str, str] | None:
    if found.kind == "raw":
        return _raw(found)
    if found.kind == "link":
        return _link(found.target)
    return _picture(found.target, resource_path, roots, vetted)


def _raw(found: Found) -> tuple[str, str]:
    if found.target == "html":
        return (f"raw HTML ({_short(found.snippet)}) is refused: it is not kept in a Word document, and may point at files",
                "write it in Markdown (only <!-- comments --> may stay)")
    return (f"a raw {found.target} block ({_short(found.snippet)}) is refused: it would go into the Word file unchecked",
            "write it in Markdown; for a layout Markdown cannot give, change the Word template")


def _link(target: str) -> tuple[str, str] | None:
    if not target or target.startswith("#"):
        return None
    scheme = SCHEME.match(target)
    if scheme and scheme.group(1).lower() in LINK_SCHEMES:
        return None
    hint = "link to a web page (https://...), an e-mail address (mailto:...) or a heading of the report (#...), or remove the link"
    if scheme:
        return f"a link to a {scheme.group(1)}: address ({_short(target)}) is refused", hint
    return f"a link to a file ({_short(target)}) is refused: a reader of the report cannot open it", "put the document on a website and link to its https:// address, or remove the link"


def _picture(address: str, resource_path: list[Path], roots: list[str], vetted: Vetted) -> tuple[str, str] | None:
    scheme = SCHEME.match(address)
    if scheme:
        name = scheme.group(1).lower()
        if name in ("http", "https"):
            return (f"the picture {_short(address)} is on the web: a build downloads nothing",
                    "download the picture, save it in the project (for example in sections/), and give its path")
        if name == "data":
            return ("a picture written into the text (a data: address) is refused",
                    "save the picture as a file in the project, and give its path")
        return (f"the picture {_short(address)} is given as a {name}: address",
                "save the picture in the project, and give its path relative to the section (or the project folder)")
    path = pandoc_file(address)
    if not path:
        return "a picture with no file name", "give the picture's file, for example ![The logo](logo.png)"
    where = _where_pandoc_reads(path, resource_path)
    if where is None:
        folders = " and ".join(_folder_name(p, roots) for p in resource_path)
        return (f"the picture {_short(address)} does not exist (looked in {folders})",
                "check the file's name and folder; a picture's path is relative to the section's folder or the project folder")
    real = os.path.realpath(where)
    if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return (f"the picture {_short(address)} is outside the project (it is {real}): a report shows only files the project holds",
                "copy the picture into the project (for example into sections/) and give that path")
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        return f"the picture {_short(address)} cannot be read: {exc.strerror}", "check that the file can be read"
    if not stat.S_ISREG(mode):
        return f"the picture {_short(address)} is not a file", "give the path of a PNG or JPEG file"
    try:
        check_file(real)
    except NotAPicture as exc:
        return f"the picture {_short(address)}: {exc.why}", exc.mend
    except OSError as exc:
        return f"the picture {_short(address)} cannot be read: {exc.strerror}", "check that the file can be read"
    vetted.pictures.add(path)
    return None


def _where_pandoc_reads(path: str, resource_path: list[Path]) -> str | None:
    """The file pandoc opens for ``path``: absolute as it is; relative, in the first folder
    of its resource path where it can be read (pandoc tries the next on any error)."""
    candidates = [path] if os.path.isabs(path) else [os.path.join(folder, path) for folder in resource_path]
    for candidate in candidates:
        if os.path.exists(candidate) and not os.path.isdir(candidate):
            return candidate
    return None


def _folder_name(folder: Path, roots: list[str]) -> str:
    real = os.path.realpath(folder)
    root = roots[0] if roots else None
    if root and real == root:
        return "the project folder"
    if root and real.startswith(root + os.sep):
        return real[len(root) + 1:] + "/"
    return str(folder)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- where each problem was written ------------------------------------------------------------


def project_locator(project) -> Locate:
    """Find a problem's text in the files it came from: the sections of its part first, then
    every section, the evidence files and annualreport.yaml. Each file is read once, and only
    when a problem is found."""
    from annualreport.config import CONFIG_NAME

    texts: dict[Path, list[str] | None] = {}

    def lines_of(path: Path) -> list[str]:
        if path not in texts:
            try:
                texts[path] = path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                texts[path] = []
        return texts[path] or []

    def files(part: str) -> list[Path]:
        sections = [s.file for s in project.sections if s.part == part]
        rest = [s.file for s in project.sections if s.part != part]
        evidence = list(getattr(project.evidence, "paths", {}).values())
        return [*sections, *rest, *evidence, project.root / CONFIG_NAME]

    def locate(part: str, found: Found) -> tuple[Path, int] | None:
        needles = [found.snippet.split("\n")[0].strip()]
        if found.kind != "raw" and found.target:
            needles.append(found.target)
        for needle in needles:
            if not needle:
                continue
            for path in files(part):
                for number, line in enumerate(lines_of(path), start=1):
                    if needle in line:
                        return path, number
        return None

    return locate


def vet_narrative(project, parts: dict[str, str], resource_path: list[Path], charts: Path | None = None) -> Vetted:
    """``vet_parts`` for a project's report: pictures may come from the project, and from the
    folder the build draws its charts in; problems are placed in the files they came from."""
    roots = [project.root] + ([charts] if charts is not None else [])
    return vet_parts(parts, resource_path, roots, project_locator(project))
