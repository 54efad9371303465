"""A value that does not fit its field, said in a board manager's words.

pydantic finds what is wrong (``priorities.1.impact.0``: "Input should be a valid string");
this module says it as a person writing YAML would understand it ("entry 1 of 'impact'
became a 'key: value' pair, because its text has ': ' in it") with a mend in YAML's own
syntax (put the sentence in quotes, and how). No message here repeats pydantic's wording:
each of pydantic's error types a YAML file can cause has its own words, and the rest a plain
one. ``yamlsource.raise_validation`` places each at its file and line.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from annualreport.wording import plural, refusal_hint

#: pydantic's whole numbers and numbers
WHOLE = {"int_type", "int_parsing", "int_from_float", "int_parsing_size"}
NUMBER = {"float_type", "float_parsing", "decimal_type", "decimal_parsing", "complex_type"}
#: a set of 'key: value' lines
MAPPING = {"dict_type", "model_type", "model_attributes_type", "mapping_type", "dataclass_type"}
LIST = {"list_type", "tuple_type", "set_type", "iterable_type", "frozen_set_type"}
#: what each kind of field takes, for a value that fits none of a field's forms
TAKES = {"string_type": "text", "list_type": "a list", "bool_type": "true or false", "bool_parsing": "true or false",
         **{k: "a whole number" for k in WHOLE}, **{k: "a number" for k in NUMBER}, **{k: "'key: value' lines" for k in MAPPING}}

#: the patterns of ids in words, for the mend
PATTERN_HINTS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$": "start with a letter or a digit, then letters, digits and - _ . : only (no spaces), like cp-plans-2024",
    r"^[a-z0-9][a-z0-9-]*$": "use lower-case letters, digits and hyphens only, starting with a letter or digit, like scrutiny",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "write an e-mail address, like partnership@example.org",
}
#: fields whose length is bounded, and why
LENGTH_HINTS = {
    "id": "shorten the id: it goes into the covering report's file name, and file names have a limit",
    "name": "shorten the name; a longer one does not fit a title line or a document's properties",
}


def builtin_kinds() -> frozenset[str]:
    """pydantic's own error types (a validator of ours raises others, in our words)."""
    import typing

    from pydantic_core.core_schema import ErrorType

    return frozenset(typing.get_args(ErrorType))


def shown(value: Any) -> str:
    """A value as it reads in YAML: text quoted, a list in brackets, a mapping as key: value."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {shown(v) if not isinstance(v, str) else v}" for k, v in list(value.items())[:3]) + (", ..." if len(value) > 3 else "") + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(shown(v) for v in list(value)[:3]) + (", ..." if len(value) > 3 else "") + "]"
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def quoted(text: str) -> str:
    """Text in YAML's double quotes, its own quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label(loc: tuple) -> str:
    """``'confidence'``, ``entry 2 of 'impact'``, or ``the file`` at the top."""
    if not loc:
        return "the file"
    last = loc[-1]
    if isinstance(last, int):
        parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
        return f"entry {last + 1} of '{parent}'" if parent else f"entry {last + 1}"
    return f"'{last}'"


def writing(loc: tuple, text: str) -> str:
    """How a value is written at ``loc``: ``- text`` in a list, ``key: text`` under a key."""
    if loc and isinstance(loc[-1], int):
        return f"- {text}"
    return f"{loc[-1]}: {text}" if loc else text


def colon_pair(value: dict) -> str | None:
    """The text a 'key: value' pair was meant to be ("Audit result: 8 of 12 ..."), when one
    line of text with ': ' in it was read as a pair."""
    if len(value) != 1:
        return None
    key, rest = next(iter(value.items()))
    if isinstance(rest, (dict, list)):
        return None
    return f"{key}:" + ("" if rest is None else f" {shown(rest) if not isinstance(rest, str) else rest}")


