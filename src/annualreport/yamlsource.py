"""Reading YAML so that every value keeps the line it came from.

Pydantic says *what* is wrong (``courses.2.attendence``); a board manager needs *where*.
``load_yaml`` returns the data and a ``LineMap`` from each path to its line, and turns
syntax errors and duplicate keys into located ``InputError``s.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from pydantic import BaseModel, ValidationError

from annualreport.errors import InputError, Problem
from annualreport.textfiles import read_text, refuse_control
from annualreport.yamlbounds import Walk

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


def load_yaml(file: Path, text: str | None = None, *, project: Path | None = None, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse one YAML file. Syntax errors, duplicate keys and the bounds of ``yamlbounds``
    (alias bombs, self-containing aliases, control characters) become located ``InputError``s.

    Without ``text`` the file is read by ``textfiles.read_text`` (inside ``project`` when given,
    bounded in size, UTF-8). ``first_line`` is the file's line of the text's first line (2 for
    a Markdown file's front matter).
    """
    if text is None:
        _, text = read_text(file, project, what="YAML file")
    refuse_control(text, file, first_line)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap({(): first_line})
        lines = Walk(file, text, _Loader, first_line).run(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        problem = (exc.problem or str(exc)).strip()
        raise InputError(
            Problem(
                f"this is not valid YAML: {problem}",
                file,
                line,
                hint="check the indentation and that every 'key: value' has a space after the colon; text with ': ' or '#' in it must be in quotes",
            )
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line if isinstance(exc.position, int) else None
        raise InputError(Problem(f"this is not valid YAML: {exc.reason}", file, line, hint="delete the character (it often comes from pasting out of another program)")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"this is not valid YAML: {exc}", file, hint="check the file against 'annualreport schema'")) from None
    finally:
        loader.dispose()
    return data, LineMap(lines)


#: the patterns of ids in words, for the mend
PATTERN_HINTS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$": "start with a letter or a digit, then letters, digits and - _ . : only (no spaces), like cp-plans-2024",
    r"^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and hyphens only, starting with a letter or digit, like scrutiny",
}
#: fields whose length is bounded, and why
LENGTH_HINTS = {
    "id": "shorten the id: it goes into the covering report's file name, and file names have a limit",
    "name": "shorten the name; a longer one does not fit a title line or a document's properties",
}


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
    if kind == "finite_number":
        return f"'{name}' must be a finite number, not {value!r}", "write the figure itself; .nan and .inf are not figures a report can show (leave the value out if it is not known)"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"'{name}' is {len(value)} characters long, over the {limit} allowed here", LENGTH_HINTS.get(name, f"shorten it to {limit} characters or fewer")
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        return f"'{name}' is {value!r}, which does not match the pattern {pattern}", PATTERN_HINTS.get(pattern, "write it to match the pattern")
    if kind in {"literal_error", "enum"}:
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{name}' is {value!r}, which is not one of the allowed values", f"use one of: {expected}"
    message = error["msg"]
    return f"'{name}': {message[:1].lower()}{message[1:]}", error.get("ctx", {}).get("hint")


def raise_validation(exc: ValidationError, file: Path, lines: LineMap, root: tuple = (), fields_at: Any = None) -> None:
    """Turn a pydantic ``ValidationError`` into an ``InputError`` that names file and line.

    ``fields_at(loc)`` may return the field names allowed at a location, for "did you mean".
    """
    problems = []
    for error in exc.errors():
        loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        if "at" in error.get("ctx", {}):  # a validator that names the key inside its field (a period's value)
            loc += (error["ctx"]["at"],)
        allowed = fields_at(loc[:-1]) if fields_at else None
        message, hint = _describe(error, allowed)
        where = ".".join(str(p) for p in loc)
        line = lines.line_of(root + loc)
        problems.append(Problem(f"{message} (at {where})" if where else message, file, line, hint=hint))
    raise InputError(*problems) from None


def fields_at(model: type[BaseModel], loc: tuple) -> list[str] | None:
    """The field names allowed at ``loc`` inside ``model``, for "did you mean" hints."""
    annotation: typing.Any = model
    for part in loc:
        annotation = _unwrap(annotation, part)
        if annotation is None:
            return None
    annotation = _unwrap(annotation, None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return None


def _unwrap(annotation: typing.Any, part: typing.Any) -> typing.Any:
    origin = typing.get_origin(annotation)
    if origin in (Union, getattr(__import__("types"), "UnionType", Union)):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if args else None
        origin = typing.get_origin(annotation)
    if part is None:
        return annotation
    if origin in (list, tuple):
        return typing.get_args(annotation)[0] if isinstance(part, int) else None
    if origin is dict:
        return typing.get_args(annotation)[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    return None
