"""How long a second `annualreport build 2024` takes when nothing changed (issue 10: <= 0.5 s).

    python benchmarks/up_to_date.py [--repeat 5] [--format docx,pdf] [--src OTHER_SRC]

Copies the sample project to a temporary folder, builds it once (unmeasured: this is the
build whose outputs are then up to date; with the default --format docx,pdf it needs
LibreOffice), then runs the same `python -m annualreport build 2024` --repeat times and
prints the median wall time of the WHOLE PROCESS (interpreter start, imports, the check,
output, exit). Warm: the .pyc files and the operating system's file cache are warm, as they
are for a user's second build. It then changes one section and times the build that follows
(once: what one change costs, for comparison). The machine is shared and noisy: run it when
it is quiet.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.5
PROJECT_FILES = ("annualreport.yaml", "evidence", "sections", "templates")


def timed(command: list[str], env: dict[str, str], expect: str | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0 or (expect is not None and expect not in done.stdout):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", default="docx,pdf")
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(args.src.resolve()))
    with tempfile.TemporaryDirectory(prefix="up-to-date-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for name in PROJECT_FILES:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
        command = [sys.executable, "-m", "annualreport", "build", "2024", "--project", str(project), "--format", args.format]
        first = timed(command, env)
        times = [timed(command, env, expect="is up to date") for _ in range(args.repeat)]
        section = project / "sections" / "2024" / "03-about.md"
        section.write_text(section.read_text(encoding="utf-8") + "\nWe thank everyone who took part.\n", encoding="utf-8")
        changed = timed(command, env)
    median = statistics.median(times)
    print(f"first build ({args.format}), cold caches:        {first:.2f} s")
    print(f"second build, nothing changed (median of {args.repeat}, warm, whole process): {median:.3f} s "
          f"[{', '.join(f'{t:.3f}' for t in times)}]  goal <= {GOAL} s: {'met' if median <= GOAL else 'NOT met'}")
    print(f"build after one section changed (once):  {changed:.2f} s")


if __name__ == "__main__":
    main()
