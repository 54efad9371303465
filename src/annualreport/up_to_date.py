"""Is ``build/YEAR`` up to date? Asked first, and cheaply, like make.

A build records in its manifest (``"inputs"``) the sha256 of every input it read: the
project's ``annualreport.yaml``, every file under ``evidence/YEAR/``, ``sections/YEAR/`` and
``templates/`` (and the templates and pictures it read elsewhere in the project), with the
annualreport version and the options that shape the outputs (year, formats, PDF engine,
publication date). Beside it, in the build's cache folder, it keeps each input's and each
output's size and modification time, and the lint's verdict (:func:`remember`).

The next ``annualreport build`` first asks :func:`examine`. Each input is looked at with
``stat`` first; only a file whose size or modification time differs from the record is
hashed, and only a different sha256 counts as a change. Stat first because it costs
microseconds a file, so the check stays cheap however large the evidence grows; hash before
saying "changed" because a save that changes nothing, a ``git checkout`` or a copy moves the
time but not the bytes, and should not cost a build. (A change that keeps both size and time
is missed, as make misses it: ``--force`` builds anyway.) New and removed files are found by
listing the folders. Every output and the manifest itself must be there and unchanged
(stat, then sha256 against the manifest).

When nothing changed, the build says so and stops, without importing docx, pandoc or
matplotlib and without starting LibreOffice. This module imports only the standard library
(and PyYAML, to find where ``annualreport.yaml`` puts the builds).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from annualreport import __version__
from annualreport.cache_store import file_digest as _sha256
from annualreport.file_modes import shared
from annualreport.project_folders import Layout

CONFIG_NAME = "annualreport.yaml"
#: the state kept beside the build, in its cache folder, one per year
STATE = "up-to-date-{year}.json"
#: change when what is recorded changes: an older record then never counts as up to date
FORMAT = 1


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def code_identity() -> str:
    """annualreport's version, and the size and time of each of its own files: a build made by
    other code is never up to date (an editable install's edits count, too)."""
    here = Path(__file__).parent
    h = hashlib.sha256(__version__.encode())
    for folder, dirs, files in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            st = _stat(Path(folder) / name)
            h.update(f"{os.path.relpath(os.path.join(folder, name), here)}:{st}\0".encode())
    return h.hexdigest()


def build_folders(root: Path, year: int) -> tuple[Path, Path] | None:
    """Where ``annualreport.yaml`` puts the builds: (``Project.output_folder``,
    ``Project.cache_folder``), read without loading the project (its models take 0.2 s to
    import). None if the file cannot be read (the build then says why)."""
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load((root / CONFIG_NAME).read_text(encoding="utf-8"), Loader=loader)
        output = data.get("output", "build") if isinstance(data, dict) else None
        if not isinstance(output, str) or not output:
            return None
        base = Layout(root).builds(output)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return base / str(year), Layout.cache(base)


def tracked(root: Path, year: int) -> list[Path]:
    """The folders whose every file is an input of the build of ``year``."""
    layout = Layout(root)
    return [layout.evidence(year), layout.sections(year), layout.templates]


def _listing(root: Path, year: int) -> dict[str, Path]:
    found = {CONFIG_NAME: root / CONFIG_NAME}
    for folder in tracked(root, year):
        for where, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                path = Path(where) / name
                found[path.relative_to(root).as_posix()] = path
    return found


def options_record(year: int, formats, engine: str, published: dt.date | None = None) -> dict:
    """The options that shape the outputs (the timeout and --quiet do not)."""
    return {
        "year": year,
        "formats": sorted(formats),
        "engine": engine.strip().lower(),
        "published": (published or dt.date.today()).isoformat(),
    }


@dataclass
class Freshness:
    """What :func:`examine` found: ``changes`` is empty when the build is up to date."""

    root: Path
    year: int
    options: dict
    changes: list[str] = field(default_factory=list)
    #: sha256 of every input as it is now (relative path -> digest; None: not read yet, as
    #: there was nothing to compare it with), and their stats when the build began
    digests: dict[str, str | None] = field(default_factory=dict)
    stats: dict[str, list[int]] = field(default_factory=dict)
    folders: tuple[Path, Path] | None = None
    manifest: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    @property
    def fresh(self) -> bool:
        return not self.changes

    @property
    def errors(self) -> int:
        return int(self.state.get("verdict", {}).get("counts", {}).get("error", 0))

    def since(self) -> str:
        try:
            when = os.stat(self.folders[0] / "manifest.json").st_mtime
        except (OSError, TypeError):
            return "the last build"
        return dt.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M")

    def record(self, extra: list[Path] = (), templates=None) -> dict:
        """The manifest's ``inputs``: every input's sha256 (``extra``: inputs the build found
        it read outside the tracked folders, such as a picture at the project's top). The
        digests the check did not need are taken now: a Word template's from the build's own
        reading of it (``render.templates``), the others from the file, unless it changed
        since the build began (then the next build builds again)."""
        files = dict(self.digests)
        read = {}
        if templates is not None:
            read = {Path(p).resolve(): p for p in (templates.annual, templates.covering)}
        for name, digest in files.items():
            if digest is not None:
                continue
            path = self.root / name
            if _stat(path) != self.stats.get(name):
                files[name] = "changed while the build ran"
            elif path.resolve() in read and templates.digest(read[path.resolve()]) != "missing":
                files[name] = templates.digest(read[path.resolve()])
            else:
                try:
                    files[name] = _sha256(path)
                except OSError:
                    files[name] = "unreadable"
        products = self.folders[0].parent.resolve() if self.folders else None
        for path in extra:
            if products is not None and products in path.resolve().parents:
                continue  # a chart the build drew
            try:
                name = path.resolve().relative_to(self.root.resolve()).as_posix()
            except (OSError, ValueError):
                continue  # only the project's own files are inputs; charts are products
            if name not in files and path.is_file():
                self.stats[name] = _stat(path)
                files[name] = _sha256(path)
        return {"annualreport": __version__, "options": self.options, "files": dict(sorted(files.items()))}


def examine(root: Path, year: int, options: dict) -> Freshness:
    """Compare the inputs and outputs with the last build's record; cheap when nothing changed."""
    root = root.resolve()
    state = Freshness(root, year, options)
    now = _listing(root, year)
    folders = build_folders(root, year)
    state.folders = folders
    manifest, kept = {}, {}
    if folders is not None:
        manifest = _read_json(folders[0] / "manifest.json")
        kept = _read_json(folders[1] / STATE.format(year=year))
    inputs = manifest.get("inputs") if isinstance(manifest.get("inputs"), dict) else {}
    recorded = inputs.get("files") if isinstance(inputs.get("files"), dict) else {}
    hints = kept.get("stats") if isinstance(kept.get("stats"), dict) else {}
    state.manifest, state.state = manifest, kept
    # the inputs: each file stat'ed, hashed only if its stat is not the one recorded
    for name, path in now.items():
        stat = _stat(path)
        hint = hints.get(name)
        if name not in recorded:
            state.digests[name], state.stats[name] = None, stat  # new: nothing to compare with
            state.changes.append(f"{name} is new")
            continue
        if isinstance(hint, list) and hint == stat:
            digest = recorded[name]
        else:
            try:
                digest = _sha256(path)
            except OSError:
                continue  # unreadable: the build will say why
        state.digests[name], state.stats[name] = digest, stat
        if recorded[name] != digest:
            state.changes.append(f"{name} changed")
    for name in recorded:
        if name in now:
            continue
        path = root / name
        if not path.is_file():
            state.changes.append(f"{name} was removed")
            continue
        stat = _stat(path)  # an input found outside the tracked folders (a picture)
        digest = recorded[name] if hints.get(name) == stat else _sha256(path)
        if digest != recorded[name]:
            state.changes.append(f"{name} changed")
        state.digests[name], state.stats[name] = digest, stat
    if folders is None or not manifest:
        state.changes = ["there is no earlier build"]
        return state
    if not inputs or kept.get("format") != FORMAT or kept.get("manifest") != _stat(folders[0] / "manifest.json"):
        state.changes = ["the earlier build kept no record of its inputs"]
        return state
    if inputs.get("options") != options:
        was = inputs.get("options") or {}
        changed = [k for k in sorted(set(was) | set(options)) if was.get(k) != options.get(k)]
        state.changes.append("the options changed (" + ", ".join(changed) + ")")
    if inputs.get("annualreport") != __version__ or kept.get("code") != code_identity():
        state.changes.append("annualreport changed")
    state.changes += _outputs(folders[0], manifest, kept.get("outputs") or {})
    # an interrupted build's staging (``.YEAR.new-*``, ``.YEAR.old-*``): a build sweeps it
    left = sorted(p.name for pattern in (f".{year}.new-*", f".{year}.old-*") for p in folders[0].parent.glob(pattern))
    if left:
        state.changes.append(f"an interrupted build left {left[0]} behind")
    return state


def _outputs(folder: Path, manifest: dict, hints: dict) -> list[str]:
    changes = []
    rows = manifest.get("outputs") or []
    if not rows:
        return ["the earlier build wrote nothing"]
    for row in rows:
        name = row.get("path", "") if isinstance(row, dict) else ""
        path = folder / name
        if not name or "/" in name or not path.is_file():
            changes.append(f"{folder.name}/{name} was removed")
            continue
        if hints.get(name) == _stat(path):
            continue
        if _sha256(path) != row.get("sha256"):
            changes.append(f"{folder.name}/{name} was altered")
    return changes


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(state: Freshness, folder: Path, cache: Path, verdict: dict) -> None:
    """After a build that wrote ``folder``: keep the stats of its inputs and outputs and the
    lint's ``verdict`` (its counts, DRAFT mark and the notes the build printed) for the next
    :func:`examine`. Written atomically; a failure only costs the next build its shortcut."""
    manifest = _read_json(folder / "manifest.json")
    outputs = {}
    for row in manifest.get("outputs") or []:
        stat = _stat(folder / row["path"])
        if stat is not None:
            outputs[row["path"]] = stat
    data = {
        "format": FORMAT,
        "code": code_identity(),
        "manifest": _stat(folder / "manifest.json"),
        "stats": state.stats,
        "outputs": outputs,
        "verdict": verdict,
    }
    try:
        cache.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".new.", dir=cache)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        shared(tmp)
        os.replace(tmp, cache / STATE.format(year=state.year))
    except OSError:
        pass


def summary(state: Freshness, project_shown: str) -> list[str]:
    """What an up-to-date build prints: the outputs, and the lint's verdict as last time."""
    rows = state.manifest.get("outputs") or []
    documents = len({Path(r["path"]).stem for r in rows})
    files = "" if documents * len(state.options["formats"]) == len(rows) else f" ({len(rows)} files)"
    lines = [f"{project_shown} is up to date (nothing changed since {state.since()}): "
             f"{documents} document{'s' if documents != 1 else ''}{files}"]
    verdict = state.state.get("verdict") or {}
    counts = verdict.get("counts") or {}
    errors, warnings = int(counts.get("error", 0)), int(counts.get("warning", 0))
    if not errors and not warnings:
        lines.append("All checks passed (as last time).")
    else:
        found = f"{errors} error{'s' if errors != 1 else ''} and {warnings} warning{'s' if warnings != 1 else ''}"
        draft = "; every page is marked DRAFT" if verdict.get("draft") else ""
        lines.append(f"note: the lint found {found}, as last time{draft} (see 'annualreport lint {state.year}')")
    return lines
