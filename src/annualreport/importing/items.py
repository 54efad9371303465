"""Building items from a sheet's rows: one item per row, or courses aggregated from bookings."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any
from annualreport.errors import Problem
from annualreport.importing.cells import PARSE_HINTS, normalised, parse_cell
from annualreport.importing.columns import closest_header
from annualreport.importing.mapping import Entry
from annualreport.importing.shapes import Context, Imported
from annualreport.importing.sheets import Row, is_blank


# --- building items from rows ---------------------------------------------------------------------


def _set(target: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _scale(ctx: Context) -> int:
    if ctx.settings.scale:
        return ctx.settings.scale
    for name in ("before", "after"):
        if ctx.has(name):
            match = re.search(r"(?:0|1)\s*(?:-|–|to)\s*(\d+)", ctx.header_of(name))
            if match and int(match.group(1)) >= 2:
                return int(match.group(1))
    return 5


def rows_text(rows: list[int]) -> str:
    rows = sorted(set(rows))
    if len(rows) == 1:
        return f"row {rows[0]}"
    if len(rows) <= 4:
        return "rows " + ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}"
    return f"rows {rows[0]}-{rows[-1]}"


def one_item_per_row(ctx: Context) -> list[Imported]:
    """Each row is an item: its fields from the columns, its maps from the dynamic columns."""
    items: list[Imported] = []
    title_column = "title"
    for row in ctx.table.rows:
        first = next((c for c in row.cells if not is_blank(c)), None)
        if first is not None and normalised(first) in {"total", "totals", "grand total", "all", "all courses"}:
            ctx.notes.append(f"row {row.number} ('{first}') was read as a total and left out")
            continue
        fields: dict[str, Any] = {}
        values: dict[str, Any] = {}
        for index, column in ctx.columns.items():
            value = ctx.read(row, index, column)
            values[column.name] = value
            if value is not None and column.target:
                _set(fields, column.target, value)
        if ctx.dynamic:
            mapping: dict[str, Any] = {}
            for index, key in ctx.dynamic.items():
                raw = row.cells[index] if index < len(row.cells) else None
                try:
                    value = parse_cell(raw, "int" if ctx.shape.dynamic == "agency" else "number")
                except ValueError as exc:
                    ctx.problems.add(row.number, ctx.table.headers[index], str(exc), PARSE_HINTS["number"])
                    continue
                if value is None or (ctx.shape.dynamic == "agency" and value == 0):
                    continue
                mapping[key] = mapping.get(key, 0) + value if ctx.shape.dynamic == "agency" else value
            if mapping or ctx.shape.dynamic == "agency":
                fields[ctx.shape.dynamic_target] = mapping
        title, code, explicit = values.get(title_column), values.get("code"), values.get("id")
        if not (title or code or explicit):
            ctx.problems.add(row.number, None, f"the row has no {ctx.spec.noun} title or id", "fill it in, or delete the row")
            continue
        if ctx.shape.name == "courses":
            _finish_course_row(ctx, row, fields, values)
        items.append(Imported(title, code, [row.number], fields, explicit_id=explicit))
    return items


def _finish_course_row(ctx: Context, row: Row, fields: dict, values: dict) -> None:
    evaluation = fields.get("evaluation")
    if evaluation:
        if "before" not in evaluation or "after" not in evaluation or "respondents" not in evaluation:
            missing = [ctx.shape.column(n).label for n in ("before", "after", "respondents") if n not in evaluation]
            ctx.problems.add(row.number, None, "an evaluation needs the confidence before, after and the number who answered; this row lacks " + ", ".join(missing), "fill them in, or leave all three empty")
            fields.pop("evaluation")
        else:
            evaluation.setdefault("scale", _scale(ctx))
            _check_scale(ctx, row, evaluation)
    total = values.get("total")
    attendance = fields.get("attendance") or {}
    if total is not None and attendance and total != sum(attendance.values()):
        ctx.notes.append(f"row {row.number}: the agency columns add up to {sum(attendance.values())}, but '{ctx.header_of('total')}' says {total}; the agency columns were used")
    elif total is not None and not attendance and ctx.dynamic:
        ctx.problems.add(row.number, None, f"'{ctx.header_of('total')}' says {total}, but no agency column has a figure", "fill in the attendance by agency")


def _check_scale(ctx: Context, row: Row, evaluation: dict) -> None:
    for key in ("before", "after"):
        value = evaluation.get(key)
        if value is not None and not 0 <= value <= evaluation["scale"]:
            ctx.problems.add(row.number, ctx.header_of(key), f"{value:g} is not on the scale of 1 to {evaluation['scale']}", "check the figure, or set the scale (import: {training: {scale: 10}} in annualreport.yaml)")


def bookings_to_courses(ctx: Context) -> list[Imported]:
    """One row per booking -> one course per course code (or title).

    sessions: distinct session ids (or, without a session column, distinct dates);
    places: bookings (rows); attendance: rows marked attended, by agency;
    evaluation: the means of before and after over the rows that gave both, and how many did.
    """
    groups: dict[str, dict[str, Any]] = {}
    outside = 0
    scale = _scale(ctx)
    unknown: dict[str, list[int]] = {}
    has_attended = ctx.has("attended")
    has_session = ctx.has("session")
    if not has_attended:
        ctx.warnings.append(_everyone_attended(ctx))
    for row in ctx.table.rows:
        title, code = ctx.value(row, "title"), ctx.value(row, "code")
        day = ctx.value(row, "date")
        if not title and not code:
            ctx.problems.add(row.number, ctx.header_of("title"), "the booking names no course", "fill in the course, or delete the row")
            continue
        if day is None:
            if not is_blank(row.cells[_index(ctx, "date")] if _index(ctx, "date") < len(row.cells) else None):
                continue  # already reported as not a date
            ctx.problems.add(row.number, ctx.header_of("date"), "the booking has no session date", "fill in the date of the session")
            continue
        if ctx.period is not None and not ctx.period.contains(day):
            outside += 1
            continue
        attended = ctx.value(row, "attended") if has_attended else True
        agency_text = ctx.value(row, "agency")
        agency = None
        if attended:
            if not agency_text:
                ctx.problems.add(row.number, ctx.header_of("agency"), "an attended booking names no agency", "fill in the agency, or map the column that holds it")
            else:
                agency = ctx.agencies.find(agency_text) if ctx.agencies else None
                if agency is None:
                    unknown.setdefault(agency_text, []).append(row.number)
        key = f"code:{normalised(code)}" if code else f"title:{normalised(title)}"
        group = groups.setdefault(key, {"titles": Counter(), "codes": Counter(), "levels": Counter(), "sessions": set(), "places": 0, "attendance": Counter(), "pairs": [], "rows": []})
        group["rows"].append(row.number)
        if title:
            group["titles"][title] += 1
        if code:
            group["codes"][code] += 1
        level = ctx.value(row, "level")
        if level:
            group["levels"][level] += 1
        group["sessions"].add(ctx.value(row, "session") or day if has_session else day)
        group["places"] += 1
        if agency:
            group["attendance"][agency] += 1
        before, after = ctx.value(row, "before"), ctx.value(row, "after")
        for value, name in ((before, "before"), (after, "after")):
            if value is not None and not 0 <= value <= scale:
                ctx.problems.add(row.number, ctx.header_of(name), f"{value:g} is not on the scale of 1 to {scale}", "check the figure, or set the scale (import: {training: {scale: 10}} in annualreport.yaml)")
        if before is not None and after is not None:
            group["pairs"].append((before, after))
    for name, rows in sorted(unknown.items(), key=lambda kv: kv[1][0]):
        close = ctx.agencies.closest(name) if ctx.agencies else None
        ctx.problems.add(
            rows[0], ctx.header_of("agency"),
            f"'{name}' is not an agency in partnership.yaml ({len(rows)} {'booking' if len(rows) == 1 else 'bookings'})",
            (f"did you mean {close}? " if close else "") + f"say which agency it is in {ctx.config.name} (the lines to paste are below), or add it to partnership.yaml's agencies",
        )
    if unknown:
        ctx.problems.closing.append(unknown_agencies(ctx, list(unknown)))
    if outside:
        ctx.notes.append(f"{outside} {'booking was' if outside == 1 else 'bookings were'} dated outside {day_text(ctx.period.start)} to {day_text(ctx.period.end)} and left out")
    items = []
    ordered = sorted(groups.values(), key=lambda g: g["rows"][0])
    for group in ordered:
        fields: dict[str, Any] = {
            "sessions": len(group["sessions"]),
            "places": group["places"],
            "attendance": dict(sorted(group["attendance"].items(), key=lambda kv: (-kv[1], _agency_order(ctx, kv[0])))),
        }
        title = group["titles"].most_common(1)[0][0] if group["titles"] else None
        code = group["codes"].most_common(1)[0][0] if group["codes"] else None
        if title:
            fields["title"] = title
        if group["levels"]:
            fields["level"] = group["levels"].most_common(1)[0][0]
        pairs = group["pairs"]
        if pairs:
            fields["evaluation"] = {
                "scale": scale,
                "before": round(sum(b for b, _ in pairs) / len(pairs), 1),
                "after": round(sum(a for _, a in pairs) / len(pairs), 1),
                "respondents": len(pairs),
            }
        elif ctx.has("before") or ctx.has("after"):
            ctx.notes.append(f"no attendee of '{title or code}' gave confidence both before and after; its evaluation was left as it was")
        items.append(Imported(title, code, group["rows"], fields))
    return items


def _everyone_attended(ctx: Context) -> str:
    """The warning for a sheet of bookings with no column saying who attended, and the mapping
    that would read the column that may say it."""
    column = ctx.shape.column("attended")
    unmapped = [h for i, h in enumerate(ctx.table.headers) if h and i not in ctx.columns and i not in ctx.dynamic]
    found = closest_header(column, unmapped, ctx.table, ctx.agencies)
    text = ("the sheet has no column saying who attended, so every booking is counted as attended: the attendance "
            "figures are the bookings, no-shows and cancellations included")
    if found:
        header, why = found
        return text + f". If '{header}' says who attended ({why}), " + ctx.config.paste(("import", ctx.spec.kind, "columns"), [Entry(header, column.name, "who attended")])
    return text + f". If a column says who attended, name it '{column.label}' in the sheet, or map it: " + ctx.config.paste(
        ("import", ctx.spec.kind, "columns"), [Entry("THE COLUMN'S HEADER", column.name, "who attended")])


def unknown_agencies(ctx: Context, names: list[str]) -> Problem:
    """One mend for every agency name the sheet has and partnership.yaml has not: the
    ``agencies:`` mapping to paste into annualreport.yaml, the closest agency filled in."""
    entries = []
    for name in names:
        close = ctx.agencies.closest_id(name) if ctx.agencies else None
        entries.append(Entry(name, close, f"the closest: {ctx.agencies.names[close]}; check it") if close else Entry(name, "AGENCY-ID", "an id from partnership.yaml"))
    ids = ", ".join(ctx.agencies.ids) if ctx.agencies else ""
    noun = f"'{names[0]}' is not an agency" if len(names) == 1 else f"{len(names)} agency names in the sheet are not agencies"
    return Problem(
        f"{noun} in partnership.yaml, so the bookings cannot be counted by agency",
        ctx.config.file, ctx.config.lines.line_of(("import", ctx.spec.kind, "agencies")) if isinstance(ctx.config.data, dict) and "import" in ctx.config.data else None,
        hint=f"say which agency each is, with an id from partnership.yaml ({ids}); an agency that is not there yet is added to its agencies first (id, name, role, sector); to map them, "
        + ctx.config.paste(("import", ctx.spec.kind, "agencies"), entries),
    )


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _index(ctx: Context, name: str) -> int:
    return next(i for i, c in ctx.columns.items() if c.name == name)


def _agency_order(ctx: Context, agency_id: str) -> int:
    ids = ctx.agencies.ids if ctx.agencies else []
    return ids.index(agency_id) if agency_id in ids else len(ids)


