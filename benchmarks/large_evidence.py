"""Does a large honest evidence file load (and lint) in time proportional to its size?

    python benchmarks/large_evidence.py [WORK] [--scales 10,100,1000] [--lint]

``generate.py`` makes a project whose training.yaml has 200 x SCALE courses (scale 10 is
about 0.6 MB, 1000 about 57 MB: the "50 MB honest evidence" of issue 8). Each project is
loaded in a process of its own (so that one's memory does not weigh on the next), and the
time (wall and CPU: on a shared machine the CPU time is the steadier), the peak memory and
the ratios to the smallest are printed. The projects are kept in WORK for the next run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, generate  # noqa: E402

ONE = """
import json, resource, sys, time
from pathlib import Path
from annualreport.project import load_project
started, cpu = time.perf_counter(), time.process_time()
loaded = load_project(Path(sys.argv[1]), 2024, announce=lambda text: print(text, file=sys.stderr))
load, load_cpu = time.perf_counter() - started, time.process_time() - cpu
lint = None
if sys.argv[2] == "lint":
    from annualreport.lint import lint_project
    started = time.perf_counter()
    lint_project(loaded)
    lint = time.perf_counter() - started
print(json.dumps({"load": load, "load_cpu": load_cpu, "lint": lint, "items": len(loaded.evidence.items),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(project: Path, lint: bool) -> dict:
    env = {"PYTHONPATH": str(ROOT / "src")}
    import os

    out = subprocess.run([sys.executable, "-c", ONE, str(project), "lint" if lint else "load"], env={**os.environ, **env},
                         capture_output=True, text=True, check=True)
    sys.stderr.write(out.stderr)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("work", type=Path, nargs="?")
    parser.add_argument("--scales", default="10,100,1000")
    parser.add_argument("--lint", action="store_true", help="lint each project too")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="annualreport-large-"))
    rows = []
    for scale in (int(s) for s in args.scales.split(",")):
        project = work / f"x{scale}"
        if not (project / "evidence").is_dir():  # generating the largest takes minutes: kept for the next run
            generate(project, scale, sections_scale=1)
        size = (project / "evidence" / "2024" / "training.yaml").stat().st_size
        result = measure(project, args.lint)
        rows.append((scale, size, result))
    base_scale, base_size, base = rows[0]
    print(f"{'scale':>6} {'training.yaml':>14} {'items':>8} {'load s':>8} {'ratio':>6} {'cpu s':>8} {'ratio':>6} {'lint s':>8} {'ratio':>6} {'peak MB':>8}   (size ratio)")
    for scale, size, r in rows:
        lint = f"{r['lint']:8.2f} {r['lint'] / base['lint']:6.1f}" if r["lint"] is not None else f"{'-':>8} {'-':>6}"
        print(f"{scale:>6} {size / 1024**2:11.1f} MB {r['items']:>8} {r['load']:8.2f} {r['load'] / base['load']:6.1f} {r['load_cpu']:8.2f} {r['load_cpu'] / base['load_cpu']:6.1f} {lint} {r['peak_mb']:8.0f}   ({size / base_size:.0f}x)")


if __name__ == "__main__":
    main()
