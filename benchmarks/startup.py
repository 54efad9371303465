"""How long `annualreport --version`, `--help` and a command's own `--help` take to start.

    python benchmarks/startup.py [--repeat 5] [--src OTHER_SRC]

Measures the WHOLE PROCESS (interpreter start, imports, output, exit), run the way users run
it: cold in that every run is a new process with nothing kept from the last; the cache of
.pyc files warm (one unmeasured run of each command first writes or refreshes them), as it is
for a user after the first run. Each is run --repeat times (5 by default) and the median wall
time is printed. The operating system's file cache is warm (nothing is dropped). The machine
is shared and noisy: run it when it is quiet, or compare with --src in the same minute.

Two ways of starting are measured: the console script (`annualreport`, as pip installs it,
from this venv: `bin/annualreport`, which imports annualreport.main and calls main()) and
`python -m annualreport`. PYTHONPATH is set to this tree's src (or OTHER_SRC), so that the
console script of an editable install runs this tree's code.

The goal (issue 10): `--version` and `--help` in 0.15 s or less (median of 5, this machine).
The check that does not depend on the machine is tests/test_startup.py (what is imported).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.15
COMMANDS = (["--version"], ["--help"], ["build", "--help"])


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the src folder whose code to run")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()))
    script = Path(sys.executable).with_name("annualreport")
    starts = {"python -m annualreport": [sys.executable, "-m", "annualreport"]}
    if script.is_file():
        starts = {"annualreport (console script)": [str(script)], **starts}
    print(f"whole process, cold (a new process each run), cache of pyc warm; median of {args.repeat}; code from {args.src}")
    for name, start in starts.items():
        for command in COMMANDS:
            full = start + command
            timed(full, env)  # writes the .pyc files; not counted
            times = [timed(full, env) for _ in range(args.repeat)]
            median = statistics.median(times)
            mark = "" if command[0] == "build" else ("  ok" if median <= GOAL else f"  over the goal of {GOAL} s")
            print(f"  {name} {' '.join(command):<14} {median:6.3f} s  (min {min(times):.3f}, max {max(times):.3f}){mark}")


if __name__ == "__main__":
    main()
