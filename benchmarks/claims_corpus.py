"""Precision, recall and false flags of the claim detector on a labelled TSV, with 95% Wilson
intervals, overall and per class.

    PYTHONPATH=src python benchmarks/claims_corpus.py [FILE.tsv] [--misses] [--cv]

FILE is the real corpus's development split (default ``/work/corpus/dev.tsv``; columns label,
block, doc, area, class, url, sentence) or ``tests/data/claims_corpus.tsv`` (label, block,
source, sentence; the class is the source's prefix). A label is claim-figure,
claim-judgement or not-claim; the figures are for claim against not a claim, whatever its kind.
``--misses`` prints the sentences got wrong. ``--cv`` also prints the grouped cross-validation
by document of the learned part of the detector (``scripts/train_judgement.py``).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

DEFAULT = Path("/work/corpus/dev.tsv")


def read(path: Path) -> list[dict]:
    """The rows of a labelled TSV, as dicts with label, block, doc, cls and text."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) == 7:
            label, block, doc, _area, cls, _url, text = cols
        elif len(cols) == 4:
            label, block, doc, text = cols
            cls = doc.split(":")[0]
        else:
            continue
        if label not in ("claim-figure", "claim-judgement", "not-claim"):
            continue
        rows.append({"label": label, "block": block or "paragraph", "doc": doc, "cls": cls, "text": text})
    return rows


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def figures(pairs: list[tuple[bool, bool]]) -> str:
    """'precision ..., recall ..., false flags ...' for (wanted, got) pairs."""
    tp = sum(w and g for w, g in pairs)
    fp = sum(g and not w for w, g in pairs)
    fn = sum(w and not g for w, g in pairs)
    tn = sum(not w and not g for w, g in pairs)

    def show(name: str, k: int, n: int) -> str:
        if n == 0:
            return f"{name}    -  "
        lo, hi = wilson(k, n)
        return f"{name} {k / n:.3f} [{lo:.3f}-{hi:.3f}] ({k}/{n})"

    return "  ".join((show("precision", tp, tp + fp), show("recall", tp, tp + fn), show("false flags", fp, fp + tn)))


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT
    if path.name == "test.tsv" and "--frozen" not in argv:
        print("the frozen test split is measured once, by the lead (add --frozen to do so)", file=sys.stderr)
        return 2
    from annualreport.lint.claims import Words, classify

    words = Words.default()
    rows = read(path)
    if not rows:
        print(f"{path}: no labelled rows", file=sys.stderr)
        return 2
    for row in rows:
        info = classify(row["text"], words, row["block"])
        row["got"], row["reason"] = info.is_claim, info.reason
    pairs = [(r["label"] != "not-claim", r["got"]) for r in rows]
    docs = len({r["doc"] for r in rows})
    print(f"{path}: {len(rows)} sentences from {docs} documents, {sum(w for w, _ in pairs)} claims")
    print(f"  all            {figures(pairs)}")
    for cls in sorted({r['cls'] for r in rows}):
        sub = [(r["label"] != "not-claim", r["got"]) for r in rows if r["cls"] == cls]
        print(f"  {cls[:14]:<14} {figures(sub)}")
    if "--misses" in argv:
        for r in rows:
            if (r["label"] != "not-claim") != r["got"]:
                kind = "MISS" if r["got"] is False else "FLAG"
                print(f"{kind}\t{r['cls']}\t{r['reason']}\t{r['text']}")
    if "--cv" in argv:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
        import train_judgement

        train_judgement.cross_validate(rows, words)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
