"""A PDF made before is used again when its Word document's content has not changed.

The key is a hash of what LibreOffice reads of the document (every part of the package but
``docProps/``, whose timestamps change on every build), the PDF title, the engine and its
export settings. ``annualreport watch`` keeps the PDFs it made under ``build/.cache/pdf``:
after a change to one section, the covering reports (unchanged) are not converted again.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

#: what the kept PDFs may take before the least recently used go
LIMIT = 200 * 1024 * 1024


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
    """PDFs by content key, in a keyed file store (``cache_store``): a kept PDF that is not
    whole is never used."""

    def __init__(self, folder: Path, settings: str = "", fresh: bool = False):
        from annualreport.cache_store import FileStore

        self.folder = Path(folder)
        self.settings = settings
        self.store_ = FileStore(self.folder, ".pdf", limit=LIMIT, fresh=fresh)

    def key(self, docx: Path, title: str, engine: str) -> str | None:
        return content_digest(docx, title or "", engine, self.settings)

    def lookup(self, key: str | None) -> tuple[Path, int] | None:
        if key is None:
            return None
        path = self.store_.get(key)
        if path is None:
            return None
        return path, int((self.store_.record(key) or {}).get("pages", 0))

    def place(self, key: str | None, pdf: Path) -> int | None:
        """Copy the kept PDF for ``key`` to ``pdf``; its page count, or None if none kept."""
        if key is None:
            return None
        record = self.store_.place(key, pdf)
        return None if record is None else int(record.get("pages", 0))

    def store(self, key: str | None, pdf: Path, pages: int, name: str) -> None:
        """Keep a copy of ``pdf`` under ``key`` once the build succeeds (:meth:`commit`)."""
        if key is not None:
            self.store_.put_later(key, pdf, pages=pages, file=name)

    def commit(self) -> None:
        self.store_.commit()
