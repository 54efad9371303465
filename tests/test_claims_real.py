"""The claim detector on real published prose it was never tuned on.

``tests/data/claims_real_dev.tsv`` and ``tests/data/claims_real_test.tsv`` hold sentences from
real published documents of English safeguarding partnerships and councils (yearly reports,
committee minutes and covering reports, scrutiny papers), labelled by hand before any run and
split by document (``tests/data/README.md`` says how they were gathered, adapted and split).
The test split is frozen: its sha256 is recorded in ``claims_real_split.txt`` and checked here,
so that a change to it (tuning on it) shows. Words, rules and models are tuned on the
development split only. ``python benchmarks/claims_corpus.py FILE`` prints the same figures
with 95% intervals, by class.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from annualreport.lint.text import Words, classify

DATA = Path(__file__).parent / "data"
DEV = DATA / "claims_real_dev.tsv"
TEST = DATA / "claims_real_test.tsv"
SPLIT = DATA / "claims_real_split.txt"
WORDS = Words.default()
CLASSES = ("plan-reach", "judgement-other", "count-words", "minutes", "non-claim-tricky")


def rows(path: Path) -> list[dict[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, block, doc, area, kind, url, sentence = line.split("\t")
            out.append({"label": label, "block": block, "doc": doc, "area": area, "class": kind, "url": url, "sentence": sentence})
    return out


def record() -> dict[str, str]:
    fields = {}
    for line in SPLIT.read_text(encoding="utf-8").splitlines():
        if ":" in line and not line.startswith("#"):
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    return fields


def test_the_corpus_is_large_real_and_split_by_document():
    dev, test = rows(DEV), rows(TEST)
    both = dev + test
    assert len(both) >= 1500
    docs = {r["doc"] for r in both}
    assert len(docs) >= 40
    assert len({r["area"] for r in both}) >= 25
    test_docs = {r["doc"] for r in test}
    assert not test_docs & {r["doc"] for r in dev}, "a document is in both splits"
    assert len(test_docs) >= 0.3 * len(docs)
    assert len({r["sentence"] for r in both}) == len(both), "a sentence is in the corpus twice"
    assert {r["label"] for r in both} == {"claim-figure", "claim-judgement", "not-claim"}
    assert sum(r["url"].startswith("http") for r in both) >= 0.95 * len(both)


def test_the_test_split_is_the_one_frozen():
    frozen = record()
    assert hashlib.sha256(TEST.read_bytes()).hexdigest() == frozen["sha256"], (
        "claims_real_test.tsv changed after it was frozen: tune on the development split only"
    )
    assert sorted({r["doc"] for r in rows(TEST)}) == sorted(frozen["documents"].split())


def test_each_class_of_miss_is_covered_by_test_sentences():
    counts = Counter(r["class"] for r in rows(TEST))
    assert all(counts[c] >= 10 for c in CLASSES), counts


def figures(path: Path) -> tuple[int, int, int, int]:
    tp = fp = fn = tn = 0
    for r in rows(path):
        got = classify(r["sentence"], WORDS, r["block"]).is_claim
        want = r["label"] != "not-claim"
        tp += got and want
        fp += got and not want
        fn += want and not got
        tn += not got and not want
    return tp, fp, fn, tn


#: what the detector reached on the frozen test split when the test split was last measured
#: (issue 9, 2026-12-02): recall 0.777, false flags 0.076. A change that does worse fails here.
FLOOR_RECALL, CEILING_FALSE_FLAGS = 0.77, 0.08


def rates(path: Path) -> tuple[float, float]:
    tp, fp, fn, tn = figures(path)
    return tp / (tp + fn), fp / (fp + tn)


def test_the_detector_does_no_worse_on_the_frozen_test_split(capsys):
    recall, false_flags = rates(TEST)
    with capsys.disabled():
        print(f"\n{TEST.name}: recall {recall:.3f}, false flags {false_flags:.3f}")
    # the sentences missed are not printed: reading them would be tuning on the test split
    assert recall >= FLOOR_RECALL and false_flags <= CEILING_FALSE_FLAGS, f"recall {recall:.3f}, false flags {false_flags:.3f}"


@pytest.mark.xfail(strict=True, reason="issue 9's goal is not reached (recall 0.777 on the frozen test split): see tests/data/README.md")
def test_issue_9s_goal_on_the_frozen_test_split():
    recall, false_flags = rates(TEST)
    assert recall >= 0.95 and false_flags <= 0.10, f"recall {recall:.3f}, false flags {false_flags:.3f}"
