"""How long ``annualreport lint`` takes as a whole process, and does it stay linear?

    python benchmarks/lint_scaling.py [WORK] [--scales 1,10] [--runs 5]

Lints the sample project at the repository root, then projects that ``generate.py`` makes at
each scale (every evidence list and the sections multiplied by the scale), each in a process
of its own, exactly as a user runs it (``python -m annualreport lint 2024 --project DIR``).
The first run of each project is reported as cold (the Python files' bytecode already cached,
the disk cache as it comes); the median of the rest as warm. A lint with findings exits 1;
that is a result, not a failure here. Issue 9's goals: the sample under 1 s; ten times the
evidence within 11 times the time of one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, generate  # noqa: E402


def lint_times(project: Path, runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "annualreport", "lint", "2024", "--project", str(project)],
                              env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"lint of {project} failed ({done.returncode}):\n{done.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("work", type=Path, nargs="?")
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="annualreport-lint-"))
    projects = [("sample", ROOT)]
    for scale in (int(s) for s in args.scales.split(",")):
        project = work / f"x{scale}"
        if not (project / "evidence").is_dir():
            generate(project, scale)
        projects.append((f"x{scale}", project))
    print(f"{'project':>8} {'cold s':>8} {'warm s':>8} {'ratio to x' + args.scales.split(',')[0]:>14}")
    base = None
    for name, project in projects:
        times = lint_times(project, args.runs)
        warm = statistics.median(times[1:]) if len(times) > 1 else times[0]
        if name != "sample" and base is None:
            base = warm
        ratio = f"{warm / base:14.1f}" if base and name != "sample" else f"{'':>14}"
        print(f"{name:>8} {times[0]:8.2f} {warm:8.2f} {ratio}")


if __name__ == "__main__":
    main()
