"""`annualreport import` when the sheet is not what it expects, as a user meets it (issue 11):

- a missing column is named with the column that most likely holds it (by its name, or by its
  cells: dates, yes or no, agencies), and the `import:` lines to paste into annualreport.yaml;
  the test pastes them where the mend says, as a user would, and imports again;
- an agency name or an agency column partnership.yaml does not have gets the agency ids, the
  closest, and the `agencies:` lines to paste;
- a sheet of bookings with no column saying who attended is a warning, after the diff, and
  the import asks before it writes (--yes writes; no terminal and no --yes: nothing written);
- without --as-of the figures are dated the end of the reporting period, not the file's date.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from annualreport.commands import import_
from annualreport.main import app
from conftest import ROOT, copy_project, run, tree_digest

if "import" not in [c.name for c in app.registered_commands]:
    import_.register(app)

CSV = ROOT / "examples" / "training-export.csv"
MEND_LINE = re.compile(r"^ {8}( *\S.*)$")


def rows() -> list[list[str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv(path: Path, table: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return path


def without(table: list[list[str]], header: str) -> list[list[str]]:
    gone = table[0].index(header)
    return [r[:gone] + r[gone + 1 :] for r in table]


def renamed(table: list[list[str]], old: str, new: str) -> list[list[str]]:
    return [[new if (n == 0 and c == old) else c for c in r] for n, r in enumerate(table)]


def import_training(project: Path, file: Path, *extra: str):
    return run("import", "training", file, "--year", "2024", "--project", project, *extra)


def courses(project: Path) -> dict[str, dict]:
    data = yaml.safe_load((project / "evidence" / "2024" / "training.yaml").read_text(encoding="utf-8"))
    return {c["title"]: c for c in data["courses"]}


def paste(project: Path, output: str) -> str:
    """Do what the mend says: take its lines to paste, and put them at the end of
    annualreport.yaml or under the line it names. Returns the lines pasted."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(r"add these lines (at the end of|under '[^']+:' on line \d+ of) annualreport\.yaml:$", line))
    block = []
    for line in lines[start + 1 :]:
        found = MEND_LINE.match(line)
        if not found:
            break
        block.append(found.group(1))
    assert block, output
    pasted = "\n".join(block) + "\n"
    config = project / "annualreport.yaml"
    text = config.read_text(encoding="utf-8").splitlines(keepends=True)
    under = re.search(r"under '[^']+:' on line (\d+) of", lines[start])
    if under:
        text.insert(int(under.group(1)), pasted)
    else:
        text.append("\n" + pasted)
    config.write_text("".join(text), encoding="utf-8")
    return pasted


# --- a missing column ---------------------------------------------------------------------------


def test_a_missing_column_is_found_by_its_cells_and_the_mapping_is_ready_to_paste(project: Path, tmp_path: Path):
    """'When' is not a name the session date is known by, but its cells are dates."""
    export = write_csv(tmp_path / "when.csv", renamed(rows(), "Session date", "When"))
    before = tree_digest(project / "evidence")
    first = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert first.exit_code == 2
    assert "no column for 'Session date'" in first.output
    assert "if 'When' is the session date (its cells are dates)" in first.output
    assert tree_digest(project / "evidence") == before
    pasted = paste(project, first.output)
    assert pasted.startswith("import:\n  training:\n    columns:\n") and '"When": date' in pasted
    again = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert again.exit_code == 0, again.output
    assert "'When' as date" in again.output


