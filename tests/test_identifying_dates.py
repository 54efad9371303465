"""Dates of birth and a child's age next to a full date (AR401, lint/identifying/dates.py),
edge by edge. Each case was added because a mutant of dates.py survived the corpora (see the
mutation section of tests/README.md)."""

from __future__ import annotations

import pytest

from annualreport.lint.identifying import dates


def found(text: str) -> list[tuple[str, str, str]]:
    return [(e.kind, text[e.start : e.end], e.message) for e in dates.find(text, text.lower())]


DOB = "a date of birth"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Her d.o.b. is 12/03/2015.", [("date-of-birth", "d.o.b. is 12/03/2015", DOB)]),
        ("Her D. O. B 12 March 2015 was on file.", [("date-of-birth", "D. O. B 12 March 2015", DOB)]),
        ("He was born on 4 May 2016.", [("date-of-birth", "born on 4 May 2016", DOB)]),
        # one finding for "date of birth ... born ...", and every birth in the text
        ("Date of birth: born 4 May 2016.", [("date-of-birth", "Date of birth: born 4 May 2016", DOB)]),
        ("Liam was born on 4 May 2016 and Ava was born on 9 June 2018.",
         [("date-of-birth", "born on 4 May 2016", DOB), ("date-of-birth", "born on 9 June 2018", DOB)]),
        # a period, or children in the plural, is not one child's birth
        ("Children born between 1 April 2016 and 31 March 2017 were counted.", []),
        ("Children born on 1 April 2016 were counted.", []),
        ("Of the children, those born on 1 April 2016 were counted. He was born on 4 May 2016.",
         [("date-of-birth", "born on 4 May 2016", DOB)]),
    ],
)
def test_dates_of_birth(text: str, expected: list):
    assert found(text) == expected


def test_an_age_in_years_of_age_next_to_a_full_date():
    text = "The girl, 15 years of age, was seen on 3 March 2024."
    assert [kind for kind, _, _ in found(text)] == ["age-with-date"]
