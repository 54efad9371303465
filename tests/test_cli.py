"""The commands a board manager types: --help, --version, schema, doctor, init."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, run

COMMANDS = ["build", "watch", "lint", "rule", "check-template", "template-vars", "import", "init", "schema", "doctor"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("annualreport ")


def test_schema_validates_the_sample_evidence():
    result = run("schema")
    schemas = json.loads(result.output)
    for kind, schema in schemas.items():
        data = yaml.safe_load((ROOT / "evidence" / "2024" / f"{kind}.yaml").read_text(encoding="utf-8"))
        # YAML dates arrive as dates; the schema speaks of strings
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_schema_rejects_a_typo_as_a_user_would_see_it():
    schema = json.loads(run("schema", "training").output)
    bad = {"courses": [{"id": "x", "title": "t", "source": "s", "as_of": "2024-05-01", "confidence": "high", "sessions": 1, "places": 1, "attendance": {}, "sesions": 2}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_schema_of_an_unknown_kind():
    result = run("schema", "trainings")
    assert result.exit_code == 2 and "training" in result.output


def test_doctor_names_both_engines():
    result = run("doctor")
    assert result.exit_code == 0
    assert "libreoffice" in result.output and "typst" in result.output


def test_init_makes_a_project_that_builds_at_once(tmp_path: Path):
    folder = tmp_path / "new"
    result = run("init", folder, "--year", "2025")
    assert result.exit_code == 0, result.output
    result = run("build", "2025", "--project", folder, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (folder / "build" / "2025" / "annual-report-2025-26.docx").exists()
    result = run("lint", "2025", "--project", folder)
    assert result.exit_code == 0 and "All checks passed" in result.output, result.output


def test_init_refuses_to_overwrite(tmp_path: Path):
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "annualreport.yaml").write_text("mine: true\n", encoding="utf-8")
    result = run("init", folder)
    assert result.exit_code == 2
    assert "annualreport.yaml" in result.output
    assert (folder / "annualreport.yaml").read_text(encoding="utf-8") == "mine: true\n"


def test_a_new_project_lints_clean(tmp_path: Path):
    folder = tmp_path / "new"
    assert run("init", folder, "--year", "2024").exit_code == 0
    result = run("lint", "2024", "--project", folder)
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.output


def test_the_september_example_builds_and_lints(tmp_path: Path):
    import shutil

    folder = tmp_path / "september"
    shutil.copytree(ROOT / "examples" / "september-year", folder, ignore=shutil.ignore_patterns("build"))
    assert run("lint", "2024", "--project", folder).exit_code == 0
    result = run("build", "2024", "--project", folder, "--format", "docx")
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "build" / "2024" / "manifest.json").read_text())
    assert manifest["period"] == {"start": "2024-09-01", "end": "2025-08-31", "label": "2024-25"}
