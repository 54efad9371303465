"""Issue 8, point 5: no process or file outlives the build.

A build (or a watch) is killed the ways CI cancellation, ``timeout``, a closed terminal and
Ctrl-C kill it, while LibreOffice is converting; within 5 s no process of the run is left
(the office included), its TMPDIR is empty, no staging folder is left, and the office's
sockets in /tmp (which LibreOffice puts there whatever TMPDIR says) are gone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


class Output:
    """What a started run says, read as it comes (so that the test can act on a line)."""

    def __init__(self, proc):
        self.proc = proc
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for raw in self.proc.stdout:
            self.lines.append(raw.decode("utf-8", "replace"))

    def wait_for(self, text: str, within: float = 90.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            if self.proc.poll() is not None and not self._thread.is_alive():
                break
            time.sleep(0.05)
        pytest.fail(f"the run never said {text!r}:\n{''.join(self.lines)}")

    def wait_for_count(self, text: str, count: int, within: float = 90.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if sum(text in line for line in self.lines) >= count:
                return
            time.sleep(0.05)
        pytest.fail(f"the run did not say {text!r} {count} times:\n{''.join(self.lines)}")

    @property
    def text(self) -> str:
        return "".join(self.lines)


def wait_for_office(tmp: Path, within: float = 60.0, proc: subprocess.Popen | None = None) -> list[list[str]]:
    """The command lines of the run's office, once it is up (``proc``: skip if the run ends first)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = offices(tmp)
        if any("--accept" in arg for args in found for arg in args):
            return found
        if proc is not None and proc.poll() is not None:
            pytest.skip("the run ended before its office was up (a very slow start): nothing to see stopped")
        time.sleep(0.05)
    pytest.fail("no office was started")


