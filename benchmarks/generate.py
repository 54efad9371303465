"""Make a large report project from the sample, for benchmarks.

    python benchmarks/generate.py OUT [--scale N] [--sections-scale M]

Every evidence list is repeated (with new ids) until it reaches the sizes of a large
partnership: 6 priorities, 200 training courses (200 rows in the attendance table), 12
indicators (12 charts, and 2 of the training), 20 Markdown sections; the other lists keep
the sample's length. With the sample as it is (November 2026) that is a report of about 80
pages. ``--scale N`` multiplies every evidence list and the sections by N;
``--sections-scale`` sets the sections' multiplier on its own (``--scale 10
--sections-scale 1``: ten times the evidence, the same narrative).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"priorities": 6, "reviews": 4, "courses": 200, "indicators": 12, "feedback": 4, "sources": 18}
#: on the copies, fields left out so that a course is one row of the attendance table only
COPY_DROPS = ("evaluation", "follow_up")


def _grow(items: list[dict], size: int) -> list[dict]:
    out = []
    for n in range(max(size, len(items))):  # never fewer than the sample: its ids are cited
        item = dict(items[n % len(items)])
        if n >= len(items):
            item["id"] = f"{item['id']}-x{n}"
            item["title"] = f"{item['title']} ({n // len(items) + 1})"
            for key in COPY_DROPS:
                item.pop(key, None)
        out.append(item)
    return out


def generate(out: Path, scale: int = 1, year: int = 2024, sections_scale: int | None = None) -> Path:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy2(ROOT / "annualreport.yaml", out / "annualreport.yaml")
    shutil.copytree(ROOT / "templates", out / "templates")
    source, target = ROOT / "evidence" / str(year), out / "evidence" / str(year)
    target.mkdir(parents=True)
    for file in source.glob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        for key, size in SIZES.items():
            if isinstance(data, dict) and isinstance(data.get(key), list) and data[key]:
                data[key] = _grow(data[key], size * scale if key != "indicators" else size)
        (target / file.name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    sections = sorted((ROOT / "sections" / str(year)).glob("*.md"))
    folder = out / "sections" / str(year)
    folder.mkdir(parents=True)
    for n in range(20 * (scale if sections_scale is None else sections_scale)):
        section = sections[n % len(sections)]
        number, _, rest = section.name.partition("-")
        # 01-foreword.md, then 0101-foreword.md ...: the same part, later in file-name order
        name = section.name if n < len(sections) else f"{number}{n // len(sections):02d}-{rest}"
        shutil.copy2(section, folder / name)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--sections-scale", type=int, default=None)
    args = parser.parse_args()
    print(generate(args.out, args.scale, sections_scale=args.sections_scale))
