"""Shared fixtures: a copy of the sample project, and the CLI run as a user runs it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annualreport.main import app

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("annualreport.yaml", "evidence", "sections", "templates")

requires_soffice = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
requires_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.exists():
            shutil.copy2(path, target / name)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the sample project at the repository root."""
    return copy_project(ROOT, tmp_path / "project")


class Result:
    def __init__(self, exit_code: int, output: str):
        self.exit_code = exit_code
        self.output = output


def run(*args: str) -> Result:
    """Run the CLI in-process, as `annualreport ARGS`; stdout and stderr together."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=True)
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, output)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The sample project built once with LibreOffice, as the README's quick start does."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    project = copy_project(ROOT, tmp_path_factory.mktemp("sample") / "project")
    result = run("build", "2024", "--project", project, "--pdf-engine", "libreoffice")
    assert result.exit_code == 0, result.output
    return project / "build" / "2024"
