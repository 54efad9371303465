"""``annualreport watch`` and its warm LibreOffice: a rebuild on a section change, only the
changed documents converted again, a dead office replaced (that rebuild converted cold), no
office left behind on exit; and the progress reporter's three modes.

Timing goals are not tested here (the machine is too noisy): ``benchmarks/speed.py``
measures them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import docx
import pytest
import typer
from typer.testing import CliRunner

from annualreport.progress import Progress
from annualreport.watching import Watcher
from conftest import ROOT, copy_project, requires_soffice

requires_pgrep = pytest.mark.skipif(shutil.which("pgrep") is None, reason="pgrep is not installed")


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch) -> Path:
    """Temporary files (office profiles among them) under this test's own folder, so a
    search for left-over offices finds only this test's."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def offices_under(folder: Path) -> list[str]:
    """Running processes whose command line names ``folder`` (an office's profile)."""
    done = subprocess.run(["pgrep", "-af", str(folder)], capture_output=True, text=True)
    return [line for line in done.stdout.splitlines() if "pgrep" not in line]


def section(project: Path) -> Path:
    return sorted((project / "sections" / "2024").glob("*.md"))[1]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def quiet() -> Progress:
    return Progress("plain", stream=io.StringIO())


# --- the warm office -------------------------------------------------------------------

@requires_soffice
def test_warm_office_fills_the_contents_page(tmp_path: Path, private_tmp: Path):
    from pypdf import PdfReader

    from annualreport.pdf import PdfJob
    from annualreport.pdf.warm import WarmOffice

    project = copy_project(ROOT, tmp_path / "project")
    watcher = Watcher(project, 2024, formats=("docx",), progress=quiet())
    assert watcher.cycle().ok
    annual = project / "build" / "2024" / "annual-report-2024-25.docx"
    with WarmOffice() as office:
        if not office.ready(60):
            pytest.skip("no Python with LibreOffice's UNO bridge here")
        results = office.convert([PdfJob(annual, tmp_path / "annual.pdf", "The yearly report")], 180)
        again = office.convert([PdfJob(annual, tmp_path / "again.pdf", "The yearly report")], 180)
    assert results[0].engine == "libreoffice" and results[0].pages > 5 and again[0].pages == results[0].pages
    reader = PdfReader(str(results[0].pdf))
    assert reader.metadata.title == "The yearly report"
    pages = [page.extract_text() or "" for page in reader.pages]
    start = next(n for n, text in enumerate(pages) if "Contents" in text)
    contents = "\n".join(pages[start : start + 2])
    assert "Right-click" not in contents
    headings = [p.text for p in docx.Document(str(annual)).paragraphs if p.style.name == "Heading 1"]
    assert headings
    for heading in headings:
        match = re.search(re.escape(heading[:25]) + r".*?(\d+)\s*$", contents, re.M)
        assert match, (heading, contents[:500])
        page = int(match.group(1))
        assert heading[:25] in pages[page - 1], (heading, page)  # listed on the page it is on
    assert not offices_under(private_tmp)


# --- watch: rebuilds -------------------------------------------------------------------

@requires_soffice
def test_a_section_change_converts_only_the_yearly_report(tmp_path: Path, private_tmp: Path):
    project = copy_project(ROOT, tmp_path / "project")
    with Watcher(project, 2024, pdf_engine="libreoffice", progress=quiet()) as watcher:
        first = watcher.cycle()
        assert first.ok, first.error
        assert len(first.converted) == 3 and first.docx_seconds < first.pdf_seconds
        path = section(project)
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added while watching.\n", encoding="utf-8")
        second = watcher.cycle([str(path)])
        assert second.ok, second.error
        assert second.converted == ["annual-report-2024-25.pdf"]
        assert sorted(second.reused) == sorted(p for p in first.converted if p.startswith("covering"))
        folder = project / "build" / "2024"
        assert "A sentence added while watching." in docx_text(folder / "annual-report-2024-25.docx")
        assert {p.name for p in folder.glob("*.pdf")} == set(first.converted)
        # nothing changed: nothing converted
        third = watcher.cycle([str(path)])
        assert third.ok and third.converted == [] and len(third.reused) == 3
        office = watcher.office
        assert office is not None and office.alive
    assert not office.alive
    assert not offices_under(private_tmp)


