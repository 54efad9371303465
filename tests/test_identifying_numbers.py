"""NHS numbers and phone numbers in text for publication (AR401), at the edges of the
modulus 11 check and of the shapes the scanner reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from annualreport.lint.identifying import Identifying, nhs_number_valid
from annualreport.lint.identifying.numbers import national, spelled_digits
from conftest import run

#: valid NHS numbers whose check digit is 0 (the weighted sum is a multiple of 11)
CHECK_DIGIT_0 = ["828 836 0750", "942 080 9390", "729 806 3510"]


@pytest.mark.parametrize("number", CHECK_DIGIT_0)
def test_a_check_digit_of_0_is_valid(number: str):
    assert nhs_number_valid(number)
    # and one digit off is not
    assert not nhs_number_valid(number[:-1] + "1")


@pytest.mark.parametrize("number", ["943 476 5919", "4010232137", "452 984 1537"])
def test_valid_numbers(number: str):
    assert nhs_number_valid(number)


@pytest.mark.parametrize("number", ["943 476 5918", "943 476 591", "943 476 59190", "", "0000000001"])
def test_invalid_numbers(number: str):
    assert not nhs_number_valid(number)


@pytest.mark.parametrize(
    "first_nine, check",
    [
        ("000000001", "9"),  # weighted sum 2
        ("000000010", "8"),  # 3
        ("000000011", "6"),  # 5
        ("000000100", "7"),  # 4
        ("100000000", "1"),  # 10
        ("010000000", "2"),  # 9
        ("000000005", "1"),  # 10
        ("000000000", "0"),  # 0: a check of 11 is written 0
    ],
)
def test_the_check_digit_is_11_less_the_weighted_sum_mod_11(first_nine: str, check: str):
    """Weights 10 down to 2 on the first nine digits."""
    assert nhs_number_valid(first_nine + check)
    assert not any(nhs_number_valid(first_nine + d) for d in "0123456789" if d != check)


def test_a_check_of_10_makes_no_valid_number():
    assert not any(nhs_number_valid("000000006" + d) for d in "0123456789")  # weighted sum 12


@pytest.mark.parametrize("number", CHECK_DIGIT_0)
def test_the_scanner_finds_an_nhs_number_ending_in_0(number: str):
    scanner = Identifying()
    found = scanner.scan(f"Her NHS number is {number}.")
    assert [e.kind for e in found] == ["nhs-number"]
    assert "...50" in found[0].message or "...90" in found[0].message or "...10" in found[0].message


def test_the_lint_reports_an_nhs_number_ending_in_0(project: Path):
    """As a user sees it: AR401 on the line, the number masked."""
    section = project / "sections/2024/04-priorities.md"
    lines = section.read_text(encoding="utf-8").splitlines()
    section.write_text("\n".join(lines) + "\n\nThe referral gave the NHS number 828 836 0750 for the child.\n", encoding="utf-8")
    result = run("lint", "2024", "--project", project, "--select", "AR401", "--format", "text")
    assert result.exit_code == 1, result.output
    assert f"sections/2024/04-priorities.md:{len(lines) + 2}:" in result.output, result.output
    assert "AR401" in result.output and "NHS number" in result.output
    assert "828 836 0750" not in result.output  # masked


def test_spelled_digits_and_national_numbers():
    assert spelled_digits("seven double oh nine triple one") == "7009111"
    assert spelled_digits("0 7 7 0 0") == "07700"
    assert national("+44 (0)20 7946 0000") == "02079460000"
    assert national("020 7946 0000") == "02079460000"


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Call her on 07700 900123.", ["phone"]),
        ("Call her on +44 7700 900123.", ["phone"]),
        ("The family lived at 020 7946 0123.", ["phone"]),
        ("Telephone: 020 7946 0123 (switchboard).", []),
        ("Call 0300 123 4567 for advice.", []),
        ("NHS no. 9434765919 was given.", ["nhs-number"]),
        ("Reference 943-476-5919 was on the form.", ["nhs-number"]),
        ("Reference 943 476-5919 was on the form.", []),  # mixed separators: not the 3-3-4 shape
        ("Her number is oh seven seven double oh nine oh oh one two three.", ["phone"]),
    ],
)
def test_numbers_in_text(text: str, kinds: list[str]):
    assert [e.kind for e in Identifying().scan(text)] == kinds


# -- edges found by mutation testing (tests/README.md) -----------------------------------------

MOBILE = "oh seven seven double oh nine oh oh one two three"  # 07700900123


def test_a_spelled_out_mobile_is_found_where_it_is_and_named_by_its_last_two_digits():
    text = f"Her number is {MOBILE}, she said."
    found = Identifying().scan(text)
    assert [(e.kind, e.start, e.end, e.message) for e in found] == [
        ("phone", text.index("oh seven"), text.index(", she"), "a mobile phone number, spelled out (ending ...23)")]


def test_a_spelled_out_landline_is_not_called_a_mobile():
    text = "Ring oh one two three four five six seven eight nine oh now."
    assert [e.message for e in Identifying().scan(text)] == ["a phone number, spelled out (ending ...90)"]


def test_a_spelled_out_nhs_number_is_found_where_it_is():
    text = "NHS number eight two eight eight three six oh seven five oh given."
    found = [e for e in Identifying().scan(text) if e.kind == "nhs-number"]
    assert [(e.start, e.end, e.message) for e in found] == [
        (text.index("eight two"), text.index(" given"), "an NHS number, spelled out (ending ...50)")]


def test_ten_spelled_digits_that_are_no_number_pass():
    assert Identifying().scan("They counted one two three four five six seven eight nine one in the game.") == []


def test_a_short_spelled_run_does_not_hide_a_mobile_after_it():
    text = f"Call nine nine nine nine nine nine or {MOBILE}."
    assert [e.kind for e in Identifying().scan(text)] == ["phone"]


def test_an_organisation_phone_spelled_out_passes():
    assert Identifying(organisation_phones=["07700 900123"]).scan(f"Call {MOBILE}.") == []


@pytest.mark.parametrize(
    "text, found",
    [
        # ten digits in another grouping are an NHS number only when "NHS" is near
        ("Her NHS number, 9434 765 919, was shared.", [("nhs-number", "9434 765 919", "an NHS number (ending ...19)")]),
        ("Her number, 9434 765 919, was shared.", []),
        ("NHS: see below. " + "x" * 90 + " 9434 765 919 was given.", []),
        # and each number is reported once, as what it is
        ("Her NHS number 9434 765 919 and 020 7946 0123 at home.",
         [("nhs-number", "9434 765 919", "an NHS number (ending ...19)"),
          ("phone", "020 7946 0123", "a phone number (ending ...23) with nothing to show it is an organisation's")]),
        # a valid number starting 0 is an NHS number when grouped, a phone number's shape when not
        ("Reference 039 825 9798 was on the form.", [("nhs-number", "039 825 9798", "an NHS number (ending ...98)")]),
        ("Reference 0398259798 was on the form.", []),
    ],
)
def test_where_numbers_are_found_and_what_they_are_called(text: str, found: list):
    assert [(e.kind, text[e.start : e.end], e.message) for e in Identifying().scan(text)] == found


@pytest.mark.parametrize(
    "text, found",
    [
        # a number in digits and one spelled out on the same line: both
        ("Call 07700 900123 or oh seven seven double oh nine oh oh one two three.",
         [("phone", "07700 900123"), ("phone", "oh seven seven double oh nine oh oh one two three")]),
        # a London landline spelled out
        ("Ring oh two oh seven nine four six oh one two three now.", [("phone", "oh two oh seven nine four six oh one two three")]),
        # a landline passes beside an organisation's e-mail address, not beside anyone's
        ("Email a@b.com or ring 020 7946 0123.", [("email", "a@b.com"), ("phone", "020 7946 0123")]),
        ("Email duty@harrowfield.gov.uk or ring 020 7946 0123.", []),
    ],
)
def test_numbers_beside_other_findings(text: str, found: list):
    scanner = Identifying(organisation_domains=["harrowfield.gov.uk"])
    assert [(e.kind, text[e.start : e.end]) for e in scanner.scan(text)] == found
