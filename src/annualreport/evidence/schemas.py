"""JSON Schemas where editors find them: ``.schemas/``, modelines, ``.vscode/settings.json``.

``annualreport schema --write`` and ``annualreport init`` both call this module, so a new
project and an old one get the same files:

- ``.schemas/<kind>.schema.json`` for each kind of evidence, and
  ``.schemas/annualreport.schema.json`` for ``annualreport.yaml``: JSON Schema (draft 2020-12,
  using only keywords that draft-07 tools such as the YAML language server also understand);
- a modeline, ``# yaml-language-server: $schema=../../.schemas/<kind>.schema.json``, as the
  first line of each evidence file and of ``annualreport.yaml``. It is a text edit: the file's
  other bytes (comments, quoting, line endings) stay exactly as they were;
- ``yaml.schemas`` in ``.vscode/settings.json``, merged into the settings already there, for
  evidence files that have no modeline (a new year's files, say).

Every writer here is idempotent: a second run finds nothing to do and writes nothing.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annualreport.evidence.models import KIND_TITLES, KINDS
from annualreport.file_modes import shared
from annualreport.project_folders import Layout

SCHEMA_DIR = ".schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONFIG_FILE = "annualreport.yaml"
#: the name of annualreport.yaml's own schema, beside the evidence kinds'
CONFIG_SCHEMA = "annualreport"
MODELINE_PREFIX = "# yaml-language-server: $schema="
_MODELINE = re.compile(r"^[ \t]*#[ \t]*yaml-language-server[ \t]*:.*\$schema=(\S+)", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"


# --- the schemas -------------------------------------------------------------------------


def schema_of(name: str) -> dict:
    """The JSON Schema of one evidence kind, or of annualreport.yaml (``name`` 'annualreport')."""
    if name == CONFIG_SCHEMA:
        from annualreport.config import Config

        body = Config.model_json_schema()
        title = "annualreport.yaml: an annualreport project's settings"
        description = "The partnership, the reporting period, the Word templates, the committees and the lint settings."
        # agenda_item: 7 is accepted (the model turns numbers into text), so the schema must not flag it
        committee = body.get("$defs", {}).get("Committee", {}).get("properties", {})
        if "agenda_item" in committee:
            committee["agenda_item"] = {**committee["agenda_item"], "type": ["string", "number"]}
    else:
        body = KINDS[name].model_json_schema()
        title = f"annualreport evidence: {name}.yaml"
        description = (
            f"{KIND_TITLES.get(name, name)}: evidence/YEAR/{name}.yaml of an annualreport project. "
            "Every item has an id, a source, an as_of date (YYYY-MM-DD) and a confidence (high, medium or low)."
        )
    body.pop("title", None)
    body.pop("description", None)
    return {"$schema": DIALECT, "title": title, "description": description, **body}


def schema_names() -> list[str]:
    return [*KINDS, CONFIG_SCHEMA]


def schema_text(name: str) -> str:
    """The schema as the file holds it: stable, pretty, UTF-8, one newline at the end."""
    return json.dumps(schema_of(name), indent=2, ensure_ascii=False) + "\n"


def schema_path(name: str) -> str:
    """Where the schema lives, relative to the project's folder."""
    return f"{SCHEMA_DIR}/{name}.schema.json"


def schema_files() -> dict[str, str]:
    """Every schema file, by its path relative to the project: what ``.schemas/`` holds."""
    return {schema_path(name): schema_text(name) for name in schema_names()}


# --- modelines ---------------------------------------------------------------------------


def modeline_for(relative: str | Path) -> str | None:
    """The modeline for a project file (path relative to the project), or None if it has no schema.

    ``evidence/2024/training.yaml`` -> ``# yaml-language-server: $schema=../../.schemas/training.schema.json``
    """
    parts = Path(relative).parts
    if parts == (CONFIG_FILE,):
        return MODELINE_PREFIX + schema_path(CONFIG_SCHEMA)
    if len(parts) == 3 and parts[0] == "evidence" and parts[2].endswith(".yaml") and parts[2][: -len(".yaml")] in KINDS:
        return MODELINE_PREFIX + "../../" + schema_path(parts[2][: -len(".yaml")])
    return None


def existing_modeline(text: str) -> str | None:
    """The schema a file's own ``yaml-language-server`` modeline names, if it has one."""
    found = _MODELINE.search(text)
    return found.group(1) if found else None


def with_modeline(content: bytes, modeline: str) -> bytes | None:
    """``content`` with ``modeline`` as its first line, or None if it has a modeline already.

    Only a line is put in front: a byte-order mark stays first, the file's own line ending is
    used, and every other byte is kept as it was.
    """
    bom = _BOM if content.startswith(_BOM) else b""
    body = content[len(bom) :]
    if existing_modeline(body.decode("utf-8", errors="replace")) is not None:
        return None
    first_end = body.find(b"\n")
    newline = b"\r\n" if first_end > 0 and body[first_end - 1 : first_end] == b"\r" else b"\n"
    return bom + modeline.encode("utf-8") + newline + body


