"""Mutation score per module group from `mutmut results --all true` (stdin)."""
import re, sys, collections
groups = [
    ("figure matching (lint/text/figure_match.py, and _qualifier in lint/text/figures.py)", r"annualreport\.lint\.text\.(figures\.x__qualifier|figure_match\.x_\w+)__"),
    ("content/figures.py", r"annualreport\.content\.figures\."),
    ("citations.py", r"annualreport\.citations\."),
    ("output.py", r"annualreport\.output\.x"),
    ("output_folder.py", r"annualreport\.output_folder\."),
    ("lint/identifying/numbers.py", r"annualreport\.lint\.identifying\.numbers\."),
    ("DRAFT mark (render/draft.py mark_draft, lint/verdict.py draft_mark, draft_note)", r"annualreport\.(render\.draft\.x_mark_draft|lint\.verdict\.x_draft_(mark|note))__"),
]
counts = {g: collections.Counter() for g, _ in groups}
for line in sys.stdin:
    m = re.match(r"\s*(\S+): (.+)$", line)
    if not m:
        continue
    name, status = m.groups()
    for g, pat in groups:
        if re.match(pat, name):
            counts[g][status.strip()] += 1
print("| module | mutants | killed | timeout | survived | no test reaches it | not run | score |")
print("|---|---|---|---|---|---|---|---|")
for g, _ in groups:
    c = counts[g]
    killed = c["killed"] + c["timeout"]
    run = killed + c["survived"] + c["no tests"]
    total = sum(c.values())
    score = f"{100 * killed / run:.0f}%" if run else "–"
    print(f"| {g} | {total} | {c['killed']} | {c['timeout']} | {c['survived']} | {c['no tests']} | {total - run} | {score} |")
