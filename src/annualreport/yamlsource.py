"""Reading YAML so that every value keeps the line it came from.

Pydantic says *what* is wrong (``courses.2.attendence``); a board manager needs *where*.
``load_yaml`` returns the data and a ``LineMap`` from each path to its line, and turns
syntax errors and duplicate keys into located ``InputError``s.
"""

from __future__ import annotations

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


#: what YAML's reader says (its problem, or the context of it) -> what it means here, and the mend
UNREADABLE = (
    ("mapping values are not allowed", "a ': ' where YAML expects none: in text that is not in quotes, or on a line indented further than the key above it",
     "if it is text with ': ' in it, put the whole text in quotes (key: \"text: more text\"); if it is a key, indent it as the keys above it"),
    ("tab character", "a tab; YAML is indented with spaces only", "replace the tab with spaces, as many as the lines around it"),
    ("found character '\\t'", "a tab; YAML is indented with spaces only", "replace the tab with spaces, as many as the lines around it"),
    ("expected ',' or ']'", "a list in [ ] that is not closed on its line", "close it with ], or put text with a comma or a colon in quotes"),
    ("expected ',' or '}'", "a set of { } that is not closed on its line", "close it with }, or put text with a comma or a colon in quotes"),
    ("found unexpected end of stream", "a quote that is never closed", "close the quote at the end of the text"),
    ("found unknown escape character", "a backslash in text in double quotes", "write \\\\ for a backslash, or put the text in single quotes"),
    ("found undefined alias", "a *name with no &name before it", "write the value itself, or put the text in quotes (a * at the start of text must be quoted)"),
    ("could not find expected ':'", "a key without its ':'", "write 'key: value', with a space after the colon, or put the text in quotes"),
    ("cannot start any token", "text that starts with a character YAML keeps for itself (@, `, % or a tab)", "put the text in quotes"),
    ("found character that cannot start", "text that starts with a character YAML keeps for itself (@, `, % or a tab)", "put the text in quotes"),
    ("expected <block end>", "a line indented differently from the lines above it", "indent it as the lines it belongs with; text that runs on must be indented further than its key"),
    ("expected key", "a line indented differently from the lines above it", "indent it as the lines it belongs with"),
    ("expected '-' indicator", "a line among a list's entries that does not start with '- '", "start it with '- ' as the entries above, or indent it as the line it belongs with"),
)
SYNTAX_HINT = "check the indentation and that every 'key: value' has a space after the colon; text with ': ' or ' #' in it must be in quotes"


def unreadable(problem: str, context: str) -> tuple[str, str]:
    """What YAML's reader could not read, in our words, and how to mend it."""
    said = f"{problem} {context}"
    for words, what, hint in UNREADABLE:
        if words in said:
            return what, hint
    return "YAML cannot read this line", SYNTAX_HINT


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
        what, hint = unreadable(exc.problem or "", exc.context or "")
        raise InputError(Problem(f"this is not valid YAML: {what}", file, line, hint=hint)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line if isinstance(exc.position, int) else None
        raise InputError(Problem("this is not valid YAML: it holds a character that is not text", file, line, hint="delete the character (it often comes from pasting out of another program)")) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem("this is not valid YAML", file, hint=SYNTAX_HINT + "; check the file against 'annualreport schema'")) from None
    finally:
        loader.dispose()
    return data, LineMap(lines)


def _located(error: dict, lines: LineMap, root: tuple) -> tuple[tuple, tuple | None]:
    """The error's place as the file writes it, and where a union's member was named (None:
    no union). pydantic names the member it tried (``list[str]``, ``WordListChange``, ``[key]``
    aside) inside the place; a part the file does not have there is such a name."""
    raw = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    if "at" in error.get("ctx", {}):  # a validator that names the key inside its field (a period's value)
        raw += (error["ctx"]["at"],)
    loc: list = []
    member = None
    for i, part in enumerate(raw):
        last = i == len(raw) - 1
        here = root + tuple(loc) + (part,)
        if isinstance(part, str) and part != "[key]" and here not in lines.lines and not (last and error["type"] in ("missing", "extra_forbidden")) \
                and (root + tuple(loc)) in lines.lines | {(): 0}:
            member = tuple(loc) if member is None else member
            continue
        loc.append(part)
    return tuple(loc), member


def raise_validation(exc: ValidationError, file: Path, lines: LineMap, root: tuple = (), fields_at: Any = None) -> None:
    """Turn a pydantic ``ValidationError`` into an ``InputError`` that names file and line, in
    our words (``invalid_values``). A value that fits none of a field's forms is one problem.

    ``fields_at(loc)`` may return the field names allowed at a location, for "did you mean".
    """
    from annualreport.invalid_values import describe, either

    placed = [(error, *_located(error, lines, root)) for error in exc.errors()]
    members: dict[tuple, list] = {}
    for error, loc, member in placed:
        if member is not None:
            members.setdefault(member, []).append((error, loc))
    problems = []
    said: set[tuple] = set()
    for error, loc, member in placed:
        if member is not None:
            tried = members[member]
            deeper = [(e, l) for e, l in tried if len(l) > len(member)]
            if deeper and len(loc) == len(member):
                continue  # the member the value was meant for says what is wrong inside it
            if not deeper:
                if member in said:
                    continue
                said.add(member)
                message, hint = either(_label(member), [e["type"] for e, _ in tried])
                problems.append(_problem(message, hint, member, file, lines, root))
                continue
        allowed = fields_at(loc[:-1]) if fields_at else None
        message, hint = describe(error, loc, allowed)
        if (message, loc) in said:
            continue
        said.add((message, loc))
        problems.append(_problem(message, hint, loc, file, lines, root))
    raise InputError(*problems) from None


def _label(loc: tuple) -> str:
    from annualreport.invalid_values import label

    return label(loc)


def _problem(message: str, hint: str | None, loc: tuple, file: Path, lines: LineMap, root: tuple) -> Problem:
    where = ".".join(str(p) for p in root + loc if p != "[key]")
    return Problem(f"{message} (at {where})" if where else message, file, lines.line_of(root + loc), hint=hint)


def fields_at(model: type[BaseModel], loc: tuple) -> list[str] | None:
    """The field names allowed at ``loc`` inside ``model`` (as the file writes them: aliases
    such as ``import``), for "did you mean" hints; every form of a union is tried."""
    found: list = [model]
    for part in loc:
        found = [inner for annotation in found for inner in _step(annotation, part)]
    for annotation in (m for a in found for m in _members(a)):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [f.alias or name for name, f in annotation.model_fields.items()]
    return None


def _members(annotation: typing.Any) -> list:
    """A union's members but None; anything else alone."""
    if typing.get_origin(annotation) in (Union, getattr(__import__("types"), "UnionType", Union)):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    return [annotation]


def _step(annotation: typing.Any, part: typing.Any) -> list:
    out = []
    for member in _members(annotation):
        origin = typing.get_origin(member)
        if origin in (list, tuple) and isinstance(part, int):
            out.append(typing.get_args(member)[0])
        elif origin is dict:
            out.append(typing.get_args(member)[1])
        elif isinstance(member, type) and issubclass(member, BaseModel):
            field = member.model_fields.get(str(part)) or next((f for f in member.model_fields.values() if f.alias == str(part)), None)
            if field is not None:
                out.append(field.annotation)
    return out
