"""A warm LibreOffice: one office kept running, converting on request over UNO.

Starting an office costs about a second (more with a fresh profile); ``annualreport watch``
pays it once, and ``annualreport build`` starts the office as the build begins, so that it
is ready by the time the Word documents are. ``uno_convert.py --serve`` (run by a Python
that can ``import uno``) starts the office with its own temporary profile, fills every
index before each export as the cold path does, and answers one JSON line per request.

unoserver is not used: version 3.7 sleeps about 10 s at start and its launcher can hang on
stop; this helper connects as soon as the office accepts the pipe.

The office and the helper each run in a process group of their own, and
:meth:`WarmOffice.close` kills both groups, so no office is ever left behind: also at
interpreter exit (``atexit``). If this process dies (SIGKILL, a broken pipe), the helper
sees its parent gone and kills the office, and the run's guard (``workfolder``) kills
whatever is left. Everything the office writes goes in a folder inside the run's own
temporary folder, its TMPDIR (``lu*.tmp``) included; the sockets LibreOffice puts in /tmp
are removed once the office is dead.

Failures: the office not starting, the helper not running (no usable ``uno``), or the
office dying mid-conversion raise :class:`OfficeUnavailable`; the caller then converts
cold with :class:`LibreOfficeEngine`. A conversion past its time limit raises
``PdfEngineError`` (timed out), as the cold path does; a document LibreOffice cannot open
raises ``PdfEngineError`` naming it, and the office stays usable.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import shutil
import subprocess
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import workfolder
from ..errors import PdfEngineError, Problem
from ._process import IS_WINDOWS, end_group, spawn_group, tail
from .base import PdfJob, PdfResult, fast_page_count, place_pdf, timed_out
from .converter import ConverterUnavailable

START_LIMIT = 60.0
QUIT_GRACE = 3.0


class OfficeUnavailable(ConverterUnavailable):
    """The warm office cannot be used (did not start, no UNO, or died): convert cold."""


class OfficeGone(OfficeUnavailable):
    """The warm office died while converting."""


@dataclass
class Pending:
    """Documents handed to the office; :meth:`WarmOffice.wait` gives their results."""

    id: int
    jobs: list[PdfJob]
    outputs: list[Path]
    started: float = field(default_factory=time.monotonic)
    result: list[PdfResult] | None = None


_LIVE: "weakref.WeakSet[WarmOffice]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for office in list(_LIVE):
        office.close()


class WarmOffice:
    """One private LibreOffice, started in the background by :meth:`start`."""

    name = "libreoffice"

    def __init__(self, soffice: Path | None = None, start_timeout: float = START_LIMIT):
        from .soffice import find_soffice

        if soffice is None:
            soffice, how = find_soffice()
            if soffice is None:
                raise OfficeUnavailable(how)
        self.soffice = Path(soffice)
        self.start_timeout = start_timeout
        self.work = workfolder.mkdtemp("warm-")
        (self.work / "in").mkdir()
        (self.work / "out").mkdir()
        #: the office's TMPDIR (and its helper's: both must agree on where the pipe is)
        self.tmp = self.work / "t"
        self.tmp.mkdir()
        #: the sockets the office makes in /tmp, removed once it is dead
        self._sockets: list[Path] = []
        #: the office's own profile: no other office ever uses it
        self.profile = self.work / "profile"
        self.proc: subprocess.Popen | None = None
        #: the office, when started here rather than by the helper (POSIX)
        self.office_proc: subprocess.Popen | None = None
        self._request: dict = {}
        self.office_pid: int | None = None
        self._lines: queue.Queue = queue.Queue()
        self._answers: dict[int, dict] = {}
        self._ready: dict | None = None
        self._failure: str | None = None
        self._launcher: threading.Thread | None = None
        self._spawned = threading.Event()  # set once the helper runs (or cannot)
        self._lock = threading.Lock()
        self._next_id = 0
        self._closed = False
        #: how many documents this office converted (tests and benchmarks read it)
        self.converted = 0
        self._created = time.monotonic()
        self.start_seconds: float | None = None
        self.last_report: list[dict] = []
        #: whether the profile was copied from the kept, set-up one (``profile``)
        self.seeded = False
        _LIVE.add(self)

    # -- life ----------------------------------------------------------------------------

    def start(self) -> "WarmOffice":
        """Start the helper and its office without waiting for them."""
        if self._launcher is None:
            self._launcher = threading.Thread(target=self._launch, name="annualreport-office", daemon=True)
            self._launcher.start()
        return self

    def _launch(self) -> None:
        try:
            self._spawn()
        finally:
            self._spawned.set()
        if self.proc is None:
            return
        for raw in self.proc.stdout:  # type: ignore[union-attr]
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if isinstance(message, dict):
                message["_at"] = time.monotonic()
                self._lines.put(message)
        self._lines.put(None)  # the helper has exited

    def _spawn(self) -> None:
        from . import profile
        from .libreoffice import FILTER_DATA
        from .soffice import find_uno_python, python_env

        try:
            self.seeded = profile.seed(self.profile, self.soffice)
            self._request = {
                "soffice": str(self.soffice),
                "profile": self.profile.resolve().as_uri(),
                "pipe": f"annualreport_{os.getpid()}_{uuid.uuid4().hex[:12]}",
                "timeout": self.start_timeout,
                "log": str(self.work / "office.log"),
                "filter_data": FILTER_DATA,
            }
            self._sockets = workfolder.office_sockets(self._request["pipe"], self._request["profile"])
            for socket in self._sockets:
                workfolder.remove_at_end(socket)
            if not IS_WINDOWS:
                # The office starts now, while the helper's Python is still starting and
                # importing uno (about 0.2 s saved); the helper connects to it.
                self._start_office_here()
            uno = find_uno_python(str(self.soffice))
            if uno is None:
                self._failure = "no Python that can use LibreOffice's UNO bridge was found"
                self._kill()
                self._lines.put(None)
                return
            exe, extra, _desc = uno
            request = dict(self._request, office_pid=self.office_proc.pid if self.office_proc is not None else None)
            (self.work / "request.json").write_text(json.dumps(request), encoding="utf-8")
            script = resources.files("annualreport.pdf").joinpath("uno_convert.py")
            with resources.as_file(script) as script_path:
                with open(self.work / "helper.log", "ab") as err:
                    with self._lock:
                        if self._closed:
                            return
                        self.proc = spawn_group(
                            [exe, str(script_path), "--serve", str(self.work / "request.json")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                            env=workfolder.child_env(python_env(exe, dict(extra)), tmp=self.tmp),
                            cwd=self.work,
                        )
        except Exception as exc:  # noqa: BLE001 - reported as "cannot use the warm office"
            self._failure = f"the LibreOffice helper could not be started: {exc}"
            self._lines.put(None)

    def _start_office_here(self) -> None:
        args = [
            str(self.soffice), "-env:UserInstallation=" + self._request["profile"], "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--nofirststartwizard",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % self._request["pipe"],
        ]
        with open(self.work / "office.log", "ab") as log:
            with self._lock:
                if self._closed:
                    return
                self.office_proc = spawn_group(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                               cwd=self.work, env=workfolder.child_env(tmp=self.tmp))
        # reap it when it ends, so the helper sees it gone (not a zombie)
        threading.Thread(target=self.office_proc.wait, name="annualreport-office-reaper", daemon=True).start()

    @property
    def alive(self) -> bool:
        return not self._closed and self._failure is None and (self.proc is None or self.proc.poll() is None)

    def close(self, wait: bool = True) -> None:
        """Stop the office and remove its profile. Idempotent. ``wait``: ask the office to
        stop and give it a moment first; else (its profile is thrown away anyway) end it at
        once. Either way the whole process group is killed at the end."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        proc = self.proc
        if proc is None:
            self._kill()  # an office started here, its helper never started
        if proc is not None:
            try:
                if wait and proc.poll() is None and proc.stdin is not None:
                    proc.stdin.write(b'{"op": "quit"}\n')
                    proc.stdin.flush()
                    proc.stdin.close()
            except (OSError, ValueError):
                pass
            if wait:
                try:
                    proc.wait(timeout=QUIT_GRACE)
                except subprocess.TimeoutExpired:
                    pass
            self._kill()
        if self._launcher is not None and self._launcher is not threading.current_thread():
            self._launcher.join(timeout=5)
        if self._ready is not None and not self.seeded:
            from . import profile

            profile.keep(self.profile, self.soffice)
        workfolder.remove_sockets(self._sockets)
        shutil.rmtree(self.work, ignore_errors=True)
        _LIVE.discard(self)

    def _kill(self) -> None:
        """End the office started here (its own process group; reaped by its own thread),
        then the helper and everything it started (the office launcher, soffice.bin)."""
        if self.office_proc is not None:
            end_group(self.office_proc, reap=None)
        if self.proc is not None:
            end_group(self.proc)

    def __enter__(self) -> "WarmOffice":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- talking to the helper -----------------------------------------------------------

    def _next(self, deadline: float) -> dict | None:
        """The helper's next message; None when it has exited. TimeoutError at the deadline."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        try:
            return self._lines.get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError from None

    def _await_ready(self, deadline: float) -> None:
        if self._ready is not None:
            return
        if self._failure is not None:
            raise OfficeUnavailable(self._failure)
        message = self._next(deadline)
        if message is None:
            if self._failure is None:
                from .soffice import forget_uno_python

                forget_uno_python(str(self.soffice))  # perhaps that Python cannot run the bridge
            self._failure = self._failure or "the LibreOffice helper stopped before the office was ready" + self._said()
            raise OfficeUnavailable(self._failure)
        if not message.get("ready"):
            self._failure = f"LibreOffice ({self.soffice}) did not start: {message.get('error', '')}" + self._said()
            if self.seeded:
                from . import profile

                profile.forget(self.soffice)  # perhaps the kept profile: the next office starts empty
            raise OfficeUnavailable(self._failure)
        self._ready = message
        self.office_pid = message.get("office_pid")
        #: seconds from creating this object to the office accepting work
        self.start_seconds = message["_at"] - self._created

    def _said(self) -> str:
        text = ""
        for name in ("office.log", "helper.log"):
            try:
                text += (self.work / name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                pass
        from .libreoffice import HARMLESS

        said = tail(text, drop=HARMLESS)
        return f"\nLibreOffice said:\n{said}" if said else ""

    def submit(self, jobs: list[PdfJob]) -> Pending:
        """Hand documents to the office (the private copies are made here, at once, so the
        caller may change or move its files afterwards); :meth:`wait` for the results."""
        from .libreoffice import make_private_copy

        if self._closed:
            raise OfficeUnavailable("the office was stopped")
        if self._failure is not None:
            raise OfficeUnavailable(self._failure)
        for job in jobs:
            if not Path(job.docx).is_file():
                raise PdfEngineError(Problem("the Word document to convert is missing", file=job.docx))
        self._next_id += 1
        number = self._next_id
        inputs, outputs = [], []
        for i, job in enumerate(jobs):
            stem = f"r{number}-{i + 1}"
            copy = self.work / "in" / f"{stem}.docx"
            make_private_copy(Path(job.docx), copy, job.title)
            inputs.append(copy)
            outputs.append(self.work / "out" / f"{stem}.pdf")
        request = {
            "id": number,
            "op": "convert",
            "jobs": [
                {"docx": str(src.resolve()), "pdf": str(out.resolve()), "title": job.title,
                 "source": str(job.docx)}
                for job, src, out in zip(jobs, inputs, outputs)
            ],
        }
        self.start()
        self._spawned.wait(timeout=60)  # the helper process exists once this returns
        proc = self.proc
        if proc is None or proc.stdin is None or proc.poll() is not None:
            self._failure = self._failure or "the LibreOffice helper is not running" + self._said()
            raise OfficeUnavailable(self._failure)
        try:
            proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except (OSError, ValueError):
            self._failure = "the LibreOffice helper stopped" + self._said()
            raise OfficeUnavailable(self._failure) from None
        return Pending(number, list(jobs), outputs)

    def wait(self, pending: Pending, timeout: float, limit: float | None = None) -> list[PdfResult]:
        """The results of :meth:`submit`, placed where the jobs asked for them. ``timeout``:
        the seconds left; ``limit``: the whole limit (``--timeout``), for the message."""
        if pending.result is not None:
            return pending.result
        deadline = time.monotonic() + timeout
        try:
            self._await_ready(deadline)
            while pending.id not in self._answers:
                message = self._next(deadline)
                if message is None:
                    self._failure = "the office stopped while converting" + self._said()
                    raise OfficeGone(self._failure)
                if "id" in message:
                    self._answers[message["id"]] = message
        except TimeoutError:
            log = self._said()
            self._failure = "timed out"
            self._kill()
            document = pending.jobs[0].docx if pending.jobs else None
            raise timed_out("LibreOffice", timeout if limit is None else limit, document, log,
                            starting=self._ready is None) from None
        answer = self._answers.pop(pending.id)
        if not answer.get("ok"):
            if answer.get("stage") == "office":
                self._failure = f"the office died: {answer.get('error', '')}"
                self._kill()
                raise OfficeGone(self._failure)
            index = len(answer.get("done", []))
            failed = pending.jobs[index].docx if index < len(pending.jobs) else None
            raise PdfEngineError(Problem(
                f"LibreOffice could not convert this document: {answer.get('error', '')}" + self._said(),
                file=failed,
                hint="check that the document opens in LibreOffice (run `soffice --headless "
                     "--convert-to pdf` on it); or use `--pdf-engine typst`",
            ))
        #: what the office said of each document: indexes filled, passes, seconds per step
        self.last_report = answer.get("jobs", [])
        results = []
        for job, out in zip(pending.jobs, pending.outputs):
            if not out.is_file() or out.stat().st_size == 0:
                raise PdfEngineError(Problem(
                    "LibreOffice did not produce the PDF" + self._said(), file=job.docx,
                    hint="check that the Word document opens in LibreOffice, or use `--pdf-engine typst`",
                ))
            place_pdf(out, Path(job.pdf))
            results.append(PdfResult(Path(job.pdf), self.name, fast_page_count(Path(job.pdf)), []))
        for copy in (self.work / "in").glob(f"r{pending.id}-*.docx"):
            copy.unlink(missing_ok=True)
        self.converted += len(results)
        pending.result = results
        return results

    def convert(self, jobs: list[PdfJob], timeout: float, limit: float | None = None) -> list[PdfResult]:
        if not jobs:
            return []
        return self.wait(self.submit(jobs), timeout, limit)

    def ping(self, timeout: float = 10.0) -> bool:
        """Whether the office is there and answering (False: start another)."""
        if not self.alive:
            return False
        deadline = time.monotonic() + timeout
        try:
            self._await_ready(deadline)
            self._next_id += 1
            number = self._next_id
            proc = self.proc
            if proc is None or proc.stdin is None:
                return False
            proc.stdin.write((json.dumps({"id": number, "op": "ping"}) + "\n").encode("utf-8"))
            proc.stdin.flush()
            while number not in self._answers:
                message = self._next(deadline)
                if message is None:
                    self._failure = "the office stopped"
                    return False
                if "id" in message:
                    self._answers[message["id"]] = message
            if self._answers.pop(number).get("ok"):
                return True
            self._failure = "the office stopped"
            return False
        except (OfficeUnavailable, TimeoutError, OSError, ValueError):
            self._failure = self._failure or "the office does not answer"
            return False

    def ready(self, timeout: float) -> bool:
        """Wait until the office accepts work; False if it cannot."""
        try:
            self._await_ready(time.monotonic() + timeout)
            return True
        except (OfficeUnavailable, TimeoutError):
            return False
