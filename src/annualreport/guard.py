"""The guard: a small process that outlives annualreport by a moment and cleans up after it.

This script is NOT imported by annualreport: ``workfolder`` runs it (``python -I -S
guard.py``) in a session of its own, with its stdin the read end of a pipe that only
annualreport holds. Whatever ends annualreport (its own exit, SIGTERM, SIGKILL, a broken
pipe, a crash), the pipe then reaches its end, and the guard:

1. kills every process that carries ``ANNUALREPORT_WORK=FOLDER`` in its environment (the
   office, its launcher and helpers, pandoc: they inherit it whatever they exec or however
   they detach), and every process group it was told of (where /proc cannot be read);
2. removes FOLDER (the run's own temporary folder: the office's profile and TMPDIR, pandoc's
   files) and the paths it was told of (the office's sockets in /tmp, a staging folder);
3. exits.

Lines it reads on stdin, each a command and an argument: ``folder FOLDER`` (first: the
run's folder), ``group PGID`` / ``ungroup PGID``
(a process group to kill at the end, or not any more), ``path PATH`` (a file or folder to
remove at the end). Standard library only, Python 3.8 syntax.
"""

import os
import shutil
import signal
import sys
import time

MARKER = "ANNUALREPORT_WORK"
KILL_FOR = 3.0  # seconds to keep looking for processes (one may be starting as we kill)


def marked(value):
    """Ids of live processes whose environment carries MARKER=value (Linux: /proc)."""
    needle = ("%s=%s" % (MARKER, value)).encode()
    found = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    me = os.getpid()
    for name in names:
        if not name.isdigit() or int(name) == me:
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as fh:
                environ = fh.read().split(b"\0")
        except OSError:
            continue
        if needle in environ:
            found.append(int(name))
    return found


def kill_all(folder, groups):
    for group in groups:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
    end = time.monotonic() + KILL_FOR
    while True:
        left = marked(folder)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if not left or time.monotonic() > end:
            return
        time.sleep(0.05)


def remove(path):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            for _ in range(5):  # a process killed a moment ago may still have been writing
                shutil.rmtree(path, ignore_errors=True)
                if not os.path.lexists(path):
                    return
                time.sleep(0.05)
        elif os.path.lexists(path):
            os.unlink(path)
    except OSError:
        pass


def main(argv):
    folder = None
    for name in ("SIGINT", "SIGHUP", "SIGTERM", "SIGPIPE"):
        # Ctrl-C and a closed terminal are for annualreport to handle; the guard waits for
        # annualreport to be gone whatever signal ended it.
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    groups, paths = set(), []
    stdin = sys.stdin.buffer
    while True:
        try:
            line = stdin.readline()
        except (OSError, ValueError):
            break
        if not line:
            break
        command, _, argument = line.decode("utf-8", "surrogateescape").rstrip("\n").partition(" ")
        try:
            if command == "folder" and argument:
                folder = argument
            elif command == "group":
                groups.add(int(argument))
            elif command == "ungroup":
                groups.discard(int(argument))
            elif command == "path" and argument:
                paths.append(argument)
        except ValueError:
            continue
    if folder is None:
        return 0  # told nothing: nothing to do
    kill_all(folder, groups)
    for path in paths:
        remove(path)
    remove(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
