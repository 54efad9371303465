"""Reading YAML so that every value keeps the line it came from.

Pydantic says *what* is wrong (``courses.2.attendence``); a board manager needs *where*.
``load_yaml`` returns the data and a ``LineMap`` from each path to its line, and turns
syntax errors and duplicate keys into located ``InputError``s.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from annualreport.errors import InputError, Problem

try:  # the C loader is several times faster when libyaml is present
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Dates stay text here, so that pydantic checks them and a bad one is located."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LineMap:
    """Path (a tuple of keys and indexes) -> 1-based line number."""

    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, path: tuple) -> int | None:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int], file: Path) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise InputError(
                    Problem(
                        f"the key '{key}' appears twice (first on line {seen[key]}); the second would silently replace the first",
                        file,
                        line,
                        hint="remove one of them, or merge what they say",
                    )
                )
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines, file)


def load_yaml(file: Path, text: str | None = None) -> tuple[Any, LineMap]:
    """Parse one YAML file. Syntax errors and duplicate keys become located ``InputError``s."""
    if text is None:
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(Problem("the file is not UTF-8 text", file, hint="save it as UTF-8 (in Excel or Notepad: 'Save as', encoding UTF-8)")) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({(): 1})
        lines: dict[tuple, int] = {}
        _walk(node, (), lines, file)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or str(exc)).strip()
        raise InputError(
            Problem(
                f"this is not valid YAML: {problem}",
                file,
                line,
                hint="check the indentation and that every 'key: value' has a space after the colon; text with ': ' or '#' in it must be in quotes",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"this is not valid YAML: {exc}", file)) from None
    finally:
        loader.dispose()
    return data, LineMap(lines)


def _describe(error: dict, model_fields: list[str] | None) -> tuple[str, str | None]:
    kind = error["type"]
    loc = [part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
    name = str(loc[-1]) if loc else "value"
    value = error.get("input")
    if kind == "extra_forbidden":
        hint = "remove it, or correct its spelling"
        if model_fields:
            close = difflib.get_close_matches(name, model_fields, n=1)
            if close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint += "; fields allowed here: " + ", ".join(model_fields)
        return f"unknown field '{name}'", hint
    if kind == "missing":
        return f"'{name}' is missing", f"add '{name}:' here"
    if kind.startswith("date"):
        return f"'{name}' must be a date, not {value!r}", "write dates as YYYY-MM-DD, for example 2025-03-31"
    if kind in {"int_parsing", "float_parsing", "int_type", "float_type", "decimal_parsing", "int_from_float"}:
        return f"'{name}' must be a number, not {value!r}", "write the number alone, without units, commas or % (for example 1234 or 45.5)"
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{name}' is {value!r}, which is not one of the allowed values", f"use one of: {expected}"
    return f"'{name}': {error['msg'].lower()}", None


def raise_validation(exc: ValidationError, file: Path, lines: LineMap, root: tuple = (), fields_at: Any = None) -> None:
    """Turn a pydantic ``ValidationError`` into an ``InputError`` that names file and line.

    ``fields_at(loc)`` may return the field names allowed at a location, for "did you mean".
    """
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        allowed = fields_at(loc[:-1]) if fields_at else None
        message, hint = _describe(error, allowed)
        where = ".".join(str(p) for p in loc)
        line = lines.line_of(root + loc)
        problems.append(Problem(f"{message} (at {where})" if where else message, file, line, hint=hint))
    raise InputError(*problems) from None
