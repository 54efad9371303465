"""One interface for whatever turns a build's Word documents into PDFs: the warm office
(``warm.WarmOffice``) and the cold engines (``libreoffice.LibreOfficeEngine``,
``typst_engine.TypstEngine``). The build's PDF schedule (``schedule``) uses only this.

* ``submit(jobs)`` hands documents over and returns at once: the warm office starts on
  them; a cold engine holds them, and converts all it holds in one go at the first
  ``wait`` (one office start for every document, or pandoc on them side by side);
* ``wait(handed, timeout, limit)`` gives their results (``timeout``: the seconds left;
  ``limit``: the whole limit, ``--timeout``, for the message should it run out);
* ``convert(jobs, timeout, limit)`` is both at once;
* ``ready(timeout)`` waits until it accepts work (a cold engine always does);
* ``close()`` lets it go (a warm office stops).

A converter that cannot be used (the office did not start, or died) raises
:class:`ConverterUnavailable` from ``submit`` or ``wait``: the schedule then gives the
documents to the cold engine. Any other failure is a ``PdfEngineError``, as ever.

Imports only the standard library and ``base``: the warm office uses it before a build's
heavy imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .base import PdfJob, PdfResult


class ConverterUnavailable(Exception):
    """The converter cannot be used (not started, or died): convert cold instead."""


@runtime_checkable
class Converter(Protocol):
    name: str

    def submit(self, jobs: list[PdfJob]) -> object: ...

    def wait(self, handed, timeout: float, limit: float | None = None) -> list[PdfResult]: ...

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]: ...

    def ready(self, timeout: float) -> bool: ...

    def close(self, wait: bool = True) -> None: ...


@dataclass(eq=False)
class Held:
    """Documents handed to a cold engine, converted at the first ``wait``."""

    jobs: list[PdfJob]
    results: list[PdfResult] | None = field(default=None)


class ColdConverter:
    """``submit``/``wait``/``ready``/``close`` for an engine whose ``convert`` does all its
    work in one call: what is submitted is held, and the first ``wait`` converts everything
    held, in the order it was handed over."""

    name: str

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]:
        raise NotImplementedError

    @property
    def _held(self) -> list[Held]:
        return self.__dict__.setdefault("_held_jobs", [])

    def submit(self, jobs: list[PdfJob]) -> Held:
        handed = Held(list(jobs))
        self._held.append(handed)
        return handed

    def wait(self, handed: Held, timeout: float, limit: float | None = None) -> list[PdfResult]:
        if handed.results is None:
            batch = [h for h in self._held if h.results is None]
            if handed not in batch:
                batch.append(handed)
            self._held.clear()
            results = self.convert([job for h in batch for job in h.jobs], timeout, limit)
            start = 0
            for h in batch:
                h.results = results[start:start + len(h.jobs)]
                start += len(h.jobs)
        return handed.results

    def ready(self, timeout: float) -> bool:
        return True

    def close(self, wait: bool = True) -> None:
        self._held.clear()
