"""The plan of an import: the sheet read, its items built, merged into the year's evidence file; nothing written."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Callable

from annualreport.errors import InputError, Problem
from annualreport.evidence.models import ID_PATTERN, KINDS
from annualreport.textfiles import read_text
from annualreport.config import ImportSettings
from annualreport.importing.kinds import SPECS
from annualreport.importing.cells import normalised, slug
from annualreport.importing.columns import header_score, map_columns
from annualreport.importing.items import day_text, one_item_per_row, rows_text
from annualreport.importing.mapping import Entry, SettingsFile
from annualreport.importing.merge import ImportPlan, check_ids_across_year, merge_items
from annualreport.importing.settings import read_agencies, read_settings
from annualreport.importing.shapes import Context, Imported, KindSpec
from annualreport.importing.sheets import RowProblems, Say, Table, read_table
from annualreport.project_folders import Layout


# --- the plan ---------------------------------------------------------------------------------------


def plan_import(
    project: Path,
    year: int,
    kind: str,
    file: Path,
    *,
    sheet: str | None = None,
    as_of: dt.date | None = None,
    confidence: str | None = None,
    say: Say = lambda _: None,
    tick: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Read ``file``, build the items, merge them into evidence/YEAR/KIND.yaml; return the old and new text."""
    from annualreport.config import Period

    if kind not in SPECS:
        close = difflib.get_close_matches(kind, list(SPECS), n=1)
        known = [k for k in KINDS if k not in SPECS]
        raise InputError(Problem(f"'{kind}' is not a kind annualreport can import", hint=(f"did you mean '{close[0]}'? " if close else "") + "it can import: " + ", ".join(SPECS) + (f" (the other kinds, {', '.join(known)}, are written by hand)" if known else "")))
    spec = SPECS[kind]
    project = project.resolve()
    settings, period_start, config = read_settings(project, kind)
    try:
        period = Period.of(year, period_start)
    except ValueError:
        period = None
    folder = Layout(project).evidence(year)
    target = folder / f"{kind}.yaml"
    if not folder.is_dir():
        raise InputError(Problem(f"there is no evidence for {year}", folder, hint=f"make the folder evidence/{year}/ first (copy last year's, or run 'annualreport init')"))
    agencies = read_agencies(project, year, settings, config, kind) if spec.needs_agencies else None
    file = Path(file)
    if as_of is None:
        if not file.is_file():
            raise InputError(Problem("there is no such file", file, hint="give the path of the exported .xlsx or .csv file"))
        as_of = default_as_of(dt.date.fromtimestamp(file.stat().st_mtime), period)
        say(f"the figures are taken as true on {day_text(as_of)} (as_of; --as-of gives another date)")
    say(f"reading {file.name}")
    table = read_table(file, sheet or settings.sheet, header_score(spec, settings, agencies), say, tick)
    if not table.rows:
        raise InputError(Problem(f"{table.label} of {file.name} has a header row ({table.header_row}) but no rows under it", file, hint="export the data again"))
    shape, columns, dynamic, ignored = map_columns(table, spec, settings, agencies, config)
    say(f"{table.where}: {len(table.rows)} rows under the header on row {table.header_row}, read as {shape.description}")
    mapped = ", ".join(f"'{table.headers[i]}' as {c.name}" for i, c in columns.items())
    if dynamic:
        mapped += f"; {len(dynamic)} {'agency' if shape.dynamic == 'agency' else 'period'} columns ({', '.join(sorted(set(dynamic.values())))})"
    say(f"columns: {mapped}" + (f"; left out: {', '.join(repr(h) for h in ignored)}" if ignored else ""))
    problems = RowProblems(table)
    notes: list[str] = []
    ctx = Context(spec, shape, table, columns, dynamic, settings, agencies, period, problems, notes, say, config)
    items = shape.aggregate(ctx) if shape.aggregate else one_item_per_row(ctx)
    problems.raise_if_any()
    say(f"{len(items)} {spec.noun}s in the sheet")
    id_header = next((table.headers[i] for i, c in columns.items() if c.name == "id"), None)
    _assign_ids(spec, items, settings, table, id_header, config)
    source = f"Imported from {file.name}" + (f", sheet {table.sheet}" if table.sheet else "")
    if settings.source:
        source = f"{settings.source} ({source[0].lower()}{source[1:]})"
    plan = ImportPlan(kind, target, read_text(target, project, what="evidence file")[1] if target.exists() or target.is_symlink() else "", "", table, shape, notes=notes, warnings=ctx.warnings)
    rel = f"evidence/{year}/{target.name}"
    say(f"merging into {rel}")
    plan.new_text = merge_items(spec, plan, items, as_of=as_of, source=source, confidence=confidence, default_confidence=settings.confidence)
    check_ids_across_year(spec, plan, items, folder)
    if period is not None and not period.contains(as_of) and (plan.added or plan.updated):
        notes.append(
            f"the figures are dated {day_text(as_of)} (as_of), outside {day_text(period.start)} to {day_text(period.end)}; the lint will warn where they are cited"
            + (" (give --as-of with the date the export's figures were true, e.g. the end of the period)")
        )
    return plan


def default_as_of(file_date: dt.date, period) -> dt.date:
    """When the figures were true, if --as-of does not say: the end of the reporting period,
    unless the file was made before the period ended (an export part way through the year is
    true on the day it was made, not at the year's end)."""
    if period is None:
        return file_date
    return file_date if period.contains(file_date) else period.end


def _assign_ids(spec: KindSpec, items: list[Imported], settings: ImportSettings, table: Table, id_header: str | None, config: SettingsFile) -> None:
    by_name = {normalised(k): v for k, v in settings.ids.items()}
    seen: dict[str, Imported] = {}
    problems = RowProblems(table)
    for item in items:
        mapped = next((by_name[normalised(t)] for t in (item.code, item.title) if t and normalised(t) in by_name), None)
        if mapped:
            item.id, item.mapped = mapped, True
        elif item.explicit_id:
            item.id = item.explicit_id
        elif item.code:
            item.id = spec.id_prefix + slug(item.code)
        else:
            item.id = spec.id_prefix + slug(item.title or "")
        if not re.match(ID_PATTERN, item.id):
            hint = "ids are letters, digits and - _ . : (starting with a letter or digit)"
            if item.id == item.explicit_id and id_header:
                hint += (f"; the column '{id_header}' was read as the id: if it holds the {spec.noun}s' titles, map it: "
                         + config.paste(("import", spec.kind, "columns"), [Entry(id_header, "title", f"the {spec.noun}'s title")]))
            problems.add(item.rows[0], id_header if item.id == item.explicit_id else None, f"'{item.id}' cannot be an evidence id", hint)
        if item.id in seen:
            problems.add(item.rows[0], None, f"this {spec.noun} and the one on {rows_text(seen[item.id].rows)} would both have the id '{item.id}'", f"give them different codes or titles, or map one in annualreport.yaml: import: {{{spec.kind}: {{ids: {{\"CODE OR TITLE\": another-id}}}}}}")
        seen[item.id] = item
    problems.raise_if_any()


