"""Every bad input: exit 2, a message naming the file and line and how to mend it,
no traceback, and the earlier outputs left exactly as they were."""

from __future__ import annotations

import re
import stat
import zipfile
from pathlib import Path

import pytest

from conftest import requires_soffice, run, tree_digest


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def insert_after(path: Path, pattern: str, new_line: str) -> int:
    """Insert ``new_line`` after the first line matching ``pattern``; return its 1-based line number."""
    lines = lines_of(path)
    for number, line in enumerate(lines):
        if re.search(pattern, line):
            indent = re.match(r"\s*(- )?", line).group(0).replace("-", " ")
            lines.insert(number + 1, indent + new_line + "\n")
            path.write_text("".join(lines), encoding="utf-8")
            return number + 2
    raise AssertionError(f"no line matches {pattern!r} in {path}")


def replace_first(path: Path, pattern: str, replacement: str) -> int:
    lines = lines_of(path)
    for number, line in enumerate(lines):
        if re.search(pattern, line):
            lines[number] = re.sub(pattern, replacement, line, count=1)
            path.write_text("".join(lines), encoding="utf-8")
            return number + 1
    raise AssertionError(f"no line matches {pattern!r} in {path}")


@pytest.fixture
def built(project: Path) -> Path:
    """The sample project after one good DOCX build, so a failed build has outputs to spare."""
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    return project


#: the partnership's name, as the sample spells it; every output shows it (in its title at least)
NAME = "name: Harrowfield Safeguarding Children Partnership"
RENAMED = "name: Harrowfield Children's Safeguarding Partnership"


def change_every_output(project: Path) -> None:
    """A good change to the inputs that every output of a build shows (the partnership's
    name), so that a failed build that wrote anything into build/YEAR would be seen to."""
    config = project / "annualreport.yaml"
    text = config.read_text(encoding="utf-8")
    assert NAME in text
    config.write_text(text.replace(NAME, RENAMED, 1), encoding="utf-8")


