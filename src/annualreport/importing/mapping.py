"""The lines of an ``import:`` mapping to paste into annualreport.yaml, fitted to what it holds.

A mend that says "map it in annualreport.yaml" gives the lines themselves, ready to paste, and
where: at the end of the file when it has no ``import:`` settings yet, else under the deepest
of ``import:``, ``import: KIND:`` and ``import: KIND: columns:`` (or ``agencies:``) it already
has, indented as that key's other entries are (a second ``import:`` key would be refused as a
duplicate). Inside a flow mapping (``columns: {...}``) the entries are given in flow style.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annualreport.yamlsource import LineMap

#: the width the entries' comments are aligned to
COMMENT_AT = 40
#: how a mend's lines to paste are indented under its "mend:" (see ``errors.Problem.render``)
INDENT = " " * 8


@dataclass(frozen=True)
class Entry:
    """One line of a mapping: a name in the sheet, what it means, and why (a comment)."""

    name: str
    value: str
    comment: str | None = None

    def key(self) -> str:
        return json.dumps(self.name, ensure_ascii=False)


@dataclass
class SettingsFile:
    """annualreport.yaml as read: its data, its lines, and where each key is."""

    file: Path
    data: Any = None
    lines: LineMap = field(default_factory=LineMap)
    text: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.file.name

    def paste(self, path: tuple[str, ...], entries: list[Entry]) -> str:
        """Where to add ``entries`` under ``path`` (e.g. ('import', 'training', 'columns')), and
        the lines themselves, each on a line of its own under the mend."""
        have, node = (), self.data if isinstance(self.data, dict) else {}
        for key in path:
            if not isinstance(node, dict) or key not in node:
                break
            have, node = have + (key,), node[key]
        rest = path[len(have):]
        if not have:
            return f"add these lines at the end of {self.name}:" + _block(rest, entries, "")
        line = self.lines.line_of(have)
        where = f"'{have[-1]}:' on line {line} of {self.name}" if line else f"'{have[-1]}:' in {self.name}"
        if line and _is_flow(self.text, line, have[-1]):
            return f"add {_flow(rest, entries)} inside the {{ }} of {where}"
        indent = _child_indent(self.text, line) if line else "  " * len(have)
        return f"add these lines under {where}:" + _block(rest, entries, indent)


def _block(keys: tuple[str, ...], entries: list[Entry], indent: str, step: str = "  ") -> str:
    lines = []
    for depth, key in enumerate(keys):
        lines.append(f"{indent}{step * depth}{key}:")
    inner = indent + step * len(keys)
    for entry in entries:
        text = f"{inner}{entry.key()}: {entry.value}"
        if entry.comment:
            text = f"{text.ljust(COMMENT_AT)}  # {entry.comment}"
        lines.append(text)
    return "".join(f"\n{INDENT}{line}" for line in lines)


def _flow(keys: tuple[str, ...], entries: list[Entry]) -> str:
    text = ", ".join(f"{e.key()}: {e.value}" for e in entries)
    for key in reversed(keys):
        text = f"{key}: {{{text}}}"
    return text


def _is_flow(text: list[str], line: int, key: str) -> bool:
    if not 0 < line <= len(text):
        return False
    after = text[line - 1].split(f"{key}:", 1)
    return len(after) == 2 and after[1].lstrip().startswith("{")


def _child_indent(text: list[str], line: int) -> str:
    """The indentation of the first entry under the key on ``line`` (its own plus two spaces
    if it has none yet)."""
    own = re.match(r"[ \t]*", text[line - 1]).group() if 0 < line <= len(text) else ""
    for later in text[line:]:
        stripped = later.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = re.match(r"[ \t]*", later).group()
        return found if len(found) > len(own) else own + "  "
    return own + "  "
