"""Mutation score per module group from `mutmut results --all true` (stdin).

    mutmut results --all true | python tests/mutation_score.py            # the table
    mutmut results --all true | python tests/mutation_score.py survivors  # survivors by function
"""
import collections
import re
import sys

groups = [
    ("figure matching (lint/text/figure_match.py; _qualifier in lint/text/figures.py)", r"annualreport\.lint\.text\.(figures\.x__qualifier|figure_match\.x_\w+)__"),
    ("content/figures.py", r"annualreport\.content\.figures\."),
    ("citations.py", r"annualreport\.citations\."),
    ("register numbering (content/yearly.py: write, part_register)", r"annualreport\.content\.yearly\.xǁYearlyReportWriterǁ(write|part_register)__"),
    ("output.py (staging, manifest)", r"annualreport\.output\.x"),
    ("output_folder.py (marker, sweep, locks, refusals)", r"annualreport\.output_folder\."),
    ("lint/identifying/numbers.py", r"annualreport\.lint\.identifying\.numbers\."),
    ("lint/identifying/names.py", r"annualreport\.lint\.identifying\.names\."),
    ("lint/identifying/places.py", r"annualreport\.lint\.identifying\.places\."),
    ("lint/identifying/dates.py", r"annualreport\.lint\.identifying\.dates\."),
    ("lint/identifying/emails.py", r"annualreport\.lint\.identifying\.emails\."),
    ("lint/identifying/scanner.py", r"annualreport\.lint\.identifying\.scanner\."),
    ("lint/identifying/exposure.py", r"annualreport\.lint\.identifying\.exposure\."),
    ("lint/identifying/project.py", r"annualreport\.lint\.identifying\.project\."),
    ("lint/identifying/__init__.py", r"annualreport\.lint\.identifying\.x_"),
    ("DRAFT mark (render/draft.py mark_draft; lint/verdict.py draft_mark, draft_note)", r"annualreport\.(render\.draft\.x_mark_draft|lint\.verdict\.x_draft_(mark|note))__"),
]
counts = {g: collections.Counter() for g, _ in groups}
survivors = collections.defaultdict(list)
for line in sys.stdin:
    m = re.match(r"\s*(\S+): (.+)$", line)
    if not m:
        continue
    name, status = m.groups()
    status = status.strip()
    for g, pat in groups:
        if re.match(pat, name):
            counts[g][status] += 1
            if status in ("survived", "no tests"):
                function, _, number = name.rpartition("__mutmut_")
                survivors[function].append(int(number))
            break
if sys.argv[1:] == ["survivors"]:
    for function, numbers in sorted(survivors.items()):
        print(f"- `{function}`: {', '.join(map(str, sorted(numbers)))}")
    sys.exit()
print("| module | mutants | killed | timeout | survived | no test reaches it | not run | score |")
print("|---|---|---|---|---|---|---|---|")
totals = collections.Counter()
for g, _ in groups:
    c = counts[g]
    totals.update(c)
    killed = c["killed"] + c["timeout"]
    run = killed + c["survived"] + c["no tests"]
    total = sum(c.values())
    score = f"{100 * killed / run:.0f}%" if run else "–"
    print(f"| {g} | {total} | {c['killed']} | {c['timeout']} | {c['survived']} | {c['no tests']} | {total - run} | {score} |")
killed = totals["killed"] + totals["timeout"]
run = killed + totals["survived"] + totals["no tests"]
print(f"| all of the above | {sum(totals.values())} | {totals['killed']} | {totals['timeout']} | {totals['survived']} | {totals['no tests']} | {sum(totals.values()) - run} | {100 * killed / run:.0f}% |")
