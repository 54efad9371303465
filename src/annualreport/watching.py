"""``annualreport watch``: build again whenever the evidence, the sections or the templates
change, fast enough to keep open beside the Word document.

What makes a rebuild quick:

* one LibreOffice kept warm (``pdf.warm.WarmOffice``), so no rebuild pays its start; if it
  dies, that rebuild converts cold and a new warm office is started;
* pandoc only for the parts whose Markdown changed (``narrative_cache``);
* a covering report whose data did not change is copied, not rendered (``render.memo``),
  and a document whose content did not change keeps its PDF (``pdf.reuse``): both kept
  in the project's cache folder, as ``build`` keeps them (``cache_store``);
* the Word documents are moved into place first ("DOCX ready"), then the PDFs ("PDF
  ready"); each move is whole, from a staging folder, as ``build`` does;
* the lint runs while pandoc converts the changed parts, as in ``build``: its verdict (the
  DRAFT mark) is on the documents before they are said to be ready, and its first findings
  (``FINDINGS_SHOWN``, in the lint's text format) are shown, with how many more there are.

A rebuild that failed is marked with a red cross and "failed", one stopped by Ctrl-C with
"stopped" (``Progress``); only one that succeeded gets a tick.

Changes are seen by the operating system's own change events, through ``watchfiles``
(inotify, FSEvents, ReadDirectoryChangesW), with a look at the file times every few seconds
as a safety net; where ``watchfiles`` cannot be imported or cannot watch (no inotify
watches left, a network drive), by polling the file times every ``interval`` seconds. A
burst of saves (an editor writing a file in several steps) is taken as one change once the
files have been still for ``debounce`` seconds. A user error (bad YAML, a broken tag) is printed with where
it is and how to mend it, and watching goes on; the last good outputs stay in place.

Tests and benchmarks drive it without sleeping: ``Watcher.cycle()`` rebuilds once.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from annualreport.errors import AnnualReportError
from annualreport.progress import Progress
from annualreport.project_folders import Layout

#: with change events, a look at the file times this often all the same (milliseconds)
SAFETY_NET_MS = 5000
IGNORED_PREFIXES = (".", "~$", ".~lock")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")
#: the lint's findings shown after each rebuild (the rest are counted)
FINDINGS_SHOWN = 5


@dataclass
class Cycle:
    """What one rebuild did."""

    ok: bool
    changed: list[str] = field(default_factory=list)
    error: str | None = None
    #: seconds from the start of the rebuild to the Word documents in place, and to the PDFs
    docx_seconds: float | None = None
    pdf_seconds: float | None = None
    converted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _ignored(name: str) -> bool:
    return name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)


class Watcher:
    """Rebuilds one year of one project on change; keeps a warm office between rebuilds."""

    def __init__(
        self,
        root: Path,
        year: int,
        formats: tuple[str, ...] = ("docx", "pdf"),
        pdf_engine: str = "auto",
        timeout: float = 180.0,
        progress: Progress | None = None,
        interval: float = 0.5,
        debounce: float = 0.3,
        on_cycle: Callable[[Cycle], None] | None = None,
        events: bool = True,
    ):
        self.root = Path(root).resolve()
        self.year = year
        self.formats = formats
        self.pdf_engine = pdf_engine
        self.timeout = timeout
        self.progress = progress or Progress("plain")
        self.interval = interval
        self.debounce = debounce
        self.on_cycle = on_cycle
        #: watch by the system's change events (``watchfiles``); False: poll every ``interval``
        self.events = events
        self.office = None
        self.engine = None
        self._verdict = None  # the last lint's Verdict
        self._memo = None
        self._reuse = None
        self._stop = threading.Event()
        self._closed = False
        self.cycles: list[Cycle] = []

    # -- the office ----------------------------------------------------------------------

    def _engine(self):
        if self.engine is None and "pdf" in self.formats:
            from annualreport.pdf import choose_engine

            self.engine = choose_engine(self.pdf_engine)
        return self.engine

    def _ensure_office(self) -> None:
        """A warm office for the LibreOffice engine: started if there is none, started
        again if the last one died."""
        engine = self._engine()
        if engine is None or engine.name != "libreoffice":
            return
        if self.office is not None and self.office.alive:
            return
        from annualreport.pdf.converter import ConverterUnavailable
        from annualreport.pdf.office import start_office

        if self.office is not None:
            self.progress.note("LibreOffice stopped; starting it again")
            self.office.close(wait=False)
            self.office = None
        try:
            self.office = start_office(self.timeout)
        except ConverterUnavailable as exc:
            self.progress.note(f"note: LibreOffice cannot be kept running ({exc}); each PDF is converted cold")

    # -- what to watch -------------------------------------------------------------------

    def watched(self) -> list[Path]:
        """The configuration, this year's evidence and sections, and the templates."""
        from annualreport.config import CONFIG_NAME

        layout = Layout(self.root)
        return [self.root / CONFIG_NAME, layout.evidence(self.year), layout.sections(self.year), layout.templates]

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Every watched file: (modification time, size)."""
        seen: dict[str, tuple[int, int]] = {}
        extra = self._template_paths()
        for place in [*self.watched(), *extra]:
            if place.is_file():
                self._stat(place, seen)
            elif place.is_dir():
                for folder, dirs, files in os.walk(place):
                    dirs[:] = [d for d in dirs if not _ignored(d)]
                    for name in files:
                        if not _ignored(name):
                            self._stat(Path(folder) / name, seen)
        return seen

    def _template_paths(self) -> list[Path]:
        """Templates kept outside templates/ (as annualreport.yaml says), if it can be read."""
        from annualreport.config import load_config

        try:  # read as the build reads it: bounded, inside the project
            templates = load_config(self.root).templates
            return [self.root / str(templates.annual), self.root / str(templates.covering)]
        except Exception:  # noqa: BLE001 - a config error is reported by the build itself
            return []

    @staticmethod
    def _stat(path: Path, seen: dict) -> None:
        try:
            stat = path.stat()
        except OSError:
            return
        seen[str(path)] = (stat.st_mtime_ns, stat.st_size)

    def _relative(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return path

    # -- one rebuild ---------------------------------------------------------------------

    def cycle(self, changed: list[str] | None = None) -> Cycle:
        """Rebuild once, now. Never raises for a user's error: the Cycle says what it was."""
        from annualreport.builder import Build, BuildOptions, BuildSession, kept_between
        from annualreport.project import load_project

        changed = changed or []
        started = time.perf_counter()
        what = ", ".join(self._relative(c) for c in changed[:3]) + (" ..." if len(changed) > 3 else "")
        self.progress.step(f"rebuilding: {what} changed" if changed else f"building {self.year}")
        cycle = Cycle(ok=False, changed=[self._relative(c) for c in changed])
        try:
            self._ensure_office()
            if self.office is not None and not self.office.ping(timeout=5):
                self._ensure_office()
            loaded = load_project(self.root, self.year)
            if self._memo is None:  # the project's own cache, as ``build`` keeps it
                kept = kept_between(loaded.cache_folder, self.formats)
                self._memo, self._reuse = kept["memo"], kept.get("reuse")
            def docx_ready(outputs) -> None:
                cycle.docx_seconds = time.perf_counter() - started
                names = ", ".join(o.path.name for o in outputs if o.path.suffix == ".docx")
                self.progress.note(f"DOCX ready ({cycle.docx_seconds:.2f} s): {names}")

            session = BuildSession(office=self.office, reuse=self._reuse, memo=self._memo, on_docx=docx_ready)
            with Build(loaded, BuildOptions(self.formats, self.pdf_engine, self.timeout), session) as job:
                job.prepare()  # pandoc converts the changed parts while the lint runs
                verdict = self._lint(loaded, job)
                result = job.write(verdict)
        except AnnualReportError as exc:
            self.progress.done(outcome="failed")
            cycle.error = self._problems(exc)
            self.progress.error(cycle.error)
            self.progress.note("watching for the next change (the last good outputs are still in place)")
            return self._done(cycle)
        except KeyboardInterrupt:
            self.progress.done(outcome="stopped")
            raise
        except Exception as exc:  # noqa: BLE001 - our bug: say so, keep watching
            self.progress.done(outcome="failed")
            log = Path(tempfile.gettempdir()) / "annualreport-crash.log"
            try:
                log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
            except OSError:
                pass
            cycle.error = f"error: annualreport failed unexpectedly: {type(exc).__name__}: {exc}\n    the details are in {log}"
            self.progress.error(cycle.error)
            return self._done(cycle)
        cycle.ok = True
        cycle.timings = dict(result.timings)
        cycle.converted, cycle.reused = result.converted, result.reused
        if "pdf" in self.formats:
            cycle.pdf_seconds = time.perf_counter() - started
            parts = []
            if cycle.converted:
                parts.append("converted " + ", ".join(cycle.converted))
            if cycle.reused:
                parts.append("unchanged " + ", ".join(cycle.reused))
            self.progress.note(f"PDF ready ({cycle.pdf_seconds:.2f} s): " + "; ".join(parts))
        for warning in result.warnings:
            self.progress.note(f"note: {warning}")
        if result.checked:
            from annualreport.lint.findings import LintResult
            from annualreport.lint.formats import render

            self.progress.note(render("text", LintResult(result.checked, len(result.outputs)), color=False, project_root=self.root))
        if self.office is not None and not self.office.alive:
            self._ensure_office()  # it died during this rebuild (which converted cold)
        return self._done(cycle)

    def _lint(self, loaded, job):
        """Lint (from the build's own assembly and templates), remember the verdict, and show
        its first findings (errors and warnings), and when it lifts the DRAFT mark."""
        from annualreport.lint import lint_project
        from annualreport.lint.verdict import Verdict, draft_mark

        found = lint_project(loaded, assembly=job.assembly, templates=job.templates)
        verdict = Verdict(dict(found.counts), draft_mark(found.counts), found)
        before = self._verdict
        self._show_findings(verdict)
        if before is not None and before.draft and not verdict.draft:
            self.progress.note("the lint finds no errors now: the DRAFT mark goes")
        self._verdict = verdict
        return verdict

    def _show_findings(self, verdict) -> None:
        """The first ``FINDINGS_SHOWN`` errors and warnings, as ``annualreport lint`` prints
        them, and how many more there are."""
        from annualreport.lint.formats.text import TextFormatter
        from annualreport.lint.verdict import draft_note, plural

        shown = [f for f in verdict.findings.findings if f.severity in ("error", "warning")]
        if not shown:
            return
        shown.sort(key=lambda f: (f.severity != "error", f.sort_key))
        counts = verdict.counts
        if verdict.draft:
            self.progress.error(draft_note(counts, self.year))
        else:
            self.progress.note(f"note: the lint found {plural(counts['warning'], 'warning')}")
        first = shown[:FINDINGS_SHOWN]
        self.progress.note("\n\n".join(TextFormatter().blocks(first, color=False)))
        if len(shown) > len(first):
            self.progress.note(f"... and {len(shown) - len(first)} more ('annualreport lint {self.year}' lists them all)")

    def _problems(self, exc: AnnualReportError) -> str:
        count = len(exc.problems)
        head = f"error: {'the input could not be used' if exc.exit_code == 2 else 'the build stopped'}" + (f" ({count} problems)" if count > 1 else "")
        return "\n".join([head, *(p.render(relative_to=self.root) for p in exc.problems)])

    def _done(self, cycle: Cycle) -> Cycle:
        self.progress.done()
        self.cycles.append(cycle)
        if self.on_cycle is not None:
            self.on_cycle(cycle)
        return cycle

    # -- the loop ------------------------------------------------------------------------

    def changes(self, before: dict) -> tuple[dict, list[str]]:
        """Wait until something changed and then stayed still for ``debounce`` seconds."""
        if self.events:
            try:
                return self._changes_by_events(before)
            except ImportError:
                self.events = False  # no watchfiles: poll
            except (OSError, RuntimeError):
                pass  # it cannot watch here (no inotify watches left, a folder gone): poll this time
        while not self._stop.is_set():
            now = self.snapshot()
            if now != before:
                while not self._stop.wait(self.debounce):
                    later = self.snapshot()
                    if later == now:
                        break
                    now = later
                changed = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))
                return now, changed
            self._stop.wait(self.interval)
        return before, []

    def _changes_by_events(self, before: dict) -> tuple[dict, list[str]]:
        """:meth:`changes` from ``watchfiles``' events; the snapshot decides what changed (an
        event on an ignored file, or one that changed nothing, waits on)."""
        import watchfiles

        places = [p for p in [*self.watched(), *self._template_paths()] if p.exists()]
        if not places:
            raise OSError("nothing to watch yet")
        for _ in watchfiles.watch(*places, stop_event=self._stop, step=max(int(self.debounce * 1000), 1),
                                  rust_timeout=SAFETY_NET_MS, yield_on_timeout=True):
            now = self.snapshot()
            if now != before:
                changed = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))
                return now, changed
        return before, []

    def run(self, once: bool = False) -> Cycle | None:
        """The first build, then a rebuild per change until :meth:`stop` (or Ctrl-C)."""
        state = self.snapshot()
        last = self.cycle()
        if once:
            return last
        layout = Layout(self.root)
        self.progress.note(f"watching {self._relative(str(layout.evidence(self.year)))}, "
                           f"{self._relative(str(layout.sections(self.year)))} and the templates; Ctrl-C stops")
        while not self._stop.is_set():
            state, changed = self.changes(state)
            if changed and not self._stop.is_set():
                last = self.cycle(changed)
        return last

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        """Stop the office (no process is left behind)."""
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        if self.office is not None:
            self.office.close()
            self.office = None

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
