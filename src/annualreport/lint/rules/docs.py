"""Each rule's documentation, made from its class: for ``annualreport rule CODE``, for
``docs/rules.md`` and for the README's table of rules.

Run ``python -m annualreport.lint.rules.docs`` in the repository to write ``docs/rules.md``
and the table between the README's markers; ``--check`` says whether either is out of step
(exit 1), writing nothing. A test keeps both in step.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from annualreport.lint.rules import ALL
from annualreport.lint.rules.rule import Rule

#: the README's table of rules stands between these lines
TABLE_START = "<!-- rules:start (made by python -m annualreport.lint.rules.docs; do not edit by hand) -->"
TABLE_END = "<!-- rules:end -->"
TABLE_MARKERS = re.compile(r"(<!-- rules:start\b[^\n]*-->\n)(.*?)(<!-- rules:end -->)", re.S)


def find_rule(query: str) -> Rule:
    """The rule a code (``AR103``, ``ar103``) or a name (``figure-not-in-evidence``) means;
    otherwise an ``InputError`` that says which rules were probably meant."""
    import difflib

    from annualreport.errors import InputError, Problem

    wanted = query.strip()
    for rule in ALL:
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    keys = {rule.code.lower(): rule for rule in ALL} | {rule.name: rule for rule in ALL}
    ratios = {key: difflib.SequenceMatcher(None, wanted.lower(), key).ratio() for key in keys}
    best = max(ratios.values())
    close = sorted((key for key, ratio in ratios.items() if ratio >= max(0.5, best - 0.1)), key=ratios.get, reverse=True)[:3]
    meant = [f"{rule.code} ({rule.name})" for rule in dict.fromkeys(keys[key] for key in close)]
    if meant:
        guess = " or ".join([", ".join(meant[:-1]), meant[-1]] if len(meant) > 1 else meant)
    else:
        guess = "one of " + ", ".join(rule.code for rule in ALL)
    raise InputError(Problem(f"CODE '{query}' is not a rule code or name; did you mean {guess}?", hint="'annualreport rule --all' lists every rule's code and name"))


def _shift_headings(markdown: str, by: int) -> str:
    """The Markdown with its headings ``by`` levels deeper, fenced code left as it is."""
    out, fenced = [], False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,5} ", line):
            line = "#" * by + line
        out.append(line)
    return "\n".join(out)


def rule_page(rule: Rule, level: int = 1) -> str:
    """A rule's documentation in Markdown, its title a heading of ``level``."""
    head = f"{'#' * level} {rule.name} ({rule.code})"
    return f"{head}\n\n{rule.description}.\n\nDefault severity: {rule.severity}.\n\n{_shift_headings(rule.body, level - 1)}\n"


def listing() -> str:
    """Every rule, one a line: code, name, default severity, what it finds."""
    width = max(len(rule.name) for rule in ALL)
    return "".join(f"{rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {rule.description}\n" for rule in ALL)


def _finds(rule: Rule) -> str:
    return rule.description[:1].lower() + rule.description[1:]


def readme_table() -> str:
    """The README's table: code, rule, severity, what it finds."""
    rows = [f"| {rule.code} | {rule.name} | {rule.severity} | {_finds(rule)} |" for rule in ALL]
    return "\n".join(["| code | rule | severity | what it finds |", "|---|---|---|---|", *rows]) + "\n"


def markdown() -> str:
    """``docs/rules.md``: a table of every rule, then each rule's documentation."""
    rows = [f"| [{rule.code}](#{rule.name}-{rule.code.lower()}) | {rule.name} | {rule.severity} | {_finds(rule)} |" for rule in ALL]
    parts = [
        "# The lint's rules\n",
        "Made from the rules themselves (`src/annualreport/lint/rules/`) by "
        "`python -m annualreport.lint.rules.docs`; do not edit by hand. "
        "`annualreport rule CODE` prints one rule's page, `annualreport rule --all` lists them.\n",
        "\n".join(["| code | rule | severity | what it finds |", "|---|---|---|---|", *rows]) + "\n",
        *(rule_page(rule, level=2) for rule in ALL),
    ]
    return "\n".join(parts)


def readme_with_table(readme: str) -> str:
    """The README's text with the table between its markers made afresh."""
    if not TABLE_MARKERS.search(readme):
        raise ValueError(f"the README has no table of rules between {TABLE_START} and {TABLE_END}")
    return TABLE_MARKERS.sub(lambda m: m.group(1) + readme_table() + m.group(3), readme, count=1)


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md and the README's table (``--check``: say which is out of step)."""
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    root = Path(next((a for a in args if not a.startswith("--")), "."))
    stale = []
    for path, made in ((root / "docs" / "rules.md", markdown), (root / "README.md", None)):
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        new = made() if made else readme_with_table(old)
        if new == old:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path}")
    if check and stale:
        print("out of step: " + ", ".join(map(str, stale)) + " (run: python -m annualreport.lint.rules.docs)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
