"""Run in /work/main's venv (reads the project, writes only $WORK/detector.json, default /tmp/minilm):
    . .venv/bin/activate && PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=src python benchmarks/claims_embeddings/detector.py
Per sentence of dev and test: the shipped detector's decision (classify(text, words, block).is_claim),
and for dev also the held-out decision of a grouped 5-fold CV (the same procedure as
benchmarks/train_claims_model.py --cv, rule figures-or-model), with the fold ids used."""
import json, os, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import train_claims_model as T
from claims_corpus import read
from annualreport.lint.text import Words, classify
from annualreport.lint.text.claim_model import probability

words = Words.default()
out = {}
for split in ("dev", "test"):
    rows = read(ROOT / "tests/data" / f"claims_real_{split}.tsv")
    out[split] = [{"text": r["text"], "block": r["block"], "doc": r["doc"], "cls": r["cls"], "label": r["label"],
                   "shipped": classify(r["text"], words, r["block"]).is_claim} for r in rows]

dev, own = T.rows_of(T.DEV), T.rows_of(T.OWN)
assert [r["text"] for r in dev] == [r["text"] for r in out["dev"]]
fold = T._folds(dev, T.FOLDS)
held = [None] * len(dev)
for f in range(T.FOLDS):
    train = [r for r, g in zip(dev, fold) if g != f]
    inner = T._held_out_p(train, own, T.FOLDS - 1, T.C)
    m = T.fit(train + own, T.C)
    t = T.choose_threshold(T.DECISION, train, inner)
    for i, r in enumerate(dev):
        if fold[i] == f:
            held[i] = T.decide(T.DECISION, r, probability(r["names"], m), t)
for i, r in enumerate(out["dev"]):
    r["fold"], r["heldout"] = fold[i], held[i]
(Path(os.environ.get("WORK", "/tmp/minilm")) / "detector.json").write_text(json.dumps(out))
for split in ("dev", "test"):
    rs = out[split]
    pos = [r for r in rs if r["label"] != "not-claim"]; neg = [r for r in rs if r["label"] == "not-claim"]
    print(split, "shipped recall %.3f ff %.3f" % (sum(r["shipped"] for r in pos) / len(pos), sum(r["shipped"] for r in neg) / len(neg)), len(pos), len(neg))
pos = [r for r in out["dev"] if r["label"] != "not-claim"]; neg = [r for r in out["dev"] if r["label"] == "not-claim"]
print("dev heldout recall %.3f ff %.3f" % (sum(r["heldout"] for r in pos) / len(pos), sum(r["heldout"] for r in neg) / len(neg)))
