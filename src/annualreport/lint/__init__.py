"""``annualreport lint``: every claim cites evidence, every cited figure is in its evidence,
and the statutory content is there.

load (the project) → collect (every sentence for publication, with its place) → classify
(claims) → rules (each a small unit, see ``rules/``) → suppressions → findings.
"""

from __future__ import annotations

from typing import Iterable

from annualreport.errors import InputError, Problem
from annualreport.lint.catalogue import RULES, RULES_BY_NAME
from annualreport.lint.text import Words
from annualreport.lint.context import LintContext
from annualreport.lint.findings import Finding, LintResult
from annualreport.lint.units import Suppression, collect
from annualreport.project import Project

def resolve_codes(names: Iterable[str], source: str, project: Project | None = None) -> set[str]:
    """Codes, code prefixes (``AR1``) or rule names -> the codes they mean. ``project``: the
    names are its ``lint:`` settings, and a refusal names their line in annualreport.yaml."""
    codes: set[str] = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name in RULES_BY_NAME or name.lower() in RULES_BY_NAME:
            codes.add(RULES_BY_NAME[name.lower()].code)
            continue
        matched = {code for code in RULES if code.startswith(name.upper())}
        if not matched:
            raise InputError(_not_a_rule(name, source, project))
        codes |= matched
    return codes


def _not_a_rule(name: str, source: str, project: Project | None) -> Problem:
    from annualreport.wording import closest

    near = closest(name, [*RULES, *RULES_BY_NAME])
    rules = ", ".join(f"{code} ({rule.name})" for code, rule in RULES.items())
    hint = (f"did you mean '{near}'? " if near else "") + f"the rules are: {rules}; a prefix such as AR1 means every AR1 rule"
    file = line = None
    if project is not None:  # lint.select or lint.ignore: its line in annualreport.yaml
        from annualreport.config import CONFIG_NAME
        from annualreport.yamlsource import load_yaml

        file = project.root / CONFIG_NAME
        _, lines = load_yaml(file, project=project.root)
        line = lines.line_of(tuple(source.split(".")))
    said = f"'{name}' in {source}" if project is not None else f"{source} '{name}'"
    return Problem(f"{said} is not a rule code or name", file, line, hint=hint)


def selected_codes(project: Project, select: list[str] | None, ignore: list[str] | None) -> set[str]:
    settings = project.config.lint
    chosen = resolve_codes(*((select, "--select") if select else (settings.select or list(RULES), "lint.select", project)))
    chosen -= resolve_codes(*((ignore, "--ignore") if ignore is not None else (settings.ignore or [], "lint.ignore", project)))
    return chosen


def _words(project: Project) -> Words:
    try:
        return Words.default().extended(project.config.lint.word_lists())
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(Problem(f"the lint settings are not understood: {exc}", project.root / "annualreport.yaml", hint="see the README on lint settings")) from None


def lint_project(project: Project, select: list[str] | None = None, ignore: list[str] | None = None, include_templates: bool = True,
                 assembly=None, templates=None) -> LintResult:
    """``assembly`` (``content.assembly``) and ``templates`` (``render.templates``): the build's
    own, so that the lint reads what the build writes and nothing is made twice."""
    from annualreport.lint.rules import ALL
    from annualreport.render.templates import Templates

    codes = selected_codes(project, select, ignore)
    templates = templates if templates is not None else Templates(project)
    units = collect(project, include_templates, assembly, templates)
    ctx = LintContext(project, units, _words(project), units.assembly or assembly, templates)
    findings: list[Finding] = []
    for rule in ALL:
        if rule.code in codes and not rule.after_suppressions:
            findings += [f for f in rule.check(ctx) if f.code in codes]
    spans = {(s.file, s.line): s.lines for s in [*units.published, *units.statements]}
    findings = [f for f in findings if not _suppressed(f, units.suppressions, spans)]
    for rule in ALL:  # AR001: which suppressions were used is known only now
        if rule.code in codes and rule.after_suppressions:
            findings += rule.check(ctx)
    findings = masked(project, findings)
    findings.sort(key=lambda f: f.sort_key)
    return LintResult(findings, len(units.files))


def masked(project: Project, findings: list[Finding]) -> list[Finding]:
    """The findings with identifying information in their sentence, message and hint masked
    (the evidence values a message quotes included), as AR401 masks it, so that no finding (of
    any rule, in any format) repeats it. Every finding the lint returns has been through here."""
    from dataclasses import replace

    from annualreport.lint.identifying import for_project, mask

    identifying = for_project(project)

    def clean(value: str | None) -> str | None:
        return mask(value, identifying.scan(value)) if value else value

    out = []
    for finding in findings:
        text = finding.text if finding.code == "AR401" else clean(finding.text)  # AR401 masks its own
        message, hint = clean(finding.message), clean(finding.hint)
        same = (text, message, hint) == (finding.text, finding.message, finding.hint)
        out.append(finding if same else replace(finding, text=text, message=message, hint=hint))
    return out


def _suppressed(finding: Finding, suppressions: list[Suppression], spans: dict) -> bool:
    lines = spans.get((finding.file, finding.line), range(finding.line, finding.line + 1))
    for suppression in suppressions:
        if suppression.file == finding.file and suppression.line in lines:
            for name in suppression.names:
                if name in (finding.code, finding.rule):
                    suppression.used.add(name)
                    return True
    return False
