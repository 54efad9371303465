"""The lint's rules, one per module (after ruff's): ``arNNN_rule_name.py`` holds one class,
a :class:`~annualreport.lint.rules.rule.Rule` with its code, name, default severity and its
documentation as its docstring.

Adding a rule is adding such a module: :data:`ALL` is found from the modules here, and the
catalogue (``lint.catalogue``), ``annualreport rule``, ``docs/rules.md`` and the README's
table are made from it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

from annualreport.lint.rules.rule import Rule

#: the name of a rule's module: its code in lower case, then its name with underscores
RULE_MODULE = re.compile(r"ar\d{3}_[a-z0-9_]+")


def module_name(rule: Rule) -> str:
    """The module a rule lives in, as its code and name say: ``ar101_unevidenced_claim``."""
    return f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


def rule_classes(module: ModuleType) -> list[type[Rule]]:
    """The rule classes a module defines (not those it imports)."""
    return [value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.__module__ == module.__name__]


def rule_modules() -> list[ModuleType]:
    """Every rule module of this package, imported."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__) if RULE_MODULE.fullmatch(info.name))
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def _discover() -> tuple[Rule, ...]:
    rules = [cls() for module in rule_modules() for cls in rule_classes(module)]
    return tuple(sorted(rules, key=lambda rule: rule.code))


#: every rule, in code order
ALL: tuple[Rule, ...] = _discover()
