"""What annualreport writes into a project follows the user's umask (issue 11): on a shared
drive, colleagues open the outputs as the umask lets them, and a private umask keeps even the
caches private. Every file and folder a build leaves under build/ (the outputs, build/YEAR that
was the staging folder, the caches a second build uses), and an evidence file the import
makes, has the mode a plain ``open`` or ``mkdir`` would give it: 0666 or 0777 less the umask.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, requires_soffice, run


@pytest.fixture
def umask():
    """Set the process's umask for the test (the subprocesses a build starts inherit it)."""
    old = os.umask(0o022)
    os.umask(old)
    yield lambda mask: os.umask(mask)
    os.umask(old)


def modes(folder: Path) -> dict[str, int]:
    out = {folder.name: stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        out[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return out


def wrong(folder: Path, mask: int) -> dict[str, str]:
    """Each path whose mode is not the umask's, with its mode and the one expected."""
    out = {}
    for name, mode in modes(folder).items():
        path = folder.parent / name if name == folder.name else folder / name
        want = (0o777 if path.is_dir() else 0o666) & ~mask
        if mode != want:
            out[name] = f"{mode:o}, not {want:o}"
    return out


def build_twice(project: Path, *args: str) -> None:
    """A build, a change to a section, a build again (which uses what the first one kept)."""
    first = run("build", "2024", "--project", project, *args)
    assert first.exit_code == 0, first.output
    section = sorted((project / "sections" / "2024").glob("*.md"))[1]
    section.write_text(section.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    second = run("build", "2024", "--project", project, *args)
    assert second.exit_code == 0, second.output
    assert "kept from the last build" in second.output


@pytest.mark.parametrize("mask", [0o002, 0o077])
def test_everything_a_build_writes_follows_the_umask(tmp_path: Path, umask, mask: int):
    project = copy_project(ROOT, tmp_path / "project")
    umask(mask)
    build_twice(project, "--format", "docx")
    assert (project / "build" / ".cache").is_dir() and (project / "build" / "2024" / "manifest.json").is_file()
    assert wrong(project / "build", mask) == {}


@requires_soffice
def test_the_pdfs_a_build_keeps_and_uses_again_follow_the_umask(tmp_path: Path, umask):
    project = copy_project(ROOT, tmp_path / "project")
    umask(0o002)
    build_twice(project, "--pdf-engine", "libreoffice")
    assert list((project / "build" / "2024").glob("covering-*.pdf"))
    assert wrong(project / "build", 0o002) == {}


def test_an_evidence_file_the_import_makes_follows_the_umask(tmp_path: Path, umask):
    project = copy_project(ROOT, tmp_path / "project")
    (project / "evidence" / "2024" / "training.yaml").unlink()
    umask(0o002)
    result = run("import", "training", ROOT / "examples" / "training-export.csv", "--year", "2024", "--project", project, "--yes")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((project / "evidence" / "2024" / "training.yaml").stat().st_mode) == 0o664