@requires_soffice
@requires_pgrep
@pytest.mark.parametrize("noticed", ["before", "while-converting"])
def test_a_dead_office_means_a_cold_conversion_and_a_new_office(tmp_path: Path, private_tmp: Path, monkeypatch, noticed):
    project = copy_project(ROOT, tmp_path / "project")
    with Watcher(project, 2024, pdf_engine="libreoffice", progress=quiet()) as watcher:
        assert watcher.cycle().ok
        office = watcher.office
        if office is None or office.office_pid is None:
            pytest.skip("no warm office here (no UNO bridge)")
        if noticed == "while-converting":  # the check before a rebuild misses it
            monkeypatch.setattr(office, "ping", lambda timeout=10: True)
        old_pdf = (project / "build" / "2024" / "annual-report-2024-25.pdf").read_bytes()
        # the office crashes (its helper lives on, and finds out at the next conversion)
        found = subprocess.run(["pgrep", "-f", f"soffice.bin.*{private_tmp}"], capture_output=True, text=True).stdout.split()
        assert found
        for pid in found:
            os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.5)
        path = section(project)
        path.write_text(path.read_text(encoding="utf-8") + "\nWritten after the office died.\n", encoding="utf-8")
        cycle = watcher.cycle([str(path)])
        assert cycle.ok, cycle.error
        assert cycle.converted == ["annual-report-2024-25.pdf"]
        new_pdf = project / "build" / "2024" / "annual-report-2024-25.pdf"
        assert new_pdf.read_bytes() != old_pdf
        assert watcher.office is not office and watcher.office.alive  # a new warm office
        again = watcher.cycle([str(path)])
        assert again.ok and again.converted == []
    assert not offices_under(private_tmp)


