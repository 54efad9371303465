"""Citations and their numbers, in process: how ``[@a; @b]`` is found, and how its numbers
are written (``[4, 6]``, ``[4, 5]``, ``[4–6]``). The same seen in the built report is in
tests/test_register.py."""

from __future__ import annotations

import pytest

from annualreport.citations import CitationNumbers, cited_ids, find_citations, replace_citations, strip_citations

IDS = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]  # numbered 1 to 9
NUMBERS = CitationNumbers(IDS)


@pytest.mark.parametrize(
    "ids, written",
    [
        (("d",), "[4]"),
        (("d", "f"), "[4, 6]"),  # not a range: 5 is not cited
        (("d", "e"), "[4, 5]"),  # two in a row are two numbers
        (("d", "e", "f"), "[4–6]"),  # three or more in a row are a range
        (("f", "d", "e"), "[4–6]"),  # in number order, whatever the order cited
        (("a", "c", "d", "e", "f", "h", "i"), "[1, 3–6, 8, 9]"),
        (("d", "d"), "[4]"),  # cited twice in one group: once
        (("d", "nowhere"), "[4]"),  # an id with no number is left out
        (("a", "b", "c", "d", "e", "f", "g", "h", "i"), "[1–9]"),
    ],
)
def test_plain_labels(ids: tuple[str, ...], written: str):
    assert NUMBERS.plain(ids) == written


def test_runs():
    assert NUMBERS.runs(("c", "d", "e", "i")) == [(3, 5), (9, 9)]
    assert NUMBERS.runs(("b", "d")) == [(2, 2), (4, 4)]
    assert NUMBERS.runs(()) == []


def test_markdown_links_each_number_to_its_register_entry():
    assert NUMBERS.markdown(("d", "f")) == "\\[[4](#ev-4), [6](#ev-6)\\]"
    assert NUMBERS.markdown(("d", "e", "f")) == "\\[[4](#ev-4)–[6](#ev-6)\\]"
    assert NUMBERS.markdown(("d", "e")) == "\\[[4](#ev-4), [5](#ev-5)\\]"


def test_numbers_follow_the_order_given_not_the_alphabet():
    numbers = CitationNumbers(["zebra", "apple", "mango"])
    assert numbers.number == {"zebra": 1, "apple": 2, "mango": 3}
    assert numbers.plain(("apple",)) == "[2]"


def test_finding_citations():
    text = "One [@a]. Two [@b; @c-d], three [@e, p. 4; @f.g:h], none [a] [@] [-@x]."
    found = find_citations(text)
    assert [c.ids for c in found] == [("a",), ("b", "c-d"), ("e", "f.g:h"), ("x",)]
    assert text[found[0].start : found[0].end] == "[@a]"
    assert text[found[1].start : found[1].end] == "[@b; @c-d]"
    assert cited_ids(text) == ["a", "b", "c-d", "e", "f.g:h", "x"]


def test_an_id_ends_with_a_letter_a_digit_or_an_underscore():
    assert cited_ids("[@item-2024.] [@item_]") == ["item-2024", "item_"]


def test_stripping_citations_takes_the_space_before_them():
    assert strip_citations("It rose by 5 [@a; @b]. It fell [@c].") == "It rose by 5. It fell."


def test_replacing_citations_leaves_groups_without_an_id():
    text = "See [@a; @c] and [not a citation] and [@b]."
    assert replace_citations(text, NUMBERS.plain) == "See [1, 3] and [not a citation] and [2]."
