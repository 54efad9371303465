"""Mapping a sheet's header row to the fields of a kind's shape."""

from __future__ import annotations

import difflib
import re
from typing import Any, Callable

from annualreport.errors import InputError, Problem
from annualreport.config import ImportSettings
from annualreport.importing.cells import Agencies, bare, normalised, parse_cell, period_label
from annualreport.importing.mapping import Entry, SettingsFile
from annualreport.importing.shapes import Column, KindSpec, Shape
from annualreport.importing.sheets import Table, header_text, is_blank


# --- mapping the header row -------------------------------------------------------------------------


def _synonyms(shape: Shape) -> dict[str, Column]:
    found: dict[str, Column] = {}
    for column in shape.columns:
        for synonym in column.synonyms:
            found.setdefault(normalised(synonym), column)
    return found


def _user_columns(settings: ImportSettings) -> dict[str, str | None]:
    return {normalised(k): (v.strip() if isinstance(v, str) else v) for k, v in settings.columns.items()}


def _classify(header: str, shape: Shape, settings: ImportSettings, agencies: Agencies | None) -> tuple[str, Any]:
    """What a header is in this shape: ('field', Column), ('dynamic', key), ('ignore', None) or ('unknown', None)."""
    if not header:
        return "ignore", None
    user = _user_columns(settings)
    if normalised(header) in user:
        target = user[normalised(header)]
        if target in (None, "", "ignore"):
            return "ignore", None
        if target.startswith("period:"):
            return ("dynamic", target.split(":", 1)[1].strip()) if shape.dynamic == "period" else ("ignore", None)
        if target.startswith("agency:"):
            return ("dynamic", target.split(":", 1)[1].strip()) if shape.dynamic == "agency" else ("ignore", None)
        column = next((c for c in shape.columns if c.name == target), None)
        return ("field", column) if column else ("ignore", None)
    synonyms = _synonyms(shape)
    for key in (normalised(header), bare(header)):
        for variant in (key, re.sub(r"^(?:average|avg|mean|overall|total|no of|number of)\s+", "", key)):
            if variant in synonyms:
                return "field", synonyms[variant]
    if shape.dynamic == "period":
        label = period_label(header)
        if label:
            return "dynamic", label
    if shape.dynamic == "agency" and agencies is not None:
        agency = agencies.find(header)
        if agency:
            return "dynamic", agency
    if shape.name == "indicators" and normalised(header).startswith("target"):
        return "field", shape.column("target")
    return "unknown", None


def header_score(spec: KindSpec, settings: ImportSettings, agencies: Agencies | None) -> Callable[[list[Any]], int]:
    def score(cells: list[Any]) -> int:
        headers = ["" if is_blank(c) else header_text(c) for c in cells]
        best = 0
        for shape in spec.shapes:
            points = sum(1 for h in headers if h and _classify(h, shape, settings, agencies)[0] in ("field", "dynamic"))
            best = max(best, points)
        return best

    return score


def map_columns(table: Table, spec: KindSpec, settings: ImportSettings, agencies: Agencies | None,
                config: SettingsFile | None = None) -> tuple[Shape, dict[int, Column], dict[int, str], list[str]]:
    """Choose the shape, and say what each column is. Raises InputError naming missing or unknown columns."""
    candidates = spec.shapes
    if settings.shape:
        candidates = tuple(s for s in spec.shapes if s.name == settings.shape)
    scored = []
    for shape in candidates:
        columns: dict[int, Column] = {}
        dynamic: dict[int, str] = {}
        ignored: list[str] = []
        unknown: list[str] = []
        taken: dict[str, int] = {}
        for index, header in enumerate(table.headers):
            what, value = _classify(header, shape, settings, agencies)
            if what == "field":
                if value.name in taken:
                    # two headers for one field: the better-known name wins, the other is ignored
                    other = taken[value.name]
                    if _rank(value, header) < _rank(value, table.headers[other]):
                        ignored.append(table.headers[other])
                        del columns[other]
                    else:
                        ignored.append(header)
                        continue
                columns[index] = value
                taken[value.name] = index
            elif what == "dynamic":
                dynamic[index] = value
            elif what == "ignore":
                if header:
                    ignored.append(header)
            else:
                unknown.append(header)
        names = {c.name for c in columns.values()}
        points = sum(1 for s in shape.signs if s in names) + (1 if dynamic and shape.dynamic == "agency" else 0)
        missing = [group for group in shape.required if not any(n in names for n in group)]
        if shape.dynamic == "period" and not dynamic:
            missing.append(("period",))
        scored.append((not missing, points, -spec.shapes.index(shape), shape, columns, dynamic, ignored, unknown, missing))
    scored.sort(key=lambda s: (s[0], s[1], s[2]), reverse=True)
    fits, _, _, shape, columns, dynamic, ignored, unknown, missing = scored[0]
    if not fits:
        raise InputError(_missing_problem(table, spec, shape, missing, ignored + unknown, agencies, config))
    if shape.strict and unknown:
        raise InputError(_unknown_problem(table, spec, shape, unknown, agencies, config))
    return shape, columns, dynamic, ignored + unknown


def _rank(column: Column, header: str) -> int:
    for i, synonym in enumerate(column.synonyms):
        if normalised(synonym) in (normalised(header), bare(header)):
            return i
    return len(column.synonyms)


