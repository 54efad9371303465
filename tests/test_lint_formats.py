"""The lint's output formats: text, json, github and sarif (annualreport.lint.formats)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from annualreport import __version__
from annualreport.lint.catalogue import RULES, RULES_BY_NAME, pascal_case
from annualreport.lint.findings import Finding, LintResult
from annualreport.lint.formats import FORMATS, render
from annualreport.lint.formats.github import escape_data, escape_property, github_path
from annualreport.lint.formats.text import TEXT_WIDTH

DATA = Path(__file__).resolve().parent / "data"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
INTERFACE_KEYS = ["code", "rule", "severity", "file", "line", "column", "message", "text"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

LONG_SENTENCE = (
    "The partnership's multi-agency audit of neglect cases found that in 41 of 60 cases the plan was "
    "reviewed on time, and that in most of the others the delay was under a fortnight, which the "
    "board has accepted as a fair basis for the year ahead."
)

FINDINGS = [
    Finding(
        "AR101", "unevidenced-claim", "error", "sections/2024/02-priorities.md", 14, 1,
        "claim cites no evidence", "Child protection plans fell from 600 to 100.",
        hint="cite the evidence that holds these figures, e.g. [@cp-plans-2024]",
    ),
    Finding(
        "AR103", "figure-not-in-evidence", "error", "sections/2024/02-priorities.md", 3, 12,
        "412 is not in the cited evidence cp-plans-2024", LONG_SENTENCE,
    ),
    Finding(
        "AR104", "evidence-out-of-period", "warning", "sections/2024/01-intro.md", 7, 5,
        "cp-plans-2019 is dated 2019-03-31, outside 2024-04-01 to 2025-03-31", "Plans rose [@cp-plans-2019].",
        hint="cite evidence from the reporting period, or say why older figures are used",
    ),
    Finding(
        "AR501", "accessibility", "warning", "sections/2024/03-learning.md", 22, 1,
        "image has no alt text", "![](charts/plans.png)",
    ),
    Finding(
        "AR106", "unused-evidence", "info", "evidence/2024/training.yaml", 9, 3,
        "evidence training-2024 is cited nowhere",
    ),
]
RESULT = LintResult(findings=list(FINDINGS), files=12)
ROOT = Path("/srv/reports/partnership")


def out(name: str, result: LintResult = RESULT, *, color: bool = False, project_root: Path = ROOT) -> str:
    return render(name, result, color=color, project_root=project_root)


def one(finding: Finding, **changes) -> LintResult:
    data = {**finding.as_json(), "hint": finding.hint, **changes}
    return LintResult(findings=[Finding(**data)], files=1)


# --- the interface ------------------------------------------------------------------------------


def test_every_format_is_registered_under_its_name():
    assert set(FORMATS) == {"text", "json", "github", "sarif"}
    for name, formatter in FORMATS.items():
        assert formatter.name == name
        assert isinstance(formatter.render(RESULT, color=False, project_root=ROOT), str)


def test_an_unknown_format_is_refused_by_name():
    with pytest.raises(ValueError, match="xml.*text, json, github, sarif"):
        out("xml")


@pytest.mark.parametrize("name", ["text", "json", "github", "sarif"])
def test_output_has_no_final_newline_and_ignores_input_order(name):
    shuffled = LintResult(findings=list(reversed(FINDINGS)), files=12)
    assert out(name, shuffled) == out(name)
    assert not out(name).endswith("\n")


# --- the catalogue ------------------------------------------------------------------------------

INTERFACE_TABLE = {
    "AR101": ("unevidenced-claim", "error"),
    "AR102": ("unknown-evidence", "error"),
    "AR103": ("figure-not-in-evidence", "error"),
    "AR104": ("evidence-out-of-period", "warning"),
    "AR105": ("low-confidence-evidence", "warning"),
    "AR106": ("unused-evidence", "info"),
    "AR201": ("statutory-content-missing", "error"),
    "AR301": ("template-error", "error"),
    "AR401": ("identifying-information", "error"),
    "AR501": ("accessibility", "warning"),
    "AR001": ("unused-suppression", "warning"),
}


def test_catalogue_holds_the_interface_codes():
    assert {code: (rule.name, rule.severity) for code, rule in RULES.items()} == INTERFACE_TABLE
    for code, rule in RULES.items():
        assert rule.code == code
        assert re.fullmatch(r"AR\d{3}", code)
        assert rule.description and rule.description[0].isupper() and not rule.description.endswith(".")
        assert RULES_BY_NAME[rule.name] is rule
    assert RULES["AR101"].description == "A claim with no citation"
    assert RULES["AR001"].description == "A suppression comment that suppresses nothing"
    assert RULES["AR104"].title == "EvidenceOutOfPeriod"
    assert pascal_case("accessibility") == "Accessibility"


# --- text ---------------------------------------------------------------------------------------

HEADER = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>AR\d{3}) (?P<message>\S.*)$")


def blocks(text: str) -> tuple[list[list[str]], str]:
    *finding_blocks, summary = text.split("\n\n")
    return [block.split("\n") for block in finding_blocks], summary


def test_text_one_block_per_finding_sorted_by_file_line_column():
    found, summary = blocks(out("text"))
    headers = [HEADER.match(block[0]) for block in found]
    assert all(headers), found
    places = [(m["file"], int(m["line"]), int(m["col"])) for m in headers]
    assert places == sorted(places)
    assert places == [
        ("evidence/2024/training.yaml", 9, 3),
        ("sections/2024/01-intro.md", 7, 5),
        ("sections/2024/02-priorities.md", 3, 12),
        ("sections/2024/02-priorities.md", 14, 1),
        ("sections/2024/03-learning.md", 22, 1),
    ]
    assert summary == "Found 2 errors, 2 warnings, 1 info in 12 files."


def test_text_block_shape_sentence_and_mend():
    found, _ = blocks(out("text"))
    by_code = {HEADER.match(block[0])["code"]: block for block in found}
    assert by_code["AR101"] == [
        "sections/2024/02-priorities.md:14:1: AR101 claim cites no evidence",
        "  | Child protection plans fell from 600 to 100.",
        "  = mend: cite the evidence that holds these figures, e.g. [@cp-plans-2024]",
    ]
    # no hint: no mend line; no sentence: no sentence line
    assert by_code["AR501"] == ["sections/2024/03-learning.md:22:1: AR501 image has no alt text", "  | ![](charts/plans.png)"]
    assert by_code["AR106"] == ["evidence/2024/training.yaml:9:3: AR106 evidence training-2024 is cited nowhere"]
    for block in found:
        assert all(line.startswith(("  | ", "  = mend: ")) for line in block[1:])


def test_text_long_sentence_is_truncated():
    found, _ = blocks(out("text"))
    sentence = next(block[1] for block in found if "AR103" in block[0])
    assert len(LONG_SENTENCE) > TEXT_WIDTH
    assert sentence.startswith("  | The partnership's multi-agency audit")
    assert sentence.endswith("...")
    assert len(sentence) <= len("  | ") + TEXT_WIDTH


def test_text_without_color_has_no_ansi_codes():
    assert "\x1b" not in out("text", color=False)
    assert "\x1b" not in out("text", LintResult([], 3), color=False)


def test_text_with_color_colours_code_by_severity_and_bolds_path():
    coloured = out("text", color=True)
    assert "\x1b[1;31mAR101\x1b[0m" in coloured  # error: red
    assert "\x1b[1;33mAR104\x1b[0m" in coloured  # warning: yellow
    assert "\x1b[1;36mAR106\x1b[0m" in coloured  # info: cyan
    assert "\x1b[1msections/2024/02-priorities.md\x1b[0m:14:1: " in coloured
    # the same words as without colour
    assert ANSI.sub("", coloured) == out("text", color=False)
    assert ANSI.sub("", out("text", LintResult([], 2), color=True)) == out("text", LintResult([], 2))


def test_text_summary_counts_and_plurals():
    assert out("text", LintResult([], 12)) == "All checks passed: no findings in 12 files."
    assert out("text", LintResult([], 1)) == "All checks passed: no findings in 1 file."
    assert blocks(out("text", one(FINDINGS[0])))[1] == "Found 1 error in 1 file."
    assert blocks(out("text", LintResult(FINDINGS[2:], 4)))[1] == "Found 2 warnings, 1 info in 4 files."


def test_text_finding_without_line_or_column():
    whole_file = Finding("AR201", "statutory-content-missing", "error", "sections/2024", 0, 0, "no section on learning")
    no_column = Finding("AR301", "template-error", "error", "templates/annual.docx", 4, 0, "unknown tag {{ foo }}")
    found, _ = blocks(out("text", LintResult([whole_file, no_column], 2)))
    assert [block[0] for block in found] == [
        "sections/2024: AR201 no section on learning",
        "templates/annual.docx:4: AR301 unknown tag {{ foo }}",
    ]


def test_text_keeps_each_finding_on_its_lines_and_the_terminal_safe():
    result = one(FINDINGS[0], message="claim cites\nno evidence", text="Plans fell\n\tfrom 600\x1b[2J to 100.")
    (block,), _ = blocks(out("text", result))
    assert block[0] == "sections/2024/02-priorities.md:14:1: AR101 claim cites no evidence"
    assert block[1] == "  | Plans fell from 600\ufffd[2J to 100."
    assert "\x1b" not in out("text", result)


# --- json ---------------------------------------------------------------------------------------


def test_json_is_an_array_with_exactly_the_interface_keys():
    text = out("json")
    data = json.loads(text)
    assert isinstance(data, list) and len(data) == len(FINDINGS)
    for item in data:
        assert list(item) == INTERFACE_KEYS
        assert "hint" not in item
    expected = [f.as_json() for f in sorted(FINDINGS, key=lambda f: f.sort_key)]
    assert data == expected
    assert [Finding(**item) for item in data] == sorted(FINDINGS, key=lambda f: f.sort_key)


def test_json_is_pretty_printed_and_empty_is_an_empty_array():
    text = out("json")
    assert text.startswith("[\n  {\n    \"code\": ")
    assert out("json", LintResult([], 5)) == "[]"


def test_json_round_trips_any_text():
    odd = "£1.2m for Zoë's team — \"quoted\", 50% \\ back\nslash\t\u2028"
    result = one(FINDINGS[0], message=odd, text=odd)
    text = out("json", result)
    assert text.isascii()
    assert json.loads(text)[0]["message"] == odd
    assert json.loads(text)[0]["text"] == odd


# --- github -------------------------------------------------------------------------------------

# GitHub's documented form of a workflow command:
#   ::workflow-command parameter1={data},parameter2={data}::{command value}
# with, for annotations, the parameters title, file, col, endColumn, line, endLine.
# After escaping, no value may hold a raw newline, and no property a raw ',' or ':'.
PROPERTY = r"(?:title|file|col|endColumn|line|endLine)=[^,:\r\n]*"
ANNOTATION = re.compile(rf"^::(?P<command>error|warning|notice)(?: (?P<props>{PROPERTY}(?:,{PROPERTY})*))?::(?P<data>[^\r\n]*)$")


def unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return unescape_data(value.replace("%3A", ":").replace("%2C", ","))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = ANNOTATION.match(line)
    assert match, line
    props = dict(prop.split("=", 1) for prop in match["props"].split(","))
    return match["command"], {k: unescape_property(v) for k, v in props.items()}, unescape_data(match["data"])


def test_github_one_annotation_per_finding():
    lines = out("github").split("\n")
    assert len(lines) == len(FINDINGS)
    parsed = [parse(line) for line in lines]
    for (command, props, data), finding in zip(parsed, sorted(FINDINGS, key=lambda f: f.sort_key)):
        assert command == {"error": "error", "warning": "warning", "info": "notice"}[finding.severity]
        assert props == {
            "file": finding.file,
            "line": str(finding.line),
            "col": str(finding.column),
            "title": f"{finding.code} {finding.rule}",
        }
        assert data == finding.message
    assert lines[0] == (
        "::notice file=evidence/2024/training.yaml,line=9,col=3,title=AR106 unused-evidence"
        "::evidence training-2024 is cited nowhere"
    )


def test_github_escapes_message_and_properties():
    message = "100% of plans, reviewed: on time\r\nsee note: 5,6"
    result = one(FINDINGS[0], message=message, file="sections/2024/a,b:c%d.md")
    (line,) = out("github", result).split("\n")
    assert line == (
        "::error file=sections/2024/a%2Cb%3Ac%25d.md,line=14,col=1,title=AR101 unevidenced-claim"
        "::100%25 of plans, reviewed: on time%0D%0Asee note: 5,6"
    )
    command, props, data = parse(line)
    assert data == message
    assert props["file"] == "sections/2024/a,b:c%d.md"
    assert escape_data("a%b\nc\rd:e,f") == "a%25b%0Ac%0Dd:e,f"
    assert escape_property("a%b\nc\rd:e,f") == "a%25b%0Ac%0Dd%3Ae%2Cf"


def test_github_no_findings_is_no_output():
    assert out("github", LintResult([], 3)) == ""


def test_github_paths_are_relative_to_the_workspace(tmp_path, monkeypatch):
    project = tmp_path / "repo" / "examples" / "county"
    project.mkdir(parents=True)
    assert github_path("sections/2024/a.md", project, str(tmp_path / "repo")) == "examples/county/sections/2024/a.md"
    assert github_path("sections/2024/a.md", tmp_path / "repo", str(tmp_path / "repo")) == "sections/2024/a.md"
    assert github_path("sections/2024/a.md", project, str(tmp_path / "elsewhere")) == "sections/2024/a.md"
    assert github_path("sections/2024/a.md", project, None) == "sections/2024/a.md"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "repo"))
    (line,) = out("github", one(FINDINGS[0]), project_root=project).split("\n")
    assert parse(line)[1]["file"] == "examples/county/sections/2024/02-priorities.md"


# --- sarif --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft4Validator  # the official schema is draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def sarif(result: LintResult = RESULT, project_root: Path = ROOT) -> dict:
    return json.loads(out("sarif", result, project_root=project_root))


def test_sarif_validates_against_the_official_schema(sarif_validator, tmp_path):
    assert_valid(sarif_validator, sarif())
    assert_valid(sarif_validator, sarif(LintResult([], 0)))
    assert_valid(sarif_validator, sarif(project_root=tmp_path / "with space"))
    # a finding without a place, and one of a rule the catalogue does not know
    odd = [
        Finding("AR201", "statutory-content-missing", "error", "sections/2024", 0, 0, "no section on learning"),
        Finding("AR999", "brand-new-rule", "info", "sections/2024/01-intro.md", 1, 0, ""),
    ]
    assert_valid(sarif_validator, sarif(LintResult(odd, 1)))


def test_sarif_schema_check_is_real(sarif_validator):
    # the schema does catch a broken log, so the test above means something
    log = sarif()
    log["runs"][0]["results"][0]["level"] = "info"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(sarif_validator.iter_errors(log))) == 2


def test_sarif_log_and_tool():
    log = sarif()
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "annualreport"
    assert driver["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": ROOT.resolve().as_uri() + "/"}}


def test_sarif_rules_list_every_code_that_appears():
    run = sarif()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted({f.code for f in FINDINGS})
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["AR101"]["name"] == "UnevidencedClaim"
    assert by_id["AR101"]["shortDescription"] == {"text": "A claim with no citation"}
    assert by_id["AR101"]["defaultConfiguration"] == {"level": "error"}
    assert by_id["AR104"]["defaultConfiguration"] == {"level": "warning"}
    assert by_id["AR106"]["defaultConfiguration"] == {"level": "note"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results():
    results = sarif()["runs"][0]["results"]
    ordered = sorted(FINDINGS, key=lambda f: f.sort_key)
    assert [r["ruleId"] for r in results] == [f.code for f in ordered]
    assert [r["level"] for r in results] == [{"error": "error", "warning": "warning", "info": "note"}[f.severity] for f in ordered]
    by_code = {r["ruleId"]: r for r in results}
    assert by_code["AR101"]["message"] == {"text": "claim cites no evidence"}
    (location,) = by_code["AR101"]["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "sections/2024/02-priorities.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 14, "startColumn": 1, "snippet": {"text": "Child protection plans fell from 600 to 100."}},
    }
    # no sentence, no snippet
    region = by_code["AR106"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 9, "startColumn": 3}


def test_sarif_uris(tmp_path):
    root = tmp_path / "my reports"
    result = one(FINDINGS[0], file="sections/2024/02 priorities#1.md")
    run = sarif(result, project_root=root)["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/") and " " not in base
    assert Path(unquote(urlsplit(base).path)) == root.resolve()
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "sections/2024/02%20priorities%231.md"
    assert unquote(uri) == "sections/2024/02 priorities#1.md"
    assert not urlsplit(uri).scheme


def test_sarif_finding_without_place_or_known_rule():
    odd = [
        Finding("AR201", "statutory-content-missing", "error", "sections/2024", 0, 0, "no section on learning"),
        Finding("AR999", "brand-new-rule", "info", "sections/2024/01-intro.md", 2, 0, ""),
    ]
    run = sarif(LintResult(odd, 1))["runs"][0]
    first, second = run["results"]
    assert "region" not in first["locations"][0]["physicalLocation"]
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert second["message"]["text"] == "brand-new-rule"
    new = run["tool"]["driver"]["rules"][second["ruleIndex"]]
    assert new["id"] == "AR999" and new["name"] == "BrandNewRule"
    assert new["defaultConfiguration"] == {"level": "note"}
