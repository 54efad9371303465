"""What long work (build, watch, import) is doing, told the way the output can show it.

* On a terminal: ``rich`` progress: a spinner on the step under way, a tick and its time on
  each step done, a red cross and "failed" on a step that failed, "stopped" on one that Ctrl-C
  stopped (in words as well as colour, for screen readers and NO_COLOR), a bar for work that
  can be counted (rows read, say).
* Not a terminal (a pipe, a log file, CI): one plain line per step, nothing that redraws.
* ``--quiet``: nothing but errors.

Everything goes to stderr, so stdout stays for what a command produces (``wrote ...``)::

    progress = Progress.for_command(quiet)
    with progress:
        progress.step("loading the 2024 evidence")
        ...
        with progress.task("reading rows", total=len(rows)) as task:
            for row in rows:
                task.advance()
        progress.note("note: the lint found 2 errors")

A ``Progress`` is also a plain ``say(text)`` callable: calling it starts a step.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import IO, Iterator

MODES = ("rich", "plain", "quiet")
#: how a step ended: the mark on a terminal (rich markup), and the word said after the step
OUTCOMES = {
    "done": ("[green]✓[/]", ""),
    "failed": ("[bold red]✗[/]", "failed"),
    "stopped": ("[yellow]■[/]", "stopped"),
}


def outcome_of(exc: BaseException | None) -> str:
    """How a step ended that ``exc`` ended (None: it ended well)."""
    if exc is None:
        return "done"
    return "stopped" if isinstance(exc, KeyboardInterrupt) else "failed"


def is_terminal(stream: IO | None) -> bool:
    if stream is None or os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Task:
    """Countable work: ``advance()`` as each piece is done."""

    def __init__(self, progress: "Progress", text: str, total: float | None):
        self.progress = progress
        self.text = text
        self.total = total
        self.completed = 0.0
        self._id = None

    def advance(self, amount: float = 1) -> None:
        self.completed += amount
        if self._id is not None and self.progress._rich is not None:
            self.progress._rich.update(self._id, advance=amount)

    def update(self, completed: float | None = None, total: float | None = None, text: str | None = None) -> None:
        if completed is not None:
            self.completed = completed
        if total is not None:
            self.total = total
        if text is not None:
            self.text = text
        if self._id is not None and self.progress._rich is not None:
            self.progress._rich.update(self._id, completed=self.completed, total=self.total, description=self.text)


class Progress:
    """A reporter of steps; ``mode`` is ``rich``, ``plain``, ``quiet`` or ``auto``."""

    def __init__(self, mode: str = "auto", stream: IO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            mode = "rich" if is_terminal(self.stream) else "plain"
        if mode not in MODES:
            raise ValueError(f"unknown progress mode {mode!r}")
        self.mode = mode
        self._rich = None
        self._console = None
        self._step_id = None
        self._step_text: str | None = None
        self._step_started = 0.0
        if mode == "rich":
            try:
                self._setup_rich()
            except ImportError:  # rich missing: plain lines do the job
                self.mode = "plain"

    @classmethod
    def for_command(cls, quiet: bool = False, stream: IO | None = None) -> "Progress":
        return cls("quiet" if quiet else "auto", stream)

    # -- rich ----------------------------------------------------------------------------

    def _setup_rich(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress as RichProgress, SpinnerColumn, TextColumn
        from rich.text import Text

        class _Mark(SpinnerColumn):
            def render(self, task):  # a finished step's mark says how it ended
                if task.finished:
                    return Text.from_markup(OUTCOMES[task.fields.get("outcome", "done")][0])
                return super().render(task)

        class _Bar(BarColumn):
            def render(self, task):  # a bar only for countable work
                if task.total is None or not task.fields.get("bar"):
                    return ""
                return super().render(task)

        class _Count(TextColumn):
            def render(self, task):
                if task.total is None or not task.fields.get("bar"):
                    return ""
                return f"{int(task.completed)}/{int(task.total)}"

        self._console = Console(file=self.stream, stderr=self.stream is sys.stderr, highlight=False)
        self._rich = RichProgress(
            _Mark(),
            TextColumn("{task.description}"),
            _Bar(bar_width=30),
            _Count(""),
            console=self._console,
            transient=False,
        )
        self._started = False

    def _live(self):
        if self._rich is not None and not self._started:
            self._rich.start()
            self._started = True
        return self._rich

    # -- steps ---------------------------------------------------------------------------

    def step(self, text: str) -> None:
        """A new step begins (the one before it is done)."""
        self.done()
        self._step_text = text
        self._step_started = time.perf_counter()
        if self.mode == "plain":
            self._line(text)
        elif self.mode == "rich":
            self._step_id = self._live().add_task(text, total=None)

    __call__ = step

    def done(self, text: str | None = None, outcome: str = "done") -> None:
        """The step under way is done (``text``: say so in other words); ``outcome``: "done",
        "failed" (a red cross) or "stopped" (by Ctrl-C), said in words too."""
        if self._step_text is None:
            return
        word = OUTCOMES[outcome][1]
        said = (text or self._step_text) + (f": {word}" if word else "")
        if self.mode == "rich" and self._step_id is not None:
            seconds = time.perf_counter() - self._step_started
            self._rich.update(self._step_id, description=f"{said} [dim]({seconds:.1f} s)[/]", total=1, completed=1, outcome=outcome)
            self._rich.stop_task(self._step_id)
        elif self.mode == "plain" and (text or word):
            self._line(said)
        self._step_id = None
        self._step_text = None

    def note(self, text: str) -> None:
        """A line of information (a warning the user should read, a result)."""
        if self.mode == "quiet":
            return
        if self.mode == "rich" and self._started:
            self._console.print(text, markup=False, highlight=False)
        else:
            self._line(text)

    def error(self, text: str) -> None:
        """Always shown, even with --quiet."""
        if self.mode == "rich" and self._started:
            self._console.print(text, markup=False, highlight=False, style="bold red")
        else:
            self._line(text)

    @contextmanager
    def task(self, text: str, total: float | None = None) -> Iterator[Task]:
        """Countable work with a bar (rich) or a line at start and end (plain)."""
        self.done()
        task = Task(self, text, total)
        started = time.perf_counter()
        if self.mode == "rich":
            task._id = self._live().add_task(text, total=total, bar=True)
        elif self.mode == "plain":
            self._line(text)
        outcome = "done"
        try:
            yield task
        except BaseException as exc:
            outcome = outcome_of(exc)
            raise
        finally:
            if self.mode == "rich" and task._id is not None:
                seconds = time.perf_counter() - started
                word = OUTCOMES[outcome][1]
                self._rich.update(task._id, description=f"{task.text}{f': {word}' if word else ''} [dim]({seconds:.1f} s)[/]",
                                  total=task.total or task.completed or 1,
                                  completed=task.total or task.completed or 1, outcome=outcome)
                self._rich.stop_task(task._id)

    def close(self, outcome: str = "done") -> None:
        """End the display (before a command prints its results); ``outcome``: how the step
        under way ended, if one is."""
        self.done(outcome=outcome)
        if self._rich is not None and self._started:
            self._rich.stop()
            self._started = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, kind, exc, trace) -> None:
        self.close(outcome_of(exc))

    def _line(self, text: str) -> None:
        try:
            print(text, file=self.stream, flush=True)
        except (OSError, ValueError):
            pass


def plain(quiet: bool = False) -> Progress:
    """A reporter that never redraws (for logs and tests)."""
    return Progress("quiet" if quiet else "plain")