# --- .vscode/settings.json ---------------------------------------------------------------


def vscode_schemas() -> dict[str, list[str]]:
    """``yaml.schemas``: each schema (relative to the workspace folder) and the files it checks."""
    mapping = {f"./{schema_path(kind)}": [f"evidence/*/{kind}.yaml"] for kind in KINDS}
    mapping[f"./{schema_path(CONFIG_SCHEMA)}"] = [CONFIG_FILE]
    return mapping


def merged_settings(existing: str | None) -> str | None:
    """The settings text with our ``yaml.schemas`` merged in; None if nothing would change.

    Other settings, and other schemas' entries, are kept; where one of our schemas is already
    mapped, the user's patterns stay and ours are added. Raises ValueError if ``existing`` is
    not plain JSON (VS Code allows comments; we will not rewrite such a file and lose them).
    """
    settings = json.loads(existing) if existing and existing.strip() else {}
    if not isinstance(settings, dict):
        raise ValueError("the settings are not a JSON object")
    mapping = settings.get("yaml.schemas", {})
    if not isinstance(mapping, dict):
        raise ValueError("'yaml.schemas' is not a JSON object")
    changed = "yaml.schemas" not in settings
    mapping = dict(mapping)
    for schema, patterns in vscode_schemas().items():
        have = mapping.get(schema)
        have_list = [have] if isinstance(have, str) else list(have or [])
        missing = [p for p in patterns if p not in have_list]
        if missing:
            mapping[schema] = have_list + missing
            changed = True
    if not changed:
        return None
    settings["yaml.schemas"] = mapping
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


# --- writing them into a project ---------------------------------------------------------


@dataclass
class Change:
    """One thing ``write_editor_files`` did or found: the file, relative to the project, and what."""

    path: str
    action: str  # "wrote", "updated", "added modeline", "unchanged", "kept", "skipped"
    note: str = ""

    def __str__(self) -> str:
        return f"{self.action:<15} {self.path}" + (f"  ({self.note})" if self.note else "")

    @property
    def changed(self) -> bool:
        return self.action in ("wrote", "updated", "added modeline")


def _write_atomic(target: Path, content: bytes) -> None:
    """Write whole or not at all, keeping an existing file's permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o7777)
        else:
            shared(temp)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def modelined_files(project: Path) -> list[Path]:
    """The files of a project that take a modeline: annualreport.yaml and every evidence file."""
    files = [project / CONFIG_FILE] if (project / CONFIG_FILE).is_file() else []
    evidence = Layout(project).evidence_years
    if evidence.is_dir():
        for year in sorted(p for p in evidence.iterdir() if p.is_dir()):
            files += [year / f"{kind}.yaml" for kind in KINDS if (year / f"{kind}.yaml").is_file()]
    return files


def write_schema_files(project: Path) -> list[Change]:
    changes = []
    for relative, text in schema_files().items():
        target = project / relative
        content = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == content:
            changes.append(Change(relative, "unchanged"))
            continue
        action = "updated" if target.exists() else "wrote"
        _write_atomic(target, content)
        changes.append(Change(relative, action))
    return changes


def add_modelines(project: Path) -> list[Change]:
    changes = []
    for file in modelined_files(project):
        relative = file.relative_to(project).as_posix()
        modeline = modeline_for(relative)
        assert modeline is not None
        content = file.read_bytes()
        new = with_modeline(content, modeline)
        if new is None:
            own = existing_modeline(content.decode("utf-8", errors="replace"))
            ours = modeline[len(MODELINE_PREFIX) :]
            changes.append(Change(relative, "unchanged") if own == ours else Change(relative, "kept", f"its own modeline names {own}"))
            continue
        _write_atomic(file, new)
        changes.append(Change(relative, "added modeline"))
    return changes


def update_vscode_settings(project: Path) -> Change:
    relative = ".vscode/settings.json"
    target = project / relative
    existing = target.read_text(encoding="utf-8") if target.is_file() else None
    try:
        text = merged_settings(existing)
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = json.dumps({"yaml.schemas": vscode_schemas()}, indent=2)
        return Change(relative, "skipped", f"not plain JSON ({exc}), so left alone; add this to it yourself:\n{snippet}")
    if text is None:
        return Change(relative, "unchanged")
    _write_atomic(target, text.encode("utf-8"))
    return Change(relative, "updated" if existing is not None else "wrote")


def write_editor_files(project: Path) -> list[Change]:
    """Write the schemas, add the modelines and merge the VS Code settings in ``project``."""
    project = Path(project)
    return [*write_schema_files(project), *add_modelines(project), update_vscode_settings(project)]
