"""The PDFs of one build, scheduled: used again when their document is unchanged, converted
by the warm office as each Word document is saved, or converted cold at the end (another
engine, or the warm office unusable). One place acquires the build's office (``start_office``).
"""

from __future__ import annotations

import time

from annualreport.errors import AnnualReportError
from annualreport.output import Output


def start_warm_office(timeout: float):
    """A started warm office, or None (then the PDFs are converted cold)."""
    from annualreport.pdf.warm import OfficeUnavailable, WarmOffice

    try:
        return WarmOffice(start_timeout=timeout + 5).start()
    except OfficeUnavailable:
        return None


def start_office(formats: tuple[str, ...], pdf_engine: str, timeout: float = 180.0):
    """Start a warm office for a build about to begin, if it will convert with LibreOffice
    (None otherwise, and on any problem: ``build`` then reports it in its usual order).
    Start it as early as you can; hand it to ``BuildSession(office=...)``; ``close(wait=False)`` it
    afterwards."""
    if "pdf" not in formats:
        return None
    try:
        from annualreport.pdf import choose_engine

        if choose_engine(pdf_engine).name != "libreoffice":
            return None
    except AnnualReportError:
        return None
    return start_warm_office(timeout)


def title(project, out: Output) -> str:
    """A document's title (its PDF's title and, after the DRAFT mark, its header)."""
    name = project.config.partnership.name
    if out.kind == "annual":
        return f"{name} yearly report {project.period.label}"
    return f"Covering report to {out.committee}: {name} yearly report {project.period.label}"


class PdfSchedule:
    """The PDFs of one build: used again (unchanged), converted by the warm office as each
    Word document is saved, or converted cold at the end (another engine, or the warm office
    unusable)."""

    def __init__(self, project, engine, office, reuse, timeout: float, draft, say):
        self.project = project
        self.engine = engine
        self.office = office
        self.reuse = reuse
        self.timeout = timeout
        self.draft = draft
        self.say = say
        self.deadline: float | None = None
        self.jobs: dict[str, object] = {}  # output file name -> PdfJob
        self.keys: dict[str, str | None] = {}
        self.pending: dict[str, object] = {}
        self.cold: list[str] = []
        self.results: dict[str, object] = {}
        self.converted: list[str] = []
        self.reused: list[str] = []

    def _job(self, out: Output):
        from annualreport.pdf import PdfJob

        title_ = title(self.project, out)
        header = f"{self.draft} | {title_}" if self.draft else title_
        return PdfJob(out.path, out.path.with_suffix(".pdf"), title=title_, header=header)

    def submit(self, out: Output) -> None:
        from annualreport.pdf import PdfResult
        from annualreport.pdf.warm import OfficeUnavailable

        if self.deadline is None:
            self.deadline = time.monotonic() + self.timeout
        job = self._job(out)
        name = out.path.name
        self.jobs[name] = job
        if self.reuse is not None:
            key = self.keys[name] = self.reuse.key(out.path, job.title, self.engine.name)
            pages = self.reuse.place(key, job.pdf)
            if pages is not None:
                self.results[name] = PdfResult(job.pdf, self.engine.name, pages, [])
                self.reused.append(job.pdf.name)
                return
        if self.office is not None:
            try:
                self.pending[name] = self.office.submit([job])
                return
            except OfficeUnavailable:
                self.office = None
        self.cold.append(name)

    def let_start(self, limit: float = 3.0) -> None:
        """Wait (a little) until the warm office is ready, if it has work queued."""
        if self.office is not None and self.pending:
            self.office.ready(min(limit, self.timeout))

    def finish(self) -> dict[str, object]:
        from annualreport.pdf.warm import OfficeUnavailable

        remaining = lambda: max((self.deadline or time.monotonic()) - time.monotonic(), 0.1)  # noqa: E731
        for name, pending in list(self.pending.items()):
            if self.office is None:
                self.cold.append(name)
                continue
            try:
                self.results[name] = self.office.wait(pending, remaining(), self.timeout)[0]
                self.converted.append(self.jobs[name].pdf.name)
            except OfficeUnavailable:
                self.office = None  # died or never started: the rest goes cold
                self.cold.append(name)
        if self.cold:
            names = [n for n in self.jobs if n in self.cold]
            results = self.engine.convert([self.jobs[n] for n in names], remaining(), self.timeout)
            for name, result in zip(names, results):
                self.results[name] = result
                self.converted.append(self.jobs[name].pdf.name)
        if self.reuse is not None:
            for name, result in self.results.items():
                if result.pdf.name in self.converted:
                    self.reuse.store(self.keys.get(name), result.pdf, result.pages, result.pdf.name)
        return self.results


