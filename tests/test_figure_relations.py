"""AR103 follows what the sentence says (issue 9, point 4): a figure derived from two cited
values (a difference, a percentage change, a proportion, a total) matches only when the
sentence says that relation; with an item of several values, a wrong figure no longer passes
because it happens to equal some other relation of two of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annualreport.lint.text import Words, find_figures
from conftest import run

WORDS = Words.default()


def matches(sentence: str, values: list[float], totals: list[float] = (), figure: str | None = None) -> bool:
    """Whether ``values`` hold the sentence's figure (the one written ``figure``, if it has several)."""
    from annualreport.lint.text.figure_match import figure_matches

    (found,) = [f for f in find_figures(sentence, WORDS) if figure is None or f.text == figure]
    return figure_matches(found, values, sentence, totals)


#: (the relation, the sentence saying it, the same figure without it, the cited values)
CUES = [
    ("difference", "Referrals rose by 25 this year.", "Referrals were 25 this year.", [14, 39]),
    ("difference", "Plans fell by 25 this year.", "Plans stood at 25 this year.", [39, 14]),
    ("difference", "Contacts increased by 25.", "Contacts numbered 25.", [14, 39]),
    ("difference", "Contacts decreased by 25.", "Contacts numbered 25.", [39, 14]),
    ("difference", "Referrals were higher than last year by 25.", "Referrals were high at 25.", [14, 39]),
    ("difference", "Referrals were up 25 on the year.", "Referrals came to 25 in the year.", [14, 39]),
    ("difference", "Plans were down 25 on the year.", "Plans came to 25 in the year.", [39, 14]),
    ("difference", "There were 25 more referrals.", "There were 25 referrals.", [14, 39]),
    ("difference", "There were 25 fewer plans.", "There were 25 plans.", [39, 14]),
    ("difference", "The budget rose by £25,000.", "The budget was £25,000.", [100000, 125000]),
    ("difference", "It rose by 7 percentage points.", "It was 7 percentage points.", [84, 91]),
    ("percentage change", "Referrals rose by 25%.", "Referrals were 25% of contacts last year.", [120, 150]),
    ("percentage change", "Referrals fell by 25%.", "25% of referrals were repeats.", [200, 150]),
    ("percentage change", "Contacts increased by 25%.", "Contacts were 25%.", [120, 150]),
    ("percentage change", "Contacts decreased by 25%.", "Contacts were 25%.", [200, 150]),
    ("percentage change", "There was a 25% increase in contacts.", "There was a 25% share of contacts.", [120, 150]),
    ("percentage change", "There was a 25% decrease in contacts.", "There was a 25% share of contacts.", [200, 150]),
    ("percentage change", "There was a 25% rise in contacts.", "There was a 25% share of contacts.", [120, 150]),
    ("percentage change", "There was a 25% fall in contacts.", "There was a 25% share of contacts.", [200, 150]),
    ("percentage change", "There was a 25% reduction in contacts.", "There was a 25% share of contacts.", [200, 150]),
    ("proportion", "40% of referrals led to an assessment.", "Assessments reached 40%.", [20, 50]),
    ("proportion", "Of these reviews, 40% were on time.", "Reviews on time were 40%.", [20, 50]),
    ("proportion", "The proportion of reviews on time was 40%.", "Reviews on time were 40%.", [20, 50]),
    ("proportion", "Two in five referrals led to an assessment.", "Assessments reached 40%.", [20, 50]),
    ("proportion", "2 out of 5 referrals led to an assessment.", "Assessments reached 40%.", [20, 50]),
    ("proportion", "A third of referrals led to an assessment.", "Assessments reached 33%.", [10, 30]),
    ("total", "A total of 345 children were on a plan.", "There were 345 children on a plan.", [300, 45]),
    ("total", "345 children were on a plan in all.", "345 children were on a plan.", [300, 45]),
    ("total", "Altogether 345 children were on a plan.", "Last year 345 children were on a plan.", [300, 45]),
    ("total", "The two areas had 345 plans combined.", "The two areas had 345 plans.", [300, 45]),
]


def ascii_id(text: str) -> str:
    """An id pytest matches again when it collects twice in one process, as mutmut does (it
    escapes a given id's "£" anew each time, and the second id no longer matches the first)."""
    return text.replace("£", "GBP ")


@pytest.mark.parametrize("relation, said, unsaid, values", CUES, ids=[ascii_id(f"{c[0]}: {c[1]}") for c in CUES])
def test_a_relation_counts_only_when_the_sentence_says_it(relation: str, said: str, unsaid: str, values: list[float]):
    assert matches(said, values), said
    assert not matches(unsaid, values), unsaid


#: (the figure, the sentence saying its relation, the same figure without it, the cited values)
IN_BRACKETS = [
    ("15%", "Referrals rose by 53 (15%) on last year.", "Referrals were 53 (15%) last year.", [345, 398]),
    ("15%", "Referrals were 398, up 53 (15%) on last year.", "Referrals were 398 (15%) last year.", [345, 398]),
    ("63%", "Reviews on time were 63% (15 of 24).", "Reviews on time were 63% (15 last year).", [15, 24]),
    ("a third", "Attendance increased by a third.", "Attendance was a third.", [300, 400]),
]


@pytest.mark.parametrize("figure, said, unsaid, values", IN_BRACKETS, ids=[ascii_id(c[1]) for c in IN_BRACKETS])
def test_a_figure_in_brackets_or_in_words_is_read_with_the_words_around_it(figure: str, said: str, unsaid: str, values: list[float]):
    assert matches(said, values, figure=figure), said
    assert not matches(unsaid, values, figure=figure), unsaid


