"""The speed goals, each measured as a ratio within one run (the machine is too noisy for
absolute times to mean much from one run to the next).

    python benchmarks/speed.py [--repeat 3] [--only sample|large|linearity] [--skip-linearity] [--build-only]

For the sample and for a generated large project (``generate.py``: 20 sections, 200
training rows, 14 charts):

1. build: the whole ``annualreport build`` (a new process, lint, both documents, DOCX and
   PDF) against the bare LibreOffice conversion of its own output files (``soffice
   --headless --convert-to pdf`` of the three DOCX in one call, a profile LibreOffice has
   used before). Goal: at most 1.25x, both warm (the charts, pandoc's parts and the covering
   reports as a second build finds them; the PDFs made again) and cold (no ``build/`` folder
   at all: a new user's first build, every chart drawn). Python's bytecode is written and
   used, as an installed package has it (``PYTHONDONTWRITEBYTECODE`` is dropped for the
   builds: without it every build compiles annualreport's sources again, about 0.2 s).
2. DOCX stage of the large project: load, pandoc, render, save (``build --format docx``
   without the lint and the output checks), with pandoc's cache as a second build finds it,
   and with no cache. Goal: under 0.5 s.
3. watch, after a change to one section: the DOCX (goal 0.5 s), the covering reports' PDFs
   (unconverted when unchanged; when changed, each within 0.3 s on the warm office), and
   the yearly report's PDF on the warm office against a cold soffice conversion of the same
   file (goal: at most 0.75x).
4. lint and load, ten times the evidence against the large project's (same sections): goal
   at most 11x the time (fastest of the repeats: these are short and CPU-bound, so the
   fastest run is the one least disturbed by the rest of the machine).

Prints the raw times (medians) and a summary of the four ratios against their goals.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import ROOT, generate  # noqa: E402

from annualreport.builder import build  # noqa: E402
from annualreport.lint import lint_project  # noqa: E402
from annualreport.pdf import PdfJob  # noqa: E402
from annualreport.pdf.soffice import find_soffice  # noqa: E402
from annualreport.progress import Progress  # noqa: E402
from annualreport.project import load_project  # noqa: E402
from annualreport.watching import Watcher  # noqa: E402

YEAR = 2024
WORDS = ("", " again", " once more", " and then another", " for the last time")
GOALS = {"build": 1.25, "docx": 0.5, "watch_docx": 0.5, "watch_covering": 0.3, "watch_pdf": 0.75, "linear": 11.0}


def median(values: list[float]) -> float:
    return statistics.median(values)


def copy_sample(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "annualreport.yaml", target / "annualreport.yaml")
    for name in ("evidence", "sections", "templates"):
        shutil.copytree(ROOT / name, target / name)
    return target


class Office:
    """Bare soffice runs, with one profile that has been used before (as a user's is)."""

    def __init__(self, work: Path):
        soffice, _ = find_soffice()
        if soffice is None:
            raise SystemExit("LibreOffice is not installed: the benchmark needs it")
        self.soffice = str(soffice)
        self.profile = (work / "bare-profile").resolve().as_uri()
        self.work = work

    def convert(self, files: list[Path]) -> float:
        out = Path(tempfile.mkdtemp(dir=self.work, prefix="bare-"))
        started = time.perf_counter()
        subprocess.run(
            [self.soffice, f"-env:UserInstallation={self.profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out), *map(str, files)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )
        seconds = time.perf_counter() - started
        made = len(list(out.glob("*.pdf")))
        shutil.rmtree(out, ignore_errors=True)
        if made != len(files):
            raise SystemExit("the bare soffice conversion failed")
        return seconds


#: the builds' environment: bytecode written and used, as an installed package has it
BUILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cli_build(project: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "annualreport", "build", str(YEAR), "--project", str(project), "--pdf-engine", "libreoffice", "--quiet"],
        capture_output=True, text=True, check=False, env=BUILD_ENV,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    return seconds


def forget_last_build(project: Path) -> None:
    """So that a "warm" build builds and converts: without this, a second build with nothing
    changed is up to date and writes nothing (``up_to_date``), and the PDFs of unchanged
    documents are used again (``pdf.reuse``). Charts, pandoc's parts and the covering reports
    as rendered stay: the caches a second build finds warm."""
    cache = project / "build" / ".cache"
    (cache / f"up-to-date-{YEAR}.json").unlink(missing_ok=True)
    shutil.rmtree(cache / "pdf", ignore_errors=True)


def measure_build(name: str, project: Path, office: Office, repeat: int) -> dict:
    cli_build(project)  # charts drawn, pandoc's cache filled, bytecode written
    docx = sorted((project / "build" / str(YEAR)).glob("*.docx"))
    kept = project.parent / f"{name}-docx"  # the bare conversion's input, kept out of build/
    kept.mkdir(exist_ok=True)
    docx = [Path(shutil.copy2(d, kept / d.name)) for d in docx]
    office.convert(docx)  # the bare profile initialised
    builds, bares, cold, cold_cache = [], [], [], []
    for _ in range(repeat):  # taken in turns, so that each meets the same machine
        bares.append(office.convert(docx))
        shutil.rmtree(project / "build", ignore_errors=True)
        cold.append(cli_build(project))  # a new user's first build
        forget_last_build(project)
        builds.append(cli_build(project))
        shutil.rmtree(project / "build" / ".cache", ignore_errors=True)
        cold_cache.append(cli_build(project))
    pages = {}
    for pdf in (project / "build" / str(YEAR)).glob("*.pdf"):
        from pypdf import PdfReader

        pages[pdf.name] = len(PdfReader(str(pdf)).pages)
    row = {
        "build": median(builds), "build_cold": median(cold), "build_cold_cache": median(cold_cache),
        "bare": median(bares), "pages": pages,
    }
    row["ratio"] = row["build"] / row["bare"]
    row["ratio_cold"] = row["build_cold"] / row["bare"]
    row["ratio_cold_cache"] = row["build_cold_cache"] / row["bare"]
    print(f"\n[{name}] 1. whole build against the bare conversion of its outputs (median of {repeat}, load average {os.getloadavg()[0]:.2f})")
    print("  pages: " + ", ".join(f"{k} {v}" for k, v in sorted(pages.items())))
    print(f"  bare soffice, 3 DOCX in one call   {row['bare']:6.2f} s")
    print(f"  annualreport build (caches warm)   {row['build']:6.2f} s   ratio {row['ratio']:.2f}  (goal <= {GOALS['build']})")
    print(f"  annualreport build (cold: no build/ at all)   {row['build_cold']:6.2f} s   ratio {row['ratio_cold']:.2f}  (goal <= {GOALS['build']})")
    print(f"  annualreport build (build/.cache removed: charts kept)   {row['build_cold_cache']:6.2f} s   ratio {row['ratio_cold_cache']:.2f}")
    return row


def measure_docx(name: str, project: Path, repeat: int) -> dict:
    def once(cache: bool) -> tuple[float, dict]:
        started = time.perf_counter()
        loaded = load_project(project, YEAR)
        load = time.perf_counter() - started
        result = build(loaded, ("docx",), cache=cache)
        return load + result.timings["docx"], {"load": load, **result.timings}

    once(True)
    warm, cold, stages = [], [], []
    for _ in range(repeat):
        seconds, timings = once(True)
        warm.append(seconds)
        stages.append(timings)
        cold.append(once(False)[0])
    row = {"docx": median(warm), "docx_no_cache": median(cold)}
    keys = ("load", "check", "content", "pandoc", "render")
    print(f"\n[{name}] 2. DOCX stage: load, pandoc, render, save (median of {repeat})")
    print("  " + "  ".join(f"{k} {median([s.get(k, 0.0) for s in stages]):.3f}" for k in keys))
    print(f"  pandoc cache as a second build finds it   {row['docx']:6.3f} s   (goal < {GOALS['docx']} s)")
    print(f"  no pandoc cache (every part converted)    {row['docx_no_cache']:6.3f} s")
    return row


def measure_watch(name: str, project: Path, office: Office, repeat: int) -> dict:
    sink = Progress("quiet")
    with Watcher(project, YEAR, pdf_engine="libreoffice", progress=sink) as watcher:
        first = watcher.cycle()
        if not first.ok:
            raise SystemExit(first.error)
        warm = watcher.office
        if warm is None or not warm.ready(60):
            raise SystemExit("no warm office (no Python with LibreOffice's UNO bridge)")
        section = sorted((project / "sections" / str(YEAR)).glob("*.md"))[2]
        text = section.read_text(encoding="utf-8")
        docx_times, pdf_times, reused_ok = [], [], True
        for n in range(repeat):
            section.write_text(text + f"\nA sentence added by the benchmark{WORDS[n % len(WORDS)]}.\n", encoding="utf-8")
            cycle = watcher.cycle([str(section)])
            if not cycle.ok:
                raise SystemExit(cycle.error)
            docx_times.append(cycle.docx_seconds)
            pdf_times.append(cycle.pdf_seconds)
            reused_ok = reused_ok and sorted(cycle.converted) == [f"annual-report-{first_label(project)}.pdf"] and len(cycle.reused) == 2
        section.write_text(text, encoding="utf-8")
        folder = project / "build" / str(YEAR)
        annual = next(folder.glob("annual-report-*.docx"))
        coverings = sorted(folder.glob("covering-report-*.docx"))
        out = Path(tempfile.mkdtemp(prefix="watch-bench-"))
        warm_annual, cold_annual, warm_covering, report = [], [], [], []
        for n in range(repeat):
            cold_annual.append(office.convert([annual]))
            started = time.perf_counter()
            warm.convert([PdfJob(annual, out / f"a{n}.pdf", "The yearly report")], 180)
            warm_annual.append(time.perf_counter() - started)
            report.append(warm.last_report[0] if warm.last_report else {})
            for covering in coverings:
                started = time.perf_counter()
                warm.convert([PdfJob(covering, out / f"c{n}-{covering.stem}.pdf", "A covering report")], 60)
                warm_covering.append(time.perf_counter() - started)
        shutil.rmtree(out, ignore_errors=True)
    row = {
        "docx": median(docx_times), "pdf_cycle": median(pdf_times), "reused_ok": reused_ok,
        "warm_annual": median(warm_annual), "cold_annual": median(cold_annual),
        "warm_covering": max(median(warm_covering[i::len(coverings)]) for i in range(len(coverings))),
    }
    row["ratio"] = row["warm_annual"] / row["cold_annual"]
    steps = {k: median([r.get("seconds", {}).get(k, 0.0) for r in report]) for k in ("load", "indexes", "export")}
    passes = sorted({r.get("passes") for r in report})
    print(f"\n[{name}] 3. watch, after a change to one section (median of {repeat})")
    print(f"  DOCX ready                                   {row['docx']:6.3f} s   (goal <= {GOALS['watch_docx']} s)")
    print(f"  PDF ready (whole rebuild)                    {row['pdf_cycle']:6.3f} s")
    print(f"  covering reports' PDFs unconverted: {'yes' if reused_ok else 'NO'}")
    print(f"  a covering report's PDF, warm, when changed  {row['warm_covering']:6.3f} s   (goal <= {GOALS['watch_covering']} s)")
    print(f"  the yearly report's PDF, warm office         {row['warm_annual']:6.3f} s   (office: load {steps['load']:.2f}, "
          f"contents {steps['indexes']:.2f} in {passes} pass(es), export {steps['export']:.2f})")
    print(f"  the same file, cold soffice --convert-to     {row['cold_annual']:6.3f} s   ratio {row['ratio']:.2f}  (goal <= {GOALS['watch_pdf']})")
    return row


def first_label(project: Path) -> str:
    return load_project(project, YEAR).period.label


def measure_linearity(work: Path, repeat: int) -> dict:
    small = generate(work / "linear-1", 1, sections_scale=1)
    big = generate(work / "linear-10", 10, sections_scale=1)

    def once(project: Path) -> tuple[float, float, int]:
        started = time.perf_counter()
        loaded = load_project(project, YEAR)
        load = time.perf_counter() - started
        started = time.perf_counter()
        lint_project(loaded)
        return load, time.perf_counter() - started, len(loaded.evidence.items)

    once(small)  # imports and caches warm
    runs: dict[Path, list] = {small: [], big: []}
    for _ in range(repeat):  # taken in turns, so that both meet the same machine
        for project in (small, big):
            runs[project].append(once(project))
    # the fastest run of each: short CPU-bound work, least disturbed by the rest of the machine
    load1, lint1, items1 = min(r[0] for r in runs[small]), min(r[1] for r in runs[small]), runs[small][0][2]
    load10, lint10, items10 = min(r[0] for r in runs[big]), min(r[1] for r in runs[big]), runs[big][0][2]
    row = {"load": load10 / load1, "lint": lint10 / lint1, "items": (items1, items10)}
    print(f"\n4. lint and load, ten times the evidence (fastest of {repeat}; evidence items {items1} -> {items10}, same 20 sections)")
    print(f"  load  {load1:6.3f} s -> {load10:6.3f} s   ratio {row['load']:.1f}  (goal <= {GOALS['linear']})")
    print(f"  lint  {lint1:6.3f} s -> {lint10:6.3f} s   ratio {row['lint']:.1f}  (goal <= {GOALS['linear']})")
    return row


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else f"MISSED by {value / goal - 1:.0%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("sample", "large", "linearity"))
    parser.add_argument("--skip-linearity", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="measure 1. only (the whole build, warm and cold)")
    args = parser.parse_args()
    print(f"annualreport speed benchmark: {os.cpu_count()} processors, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="annualreport-speed-") as tmp:
        work = Path(tmp)
        office = Office(work)
        projects = {}
        if args.only in (None, "sample"):
            projects["sample"] = copy_sample(work / "sample")
        if args.only in (None, "large"):
            projects["large"] = generate(work / "large")
        results: dict[str, dict] = {}
        for name, project in projects.items():
            results[name] = {"build": measure_build(name, project, office, args.repeat)}
            if args.build_only:
                continue
            if name == "large":
                results[name]["docx"] = measure_docx(name, project, args.repeat)
            watch_copy = work / f"{name}-watch"
            shutil.copytree(project, watch_copy, ignore=lambda folder, names: ["build"] if Path(folder) == project else [])
            results[name]["watch"] = measure_watch(name, watch_copy, office, args.repeat)
        linear = None if args.skip_linearity or args.build_only else measure_linearity(work, args.repeat)

    print("\nSummary (ratios measured in this run)")
    for name, result in results.items():
        b, w = result["build"], result.get("watch")
        print(f"  [{name}] build / bare conversion, warm {b['ratio']:5.2f}  goal <= {GOALS['build']}   {verdict(b['ratio'], GOALS['build'])}"
              f"   (build/.cache removed: {b['ratio_cold_cache']:.2f})")
        print(f"  [{name}] build / bare conversion, cold {b['ratio_cold']:5.2f}  goal <= {GOALS['build']}   {verdict(b['ratio_cold'], GOALS['build'])}")
        if "docx" in result:
            d = result["docx"]
            print(f"  [{name}] DOCX stage                   {d['docx']:5.2f} s goal < {GOALS['docx']} s  {verdict(d['docx'], GOALS['docx'])}"
                  f"   (no pandoc cache: {d['docx_no_cache']:.2f} s)")
        if w is None:
            continue
        print(f"  [{name}] watch: DOCX                  {w['docx']:5.2f} s goal <= {GOALS['watch_docx']} s {verdict(w['docx'], GOALS['watch_docx'])}")
        print(f"  [{name}] watch: covering PDFs         unconverted when unchanged: {'met' if w['reused_ok'] else 'MISSED'};"
              f" {w['warm_covering']:.2f} s each when changed (goal <= {GOALS['watch_covering']} s) {verdict(w['warm_covering'], GOALS['watch_covering'])}")
        print(f"  [{name}] watch: yearly PDF warm/cold  {w['ratio']:5.2f}  goal <= {GOALS['watch_pdf']}   {verdict(w['ratio'], GOALS['watch_pdf'])}")
    if linear is not None:
        print(f"  load, 10x evidence                {linear['load']:5.1f}x goal <= {GOALS['linear']}x  {verdict(linear['load'], GOALS['linear'])}")
        print(f"  lint, 10x evidence                {linear['lint']:5.1f}x goal <= {GOALS['linear']}x  {verdict(linear['lint'], GOALS['linear'])}")


if __name__ == "__main__":
    main()
