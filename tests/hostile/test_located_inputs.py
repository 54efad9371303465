"""Careless input ends in exit 2 with a located message (issue 8, points 7 and 8).

Each case spoils one file of a fresh copy of the sample as a user might (a file saved in
the wrong encoding, a value typed as .nan, an alias bomb pasted from the web) and runs the
command in its own process. The harness checks exit 2, ``file:line:`` where the file has a
line, a ``mend:``, the inputs untouched and nothing left behind.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

EVIDENCE = "evidence/2024"
FOREWORD = "sections/2024/01-foreword.md"


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def _edit(hostile, relative: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in a UTF-8 input; the line it is on."""
    path = hostile.project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    hostile.snapshot_inputs()
    return _line_of(text, new.splitlines()[0])


def _build(hostile):
    return hostile.build("--format", "docx")


# --- files that are not UTF-8 text ---------------------------------------------------------------------


def test_binary_yaml(hostile):
    (hostile.project / EVIDENCE / "training.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    hostile.snapshot_inputs()
    hostile.assert_fails(_build(hostile), says="not text|binary", file=f"{EVIDENCE}/training.yaml")


def test_utf16_yaml(hostile):
    path = hostile.project / EVIDENCE / "training.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    hostile.snapshot_inputs()
    ran = _build(hostile)
    hostile.assert_fails(ran, says="UTF-16", file=f"{EVIDENCE}/training.yaml")
    assert "save it as UTF-8" in ran.out


def test_utf16_markdown(hostile):
    path = hostile.project / FOREWORD
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    hostile.snapshot_inputs()
    ran = _build(hostile)
    hostile.assert_fails(ran, says="UTF-16", file=FOREWORD)
    assert "save it as UTF-8" in ran.out


def test_latin1_markdown_names_the_line(hostile):
    path = hostile.project / FOREWORD
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(4, "We met at the caf\u00e9 on the high street.\n")
    path.write_bytes("".join(lines).encode("latin-1", errors="replace"))
    hostile.snapshot_inputs()
    ran = _build(hostile)
    hostile.assert_fails(ran, says="not UTF-8 text", file=FOREWORD, line=5)
    assert "save it as UTF-8" in ran.out


# --- values --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", [".nan", ".inf", "-.inf"])
def test_nan_and_inf_are_not_numbers(hostile, spelling):
    line = _edit(hostile, f"{EVIDENCE}/performance.yaml", '"2024-25": 19.7}', f'"2024-25": {spelling}}}')
    hostile.assert_fails(_build(hostile), says="finite|not a number|infinit", file=f"{EVIDENCE}/performance.yaml", line=line)


def test_a_percentage_of_140(hostile):
    path = hostile.project / EVIDENCE / "performance.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('values: {"2022-23": 78, "2023-24": 84, "2024-25": 91}', 'values:\n      "2022-23": 78\n      "2023-24": 84\n      "2024-25": 140', 1)
    path.write_text(text, encoding="utf-8")
    hostile.snapshot_inputs()
    line = _line_of(text, '"2024-25": 140')
    hostile.assert_fails(_build(hostile), says="140.*100", file=f"{EVIDENCE}/performance.yaml", line=line)


def test_the_id_pattern_is_shown_as_written(hostile):
    line = _edit(hostile, f"{EVIDENCE}/performance.yaml", "- id: re-referrals", "- id: -re referrals")
    ran = _build(hostile)
    hostile.assert_fails(ran, says="pattern", file=f"{EVIDENCE}/performance.yaml", line=line)
    assert "A-Za-z0-9" in ran.out


# --- files that are not files of the project -----------------------------------------------------------


def test_an_evidence_file_that_is_a_folder(hostile):
    path = hostile.project / EVIDENCE / "training.yaml"
    path.unlink()
    path.mkdir()
    (path / "note.txt").write_text("a folder, not a file\n", encoding="utf-8")
    hostile.snapshot_inputs()
    hostile.assert_fails(_build(hostile), says="folder", file=f"{EVIDENCE}/training.yaml")


@pytest.mark.parametrize("relative", [f"{EVIDENCE}/voice.yaml", FOREWORD])
def test_a_symlink_outside_the_project_is_not_read(hostile, relative):
    path = hostile.project / relative
    outside = hostile.base / ("secret" + path.suffix)
    outside.write_text(path.read_text(encoding="utf-8").replace("Harrowfield", "SECRET-OUTSIDE"), encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    hostile.snapshot_inputs()
    ran = _build(hostile)
    hostile.assert_fails(ran, says="outside the project", file=relative)
    assert "SECRET-OUTSIDE" not in ran.out


# --- committees in annualreport.yaml -------------------------------------------------------------------

COMMITTEE_NAME = "name: Children and Young People Scrutiny Sub-Committee"


def test_a_nul_in_a_committee_name(hostile):
    line = _edit(hostile, "annualreport.yaml", COMMITTEE_NAME, 'name: "Children and Young People\\0 Scrutiny Sub-Committee"')
    hostile.assert_fails(_build(hostile), says="control character|NUL", file="annualreport.yaml", line=line)


def test_a_500_character_committee_name(hostile):
    line = _edit(hostile, "annualreport.yaml", COMMITTEE_NAME, "name: " + "Scrutiny " * 55 + "Committee")
    hostile.assert_fails(_build(hostile), says="characters", file="annualreport.yaml", line=line)


def test_a_300_character_committee_id(hostile):
    line = _edit(hostile, "annualreport.yaml", "- id: scrutiny", "- id: " + "scrutiny-" * 33 + "sub")
    ran = _build(hostile)
    hostile.assert_fails(ran, says="characters", file="annualreport.yaml", line=line)
    assert "file name" in ran.out


# --- YAML bounded --------------------------------------------------------------------------------------

BOMB = "\n".join(
    ["bomb_0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"bomb_{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 10)]
) + "\n"


def test_an_alias_bomb_stops_at_once_at_the_alias(hostile):
    path = hostile.project / EVIDENCE / "training.yaml"
    path.write_text(path.read_text(encoding="utf-8") + BOMB, encoding="utf-8")
    hostile.snapshot_inputs()
    ran = _build(hostile)
    hostile.assert_fails(ran, says="alias", file=f"{EVIDENCE}/training.yaml")
    line = int(re.search(r"training\.yaml:(\d+):", ran.out).group(1))
    assert "*a" in path.read_text(encoding="utf-8").splitlines()[line - 1], ran.out
    assert ran.seconds < 30


def test_a_self_containing_list(hostile):
    path = hostile.project / EVIDENCE / "training.yaml"
    text = path.read_text(encoding="utf-8") + "loop: &me [1, 2, *me]\n"
    path.write_text(text, encoding="utf-8")
    hostile.snapshot_inputs()
    hostile.assert_fails(_build(hostile), says="contains itself", file=f"{EVIDENCE}/training.yaml", line=len(text.splitlines()))


# --- CSV import ----------------------------------------------------------------------------------------

CSV_FILE = ROOT / "examples" / "training-export.csv"


def _import(hostile, file: Path):
    return hostile.run("import", "training", file, "--year", "2024", "--project", hostile.project, "--yes")


def test_a_csv_cell_over_the_field_limit(hostile):
    rows = list(csv.reader(io.StringIO(CSV_FILE.read_text(encoding="utf-8"), newline="")))
    rows[7][5] = "Harrowfield " * 200_000  # the venue: 2.4 MB in one cell
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    file = hostile.base / "export.csv"
    file.write_text(out.getvalue(), encoding="utf-8")
    ran = _import(hostile, file)
    hostile.assert_fails(ran, says="row 8.*Venue", file=str(file), line=8)


def test_a_csv_with_doubled_quotes_after_8_kb_imports_as_written(hostile):
    text = CSV_FILE.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    late = next(n for n in range(1, len(rows)) if len("\n".join(",".join(r) for r in rows[:n])) > 9000)
    title = rows[late][2]
    rows[late][5] = 'Room 2 "the blue" room, north'  # the venue: quotes and a comma, written with ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    assert '""' not in out.getvalue()[:8192] and '""the blue""' in out.getvalue()
    file = hostile.base / "export.csv"
    file.write_text(out.getvalue(), encoding="utf-8")
    (hostile.base / "plain").mkdir()
    plain = hostile.base / "plain" / "export.csv"
    plain.write_text(text, encoding="utf-8")

    ran = _import(hostile, file)
    assert ran.code == 0, ran.out
    got = (hostile.project / EVIDENCE / "training.yaml").read_text(encoding="utf-8")
    # the same figures as the file without the quotes
    other = hostile.base / "other"
    shutil.copytree(hostile.project, other)
    shutil.copy2(ROOT / EVIDENCE / "training.yaml", other / EVIDENCE / "training.yaml")
    assert hostile.run("import", "training", plain, "--year", "2024", "--project", other, "--yes").code == 0
    want = (other / EVIDENCE / "training.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(got)["courses"] == yaml.safe_load(want)["courses"], title
    hostile.assert_nothing_left()
