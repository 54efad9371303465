"""The PDFs of one build, scheduled: used again when their document is unchanged, handed to
the build's converter as each Word document is saved (the warm office starts on it at once; a
cold engine converts them all at the end), or converted cold at the end when the warm office
cannot be used. Only the ``converter.Converter`` interface is used; the office itself is
acquired in one place (``office.acquire``).
"""

from __future__ import annotations

import time

from annualreport.output import Output


def title(project, out: Output) -> str:
    """A document's title (its PDF's title and, after the DRAFT mark, its header)."""
    name = project.config.partnership.name
    if out.kind == "annual":
        return f"{name} yearly report {project.period.label}"
    return f"Covering report to {out.committee}: {name} yearly report {project.period.label}"


class PdfSchedule:
    """The PDFs of one build: used again (unchanged), or handed to ``converter`` (the warm
    office, or the cold engine itself) as each Word document is saved; whatever ``converter``
    cannot take (``ConverterUnavailable``) goes to ``cold``, the engine, at the end."""

    def __init__(self, project, converter, cold, reuse, timeout: float, draft, say):
        self.project = project
        self.converter = converter
        self.cold = cold
        self.reuse = reuse
        self.timeout = timeout
        self.draft = draft
        self.say = say
        self.deadline: float | None = None
        self.jobs: dict[str, object] = {}  # output file name -> PdfJob
        self.keys: dict[str, str | None] = {}
        self.handed: dict[str, tuple[object, object]] = {}  # name -> (converter, its handle)
        self.unusable: list[object] = []  # converters that said ConverterUnavailable
        self.later: list[str] = []  # names left for the cold engine at the end
        self.results: dict[str, object] = {}
        self.converted: list[str] = []
        self.reused: list[str] = []

    def _job(self, out: Output):
        from annualreport.pdf import PdfJob

        title_ = title(self.project, out)
        header = f"{self.draft} | {title_}" if self.draft else title_
        return PdfJob(out.path, out.path.with_suffix(".pdf"), title=title_, header=header)

    def _usable(self, converter) -> bool:
        return not any(converter is dead for dead in self.unusable)

    def submit(self, out: Output) -> None:
        from annualreport.pdf import PdfResult
        from annualreport.pdf.converter import ConverterUnavailable

        if self.deadline is None:
            self.deadline = time.monotonic() + self.timeout
        job = self._job(out)
        name = out.path.name
        self.jobs[name] = job
        if self.reuse is not None:
            key = self.keys[name] = self.reuse.key(out.path, job.title, self.cold.name)
            pages = self.reuse.place(key, job.pdf)
            if pages is not None:
                self.results[name] = PdfResult(job.pdf, self.cold.name, pages, [])
                self.reused.append(job.pdf.name)
                return
        if self._usable(self.converter):
            try:
                self.handed[name] = (self.converter, self.converter.submit([job]))
                return
            except ConverterUnavailable:
                self.unusable.append(self.converter)
        self.later.append(name)

    def let_start(self, limit: float = 3.0) -> None:
        """Wait (a little) until the converter is ready, if it has work handed to it."""
        if self.handed and self._usable(self.converter):
            self.converter.ready(min(limit, self.timeout))

    def finish(self) -> dict[str, object]:
        from annualreport.pdf.converter import ConverterUnavailable

        remaining = lambda: max((self.deadline or time.monotonic()) - time.monotonic(), 0.1)  # noqa: E731
        for name, (converter, handed) in list(self.handed.items()):
            if not self._usable(converter):
                self.later.append(name)
                continue
            try:
                self.results[name] = converter.wait(handed, remaining(), self.timeout)[0]
                self.converted.append(self.jobs[name].pdf.name)
            except ConverterUnavailable:
                self.unusable.append(converter)  # died or never started: the rest goes cold
                self.later.append(name)
        if self.later:
            names = [n for n in self.jobs if n in self.later]
            results = self.cold.convert([self.jobs[n] for n in names], remaining(), self.timeout)
            for name, result in zip(names, results):
                self.results[name] = result
                self.converted.append(self.jobs[name].pdf.name)
        if self.reuse is not None:
            for name, result in self.results.items():
                if result.pdf.name in self.converted:
                    self.reuse.store(self.keys.get(name), result.pdf, result.pages, result.pdf.name)
        return self.results
