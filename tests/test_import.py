"""`annualreport import`: a training system's export becomes training.yaml, and hand-written work survives.

The expected figures are worked out here from the spreadsheet itself (openpyxl and csv), not
by the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from annualreport.commands import import_
from annualreport.main import app
from conftest import ROOT, copy_project, run, tree_digest

if "import" not in [c.name for c in app.registered_commands]:
    import_.register(app)

XLSX = ROOT / "examples" / "training-export.xlsx"
CSV = ROOT / "examples" / "training-export.csv"
START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)

# the booking system's spelling of each agency -> the id in partnership.yaml, written out by hand
AGENCY_IDS = {
    "Harrowfield Borough Council": "hbc",
    "Northvale Police": "police",
    "Northvale & Harrowfield Integrated Care Board": "icb",
    "Harrowfield Hospitals NHS Foundation Trust": "hospital",
    "Harrowfield Community Health NHS Trust": "community-health",
    "Harrowfield Schools and Colleges": "schools",
    "Probation Service - Northvale Delivery Unit": "probation",
    "Harrowfield Youth Justice Service": "yjs",
    "Harrowfield Homes": "housing",
    "Northvale Fire and Rescue Service": "fire",
    "Harrowfield Voluntary Action": "vcs",
}


def bookings_from_xlsx() -> list[dict]:
    book = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    rows = [list(r) for r in book["Bookings"].iter_rows(values_only=True)]
    book.close()
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Booking ref")
    header = rows[start]
    return [dict(zip(header, r)) for r in rows[start + 1 :] if any(v not in (None, "") for v in r)]


def expected_courses() -> dict[str, dict]:
    """Course title -> sessions, places, attendance by agency id, evaluation, from the workbook."""
    courses: dict[str, dict] = defaultdict(lambda: {"dates": set(), "places": 0, "attendance": Counter(), "pairs": [], "code": None, "level": None})
    for row in bookings_from_xlsx():
        day = row["Session date"]
        day = day.date() if isinstance(day, dt.datetime) else day
        if not START <= day <= END:
            continue
        course = courses[row["Course"]]
        course["code"], course["level"] = row["Course ID"], row["Level"]
        course["dates"].add(day)
        course["places"] += 1
        if row["Attended (Y/N)"] == "Y":
            course["attendance"][AGENCY_IDS[row["Agency/Organisation"]]] += 1
        before, after = row["Confidence before (1-5)"], row["Confidence after (1-5)"]
        if before is not None and after is not None:
            course["pairs"].append((before, after))
    result = {}
    for title, c in courses.items():
        pairs = c["pairs"]
        result[title] = {
            "code": c["code"],
            "level": c["level"],
            "sessions": len(c["dates"]),
            "places": c["places"],
            "attendance": dict(c["attendance"]),
            "evaluation": {
                "scale": 5,
                "before": round(sum(b for b, _ in pairs) / len(pairs), 1),
                "after": round(sum(a for _, a in pairs) / len(pairs), 1),
                "respondents": len(pairs),
            } if pairs else None,
        }
    return result


def training(project: Path) -> dict[str, dict]:
    data = yaml.safe_load((project / "evidence" / "2024" / "training.yaml").read_text(encoding="utf-8"))
    return {c["title"]: c for c in data["courses"]}


def do_import(project: Path, file: Path = XLSX, *extra: str, kind: str = "training"):
    return run("import", kind, file, "--year", "2024", "--project", project, "--yes", *extra)


def test_the_example_is_a_realistic_size():
    bookings = bookings_from_xlsx()
    assert 200 <= len(bookings) <= 300
    with CSV.open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(bookings)


def test_bookings_become_courses_with_the_right_figures(project: Path):
    result = do_import(project, XLSX, "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.output
    courses = training(project)
    expected = expected_courses()
    assert set(expected) <= set(courses)
    for title, want in expected.items():
        got = courses[title]
        assert got["sessions"] == want["sessions"], title
        assert got["places"] == want["places"], title
        assert got["attendance"] == want["attendance"], title
        assert got["level"] == want["level"], title
        if want["evaluation"]:
            assert got["evaluation"] == want["evaluation"], title
    # existing courses keep their ids (matched by code or by title); new ones are appended
    assert courses["GCP2: assessing neglect with the Graded Care Profile"]["id"] == "course-gcp2"
    assert courses["Child exploitation and contextual safeguarding"]["id"] == "course-exploitation"
    new = courses["Online harms: keeping children safe online"]
    assert new["id"] == "course-online"
    assert new["source"] == "Imported from training-export.xlsx, sheet Bookings"
    assert new["as_of"] == dt.date(2025, 3, 31) and new["confidence"] == "medium"
    # the short briefings collected no evaluation, and still have none
    assert "evaluation" not in courses["Learning from reviews: short briefings"]
    assert "18 bookings were dated outside" in result.output


def test_csv_twin_gives_the_same_figures(project: Path, tmp_path: Path):
    assert do_import(project, XLSX, "--as-of", "2025-03-31").exit_code == 0
    from_xlsx = training(project)
    other = copy_project(ROOT, tmp_path / "other")
    result = do_import(other, CSV, "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.output
    from_csv = training(other)
    for title, course in from_xlsx.items():
        for key in ("sessions", "places", "attendance", "evaluation", "level"):
            assert from_csv[title].get(key) == course.get(key), (title, key)


def test_reimport_keeps_hand_written_comments_and_fields(project: Path):
    file = project / "evidence" / "2024" / "training.yaml"
    text = file.read_text(encoding="utf-8")
    text = text.replace("  - id: course-dsl\n", "  # hand-written note: the DSL update is run with the Education Safeguarding Forum\n  - id: course-dsl\n")
    text = text.replace("    places: 224\n", "    places: 224  # hand-written note on places\n")
    text += (
        "\n  - id: course-hand-written\n    title: A course the booking system does not know\n    source: Sign-in sheets\n"
        "    as_of: 2025-03-31\n    confidence: low\n    sessions: 1\n    places: 12\n    attendance: {hbc: 10}\n"
    )
    file.write_text(text, encoding="utf-8")
    first = do_import(project, XLSX)
    assert first.exit_code == 0, first.output
    assert "course-hand-written" in first.output and "left as they were" in first.output

    # by hand, after the first import: a follow-up on a new course, and a comment on it
    text = file.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: course-online\n",
        "  # hand-written note: the online harms course is new this year\n  - id: course-online\n",
    )
    text = text.replace(
        "    title: \"Online harms: keeping children safe online\"\n",
        "    title: \"Online harms: keeping children safe online\"\n    follow_up: Schools' online safety referrals were audited in May.\n",
    )
    file.write_text(text, encoding="utf-8")

    second = do_import(project, CSV)  # the CSV twin: the new courses' source line changes, so the file is written
    assert second.exit_code == 0, second.output
    assert "wrote evidence/2024/training.yaml" in second.output
    after = file.read_text(encoding="utf-8")
    assert "# hand-written note: the DSL update is run with the Education Safeguarding Forum\n  - id: course-dsl" in after
    assert "# hand-written note on places" in after
    assert "# hand-written note: the online harms course is new this year" in after
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert comments and all(c in after for c in comments)  # every comment, the file's header too
    courses = training(project)
    online = courses["Online harms: keeping children safe online"]
    assert online["follow_up"] == "Schools' online safety referrals were audited in May."
    assert online["source"] == "Imported from training-export.csv"
    gcp2 = courses["GCP2: assessing neglect with the Graded Care Profile"]
    assert gcp2["follow_up"].startswith("In a follow-up survey")
    assert gcp2["places"] == expected_courses()[gcp2["title"]]["places"]
    assert courses["A course the booking system does not know"]["attendance"] == {"hbc": 10}

    third = do_import(project, CSV)
    assert third.exit_code == 0 and "nothing to write" in third.output


def test_the_build_shows_the_imported_course(project: Path):
    assert do_import(project, XLSX, "--as-of", "2025-03-31").exit_code == 0
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(project / "build" / "2024" / "annual-report-2024-25.docx"))
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["Course", "Level"])
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text.split(" [")[0]: [c.text for c in r.cells] for r in table.rows[1:]}
    want = expected_courses()["Online harms: keeping children safe online"]
    row = rows["Online harms: keeping children safe online"]
    assert row[header.index("Attended")] == str(sum(want["attendance"].values()))
    assert row[header.index("Sessions")] == str(want["sessions"])
    assert row[header.index("Places")] == str(want["places"])


def test_a_sheet_without_a_needed_column_is_rejected(project: Path, tmp_path: Path):
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    gone = rows[0].index("Session date")
    bad = tmp_path / "no-dates.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([r[:gone] + r[gone + 1 :] for r in rows])
    before = tree_digest(project / "evidence")
    result = do_import(project, bad)
    assert result.exit_code == 2
    assert "no column for 'Session date'" in result.output
    assert "'Agency/Organisation'" in result.output  # the columns it has
    assert "Traceback" not in result.output
    assert tree_digest(project / "evidence") == before


def test_a_misspelt_column_gets_a_did_you_mean(project: Path, tmp_path: Path):
    text = CSV.read_text(encoding="utf-8").replace("Session date", "Sesion dt", 1)
    bad = tmp_path / "typo.csv"
    bad.write_text(text, encoding="utf-8")
    result = do_import(project, bad)
    assert result.exit_code == 2
    assert "if 'Sesion dt' is the session date" in result.output


def test_row_errors_name_the_row_and_the_column(project: Path, tmp_path: Path):
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("Confidence after (1-5)")
    rows[9][column] = "very"
    rows[14][rows[0].index("Agency/Organisation")] = "Harrowfield Police"
    rows[14][rows[0].index("Attended (Y/N)")] = "Y"
    bad = tmp_path / "rows.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = do_import(project, bad)
    assert result.exit_code == 2
    assert "row 10, column 'Confidence after (1-5)': 'very' is not a number" in result.output
    assert "row 15, column 'Agency/Organisation': 'Harrowfield Police' is not an agency" in result.output
    assert "'Northvale Police' (police)" in result.output  # the likely agency


def test_agency_names_can_be_mapped_in_annualreport_yaml(project: Path, tmp_path: Path):
    text = CSV.read_text(encoding="utf-8").replace("Northvale Police", "NV Police").replace("Session date", "Date of course", 1)
    export = tmp_path / "renamed.csv"
    export.write_text(text, encoding="utf-8")
    config = project / "annualreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\nimport:\n  training:\n    columns: {"Date of course": date}\n    agencies: {"NV Police": police}\n',
        encoding="utf-8",
    )
    result = do_import(project, export, "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.output
    got = training(project)["Child exploitation and contextual safeguarding"]
    assert got["attendance"] == expected_courses()["Child exploitation and contextual safeguarding"]["attendance"]


def test_no_terminal_and_no_yes_changes_nothing(project: Path):
    before = tree_digest(project / "evidence")
    result = run("import", "training", XLSX, "--year", "2024", "--project", project)
    assert result.exit_code == 2
    assert "--yes" in result.output
    assert "+    sessions:" in result.output or "+  - id: course-online" in result.output  # the diff was shown
    assert tree_digest(project / "evidence") == before


def test_asks_on_a_terminal(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(import_, "_stdin_is_terminal", lambda: True)
    args = ["import", "training", str(XLSX), "--year", "2024", "--project", str(project)]
    before = tree_digest(project / "evidence")
    no = CliRunner().invoke(app, args, input="n\n")
    assert no.exit_code == 0 and "Write evidence/2024/training.yaml?" in no.output
    assert tree_digest(project / "evidence") == before
    yes = CliRunner().invoke(app, args, input="y\n")
    assert yes.exit_code == 0, yes.output
    assert "Online harms: keeping children safe online" in training(project)


def test_dry_run_and_quiet(project: Path):
    before = tree_digest(project / "evidence")
    dry = run("import", "training", XLSX, "--year", "2024", "--project", project, "--dry-run")
    assert dry.exit_code == 0 and "+  - id: course-online" in dry.output
    assert tree_digest(project / "evidence") == before
    quiet = do_import(project, XLSX, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    assert tree_digest(project / "evidence") != before


def test_bad_options_are_input_errors(project: Path):
    assert "YYYY-MM-DD" in do_import(project, XLSX, "--as-of", "31/03/2025").output
    assert do_import(project, XLSX, "--confidence", "sure").exit_code == 2
    assert do_import(project, XLSX, "--sheet", "Bookngs").exit_code == 2
    result = run("import", "trainings", XLSX, "--year", "2024", "--project", project, "--yes")
    assert result.exit_code == 2 and "did you mean 'training'" in result.output


def test_one_row_per_course_with_a_column_per_agency(project: Path, tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Courses"
    sheet.append(["Course code", "Course title", "Level", "Sessions", "Places", "Harrowfield Borough Council", "Northvale Police", "Harrowfield schools and colleges", "Total", "Avg confidence before", "Avg confidence after", "Evaluations returned"])
    sheet.append(["GCP2", "GCP2: assessing neglect with the Graded Care Profile", "Level 3", 15, 240, 80, 7, 50, 137, 2.5, 4.2, 150])
    sheet.append(["ELEARN", "Safeguarding e-learning", "Level 1", 1, 400, 300, 20, 0, 320, None, None, None])
    sheet.append(["Total", None, None, 16, 640, 380, 27, 50, 457])
    export = tmp_path / "courses.xlsx"
    book.save(export)
    result = do_import(project, export, "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.output
    courses = training(project)
    gcp2 = courses["GCP2: assessing neglect with the Graded Care Profile"]
    assert (gcp2["sessions"], gcp2["places"], gcp2["attendance"]) == (15, 240, {"hbc": 80, "police": 7, "schools": 50})
    assert gcp2["evaluation"] == {"scale": 5, "before": 2.5, "after": 4.2, "respondents": 150}
    assert courses["Safeguarding e-learning"]["attendance"] == {"hbc": 300, "police": 20}
    assert "'Total') was read as a total" in result.output

    sheet.cell(row=1, column=7, value="Nortvale Polce")
    book.save(export)
    result = do_import(project, export)
    assert result.exit_code == 2 and "'Nortvale Polce'" in result.output


def test_performance_indicators_with_a_column_per_period(project: Path, tmp_path: Path):
    file = project / "evidence" / "2024" / "performance.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("    target: 90\n", "    target: 90  # hand-written note: set by the Executive\n", 1), encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet.append(["Ref", "Indicator", "Unit", "Polarity", "Target", "2022/23", "2023/24", "2024/25", "RAG"])
    sheet.append(["MASH-24H", "MASH contacts with a decision within one working day (%)", "%", "Higher is better", 90, 78, 84, "92%", "Green"])
    sheet.append([None, "EHC plans issued within 20 weeks (%)", "percent", "higher", 60, None, "n/a", 48.5, "Red"])
    export = tmp_path / "scorecard.xlsx"
    book.save(export)
    result = do_import(project, export, "--as-of", "2025-03-31", kind="performance")
    assert result.exit_code == 0, result.output
    text = file.read_text(encoding="utf-8")
    assert "# hand-written note: set by the Executive" in text
    data = {i["id"]: i for i in yaml.safe_load(text)["indicators"]}
    assert data["mash-24h"]["values"] == {"2022-23": 78, "2023-24": 84, "2024-25": 92}
    assert data["mash-24h"]["key"] is True  # hand-written, kept
    new = data["ehc-plans-issued-within-20-weeks"]
    assert (new["unit"], new["better"], new["target"], new["values"]) == ("percent", "higher", 60, {"2024-25": 48.5})
    assert '"2024-25": 48.5' in text
    # the rest of the scorecard is left as it was
    assert "cp-plan-rate" in data and "left as they were" in result.output

    sheet.cell(row=3, column=4, value="sideways")
    book.save(export)
    result = do_import(project, export, kind="performance")
    assert result.exit_code == 2 and "row 3, column 'Polarity'" in result.output
