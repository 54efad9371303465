"""What annualreport writes into a project gets the mode the user's umask gives, as any
program's files do: on a shared drive, the colleagues the umask lets in can open the outputs.

``tempfile.mkstemp`` and ``mkdtemp`` make a file 0600 and a folder 0700, whatever the umask:
right for the run's own temporary files, wrong for anything that ends up in the project (the
staging folder that becomes build/YEAR, an output, a cache entry, an evidence file the import
writes). Those are given what a plain ``open`` or ``mkdir`` would give them: 0666 or 0777 less
the umask. ``new_folder`` makes a folder with ``mkdir`` itself, so that a shared drive's
default ACL applies to it as to any other folder made there.

Only the standard library: the up-to-date check uses it before anything heavy is imported.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_lock = threading.Lock()


def umask() -> int:
    """The process's umask, read without leaving it changed."""
    try:  # Linux says it; os.umask would set it, for every thread, while it is read
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _lock:  # elsewhere: the most private mask for the moment it is read
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode of a new file: 0666 less the umask (0644 under the usual 022)."""
    return 0o666 & ~umask()


def folder_mode() -> int:
    """The mode of a new folder: 0777 less the umask (0755 under the usual 022)."""
    return 0o777 & ~umask()


def shared(path: Path | str) -> None:
    """Give a file that ``mkstemp`` made private the mode a new file gets."""
    os.chmod(path, file_mode())


def new_folder(parent: Path, prefix: str) -> Path:
    """A new folder in ``parent``, named ``prefix`` and random letters (as ``mkdtemp``
    names it), with the mode ``mkdir`` gives a new folder there."""
    for _ in range(100):
        path = parent / f"{prefix}{os.urandom(4).hex()}"
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free name for a new folder in {parent}")
