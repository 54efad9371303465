"""The lint's rules by code and by name, made from the rule classes (``lint/rules/``).

The codes and their meaning are part of the interface (docs: interface.md, "Rule codes");
a code, once given, keeps its meaning. Each rule's code, name, default severity and
description (the first line of its docstring) live in its own class, once; the SARIF output
lists the description of every rule that has a finding.
"""

from __future__ import annotations

from annualreport.lint.rules import ALL
from annualreport.lint.rules.rule import Rule, pascal_case

__all__ = ["RULES", "RULES_BY_NAME", "Rule", "pascal_case"]

#: code -> Rule, in code order
RULES: dict[str, Rule] = {rule.code: rule for rule in ALL}

#: rule name -> Rule, for ``--select``/``--ignore`` and suppression comments that name a rule
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL}
