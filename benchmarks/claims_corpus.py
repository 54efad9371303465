"""Precision, recall and false flags of the claim detector on a labelled TSV, with 95% Wilson
intervals, overall and per class.

    PYTHONPATH=src python benchmarks/claims_corpus.py [FILE.tsv] [--misses] [--cv] [--model-cv]

FILE is the real corpus's development split (default ``/work/corpus/dev.tsv``; columns label,
block, doc, area, class, url, sentence) or ``tests/data/claims_corpus.tsv`` (label, block,
source, sentence; the class is the source's prefix). A label is claim-figure,
claim-judgement or not-claim; the figures are for claim against not a claim, whatever its kind.
``--misses`` prints the sentences got wrong. ``--cv`` also prints a grouped cross-validation by
document of the detector's one tuned number, the subjectivity from which a complement adjective
judges (``annualreport.lint.text.judgement.SUBJECTIVITY``): for each of five folds of documents it is
chosen on the other four (the highest recall with false flags at most 0.10) and the held-out
documents are classified with it; their pooled figures estimate those on unseen documents.

The trained claim model (``annualreport.lint.text.claim_model``) is trained on the development split
and ``claims_corpus.tsv``, so the figures on those files are in-sample (too good). ``--model-cv``
prints the honest ones: a grouped cross-validation by document of the model and of each decision
rule compared (``benchmarks/train_claims_model.py --cv``; needs scikit-learn).
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
    from annualreport.lint.text import Words, classify

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
        cross_validate(rows, words)
    if "--model-cv" in argv:
        from train_claims_model import cross_validate as model_cv

        model_cv()
    return 0


GRID = (0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 1.01)


def cross_validate(rows: list[dict], words, folds: int = 5) -> None:
    import hashlib

    from annualreport.lint.text import classify, judgement

    fold_of = {doc: int(hashlib.sha1(doc.encode()).hexdigest(), 16) % folds for doc in {r["doc"] for r in rows}}
    got: dict[float, list[bool]] = {}
    saved = judgement.SUBJECTIVITY
    try:
        for value in GRID:
            judgement.SUBJECTIVITY = value
            got[value] = [classify(r["text"], words, r["block"]).is_claim for r in rows]
    finally:
        judgement.SUBJECTIVITY = saved
    want = [r["label"] != "not-claim" for r in rows]

    def score(value: float, keep) -> tuple[bool, float, float]:
        pairs = [(w, g) for i, (w, g) in enumerate(zip(want, got[value])) if keep(i)]
        tp = sum(w and g for w, g in pairs)
        fp = sum(g and not w for w, g in pairs)
        pos, neg = sum(w for w, _ in pairs), sum(not w for w, _ in pairs)
        recall, flags = tp / max(1, pos), fp / max(1, neg)
        return (flags <= 0.10, recall, -flags)

    held: list[tuple[bool, bool]] = []
    chosen = []
    for k in range(folds):
        best = max(GRID, key=lambda v: score(v, lambda i: fold_of[rows[i]["doc"]] != k))
        chosen.append(best)
        held += [(want[i], got[best][i]) for i in range(len(rows)) if fold_of[rows[i]["doc"]] == k]
    print(f"grouped cross-validation by document ({folds} folds; subjectivity chosen per fold: {chosen})")
    print(f"  held out       {figures(held)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
