"""Is this a real picture, of a size a report can carry? (PNG, JPEG or GIF, by its bytes.)

A picture's bytes decide, never its name: a text file called ``chart.png`` is refused. Only
the header is read to learn the size (no picture is decoded here), so a 60000 x 60000 PNG
that is 400 KB on disk costs nothing to refuse; pandoc and LibreOffice, which would decode
it, never see it.

The bounds, and why:

* ``MAX_PIXELS`` 50 megapixels: the largest honest picture is a full-resolution photo from
  a 48 or 50 MP phone camera (8064 x 6048) or an A4 page scanned at 600 dpi (35 MP).
  Decoded at 4 bytes a pixel it needs 200 MB in LibreOffice, well inside a build's memory.
* ``MAX_SIDE`` 20000 pixels: a panorama or a long strip up to that; a side beyond it is a
  bomb or a mistake (an A4 page at 300 dpi is 3508 pixels tall).
* ``MAX_BYTES`` 50 MB: a 50 MP JPEG is 10 to 25 MB; a picture bigger than this on disk makes
  a report no one can e-mail.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

MAX_PIXELS = 50_000_000
MAX_SIDE = 20_000
MAX_BYTES = 50 * 1024 * 1024

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF"}

SMALLER = "save it smaller (3000 pixels across is plenty for a full page), as PNG or JPEG"


@dataclass(frozen=True)
class Picture:
    kind: str  # PNG | JPEG | GIF
    width: int
    height: int


class NotAPicture(Exception):
    """Why these bytes cannot go into a report (a sentence for the user), and how to mend it."""

    def __init__(self, why: str, mend: str):
        super().__init__(why)
        self.why = why
        self.mend = mend


def kind_of(head: bytes) -> str | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def check_stream(stream: BinaryIO, size: int) -> Picture:
    """The picture in ``stream`` (``size`` bytes), or :class:`NotAPicture` saying why not."""
    if size > MAX_BYTES:
        raise NotAPicture(f"the picture is {size / 1024 / 1024:.0f} MB, more than the {MAX_BYTES // 1024 // 1024} MB a picture may be", SMALLER)
    head = stream.read(32)
    kind = kind_of(head)
    if kind is None:
        raise NotAPicture("this file is not a PNG, JPEG or GIF picture (its bytes say so, whatever its name)",
                          "save the picture as PNG or JPEG, and give that file's path")
    stream.seek(0)
    width, height = _size(kind, head, stream)
    if width <= 0 or height <= 0:
        raise NotAPicture(f"this {kind} picture says it is {width} x {height} pixels, which cannot be", "save the picture again from a picture editor")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise NotAPicture(
            f"this {kind} picture is {width} x {height} pixels ({width * height / 1e6:,.0f} megapixels); "
            f"a picture may have at most {MAX_PIXELS // 1_000_000} megapixels and {MAX_SIDE} pixels a side",
            SMALLER,
        )
    if kind == "PNG":
        _verify_png(stream)
    return Picture(kind, width, height)


def check_file(path: str | os.PathLike) -> Picture:
    with open(path, "rb") as handle:
        return check_stream(handle, os.fstat(handle.fileno()).st_size)


def _size(kind: str, head: bytes, stream: BinaryIO) -> tuple[int, int]:
    if kind == "PNG":
        if head[12:16] != b"IHDR" or len(head) < 24:
            raise NotAPicture("this PNG picture is damaged (it has no header)", "save the picture again from a picture editor")
        return struct.unpack(">II", head[16:24])
    if kind == "GIF":
        return struct.unpack("<HH", head[6:10])
    # JPEG: Pillow reads the markers up to the frame header and decodes nothing; its own
    # plugin is used directly, so that no global limit of Pillow's is changed or needed
    from PIL import JpegImagePlugin, UnidentifiedImageError

    try:
        image = JpegImagePlugin.JpegImageFile(stream)
    except (OSError, SyntaxError, ValueError, struct.error, UnidentifiedImageError, IndexError) as exc:
        raise NotAPicture(f"this JPEG picture is damaged ({exc})", "save the picture again from a picture editor") from None
    return image.size


def _verify_png(stream: BinaryIO) -> None:
    """Every chunk whole and its checksum right (reads the file once, decodes nothing)."""
    from PIL import PngImagePlugin

    try:
        stream.seek(0)
        image = PngImagePlugin.PngImageFile(stream)
        image.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise NotAPicture(f"this PNG picture is damaged ({exc})", "save the picture again from a picture editor") from None
