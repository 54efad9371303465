"""A child process's life: started in a process group of its own (watched by the run's guard),
run with a time limit, and ended with everything it started, leaving nothing behind.

``run_group`` runs a program to its end (the cold LibreOffice); ``spawn_group`` and
``end_group`` start and end one that keeps running (the warm office and its helper).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

IS_WINDOWS = sys.platform.startswith("win")


@dataclass
class Finished:
    returncode: int | None  # None: killed because the time ran out
    timed_out: bool
    output: str  # stdout and stderr, merged


def kill_group(proc: subprocess.Popen) -> None:
    """End the child and everything it started (office launchers, soffice.bin)."""
    if IS_WINDOWS:
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        try:
            proc.kill()
        except OSError:
            pass
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_group(args: list[str], timeout: float, log: Path, env: dict[str, str] | None = None,
              cwd: Path | None = None) -> Finished:
    """Run ``args`` as the leader of a new process group; kill the group on timeout and,
    after a normal exit, kill whatever of the group is still alive (a lingering office)."""
    from .. import workfolder

    with open(log, "ab") as out:
        proc = spawn_group(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
    try:
        return _finish(proc, timeout, log)
    finally:
        if not IS_WINDOWS:
            workfolder.unwatch_group(proc.pid)


def spawn_group(args: list[str], **popen) -> subprocess.Popen:
    """Start ``args`` as the leader of a new process group, which the run's guard kills should
    this process be killed (``workfolder.watch_group``). ``popen``: Popen's other arguments."""
    from .. import workfolder

    if IS_WINDOWS:
        popen["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
    else:
        popen["start_new_session"] = True
    proc = subprocess.Popen(args, **popen)
    if not IS_WINDOWS:
        workfolder.watch_group(proc.pid)
    return proc


def end_group(proc: subprocess.Popen, reap: float | None = 10.0) -> None:
    """Kill ``proc``'s whole group, wait up to ``reap`` seconds for it (None: another thread
    reaps it), and stop watching the group."""
    from .. import workfolder

    kill_group(proc)
    if reap is not None:
        try:
            proc.wait(timeout=reap)
        except subprocess.TimeoutExpired:  # pragma: no cover - the kernel did not reap it
            pass
    if not IS_WINDOWS:
        workfolder.unwatch_group(proc.pid)


def _finish(proc: subprocess.Popen, timeout: float, log: Path) -> Finished:
    timed_out = False
    try:
        proc.wait(timeout=max(timeout, 0.1))
    except subprocess.TimeoutExpired:
        timed_out = True
    except BaseException:  # Ctrl-C: do not leave an office running
        kill_group(proc)
        proc.wait()
        raise
    # Kill stragglers after a normal exit too: a launcher may return while soffice.bin lives on.
    # (On Windows the child's id may already be reused once it has exited: kill only on timeout.)
    if timed_out or not IS_WINDOWS:
        kill_group(proc)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - the kernel did not reap it
        pass
    try:
        output = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        output = ""
    return Finished(None if timed_out else proc.returncode, timed_out, output)


def tail(text: str, lines: int = 12, drop: tuple[str, ...] = ()) -> str:
    """The last lines of a program's output, without known-harmless noise."""
    kept = [
        line.rstrip()
        for line in text.splitlines()
        if line.strip() and not any(d in line for d in drop)
    ]
    return "\n".join(kept[-lines:])
