"""Identifying information in text for publication (AR401): a child's name next to a word
for a child, a date of birth, an age with a full date, a home address or postcode, an NHS
number, a private phone number or e-mail address.

Every sentence is scanned, claims or not: the Markdown sections, the YAML narrative, the
committee text of annualreport.yaml and the templates' fixed text; and every other text that
reaches an output (``lint.published``): raw blocks, code, HTML, image alt text, and the
evidence values that the generated tables show. The sentence shown in a finding has what was
found masked ("[NHS number]"), so the lint's output does not spread it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.findings import Finding
from annualreport.lint.identifying import Exposure, for_project, mask

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.units import Statement

HINTS = {
    "child-name": "use the review's pseudonym ('Child A', 'Child Jody') or leave the name out; if it is a member of staff, add the name to lint: allow_names in annualreport.yaml",
    "date-of-birth": "leave the date of birth out; an age, or an age band, is enough",
    "age-with-date": "give the age or the date, not both; or give the month and year only",
    "address": "leave the address out; name the area or the ward instead",
    "postcode": "leave the postcode out; name the area or the ward instead",
    "nhs-number": "remove the NHS number",
    "phone": "remove the number; if it is an organisation's, write it in a contact line ('Telephone: ...') or add it to lint: organisation_phones in annualreport.yaml",
    "email": "remove the address; if the domain is an organisation's, add it to lint: organisation_domains in annualreport.yaml",
}


def place(statement: "Statement", exposure: Exposure) -> tuple[int, int]:
    """The line and column of an exposure in the statement's file."""
    text = statement.text
    newlines = text.count("\n", 0, exposure.start)
    if not newlines:
        return statement.line, statement.column + exposure.start
    return statement.line + newlines, exposure.start - text.rfind("\n", 0, exposure.start)


class IdentifyingInformation:
    codes = ("AR401",)

    def check(self, ctx: "LintContext") -> Iterable[Finding]:
        identifying = for_project(ctx.project)
        seen: set[tuple] = set()
        for s in [*ctx.units.statements, *getattr(ctx.units, "published", ())]:
            exposures = identifying.scan(s.text)
            if not exposures:
                continue
            masked = mask(s.text, exposures)
            for exposure in exposures:
                line, column = place(s, exposure)
                key = (s.file, line, exposure.kind, s.text[exposure.start:exposure.end])
                if key in seen:  # the same text read twice (a sentence and its table's value)
                    continue
                seen.add(key)
                yield ctx.finding("AR401", s.file, line, column, f"{exposure.message} in text for publication", masked, hint=HINTS[exposure.kind])
