"""A project's folders (evidence/YEAR, sections/YEAR, templates, the output folder and the
caches in it) are named in one place, ``Project`` and its ``project_folders.Layout``: no
other module builds them by hand, so moving one is a change to one file."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "annualreport"
NAMES = {"evidence", "sections", "templates", "build", ".cache", ".charts-cache", "pandoc"}
#: the modules that name the project's folders
OWNERS = {"project.py", "project_folders.py"}
#: ``skeleton`` joins "templates" to its own package folder (the Word templates it ships),
#: not to a project's
#: ``pdf.profile`` keeps a set-up LibreOffice profile in the user's own cache folder
ELSEWHERE = {"skeleton/__init__.py": "_root()", "pdf/profile.py": "Path.home()"}


def _hand_built(path: Path) -> list[str]:
    """Each ``something / "sections"`` (or another folder's name) in the module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right
            if isinstance(right, ast.Constant) and right.value in NAMES:
                left = ast.unparse(node.left)
                if ELSEWHERE.get(path.relative_to(SRC).as_posix()) == left:
                    continue
                found.append(f"{path.relative_to(SRC).as_posix()}:{node.lineno}: {left} / {right.value!r}")
    return found


def test_only_the_project_names_its_folders():
    found = [hit for path in sorted(SRC.rglob("*.py")) if path.relative_to(SRC).as_posix() not in OWNERS
             for hit in _hand_built(path)]
    assert found == [], "use Project's properties (or project_folders.Layout) instead:\n" + "\n".join(found)


def test_the_project_names_each_of_its_folders(project: Path):
    from annualreport.project import load_project
    from annualreport.project_folders import Layout

    (project / "annualreport.yaml").write_text(
        (project / "annualreport.yaml").read_text(encoding="utf-8").replace("output: build", "output: out"),
        encoding="utf-8")
    loaded = load_project(project, 2024, announce=None)
    root = project.resolve()
    assert loaded.evidence_folder == root / "evidence" / "2024"
    assert loaded.sections_folder == root / "sections" / "2024"
    assert loaded.templates_folder == root / "templates"
    assert loaded.builds_folder == root / "out"
    assert loaded.output_folder == root / "out" / "2024"
    assert loaded.charts_cache == root / "out" / ".charts-cache"
    assert loaded.pandoc_cache == root / "out" / ".cache" / "pandoc"
    assert Layout(root).evidence(2024) == loaded.evidence_folder
    assert {s.file.parent for s in loaded.sections} == {loaded.sections_folder}
