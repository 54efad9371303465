"""The project's Word templates, each read from its file once per build.

The lint reads the templates' words as the build renders them (``lint.rendered``), AR301
reports what stops one rendering, and the build writes the documents: all three take one
``Templates``. Each file is read and checked (a zip bomb, links outside it, broken tags) once;
each render is made from those bytes and kept under a key, so that the build writes the very
render the lint read (``take``) rather than render the same template with the same data again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from annualreport.errors import AnnualReportError
from annualreport.project import Project


class Templates:
    def __init__(self, project: Project):
        templates = project.config.templates
        self.annual = project.path(templates.annual)
        self.covering = project.path(templates.covering)
        self._read: dict[Path, bytes | AnnualReportError] = {}
        self._tags: dict[Path, AnnualReportError | None] = {}
        self._renders: dict[tuple[Path, str], object] = {}

    def read(self, path: Path) -> bytes:
        """The file's bytes, checked; a template that fails a check raises the same error each time."""
        if path not in self._read:
            from annualreport.render.word import read_template

            try:
                self._read[path] = read_template(path)
            except AnnualReportError as exc:
                self._read[path] = exc
        found = self._read[path]
        if isinstance(found, AnnualReportError):
            raise found
        return found

    def digest(self, path: Path) -> str:
        """The template's sha256 (pandoc's cache keys take it), or "missing"."""
        try:
            return hashlib.sha256(self.read(path)).hexdigest()
        except AnnualReportError:
            return "missing"

    def open(self, path: Path):
        """A fresh ``SafeTemplate`` of ``path``, not rendered: its own document to change."""
        from annualreport.render.word import template_from

        return template_from(self.read(path), path)

    def _check_tags(self, path: Path) -> None:
        if path not in self._tags:
            from annualreport.render.word import check_tags

            try:
                check_tags(self.open(path), path)
                self._tags[path] = None
            except AnnualReportError as exc:
                self._tags[path] = exc
        if self._tags[path] is not None:
            raise self._tags[path]

    def render(self, path: Path, context: dict, key: str):
        """``path`` rendered with ``context``, kept under ``key`` (the document it is made for:
        ``annual``, or a committee's id) until the build takes it. Rendered once per key."""
        kept = self._renders.get((path, key))
        if kept is None:
            from annualreport.render.word import fill

            self._check_tags(path)
            kept = self._renders[(path, key)] = fill(self.open(path), context, path)
        return kept

    def take(self, path: Path, context: dict, key: str):
        """The render kept under ``key`` (made now if there is none), handed over to be changed
        and saved: it is no longer kept."""
        rendered = self.render(path, context, key)
        del self._renders[(path, key)]
        return rendered
