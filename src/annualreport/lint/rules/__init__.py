"""The lint's rules, each a small unit behind one interface (after ruff's).

A rule has the ``code`` of the catalogue and a ``check(ctx)`` that yields findings. Adding a
rule is adding a module here and a line in ``ALL``.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from annualreport.lint.context import LintContext
from annualreport.lint.findings import Finding
from annualreport.lint.rules import accessibility, claims, evidence, identifying, statutory, templates


class Rule(Protocol):
    codes: tuple[str, ...]

    def check(self, ctx: LintContext) -> Iterable[Finding]: ...


ALL: tuple[Rule, ...] = (
    claims.UnevidencedClaim(),
    claims.UnknownEvidence(),
    claims.FigureNotInEvidence(),
    claims.LowConfidenceEvidence(),
    evidence.EvidenceOutOfPeriod(),
    evidence.UnusedEvidence(),
    statutory.StatutoryContentMissing(),
    templates.TemplateError(),
    identifying.IdentifyingInformation(),
    accessibility.Accessibility(),
)
