"""Identifying information never leaves the lint, whichever rule reports the sentence and in
whichever format; and an NHS number, a phone number or a date of birth is never a claim's figure
(issue 9, point 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annualreport.lint.text import Words, classify, find_figures
from conftest import run

WORDS = Words.default()
FORMATS = ("text", "json", "sarif", "github")

#: kind -> (a sentence wrapped over two lines as an editor wraps prose, the digits that must
#: never be shown, what the AR401 message says of it)
SENTENCES = {
    "nhs-number": ("Staff checked the record for NHS number 452 984\n1537 and found 12 contacts [@repeat-cp-plans].", "4529841537", "an NHS number (ending ...37)"),
    "phone": ("The worker rang the mother on 07700\n900123 to arrange 13 visits [@repeat-cp-plans].", "07700900123", "a mobile phone number (ending ...23)"),
    "date-of-birth": ("The child, born\n03/04/2015, had 13 placements [@repeat-cp-plans].", "03042015", "a date of birth"),
}


def leaked(output: str, digits: str) -> bool:
    """The digits in order, whatever stands between them as a format writes white space,
    separators or escapes ("\\n" in JSON, "%0A" in a GitHub command)."""
    between = r"(?:\s|\\n|\\r|\\t|%0A|%0D|[ ./\-])*"
    return re.search(between.join(digits), output) is not None


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    from conftest import ROOT, copy_project

    project = copy_project(ROOT, tmp_path_factory.mktemp("masking") / "project")
    section = project / "sections/2024/04-priorities.md"
    added = "\n\n".join(sentence for sentence, _, _ in SENTENCES.values())
    added += "\n\nThe family of the child with NHS number 943 476 5919 were seen 17 times [@repeat-cp-plans].\n"
    added += "\nA child with NHS number 943 476 5919 was seen by 3 agencies.\n"
    section.write_text(section.read_text(encoding="utf-8") + "\n\n" + added, encoding="utf-8")
    out = {}
    for name in FORMATS:
        result = run("lint", "2024", "--project", project, "--format", name)
        assert result.exit_code == 1, result.output  # AR401 at least
        out[name] = result.output
    return out


@pytest.mark.parametrize("kind", SENTENCES)
@pytest.mark.parametrize("name", FORMATS)
def test_every_format_reports_and_masks_information_wrapped_over_a_line(outputs, name: str, kind: str):
    """A line break inside the number or date: AR401 reports it, and no finding shows it
    (the text format joins the lines, so it used to print the whole number)."""
    _, digits, message = SENTENCES[kind]
    assert message in outputs[name], outputs[name]
    assert not leaked(outputs[name], digits), outputs[name]


@pytest.mark.parametrize("name", FORMATS)
def test_no_finding_calls_part_of_an_nhs_number_a_figure(outputs, name: str):
    output = outputs[name]
    for piece in ("943", "476", "5919"):
        assert f"'{piece}'" not in output, output
    # the real figures of those sentences are still read: 17 is not in repeat-cp-plans, and
    # the sentence without a citation is a claim for its "3 agencies"
    assert "'17' is not in the cited evidence" in output, output
    assert "figure '3'" in output, output


#: sentences whose only numbers identify someone: one per kind and way of writing it
NOT_FIGURES = [
    "The child with NHS number 943 476 5919 was seen.",
    "The child with NHS number 9434765919 was seen.",
    "The child with NHS number 943 476\n5919 was seen.",
    "The mother's mobile, 07700 900123, was recorded.",
    "The worker rang 020 7946 0321 twice.",
    "The child, born 03/04/2015, was seen.",
    "The child (DOB 3 March 2015) was seen.",
]


def test_identifying_numbers_are_not_figures():
    read = {sentence: [f.text for f in find_figures(sentence, WORDS)] for sentence in NOT_FIGURES}
    assert read == {sentence: [] for sentence in NOT_FIGURES}
    assert not any(classify(sentence, WORDS).is_claim for sentence in NOT_FIGURES)


def test_figures_beside_identifying_numbers_are_still_read():
    figures = [f.text for f in find_figures("NHS number 943 476 5919 was one of 12 cases.", WORDS)]
    assert figures == ["12"]


def test_the_hint_is_masked_too(project: Path):
    """The hint is shown in the text format: it goes through the same masking."""
    from annualreport.lint import masked
    from annualreport.lint.findings import Finding
    from annualreport.project import load_project

    finding = Finding("AR102", "unknown-evidence", "error", "x.md", 1, 1, "m", "t", hint="did you mean the record of 943 476 5919?")
    (out,) = masked(load_project(project, 2024), [finding])
    assert "943 476 5919" not in out.hint and "[NHS number]" in out.hint
