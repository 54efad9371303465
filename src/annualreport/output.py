"""Writing outputs whole or not at all, and the manifest that says what was written."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from annualreport import workfolder


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
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    workfolder.remove_at_end(folder)  # even if this process is killed (the guard removes it)
    try:
        yield Staging(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        folder.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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
