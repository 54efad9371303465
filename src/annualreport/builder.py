"""``build``: load → check → render → convert → write, for one year of one project.

What runs at the same time, so that a build costs little more than LibreOffice's own work:

* LibreOffice starts (a warm office, ``pdf.warm``) as the build begins, while the Word
  documents are still being written, so no conversion waits for it;
* pandoc converts only the parts whose Markdown changed (``narrative_cache``), in its own
  process, while this one runs the lint (between ``Build.prepare`` and ``Build.write``) and
  renders the covering reports;
* each covering report goes to the office as soon as it is saved, and the yearly report as
  soon as it is composed; the written documents are checked (AR401, AR501) while the office
  converts.

The yearly content and the templates' contexts are assembled once (``content.assembly``), each
template is read once and each document rendered once (``render.templates``): the lint reads
those, and the build writes them. The build takes the lint's ``Verdict`` as a value.

Everything is written into a staging folder and moved into place at the end, whole or not
at all. ``on_docx`` (for ``watch``) publishes the Word documents first, then the PDFs.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from annualreport.lint.verdict import Verdict
from annualreport.output import Output
from annualreport.project import Project
from annualreport.writing import BuildResult

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class BuildOptions:
    """What to build: the same for every build of a command."""

    formats: tuple[str, ...] = FORMATS
    #: auto, libreoffice or pandoc
    engine: str = "auto"
    #: seconds the PDF engine may take
    timeout: float = 180.0
    #: keep pandoc's results per part in build/.cache (False: convert all)
    cache: bool = True
    #: the publication date (default: today)
    today: dt.date | None = None
    #: make everything afresh, using nothing kept from earlier builds (but keeping what it makes)
    force: bool = False


class Stopwatch:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.started = time.perf_counter()

    def __call__(self, stage: str):
        watch = self

        class _Lap:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                watch.times[stage] = watch.times.get(stage, 0.0) + time.perf_counter() - self.start

        return _Lap()

    def mark(self, stage: str) -> None:
        """Record the time since the build began (e.g. ``docx``: the Word documents saved)."""
        self.times[stage] = time.perf_counter() - self.started


@dataclass
class BuildSession:
    """What a build works with, beyond its options: kept by ``watch`` across rebuilds."""

    #: a started ``pdf.warm.WarmOffice`` to convert with (None: a LibreOffice build starts its
    #: own: ``pdf.office.acquire``)
    office: object = None
    #: a ``pdf.reuse.PdfReuse``: PDFs of unchanged documents are used again
    reuse: object = None
    #: a ``render.memo.CoveringMemo``: renders whose data and template are as last time are
    #: copied from then (``watch``)
    memo: object = None
    #: progress, one line per stage
    say: Callable[[str], None] = lambda _: None
    #: publish the Word documents as soon as they are written (the PDFs of unchanged documents
    #: with them), then call it; the PDFs follow in a second move (``watch``)
    on_docx: Callable[[list[Output]], None] | None = None
    watch: Stopwatch = field(default_factory=Stopwatch)
    #: an ``up_to_date.Freshness``: its record of the inputs goes into the manifest
    inputs: object = None


def kept_between(folder: Path, formats: tuple[str, ...], fresh: bool = False) -> dict:
    """A ``BuildSession``'s ``memo`` and ``reuse``, kept in ``folder`` (``cache_store``): covering
    reports as rendered, and the PDFs of documents whose content did not change (``fresh``:
    none is used, each is made again and kept)."""
    from annualreport.render.memo import CoveringMemo

    kept = {"memo": CoveringMemo(folder / "covering", fresh)}
    if "pdf" in formats:
        from annualreport.pdf.libreoffice import FILTER_DATA
        from annualreport.pdf.reuse import PdfReuse

        kept["reuse"] = PdfReuse(folder / "pdf", settings=repr(sorted(FILTER_DATA.items())), fresh=fresh)
    return kept


def build(project: Project, formats: tuple[str, ...] = FORMATS, pdf_engine: str = "auto", timeout: float = 180.0,
          today: dt.date | None = None, *, cache: bool = True, verdict: Verdict | None = None,
          session: BuildSession | None = None) -> BuildResult:
    """Build every output, marked with ``verdict``'s DRAFT mark (None: no lint, no mark)."""
    with Build(project, BuildOptions(formats, pdf_engine, timeout, cache, today), session) as job:
        job.prepare()
        return job.write(verdict or Verdict())


class Build:
    """One build, in two steps with the lint between them: ``prepare`` (check, assemble, start
    pandoc), then ``write(verdict)``. Use it as a context manager."""

    def __init__(self, project: Project, options: BuildOptions = BuildOptions(), session: BuildSession | None = None):
        from annualreport.render.templates import Templates

        self.project = project
        self.options = options
        self.session = session or BuildSession()
        self.templates = Templates(project)
        self.assembly = None
        self.engine = None
        #: the build's office (``pdf.office.Acquired``): None without PDFs
        self.acquired = None
        self._guard = None
        self._narrative = self._narrative_cache = None
        #: the covering reports copied as last rendered (``BuildSession.memo``)
        self.copied: set[str] = set()

    def __enter__(self) -> "Build":
        from annualreport.output_folder import guarded

        if "pdf" in self.options.formats:
            from annualreport.pdf import choose_engine
            from annualreport.pdf.office import acquire

            self.engine = choose_engine(self.options.engine)
            self.acquired = acquire(self.engine.name, self.session.office, self.options.timeout)
        guard = guarded(self.project.output_folder)
        try:
            guard.__enter__()
        except BaseException:
            self._release_office()
            raise
        self._guard = guard
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self._narrative is not None:
                self._narrative.cancel()
            if self._narrative_cache is not None:
                self._narrative_cache.close()
            self._guard.__exit__(*exc)
        finally:
            self._release_office()

    def _release_office(self) -> None:
        if self.acquired is not None:
            self.acquired.release()  # closed if this build started it

    @property
    def converter(self):
        """What the PDFs are handed to: the warm office, else the engine itself (cold)."""
        if self.acquired is not None and self.acquired.office is not None:
            return self.acquired.office
        return self.engine

    def prepare(self):
        """Check the citations, assemble the content, read the yearly report template, and set
        pandoc converting the narrative (in its own process, while the lint runs here)."""
        from annualreport.checks import check_citations
        from annualreport.content.assembly import assemble
        from annualreport.narrative_cache import NarrativeCache, start as start_narrative
        from annualreport.render.narrative_links import vet_narrative

        project, watch, say = self.project, self.session.watch, self.session.say
        with watch("check"):
            check_citations(project)
        charts = project.charts_cache
        with watch("content"):
            self.assembly = assemble(project, charts, self.options.today)
        say("converting the narrative with pandoc")
        with watch("pandoc"):
            annual = self.templates.annual
            self.templates.read(annual)  # a missing or broken template fails before pandoc reads it
            resources = [project.sections_folder, project.root]
            parts = self.assembly.content.parts
            self._narrative_cache = NarrativeCache(
                project.pandoc_cache if self.options.cache else None,
                annual,
                resources,
                vetted=vet_narrative(project, parts, resources, charts),  # pictures, links, raw blocks
                reference_digest=self.templates.digest(annual),
                fresh=self.options.force,
            )
            self._narrative = start_narrative(self._narrative_cache, parts)
        return self.assembly

    def write(self, verdict: Verdict) -> BuildResult:
        """Render, save, check, convert and publish, with ``verdict``'s counts and DRAFT mark."""
        from annualreport.writing import write

        return write(self, verdict)