def test_a_user_error_is_reported_and_watching_goes_on(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    stream = io.StringIO()
    with Watcher(project, 2024, formats=("docx",), progress=Progress("plain", stream=stream)) as watcher:
        assert watcher.cycle().ok
        before = (project / "build" / "2024" / "annual-report-2024-25.docx").read_bytes()
        evidence = project / "evidence" / "2024" / "priorities.yaml"
        good = evidence.read_text(encoding="utf-8")
        evidence.write_text(good + "\n  - [broken\n", encoding="utf-8")
        bad = watcher.cycle([str(evidence)])
        assert not bad.ok
        assert "evidence/2024/priorities.yaml" in bad.error and "mend:" in bad.error
        assert "evidence/2024/priorities.yaml" in stream.getvalue()
        assert (project / "build" / "2024" / "annual-report-2024-25.docx").read_bytes() == before
        evidence.write_text(good, encoding="utf-8")
        assert watcher.cycle([str(evidence)]).ok


def _loop_sees(project: Path, watcher: Watcher, line: str, within: float) -> None:
    """Run ``watcher``'s loop, change a section once the first build is done, and see the
    change built within ``within`` seconds."""
    seen: list = []
    watcher.on_cycle = seen.append
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen and seen[0].ok
        time.sleep(0.5)  # the loop is waiting now
        path = section(project)
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
        changed = time.monotonic()
        while len(seen) < 2 and time.monotonic() < changed + within:
            time.sleep(0.05)
        assert len(seen) == 2 and seen[1].ok, seen
        assert seen[1].changed == [path.relative_to(project).as_posix()]
        assert line in docx_text(project / "build" / "2024" / "annual-report-2024-25.docx")
    finally:
        watcher.stop()
        thread.join(timeout=30)
        watcher.close()
    assert not thread.is_alive()


def test_the_loop_rebuilds_when_a_section_changes(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    _loop_sees(project, Watcher(project, 2024, formats=("docx",), progress=quiet(), interval=0.05, debounce=0.1),
               "The loop saw this.", within=50)


def test_the_loop_sees_a_change_by_its_event_not_by_polling(tmp_path: Path):
    """With a poll only every 30 s, a change is still built within seconds: the system's own
    change events (watchfiles) wake the loop."""
    project = copy_project(ROOT, tmp_path / "project")
    _loop_sees(project, Watcher(project, 2024, formats=("docx",), progress=quiet(), interval=30, debounce=0.1),
               "The events saw this.", within=15)


def _watch_app() -> typer.Typer:
    from annualreport.commands import watch

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """annualreport"""

    watch.register(app)
    return app


def test_watch_once_from_the_command_line(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    result = CliRunner().invoke(_watch_app(), ["watch", "2024", "--project", str(project), "--format", "docx", "--once"])
    assert result.exit_code == 0, result.output
    assert "DOCX ready" in result.output
    assert (project / "build" / "2024" / "annual-report-2024-25.docx").is_file()


@requires_soffice
@requires_pgrep
@pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX signals")
def test_stopping_watch_leaves_no_office(tmp_path: Path):
    project = copy_project(ROOT, tmp_path / "project")
    private = tmp_path / "tmp"
    private.mkdir()
    env = dict(os.environ, TMPDIR=str(private), PYTHONUNBUFFERED="1")
    script = (
        "import sys, typer\n"
        "from annualreport.commands import watch\n"
        "app = typer.Typer()\n"
        "@app.callback()\n"
        "def _root():\n    pass\n"
        "watch.register(app)\n"
        "app()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "watch", "2024", "--project", str(project), "--pdf-engine", "libreoffice", "--interval", "0.1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while not any("PDF ready" in line for line in lines) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert any("PDF ready" in line for line in lines), "".join(lines)
        assert offices_under(private), "the warm office should be running while watching"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=5)
    assert "stopped watching" in "".join(lines)
    time.sleep(0.3)
    assert not offices_under(private), offices_under(private)


# --- progress --------------------------------------------------------------------------

def test_progress_plain_lines_quiet_silence_and_errors_always():
    stream = io.StringIO()
    plain = Progress("plain", stream=stream)
    plain("loading")
    with plain.task("reading rows", total=3) as task:
        for _ in range(3):
            task.advance()
    plain.note("note: something to read")
    plain.error("error: something to mend")
    plain.close()
    assert stream.getvalue().splitlines() == ["loading", "reading rows", "note: something to read", "error: something to mend"]

    stream = io.StringIO()
    silent = Progress("quiet", stream=stream)
    silent("loading")
    silent.note("note: something to read")
    silent.error("error: something to mend")
    silent.close()
    assert stream.getvalue() == "error: something to mend\n"


def test_progress_is_rich_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert Progress(stream=io.StringIO()).mode == "plain"
    terminal = Terminal()
    progress = Progress(stream=terminal)
    assert progress.mode == "rich"
    progress("loading the evidence")
    progress("writing")
    progress.close()
    assert "loading the evidence" in terminal.getvalue()
    assert Progress.for_command(quiet=True, stream=terminal).mode == "quiet"


def test_watch_never_publishes_identifying_information(tmp_path: Path):
    """A rebuild after a child's details are typed into a section publishes nothing (AR401)."""
    project = copy_project(ROOT, tmp_path / "project")
    stream = io.StringIO()
    with Watcher(project, 2024, formats=("docx",), progress=Progress("plain", stream=stream)) as watcher:
        assert watcher.cycle().ok
        folder = project / "build" / "2024"
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        path = section(project)
        path.write_text(path.read_text(encoding="utf-8") + "\nHer son Liam can be reached on 07700 900 123.\n", encoding="utf-8")
        bad = watcher.cycle([str(path)])
        assert not bad.ok
        assert "AR401" in bad.error or "phone" in bad.error, bad.error
        assert "07700 900 123" not in stream.getvalue()
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
