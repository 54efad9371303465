"""What `watch` tells the writer beside it (issue 11): the DRAFT mark is on the documents when
they are said to be ready, with no second build; the lint's first findings are shown (with how
many more); a failed rebuild has a red cross and the word "failed", one stopped by Ctrl-C the
word "stopped", never the tick of a rebuild that succeeded.

Driven in process, with ``Watcher.cycle()`` (no loop, no sleeping), Word documents only.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from annualreport.progress import Progress
from annualreport.watching import Watcher
from conftest import ROOT, copy_project

CLAIMS = [f"Referrals from the {n} team rose by {10 + n}% in the year." for n in range(1, 8)]  # AR101 each


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def section(project: Path) -> Path:
    return sorted((project / "sections" / "2024").glob("*.md"))[1]


def add_claims(project: Path, claims: list[str]) -> Path:
    path = section(project)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "\n\n".join(claims) + "\n", encoding="utf-8")
    return path


def header_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for s in document.sections for p in s.header.paragraphs)


class Readiness(io.StringIO):
    """Plain progress lines; at each "DOCX ready", what the yearly report's header says then."""

    def __init__(self, annual: Path):
        super().__init__()
        self.annual = annual
        self.headers_when_ready: list[str] = []

    def write(self, text: str) -> int:
        if text.startswith("DOCX ready"):
            self.headers_when_ready.append(header_text(self.annual))
        return super().write(text)


def test_the_draft_mark_is_on_the_documents_when_they_are_said_to_be_ready(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    stream = Readiness(project / "build" / "2024" / "annual-report-2024-25.docx")
    with Watcher(project, 2024, formats=("docx",), progress=Progress("plain", stream=stream)) as watcher:
        assert watcher.cycle().ok
        path = add_claims(project, CLAIMS[:1])
        cycle = watcher.cycle([str(path)])
        assert cycle.ok, cycle.error
    output = stream.getvalue()
    assert len(stream.headers_when_ready) == 2, output  # one build per change, no second one
    assert "DRAFT" not in stream.headers_when_ready[0]
    assert "DRAFT" in stream.headers_when_ready[1], output
    assert len(watcher.cycles) == 2
    assert output.count("rebuilding: ") == 1 and "making the documents again" not in output
    assert output.index("every page is marked DRAFT") < output.rindex("DOCX ready")


def test_the_first_findings_are_shown_and_the_rest_counted(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    stream = io.StringIO()
    with Watcher(project, 2024, formats=("docx",), progress=Progress("plain", stream=stream)) as watcher:
        assert watcher.cycle().ok
        path = add_claims(project, CLAIMS)
        assert watcher.cycle([str(path)]).ok
    output = stream.getvalue()
    relative = path.relative_to(project).as_posix()
    shown = [line for line in output.splitlines() if line.startswith(f"{relative}:") and " AR101 " in line]
    assert len(shown) == 5, output  # in the lint's text format: file:line:column: code message
    assert sum(f"  | {claim}" in output for claim in CLAIMS) == 5
    assert "... and 2 more ('annualreport lint 2024' lists them all)" in output


def test_a_failed_rebuild_has_a_red_cross_and_says_failed(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    terminal = Terminal()
    progress = Progress(stream=terminal)
    assert progress.mode == "rich"
    with Watcher(project, 2024, formats=("docx",), progress=progress) as watcher:
        assert watcher.cycle().ok
        evidence = project / "evidence" / "2024" / "priorities.yaml"
        evidence.write_text(evidence.read_text(encoding="utf-8") + "\n  - [broken\n", encoding="utf-8")
        assert not watcher.cycle([str(evidence)]).ok
        progress.close()
    final = terminal.getvalue().rsplit("\x1b[?25l", 1)[-1]  # the display as it was left
    lines = [line for line in final.split("\n") if "rebuilding: evidence/2024/priorities.yaml changed" in line]
    assert lines and "✗" in lines[-1] and "failed" in lines[-1] and "✓" not in lines[-1], final
    assert "\x1b[1;31m✗" in lines[-1]  # red
    assert any("✓" in line and "building 2024" in line for line in final.split("\n"))  # the first build's tick


def test_a_failed_rebuild_says_failed_in_plain_lines_too(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    stream = io.StringIO()
    with Watcher(project, 2024, formats=("docx",), progress=Progress("plain", stream=stream)) as watcher:
        assert watcher.cycle().ok
        evidence = project / "evidence" / "2024" / "priorities.yaml"
        evidence.write_text(evidence.read_text(encoding="utf-8") + "\n  - [broken\n", encoding="utf-8")
        assert not watcher.cycle([str(evidence)]).ok
    assert "rebuilding: evidence/2024/priorities.yaml changed: failed" in stream.getvalue().splitlines()


def test_a_rebuild_stopped_by_ctrl_c_says_stopped(tmp_path: Path, monkeypatch):
    import annualreport.project

    project = copy_project(ROOT, tmp_path / "project")
    terminal = Terminal()
    progress = Progress(stream=terminal)
    with Watcher(project, 2024, formats=("docx",), progress=progress) as watcher:
        assert watcher.cycle().ok

        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(annualreport.project, "load_project", interrupted)
        path = add_claims(project, CLAIMS[:1])
        with pytest.raises(KeyboardInterrupt):
            watcher.cycle([str(path)])
        progress.close()
    final = terminal.getvalue().rsplit("\x1b[?25l", 1)[-1]
    lines = [line for line in final.split("\n") if "rebuilding: " in line]
    assert lines and "stopped" in lines[-1] and "✓" not in lines[-1], final


def test_progress_marks_how_a_step_ended():
    """The marks of ``Progress`` itself, as ``build`` uses it: a step a failure or Ctrl-C
    ended inside ``with progress:`` is not ticked."""
    for error, word in ((ValueError("broken"), "failed"), (KeyboardInterrupt(), "stopped")):
        terminal = Terminal()
        with pytest.raises(type(error)):
            with Progress(stream=terminal) as progress:
                progress.step("loading the 2024 evidence")
                raise error
        final = terminal.getvalue().rsplit("\x1b[?25l", 1)[-1]
        line = next(line for line in final.split("\n") if "loading the 2024 evidence" in line)
        assert word in line and "✓" not in line, final
