"""SARIF 2.1.0, the static-analysis log that GitHub code scanning (and many editors) read.

One run; the tool's ``rules`` list every rule that has a finding, from ``catalogue.RULES``;
each result points at its file relative to ``%SRCROOT%``, which ``originalUriBaseIds`` sets to
the project folder. Columns count Unicode characters (``columnKind: unicodeCodePoints``), as the
lint does. The sentence the finding is about goes in ``region.snippet.text``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from annualreport import __version__
from annualreport.lint.catalogue import RULES, pascal_case
from annualreport.lint.findings import Finding, LintResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _level(severity: str) -> str:
    return LEVEL.get(severity, "warning")


def _descriptor(code: str, first: Finding) -> dict:
    rule = RULES.get(code)
    if rule is not None:
        name, description, severity = rule.title, rule.description, rule.severity
    else:  # a rule the catalogue does not know yet: describe it from its finding
        name, description, severity = pascal_case(first.rule), first.rule, first.severity
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": description},
        "defaultConfiguration": {"level": _level(severity)},
        "properties": {"rule": first.rule if rule is None else rule.name},
    }


def _location(finding: Finding) -> dict:
    physical: dict = {"artifactLocation": {"uri": quote(finding.file, safe="/"), "uriBaseId": SRCROOT}}
    if finding.line >= 1:
        region: dict = {"startLine": finding.line}
        if finding.column >= 1:
            region["startColumn"] = finding.column
        if finding.text:
            region["snippet"] = {"text": finding.text}
        physical["region"] = region
    return {"physicalLocation": physical}


def root_uri(project_root: Path) -> str:
    uri = Path(project_root).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def sarif_log(result: LintResult, project_root: Path) -> dict:
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.code, finding)
    codes = sorted(first)
    index = {code: i for i, code in enumerate(codes)}
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": _level(f.severity),
            "message": {"text": f.message or f.rule},
            "locations": [_location(f)],
        }
        for f in findings
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "annualreport",
                        "version": __version__,
                        "rules": [_descriptor(code, first[code]) for code in codes],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri(project_root)}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


class SarifFormatter:
    name = "sarif"

    def render(self, result: LintResult, *, color: bool, project_root: Path) -> str:
        return json.dumps(sarif_log(result, project_root), indent=2)
