"""What builds keep between them of the Word documents (``CoveringMemo``)."""

from __future__ import annotations

from pathlib import Path


class CoveringMemo:
    """Covering reports as last rendered, by a hash of their data, template and DRAFT mark;
    and the yearly report's template as last rendered (before its parts go in).

    The covering reports are kept in a keyed file store (``cache_store``) under the project's
    cache folder, so that one ``build`` uses what the last one rendered: the key holds the
    code that renders them (``up_to_date.code_identity``, and the Word libraries' versions).
    After a change to a section, the covering reports' data are usually unchanged: they are
    then copied, not rendered (and, byte for byte the same, their PDFs are used again); the
    yearly report's template is read back rather than rendered again (``watch``, in memory)."""

    #: what the kept covering reports may take before the least recently used go
    LIMIT = 64 * 1024 * 1024

    def __init__(self, folder: Path, fresh: bool = False):
        from annualreport.cache_store import FileStore

        self.folder = Path(folder)
        self._store = FileStore(self.folder, ".docx", limit=self.LIMIT, fresh=fresh)
        self._bytes: dict[str, bytes] = {}
        self._templates: dict[tuple, str] = {}
        self._code: str | None = None

    def key(self, template: Path, context: dict, title: str, draft: str | None, digest: str | None = None) -> str | None:
        """``digest``: the template's sha256, when the caller has read it already."""
        import hashlib
        import json

        try:
            if digest is None:
                stat = template.stat()
                marker = (str(template), stat.st_size, stat.st_mtime_ns)
                if marker not in self._templates:
                    self._templates[marker] = hashlib.sha256(template.read_bytes()).hexdigest()
                digest = self._templates[marker]
            data = json.dumps(context, sort_keys=True, default=repr)
        except (OSError, TypeError, ValueError):
            return None
        return hashlib.sha256("\0".join([digest, data, title, draft or "", self.code()]).encode("utf-8")).hexdigest()

    def code(self) -> str:
        """What renders a covering report: annualreport's code and the Word libraries' versions."""
        if self._code is None:
            from importlib import metadata

            from annualreport.up_to_date import code_identity

            versions = []
            for name in ("docxtpl", "python-docx", "jinja2"):
                try:
                    versions.append(f"{name}={metadata.version(name)}")
                except metadata.PackageNotFoundError:
                    versions.append(f"{name}=none")
            self._code = code_identity() + ";" + ";".join(versions)
        return self._code

    def bytes(self, key: str) -> bytes | None:
        """A rendered template kept in memory (the yearly report's, before its parts)."""
        return self._bytes.get(key)

    def keep_bytes(self, key: str, data: bytes) -> None:
        self._bytes = {key: data}  # only the latest

    def place(self, key: str, path: Path) -> bool:
        return self._store.place(key, path) is not None

    def store(self, key: str, path: Path) -> None:
        """Keep a copy of ``path`` under ``key`` once the build succeeds (:meth:`commit`)."""
        self._store.put_later(key, path, file=path.name)

    def commit(self) -> None:
        self._store.commit()