def _missing_problem(table: Table, spec: KindSpec, shape: Shape, missing: list[tuple[str, ...]], unmapped: list[str],
                     agencies: Agencies | None, config: SettingsFile | None) -> Problem:
    labels, guesses, entries = [], [], []
    present = [h for h in table.headers if h]
    taken: set[str] = set()
    for group in missing:
        if group == ("period",):
            labels.append("a column per period (headed like 2023-24)")
            numbers = [h for h in unmapped if h not in taken and _cells_fit(table, h, lambda c: _reads_as(c, "number"))]
            if numbers:
                guesses.append(f"if {_and([repr(h) for h in numbers])} hold the values of periods (their cells are numbers), head each with its period, like 2023-24")
                entries += [Entry(h, '"period:YYYY-YY"', "the period it holds, e.g. period:2024-25") for h in numbers]
            continue
        column = shape.column(group[0])
        labels.append(" or ".join(f"'{shape.column(n).label}'" for n in group))
        found = closest_header(column, [h for h in unmapped if h not in taken], table, agencies)
        if found:
            best, why = found
            taken.add(best)
            guesses.append(f"if '{best}' is the {column.label.lower()} ({why}), rename it '{column.label}' in the sheet")
            entries.append(Entry(best, column.name, f"the {column.label.lower()}"))
        else:
            guesses.append(f"no column looks like the {column.label.lower()}: if one holds it, rename it '{column.label}' in the sheet")
            entries.append(Entry("THE COLUMN'S HEADER", column.name, f"the column that holds the {column.label.lower()}"))
    message = (
        f"{table.label} cannot be imported as {spec.kind}: it has no column for {_and(labels)}"
        f" (its columns, on row {table.header_row}: " + (", ".join(f"'{h}'" for h in present) or "none") + ")"
    )
    known = "; ".join(f"for {shape.column(g[0]).label}: " + ", ".join(f"'{s}'" for s in shape.column(g[0]).synonyms[1:6]) for g in missing if g != ("period",))
    hint = "; ".join(guesses) if guesses else "rename the columns in the sheet"
    if known:
        hint += f" (other headers understood {known})"
    others = [s for s in spec.shapes if s is not shape]
    if others:
        hint += f". The sheet was read as {shape.description}; " + "; ".join(
            f"a sheet with {o.description} needs " + _and([" or ".join(f"'{o.column(n).label}'" for n in g) for g in o.required]) for o in others
        )
    if entries:
        config = config or SettingsFile(table.file.parent / "annualreport.yaml")
        hint += ". Or map the sheet's header to the field: " + config.paste(("import", spec.kind, "columns"), entries)
    return Problem(message, table.file, hint=hint)


#: what a column's cells look like when they hold a field of each kind of reading
CELLS_LOOK_LIKE = {"date": "its cells are dates", "yesno": "its cells say yes or no", "int": "its cells are whole numbers", "number": "its cells are numbers"}
#: the cells looked at to guess what a column holds
SAMPLE = 50


def closest_header(column: Column, present: list[str], table: Table, agencies: Agencies | None) -> tuple[str, str] | None:
    """The header of the column most likely to hold ``column``, and why: its name is close to
    one the field is known by, or its cells are what the field holds (dates, yes or no, numbers,
    agencies)."""
    best, best_ratio = None, 0.0
    for header in present:
        for synonym in column.synonyms:
            ratio = difflib.SequenceMatcher(None, normalised(header), normalised(synonym)).ratio()
            if ratio > best_ratio:
                best, best_ratio = header, ratio
    if best is not None and best_ratio >= 0.7:
        return best, "its name is close"
    if column.parse in CELLS_LOOK_LIKE:
        fits = lambda cell: _reads_as(cell, column.parse)  # noqa: E731
        why = CELLS_LOOK_LIKE[column.parse]
    elif column.name == "agency" and agencies is not None:
        fits = lambda cell: agencies.find(cell) is not None  # noqa: E731
        why = "its cells name agencies in partnership.yaml"
    else:
        return None
    scored = [(share, -present.index(header), header) for header in present if (share := _cells_fit(table, header, fits))]
    return (max(scored)[2], why) if scored else None


def _cells_fit(table: Table, header: str, fits: Callable[[Any], bool]) -> float:
    """The share of a column's cells (the first ``SAMPLE`` that are not empty) that ``fits``
    takes, if it is 0.8 or more; else 0."""
    index = table.headers.index(header)
    cells = [r.cells[index] for r in table.rows[:SAMPLE] if index < len(r.cells) and not is_blank(r.cells[index])]
    share = sum(1 for c in cells if fits(c)) / len(cells) if cells else 0.0
    return share if share >= 0.8 else 0.0


def _reads_as(cell: Any, how: str) -> bool:
    try:
        return parse_cell(cell, how) is not None
    except ValueError:
        return False


def _unknown_problem(table: Table, spec: KindSpec, shape: Shape, unknown: list[str], agencies: Agencies | None, config: SettingsFile | None) -> Problem:
    entries = []
    for header in unknown:
        close = agencies.closest_id(header) if agencies else None
        if close:
            entries.append(Entry(header, close, f"the closest: {agencies.names[close]}"))
        else:
            entries.append(Entry(header, "AGENCY-ID", "an id from partnership.yaml"))
    message = f"{table.label} has columns annualreport does not understand: " + ", ".join(f"'{h}'" for h in unknown)
    config = config or SettingsFile(table.file.parent / "annualreport.yaml")
    ids = f"the agency ids in partnership.yaml are {', '.join(agencies.ids)}; " if agencies and agencies.ids else ""
    hint = (
        f"say which agency each column counts ({ids}an agency that is not there yet is added to partnership.yaml's agencies first); "
        f"a column to leave out is mapped to ignore under columns: instead; to map them, " + config.paste(("import", spec.kind, "agencies"), entries)
    )
    return Problem(message, table.file, where="fields it understands: " + ", ".join(c.label for c in shape.columns) + ", and a column per agency", hint=hint)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


