"""Editors, pre-commit and CI: `schema --write`, the schemas `init` writes, the pre-commit hook.

- `annualreport schema --write` puts valid JSON Schemas in `.schemas/`, a modeline at the top
  of each evidence file and annualreport.yaml (and nothing else changed in them), and merges
  `yaml.schemas` into `.vscode/settings.json`; a second run changes nothing.
- `annualreport init` writes the same schemas and modelines.
- pre-commit runs the lint, through the hook in `.pre-commit-hooks.yaml`, in a throwaway git
  repository: a clean project passes; an unevidenced claim fails the hook with AR101.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from annualreport.evidence.models import KINDS
from annualreport.evidence.schemas import DIALECT, modeline_for, schema_files, with_modeline
from conftest import ROOT, copy_project, run, tree_digest

YEAR = "2024"
CLAIM = "Referrals rose by 40% in the year."
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")


def _plain(value):
    """What a YAML 1.2 editor sees: dates are strings (PyYAML gives dates)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _modelined(project: Path) -> list[Path]:
    return [project / "annualreport.yaml", *sorted((project / "evidence" / YEAR).glob("*.yaml"))]


def _check_project_against_its_schemas(project: Path) -> None:
    """Every schema is valid 2020-12; every modelined file names one that validates it."""
    for file in sorted((project / ".schemas").glob("*.schema.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == DIALECT and schema["title"] and "$id" not in schema, file.name
    for file in _modelined(project):
        text = file.read_text(encoding="utf-8")
        found = MODELINE.match(text)
        assert found, f"{file} has no modeline at the top"
        schema_file = (file.parent / found.group(1)).resolve()
        assert schema_file.parent == (project / ".schemas").resolve(), found.group(1)
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        data = _plain(yaml.safe_load(text))
        jsonschema.Draft202012Validator(schema).validate(data)
        # the YAML language server speaks draft-07: the schemas use only keywords it knows
        jsonschema.Draft7Validator(schema).validate(data)


# --- schema --write ----------------------------------------------------------------------


def _without_modelines(project: Path) -> Path:
    """The sample carries its modelines already: take them off, to see them put back."""
    for file in _modelined(project):
        text = file.read_text(encoding="utf-8")
        if MODELINE.match(text):
            file.write_text(text.split("\n", 1)[1], encoding="utf-8")
    return project


def test_schema_write_puts_valid_schemas_and_modelines_and_changes_nothing_else(tmp_path: Path):
    project = _without_modelines(copy_project(ROOT, tmp_path / "project"))
    before = {file: file.read_bytes() for file in _modelined(project)}
    others_before = {k: v for k, v in tree_digest(project).items() if not k.endswith(".yaml")}
    (project / ".vscode").mkdir()
    (project / ".vscode" / "settings.json").write_text(
        json.dumps({"editor.rulers": [100], "yaml.schemas": {"https://example.org/mine.json": "mine/*.yaml", "./.schemas/training.schema.json": "extra/training.yaml"}}, indent=4),
        encoding="utf-8",
    )

    result = run("schema", "--write", "--project", project)
    assert result.exit_code == 0, result.output
    assert ".schemas/training.schema.json" in result.output
    assert "added modeline" in result.output and "evidence/2024/training.yaml" in result.output

    assert sorted(p.name for p in (project / ".schemas").iterdir()) == sorted([f"{k}.schema.json" for k in KINDS] + ["annualreport.schema.json"])
    _check_project_against_its_schemas(project)

    # a text edit: one line in front, every other byte as it was
    for file, old in before.items():
        new = file.read_bytes()
        relative = file.relative_to(project).as_posix()
        assert new == (modeline_for(relative) + "\n").encode("utf-8") + old, relative
    assert (project / "evidence" / YEAR / "training.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../.schemas/training.schema.json\n# "
    )
    assert (project / "annualreport.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=.schemas/annualreport.schema.json\n")
    # sections and templates untouched
    assert {k: v for k, v in tree_digest(project).items() if k in others_before} == others_before

    # settings merged: the user's own settings and patterns stay
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.rulers"] == [100]
    schemas = settings["yaml.schemas"]
    assert schemas["https://example.org/mine.json"] == "mine/*.yaml"
    assert schemas["./.schemas/training.schema.json"] == ["extra/training.yaml", "evidence/*/training.yaml"]
    assert schemas["./.schemas/annualreport.schema.json"] == ["annualreport.yaml"]
    for kind in KINDS:
        assert f"evidence/*/{kind}.yaml" in schemas[f"./.schemas/{kind}.schema.json"]

    # the project still loads and lints clean with its modelines
    lint = run("lint", YEAR, "--project", project)
    assert lint.exit_code == 0 and "All checks passed" in lint.output, lint.output

    # a second run changes nothing, and says so
    digest = tree_digest(project)
    again = run("schema", "--write", "--project", project)
    assert again.exit_code == 0, again.output
    assert "nothing to do" in again.output
    assert tree_digest(project) == digest


def test_schema_write_writes_vscode_settings_where_there_were_none(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    assert run("schema", "--write", "--project", project).exit_code == 0
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert set(settings) == {"yaml.schemas"}
    assert len(settings["yaml.schemas"]) == len(KINDS) + 1


def test_schema_write_leaves_settings_with_comments_alone(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    (project / ".vscode").mkdir()
    jsonc = '{\n  // my settings\n  "editor.rulers": [100],\n}\n'
    (project / ".vscode" / "settings.json").write_text(jsonc, encoding="utf-8")
    result = run("schema", "--write", "--project", project)
    assert result.exit_code == 0, result.output
    assert (project / ".vscode" / "settings.json").read_text(encoding="utf-8") == jsonc
    assert "skipped" in result.output and '"yaml.schemas"' in result.output  # the snippet to add by hand
    _check_project_against_its_schemas(project)


def test_schema_write_keeps_a_files_own_modeline_crlf_and_bom(tmp_path: Path):
    project = _without_modelines(copy_project(ROOT, tmp_path / "project"))
    evidence = project / "evidence" / YEAR
    own = b"# yaml-language-server: $schema=https://example.org/voice.json\n" + (evidence / "voice.yaml").read_bytes()
    (evidence / "voice.yaml").write_bytes(own)
    windows = b"\xef\xbb\xbf" + (evidence / "training.yaml").read_bytes().replace(b"\n", b"\r\n")
    (evidence / "training.yaml").write_bytes(windows)

    result = run("schema", "--write", "--project", project)
    assert result.exit_code == 0, result.output
    assert (evidence / "voice.yaml").read_bytes() == own
    assert "kept" in result.output and "https://example.org/voice.json" in result.output
    assert (evidence / "training.yaml").read_bytes() == b"\xef\xbb\xbf# yaml-language-server: $schema=../../.schemas/training.schema.json\r\n" + windows[3:]
    assert run("lint", YEAR, "--project", project).exit_code == 0


def test_with_modeline_is_a_pure_prefix():
    line = "# yaml-language-server: $schema=x.json"
    assert with_modeline(b"", line) == b"# yaml-language-server: $schema=x.json\n"
    assert with_modeline(b"a: 1", line) == b"# yaml-language-server: $schema=x.json\na: 1"
    assert with_modeline(b"a: 1\r\nb: 2\r\n", line) == b"# yaml-language-server: $schema=x.json\r\na: 1\r\nb: 2\r\n"
    assert with_modeline(b"a: 1\n#   yaml-language-server: $schema=y.json\n", line) is None


def test_schema_write_outside_a_project_is_a_located_error(tmp_path: Path):
    result = run("schema", "--write", "--project", tmp_path)
    assert result.exit_code == 2
    assert "annualreport.yaml" in result.output and "Traceback" not in result.output
    assert not (tmp_path / ".schemas").exists()


def test_schema_still_prints_as_before():
    result = run("schema", "training")
    assert result.exit_code == 0
    assert json.loads(result.output) == KINDS["training"].model_json_schema()


def test_config_schema_catches_a_typo_in_annualreport_yaml():
    schema = json.loads(schema_files()[".schemas/annualreport.schema.json"])
    data = _plain(yaml.safe_load((ROOT / "annualreport.yaml").read_text(encoding="utf-8")))
    jsonschema.validate(data, schema)
    data["partnership"]["shortname"] = data["partnership"].pop("short_name")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data = _plain(yaml.safe_load((ROOT / "annualreport.yaml").read_text(encoding="utf-8")))
    data["committees"][0]["agenda_item"] = 7  # the model accepts a number here, so must the schema
    jsonschema.validate(data, schema)


# --- init --------------------------------------------------------------------------------


def test_init_writes_schemas_and_modelines(tmp_path: Path):
    folder = tmp_path / "new"
    result = run("init", folder, "--year", YEAR)
    assert result.exit_code == 0, result.output
    for relative, text in schema_files().items():
        assert (folder / relative).read_text(encoding="utf-8") == text
    assert len(_modelined(folder)) == len(KINDS) + 1
    _check_project_against_its_schemas(folder)
    # init and schema --write agree: only the VS Code settings are left for --write to add
    again = run("schema", "--write", "--project", folder)
    assert again.exit_code == 0, again.output
    assert [line.split()[-1] for line in again.output.splitlines() if line.startswith(("wrote", "updated", "added"))] == [".vscode/settings.json"]


# --- pre-commit --------------------------------------------------------------------------


def _manifest_hook(hook_id: str) -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(hook for hook in hooks if hook["id"] == hook_id)


def test_hook_manifest_is_what_the_docs_say():
    for hook_id, language in (("annualreport-lint", "python"), ("annualreport-lint-system", "system")):
        hook = _manifest_hook(hook_id)
        assert hook["entry"] == "annualreport lint" and hook["language"] == language and hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        for path in ("annualreport.yaml", "evidence/2024/training.yaml", "sections/2024/01-foreword.md", "templates/annual.docx", "reports/hscp/evidence/2024/voice.yaml"):
            assert files.search(path), path
        for path in ("README.md", "build/2024/annual-report-2024-25.pdf", "myannualreport.yaml", ".schemas/voice.schema.json"):
            assert not files.search(path), path


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True, env=_env(repo))


def _env(home: Path) -> dict[str, str]:
    """The environment for git and pre-commit: nothing of an enclosing git run, our own cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and not k.startswith("PRE_COMMIT")}
    env["PRE_COMMIT_HOME"] = str(home.parent / "pre-commit-home")
    env["NO_COLOR"] = "1"
    return env


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=repo, capture_output=True, text=True, env=_env(repo), timeout=600)


def _throwaway_repo(tmp_path: Path, config: str) -> Path:
    repo = copy_project(ROOT, tmp_path / "repo")
    (repo / "README.md").write_text("A partnership's report project.\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    return repo


def _add_unevidenced_claim(repo: Path) -> None:
    section = sorted((repo / "sections" / YEAR).glob("*.md"))[1]
    section.write_text(section.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{CLAIM}\n", encoding="utf-8")
    _git(repo, "add", "-A")


def _annualreport_command() -> str:
    """This interpreter's own annualreport, as a command line pre-commit can split."""
    script = Path(sys.executable).parent / ("annualreport.exe" if os.name == "nt" else "annualreport")
    if script.is_file():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m annualreport"


def test_pre_commit_runs_the_lint_in_a_throwaway_repository(tmp_path: Path):
    """The hook as `.pre-commit-hooks.yaml` defines it (id, entry, files, pass_filenames), run
    by pre-commit itself in a new git repository holding a copy of the sample project.

    Why `repo: local` with `language: system` here, not the published `language: python` hook
    through `pre-commit try-repo`: that makes a virtualenv and pip-installs annualreport and
    every dependency (matplotlib, pandoc, typst, ...) into it. That took 23 s on the machine
    this was written on, with a local wheel mirror; from PyPI it is slower, and offline it
    cannot run at all (and try-repo cannot pass the YEAR the lint needs). So the hook's own
    definition is run with this interpreter's annualreport (offline, about 2 s), and
    `test_pre_commit_installs_the_published_hook` below does the whole install when
    ANNUALREPORT_TEST_HOOK_INSTALL=1.
    """
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    hook = _manifest_hook("annualreport-lint")
    assert hook["entry"].split()[0] == "annualreport"
    local = {
        "id": hook["id"],
        "name": hook["name"],
        "entry": _annualreport_command() + " " + " ".join(hook["entry"].split()[1:]),
        "language": "system",
        "pass_filenames": hook["pass_filenames"],
        "files": hook["files"],
        "require_serial": hook.get("require_serial", False),
        "args": [YEAR],  # what the README tells a partnership to write
    }
    config = yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}, sort_keys=False)
    repo = _throwaway_repo(tmp_path, config)
    assert _pre_commit(repo, "validate-config", ".pre-commit-config.yaml").returncode == 0

    clean = _pre_commit(repo, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"annualreport lint\.+Passed", clean.stdout), clean.stdout

    _add_unevidenced_claim(repo)
    failed = _pre_commit(repo, "run", "--all-files")
    assert failed.returncode != 0, failed.stdout + failed.stderr
    assert re.search(r"annualreport lint\.+Failed", failed.stdout), failed.stdout
    assert "AR101" in failed.stdout and CLAIM in failed.stdout

    # the hook runs only when the report's files are in the commit
    other = _pre_commit(repo, "run", "--files", "README.md")
    assert other.returncode == 0, other.stdout + other.stderr
    assert "Skipped" in other.stdout


@pytest.mark.skipif(os.environ.get("ANNUALREPORT_TEST_HOOK_INSTALL") != "1", reason="installs annualreport and its dependencies into pre-commit's own environment (set ANNUALREPORT_TEST_HOOK_INSTALL=1)")
def test_pre_commit_installs_the_published_hook(tmp_path: Path):
    """What a partnership's repository does: `repo:` pointing at annualreport's source, the
    `annualreport-lint` hook with `language: python`, `args: ["2024"]`. The source is this
    working tree, committed into a scratch repository (pre-commit clones a `rev`)."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = tmp_path / "annualreport-src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "annualreport")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True, env=_env(source)).stdout.strip()
    config = yaml.safe_dump(
        {"repos": [{"repo": source.as_uri(), "rev": rev, "hooks": [{"id": "annualreport-lint", "args": [YEAR]}]}]}, sort_keys=False
    )
    repo = _throwaway_repo(tmp_path, config)

    clean = _pre_commit(repo, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    _add_unevidenced_claim(repo)
    failed = _pre_commit(repo, "run", "--all-files")
    assert failed.returncode != 0 and "AR101" in failed.stdout, failed.stdout + failed.stderr