def test_percentage_points_are_a_difference_not_a_percentage_change():
    # 84 -> 91: a rise of 7 points, or of 8.3%; "8.3 percentage points" is neither
    assert matches("It rose by 7 percentage points.", [84, 91])
    assert not matches("It rose by 8.3 percentage points.", [84, 91])
    assert matches("It rose by 8.3%.", [84, 91])


def test_a_percentage_change_needs_its_own_cue_not_a_proportion():
    # 120 -> 150 is a rise of 25%; "25% of" says a proportion, and 120 / 150 is 80%
    assert not matches("25% of contacts were referred.", [120, 150])
    assert matches("Contacts rose by 25%.", [120, 150])


def test_a_rise_is_not_a_proportion():
    # 20 of 50 is 40%, but the sentence says the figure is a rise
    assert not matches("Referrals rose by 40%.", [20, 50])


def test_totals_of_an_item_count_only_as_a_total():
    # a scorecard's three yearly values add up to 65.9: a meaningless sum unless called a total
    values, totals = [21.4, 24.8, 19.7], [65.9]
    assert not matches("There were 65.9 repeat plans.", values, totals)
    assert matches("There were 65.9 repeat plans in total.", values, totals)


# -- as a user sees it ------------------------------------------------------------------------


def ar103(project: Path, sentence: str) -> list[dict]:
    section = project / "sections/2024/04-priorities.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n\n" + sentence + "\n", encoding="utf-8")
    result = run("lint", "2024", "--project", project, "--select", "AR103", "--format", "json")
    return json.loads(result.output)


def test_a_wrong_figure_that_equals_a_difference_of_the_item_is_reported(project: Path):
    """cp-plan-rate holds 48.2, 52.6 and 56.1: 7.9 is 56.1 - 48.2, but the sentence gives it
    as the rate, not as a change; it used to pass by chance."""
    found = ar103(project, "The rate of children on a plan was 7.9 per 10,000 [@cp-plan-rate].\n\n"
                           "The rate of children on a plan rose by 7.9 per 10,000 over two years [@cp-plan-rate].")
    assert [f["message"] for f in found] == ["'7.9' is not in the cited evidence (cp-plan-rate holds: 45, 48.2, 52.6, 56.1)"], found
    assert "was 7.9" in found[0]["text"]  # the rise by 7.9 is accepted


def test_a_wrong_percentage_that_equals_a_sum_or_a_difference_is_reported(project: Path):
    """repeat-cp-plans holds 21.4, 24.8 and 19.7 (%): 65.9% is their sum and 5.1% a
    difference; neither is a share of new plans."""
    found = ar103(project, "Of new plans, 65.9% were repeat plans, and 5.1% were a third plan [@repeat-cp-plans].")
    assert sorted(f["message"].split("'")[1] for f in found) == ["5.1%", "65.9%"], found


def test_the_hint_says_which_relation_would_match(project: Path):
    section = project / "sections/2024/04-priorities.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n\nThe rate of children on a plan was 7.9 per 10,000 [@cp-plan-rate].\n", encoding="utf-8")
    result = run("lint", "2024", "--project", project, "--select", "AR103", "--format", "text")
    assert "'7.9' is a difference of cited values, but the sentence does not say so" in result.output, result.output
    assert "'rose by N'" in result.output, result.output


# -- the sentences the build writes itself ---------------------------------------------------


def test_a_generated_figure_is_a_value_of_its_part_or_a_share_of_its_totals():
    """The build's own sentences come from the whole part (a total row, attendance by agency),
    but only as values, totals, counts and shares of them: a figure that is merely the
    difference of two values somewhere in the part is not accepted (with enough evidence
    every figure is one by chance, and the search grows with the square of the evidence)."""
    from annualreport.lint.text.figure_match import figure_derives, figure_in_part

    def figure(sentence: str):
        (found,) = find_figures(sentence, WORDS)
        return found

    values, aggregates = [10, 33, 40, 100], [40, 100]
    assert figure_in_part(figure("Police attended 40 places."), values, aggregates)
    assert figure_in_part(figure("Police filled 40% of places."), values, aggregates)  # 40 of 100
    assert not figure_in_part(figure("Police attended 23 places."), values, aggregates)  # 33 - 10
    assert not figure_in_part(figure("Police filled 25% of places."), values, aggregates)  # 10 of 40, but 10 is no total
    # a row's own items: any relation of two of them (the change of a course's confidence)
    assert figure_derives(figure("Confidence rose by 23."), [10, 33])


def test_a_wrong_figure_in_a_generated_table_is_reported_at_its_evidence(project: Path, monkeypatch: pytest.MonkeyPatch):
    """A figure in the attendance-by-agency table that no course holds, no total makes and
    no share gives is reported, at the training evidence, naming a few of the items and
    not every course of the part."""
    from annualreport.content.yearly import YearlyReportWriter

    written = YearlyReportWriter.part_training

    def tampered(self) -> str:
        markdown = written(self)
        table = markdown.index("## Attendance by agency")
        row = markdown.index("\n|", markdown.index("|-", table))  # the first agency's row
        cells = markdown[row + 1 : markdown.index("\n", row + 1)].split("|")
        cells[2] = " 4,321 "  # its number attended
        return markdown[: row + 1] + "|".join(cells) + markdown[markdown.index("\n", row + 1) :]

    monkeypatch.setattr(YearlyReportWriter, "part_training", tampered)
    result = run("lint", "2024", "--project", project, "--select", "AR103", "--format", "json")
    found = json.loads(result.output)
    assert [f["message"].split("'")[1] for f in found] == ["4,321"], found
    assert found[0]["file"].endswith("training.yaml")
    assert " more hold: " in found[0]["message"] and found[0]["message"].count("course-") <= 6, found[0]["message"]