def test_the_mapping_goes_under_the_import_settings_already_there(project: Path, tmp_path: Path):
    config = project / "annualreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nimport:\n    performance:\n        columns:\n            Measure: title\n", encoding="utf-8")
    export = write_csv(tmp_path / "agreed.csv", renamed(renamed(rows(), "Attended (Y/N)", "Showed up?"), "Course", "Programme title"))
    first = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert first.exit_code == 2
    assert re.search(r"add these lines under 'import:' on line \d+ of annualreport\.yaml:", first.output), first.output
    paste(project, first.output)
    second = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert second.exit_code == 0, second.output
    assert "'Programme title' as title" in second.output
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))["import"]
    assert settings["performance"] == {"columns": {"Measure": "title"}}  # left as it was
    # the attended column was not missing (a booking sheet may lack it), so it was not mapped:
    # the import warned instead, and names the column whose cells say yes or no
    assert "warning: the sheet has no column saying who attended" in second.output
    assert "If 'Showed up?' says who attended (its cells say yes or no)" in second.output
    paste(project, second.output)
    third = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert third.exit_code == 0, third.output
    assert "'Showed up?' as attended" in third.output and "warning:" not in third.output


def test_a_column_with_no_likely_header_still_gets_the_lines_to_fill_in(project: Path, tmp_path: Path):
    export = write_csv(tmp_path / "no-dates.csv", without(rows(), "Session date"))
    result = import_training(project, export, "--yes")
    assert result.exit_code == 2
    assert "no column looks like the session date" in result.output
    assert "\"THE COLUMN'S HEADER\": date" in result.output


# --- an agency partnership.yaml does not have ------------------------------------------------------


def test_an_unknown_agency_name_gets_the_ids_the_closest_and_the_lines_to_paste(project: Path, tmp_path: Path):
    table = [[("NV Police" if c == "Northvale Police" else c) for c in r] for r in rows()]
    export = write_csv(tmp_path / "nv.csv", table)
    first = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert first.exit_code == 2
    assert "'NV Police' is not an agency in partnership.yaml" in first.output
    assert "hbc, police, icb" in first.output  # the ids
    pasted = paste(project, first.output)
    assert '"NV Police": police' in pasted  # the closest, filled in
    again = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert again.exit_code == 0, again.output
    assert sum(c["attendance"].get("police", 0) for c in courses(project).values()) > 0


