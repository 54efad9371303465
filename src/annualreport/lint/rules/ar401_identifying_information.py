"""AR401 identifying-information (the scanning itself is ``lint.identifying``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding
    from annualreport.lint.identifying import Exposure
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


class IdentifyingInformation(Rule):
    """A child's name, date of birth, address, postcode, NHS number, private phone or e-mail in text for publication

    ## What it finds
    Information that could identify a child or family in any text that reaches a published
    document: a child's name next to a word for a child ("her son Liam"), a date of birth,
    an age with a full date, a home address or postcode, a valid NHS number, a private
    phone number or e-mail address. It reads the sections, the YAML narrative, the
    committee text, the templates' fixed text, and all else that reaches an output (raw
    blocks, code, HTML, image alt text, the evidence values the tables show). The sentence
    in the finding has what was found masked ("[NHS number]"), so the lint's own output
    does not spread it.

    ## Why it matters
    The yearly report is published. Practice reviews and case examples are about real
    children; a name, a postcode or an NHS number in a public document is a data breach
    that can put a child at risk and cannot be taken back. This is why AR401 stops every
    build, `--strict` or not, and why `lint: ignore` does not let a build through.

    ## Example
    ```markdown
    The NHS number 943 476 5919 was on the referral for her son Liam.
    ```

    ## How to mend it
    Leave it out: use the review's pseudonym ("Child A"), an age or age band instead of a
    date of birth, the area or ward instead of an address. A member of staff's name goes in
    `lint: allow_names`, an organisation's e-mail domain in `lint: organisation_domains`,
    its phone number in a contact line or in `lint: organisation_phones`. Where a text has
    been checked by hand, `<!-- annualreport: ignore AR401 -->` on its line.
    """

    code = "AR401"
    name = "identifying-information"
    severity = "error"

    def check(self, ctx: "LintContext") -> Iterable[Finding]:
        from annualreport.lint.identifying import for_project, mask

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
                yield ctx.finding(self.code, s.file, line, column, f"{exposure.message} in text for publication", masked, hint=HINTS[exposure.kind])
