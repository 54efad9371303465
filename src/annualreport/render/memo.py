"""What ``watch`` keeps between rebuilds of the Word documents (``CoveringMemo``)."""

from __future__ import annotations

import shutil
from pathlib import Path


class CoveringMemo:
    """Covering reports as last rendered, by a hash of their data, template and DRAFT mark;
    and the yearly report's template as last rendered (before its parts go in).

    For ``watch`` only: one process, one version of the code. After a change to a section,
    the covering reports' data are usually unchanged: they are then copied, not rendered
    (and, byte for byte the same, their PDFs are used again); the yearly report's template
    is read back rather than rendered again."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._kept: dict[str, Path] = {}
        self._names: dict[str, str] = {}  # output file name -> its latest key
        self._bytes: dict[str, bytes] = {}
        self._templates: dict[tuple, str] = {}

    def key(self, template: Path, context: dict, title: str, draft: str | None) -> str | None:
        import hashlib
        import json

        try:
            stat = template.stat()
            marker = (str(template), stat.st_size, stat.st_mtime_ns)
            if marker not in self._templates:
                self._templates[marker] = hashlib.sha256(template.read_bytes()).hexdigest()
            data = json.dumps(context, sort_keys=True, default=repr)
        except (OSError, TypeError, ValueError):
            return None
        return hashlib.sha256("\0".join([self._templates[marker], data, title, draft or ""]).encode("utf-8")).hexdigest()

    def bytes(self, key: str) -> bytes | None:
        """A rendered template kept in memory (the yearly report's, before its parts)."""
        return self._bytes.get(key)

    def keep_bytes(self, key: str, data: bytes) -> None:
        self._bytes = {key: data}  # only the latest

    def place(self, key: str, path: Path) -> bool:
        kept = self._kept.get(key)
        if kept is None or not kept.is_file():
            return False
        try:
            shutil.copyfile(kept, path)
        except OSError:
            return False
        return True

    def store(self, key: str, path: Path) -> None:
        """Keep a copy of ``path`` under ``key`` (the older copy of the same report goes)."""
        target = self.folder / f"{key}.docx"
        try:
            shutil.copyfile(path, target)
        except OSError:
            return
        old = self._names.get(path.name)
        if old is not None and old != key:
            dropped = self._kept.pop(old, None)
            if dropped is not None:
                dropped.unlink(missing_ok=True)
        self._names[path.name] = key
        self._kept[key] = target
