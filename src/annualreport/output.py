"""Writing outputs whole or not at all, and the manifest that says what was written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from annualreport import workfolder
from annualreport.file_modes import new_folder
from annualreport.output_folder import check_replaceable, lock, ours, refused, serialised, staging_prefixes, sweep, unlock


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Output:
    kind: str  # "annual" or "covering"
    path: Path
    committee: str | None = None
    engine: str | None = None
    pages: int | None = None


@dataclass
class Staging:
    """A folder beside the real one; moved into place only when every output is there."""

    folder: Path
    outputs: list[Output] = field(default_factory=list)

    def file(self, name: str) -> Path:
        return self.folder / name


@contextmanager
def staged(target: Path) -> Iterator[Staging]:
    """Yield a staging folder; on success replace ``target`` with it, on failure drop it.

    The earlier contents of ``target`` stay as they were until the new ones are complete.
    ``target`` is replaced only when it is missing, empty or made by an earlier build; the
    staging folders of killed builds beside it are swept away first (see ``output_folder``).
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with serialised(parent):
            check_replaceable(target)
            sweep(target)
            folder = new_folder(parent, staging_prefixes(target)[0])  # as the umask says: it becomes build/YEAR
            held = lock(folder, wait=False)
        workfolder.remove_at_end(folder)  # even if this process is killed (the guard removes it)
    except OSError as exc:
        raise refused(exc, parent) from None
    published = False
    try:
        yield Staging(folder)
        with serialised(parent):
            check_replaceable(target)
            _swap(folder, target)
        published = True
    except OSError as exc:
        if ours(exc, parent):
            raise refused(exc, parent) from None
        raise
    finally:
        unlock(held)
        if not published:
            shutil.rmtree(folder, ignore_errors=True)


def _swap(folder: Path, target: Path) -> None:
    """Move ``folder`` into the place of ``target`` (the earlier one put back if that fails)."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=staging_prefixes(target)[1], dir=target.parent))
        old.rmdir()
        held = lock(target, wait=False)  # so that no sweep takes it for a killed build's
        try:
            target.rename(old)
        except OSError:
            unlock(held)
            raise
    try:
        folder.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
            unlock(held)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
        unlock(held)


def write_manifest(staging: Staging, manifest: dict) -> Path:
    path = staging.file("manifest.json")
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def outputs_for_manifest(staging: Staging) -> list[dict]:
    rows = []
    for out in staging.outputs:
        row: dict = {"kind": out.kind}
        if out.committee:
            row["committee"] = out.committee
        row["path"] = out.path.name
        row["sha256"] = sha256(out.path)
        if out.engine:
            row["engine"] = out.engine
        if out.pages is not None:
            row["pages"] = out.pages
        rows.append(row)
    return rows
