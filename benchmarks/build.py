"""Time each stage of `annualreport build` for the sample and for a ~60-page project.

    python benchmarks/build.py [--engine libreoffice|typst|auto (pandoc: another name for typst)] [--repeat 3]

Prints the median time of each stage (load, check, content, pandoc, render, pdf) and the
page counts. The machine is noisy: compare ratios within one run, not times across runs.
The stages overlap (see ``builder``): ``docx`` is when the Word documents were written,
``pdf`` the wait for the PDFs after that (LibreOffice starts, and converts each document,
while the rest is still being written), ``total`` the whole build. For the speed goals and
their ratios, run ``benchmarks/speed.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import ROOT, generate  # noqa: E402

from annualreport.builder import build  # noqa: E402
from annualreport.project import load_project  # noqa: E402


def measure(project: Path, engine: str, repeat: int) -> tuple[dict[str, float], dict[str, int]]:
    runs: list[dict[str, float]] = []
    pages: dict[str, int] = {}
    for _ in range(repeat):
        start = time.perf_counter()
        loaded = load_project(project, 2024)
        load = time.perf_counter() - start
        result = build(loaded, ("docx", "pdf"), engine)
        total = time.perf_counter() - start
        runs.append({"load": load, **result.timings, "total": total})
        pages = {o.path.name: o.pages for o in result.outputs if o.pages}
    stages = {key: statistics.median(r.get(key, 0.0) for r in runs) for key in runs[0]}
    return stages, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="auto")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        from shutil import copy2, copytree

        sample.mkdir()
        copy2(ROOT / "annualreport.yaml", sample / "annualreport.yaml")
        for name in ("evidence", "sections", "templates"):
            copytree(ROOT / name, sample / name)
        large = generate(Path(tmp) / "large")
        for name, project in (("sample", sample), ("large (generated)", large)):
            stages, pages = measure(project, args.engine, args.repeat)
            print(f"{name}: median of {args.repeat} builds, engine {args.engine}")
            for stage, seconds in stages.items():
                print(f"  {stage:<8} {seconds:7.3f} s")
            for file, count in pages.items():
                print(f"  {file}: {count} pages")


if __name__ == "__main__":
    main()
