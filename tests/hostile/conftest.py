"""The harness of the hostile-input suite (issue 8).

Each case runs ``annualreport`` as a user does, in its own process, on a fresh copy of the
sample project, under a memory cap and a time limit, with a TMPDIR of its own. ``Hostile``
then checks the promises that hold whatever the input:

* no Python traceback on the screen, and the exit code the case expects;
* the inputs (annualreport.yaml, evidence, sections, templates) byte-identical;
* the earlier outputs in build/YEAR byte-identical after a failed build, and no staging
  folder left beside them;
* no process of the run left alive (an office included) within 5 s, and nothing left in
  its TMPDIR.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import PROJECT_FILES as INPUTS, copy_project  # noqa: E402  (tests/conftest.py)

#: address space each run may use (LibreOffice maps about 1.5 GB; a bomb goes far past 4)
MEMORY_CAP = int(os.environ.get("ANNUALREPORT_TEST_MEMORY_CAP", str(4 * 1024**3)))
#: seconds a run may take before the case fails (a hang is a failure, not a wait)
TIME_LIMIT = float(os.environ.get("ANNUALREPORT_TEST_TIME_LIMIT", "150"))


def digest(folder: Path, names=None) -> dict[str, str]:
    out: dict[str, str] = {}
    paths = [folder / n for n in names] if names else [folder]
    for path in paths:
        if path.is_file():
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and not p.is_symlink():
                    out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def processes_mentioning(text: str) -> list[str]:
    """Live processes whose command line or environment names ``text`` (our TMPDIR)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            environ = (proc / "environ").read_bytes().decode("utf-8", "replace")
            state = (proc / "stat").read_text().split()[2]
        except OSError:
            continue
        if state == "Z":
            continue
        if text in cmdline or text in environ:
            found.append(f"{proc.name}: {cmdline[:120]}")
    return found


def _limits():  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    os.setsid()


@dataclass
class Ran:
    code: int
    out: str
    seconds: float


class Hostile:
    """One fresh copy of the sample project and the runs of the CLI on it."""

    def __init__(self, base: Path):
        self.base = base
        self.project = copy_project(ROOT, base / "project")
        self.tmp = base / "tmp"
        self.tmp.mkdir()
        self._inputs = digest(self.project, INPUTS)
        #: variables the case adds to the run's environment (a stand-in soffice, a limit)
        self.extra_env: dict[str, str] = {}

    # ---- running -------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["TMPDIR"] = str(self.tmp)
        env["NO_COLOR"] = "1"
        env.pop("ANNUALREPORT_DEBUG", None)
        env.update(self.extra_env)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "annualreport", *[str(a) for a in args]]

    def run(self, *args: str, timeout: float = TIME_LIMIT, cwd: Path | None = None) -> Ran:
        started = time.monotonic()
        proc = subprocess.Popen(self.command(*args), cwd=cwd or self.project, env=self.env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=_limits)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"annualreport {' '.join(map(str, args))} ran past {timeout:.0f} s")
        return Ran(proc.returncode, out.decode("utf-8", "replace"), time.monotonic() - started)

    def start(self, *args: str) -> subprocess.Popen:
        """Start a run and return at once (to kill it part-way)."""
        return subprocess.Popen(self.command(*args), cwd=self.project, env=self.env(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, preexec_fn=_limits)

    def build(self, *args: str, **kw) -> Ran:
        return self.run("build", "2024", "--project", self.project, *args, **kw)

    def good_build(self, *args: str) -> dict[str, str]:
        """A build that works, so that a failed build has outputs to spare; their digests."""
        ran = self.build("--format", "docx", *args)
        assert ran.code == 0, ran.out
        return digest(self.project / "build" / "2024")

    # ---- the promises ----------------------------------------------------------------------

    def assert_no_traceback(self, ran: Ran) -> None:
        assert "Traceback" not in ran.out, ran.out
        assert "failed unexpectedly" not in ran.out, ran.out

    def assert_inputs_untouched(self, changed: tuple[str, ...] = ()) -> None:
        """The inputs are as they were (save those the case itself changed, by path prefix)."""
        now = digest(self.project, INPUTS)
        before = {k: v for k, v in self._inputs.items() if not k.startswith(changed or ("\0",))}
        now = {k: v for k, v in now.items() if not k.startswith(changed or ("\0",))}
        assert now == before, "an input was changed"

    def snapshot_inputs(self) -> None:
        """Take the inputs as they are now (after the case's own change) as the reference."""
        self._inputs = digest(self.project, INPUTS)

    def assert_nothing_left(self, within: float = 5.0) -> None:
        deadline = time.monotonic() + within
        left = processes_mentioning(str(self.tmp))
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = processes_mentioning(str(self.tmp))
        assert not left, f"processes outlived the run: {left}"
        stray = [p.name for p in self.tmp.iterdir()]
        assert not stray, f"left in TMPDIR: {stray}"
        build = self.project / "build"
        if build.is_dir():
            staging = [p.name for p in build.iterdir() if p.name.startswith((".2024.new-", ".2024.old-"))]
            assert not staging, f"staging folders left: {staging}"

    def assert_fails(self, ran: Ran, code: int = 2, *, says: str | None = None, file: str | None = None,
                     line: int | None = None, outputs: dict[str, str] | None = None, mend: bool = True) -> None:
        """A located failure: the exit code, the file (and line), what and how to mend;
        inputs untouched, earlier outputs byte-identical, nothing left behind."""
        import re

        self.assert_no_traceback(ran)
        assert ran.code == code, ran.out
        if file is not None:
            place = file + (f":{line}:" if line else "")
            assert place in ran.out, ran.out
        if says is not None:
            assert re.search(says, ran.out, re.I), ran.out
        if mend:
            assert "mend:" in ran.out, ran.out
        self.assert_inputs_untouched()
        if outputs is not None:
            assert digest(self.project / "build" / "2024") == outputs, "a failed build changed the earlier outputs"
        self.assert_nothing_left()


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    case = Hostile(tmp_path)
    yield case
    # whatever the case asserted, kill anything it left so that one failure does not spread
    for line in processes_mentioning(str(case.tmp)):
        try:
            os.kill(int(line.split(":")[0]), signal.SIGKILL)
        except OSError:
            pass


requires_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
