"""Does the claim model get better with more labelled sentences? A learning curve.

    PYTHONPATH=src python benchmarks/claims_learning_curve.py

Grouped cross-validation by document on the development split (5 folds, as
``train_claims_model.py --cv``): for each fold the model is trained on 25%, 50%, 75% and all
of the other folds' documents (plus the own corpus), and the held-out documents are scored.
Prints, for each share, the best recall with false flags at most 0.10 over thresholds chosen
on the held-out scores themselves (an upper bound: it says how far this kind of model can go,
not what it does). Needs scikit-learn (the ``test`` extra).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_claims_model as T  # noqa: E402


def main() -> None:
    from annualreport.lint.text.claim_model import probability

    dev, own = T.rows_of(T.DEV), T.rows_of(T.OWN)
    fold = T._folds(dev, 5)
    for share in (0.25, 0.5, 0.75, 1.0):
        scored = []
        for f in range(5):
            train = [r for r, g in zip(dev, fold) if g != f]
            docs = sorted({r["doc"] for r in train})
            random.Random(1).shuffle(docs)
            keep = set(docs[: int(len(docs) * share)])
            model = T.fit([r for r in train if r["doc"] in keep] + own)
            scored += [(r, probability(r["names"], model)) for r, g in zip(dev, fold) if g == f]
        best = 0.0
        for t in (i / 100 for i in range(5, 95)):
            pos = [T.decide(T.DECISION, r, p, t) for r, p in scored if r["want"]]
            neg = [T.decide(T.DECISION, r, p, t) for r, p in scored if not r["want"]]
            if sum(neg) / len(neg) <= 0.10:
                best = max(best, sum(pos) / len(pos))
        print(f"trained on {share:4.0%} of the training documents: recall {best:.3f} at false flags <= 0.10")


if __name__ == "__main__":
    main()
