"""What a board manager meets while writing the evidence (issue 11): the lint's hints in the
syntax of the file they are about, aims and the figures of a title not taken for claims, the
words AR105 accepts listed, a colon in a list item, the year as it is written, names refused
with the names that would do, and counts said by number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import run

PRIORITIES = "evidence/2024/priorities.yaml"


def lint(project: Path, *args: str) -> tuple[int, list[dict]]:
    result = run("lint", "2024", "--project", project, "--format", "json", *args)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output or "[]")


BLOCK = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):\d+: (?P<code>AR\d+) (?P<message>.*)\n(?:  \| (?P<text>.*)\n)?(?:  = mend: (?P<hint>.*))?", re.M)


def lint_text(project: Path) -> list[dict]:
    """The findings as the text format prints them, with their mends (JSON has none)."""
    result = run("lint", "2024", "--project", project)
    assert "Traceback" not in result.output
    return [match.groupdict() | {"line": int(match["line"])} for match in BLOCK.finditer(result.output)]


def edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, file: str, text: str) -> int:
    lines = (project / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


# --- AR101's hint in a YAML file is in YAML, and works as told ---------------------------------

UNEVIDENCED = {
    "one line": "      - Practice improved markedly across the partnership.\n",
    "two lines": "      - Joint working became much stronger\n        and faster this year.\n",
    "quoted": '      - "Review: the partnership\'s practice was strong."\n',
}


def test_the_ar101_hint_in_yaml_is_a_yaml_comment_that_works_where_it_says(project: Path):
    """Each finding's hint, pasted into the YAML file as it says (a '#' comment at the end of the
    line it names), lets the lint pass, and leaves the evidence's text as it was."""
    edit(project, PRIORITIES, "    evidence: [audit-neglect, data-gcp2]\n", "")  # its lines then rest on their own citations
    edit(project, PRIORITIES, "    done:\n", "    done:\n" + "".join(UNEVIDENCED.values()))
    edit(project, "evidence/2024/partnership.yaml", "Working Together to Safeguard Children, and published [@doc-arrangements].",
         "Working Together to Safeguard Children, and published [@doc-arrangements]. Partners now work together very well.")
    before = yaml.safe_load((project / PRIORITIES).read_text(encoding="utf-8"))
    found = [f for f in lint_text(project) if f["code"] == "AR101"]
    flagged = {(f["file"], f["text"][:20]) for f in found}
    assert {(PRIORITIES, "Practice improved ma"), (PRIORITIES, "Joint working became"), (PRIORITIES, "Review: the partners"),
            ("evidence/2024/partnership.yaml", "Partners now work to")} <= flagged, found
    for finding in found:
        hint = finding["hint"]
        assert "<!--" not in hint, hint  # Markdown's syntax, not YAML's
        told = re.search(r"(# annualreport: ignore \S+) at the end of line (\d+)", hint)
        assert told, hint
        path = project / finding["file"]
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[int(told.group(2)) - 1] += " " + told.group(1)
        path.write_text("\n".join(lines), encoding="utf-8")
    code, findings = lint(project)
    assert [f for f in findings if f["code"] in ("AR101", "AR001")] == [], findings
    assert code == 0
    assert yaml.safe_load((project / PRIORITIES).read_text(encoding="utf-8")) == before


def test_the_ar101_hint_in_a_section_is_in_markdown(project: Path):
    section = project / "sections/2024/05-reviews.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nMulti-agency working with schools has improved and is now strong.\n", encoding="utf-8")
    (finding,) = [f for f in lint_text(project) if f["code"] == "AR101"]
    assert "<!-- annualreport: ignore unevidenced-claim -->" in finding["hint"] and "# annualreport" not in finding["hint"]


# --- an aim is a purpose; a figure of a title is a name ----------------------------------------

def test_a_priority_aim_and_a_group_purpose_are_not_claims(project: Path):
    edit(project, PRIORITIES, "Every agency recognises neglect early, and families get help that changes children's\n      lives before their needs grow.",
         "Children experiencing neglect get timely, effective help, and partners work well together.")
    edit(project, "evidence/2024/partnership.yaml", "purpose: Sets the priorities and the budget,", "purpose: Makes partnership working strong and effective; sets the priorities and the budget,")
    _, findings = lint(project)
    assert [f for f in findings if f["code"] == "AR101"] == []


