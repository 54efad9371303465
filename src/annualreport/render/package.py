"""Checking a .docx or .xlsx (a zip package) before anything inflates it: no zip bombs.

A 3 MB .docx can inflate past 8 GB, and a zip may declare sizes that are lies. So before a
template is opened or a spreadsheet imported, ``check_package`` reads the zip's directory
(entries, declared sizes, compression ratios) and then inflates each entry in small pieces,
counting what really comes out and stopping as soon as a limit is passed. Nothing is kept:
memory stays at one piece, and the check costs about one read of the package.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from annualreport.errors import InputError, Problem, TemplateError

#: entries in one package (a large real .docx has a few hundred)
MAX_ENTRIES = 5_000
#: bytes one entry may inflate to (document.xml of a 500-page report is about 20 MB)
MAX_ENTRY = 256 * 1024**2
#: bytes the whole package may inflate to
MAX_TOTAL = 1024**3
#: how many times an entry may grow when inflated (XML compresses about 10-30 times;
#: only entries above RATIO_FROM bytes are judged, small ones may be anything)
MAX_RATIO = 500
RATIO_FROM = 1024**2

#: packages found sound in this process (a build opens each template several times)
_SOUND: set[tuple] = set()

KINDS = {
    "template": ("the Word template", TemplateError, "save the template again from Word (File, Save As, Word Document); "
                 "if it really is this large, remove the pictures or text that make it so"),
    "workbook": ("the spreadsheet", InputError, "save the spreadsheet again from Excel (File, Save As, Excel Workbook), "
                 "or export the sheet as CSV and import that"),
}


def check_package(path: Path, kind: str = "template", data: bytes | None = None) -> None:
    """Refuse a zip package that would inflate beyond the limits (exit 2, naming the file and
    the entry). A file that is not a zip at all is left for the caller to report. ``data``: the
    file's bytes, when the caller has read them already (the file is then not opened again)."""
    what, error, mend = KINDS[kind]
    try:
        stat = path.stat()
    except OSError:
        return
    key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, kind)
    if key in _SOUND:
        return

    def refuse(message: str) -> None:
        raise error(Problem(f"{what} {message}; it is refused as a possible zip bomb", path, hint=mend))

    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            refuse(f"holds {len(entries):,} files (at most {MAX_ENTRIES:,})")
        declared = 0
        for info in entries:
            declared += info.file_size
            if info.file_size > MAX_ENTRY:
                refuse(f"part {info.filename} would inflate to {_size(info.file_size)} (at most {_size(MAX_ENTRY)})")
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                refuse(f"part {info.filename} would grow {info.file_size // max(info.compress_size, 1):,} times when inflated "
                       f"(at most {MAX_RATIO})")
        if declared > MAX_TOTAL:
            refuse(f"would inflate to {_size(declared)} in all (at most {_size(MAX_TOTAL)})")
        # the declared sizes may lie: inflate for real, a piece at a time, keeping nothing.
        # Python's zipfile stops at the declared size and then checks the CRC, so an entry
        # whose stream holds more than it declares fails here (other readers, pandoc's
        # among them, might inflate it all)
        for info in entries:
            try:
                with archive.open(info) as member:
                    while member.read(1024**2):
                        pass
            except zipfile.BadZipFile as exc:
                refuse(f"part {info.filename} is damaged or inflates to more than it declares ({exc})")
            except (OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
                return  # an encrypted entry or an unknown compression: the reader that opens it says so
    _SOUND.add(key)


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n / 1024**2:.0f} MB" if n >= 1024**2 else f"{n:,} bytes"