def offices(tmp: Path) -> list[list[str]]:
    """The command lines of the live soffice processes whose environment names ``tmp``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text().rsplit(") ", 1)[-1][:1]
        except (OSError, IndexError):
            continue
        if state != "Z" and str(tmp).encode() in environ and b"soffice" in args[0]:
            found.append([a.decode("utf-8", "replace") for a in args if a])
    return found


def sockets_of(cmdlines) -> list[Path]:
    """The sockets LibreOffice makes in /tmp for these offices: the --accept pipe and the
    single-instance pipe (named by an MD5 of the profile's URL, each byte in hex unpadded)."""
    found = []
    for args in cmdlines:
        for arg in args:
            if arg.startswith("--accept=pipe,name="):
                name = arg.split("name=", 1)[1].split(";", 1)[0]
                found += [Path(d) / f"OSL_PIPE_{os.geteuid()}_{name}" for d in ("/tmp", "/var/tmp")]
            if arg.startswith("-env:UserInstallation="):
                url = arg.split("=", 1)[1]
                digest = hashlib.md5(url.encode("utf-16-le")).digest()
                ident = "SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)
                found += [Path(d) / f"OSL_PIPE_{os.geteuid()}_{ident}" for d in ("/tmp", "/var/tmp")]
    return found


def assert_no_sockets(cmdlines) -> None:
    left = [str(p) for p in sockets_of(cmdlines) if os.path.lexists(p)]
    assert not left, f"the office's sockets were left: {left}"


def finish(proc, seconds: float = 30.0) -> None:
    try:
        proc.wait(timeout=seconds)
    except Exception:  # noqa: BLE001
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail("the killed run did not end")


def kill_and_check(hostile, proc, said, cmdlines, number, group, changed=()) -> None:
    """Send the signal (to the process, or to its whole group), then check that nothing of
    the run is left: no process, nothing in TMPDIR, no staging folder, no socket."""
    if group:
        os.killpg(proc.pid, number)
    else:
        proc.send_signal(number)
    finish(proc)
    assert "Traceback" not in said.text, said.text
    hostile.assert_nothing_left(within=5)
    assert_no_sockets(cmdlines)
    hostile.assert_inputs_untouched(changed=changed)


KILLS = {
    # `timeout` and most process managers: a signal to the process alone
    "SIGTERM to the process": (signal.SIGTERM, False),
    "SIGKILL to the process": (signal.SIGKILL, False),
    # CI cancellation: the whole process group (the run started its own session)
    "SIGTERM to the group": (signal.SIGTERM, True),
    "SIGKILL to the group": (signal.SIGKILL, True),
}


@pytest.mark.parametrize("kill", list(KILLS), ids=list(KILLS))
def test_a_build_killed_mid_pdf_leaves_nothing(hostile, kill):
    number, group = KILLS[kill]
    proc = hostile.start("build", "2024", "--project", hostile.project)
    said = Output(proc)
    cmdlines = wait_for_office(hostile.tmp)
    said.wait_for("making PDFs")
    time.sleep(0.3)  # the office is converting
    assert offices(hostile.tmp), "the office was gone before the kill"
    kill_and_check(hostile, proc, said, cmdlines, number, group)


def test_a_build_whose_output_pipe_breaks_leaves_nothing(hostile):
    proc = hostile.start("build", "2024", "--project", hostile.project)
    cmdlines = wait_for_office(hostile.tmp)
    proc.stdout.close()  # `annualreport build 2024 | head -0`: its next line meets a broken pipe
    finish(proc, 120)
    hostile.assert_nothing_left(within=5)
    assert_no_sockets(cmdlines)


def test_a_normal_pdf_build_leaves_nothing(hostile):
    proc = hostile.start("build", "2024", "--project", hostile.project)
    said = Output(proc)
    cmdlines = wait_for_office(hostile.tmp)
    finish(proc, 150)
    assert proc.returncode == 0, said.text
    assert "annual-report-2024-25.pdf" in said.text
    hostile.assert_nothing_left(within=5)
    assert_no_sockets(cmdlines)


def test_a_failed_build_stops_the_early_office(hostile):
    """build starts the office before its imports; the YAML is then found broken. The broken
    line comes after a long honest list, so that the office is up before the error is found."""
    path = hostile.project / "annualreport.yaml"
    filler = "\nnotes:\n" + "  - a line of notes kept for the record\n" * 200_000
    path.write_text(path.read_text(encoding="utf-8") + filler + "  - [unclosed\n", encoding="utf-8")
    hostile.snapshot_inputs()
    proc = hostile.start("build", "2024", "--project", hostile.project)
    said = Output(proc)
    cmdlines = wait_for_office(hostile.tmp, proc=proc)
    finish(proc, 60)
    assert proc.returncode == 2, said.text
    assert "annualreport.yaml" in said.text, said.text
    hostile.assert_nothing_left(within=5)
    assert_no_sockets(cmdlines)


WATCH_KILLS = {
    "Ctrl-C": (signal.SIGINT, True),  # the terminal signals the foreground process group
    "SIGTERM": (signal.SIGTERM, False),
    "SIGKILL": (signal.SIGKILL, False),
}


@pytest.mark.parametrize("kill", list(WATCH_KILLS), ids=list(WATCH_KILLS))
def test_a_watch_stopped_leaves_nothing(hostile, kill):
    number, group = WATCH_KILLS[kill]
    proc = hostile.start("watch", "2024", "--project", hostile.project, "--interval", "0.2")
    said = Output(proc)
    cmdlines = wait_for_office(hostile.tmp)
    said.wait_for("PDF ready")
    section = hostile.project / "sections/2024/01-foreword.md"  # a change: the watch rebuilds
    section.write_text(section.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    said.wait_for_count("DOCX ready", 2)  # ... and the office is converting the new yearly report
    kill_and_check(hostile, proc, said, cmdlines, number, group, changed=("sections/2024/01-foreword.md",))


def test_a_pdf_past_its_time_limit_names_the_document_and_the_limit(hostile):
    """Issue 8, point 8: the message said the moments left when the wait began, and no file.
    A stand-in soffice that never answers makes the limit run out whatever the machine's speed."""
    fake = hostile.base / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\nsleep 600\n", encoding="utf-8")
    fake.chmod(0o755)
    hostile.extra_env["ANNUALREPORT_SOFFICE"] = str(fake)
    ran = hostile.build("--pdf-engine", "libreoffice", "--timeout", "3")
    hostile.assert_fails(ran, 2, says=r"[\w-]+-2024-25\.docx,? when the time limit of 3 s \(--timeout\) ran out")
    assert "--timeout 60" in ran.out, ran.out  # the mend: a limit to try
