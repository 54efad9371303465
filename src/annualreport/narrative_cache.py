"""The narrative's Word form, made by pandoc only for the parts whose Markdown changed.

pandoc is the slowest step before the PDF (about 0.8 s for a 60-page report, most of it
reading the big generated tables). Its result for one part depends only on that part's
Markdown, the Word template it takes its styles from, the pictures the part shows and
pandoc itself; so each part's result is kept in ``build/.cache/pandoc`` under a hash of
exactly those, and a build runs pandoc only for the parts whose hash is new: none when
nothing changed, one after a change to one section.

The parts pandoc must make are converted together in one process (one process for many
parts is much faster than one each), or, when there is much to convert and more than one
processor, in two processes side by side. Each process writes one DOCX holding its parts
between marker paragraphs, as ``render.pandoc`` does for the whole narrative; the cache's
index says which file holds which part. The yearly report is then composed from one or more
of these files (``Composer`` per file).

What a reader sees is the same as with one pandoc run for everything, except in two cases
that never occur in a well-formed project: a footnote label defined in two parts (each part
now uses its own definition; one run used the first), and a link to a heading's
automatic id that another part also uses (ids are now unique per part, not per report).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import docx

from annualreport import workfolder
from annualreport.cache_store import FileStore, key as _digest
from annualreport.content.covering import PART_MARKER
from annualreport.errors import InputError, Problem
from annualreport.file_modes import shared
from annualreport.render.compose import split_parts
from annualreport.render.pandoc import MARKDOWN, kill_group, limit_problem, limited, out_of_memory, pandoc_path, seconds
from annualreport.render.pandoc_guard import filter_arguments, refusal

#: change when the way parts are converted changes: old entries are then never used
FORMAT = "2"
#: below this much Markdown to convert, one pandoc process (two would cost more to start)
SPLIT_ABOVE = 40_000
INDEX = "index.json"
#: what pandoc's kept files may take before the least recently used go
LIMIT = 256 * 1024 * 1024

IMAGE_TARGET = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(?:<([^>]+)>|([^)\s]+))")
IMAGE_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?([^>\s]+)>?", re.M)
IMAGE_NAME = re.compile(r"(?<![\w./\\~-])[\w./\\~-]+\.(?:png|jpe?g|gif|svg|emf|wmf|tiff?|bmp|webp)\b", re.I)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@dataclass
class Narrative:
    """Where each part's body is: ``name -> (document, body elements)``."""

    pieces: dict[str, tuple[docx.document.Document, list]]
    #: the source documents in the order their parts first appear
    sources: list[docx.document.Document]
    #: how many parts pandoc converted in this build (0: all came from the cache)
    converted: int = 0
    processes: int = 0


@dataclass
class _Run:
    names: list[str]
    out: Path
    process: subprocess.Popen
    source: str
    thread: threading.Thread | None = None
    stderr: bytes = b""
    #: when pandoc must be done (time.monotonic()); past it, its process group is killed
    deadline: float = 0.0


@dataclass
class NarrativeJob:
    """pandoc at work on the parts the cache lacks; :meth:`wait` for the narrative."""

    cache: "NarrativeCache"
    keys: dict[str, str]
    hits: dict[str, str]
    runs: list[_Run] = field(default_factory=list)
    done: Narrative | None = None

    def wait(self) -> Narrative:
        if self.done is None:
            try:
                self.done = self.cache._finish(self)
            finally:
                self.cancel()
        return self.done

    def cancel(self) -> None:
        """Stop any pandoc still running (the build failed or was stopped)."""
        for run in self.runs:
            if run.process.poll() is None:
                kill_group(run.process)


