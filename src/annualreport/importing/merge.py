"""Merging imported items into an evidence file with a ruamel.yaml round trip: every comment and hand-written field stays."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from annualreport.errors import InputError, Problem
from annualreport.evidence.models import KINDS
from annualreport.textfiles import read_text
from annualreport.importing.cells import normalised
from annualreport.importing.items import rows_text
from annualreport.importing.shapes import Imported, KindSpec, Shape
from annualreport.importing.sheets import RowProblems, Table


@dataclass
class ImportPlan:
    kind: str
    path: Path
    old_text: str
    new_text: str
    table: Table
    shape: Shape
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: what the user must see, and agree to, before the file is written
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old_text != self.new_text

    @property
    def digest(self) -> str | None:
        return hashlib.sha256(self.old_text.encode("utf-8")).hexdigest() if self.path.exists() else None


# --- merging with ruamel.yaml -------------------------------------------------------------------------


def _yaml(text: str):
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *args: True  # one date in many items is written out each time, not as &id001
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _indents(text: str) -> tuple[int, int, int]:
    """The file's own indentation: (mapping, sequence, offset) for ruamel, so the diff shows only the changes."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    mapping, offset = 2, 2
    for previous, line in zip(lines, lines[1:]):
        if previous.rstrip().endswith(":") and line.lstrip().startswith("- "):
            offset = (len(line) - len(line.lstrip())) - (len(previous) - len(previous.lstrip()))
            break
    for previous, line in zip(lines, lines[1:]):
        if previous.rstrip().endswith(":") and not previous.lstrip().startswith("- ") and not line.lstrip().startswith("- "):
            step = (len(line) - len(line.lstrip())) - (len(previous) - len(previous.lstrip()))
            if step > 0:
                mapping = step
                break
    offset = max(offset, 0)
    return mapping, offset + 2, offset


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b and type(a) is type(b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    return a == b


def _scalar(value: Any, yaml_dump: Callable[[Any], str]) -> Any:
    """A new string in double quotes where YAML needs quotes, as the project's files write them."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, str):
        dumped = yaml_dump(value)
        if dumped.startswith(("'", '"')):
            return DoubleQuotedScalarString(value)
    return value


def _key(key: Any) -> Any:
    """A period label as a key is written in double quotes, "2024-25", as the project's files write it."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(key) if isinstance(key, str) and re.match(r"^\d", key) else key


def _new_map(value: dict, flow: bool, quote: Callable[[Any], Any]):
    from ruamel.yaml.comments import CommentedMap

    result = CommentedMap()
    for key, item in value.items():
        result[_key(key)] = _new_map(item, True, quote) if isinstance(item, dict) else quote(item)
    if flow:
        result.fa.set_flow_style()
    return result


def merge_items(spec: KindSpec, plan: ImportPlan, items: list[Imported], *, as_of: dt.date, source: str, confidence: str | None, default_confidence: str) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    from annualreport.yamlsource import load_yaml

    text = plan.old_text
    if text.strip():
        # the file as it is must be valid first, so that a problem is blamed where it is
        data, lines = load_yaml(plan.path, text)
        if data is not None:
            from annualreport.yamlsource import fields_at, raise_validation

            try:
                spec.file_model.model_validate(data)
            except ValidationError as exc:
                raise_validation(exc, plan.path, lines, fields_at=lambda loc: fields_at(spec.file_model, loc))
    yaml = _yaml(text)

    def dump_one(value: Any) -> str:
        stream = io.StringIO()
        yaml.dump(value, stream)
        return stream.getvalue()

    quote = lambda v: _scalar(v, dump_one)  # noqa: E731
    try:
        doc = yaml.load(text) if text.strip() else None
    except YAMLError as exc:  # pragma: no cover - load_yaml above reports syntax errors first
        raise InputError(Problem(f"this is not valid YAML: {exc}", plan.path)) from None
    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(spec.header + f"\n# Made by 'annualreport import' from {plan.table.file.name}; add to it by hand as you need.\n\n")
    if doc.get(spec.list_key) is None:
        doc[spec.list_key] = CommentedSeq()
    seq = doc[spec.list_key]
    if seq.fa.flow_style():
        seq.fa.set_block_style()
    spaced = "\n\n" + " " * _indents(text)[2] + "- " in text
    by_id = {str(entry.get("id")): entry for entry in seq if isinstance(entry, dict)}
    by_id_folded = {str(entry.get("id")).casefold(): entry for entry in seq if isinstance(entry, dict)}
    by_title = {normalised(entry.get("title", "")): entry for entry in seq if isinstance(entry, dict) and entry.get("title")}
    claimed: dict[int, Imported] = {}
    problems = RowProblems(plan.table)
    for item in items:
        # by id (a KPI ref "MASH-24H" finds mash-24h), then, unless annualreport.yaml named the id, by title
        entry = by_id.get(item.id) or by_id_folded.get(item.id.casefold())
        if entry is None and item.title and not item.mapped:
            entry = by_title.get(normalised(item.title))
        if entry is not None:
            item.id = str(entry.get("id"))
        if entry is not None and id(entry) in claimed:
            problems.add(item.rows[0], None, f"this {spec.noun} and the one on {rows_text(claimed[id(entry)].rows)} both match '{item.id}' in {plan.path.name}", "give them different codes or titles")
            continue
        if entry is None:
            entry = CommentedMap()
            fields = {"id": item.id, "title": item.title, "source": source, "as_of": as_of, "confidence": confidence or default_confidence}
            fields.update({k: v for k, v in item.fields.items() if k != "title"})
            for key in spec.order:
                if key in fields and fields[key] is not None:
                    value = fields[key]
                    entry[key] = _new_map(value, key in spec.flow, quote) if isinstance(value, dict) else quote(value)
            for key, value in fields.items():
                if key not in entry and value is not None:
                    entry[key] = _new_map(value, key in spec.flow, quote) if isinstance(value, dict) else quote(value)
            seq.append(entry)
            if spaced or len(seq) > 1 and not text.strip():
                seq.yaml_set_comment_before_after_key(len(seq) - 1, before="\n")
            plan.added.append(item.id)
            claimed[id(entry)] = item
            _validate_item(spec, entry, item, plan.table, problems)
            continue
        claimed[id(entry)] = item
        before = _plain(entry)
        for key, value in item.fields.items():
            if key in spec.keep and key in entry:
                continue
            _assign(entry, key, value, spec.maps.get(key, "update"), key in spec.flow, quote, spec.order)
        if str(entry.get("source", "")).startswith("Imported from") or "(imported from" in str(entry.get("source", "")):
            _assign(entry, "source", source, "update", False, quote)
        if confidence:
            _assign(entry, "confidence", confidence, "update", False, quote)
        changed = _plain(entry) != before
        if changed:
            _assign(entry, "as_of", as_of, "update", False, quote)
            plan.updated.append(item.id)
        else:
            plan.unchanged.append(item.id)
        _validate_item(spec, entry, item, plan.table, problems)
    problems.raise_if_any()
    plan.untouched = [str(entry.get("id")) for entry in seq if isinstance(entry, dict) and id(entry) not in claimed]
    stream = io.StringIO()
    yaml.dump(doc, stream)
    new_text = stream.getvalue()
    if "\r\n" in text:
        new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")
    _validate_file(spec, plan, new_text, items)
    return new_text


def _put(entry, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key; a new one goes where ``order`` puts it, and the blank line or comments after the item stay after it."""
    if key in entry:
        entry[key] = value
        return
    keys = list(entry.keys())
    rank = {k: i for i, k in enumerate(order)}
    position = len(keys)
    if key in rank:
        position = next((i for i, k in enumerate(keys) if k in rank and rank[k] > rank[key]), len(keys))
    entry.insert(position, key, value)
    if position == len(keys) and keys:
        _move_trailing_comment(entry, keys[-1], key)


def _move_trailing_comment(entry, old: str, new: str) -> None:
    """What ruamel keeps after the last key (its own end-of-line comment, then the lines after) splits between old and new."""
    import copy

    slots = entry.ca.items.get(old)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None or "\n" not in token.value:
        return
    first, rest = token.value.split("\n", 1)
    if not rest:
        return
    moved = copy.copy(token)
    moved.value = "\n" + rest
    if first.strip():
        token.value = first + "\n"
    else:
        slots[2] = None
    entry.ca.items[new] = [None, None, moved, None]


def _assign(entry, key: str, value: Any, policy: str, flow: bool, quote: Callable[[Any], Any], order: tuple[str, ...] = ()) -> None:
    """Set ``entry[key]`` only where it differs, so that formatting and comments stay where nothing changed."""
    if isinstance(value, dict):
        current = entry.get(key)
        if not isinstance(current, dict):
            _put(entry, key, _new_map(value, flow, quote), order)
            return
        if policy == "replace":
            for old in [k for k in current if k not in value]:
                del current[old]
        for sub, sub_value in value.items():
            if sub not in current:
                current[_key(sub)] = quote(sub_value)
            elif not _same(current[sub], sub_value):
                current[sub] = quote(sub_value)
        return
    if key not in entry or not _same(entry[key], value):
        _put(entry, key, quote(value), order)


def _validate_item(spec: KindSpec, entry: Any, item: Imported, table: Table, problems: RowProblems) -> None:
    try:
        spec.item_model.model_validate(_plain(entry))
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            what = "is missing" if error["type"] == "missing" else f"is {error.get('input')!r}: {error['msg'].lower()}"
            problems.add(
                item.rows[0], None,
                f"the {spec.noun} '{item.title or item.id}' ({rows_text(item.rows)}) would not be valid evidence: '{where}' {what}",
                f"add a column for '{where}' to the sheet, or write it into {spec.kind}.yaml by hand" if error["type"] == "missing" else "correct the sheet",
            )


def _validate_file(spec: KindSpec, plan: ImportPlan, text: str, items: list[Imported]) -> None:
    """The merged file, read back as the build reads it, must be valid."""
    from annualreport.yamlsource import load_yaml

    data, _ = load_yaml(plan.path, text)
    try:
        spec.file_model.model_validate(data)
    except ValidationError as exc:
        raise InputError(*[Problem(f"after the import, {plan.path.name} would not be valid: {'.'.join(map(str, e['loc']))}: {e['msg']}", plan.table.file, hint="correct the sheet, or the evidence file") for e in exc.errors()]) from None
    ids = [str(entry.get("id")) for entry in data.get(spec.list_key) or [] if isinstance(entry, dict)]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        rows = {item.id: item.rows for item in items}
        raise InputError(*[Problem(f"after the import, the id '{i}' would be used twice in {plan.path.name}" + (f" (the sheet's {rows_text(rows[i])})" if i in rows else ""), plan.table.file, hint="give the items different ids") for i in twice])


def check_ids_across_year(spec: KindSpec, plan: ImportPlan, items: list[Imported], folder: Path) -> None:
    """New ids must not be used by another kind's evidence of the year: citations would be ambiguous."""
    import yaml

    new = {i for i in plan.added}
    if not new:
        return
    rows = {item.id: item.rows for item in items}
    problems = []
    for other in sorted(folder.glob("*.yaml")):
        if other.stem == spec.kind or other.stem not in KINDS:
            continue
        try:  # read as the build reads it (inside the project, bounded, UTF-8); the build reports what is wrong
            data = yaml.safe_load(read_text(other, folder.parent.parent, what="evidence file")[1]) or {}
        except (yaml.YAMLError, InputError):
            continue
        for value in (data.values() if isinstance(data, dict) else []):
            for entry in value if isinstance(value, list) else []:
                if isinstance(entry, dict) and str(entry.get("id")) in new:
                    problems.append(Problem(f"{plan.table.label}, {rows_text(rows[str(entry['id'])])}: the new id '{entry['id']}' is already used in {other.name}", plan.table.file, hint=f"map the {spec.noun} to another id in annualreport.yaml: import: {{{spec.kind}: {{ids: {{\"CODE OR TITLE\": another-id}}}}}}"))
    if problems:
        raise InputError(*problems)


