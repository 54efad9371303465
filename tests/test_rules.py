"""The lint's rules, one per file: each class carries its code, name, severity and
documentation; the registry, ``annualreport rule``, docs/rules.md and the README's table are
made from the classes."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from conftest import ROOT, run

from annualreport.lint import rules
from annualreport.lint.catalogue import RULES, RULES_BY_NAME
from annualreport.lint.rules import docs
from annualreport.lint.rules.rule import SECTIONS, Rule

#: the codes of interface.md's "Rule codes", and AR001 (unused suppressions)
INTERFACE_CODES = {"AR001", "AR101", "AR102", "AR103", "AR104", "AR105", "AR106", "AR201", "AR301", "AR401", "AR501"}

RULES_FOLDER = Path(rules.__file__).parent
NOT_RULES = {"__init__.py", "rule.py", "docs.py"}  # the registry, the base class, the documentation


def test_rule_prints_the_rules_documentation():
    result = run("rule", "AR103")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# figure-not-in-evidence (AR103)\n")
    assert "Default severity: error." in result.output
    docstring = inspect.cleandoc(type(RULES["AR103"]).__doc__)
    for section in docstring.split("\n\n## ")[1:]:
        assert section in result.output


def test_rule_takes_a_name_or_a_lower_case_code():
    by_code = run("rule", "AR103").output
    assert run("rule", "figure-not-in-evidence").output == by_code
    assert run("rule", "ar103").output == by_code


def test_rule_all_lists_every_code_and_name():
    result = run("rule", "--all")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[:3] for line in lines] == [[r.code, r.name, r.severity] for r in RULES.values()]
    assert "A claim with no citation" in lines[1]


def test_an_unknown_rule_says_what_was_meant_and_exits_2():
    result = run("rule", "AR1O3")
    assert result.exit_code == 2
    assert "'AR1O3' is not a rule code or name; did you mean AR103 (figure-not-in-evidence)?" in result.output
    assert "Traceback" not in result.output
    result = run("rule", "accesibility")
    assert result.exit_code == 2 and "did you mean AR501 (accessibility)?" in result.output
    result = run("rule", "AR999")
    assert result.exit_code == 2 and "did you mean one of AR001, AR101," in result.output


def test_the_registry_has_every_interface_code():
    assert set(RULES) == INTERFACE_CODES
    assert [rule.code for rule in rules.ALL] == sorted(INTERFACE_CODES)
    for rule in rules.ALL:
        assert RULES_BY_NAME[rule.name] is rule


def test_each_rule_file_holds_exactly_one_rule_class_named_for_it():
    files = sorted(path.stem for path in RULES_FOLDER.glob("*.py") if path.name not in NOT_RULES)
    modules = rules.rule_modules()
    assert [module.__name__.rsplit(".", 1)[1] for module in modules] == files  # none missed for its name
    for module in modules:
        classes = rules.rule_classes(module)
        assert len(classes) == 1, module.__name__
        assert module.__name__.endswith("." + rules.module_name(classes[0]())), module.__name__
    assert len(modules) == len(rules.ALL)


def test_every_rule_is_documented_in_its_class():
    for rule in rules.ALL:
        assert isinstance(rule, Rule)
        assert re.fullmatch(r"AR\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.severity in ("error", "warning", "info")
        assert rule.description[:1].isupper() and not rule.description.endswith("."), rule.code
        headings = re.findall(r"^## (.+)$", rule.body, re.M)
        assert tuple(headings) == SECTIONS, rule.code
        for section in rule.body.split("\n## ")[1:]:
            assert len(section.split("\n", 1)[1].split()) >= 5, (rule.code, section)


def test_the_unused_suppression_rule_is_documented_like_the_others():
    """AR001 is found by the engine after the suppressions, but is a rule of its own file."""
    rule = RULES["AR001"]
    assert type(rule).__module__ == "annualreport.lint.rules.ar001_unused_suppression"
    assert rule.after_suppressions and not any(r.after_suppressions for r in rules.ALL if r is not rule)
    assert "## How to mend it" in run("rule", "unused-suppression").output


def test_docs_rules_md_is_up_to_date():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.markdown(), "run: python -m annualreport.lint.rules.docs"


def test_the_readmes_table_of_rules_is_up_to_date():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.readme_table() in readme
    assert docs.readme_with_table(readme) == readme, "run: python -m annualreport.lint.rules.docs"


def test_the_docs_script_writes_both_and_then_finds_them_in_step(tmp_path: Path):
    (tmp_path / "README.md").write_text(f"# x\n\n{docs.TABLE_START}\n| old |\n{docs.TABLE_END}\n\nafter\n", encoding="utf-8")
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert not (tmp_path / "docs" / "rules.md").exists()
    assert docs.main([str(tmp_path)]) == 0
    assert docs.main(["--check", str(tmp_path)]) == 0
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| old |" not in readme and "| AR103 | figure-not-in-evidence | error |" in readme and readme.endswith("\nafter\n")
    assert "## figure-not-in-evidence (AR103)" in (tmp_path / "docs" / "rules.md").read_text(encoding="utf-8")
