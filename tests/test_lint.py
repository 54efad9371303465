"""The lint as a board manager runs it: the sample is clean, and each way of breaking it is
found with the exact code, file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
import yaml

from conftest import run


def lint(project: Path, *args: str):
    result = run("lint", "2024", "--project", project, "--format", "json", *args)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output or "[]")


def append_line(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + line + "\n"
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


def first_id(project: Path, kind: str, key: str) -> tuple[str, dict]:
    data = yaml.safe_load((project / f"evidence/2024/{kind}.yaml").read_text(encoding="utf-8"))
    item = data[key][0]
    return item["id"], item


def test_the_sample_lints_clean(project: Path):
    code, findings = lint(project)
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors == [], errors
    assert code == 0


def test_a_claim_without_a_citation(project: Path):
    section = project / "sections/2024/04-priorities.md"
    line = append_line(section, "Referrals to the front door rose by 40% in the year.")
    code, findings = lint(project)
    assert code == 1
    assert {(f["code"], f["file"], f["line"], f["column"]) for f in findings if f["severity"] == "error"} == {("AR101", "sections/2024/04-priorities.md", line, 1)}
    finding = next(f for f in findings if f["code"] == "AR101")
    assert finding["rule"] == "unevidenced-claim" and finding["text"].startswith("Referrals to the front door")


def test_a_judgement_without_a_citation(project: Path):
    section = project / "sections/2024/05-reviews.md"
    line = append_line(section, "Multi-agency working with schools has improved and is now strong.")
    code, findings = lint(project)
    assert [(f["code"], f["line"]) for f in findings if f["severity"] == "error"] == [("AR101", line)]


def test_plans_questions_and_thanks_are_not_claims(project: Path):
    section = project / "sections/2024/05-reviews.md"
    append_line(section, "We will improve the timeliness of health assessments next year. How well do we listen to fathers? We thank all the schools for their work.")
    code, findings = lint(project, "--select", "AR101")
    assert findings == [] and code == 0


def test_an_unknown_id(project: Path):
    section = project / "sections/2024/03-about.md"
    line = append_line(section, "The partnership's budget grew [@budget-2099].")
    code, findings = lint(project)
    assert code == 1
    unknown = [f for f in findings if f["code"] == "AR102"]
    assert [(f["file"], f["line"]) for f in unknown] == [("sections/2024/03-about.md", line)]


def test_a_wrong_figure(project: Path):
    indicator_id, indicator = first_id(project, "performance", "indicators")
    section = project / "sections/2024/06-training.md"
    line = append_line(section, f"The figure for this indicator reached 987.6 this year [@{indicator_id}].")
    code, findings = lint(project)
    wrong = [f for f in findings if f["code"] == "AR103"]
    assert [(f["file"], f["line"]) for f in wrong] == [("sections/2024/06-training.md", line)]
    assert "987.6" in wrong[0]["message"] and indicator_id in wrong[0]["message"]
    assert code == 1


def test_a_right_figure_written_another_way_passes(project: Path):
    indicator_id, indicator = first_id(project, "performance", "indicators")
    value = indicator["values"]["2024-25"]
    section = project / "sections/2024/06-training.md"
    append_line(section, f"The figure for this indicator was {value:,} this year [@{indicator_id}].")
    code, findings = lint(project, "--select", "AR103")
    assert findings == []


def test_evidence_out_of_period(project: Path):
    path = project / "evidence/2024/voice.yaml"
    item_id, item = first_id(project, "voice", "feedback")
    text = path.read_text(encoding="utf-8")
    old = f"as_of: {item['as_of']}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "as_of: 2023-01-15", 1), encoding="utf-8")
    id_line = text[: text.index(f"id: {item_id}")].count("\n") + 1
    code, findings = lint(project)
    late = [f for f in findings if f["code"] == "AR104"]
    assert [(f["file"], f["line"], f["severity"]) for f in late] == [("evidence/2024/voice.yaml", id_line, "warning")]
    assert code == 0  # a warning is not an error


def test_a_missing_statutory_part(project: Path):
    path = project / "evidence/2024/voice.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["feedback"]:
        item["changed"] = []
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, findings = lint(project, "--select", "AR201")
    assert [(f["code"], f["file"], f["line"]) for f in findings] == [("AR201", "evidence/2024/voice.yaml", 1)]
    assert "feedback from children and families" in findings[0]["message"]
    assert code == 1


def test_suppression_and_an_unused_suppression(project: Path):
    section = project / "sections/2024/04-priorities.md"
    append_line(section, "In our view the partnership is strong. <!-- annualreport: ignore unevidenced-claim -->")
    line = append_line(section, "We will meet in June. <!-- annualreport: ignore AR101 -->")
    code, findings = lint(project)
    assert [(f["code"], f["line"]) for f in findings if f["code"] in ("AR101", "AR001")] == [("AR001", line)]


def test_select_and_ignore(project: Path):
    section = project / "sections/2024/04-priorities.md"
    append_line(section, "Referrals rose by 40% in the year.")
    assert lint(project, "--ignore", "AR101")[0] == 0
    assert lint(project, "--ignore", "unevidenced-claim")[0] == 0
    code, findings = lint(project, "--select", "AR1")
    assert code == 1 and {f["code"][:3] for f in findings} == {"AR1"}
    result = run("lint", "2024", "--project", project, "--select", "AR999")
    assert result.exit_code == 2 and "AR999" in result.output


def test_text_format_is_ruff_like(project: Path):
    section = project / "sections/2024/04-priorities.md"
    line = append_line(section, "Referrals rose by 40% in the year.")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 1
    assert re.search(rf"^sections/2024/04-priorities.md:{line}:1: AR101 ", result.output, re.M)
    assert "Referrals rose by 40% in the year." in result.output
    assert re.search(r"^Found 1 error", result.output, re.M)


def test_github_format(project: Path):
    section = project / "sections/2024/04-priorities.md"
    line = append_line(section, "Referrals rose by 40% in the year.")
    result = run("lint", "2024", "--project", project, "--format", "github", "--select", "AR101")
    assert result.output.strip().splitlines() == [line_ for line_ in result.output.strip().splitlines() if re.fullmatch(r"::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+", line_)]
    assert f"file=sections/2024/04-priorities.md,line={line},col=1" in result.output


def test_sarif_from_the_command_line_validates(project: Path):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    section = project / "sections/2024/04-priorities.md"
    append_line(section, "Referrals rose by 40% in the year.")
    result = run("lint", "2024", "--project", project, "--format", "sarif")
    log = json.loads(result.output)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["results"][0]["ruleId"] in {"AR101", "AR106"}


def test_build_marks_every_page_draft_when_the_lint_finds_errors(project: Path):
    append_line(project / "sections/2024/04-priorities.md", "Referrals rose by 40% in the year.")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(project / "build/2024/annual-report-2024-25.docx"))
    for section in document.sections:
        assert "DRAFT" in section.header.paragraphs[0].text
        assert "DRAFT" in section.first_page_header.paragraphs[0].text
    manifest = json.loads((project / "build/2024/manifest.json").read_text())
    assert manifest["findings"]["error"] == 1


def test_strict_build_stops_and_leaves_no_outputs(project: Path):
    append_line(project / "sections/2024/04-priorities.md", "Referrals rose by 40% in the year.")
    result = run("build", "2024", "--project", project, "--format", "docx", "--strict")
    assert result.exit_code == 1
    assert "AR101" in result.output
    assert not (project / "build/2024").exists()


def test_a_clean_build_has_no_draft_mark(project: Path):
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0
    document = docx.Document(str(project / "build/2024/annual-report-2024-25.docx"))
    assert not any("DRAFT" in p.text for s in document.sections for p in s.header.paragraphs)
    assert json.loads((project / "build/2024/manifest.json").read_text())["findings"]["error"] == 0


def test_the_claims_real_reports_make_are_flagged_and_pass_when_cited(project: Path):
    indicator_id, _ = first_id(project, "performance", "indicators")
    section = project / "sections/2024/05-reviews.md"
    lines = [append_line(section, text) for text in (
        "The escalation policy is clear.",
        "No practice reviews were commissioned this year.",
        "As the chart can show, health partners were slow to respond.",
    )]
    code, findings = lint(project, "--select", "AR101")
    assert code == 1 and sorted(f["line"] for f in findings) == lines
    text = section.read_text(encoding="utf-8")
    for sentence in ("clear.", "this year.", "respond."):
        text = text.replace(sentence, sentence[:-1] + f" [@{indicator_id}].")
    section.write_text(text, encoding="utf-8")
    code, findings = lint(project, "--select", "AR101")
    assert findings == [] and code == 0
