"""Masking: the text for classification, with Markdown markup blanked out and every offset kept."""

from __future__ import annotations

import re

from annualreport.citations import CITATION


def blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
FOOTREF = re.compile(r"\[\^[^\]\s]+\]")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_URL = re.compile(r"<(?:https?|mailto):[^>\s]+>|\bhttps?://[^\s)\]]+|\bwww\.[^\s)\]]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_ESCAPE = re.compile(r"\\(?=[^\w\s]|\n|$)")
_QUOTE_MARK = re.compile(r"(?m)^[ \t]*>+")
_BULLET = re.compile(r"^\s*[-*+•·▪●◦‣–]\s+")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)+\.?|\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+(?=[A-Z\"“‘'(])")


def _link_text(match: re.Match) -> str:
    return " " + match.group(1) + " " * (len(match.group(2)) + 2)


def clean(text: str, block: str = "paragraph") -> str:
    """``text`` with citations, footnote marks, links' targets, URLs, tags and Markdown markup
    blanked out (same length, so offsets hold)."""
    t = COMMENT.sub(blank, text) if "<!--" in text else text
    if "[" in t:
        t = CITATION.sub(blank, t)
        t = FOOTREF.sub(blank, t)
        t = _IMAGE.sub(blank, t)
        t = _LINK.sub(_link_text, t)
    t = _URL.sub(blank, t)
    if "<" in t:
        t = _TAG.sub(blank, t)
    t = t.replace("*", " ").replace("`", " ")
    if "_" in t:
        t = _UNDERSCORE.sub(blank, t)
    if "\\" in t:
        t = _ESCAPE.sub(" ", t)
    if ">" in t:
        t = _QUOTE_MARK.sub(blank, t)
    if block == "table":
        t = t.replace("|", " ")
    t = _BULLET.sub(blank, t)
    t = _NUMBERING.sub(blank, t)
    return t