def assert_fails_cleanly(project: Path, *args: str, file: str, line: int | None = None, says: str, where: str | None = None) -> str:
    """Build with the bad input (and a change every output would show, made here): exit 2, a
    located message with a mend, and build/ byte for byte as the earlier build left it."""
    before = tree_digest(project / "build")
    assert before, "no earlier outputs to keep"
    change_every_output(project)
    result = run("build", "2024", "--project", project, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    location = file + (f":{line}:" if line else ":")
    assert location in result.output, result.output
    assert re.search(says, result.output), result.output
    assert "mend:" in result.output
    if where:
        assert where in result.output, result.output
    assert tree_digest(project / "build") == before, "a failed build changed the earlier outputs"
    assert not [p for p in (project / "build").iterdir() if p.name.startswith(".2024")], "a failed build left a temporary folder"
    return result.output


def test_the_change_made_before_each_failure_shows_in_every_output(built: Path):
    """Without the bad input, the change assert_fails_cleanly makes rewrites every output: so
    "the earlier outputs are untouched" fails for a build that writes into build/YEAR before failing."""
    before = tree_digest(built / "build/2024")
    change_every_output(built)
    result = run("build", "2024", "--project", built, "--format", "docx")
    assert result.exit_code == 0, result.output
    after = tree_digest(built / "build/2024")
    assert set(after) == set(before)
    assert [name for name in before if after[name] == before[name]] == []


def test_a_part_the_yearly_template_does_not_have(built: Path):
    """Found only while the yearly report is rendered, after the covering reports are written:
    they were written to the staging folder, and build/2024 keeps the earlier ones."""
    _edit_template_text(built / "templates/annual.docx", "{{ part.foreword }}", "{{ part.forword }}")
    assert_fails_cleanly(built, "--format", "docx", file="templates/annual.docx", says="name the data does not have", where="part.forword")


def test_yaml_syntax_error(built: Path):
    path = built / "evidence/2024/priorities.yaml"
    line = insert_after(path, r"^\s*- id:", "title: [unclosed")
    assert_fails_cleanly(built, file="evidence/2024/priorities.yaml", line=None, says="not valid YAML")


def test_unknown_field_is_named_with_its_line_and_a_suggestion(built: Path):
    path = built / "evidence/2024/training.yaml"
    line = insert_after(path, r"^\s*- id:", "sesions: 4")
    out = assert_fails_cleanly(built, file="evidence/2024/training.yaml", line=line, says="unknown field 'sesions'")
    assert "did you mean 'sessions'" in out


def test_text_where_a_number_belongs(built: Path):
    path = built / "evidence/2024/training.yaml"
    line = replace_first(path, r"sessions: \d+", "sessions: twelve")
    assert_fails_cleanly(built, file="evidence/2024/training.yaml", line=line, says="must be a (whole )?number")


def test_bad_date(built: Path):
    path = built / "evidence/2024/voice.yaml"
    line = replace_first(path, r"as_of: \S+", "as_of: 2024-13-45")
    assert_fails_cleanly(built, file="evidence/2024/voice.yaml", line=line, says="must be a date")


def test_duplicate_id(built: Path):
    path = built / "evidence/2024/sources.yaml"
    first_id = re.search(r"^\s*- id: (\S+)", path.read_text(), re.M).group(1)
    line = replace_first(built / "evidence/2024/voice.yaml", r"- id: \S+", f"- id: {first_id}")
    assert_fails_cleanly(built, file="evidence/2024/voice.yaml", line=line, says=f"'{first_id}' is used twice")


def test_reference_to_an_id_that_does_not_exist(built: Path):
    path = built / "evidence/2024/priorities.yaml"
    line = replace_first(path, r"^(\s*)indicators: \[", r"\1indicators: [no-such-indicator, ")
    assert_fails_cleanly(built, file="evidence/2024/priorities.yaml", says="'no-such-indicator' is not the id of any performance indicator")


def test_citation_of_an_unknown_id_in_a_section(built: Path):
    section = sorted((built / "sections/2024").glob("*.md"))[1]
    text = section.read_text(encoding="utf-8").splitlines(keepends=True)
    text.append("\nThe partnership was effective [@no-such-evidence].\n")
    section.write_text("".join(text), encoding="utf-8")
    line = len(text) + 1
    assert_fails_cleanly(built, file=f"sections/2024/{section.name}", line=line, says=r"\[@no-such-evidence\] names no evidence")


def test_missing_config(tmp_path: Path):
    result = run("build", "2024", "--project", tmp_path)
    assert result.exit_code == 2
    assert "annualreport.yaml" in result.output and "annualreport init" in result.output
    assert "Traceback" not in result.output


def test_missing_template(built: Path):
    (built / "templates/covering.docx").unlink()
    assert_fails_cleanly(built, file="templates/covering.docx", says="template is missing")


def test_template_that_is_not_a_docx(built: Path):
    (built / "templates/annual.docx").write_text("this is not a Word file", encoding="utf-8")
    assert_fails_cleanly(built, file="templates/annual.docx", says="not a Word .docx")


def _edit_template_text(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml, f"{old!r} is not in the template"
                data = xml.replace(old, new, 1).encode("utf-8")
            target.writestr(info, data)


def test_jinja_error_names_the_paragraph_by_its_text(built: Path):
    path = built / "templates/covering.docx"
    _edit_template_text(path, "{{ committee.purpose }}", "{{ committee.purpose }")
    assert_fails_cleanly(built, file="templates/covering.docx", says="template tag is broken", where="committee.purpose")


def test_unknown_name_in_a_template(built: Path):
    path = built / "templates/covering.docx"
    _edit_template_text(path, "{{ committee.purpose }}", "{{ committee.purpse }}")
    assert_fails_cleanly(built, file="templates/covering.docx", says="name the data does not have", where="committee.purpse")


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    fake = tmp_path / "fake-soffice"
    fake.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def _fails_with_engine(project: Path, monkeypatch, soffice: str, says: str, *extra: str) -> None:
    monkeypatch.setenv("ANNUALREPORT_SOFFICE", soffice)
    before = tree_digest(project / "build")
    result = run("build", "2024", "--project", project, "--pdf-engine", "libreoffice", *extra)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(says, result.output, re.I), result.output
    assert "mend:" in result.output
    assert tree_digest(project / "build") == before


def test_libreoffice_missing_when_asked_for_by_name(built: Path, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    _fails_with_engine(built, monkeypatch, str(tmp_path / "no-such-soffice"), "LibreOffice")


def test_libreoffice_crashing(built: Path, monkeypatch, tmp_path: Path):
    fake = _fake_soffice(tmp_path, "echo 'soffice: segmentation fault' >&2; exit 139")
    _fails_with_engine(built, monkeypatch, str(fake), "LibreOffice|soffice")


def test_libreoffice_hanging_past_the_limit(built: Path, monkeypatch, tmp_path: Path):
    fake = _fake_soffice(tmp_path, "sleep 600")
    _fails_with_engine(built, monkeypatch, str(fake), "time", "--timeout", "3")
