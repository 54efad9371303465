"""Is this tree slower than another? `annualreport build` of the sample, A and B interleaved.

    python benchmarks/compare.py OTHER_SRC [--repeat 7] [--format docx,pdf] [--cold]

OTHER_SRC is the `src` folder of another checkout (for example a `git worktree add
/tmp/base <commit>` of the commit before a change). Each round runs the whole CLI in a new
process, once with this tree's code and once with OTHER_SRC's (the order alternating), on
its own copy of the sample. Warm (the default): each copy has been built once, so caches
are as a second build finds them. `--cold`: the copy's build folder and caches are removed
before every run. Prints the median wall time of each and the ratio this/other. The machine
is noisy: only the ratio within one run means anything.
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
INPUTS = ("annualreport.yaml", "evidence", "sections", "templates")


def copy_sample(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in INPUTS:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


def build(src: Path, project: Path, formats: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "annualreport", "build", "2024", "--project", str(project),
                             "--format", formats, "--quiet"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"the build with {src} failed:\n{result.stdout}{result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("other_src", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--format", default="docx,pdf")
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args()
    trees = {"this": ROOT / "src", "other": args.other_src.resolve()}
    times: dict[str, list[float]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="annualreport-compare-") as work:
        projects = {name: copy_sample(Path(work) / name) for name in trees}
        for name, src in trees.items():  # the first build of each fills its caches
            build(src, projects[name], args.format)
        for round_ in range(args.repeat):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for name in order:
                if args.cold:
                    shutil.rmtree(projects[name] / "build", ignore_errors=True)
                times[name].append(build(trees[name], projects[name], args.format))
    state = "cold (no build folder, no caches)" if args.cold else "warm (caches as a second build finds them)"
    print(f"annualreport build 2024 --format {args.format}, sample, {state}, {args.repeat} rounds interleaved")
    for name, values in times.items():
        print(f"  {name:5s} {trees[name]}: median {statistics.median(values):.3f} s  (min {min(values):.3f}, max {max(values):.3f})")
    ratio = statistics.median(times["this"]) / statistics.median(times["other"])
    print(f"  ratio this/other: {ratio:.3f}")


if __name__ == "__main__":
    main()