class NarrativeCache:
    """Per-part pandoc results for one reference document (the yearly report template)."""

    def __init__(self, folder: Path | None, reference_doc: Path, resource_path: list[Path], vetted=None,
                 reference_digest: str | None = None, fresh: bool = False):
        self._temporary = None
        if folder is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="pandoc-", dir=workfolder.folder())
            folder = Path(self._temporary.name)
        self.folder = Path(folder)
        #: pandoc's files, each checked whole before it is used (``cache_store``)
        self._store = FileStore(self.folder, ".docx", limit=LIMIT, fresh=fresh)
        self.reference_doc = Path(reference_doc)
        self.resource_path = [Path(p) for p in resource_path]
        self._base: str | None = None
        #: the reference document's sha256, when the caller has read it already
        self._reference_digest = reference_digest
        #: pandoc's new files wait here until the build that made them succeeds (a failed
        #: build changes nothing under build/)
        self._new = workfolder.mkdtemp("pandoc-new-")
        self._commit: tuple[dict[str, str], dict[str, Path]] | None = None
        #: what ``render.narrative_links`` let through; pandoc's filter refuses anything else
        self.vetted = vetted
        self._guard = filter_arguments(self._new, vetted)

    # -- keys ----------------------------------------------------------------------------

    def _base_key(self) -> str:
        if self._base is None:
            pandoc = pandoc_path()
            try:
                stat = os.stat(pandoc)
                identity = f"{pandoc}:{stat.st_size}:{stat.st_mtime_ns}"
            except OSError:
                identity = pandoc
            self._base = _digest(
                FORMAT, identity, MARKDOWN, self._reference_digest or _file_digest(self.reference_doc),
                os.pathsep.join(str(p) for p in self.resource_path),
            )
        return self._base

    def _pictures(self, markdown: str) -> list[str]:
        names = {a or b for a, b in IMAGE_TARGET.findall(markdown)}
        names |= set(IMAGE_REFERENCE.findall(markdown)) | set(IMAGE_NAME.findall(markdown))
        found = []
        for name in sorted(n for n in names if n and "://" not in n):
            path = Path(name)
            candidates = [path] if path.is_absolute() else [folder / path for folder in self.resource_path]
            digest = next((_file_digest(c) for c in candidates if c.is_file()), "missing")
            found.append(f"{name}={digest}")
        return found

    def key(self, name: str, markdown: str) -> str:
        return _digest(self._base_key(), name, markdown, *self._pictures(markdown))

    # -- the index -----------------------------------------------------------------------

    def _index(self) -> dict[str, str]:
        try:
            data = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save_index(self, entries: dict[str, str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".index.", dir=self.folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(entries, out, indent=0, sort_keys=True)
        shared(tmp)
        os.replace(tmp, self.folder / INDEX)

    # -- converting ----------------------------------------------------------------------

    def start(self, parts: dict[str, str], use_cache: bool = True) -> NarrativeJob:
        """Start pandoc on the parts the cache lacks and return at once."""
        wanted = {name: text for name, text in parts.items() if text.strip()}
        keys = {name: self.key(name, text) for name, text in wanted.items()}
        index = self._index() if use_cache and not self._store.fresh else {}
        whole: dict[str, bool] = {}

        def kept(file_name: str) -> bool:
            if file_name not in whole:
                whole[file_name] = file_name.endswith(".docx") and self._store.get(file_name[: -len(".docx")]) is not None
            return whole[file_name]

        hits = {name: index[k] for name, k in keys.items() if k in index and kept(index[k])}
        self._commit = None
        misses = [name for name in wanted if name not in hits]
        job = NarrativeJob(self, keys, hits)
        for group in self._groups(misses, wanted):
            job.runs.append(self._launch(group, wanted, keys))
        return job

    def _groups(self, misses: list[str], parts: dict[str, str]) -> list[list[str]]:
        if not misses:
            return []
        total = sum(len(parts[n]) for n in misses)
        if total < SPLIT_ABOVE or len(misses) < 2 or (os.cpu_count() or 1) < 2:
            return [misses]
        # two groups of about equal size, each in report order
        sizes = {"a": 0, "b": 0}
        owner = {}
        for name in sorted(misses, key=lambda n: -len(parts[n])):
            side = "a" if sizes["a"] <= sizes["b"] else "b"
            owner[name] = side
            sizes[side] += len(parts[name])
        return [[n for n in misses if owner[n] == side] for side in ("a", "b")]

    def _launch(self, names: list[str], parts: dict[str, str], keys: dict[str, str]) -> _Run:
        source = "\n\n".join(f"{PART_MARKER}{name}\n\n{parts[name].strip()}\n" for name in names)
        file_name = _digest(*(keys[n] for n in names))[:32] + ".docx"
        out = self._new / file_name
        command = limited([
            pandoc_path(), "--from", MARKDOWN, "--to", "docx",
            "--reference-doc", str(self.reference_doc),
            "--resource-path", os.pathsep.join(str(p) for p in self.resource_path),
            "--output", str(out), *self._guard,
        ])
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env=workfolder.child_env(), start_new_session=True)
        run = _Run(names, out, process, file_name, deadline=time.monotonic() + seconds())
        # pandoc reads its input while this process goes on (lint, the covering reports)
        data = source.encode("utf-8")

        def talk() -> None:
            try:
                run.stderr = process.communicate(data)[1] or b""
            except (OSError, ValueError):
                pass

        run.thread = threading.Thread(target=talk, name="annualreport-pandoc", daemon=True)
        run.thread.start()
        return run

    def _finish(self, job: NarrativeJob) -> Narrative:
        made: dict[str, str] = {}
        for run in job.runs:
            if run.thread is not None:
                run.thread.join(max(run.deadline - time.monotonic(), 0))
            try:
                run.process.wait(max(run.deadline - time.monotonic(), 0))
            except subprocess.TimeoutExpired:
                kill_group(run.process)
                run.out.unlink(missing_ok=True)
                raise limit_problem("time", self._files(run.names), self.resource_path[-1]) from None
            if out_of_memory(run.process.returncode, run.stderr):
                run.out.unlink(missing_ok=True)
                raise limit_problem("memory", self._files(run.names), self.resource_path[-1])
            if run.process.returncode != 0:
                message = run.stderr.decode("utf-8", "replace").strip().splitlines()
                run.out.unlink(missing_ok=True)
                refused = refusal(run.stderr, self.vetted)
                if refused is not None:
                    raise refused
                raise InputError(Problem(
                    "pandoc could not convert the narrative: " + (message[0] if message else f"exit {run.process.returncode}"),
                    hint="check the Markdown in sections/ (an image path that does not exist is a common cause)",
                ))
            for name in run.names:
                made[name] = run.source
        where = {**job.hits, **made}
        opened: dict[str, tuple[docx.document.Document, dict]] = {}
        pieces: dict[str, tuple[docx.document.Document, list]] = {}
        sources: list[docx.document.Document] = []
        for name in job.keys:
            file_name = where[name]
            if file_name not in opened:
                path = self._new / file_name if name in made else self.folder / file_name
                try:
                    document = docx.Document(str(path))
                    split = split_parts(document, PART_MARKER)
                except Exception:  # a cache file gone bad or removed meanwhile: make it again
                    return self._again(job)
                opened[file_name] = (document, split)
                sources.append(document)
            document, split = opened[file_name]
            if name not in split:
                return self._again(job)
            pieces[name] = (document, split[name])
        index = {job.keys[name]: where[name] for name in job.keys}
        self._commit = (index, {run.source: run.out for run in job.runs})
        return Narrative(pieces, sources, converted=len(made), processes=len(job.runs))

    def _files(self, names: list[str]) -> list[Path]:
        """The section files whose parts are ``names`` (to say where pandoc got stuck)."""
        from annualreport.errors import AnnualReportError
        from annualreport.narrative import load_section

        folder = self.resource_path[0] if self.resource_path else None
        files = []
        for path in sorted(folder.glob("*.md")) if folder is not None and folder.is_dir() else []:
            try:
                if load_section(path).part in names:
                    files.append(path)
            except (AnnualReportError, OSError):
                continue
        return files

    def commit(self) -> None:
        """The build succeeded: keep what it used in the cache, and drop the rest (the
        cache holds one report's parts)."""
        if self._commit is None:
            return
        index, new = self._commit
        self._commit = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, path in new.items():
                if path.is_file():
                    self._store.put(name[: -len(".docx")], path)
                    path.unlink(missing_ok=True)
            if index != self._index():
                self._save_index(index)
            used = set(index.values())
            for path in self.folder.glob("*.docx"):
                if path.name not in used:
                    self._store.forget(path.stem)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def close(self) -> None:
        import shutil

        shutil.rmtree(self._new, ignore_errors=True)
        if self._temporary is not None:
            self._temporary.cleanup()

    def _again(self, job: NarrativeJob) -> Narrative:
        """Convert everything afresh (a cache file could not be read)."""
        raise _Retry(list(job.keys))


class _Retry(Exception):
    def __init__(self, names):
        super().__init__("retry")
        self.names = names


def narrative(cache: NarrativeCache, parts: dict[str, str]) -> Narrative:
    """Convert (or fetch) every part at once; blocking."""
    return start(cache, parts).wait()


def start(cache: NarrativeCache, parts: dict[str, str]) -> "_Started":
    return _Started(cache, parts)


class _Started:
    """A :class:`NarrativeJob` that converts everything again if the cache proves unreadable."""

    def __init__(self, cache: NarrativeCache, parts: dict[str, str]):
        self.cache = cache
        self.parts = parts
        self.job = cache.start(parts)

    def wait(self) -> Narrative:
        try:
            return self.job.wait()
        except _Retry:
            self.job = self.cache.start(self.parts, use_cache=False)
            return self.job.wait()

    def cancel(self) -> None:
        self.job.cancel()
