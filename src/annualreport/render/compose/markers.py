"""Slots and parts: the marker paragraphs that name them, in the template and in pandoc's DOCX."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from .ooxml import W_BOOKMARKEND, W_BOOKMARKSTART, W_P, W_SECTPR, W_T

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document


MARKER_PREFIX = "ANNUALREPORT-PART:"
NAME_RE = re.compile(r"[A-Za-z0-9_.-]+\Z")


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(W_T))


def marker_name(p: etree._Element, marker_prefix: str) -> str | None:
    """The part name if `p` is a marker paragraph, else None; ValueError if malformed."""
    text = paragraph_text(p).strip()
    if not text.startswith(marker_prefix):
        return None
    name = text[len(marker_prefix) :]
    if not NAME_RE.match(name):
        raise ValueError(
            f"malformed marker paragraph {text!r}: expected {marker_prefix!r} followed by "
            "a name of letters, digits, '_', '.', '-'"
        )
    return name


def split_parts(
    source: Document, marker_prefix: str = MARKER_PREFIX
) -> dict[str, list[etree._Element]]:
    """The body of a pandoc-made DOCX, cut at marker paragraphs.

    A marker paragraph is a paragraph directly in the body whose whole text (stripped)
    is ``f"{marker_prefix}{name}"``, ``name`` matching ``[A-Za-z0-9_.-]+``.  Returns
    ``name -> [body elements]`` (``w:p``, ``w:tbl``, ``w:bookmarkStart`` ...) following
    that marker up to the next marker, in document order.  The elements are the source's
    own (not copies); marker paragraphs and any body-level ``w:sectPr`` are never
    included.  Raises ValueError for content before the first marker (bare bookmark
    start/end elements there are ignored), for a repeated name and for a malformed
    marker.
    """
    body = source.element.body
    parts: dict[str, list[etree._Element]] = {}
    current: list[etree._Element] | None = None
    for child in body.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag == W_SECTPR:
            continue
        if tag == W_P:
            name = marker_name(child, marker_prefix)
            if name is not None:
                if name in parts:
                    raise ValueError(f"marker {marker_prefix}{name} appears twice")
                current = parts[name] = []
                continue
        if current is None:
            if tag in (W_BOOKMARKSTART, W_BOOKMARKEND):
                continue
            text = paragraph_text(child).strip()
            raise ValueError(
                f"content before the first {marker_prefix!r} marker paragraph: "
                f"{etree.QName(tag).localname} {text[:60]!r}"
            )
        current.append(child)
    return parts


def find_slots(
    document: Document, marker_prefix: str = MARKER_PREFIX
) -> dict[str, list[etree._Element]]:
    """Slot paragraphs of `document`'s body (table cells included): name -> paragraphs.

    Same text convention as :func:`split_parts`.  Headers, footers and notes are not
    searched.
    """
    slots: dict[str, list[etree._Element]] = {}
    for p in document.element.body.iter(W_P):
        name = marker_name(p, marker_prefix)
        if name is not None:
            slots.setdefault(name, []).append(p)
    return slots