INDICATOR = """
  - id: missing-3plus
    title: Children who went missing three or more times in the year
    source: Missing children records
    as_of: 2025-03-31
    confidence: high
    unit: count
    better: lower
    values: {"2023-24": 41, "2024-25": 35}
"""


def test_a_figure_in_a_cited_indicator_title_is_not_checked_as_a_figure(project: Path):
    path = project / "evidence/2024/performance.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + INDICATOR, encoding="utf-8")
    section = project / "sections/2024/05-reviews.md"
    text = section.read_text(encoding="utf-8").rstrip("\n")
    sentences = [
        "Children who went missing three or more times in the year fell from 41 to 35 [@missing-3plus].",  # passes
        "We watch the number of children who went missing three or more times in the year.",  # no claim at all
        "Children who went missing four or more times in the year fell to 35 [@missing-3plus].",  # 'four' is not the title's
        "Children who went missing three or more times in the year fell to 36 [@missing-3plus].",  # 36 is not held
    ]
    section.write_text(text + "\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    first = text.count("\n") + 3
    _, findings = lint(project)
    flagged = sorted((f["code"], f["line"], f["message"].split("'")[1]) for f in findings if f["severity"] == "error")
    assert flagged == [("AR103", first + 4, "four"), ("AR103", first + 6, "36")], flagged


# --- AR105: the words that say how far to trust a sentence, listed and all accepted ----------------

def test_ar105_lists_the_words_it_accepts_and_accepts_each_of_them(project: Path):
    section = project / "sections/2024/06-training.md"
    text = section.read_text(encoding="utf-8").rstrip("\n")
    section.write_text(text + "\n\nMost attendees changed their practice [@survey-training-followup].\n", encoding="utf-8")
    (finding,) = [f for f in lint_text(project) if f["code"] == "AR105"]
    words = re.findall(r"'([^']+)'", finding["hint"].split("with one of:", 1)[1])
    assert "provisional" in words and "indicative" in words, finding["hint"]
    sentences = [f"Most attendees changed their practice ({word.replace('...', 'this')}) [@survey-training-followup]." for word in words]
    sentences.append("On provisional figures, 79 of 118 attendees changed their practice [@survey-training-followup].")
    section.write_text(text + "\n\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    _, findings = lint(project)
    assert [f["text"] for f in findings if f["code"] == "AR105"] == []


# --- a colon inside a list item ----------------------------------------------------------------

def test_a_colon_in_a_list_item_says_what_happened_and_the_quoted_mend_works(project: Path):
    old = "      - The multi-agency audit judged 15 of 24 cases"
    edit(project, PRIORITIES, old, "      - Audit result: the multi-agency audit judged 15 of 24 cases")
    line = line_of(project, PRIORITIES, "Audit result:")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 2
    assert f"{PRIORITIES}:{line}: entry 2 of 'impact' became a 'key: value' pair, because its text has ': ' in it" in result.output, result.output
    assert "input should be" not in result.output.lower()
    mend = re.search(r"mend: put the whole text in quotes: (- \".*\")$", result.output, re.M)
    assert mend, result.output
    lines = (project / PRIORITIES).read_text(encoding="utf-8").split("\n")
    lines[line - 1] = " " * 6 + mend.group(1)
    (project / PRIORITIES).write_text("\n".join(lines), encoding="utf-8")
    code, findings = lint(project)
    assert code == 0, findings
    impact = yaml.safe_load((project / PRIORITIES).read_text(encoding="utf-8"))["priorities"][0]["impact"][1]
    assert impact.startswith("Audit result: the multi-agency audit judged 15 of 24 cases")


# --- the year as it is written -----------------------------------------------------------------

@pytest.mark.parametrize("year", ["2024-25", "2024/25", "2024-2025", "2024/2025"])
def test_lint_takes_the_year_as_the_report_labels_it(project: Path, year: str):
    result = run("lint", year, "--project", project)
    assert result.exit_code == 0, result.output
    assert result.output == run("lint", "2024", "--project", project).output


def test_build_takes_the_year_as_the_report_labels_it(project: Path):
    result = run("build", "2024-25", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (project / "build/2024/annual-report-2024-25.docx").is_file()


@pytest.mark.parametrize(("year", "says"), [
    ("2024-26", "'2024-26' is not one reporting year: the year after 2024 is 2025"),
    ("twenty24", "'twenty24' is not a year"),
    ("20245", "'20245' is not a year"),
    ("24-25", "'24-25' is not a year"),
])
@pytest.mark.parametrize("command", ["lint", "build"])
def test_a_year_that_is_not_one_is_refused_in_our_words(project: Path, command: str, year: str, says: str):
    result = run(command, year, "--project", project, "--format", "json" if command == "lint" else "docx")
    assert result.exit_code == 2
    assert f"YEAR {says}" in result.output, result.output
    assert "mend: write" in result.output
    assert "input should be" not in result.output.lower() and "Invalid value" not in result.output


def test_an_up_to_date_build_reads_the_year_as_labelled_before_typer_is_loaded():
    from annualreport.commands.up_to_date import parse

    assert parse(["2024-25", "--format", "docx"])["year"] == 2024
    assert parse(["2024/25"])["year"] == 2024
    assert parse(["2024-26"]) is None  # the build itself says why


def test_import_and_init_take_the_year_as_labelled(tmp_path: Path):
    result = run("init", tmp_path / "new", "--year", "2025-26")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new/evidence/2025").is_dir()
    result = run("init", tmp_path / "other", "--year", "2025-27")
    assert result.exit_code == 2 and "--year '2025-27' is not one reporting year" in result.output


# --- choices in any case; refusals list what would do ----------------------------------------------

def test_confidence_and_rag_are_read_in_any_case(project: Path):
    edit(project, PRIORITIES, "confidence: medium", "confidence: High")
    edit(project, PRIORITIES, "rag: amber", "rag: Amber")
    code, findings = lint(project)
    assert code == 0, findings


def test_a_confidence_that_is_none_of_the_three_lists_them(project: Path):
    edit(project, PRIORITIES, "confidence: medium", "confidence: certain")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 2
    assert "'confidence' is 'certain', which is not one of the allowed values" in result.output
    assert "mend: use one of: 'high', 'medium' or 'low'" in result.output


def test_an_unknown_agency_is_refused_with_the_agencies_ids(project: Path):
    edit(project, "evidence/2024/partners.yaml", "agency: hbc", "agency: health")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 2
    assert "'health' is not the id of any agency in partnership.yaml" in result.output
    assert "use the id of an agency in partnership.yaml: 'hbc', 'police', 'icb'" in result.output, result.output
    assert "a agency" not in result.output


def test_a_misspelt_lint_setting_gets_did_you_mean(project: Path):
    edit(project, "annualreport.yaml", "\npartnership:", "\nlint:\n  ignroe: [AR106]\npartnership:")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 2 and "did you mean 'ignore'?" in result.output, result.output


def test_a_misspelt_word_list_gets_did_you_mean():
    from annualreport.lint.text import Words

    with pytest.raises(ValueError, match="did you mean 'judgement_words'"):
        Words.default().extended({"judgment_words": ["sound"]})


def test_an_unknown_rule_in_the_settings_is_located_and_the_rules_listed(project: Path):
    edit(project, "annualreport.yaml", "\npartnership:", "\nlint:\n  ignore: [unused-evidense]\npartnership:")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 2
    assert "annualreport.yaml:" in result.output and "'unused-evidense' in lint.ignore is not a rule code or name" in result.output
    assert "did you mean 'unused-evidence'?" in result.output and "AR101 (unevidenced-claim)" in result.output


# --- counts by number; flags without a type --------------------------------------------------

def test_one_error_is_one_error(project: Path):
    section = project / "sections/2024/05-reviews.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nMulti-agency working with schools has improved and is now strong.\n", encoding="utf-8")
    result = run("build", "2024", "--project", project, "--format", "docx", "--strict")
    assert result.exit_code == 1
    assert "the lint found 1 error, and --strict stops the build" in result.output, result.output
    assert "1 errors" not in result.output


def test_check_template_counts_by_number(tmp_path: Path):
    from test_templates import COVERING, PURPOSE, edit_template

    path = edit_template(COVERING, tmp_path / "covering.docx", PURPOSE, "<w:t>{{ committee.purpse }}</w:t>")
    result = run("check-template", path)
    assert result.exit_code == 1 and "(covering template): 1 error, 0 other notes" in result.output, result.output


@pytest.mark.parametrize("command", [[], ["build"], ["lint"], ["watch"], ["import"], ["init"], ["schema"], ["template-vars"], ["check-template"]])
def test_help_shows_a_flag_as_a_flag(command: list[str]):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "<bool>" not in result.output, result.output
    if not command:
        assert re.search(r"^\s*--version\s+Print the version", result.output, re.M), result.output