def test_an_unknown_agency_column_gets_the_ids_the_closest_and_the_lines_to_paste(project: Path, tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Course code", "Course title", "Sessions", "Places", "Harrowfield Borough Council", "Northvale Constabulary"])
    sheet.append(["GCP2", "GCP2: assessing neglect with the Graded Care Profile", 15, 240, 80, 7])
    export = tmp_path / "courses.xlsx"
    book.save(export)
    first = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert first.exit_code == 2
    assert "'Northvale Constabulary'" in first.output
    assert "hbc, police, icb" in first.output  # the ids
    pasted = paste(project, first.output)
    assert '"Northvale Constabulary": police' in pasted
    again = import_training(project, export, "--yes", "--as-of", "2025-03-31")
    assert again.exit_code == 0, again.output
    assert courses(project)["GCP2: assessing neglect with the Graded Care Profile"]["attendance"] == {"hbc": 80, "police": 7}


# --- no column says who attended ---------------------------------------------------------------------


@pytest.fixture
def no_attended(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "no-attended.csv", without(rows(), "Attended (Y/N)"))


WARNING = "warning: the sheet has no column saying who attended, so every booking is counted as attended"


def test_no_attendance_column_is_a_warning_and_yes_writes(project: Path, no_attended: Path):
    result = import_training(project, no_attended, "--yes", "--as-of", "2025-03-31")
    assert result.exit_code == 0, result.output
    assert WARNING in result.output
    assert "note: the sheet has no column" not in result.output
    online = courses(project)["Online harms: keeping children safe online"]
    assert sum(online["attendance"].values()) == online["places"]  # every booking counted


def test_no_attendance_column_without_yes_and_no_terminal_writes_nothing(project: Path, no_attended: Path):
    before = tree_digest(project / "evidence")
    result = import_training(project, no_attended, "--as-of", "2025-03-31")
    assert result.exit_code == 2
    assert WARNING in result.output and "--yes" in result.output
    assert "no terminal to ask on whether the warning above is right" in result.output
    assert tree_digest(project / "evidence") == before


def test_no_attendance_column_is_asked_about_after_the_diff(project: Path, no_attended: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(import_, "_stdin_is_terminal", lambda: True)
    args = ["import", "training", str(no_attended), "--year", "2024", "--project", str(project), "--as-of", "2025-03-31"]
    before = tree_digest(project / "evidence")
    no = CliRunner().invoke(app, args, input="n\n")
    assert no.exit_code == 0, no.output
    lines = no.output.splitlines()
    warned = next(i for i, line in enumerate(lines) if line.startswith(WARNING))
    last_diff = max(i for i, line in enumerate(lines) if line.startswith(("+", "-", "@@")))
    asked = next(i for i, line in enumerate(lines) if "Write evidence/2024/training.yaml, with the warning above? [y/N]" in line)
    assert last_diff < warned < asked
    assert tree_digest(project / "evidence") == before
    yes = CliRunner().invoke(app, args, input="y\n")
    assert yes.exit_code == 0, yes.output
    assert tree_digest(project / "evidence") != before


# --- as_of without --as-of ---------------------------------------------------------------------------


def dated(file: Path, day: dt.date) -> Path:
    stamp = dt.datetime.combine(day, dt.time(12)).timestamp()
    os.utime(file, (stamp, stamp))
    return file


def new_course_as_of(project: Path) -> dt.date:
    return courses(project)["Online harms: keeping children safe online"]["as_of"]


def test_without_as_of_the_figures_are_dated_the_end_of_the_period(project: Path, tmp_path: Path):
    """An export made after the year (today, say) is dated the period's end; one made during
    the year, the day it was made (its figures cannot be true at the year's end)."""
    export = dated(write_csv(tmp_path / "export.csv", rows()), dt.date.today())
    result = import_training(project, export, "--yes")
    assert result.exit_code == 0, result.output
    assert new_course_as_of(project) == dt.date(2025, 3, 31)
    assert "taken as true on 31 March 2025" in result.output
    assert "(as_of), outside" not in result.output
    other = copy_project(ROOT, tmp_path / "other")
    result = import_training(other, dated(export, dt.date(2025, 2, 14)), "--yes")
    assert result.exit_code == 0, result.output
    assert new_course_as_of(other) == dt.date(2025, 2, 14)


# --- a scorecard -------------------------------------------------------------------------------------


def test_a_scorecard_gets_the_lines_for_its_period_columns_and_its_title_column(project: Path, tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KPI", "Good is", "Last year", "This year"])
    sheet.append(["Re-referrals to children's social care within 12 months (%)", "lower", 21.5, 18.2])
    export = tmp_path / "scorecard.xlsx"
    book.save(export)
    args = ("import", "performance", export, "--year", "2024", "--project", project, "--yes", "--as-of", "2025-03-31")
    first = run(*args)
    assert first.exit_code == 2
    assert "if 'Last year' and 'This year' hold the values of periods (their cells are numbers)" in first.output
    pasted = paste(project, first.output)
    assert '"Last year": "period:YYYY-YY"' in pasted
    config = project / "annualreport.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('"Last year": "period:YYYY-YY"', '"Last year": "period:2023-24"')
                      .replace('"This year": "period:YYYY-YY"', '"This year": "period:2024-25"'), encoding="utf-8")
    second = run(*args)  # 'KPI' is a name of the id column; its cells are titles
    assert second.exit_code == 2
    assert "the column 'KPI' was read as the id: if it holds the indicators' titles" in second.output
    paste(project, second.output)
    third = run(*args)
    assert third.exit_code == 0, third.output
    data = yaml.safe_load((project / "evidence" / "2024" / "performance.yaml").read_text(encoding="utf-8"))
    new = next(i for i in data["indicators"] if i["title"].startswith("Re-referrals to children's social care"))
    assert new["values"] == {"2023-24": 21.5, "2024-25": 18.2}
