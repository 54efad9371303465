"""The lint's rules: code, name, default severity and a one-line description of each.

The codes and their meaning are part of the interface (docs: interface.md, "Rule codes");
a code, once given, keeps its meaning. The rules themselves import their name and severity
from here, and the SARIF output lists the description of every rule that has a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

from annualreport.lint.findings import Severity


@dataclass(frozen=True)
class Rule:
    code: str  # "AR101"
    name: str  # "unevidenced-claim"
    severity: Severity  # the default severity
    description: str  # one sentence, no full stop

    @property
    def title(self) -> str:
        """The name in PascalCase, as SARIF tools like it: ``UnevidencedClaim``."""
        return pascal_case(self.name)


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-") if part)


_RULES = (
    Rule("AR001", "unused-suppression", "warning", "A suppression comment that suppresses nothing"),
    Rule("AR101", "unevidenced-claim", "error", "A claim with no citation"),
    Rule("AR102", "unknown-evidence", "error", "A citation of an evidence id that does not exist"),
    Rule("AR103", "figure-not-in-evidence", "error", "A figure in a cited claim that the cited evidence does not hold"),
    Rule("AR104", "evidence-out-of-period", "warning", "Cited evidence dated outside the reporting period"),
    Rule("AR105", "low-confidence-evidence", "warning", "A claim resting only on evidence of low confidence"),
    Rule("AR106", "unused-evidence", "info", "Evidence that nothing cites"),
    Rule(
        "AR201",
        "statutory-content-missing",
        "error",
        "A part of the yearly report that Working Together requires has no content",
    ),
    Rule("AR301", "template-error", "error", "A Word template tag that is broken or names data that does not exist"),
    Rule(
        "AR401",
        "identifying-information",
        "error",
        "A child's name, date of birth, address or NHS number in text for publication",
    ),
    Rule(
        "AR501",
        "accessibility",
        "warning",
        "An image without alt text, a skipped heading level, or a table without a header row",
    ),
)

#: code -> Rule, in code order
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}

#: rule name -> Rule, for ``--select``/``--ignore`` and suppression comments that name a rule
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in _RULES}
