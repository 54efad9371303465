"""Finding, in pandoc Markdown, every picture, link and raw block, with where it starts.

A scan, not a parser: it knows what pandoc's Markdown makes an image, a link or a raw block
(code blocks and code spans, comments, nested brackets, reference definitions, autolinks,
raw attributes and HTML tags), quickly enough to read a whole report before pandoc does.
What it misses the pandoc filter (``pandoc_guard``) still refuses, so a miss costs a less
precise message, never a file read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
RAW_ATTRIBUTE = re.compile(r"\{\s*=\s*([^\s{}]+)\s*\}")
COMMENT = re.compile(r"<!--.*?-->", re.S)
TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>|<\?|<![A-Za-z\[]")
#: pandoc makes these tags a Div or a Span of its own, not raw HTML
NATIVE_TAGS = {"div", "span"}
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\\n]|\\.)+)\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.M)
BRACKETS = re.compile(r"[\\\[\]]")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Found:
    kind: str  # picture | link | raw
    target: str  # the picture's or link's address as pandoc reads it; for raw: its format
    offset: int  # where it starts in the text
    snippet: str  # the text as written, to find it in its source


def scan(text: str) -> list[Found]:
    """Every picture, link and raw block or inline of one Markdown text, in order."""
    found: list[Found] = []
    text = _blank_code(text, found)
    text = COMMENT.sub(lambda m: _spaces(m.group(0)), text)
    definitions: dict[str, tuple[str, int, str]] = {}
    addresses: list[tuple[int, int]] = []  # where link addresses are written: no tags in there
    for match in DEFINITION.finditer(text):
        label = _label(match.group(1))
        if label.startswith("^"):
            continue  # a footnote
        definitions.setdefault(label, (_destination(match.group(2)), match.start(), match.group(0)))
        addresses.append(match.span(2))
    used_by_pictures: set[str] = set()
    for image, start, end, label, destination, address in _bracket_pairs(text, definitions):
        kind = "picture" if image else "link"
        if destination is not None:
            found.append(Found(kind, destination, start, text[start:end]))
            addresses.append((address, end))
        elif label in definitions and image:
            used_by_pictures.add(label)
    for label, (destination, start, snippet) in definitions.items():
        found.append(Found("picture" if label in used_by_pictures else "link", destination, start, snippet))
    inside = _within(addresses)
    for match in TAG.finditer(text):
        if (match.group(1) or "").lower() not in NATIVE_TAGS and not inside(match.start()):
            found.append(Found("raw", "html", match.start(), match.group(0)))
    for match in AUTOLINK.finditer(text):
        if not inside(match.start()):
            found.append(Found("link", match.group(1), match.start(), match.group(0)))
    found.sort(key=lambda f: f.offset)
    return found


def _within(spans: list[tuple[int, int]]):
    import bisect

    spans = sorted(spans)
    starts = [s for s, _ in spans]

    def inside(at: int) -> bool:
        i = bisect.bisect_right(starts, at) - 1
        return i >= 0 and spans[i][0] <= at < spans[i][1]

    return inside


def _spaces(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _blank_code(text: str, found: list[Found]) -> str:
    """Code blocks and code spans as spaces (what is in them is shown, not read); a raw block
    or inline (``{=format}``) is noted as it goes."""
    lines = text.split("\n")
    out, offset, i = [], 0, 0
    while i < len(lines):
        line = lines[i]
        match = FENCE.match(line)
        if not match:
            out.append(line)
            offset += len(line) + 1
            i += 1
            continue
        fence, info = match.group(1), match.group(2).strip()
        raw = RAW_ATTRIBUTE.fullmatch(info)
        if raw:
            found.append(Found("raw", raw.group(1), offset, line))
        j = i + 1
        while j < len(lines):
            close = FENCE.match(lines[j])
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence) and not close.group(2).strip():
                break
            j += 1
        for k in range(i, min(j + 1, len(lines))):
            out.append(" " * len(lines[k]))
            offset += len(lines[k]) + 1
        i = j + 1
    return _blank_spans("\n".join(out), found)


def _blank_spans(text: str, found: list[Found]) -> str:
    parts, position, search = [], 0, 0
    while True:
        start = text.find("`", search)
        if start < 0:
            break
        if start and text[start - 1] == "\\":
            search = start + 1
            continue
        run = start
        while run < len(text) and text[run] == "`":
            run += 1
        ticks = run - start
        end = run
        while True:
            end = text.find("`" * ticks, end)
            if end < 0 or text[end + ticks: end + ticks + 1] != "`":
                break
            while end < len(text) and text[end] == "`":
                end += 1
        if end < 0:
            search = run
            continue
        close = end + ticks
        raw = RAW_ATTRIBUTE.match(text, close)
        if raw:
            found.append(Found("raw", raw.group(1), start, text[start: raw.end()]))
            close = raw.end()
        parts.append(text[position:start])
        parts.append(_spaces(text[start:close]))
        position = search = close
    parts.append(text[position:])
    return "".join(parts)


def _label(text: str) -> str:
    return " ".join(text.split()).lower()


def _destination(text: str) -> str:
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    return ESCAPED.sub(r"\1", text)


def _bracket_pairs(text: str, definitions: dict):
    """``(image, start, end, label, destination, address)`` for every ``[...]`` that is a link or a
    picture: inline (``destination`` given) or by reference (``label`` given)."""
    stack: list[tuple[int, bool]] = []
    skip_to = -1
    for match in BRACKETS.finditer(text):
        at = match.start()
        if at < skip_to:
            continue
        char = match.group(0)
        if char == "\\":
            skip_to = at + 2
            continue
        if char == "[":
            image = at > 0 and text[at - 1] == "!" and (at < 2 or text[at - 2] != "\\")
            stack.append((at, image))
            continue
        if not stack:
            continue
        opened, image = stack.pop()
        inner = text[opened + 1: at]
        if inner.startswith("^"):
            continue  # a footnote
        start = opened - 1 if image else opened
        after = at + 1
        if text.startswith("(", after):
            parsed = _inline(text, after)
            if parsed is not None:
                destination, end = parsed
                yield image, start, end, None, destination, after
            continue
        if text.startswith("[", after):
            close = text.find("]", after)
            if close > 0 and "\n\n" not in text[after:close]:
                label = _label(text[after + 1: close]) or _label(inner)
                if label in definitions:
                    yield image, start, close + 1, label, None, None
            continue
        label = _label(inner)
        if label in definitions:
            yield image, start, at + 1, label, None, None


def _inline(text: str, at: int) -> tuple[str, int] | None:
    """The destination of ``(dest "title")`` starting at ``at``, and where it ends."""
    k = at + 1
    n = len(text)
    while k < n and text[k] in " \t\n":
        k += 1
    if k < n and text[k] == "<":
        end = text.find(">", k)
        if end < 0 or "\n" in text[k:end]:
            return None
        return _destination(text[k: end + 1]), end + 1
    start, depth = k, 0
    while k < n:
        char = text[k]
        if char == "\\":
            k += 2
            continue
        if char.isspace():
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        k += 1
    return _destination(text[start:k]), k
