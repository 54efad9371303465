"""No flag on a properly cited claim: every claim of the real corpus's development split,
cited to a source that holds its figures, passes AR101 and AR103.

The lint is run as a user runs it, on a copy of the sample with one more section: each real
sentence as its own paragraph (or list item), ending with a citation of a source of its own
whose ``figures:`` hold the figures the detector reads in it. A flag on any of them would be
a false alarm on a writer who did everything right.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from annualreport.lint.text import Words, find_figures

DEV = Path(__file__).parent / "data" / "claims_real_dev.tsv"
WORDS = Words.default()


def claims() -> list[tuple[str, str]]:
    out = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, block, _doc, _area, _kind, _url, sentence = line.split("\t")
            if label != "not-claim":
                out.append((block, sentence))
    return out


def cite(sentence: str, key: str) -> str:
    body = sentence.rstrip()
    end = re.search(r"[.!?;:…]*[\"'”’)]*$", body).start()
    return f"{body[:end]} [@{key}]{body[end:]}"


def test_every_real_claim_cited_to_a_source_holding_its_figures_passes(project: Path):
    sources = yaml.safe_load((project / "evidence/2024/sources.yaml").read_text(encoding="utf-8"))
    lines = ["---\npart: scrutiny\n---\n", "## What others said\n"]
    for n, (block, sentence) in enumerate(claims()):
        key = f"real-{n}"
        figures = {f"f{i}": f.value for i, f in enumerate(find_figures(sentence, WORDS))}
        item = {"id": key, "title": f"Real sentence {n}", "source": "A published report", "as_of": "2024-12-01",
                "confidence": "high", "kind": "document", "summary": "A report of the year."}
        if figures:
            item["figures"] = figures
        sources["sources"].append(item)
        marked = re.match(r"(?:\d{1,3}[.)]|[-*•])\s", sentence)  # a list item that keeps its own marker
        lines.append(("- " if block == "list" and not marked else "") + cite(sentence, key) + "\n")
    (project / "evidence/2024/sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (project / "sections/2024/11-real.md").write_text("\n".join(lines), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "annualreport", "lint", "2024", "--format", "json", "--project", str(project)],
                          capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    findings = json.loads(done.stdout)
    findings = findings["findings"] if isinstance(findings, dict) else findings
    flagged = [f for f in findings if f.get("file", "").endswith("11-real.md") and f.get("code") in ("AR101", "AR103")]
    assert len(lines) > 400
    assert not flagged, "\n".join(f"{f['code']} {f.get('message')}: {f.get('sentence', '')}" for f in flagged[:20])
