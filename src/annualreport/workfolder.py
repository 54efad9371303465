"""annualreport's own temporary folder, and the guard that removes it whatever ends us.

Every temporary file or folder of a run (the offices' profiles and their TMPDIR, where
LibreOffice puts its ``lu*.tmp``; pandoc's files) goes in one folder of the process's own,
``$TMPDIR/annualreport-<pid>-<random>``. It is removed at exit, on SIGTERM (``termination``)
and, should this process be killed outright (SIGKILL, a broken pipe), by the guard
(``guard.py``): a small process started with the folder, that waits on a pipe only this
process holds, then kills what the run started and removes the folder.

Processes the run starts carry ``ANNUALREPORT_WORK=<folder>`` in their environment
(:func:`child_env`): however they detach or re-exec (soffice -> oosplash -> soffice.bin),
the guard finds them by it.

On Windows there is no guard (no fork, no /proc): the folder is removed at exit.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

MARKER = "ANNUALREPORT_WORK"
IS_WINDOWS = sys.platform.startswith("win")

_lock = threading.RLock()
_folder: Path | None = None
_owner: int | None = None  # the process that made the folder (a fork must not remove it)
_guard: subprocess.Popen | None = None
_to_guard = None  # the write end of the guard's pipe
_groups: set[int] = set()
_paths: list[str] = []


def folder() -> Path:
    """The run's own temporary folder (made, and its guard started, on first use)."""
    global _folder, _owner
    with _lock:
        if _folder is not None and _owner == os.getpid():
            if _folder.is_dir() and _folder.parent == Path(tempfile.gettempdir()):
                return _folder
            cleanup()  # removed under us, or TMPDIR changed (tests): start afresh
        made = Path(tempfile.mkdtemp(prefix=f"annualreport-{os.getpid()}-"))
        _folder, _owner = made, os.getpid()
        _groups.clear()
        _paths.clear()
        _start_guard(made)
        return made


def mkdtemp(prefix: str) -> Path:
    """A new folder inside the run's own temporary folder."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=folder()))


def child_env(env: dict[str, str] | None = None, tmp: Path | None = None) -> dict[str, str]:
    """``env`` (or this process's environment) marked as the run's, so that the guard finds
    the process and whatever it starts; ``tmp``: the TMPDIR it is to use (an office's own)."""
    out = dict(os.environ if env is None else env)
    out[MARKER] = str(folder())
    if tmp is not None:
        out["TMPDIR"] = out["TMP"] = out["TEMP"] = str(tmp)
    return out


def watch_group(pgid: int) -> None:
    """Kill this process group if the run ends before :func:`unwatch_group`."""
    with _lock:
        _groups.add(pgid)
        _tell(f"group {pgid}")


def unwatch_group(pgid: int) -> None:
    with _lock:
        _groups.discard(pgid)
        _tell(f"ungroup {pgid}")


def remove_at_end(path: Path | str) -> None:
    """Remove ``path`` (a file or folder outside the run's folder) when the run ends, even
    killed, if it is still there then."""
    with _lock:
        _paths.append(str(path))
        _tell(f"path {path}")


def office_sockets(pipe: str | None, profile_url: str | None) -> list[Path]:
    """The sockets an office makes, which LibreOffice puts in /tmp (or /var/tmp) whatever
    TMPDIR says and leaves there when it is killed: the ``--accept`` pipe, and the
    single-instance pipe named by an MD5 of the profile's URL (UTF-16, each byte in hex)."""
    if IS_WINDOWS:
        return []
    names = []
    if pipe:
        names.append(pipe)
    if profile_url:
        digest = hashlib.md5(profile_url.encode("utf-16-le")).digest()
        names.append("SingleOfficeIPC_" + "".join(format(b, "x") for b in digest))
    ident = os.geteuid()
    return [Path(d) / f"OSL_PIPE_{ident}_{name}" for d in ("/tmp", "/var/tmp") for name in names]


def remove_sockets(paths: list[Path]) -> None:
    """Remove sockets (only sockets) an office left; call once the office is dead."""
    import stat

    for path in paths:
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass


def cleanup() -> None:
    """Kill the process groups still watched, remove the folder and the paths, and let the
    guard go. Idempotent; safe to call from a signal's aftermath."""
    global _folder, _guard, _to_guard
    with _lock:
        if _folder is None or _owner != os.getpid():
            return
        for group in list(_groups):
            _killpg(group)
        _groups.clear()
        for path in _paths:
            _remove(Path(path))
        _paths.clear()
        shutil.rmtree(_folder, ignore_errors=True)
        _folder = None
        pipe, _to_guard = _to_guard, None
        guard, _guard = _guard, None
    if pipe is not None:
        try:
            pipe.close()  # the guard sees the end, finds nothing left, and exits
        except OSError:
            pass
    if guard is not None:
        threading.Thread(target=guard.wait, daemon=True).start()  # reap it, never block


atexit.register(cleanup)


# -- the guard ---------------------------------------------------------------------------

def _start_guard(made: Path) -> None:
    global _guard, _to_guard
    if IS_WINDOWS:
        return
    script = Path(__file__).with_name("guard.py")
    read, write = os.pipe()  # both ends close-on-exec: no other child inherits the write end
    try:
        _guard = subprocess.Popen(
            [sys.executable, "-I", "-S", str(script)],
            stdin=read, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd="/", start_new_session=True, env=_guard_env(made),
        )
    except OSError:
        os.close(write)
        _guard = None
        return
    finally:
        os.close(read)
    _to_guard = os.fdopen(write, "w", buffering=1, encoding="utf-8", errors="surrogateescape")
    _tell(f"folder {made}")  # not on its command line: a search for our folder finds offices


def _guard_env(made: Path) -> dict[str, str]:
    # not marked: a guard of an outer run must not take this guard for one of its own
    return {k: v for k, v in os.environ.items() if k != MARKER}


def _tell(line: str) -> None:
    if _to_guard is None:
        return
    try:
        _to_guard.write(line + "\n")
    except (OSError, ValueError):
        pass


def _killpg(group: int) -> None:
    if IS_WINDOWS:
        return
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
