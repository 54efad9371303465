"""A keyed file store: what a build made once, kept under a key made from its inputs.

A product (a chart's PNG, pandoc's Word form of a part, a covering report as rendered, the PDF
of an unchanged document) depends on some inputs; its key is the digest of exactly those
(:func:`key`). The store keeps each product as one file in the build's own cache folder (under
the output folder, ``Project.cache_folder``), with a small record beside it holding the
product's own sha256, its size and what the caller wants kept with it (a PDF's page count).

* Written atomically: the file and then its record go in under temporary names and are
  renamed into place, so a build killed half-way, or one running at the same time, never
  leaves half a product that another takes for whole.
* Never trusted if corrupt: :meth:`FileStore.get` checks the product's size and sha256
  against its record and forgets an entry that does not match (or whose record is
  unreadable): the caller then makes the product afresh.
* Bounded: past ``limit`` bytes the least recently used entries go (a ``get`` counts as use,
  and sets the entry's access time, never its modification time).

Only the standard library: the up-to-date check reads it before anything heavy is imported.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from annualreport.file_modes import shared

#: what a store may hold before the least recently used entries go
LIMIT = 512 * 1024 * 1024
RECORD = ".json"
#: letters a caller's key may have (it becomes a file name)
_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def key(*parts: bytes | str) -> str:
    """The digest of ``parts``, each one length-prefixed (so ``("ab", "c")`` is not ``("a", "bc")``)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class FileStore:
    """Products by key in ``folder``: ``get(key)`` a verified path or None, ``put(key, file)``."""

    def __init__(self, folder: Path, suffix: str = "", limit: int = LIMIT, fresh: bool = False):
        self.folder = Path(folder)
        self.suffix = suffix
        self.limit = limit
        #: make everything afresh (``build --force``): nothing is handed back, all is kept
        self.fresh = fresh
        self._later: dict[str, tuple[bytes, dict]] = {}

    def _paths(self, name: str) -> tuple[Path, Path]:
        if not name or not set(name) <= _SAFE or name.startswith("."):
            raise ValueError(f"not a store key: {name!r}")
        data = self.folder / f"{name}{self.suffix}"
        return data, data.with_name(data.name + RECORD)

    def get(self, name: str) -> Path | None:
        """The product kept under ``name``, checked whole against its record; None if there is
        none or it is not what was put (it is then forgotten)."""
        record = None if self.fresh else self.record(name)
        if record is None:
            return None
        data, _ = self._paths(name)
        try:
            stat = data.stat()
            if stat.st_size != record["size"] or file_digest(data) != record["sha256"]:
                raise ValueError("changed")
            # used now: the last to go when the store is trimmed (the access time says so;
            # the modification time stays the time it was made)
            os.utime(data, ns=(time.time_ns(), stat.st_mtime_ns))
        except (OSError, ValueError):
            self.forget(name)
            return None
        return data

    def record(self, name: str) -> dict | None:
        """What was kept with the product (unchecked), or None."""
        data, meta = self._paths(name)
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            if not isinstance(record, dict) or not isinstance(record.get("sha256"), str) or not isinstance(record.get("size"), int):
                raise ValueError("not a record")
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self.forget(name)
            return None
        return record

    def place(self, name: str, target: Path) -> dict | None:
        """Copy the product kept under ``name`` to ``target``; its record, or None if none."""
        found = self.get(name)
        if found is None:
            return None
        try:
            shutil.copyfile(found, target)
        except OSError:
            return None
        return self.record(name)

    def put(self, name: str, source: Path | bytes, **extra) -> Path | None:
        """Keep a copy of ``source`` (a file, or bytes) under ``name``, with ``extra`` in its
        record; the path kept, or None if it could not be written (a cache is never worth
        failing a build for)."""
        data, meta = self._paths(name)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(prefix=".new.", dir=self.folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    if isinstance(source, bytes):
                        out.write(source)
                    else:
                        with open(source, "rb") as src:
                            shutil.copyfileobj(src, out)
                shared(tmp)
                record = dict(extra, sha256=file_digest(Path(tmp)), size=os.path.getsize(tmp))
                os.replace(tmp, data)
                self._write_record(meta, record)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return None
        self.trim()
        return data

    def put_later(self, name: str, source: Path, **extra) -> None:
        """:meth:`put`, once the build that made it succeeds (:meth:`commit`): a failed build
        changes nothing under the output folder, its caches included."""
        self._paths(name)  # a bad key fails now, not at the commit
        try:
            self._later[name] = (Path(source).read_bytes(), extra)
        except OSError:
            pass

    def commit(self) -> None:
        """Keep what :meth:`put_later` was given."""
        later, self._later = self._later, {}
        for name, (data, extra) in later.items():
            self.put(name, data, **extra)

    def _write_record(self, meta: Path, record: dict) -> None:
        handle, tmp = tempfile.mkstemp(prefix=".new.", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record, out, sort_keys=True)
            shared(tmp)
            os.replace(tmp, meta)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def forget(self, name: str) -> None:
        for path in self._paths(name):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass

    def trim(self) -> None:
        """Drop the least recently used entries while the store holds more than ``limit``."""
        entries = []
        total = 0
        try:
            for item in os.scandir(self.folder):
                if item.name.endswith(RECORD) or item.name.startswith("."):
                    continue
                stat = item.stat()
                entries.append((max(stat.st_atime_ns, stat.st_mtime_ns), stat.st_size, item.name))
                total += stat.st_size
        except OSError:
            return
        for _, size, name in sorted(entries):
            if total <= self.limit:
                break
            stem = name[: len(name) - len(self.suffix)] if self.suffix and name.endswith(self.suffix) else name
            try:
                self.forget(stem)
            except ValueError:
                continue
            total -= size
