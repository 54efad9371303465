"""Reading the project's text files (evidence, sections, annualreport.yaml) safely.

A file is read only when it is a file (not a folder), lies inside the project (a symlink
that leads out of it is refused, and nothing outside is opened), is no larger than
``MAX_BYTES``, and is UTF-8 text without control characters. Anything else is an
``InputError`` that names the file, the line where it can, and how to mend it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

from annualreport.errors import InputError, Problem

#: the largest input file read: ten times the largest honest evidence file (50 MB) we know of,
#: and small enough that parsing it stays within a laptop's memory
MAX_BYTES = 512 * 1024**2
#: files this large get a line saying they are being read (loading takes seconds)
LARGE_BYTES = 10 * 1024**2

SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad, Word or Excel: 'Save as', encoding UTF-8)"

#: characters no text of a report can hold (C0 controls but tab and line breaks, lone
#: surrogates, the non-characters U+FFFE and U+FFFF): Word cannot store them in its XML
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: who is told that a large file is being read (the command's progress, or stderr)
Announce = Callable[[str], None]


def describe_size(size: int) -> str:
    if size >= 1024**2:
        return f"{size / 1024**2:.0f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def control_character(text: str) -> tuple[int, str] | None:
    """The index and a name of the first control character in ``text``, if any."""
    match = CONTROL.search(text)
    if match is None:
        return None
    char = match.group()
    name = "NUL" if char == "\0" else f"U+{ord(char):04X}"
    return match.start(), name


def refuse_control(text: str, file: Path, first_line: int = 1) -> None:
    """A located ``InputError`` if ``text`` (starting on ``first_line``) holds a control character."""
    found = control_character(text)
    if found is not None:
        index, name = found
        raise InputError(
            Problem(
                f"the text holds a control character ({name}), which no report can show",
                file,
                first_line + text.count("\n", 0, index),
                hint="delete it (it often comes from pasting out of another program); retype the text around it if you cannot see it",
            )
        )


def check_inside(file: Path, project: Path | None, what: str) -> None:
    """Refuse a folder, and a file (or symlink) that resolves outside the project."""
    if file.is_dir():
        raise InputError(Problem(f"this {what} is a folder, not a file", file, hint=f"move the folder away, or put the {what} in its place"))
    if project is None:
        return
    try:
        file.resolve().relative_to(project.resolve())
    except ValueError:
        raise InputError(
            Problem(
                f"this {what} is a link to a file outside the project ({file.resolve()}); annualreport reads nothing outside the project",
                file,
                hint="copy the file into the project in place of the link",
            )
        ) from None


def _utf16(raw: bytes) -> bool:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = raw[:4096]
    return len(sample) >= 4 and (sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4)


def decode(raw: bytes, file: Path) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a located ``InputError`` saying what it is."""
    if raw[:3] != b"\xef\xbb\xbf" and _utf16(raw):
        raise InputError(Problem("the file is UTF-16 text, not UTF-8", file, hint=SAVE_AS_UTF8))
    nul = raw.find(b"\0", 0, 8192)
    if nul >= 0:
        raise InputError(Problem("this is a binary file, not text", file, raw.count(b"\n", 0, nul) + 1, hint="give the text file here; if it is text, " + SAVE_AS_UTF8))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start:exc.start + 1].hex().upper()
        raise InputError(
            Problem(f"the file is not UTF-8 text: the byte 0x{bad} on this line cannot be read as UTF-8 (the file was saved in another encoding)", file, line, hint=SAVE_AS_UTF8)
        ) from None


def announce_to_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def read_bytes(file: Path, project: Path | None = None, *, what: str = "file", announce: Announce | None = None) -> bytes:
    """The bytes of one input file: a file, inside ``project`` when given, at most ``MAX_BYTES``.

    A file over ``LARGE_BYTES`` is announced (``reading evidence/2024/training.yaml (50 MB)``).
    """
    check_inside(file, project, what)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                Problem(
                    f"this {what} is {describe_size(size)}, over the {describe_size(MAX_BYTES)} annualreport reads",
                    file,
                    hint="split it (evidence: one kind per file), or leave out what the report does not use",
                )
            )
        if size >= LARGE_BYTES and announce is not None:
            shown = file
            if project is not None:
                try:
                    shown = file.relative_to(project)
                except ValueError:
                    pass
            announce(f"reading {shown.as_posix()} ({describe_size(size)})")
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(Problem(f"this {what} is missing (or a link to nothing)", file, hint=f"put the {what} back, or remove the link")) from None
    except OSError as exc:
        raise InputError(Problem(f"this {what} cannot be read: {exc.strerror or exc}", file, hint="check that you may read it (its permissions), and that it is a plain file")) from None
    if len(raw) > MAX_BYTES:  # it grew while we looked, or is not a plain file
        raise InputError(Problem(f"this {what} is over the {describe_size(MAX_BYTES)} annualreport reads", file, hint="split it, or leave out what the report does not use"))
    return raw


def read_text(file: Path, project: Path | None = None, *, what: str = "file", announce: Announce | None = None) -> tuple[bytes, str]:
    """The bytes and the UTF-8 text of one input file (see ``read_bytes``)."""
    raw = read_bytes(file, project, what=what, announce=announce)
    return raw, decode(raw, file)
