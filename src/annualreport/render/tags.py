"""Reading a Word template's tags as comms staff typed them, paragraph by paragraph.

Word stores a paragraph as runs of formatting, and comms staff type in Word: so a tag can be
split over runs, and quotes inside it turn curly. ``inspect_template`` finds, for every
paragraph of the body (and its tables), headers and footers: broken tags (errors), curly
quotes inside tags (repaired when the report is built), tags split over runs (docxtpl joins
them; worth retyping), and names the data does not have, with a "did you mean".
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterator

import jinja2
from jinja2 import nodes

TOKEN = re.compile(r"\{\{|\}\}|\{%|%\}")
TAG = re.compile(r"(\{\{|\{%)(.*?)(\}\}|%\})", re.S)
SMART_QUOTES = "\u2018\u2019\u201c\u201d"
BLOCK_WORDS = {"for", "endfor", "if", "elif", "else", "endif", "set", "with", "endwith", "filter", "endfilter", "colspan", "cellbg", "vm", "hm"}
#: names Jinja and docxtpl give every template
BUILTIN_NAMES = {"loop", "range", "true", "false", "none", "True", "False", "None"}


@dataclass(frozen=True)
class Paragraph:
    part: str  # "the body", "a header", "a footer"
    text: str
    runs: tuple[str, ...]


@dataclass(frozen=True)
class TagFinding:
    severity: str  # "error" | "warning" | "info"
    message: str
    part: str
    paragraph: str
    hint: str | None = None

    @property
    def where(self) -> str:
        return f"{self.part}, the paragraph \"{short(self.paragraph)}\""


def short(text: str, limit: int = 160) -> str:
    text = text.replace("\t", " ").strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def paragraphs(document) -> Iterator[Paragraph]:
    """Every paragraph a comms officer can type in: body (and its tables), headers, footers."""

    def walk(container, part: str):
        for paragraph in container.paragraphs:
            yield Paragraph(part, paragraph.text, tuple(r.text for r in paragraph.runs))
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell, part)

    yield from walk(document, "the body")
    seen = set()
    for section in document.sections:
        for label, hf in (("a header", section.header), ("a header", section.first_page_header), ("a footer", section.footer), ("a footer", section.first_page_footer)):
            if hf.is_linked_to_previous or id(hf._element) in seen:
                continue
            seen.add(id(hf._element))
            yield from walk(hf, label)


def _syntax(env: jinja2.Environment, text: str) -> str | None:
    """Why the tags of one paragraph are broken, or None."""
    open_token, start = None, 0
    for match in TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "{%"):
            if open_token:
                return f"'{open_token}' is not closed before the next '{token}'"
            open_token, start = token, match.end()
            continue
        expected = "}}" if open_token == "{{" else "%}"
        if open_token is None:
            return f"'{token}' closes a tag that was not opened"
        if token != expected:
            return f"'{open_token}' is closed by '{token}'"
        message = _inner(env, open_token, _straight(text[start : match.start()]).strip())
        if message:
            return message
        open_token = None
    if open_token:
        return f"'{open_token}' is not closed in this paragraph (a tag must open and close in one paragraph)"
    return None


def _straight(text: str) -> str:
    return text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')


def _inner(env: jinja2.Environment, kind: str, inner: str) -> str | None:
    if kind == "{{":
        inner = re.sub(r"^[pr]\s+", "", inner)  # docxtpl's {{p ...}} and {{r ...}}
        try:
            env.parse("{{ " + inner + " }}")
        except jinja2.TemplateSyntaxError as exc:
            return f"'{{{{ {inner} }}}}' is not a valid expression ({exc.message})"
        return None
    words = re.sub(r"^(p|tr|tc|r)\s+", "", inner).split()
    if not words:
        return "an empty {% %} tag"
    if words[0] not in BLOCK_WORDS:
        return f"'{words[0]}' is not a tag templates know (use for, if, else, endif, endfor)"
    return None


def _split_over_runs(paragraph: Paragraph) -> list[str]:
    bounds, position = set(), 0
    for run in paragraph.runs[:-1]:
        position += len(run)
        bounds.add(position)
    split = []
    for match in TAG.finditer(paragraph.text):
        if any(match.start() < b < match.end() for b in bounds):
            split.append(match.group(0))
    return split


# --- names against the data -----------------------------------------------------------


def _path(node: nodes.Node) -> list[str] | None:
    """``committee.contact.name`` -> ['committee', 'contact', 'name']."""
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        base = _path(node.node)
        return base + [node.attr] if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        base = _path(node.node)
        return base + [node.arg.value] if base else None
    return None


def _expressions(tree: nodes.Node) -> Iterator[list[str]]:
    """Every name path read in a parsed tag (outermost chains only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        path = _path(node) if isinstance(node, (nodes.Getattr, nodes.Getitem)) else None
        if path:
            yield path
            continue
        if isinstance(node, nodes.Name) and node.ctx == "load":
            yield [node.name]
            continue
        stack.extend(node.iter_child_nodes())


def _lookup(data: Any, path: list[str]) -> tuple[bool, list[str], str]:
    """Follow ``path`` in example data: (found, keys where it failed, the name that failed)."""
    for depth, name in enumerate(path):
        if isinstance(data, dict):
            if name not in data:
                return False, list(data), ".".join(path[: depth + 1])
            data = data[name]
        elif isinstance(data, (list, tuple)):
            return True, [], ""  # attributes of lists (e.g. length) are Jinja's own
        else:
            return True, [], ""
    return True, [], ""


def _loop_item(data: Any, path: list[str]) -> Any:
    for name in path:
        data = data.get(name) if isinstance(data, dict) else None
    return data[0] if isinstance(data, (list, tuple)) and data else {}


def inspect_template(document, example: dict | None, env: jinja2.Environment) -> list[TagFinding]:
    """All tag findings for one template's document; names checked when ``example`` is given."""
    findings: list[TagFinding] = []
    scope: dict[str, Any] = dict(example or {})
    loops: list[str] = []
    for paragraph in paragraphs(document):
        text = paragraph.text
        if "{" not in text and "}" not in text:
            continue
        broken = _syntax(env, text)
        if broken:
            findings.append(TagFinding("error", f"a template tag is broken: {broken}", paragraph.part, text, "write each tag whole, like {{ committee.name }} or {%p for r in committee.recommendations %}, inside one paragraph"))
            continue
        for match in TAG.finditer(text):
            if any(q in match.group(0) for q in SMART_QUOTES):
                findings.append(TagFinding("warning", f"curly quotes inside the tag {short(match.group(0), 60)}: they are made straight when the report is built", paragraph.part, text, "turn off Word's 'smart quotes' (AutoCorrect options) while typing tags"))
        for tag in _split_over_runs(paragraph):
            findings.append(TagFinding("info", f"the tag {short(tag, 60)} is split over several pieces of formatting in Word; it still works", paragraph.part, text, "to be safe, select the tag, delete it and type it again in one go"))
        if example is None:
            continue
        for match in TAG.finditer(_straight(text)):
            opening, inner = match.group(1), match.group(2).strip()
            if opening == "{%":
                words = re.sub(r"^(p|tr|tc|r)\s+", "", inner)
                head = words.split()[0] if words.split() else ""
                if head == "for":
                    target, _, source = words[3:].partition(" in ")
                    try:
                        expression = env.parse("{{ " + source + " }}")
                    except jinja2.TemplateSyntaxError:
                        continue
                    findings += _check_names(expression, scope, paragraph, text)
                    source_path = next(_expressions(expression), [])
                    loops.append(target.strip())
                    scope[target.strip()] = _loop_item(scope, source_path)
                elif head == "endfor" and loops:
                    scope.pop(loops.pop(), None)
                elif head in ("if", "elif"):
                    try:
                        findings += _check_names(env.parse("{{ " + words[len(head):] + " }}"), scope, paragraph, text)
                    except jinja2.TemplateSyntaxError:
                        pass
                continue
            inner = re.sub(r"^[pr]\s+", "", inner)
            try:
                findings += _check_names(env.parse("{{ " + inner + " }}"), scope, paragraph, text)
            except jinja2.TemplateSyntaxError:
                pass
    return findings


def _check_names(tree: nodes.Node, scope: dict, paragraph: Paragraph, text: str) -> list[TagFinding]:
    out = []
    for path in _expressions(tree):
        if path[0] in BUILTIN_NAMES:
            continue
        found, choices, failed = _lookup(scope, path)
        if found:
            continue
        last = failed.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(last, [c for c in choices if not c.startswith("_")], n=1, cutoff=0.5)
        parent = failed.rsplit(".", 1)[0] + "." if "." in failed else ""
        hint = f"did you mean '{parent}{close[0]}'?" if close else "see docs/templates.md (or 'annualreport template-vars') for the names a template can use"
        out.append(TagFinding("error", f"the template uses '{failed}', which the data does not have", paragraph.part, text, hint))
    return out
