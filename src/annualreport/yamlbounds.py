"""The bounds on a YAML file's shape: alias expansion, self-containing aliases, nesting, keys.

PyYAML composes an alias (``*name``) as the very node its anchor (``&name``) made, so a
billion-laughs file is small as nodes but explodes when walked, validated or rendered; and
``&a [*a]`` is a list that holds itself. ``Walk`` visits the composed nodes once, as
``yamlsource`` needs for its line map, and counts as it goes:

* each node walked the first time is *written*; an alias to a list or mapping *copies* as
  many nodes as the anchor's expanded size. Copies may add at most ``ALIAS_BASE`` nodes, or
  ``ALIAS_RATIO`` times as many as the file has written so far, whichever is more: files
  that ``yaml.dump`` wrote with ``&id001`` anchors (copies about twice what is written, at
  most, in the benchmarks' generated evidence) stay linear, and a bomb stops at the alias
  that breaks the bound, before anything is copied.
* an alias inside its own anchor is refused (a self-containing list or mapping);
* nesting deeper than ``MAX_DEPTH``, a key that is a list or mapping, and a control
  character written as an escape in a quoted string (``"\\0"``) are refused.

The composed nodes do not say where an alias was written (they are the anchor's nodes), so
when a bound is broken ``locate_alias`` reads the file's events once more, counting the same
way, to name the alias's line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from annualreport.errors import InputError, Problem
from annualreport.textfiles import control_character

#: nodes that aliases may copy into a file whatever its size
ALIAS_BASE = 250_000
#: and in a larger file, this many times the nodes it writes
ALIAS_RATIO = 4
#: lists and mappings inside one another: honest evidence goes 6 deep
MAX_DEPTH = 64

BOMB_HINT = "write the values out instead of using aliases (*name), or use fewer aliases of aliases"
LOOP_HINT = "an alias (*name) cannot stand inside the list or mapping its anchor (&name) names; write the values out"


def _line(node_or_event: Any, first_line: int) -> int:
    return node_or_event.start_mark.line + first_line


def _bomb(file: Path, line: int | None, limit: int) -> InputError:
    return InputError(
        Problem(
            f"the aliases (*name) here would copy more than {limit:,} values into the file (an 'alias bomb'); annualreport stops at this one",
            file,
            line,
            hint=BOMB_HINT,
        )
    )


def _loop(file: Path, line: int | None) -> InputError:
    return InputError(Problem("this alias (*name) stands inside its own anchor, so the list or mapping contains itself without end", file, line, hint=LOOP_HINT))


class Walk:
    """One walk over a composed document: the line of every path, and the bounds checked."""

    def __init__(self, file: Path, text: str, loader_class: type, first_line: int = 1):
        self.file = file
        self.text = text
        self.loader_class = loader_class
        self.first_line = first_line
        self.lines: dict[tuple, int] = {}
        #: id of a list or mapping walked to its end -> its expanded size in nodes
        self.sizes: dict[int, int] = {}
        #: ids of the lists and mappings being walked (the ancestors of the current node)
        self.open: set[int] = set()
        self.written = 0
        self.copied = 0
        self.inside_alias = 0

    def run(self, node: yaml.Node) -> dict[tuple, int]:
        self.node(node, (), 0)
        return self.lines

    def node(self, node: yaml.Node, path: tuple, depth: int) -> int:
        self.lines.setdefault(path, _line(node, self.first_line))
        if isinstance(node, yaml.ScalarNode):
            if not self.inside_alias:
                self.written += 1
            if node.style == '"':
                self._refuse_control(node)
            return 1
        key = id(node)
        if key in self.open:
            raise self._located(_loop, node)
        if key in self.sizes:
            if not self.inside_alias:
                self.copied += self.sizes[key]
                if self.copied > self.limit:
                    raise self._located(_bomb, node)
            self.inside_alias += 1
            try:
                return self._children(node, path, depth)
            finally:
                self.inside_alias -= 1
        if not self.inside_alias:
            self.written += 1
        if depth > MAX_DEPTH:
            raise InputError(Problem(f"the lists and mappings here are nested more than {MAX_DEPTH} deep", self.file, _line(node, self.first_line), hint="flatten the structure; evidence files need a few levels only"))
        size = self._children(node, path, depth)
        self.sizes[key] = size
        return size

    @property
    def limit(self) -> int:
        return max(ALIAS_BASE, ALIAS_RATIO * self.written)

    def _children(self, node: yaml.Node, path: tuple, depth: int) -> int:
        key = id(node)
        self.open.add(key)
        size = 1
        try:
            if isinstance(node, yaml.MappingNode):
                seen: dict[Any, int] = {}
                for key_node, value_node in node.value:
                    name = self._key(key_node, seen)
                    size += 1
                    if not self.inside_alias:
                        self.written += 1
                    self.lines[path + (name,)] = _line(key_node, self.first_line)
                    size += self.node(value_node, path + (name,), depth + 1)
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    self.lines[path + (index,)] = _line(item, self.first_line)
                    size += self.node(item, path + (index,), depth + 1)
        finally:
            self.open.discard(key)
        return size

    def _key(self, key_node: yaml.Node, seen: dict[Any, int]) -> Any:
        line = _line(key_node, self.first_line)
        if not isinstance(key_node, yaml.ScalarNode):
            raise InputError(Problem("a key here is a list or mapping; keys must be plain text", self.file, line, hint="write the key as text before the colon, like 'title: ...'"))
        if key_node.style == '"':
            self._refuse_control(key_node)
        name = key_node.value
        if name in seen:
            raise InputError(
                Problem(
                    f"the key '{name}' appears twice (first on line {seen[name]}); the second would silently replace the first",
                    self.file,
                    line,
                    hint="remove one of them, or merge what they say",
                )
            )
        seen[name] = line
        return name

    def _refuse_control(self, node: yaml.ScalarNode) -> None:
        found = control_character(node.value)
        if found is not None:
            raise InputError(
                Problem(
                    f"this text holds a control character ({found[1]}, written as an escape), which no report can show",
                    self.file,
                    _line(node, self.first_line),
                    hint="delete the escape (\\0, \\x01 and the like) from the quoted text",
                )
            )

    def _located(self, make, node: yaml.Node) -> InputError:
        """The error ``make`` makes, at the line of the alias that broke the bound."""
        found = locate_alias(self.text, self.loader_class)
        line = found[0] + self.first_line - 1 if found else _line(node, self.first_line)
        return _bomb(self.file, line, self.limit) if make is _bomb else _loop(self.file, line)


def locate_alias(text: str, loader_class: type) -> tuple[int, str] | None:
    """The 1-based line (in ``text``) of the first alias that contains itself or breaks the
    copy bound, counted as ``Walk`` counts, with ``"loop"`` or ``"bomb"``; None if none does."""
    #: anchor -> the expanded size of the list or mapping it names (scalars are not here)
    sizes: dict[str, int] = {}
    open_anchors: list[str | None] = []
    counts: list[int] = []
    written = copied = 0
    for event in yaml.parse(text, Loader=loader_class):
        size = 1
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                return event.start_mark.line + 1, "loop"
            if event.anchor in sizes:
                size = sizes[event.anchor]
                copied += size
                if copied > max(ALIAS_BASE, ALIAS_RATIO * written):
                    return event.start_mark.line + 1, "bomb"
            else:
                written += 1
        elif isinstance(event, yaml.ScalarEvent):
            written += 1
            sizes.pop(event.anchor, None)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            written += 1
            open_anchors.append(event.anchor)
            counts.append(1)
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor = open_anchors.pop()
            size = counts.pop()
            if anchor:
                sizes[anchor] = size
        else:
            continue
        if counts:
            counts[-1] += size
    return None
