"""The ``import:`` settings of annualreport.yaml for one kind, checked against what the kind's sheets hold."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import ValidationError

from annualreport.errors import InputError, Problem
from annualreport.config import ImportSettings
from annualreport.importing.kinds import SPECS
from annualreport.importing.cells import Agencies
from annualreport.importing.mapping import SettingsFile
from annualreport.project_folders import Layout


def read_settings(project: Path, kind: str) -> tuple[ImportSettings, str, SettingsFile]:
    """The ``import: KIND:`` settings and ``reporting.period_start`` from annualreport.yaml, read
    raw, and the file itself (for the mends that give the lines to paste into it)."""
    from annualreport.config import CONFIG_NAME
    from annualreport.textfiles import read_text
    from annualreport.yamlsource import load_yaml, raise_validation

    file = project / CONFIG_NAME
    if not file.is_file():
        raise InputError(Problem(f"no {CONFIG_NAME} here, so this is not a report project", file, hint="run the command in the project's folder, or give --project DIR"))
    _, text = read_text(file, project, what="YAML file")
    data, lines = load_yaml(file, text)
    data = data if isinstance(data, dict) else {}
    reporting = data.get("reporting") if isinstance(data.get("reporting"), dict) else {}
    period_start = str(reporting.get("period_start", "1 April"))
    section = data.get("import") or {}
    if not isinstance(section, dict):
        raise InputError(Problem("'import' must be a set of kinds, each with its settings", file, lines.line_of(("import",)), hint="write it like: import: {training: {columns: {\"Course name\": title}}}"))
    for name in section:
        if name not in SPECS:
            close = difflib.get_close_matches(str(name), list(SPECS), n=1)
            raise InputError(Problem(f"'{name}' under 'import' is not a kind annualreport can import", file, lines.line_of(("import", name)), hint=(f"did you mean '{close[0]}'? " if close else "") + "the kinds are: " + ", ".join(SPECS)))
    raw = section.get(kind) or {}
    try:
        settings = ImportSettings.model_validate(raw)
    except ValidationError as exc:
        raise_validation(exc, file, lines, root=("import", kind), fields_at=lambda loc: list(ImportSettings.model_fields) if not loc else None)
        raise
    spec = SPECS[kind]
    allowed = {c.name for s in spec.shapes for c in s.columns}
    for header, target in settings.columns.items():
        if target in (None, "", "ignore") or (isinstance(target, str) and target.split(":", 1)[0] in ("period", "agency") and ":" in target):
            continue
        if target not in allowed:
            close = difflib.get_close_matches(str(target), sorted(allowed | {"ignore"}), n=1)
            raise InputError(Problem(f"'{target}' is not a field a {kind} sheet can hold", file, lines.line_of(("import", kind, "columns", header)), hint=(f"did you mean '{close[0]}'? " if close else "") + "use one of: " + ", ".join(sorted(allowed)) + ", or ignore"))
    if settings.shape and settings.shape not in {s.name for s in spec.shapes}:
        raise InputError(Problem(f"'{settings.shape}' is not a shape of {kind} sheet", file, lines.line_of(("import", kind, "shape")), hint="use one of: " + ", ".join(s.name for s in spec.shapes)))
    return settings, period_start, SettingsFile(file, data, lines, text.splitlines())


def read_agencies(project: Path, year: int, settings: ImportSettings, config: SettingsFile, kind: str) -> Agencies:
    from annualreport.yamlsource import load_yaml

    file = Layout(project).evidence(year) / "partnership.yaml"
    if not file.is_file():
        raise InputError(Problem(f"{kind} attendance is counted by agency, so partnership.yaml must list the agencies", file, hint="write evidence/YEAR/partnership.yaml first (see 'annualreport schema partnership')"))
    data, _ = load_yaml(file)
    agencies = (data or {}).get("agencies") or [] if isinstance(data, dict) else []
    result = Agencies.of(agencies, {})
    for name, agency_id in settings.agencies.items():
        if agency_id not in result.ids:
            close = difflib.get_close_matches(str(agency_id), result.ids, n=1)
            raise InputError(Problem(f"'{agency_id}' is not the id of an agency in partnership.yaml", config.file, config.lines.line_of(("import", kind, "agencies", name)), hint=(f"did you mean '{close[0]}'? " if close else "") + "the ids are: " + ", ".join(result.ids)))
    return Agencies.of(agencies, settings.agencies)


