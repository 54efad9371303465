"""How far two careful people agree on what is a claim: the ceiling a detector can be held to.

    python benchmarks/claims_agreement.py

Reads ``tests/data/claims_real_agreement.tsv`` (300 development sentences labelled a second
time, blind) and prints the agreement, Cohen's kappa, and the second labeller's recall and
false flags scored against the first labels, as the detector is scored.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "claims_real_agreement.tsv"


def main() -> None:
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for label, only_sure in (("all", False), ("sure only", True)):
        pairs = [(a != "not-claim", b != "not-claim") for a, b, unsure, _doc, _s in rows if not (only_sure and unsure)]
        n = len(pairs)
        tp = sum(a and b for a, b in pairs)
        fn = sum(a and not b for a, b in pairs)
        fp = sum(b and not a for a, b in pairs)
        tn = n - tp - fn - fp
        agree = (tp + tn) / n
        pa, pb = (tp + fn) / n, (tp + fp) / n
        expected = pa * pb + (1 - pa) * (1 - pb)
        kappa = (agree - expected) / (1 - expected)
        print(f"{label:>9}: {n} sentences, agreement {agree:.3f}, kappa {kappa:.3f}; "
              f"second labeller's recall {tp / (tp + fn):.3f}, false flags {fp / (fp + tn):.3f}")


if __name__ == "__main__":
    main()
