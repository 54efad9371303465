"""Children's first names (AR401, lint/identifying/names.py), edge by edge: what is taken for a
child's name and what is not. Each case here was added because a mutant of names.py survived
the corpora (tests/test_identifying.py): see the mutation section of tests/README.md."""

from __future__ import annotations

import pytest

from annualreport.lint.identifying import names


def found(text: str) -> list[str]:
    return [text[e.start : e.end] for e in names.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a name not on the list, after an age: it must look like a name
        ("Eight-year-old Bartek was seen.", ["Bartek"]),
        ("Eight-year-old Tomas was seen.", ["Tomas"]),  # -as, -os, -us, -is are names, not plurals
        ("Eight-year-old Markos was seen.", ["Markos"]),
        ("Eight-year-old Darius was seen.", ["Darius"]),
        ("Eight-year-old Alois was seen.", ["Alois"]),
        ("Eight-year-old Zeb was seen.", ["Zeb"]),  # three letters are enough
        ("Eight-year-old Apprentices were seen.", []),  # a plural
        ("The eight-year-old Transition plan was agreed.", []),  # shaped like a word of prose
        ("her stepson Kyrie", ["Kyrie"]),
        # titles: a doctor's or a saint's name is not a child's
        ("The girl was seen by Dr James, aged 52.", []),
        ("Dr James, aged 52, saw the girl.", []),
        ("The boy was seen by Dr Okafor, aged 52.", []),
        ("Liam, aged 4, was seen.", ["Liam"]),
        # names that are words, at the start of a sentence
        ("Will the girl be safe at home?", []),
        # months beside a day
        ("On 3 May the girl was seen by her GP.", []),
        ("On 3rd May the girl was seen.", []),
        # "X was 7" for a name not on the list needs a word for a person in the same sentence
        ("Tomek was 5 and his mother worked nights.", ["Tomek"]),
        ("Tomek was 5 and his mother worked nights", ["Tomek"]),  # no full stop at the end
        ("Tomek was 5 and the report was late. His mother worked.", []),
    ],
)
def test_what_is_taken_for_a_childs_name(text: str, expected: list[str]):
    assert found(text) == expected
