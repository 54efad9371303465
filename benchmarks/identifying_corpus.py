"""Misses and false flags of the identifying-information scan (AR401) on its corpus.

    PYTHONPATH=src python benchmarks/identifying_corpus.py

Reads tests/data/identifying_dev.tsv and identifying_test.tsv (kinds, sentence) and the
sentences of tests/data/claims_corpus.tsv (all clean: anonymised report prose), and prints,
per split, the lines whose kinds were not all found (misses) and the clean lines flagged.
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
#: the allow list the corpus is scanned with: staff and organisations of the sample's kind
STAFF = ["Sarah Okafor", "James Adeyemi", "Daniel Whitcombe", "Claire Fenwick", "Ruby Hart", "Harrowfield Borough Council", "St Mary's School"]
DOMAINS = ["harrowfield.example.gov.uk"]


def corpus(name: str) -> list[tuple[set[str], str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kinds, text = line.split("\t", 1)
        rows.append((set() if kinds == "clean" else set(kinds.split(",")), text))
    return rows


def claims_sentences() -> list[str]:
    out = []
    for line in (DATA / "claims_corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        out.append(line.split("\t")[3])
    return out


def scanner():
    from annualreport.lint.identifying import Identifying

    return Identifying(STAFF, organisation_domains=DOMAINS)


def measure(rows, identifying) -> tuple[list, list]:
    """(misses: (sentence, kinds not found), false flags: (sentence, [(kind, text)]))."""
    misses, false_flags = [], []
    for kinds, text in rows:
        found = identifying.scan(text)
        if kinds:
            lost = kinds - {e.kind for e in found}
            if lost:
                misses.append((text, sorted(lost)))
        elif found:
            false_flags.append((text, [(e.kind, text[e.start:e.end]) for e in found]))
    return misses, false_flags


def main() -> int:
    identifying = scanner()
    for name in ("identifying_dev.tsv", "identifying_test.tsv"):
        rows = corpus(name)
        misses, flags = measure(rows, identifying)
        positive = sum(1 for k, _ in rows if k)
        print(f"{name}: {len(rows)} lines; misses {len(misses)} of {positive}; false flags {len(flags)} of {len(rows) - positive}")
        for text, lost in misses:
            print(f"  miss {lost}: {text}")
        for text, hits in flags:
            print(f"  false flag {hits}: {text}")
    sentences = claims_sentences()
    _, flags = measure([(set(), s) for s in sentences], identifying)
    print(f"claims_corpus.tsv: {len(sentences)} sentences; false flags {len(flags)}")
    for text, hits in flags:
        print(f"  false flag {hits}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
