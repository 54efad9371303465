"""A PDF made before is used again when its Word document's content has not changed.

The key is a hash of what LibreOffice reads of the document (every part of the package but
``docProps/``, whose timestamps change on every build), the PDF title, the engine and its
export settings. ``annualreport watch`` keeps the PDFs it made under ``build/.cache/pdf``:
after a change to one section, the covering reports (unchanged) are not converted again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

INDEX = "index.json"


def content_digest(docx: Path, *extra: str) -> str | None:
    """Hash of the document's content parts (not ``docProps/``), or None if unreadable."""
    h = hashlib.sha256()
    try:
        with zipfile.ZipFile(docx) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                if info.filename.startswith("docProps/"):
                    continue
                h.update(info.filename.encode("utf-8") + b"\0")
                h.update(z.read(info.filename))
                h.update(b"\0")
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    for item in extra:
        h.update(item.encode("utf-8") + b"\0")
    return h.hexdigest()


class PdfReuse:
    """PDFs by content key, one (the latest) per output file name."""

    def __init__(self, folder: Path, settings: str = ""):
        self.folder = Path(folder)
        self.settings = settings
        self._index: dict[str, dict] | None = None

    def key(self, docx: Path, title: str, engine: str) -> str | None:
        return content_digest(docx, title or "", engine, self.settings)

    def _load(self) -> dict[str, dict]:
        if self._index is None:
            try:
                data = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
                self._index = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                self._index = {}
        return self._index

    def lookup(self, key: str | None) -> tuple[Path, int] | None:
        if key is None:
            return None
        entry = self._load().get(key)
        path = self.folder / f"{key}.pdf"
        if entry is None or not path.is_file():
            return None
        return path, int(entry.get("pages", 0))

    def place(self, key: str | None, pdf: Path) -> int | None:
        """Copy the kept PDF for ``key`` to ``pdf``; its page count, or None if none kept."""
        found = self.lookup(key)
        if found is None:
            return None
        path, pages = found
        try:
            shutil.copyfile(path, pdf)
        except OSError:
            return None
        return pages

    def store(self, key: str | None, pdf: Path, pages: int, name: str) -> None:
        """Keep a copy of ``pdf`` under ``key``, dropping the older one of the same name."""
        if key is None:
            return
        index = self._load()
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            handle, tmp = tempfile.mkstemp(prefix=".pdf.", dir=self.folder)
            os.close(handle)
            shutil.copyfile(pdf, tmp)
            os.replace(tmp, self.folder / f"{key}.pdf")
        except OSError:
            return
        for old, entry in list(index.items()):
            if entry.get("name") == name and old != key:
                del index[old]
                (self.folder / f"{old}.pdf").unlink(missing_ok=True)
        index[key] = {"pages": pages, "name": name}
        try:
            handle, tmp = tempfile.mkstemp(prefix=".index.", dir=self.folder)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(index, out, indent=1, sort_keys=True)
            os.replace(tmp, self.folder / INDEX)
        except OSError:
            pass