def describe(error: dict, loc: tuple, allowed: list[str] | None) -> tuple[str, str | None]:
    """What is wrong with the value at ``loc`` (pydantic's ``error``), and how to mend it."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = label(loc)
    field = str(loc[-1]) if loc else "value"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'", refusal_hint(field, allowed or [], "use one of the fields allowed here", "" if allowed else "remove it, or correct its spelling")
    if kind == "missing":
        return f"'{field}' is missing", f"add '{field}:' here"
    if loc and loc[-1] == "[key]":  # a key of a mapping that is not text (2024: rather than '2024-25':)
        return f"the key {shown(value)} of {label(loc[:-2])} must be text", f"put it in quotes: {quoted(str(value))}: ..."
    if value is None and (kind in {"string_type", *LIST, *MAPPING, *WHOLE, *NUMBER, "bool_type"}):
        return f"{name} is empty", _fill(kind, loc, field)
    if kind == "string_type":
        return _not_text(name, loc, value)
    if kind in LIST:
        return _not_a_list(name, field, value)
    if kind in MAPPING:
        if isinstance(value, list):
            return f"{name} must be 'key: value' lines, not a list", "remove the '- ' before its lines" + ("" if loc else "; start from the file 'annualreport init' writes")
        return f"{name} must be 'key: value' lines, not {shown(value)}", f"write its fields under '{field}:', each on its own line and indented" if loc else "start from the file 'annualreport init' writes (see 'annualreport schema')"
    if kind == "path_type":
        return f"{name} must be a file's path, not {shown(value)}", f"write the path after '{field}:', like templates/annual.docx"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{name} must be true or false, not {shown(value)}", "write true or false"
    if kind in WHOLE:
        return f"{name} must be a whole number, not {shown(value)}", "write the number alone, without units, commas or decimals (for example 12)"
    if kind in NUMBER:
        return f"{name} must be a number, not {shown(value)}", "write the number alone, without units, commas or % (for example 1234 or 45.5)"
    if kind == "finite_number":
        return f"{name} must be a finite number, not {shown(value)}", "write the figure itself; .nan and .inf are not figures a report can show (leave the value out if it is not known)"
    if kind.startswith(("date", "datetime")):
        return f"{name} must be a date, not {shown(value)}", "write dates as YYYY-MM-DD, for example 2025-03-31"
    if kind in {"too_short", "too_long"}:
        least = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        return f"{name} needs {word} {plural(int(least or 0), 'entry', 'entries')}", ("add them, each on its own line starting with '- '" if kind == "too_short" else "remove the extra ones")
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        bound = shown(next(iter(ctx.values()), ""))
        words = {"greater_than": ("more than", "more than"), "greater_than_equal": ("at least", "or more"),
                 "less_than": ("less than", "less than"), "less_than_equal": ("at most", "or less")}[kind]
        return f"{name} is {shown(value)}; it must be {words[0]} {bound}", (f"write {bound} {words[1]}" if kind.endswith("equal") else f"write a number {words[1]} {bound}")
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return f"{name} is {len(value)} characters long, over the {limit} allowed here", LENGTH_HINTS.get(field, f"shorten it to {limit} characters or fewer")
    if kind == "string_too_short":
        return f"{name} is empty", f"write it after '{field}:', or remove the line"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return f"{name} is {shown(value)}, which does not match the pattern {pattern}", PATTERN_HINTS.get(pattern, "write it to match the pattern")
    if kind in {"literal_error", "enum"}:
        names = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{name} is {shown(value)}, which is not one of the allowed values", refusal_hint(str(value), names)
    if kind in {"value_error", "assertion_error"}:  # a validator of ours, in our words: "what; how to mend"
        said = str(error.get("msg", "")).split(", ", 1)[-1]
        what, _, how = said.partition("; ")
        return f"{name}: {what}", how or ctx.get("hint")
    if kind not in builtin_kinds():  # our own error type (PydanticCustomError): our words, our hint
        message = str(error.get("msg", ""))
        return f"{message[:1].lower()}{message[1:]}", ctx.get("hint")
    return f"{name} is {shown(value)}, which cannot be used here", "see 'annualreport schema' for what each field takes"


def _fill(kind: str, loc: tuple, field: str) -> str:
    """How to fill in an empty value."""
    if loc and isinstance(loc[-1], int):
        return "write the entry after '- ', or remove the line"
    if kind in LIST:
        return f"write its entries under '{field}:', each on its own line starting with '- '"
    if kind in MAPPING:
        return f"write its 'key: value' lines under '{field}:', indented"
    return f"write it after '{field}:'"


def _not_text(name: str, loc: tuple, value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        meant = colon_pair(value)
        if meant is not None:
            return (f"{name} became a 'key: value' pair, because its text has ': ' in it ({shown(meant)})",
                    f"put the whole text in quotes: {writing(loc, quoted(meant))}")
        return f"{name} must be text, but it is written as 'key: value' lines", "write it as one text after the colon (in quotes if it has ': ' or ' #' in it)"
    if isinstance(value, (list, tuple)):
        return f"{name} must be one text, not a list", "write it as one text (in quotes if it has ': ' or ' #' in it), without '- ' or brackets"
    if isinstance(value, bool):
        return f"{name} was read as {shown(value)}: YAML reads yes, no, on, off, true and false that way", f"put the text in quotes, like {writing(loc, quoted('yes'))}"
    return f"{name} must be text, not the number {shown(value)}", f"put it in quotes: {writing(loc, quoted(shown(value)))}"


def _not_a_list(name: str, field: str, value: Any) -> tuple[str, str]:
    if isinstance(value, str):
        return f"{name} must be a list, not one text", f"write it as a list: {field}: [{value if len(value) < 40 else '...'}], or each entry on its own line starting with '- '"
    if isinstance(value, dict):
        return f"{name} must be a list, but its entries are written as 'key: value' lines", "start each entry with '- '"
    return f"{name} must be a list, not {shown(value)}", f"write it as a list: {field}: [...], or each entry on its own line starting with '- '"


def either(name: str, kinds: Iterable[str]) -> tuple[str, str]:
    """A value that fits none of a field's forms (a word list: a list, or add: and remove:)."""
    forms = list(dict.fromkeys(TAKES.get(k, "") for k in kinds if TAKES.get(k)))
    said = " or ".join(forms) or "another form"
    return f"{name} must be {said}", f"write it as {said} (see 'annualreport schema')"
