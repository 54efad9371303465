"""What a build may do to its output folder, and what it says when the OS refuses.

* OUTPUT/YEAR is replaced only when an earlier build made it (its ``manifest.json``, of
  that year), or when it is empty; anything else is the user's and stays.
* Staging folders (``.YEAR.new-*``, ``.YEAR.old-*``) are locked (``flock`` on the folder
  itself) by the build that made them for as long as it runs. A build sweeps the unlocked
  ones away (a killed build's), never a locked one (a build running at the same moment).
  Sweeps, the making of a staging folder and the swap into place are serialised by a lock
  on OUTPUT itself, so concurrent builds never take each other's folders.
* A folder that cannot be written (read-only, immutable, a full disk) becomes a located
  ``InputError``: which folder, what the OS said, how to mend it.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import shutil
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from annualreport.errors import InputError, Problem

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, so stale folders are left alone
    fcntl = None  # type: ignore[assignment]

MARKER = "manifest.json"
#: a manifest larger than this is not one a build wrote
MARKER_LIMIT = 16 * 1024 * 1024

FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
REFUSED = {errno.EROFS, errno.EACCES, errno.EPERM}


# -- locks ---------------------------------------------------------------------------------


def lock(folder: Path, wait: bool) -> int | None:
    """Lock ``folder`` (the lock lives as long as the returned descriptor, or the process).

    None when another process holds it (``wait=False``), or when locks cannot be had here
    (no ``fcntl``, a file system without them): the callers then assume it is in use.
    """
    if fcntl is None:
        return None
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(handle)
        return None
    return handle


def unlock(handle: int | None) -> None:
    if handle is not None:
        os.close(handle)


@contextmanager
def serialised(parent: Path) -> Iterator[None]:
    """Hold the lock of OUTPUT: one sweep, staging or swap at a time (quick steps only)."""
    handle = lock(parent, wait=True)
    try:
        yield
    finally:
        unlock(handle)


# -- the marker ----------------------------------------------------------------------------


def made_by_a_build(folder: Path) -> bool:
    """``folder`` holds the manifest of an earlier build of its year."""
    marker = folder / MARKER
    try:
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > MARKER_LIMIT:
            return False
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("year")) == folder.name


def check_replaceable(target: Path) -> None:
    """Refuse (located) to replace ``target`` unless it is missing, empty or an earlier build."""
    mend = ("move those files somewhere else (the folder must be empty or hold an earlier build), "
            "or set 'output:' in annualreport.yaml to another folder")
    if target.is_symlink():
        raise InputError(Problem(f"this is a link (to {os.readlink(target)}), not a folder an earlier build made, "
                                 "so the build does not replace it", target,
                                 hint="remove the link (what it points to stays), or set 'output:' in annualreport.yaml to another folder"))
    if not target.exists():
        return
    if not target.is_dir():
        raise InputError(Problem("this is a file, not a folder an earlier build made, so the build does not replace it",
                                 target, hint=mend.replace("those files", "it")))
    try:
        names = sorted(os.listdir(target))
    except OSError as exc:
        raise refused(exc, target, "reading") from None
    if not names or made_by_a_build(target):
        return
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    raise InputError(Problem(
        f"this folder holds files that no annualreport build made ({shown}; there is no {MARKER} of year "
        f"{target.name}), so the build does not replace it", target, hint=mend))


# -- stale staging -------------------------------------------------------------------------


def staging_prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}.new-", f".{target.name}.old-"


def sweep(target: Path) -> None:
    """Remove the staging folders of killed builds beside ``target`` (call it serialised).

    A ``.old-*`` folder with no ``target`` is a build killed between its two moves: it
    holds the earlier outputs, so it is put back, not removed.
    """
    new, old = staging_prefixes(target)
    try:
        entries = sorted(target.parent.iterdir())
    except OSError:
        return
    for path in entries:
        if not path.name.startswith((new, old)) or path.is_symlink() or not path.is_dir():
            continue
        handle = lock(path, wait=False)
        if handle is None:
            continue  # a build running now (or no locks here: leave it)
        try:
            if path.name.startswith(old) and not target.exists() and not target.is_symlink():
                path.rename(target)
            else:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass
        finally:
            unlock(handle)


# -- what the OS refused -------------------------------------------------------------------


def _within(name, folder: Path) -> bool:
    if not name:
        return False
    try:
        path = Path(os.fsdecode(name)).resolve()
        return path == folder or folder in path.parents
    except (OSError, RuntimeError, ValueError):
        return False


def let_go(exc: BaseException) -> None:
    """Drop now what the failed write still holds (a half-written zip and its open file),
    quietly: closing them flushes their buffers, which fails on a full disk again and would
    print a traceback when they are collected later."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda failed: None if isinstance(failed.exc_value, OSError) else hook(failed)
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def refused(exc: OSError, folder: Path, doing: str = "writing") -> InputError:
    """A located error for an OS refusal in ``folder``: what the OS said, how to mend it."""
    let_go(exc)
    said = exc.strerror or str(exc)
    named = Path(os.fsdecode(exc.filename)) if exc.filename else None
    if exc.errno in FULL:
        place = named.parent if named is not None and not _within(exc.filename, folder.resolve()) else folder
        return InputError(Problem(
            f"the disk is full: {said} (while {doing} {named or 'the outputs'})", place,
            hint=f"free some space on the disk that holds {place} (or raise your quota), "
                 "or set 'output:' in annualreport.yaml to a folder on another disk"))
    place = named or folder
    if exc.errno == errno.EROFS:
        hint = "mount the disk writable, or set 'output:' in annualreport.yaml to a folder you can write"
    else:
        hint = (f"make the folder writable (chmod u+w {place}; if 'lsattr -d {place}' shows an 'i', it is immutable: "
                f"chattr -i {place}), or set 'output:' in annualreport.yaml to a folder you can write")
    return InputError(Problem(f"the outputs cannot be written here: {said} (while {doing} them)", place, hint=hint))


def ours(exc: BaseException, folder: Path) -> bool:
    """``exc`` is the OS refusing a build's writing: a full disk (wherever), or a read-only or
    immutable file or folder in ``folder`` (OUTPUT)."""
    if not isinstance(exc, OSError) or exc.errno not in FULL | REFUSED:
        return False
    if exc.errno in FULL:
        return True
    folder = folder.resolve()
    return _within(exc.filename, folder) or _within(exc.filename2, folder)


def _unwritable(path: Path) -> OSError | None:
    """What the OS would say to a write in ``path`` (checked without writing), or None."""
    if os.access(path, os.W_OK):
        return None
    try:
        read_only = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        read_only = False
    code = errno.EROFS if read_only else errno.EACCES if os.geteuid() else errno.EPERM
    return OSError(code, os.strerror(code), str(path))


@contextmanager
def guarded(target: Path) -> Iterator[None]:
    """Around a whole build: refuse early a YEAR folder that is not ours or cannot be
    replaced, and turn the OS's refusals to write in OUTPUT (its caches included) into
    located errors."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        check_replaceable(target)
        for path in (parent, target):
            problem = _unwritable(path) if path.is_dir() else None
            if problem is not None:
                raise problem
        yield
    except OSError as exc:
        if ours(exc, parent):
            raise refused(exc, parent) from None
        raise
