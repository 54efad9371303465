"""Issue 8, point 1: the output folder is ours alone.

A build writes only into a folder of its own: never the project, never a folder of its
inputs, never outside the project unless annualreport.yaml says so, and it replaces
OUTPUT/YEAR only when an earlier build made it. A folder it cannot write (read-only,
immutable, a full disk) ends in a located message, the earlier outputs as they were.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

CONFIG = "annualreport.yaml"


def digest(folder: Path) -> dict[str, str]:
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def set_output(hostile, value: str, extra: str = "") -> int:
    """Write ``output: VALUE`` (and any extra lines after it); return the line of ``output:``."""
    path = hostile.project / CONFIG
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("output:"):
            lines[number] = f"output: {value}\n" + extra
            path.write_text("".join(lines), encoding="utf-8")
            hostile.snapshot_inputs()
            return number + 1
    raise AssertionError("the sample has no 'output:' line")


def line_of(hostile, text: str) -> int:
    for number, line in enumerate((hostile.project / CONFIG).read_text(encoding="utf-8").splitlines()):
        if line.strip().startswith(text):
            return number + 1
    raise AssertionError(text)


# -- a folder of the project's own ---------------------------------------------------------


@pytest.mark.parametrize("value, names", [
    ("evidence", "evidence"),
    ("sections", "sections"),
    ("templates", "templates"),
    ("evidence/2024", "evidence"),
    ("build/../sections", "sections"),
    (".git", r"\.git"),
    (".", "project folder"),
    ("./", "project folder"),
])
def test_a_folder_of_the_inputs_or_the_project_itself_is_refused(hostile, value, names):
    (hostile.project / ".git").mkdir()
    (hostile.project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    line = set_output(hostile, value)
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says=names, file=CONFIG, line=line)
    assert (hostile.project / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert not (hostile.project / "2024").exists()


def test_output_evidence_leaves_every_evidence_file_as_it_was(hostile):
    before = digest(hostile.project / "evidence" / "2024")
    line = set_output(hostile, "evidence")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="evidence", file=CONFIG, line=line)
    assert digest(hostile.project / "evidence" / "2024") == before


def test_a_link_to_the_evidence_is_refused_too(hostile):
    (hostile.project / "out").symlink_to(hostile.project / "evidence")
    line = set_output(hostile, "out")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="evidence", file=CONFIG, line=line)


@pytest.mark.parametrize("value", ["/", "..", "../.."])
def test_a_folder_holding_the_project_is_refused_and_nothing_is_written_there(hostile, value):
    root_had_2024 = Path("/2024").exists()
    line = set_output(hostile, value)
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="holds the project|project folder", file=CONFIG, line=line)
    assert Path("/2024").exists() == root_had_2024
    assert not (hostile.project.parent / "2024").exists()
    # even when the user allows folders outside the project
    line = set_output(hostile, value, "output_outside_project: true\n")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="holds the project", file=CONFIG, line=line)
    assert Path("/2024").exists() == root_had_2024


def test_the_git_folder_of_an_enclosing_repository_is_refused_even_when_outside_is_allowed(hostile):
    (hostile.base / ".git").mkdir()
    line = set_output(hostile, "../.git", "output_outside_project: true\n")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says=r"\.git folder", file=CONFIG, line=line)
    assert list((hostile.base / ".git").iterdir()) == []


# -- outside the project -------------------------------------------------------------------


def outside_with_minutes(hostile) -> Path:
    outside = hostile.base / "committee-papers"
    (outside / "2024").mkdir(parents=True)
    (outside / "2024" / "minutes.txt").write_text("Minutes of the meeting of 3 March\n")
    return outside


def test_a_folder_outside_the_project_is_refused_unless_allowed(hostile):
    outside = outside_with_minutes(hostile)
    line = set_output(hostile, str(outside))
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file=CONFIG, line=line)
    assert "output_outside_project: true" in ran.out
    assert (outside / "2024" / "minutes.txt").read_text() == "Minutes of the meeting of 3 March\n"
    assert sorted(p.name for p in outside.iterdir()) == ["2024"]


def test_allowed_outside_a_folder_it_did_not_make_is_still_not_replaced(hostile):
    outside = outside_with_minutes(hostile)
    set_output(hostile, str(outside), "output_outside_project: true\n")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="manifest.json", file=str(outside / "2024"))
    assert "minutes.txt" in ran.out
    assert (outside / "2024" / "minutes.txt").read_text() == "Minutes of the meeting of 3 March\n"
    assert not [p.name for p in outside.iterdir() if p.name.startswith(".2024.")]


def test_allowed_outside_the_build_goes_there(hostile):
    outside = hostile.base / "published"
    set_output(hostile, str(outside), "output_outside_project: true\n")
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out
    manifest = json.loads((outside / "2024" / "manifest.json").read_text())
    assert manifest["year"] == 2024
    assert (outside / "2024" / "annual-report-2024-25.docx").is_file()
    # and a second build replaces the first (it carries the marker)
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out
    assert not [p.name for p in outside.iterdir() if p.name.startswith(".2024.")]
    hostile.assert_inputs_untouched()


def test_a_link_that_leads_outside_the_project_needs_the_setting(hostile):
    outside = hostile.base / "elsewhere"
    outside.mkdir()
    (hostile.project / "build").symlink_to(outside)
    line = line_of(hostile, "output:")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file=CONFIG, line=line)
    assert list(outside.iterdir()) == []


# -- OUTPUT/YEAR is replaced only when an earlier build made it ------------------------------


@pytest.mark.parametrize("manifest", [None, "not json {", json.dumps({"year": 2023}), json.dumps([2024])])
def test_a_year_folder_without_the_marker_is_not_replaced(hostile, manifest):
    year = hostile.project / "build" / "2024"
    year.mkdir(parents=True)
    (year / "minutes.txt").write_text("Minutes\n")
    if manifest is not None:
        (year / "manifest.json").write_text(manifest)
    before = digest(year)
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="not made by an annualreport build|no annualreport build made", file="build/2024")
    assert "move" in ran.out and "output:" in ran.out
    assert digest(year) == before


def test_a_year_folder_that_is_a_link_is_not_replaced(hostile):
    elsewhere = hostile.base / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "minutes.txt").write_text("Minutes\n")
    (hostile.project / "build").mkdir()
    (hostile.project / "build" / "2024").symlink_to(elsewhere)
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="link", file="build/2024")
    assert (hostile.project / "build" / "2024").is_symlink()
    assert (elsewhere / "minutes.txt").read_text() == "Minutes\n"


def test_an_empty_year_folder_may_be_used(hostile):
    (hostile.project / "build" / "2024").mkdir(parents=True)
    outputs = hostile.good_build()
    assert "manifest.json" in outputs


# -- staging folders left by a killed build ------------------------------------------------------


def test_stale_staging_is_removed_but_not_that_of_a_live_build(hostile):
    outputs = hostile.good_build()
    build = hostile.project / "build"
    stale_new = build / ".2024.new-killed1"
    stale_new.mkdir()
    (stale_new / "annual-report-2024-25.docx").write_bytes(b"half a file")
    stale_old = build / ".2024.old-killed2"
    stale_old.mkdir()
    (stale_old / "manifest.json").write_text("{}")
    live = build / ".2024.new-running"
    live.mkdir()
    (live / "covering-report-hwb-2024-25.docx").write_bytes(b"being written")
    handle = os.open(live, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a build running now holds it
        ran = hostile.build("--format", "docx")
        assert ran.code == 0, ran.out
        assert not stale_new.exists() and not stale_old.exists()
        assert (live / "covering-report-hwb-2024-25.docx").read_bytes() == b"being written"
    finally:
        os.close(handle)
    assert set(digest(build / "2024")) == set(outputs)
    shutil.rmtree(live)
    hostile.assert_nothing_left()


def test_earlier_outputs_caught_mid_swap_are_put_back(tmp_path):
    """Killed between moving build/2024 aside and moving the new one in: the next build
    finds no build/2024 and an unowned .2024.old-*; it puts the earlier outputs back first,
    so that a failure of its own leaves them where they were."""
    from annualreport.output import staged

    build = tmp_path / "build"
    old = build / ".2024.old-killed"
    old.mkdir(parents=True)
    (old / "manifest.json").write_text(json.dumps({"year": 2024}))
    (old / "annual-report-2024-25.docx").write_bytes(b"the earlier report")
    half = build / ".2024.new-killed"
    half.mkdir()
    (half / "annual-report-2024-25.docx").write_bytes(b"the new one, complete or not")
    with pytest.raises(RuntimeError):
        with staged(build / "2024"):
            raise RuntimeError("this build fails too")
    assert sorted(p.name for p in build.iterdir()) == ["2024"]
    assert (build / "2024" / "annual-report-2024-25.docx").read_bytes() == b"the earlier report"


def test_a_build_killed_mid_write_leaves_nothing_the_next_build_keeps(hostile):
    outputs = hostile.good_build()
    build = hostile.project / "build"
    proc = hostile.start("build", "2024", "--project", hostile.project, "--format", "docx")
    deadline = time.monotonic() + 60
    seen = False
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith(".2024.new-") for p in build.iterdir()):
            seen = True
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.communicate()
    if not seen:
        pytest.skip("the build finished before its staging folder was seen")
    # the guard process removes the killed build's staging folder; where it cannot (no guard
    # on this system), the next build sweeps it: either way none is left after that build
    assert digest(build / "2024") == outputs
    for left in hostile.tmp.iterdir():  # what the killed run left in its TMPDIR is not this test's
        shutil.rmtree(left, ignore_errors=True) if left.is_dir() else left.unlink()
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out
    hostile.assert_nothing_left()


def test_two_builds_at_once_both_succeed_and_leave_one_whole_build(hostile):
    hostile.good_build()
    args = ("build", "2024", "--project", hostile.project, "--format", "docx")
    procs = [hostile.start(*args) for _ in range(2)]
    for proc in procs:
        out, _ = proc.communicate(timeout=150)
        assert proc.returncode == 0, out.decode()
    manifest = json.loads((hostile.project / "build/2024/manifest.json").read_text())
    names = {o["path"] for o in manifest["outputs"]} | {"manifest.json"}
    assert set(digest(hostile.project / "build/2024")) == names
    hostile.assert_nothing_left()


# -- a folder the OS will not let us write ---------------------------------------------------


def immutable(path: Path, on: bool) -> None:
    result = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True, text=True)
    if on and result.returncode != 0:
        pytest.skip(f"chattr +i is refused here: {result.stderr.strip()}")


@pytest.mark.skipif(shutil.which("chattr") is None, reason="chattr is not installed")
@pytest.mark.parametrize("which", ["build", "build/2024"])
def test_an_immutable_output_folder_is_a_located_error(hostile, which):
    outputs = hostile.good_build()
    folder = hostile.project / which
    immutable(folder, True)
    try:
        ran = hostile.build("--format", "docx", "--force")  # nothing changed: only a forced build writes
    finally:
        immutable(folder, False)
    hostile.assert_fails(ran, 2, says="not permitted", file=which, outputs=outputs)
    assert "chattr -i" in ran.out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder without write permission")
def test_a_read_only_output_folder_is_a_located_error(hostile):
    outputs = hostile.good_build()
    folder = hostile.project / "build"
    folder.chmod(0o555)
    try:
        ran = hostile.build("--format", "docx")
    finally:
        folder.chmod(0o755)
    hostile.assert_fails(ran, 2, says="denied", file="build", outputs=outputs)


def mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here ({result.stderr.strip()}); test_full_disk_in_process covers it")


@pytest.mark.skipif(shutil.which("mount") is None, reason="mount is not installed")
def test_a_full_disk_is_a_located_error(hostile):
    build = hostile.project / "build"
    mount_tmpfs(build, "4m")
    try:
        outputs = hostile.good_build()
        filler = build / "filler"
        with filler.open("wb") as out:  # take all the space that is left
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        ran = hostile.build("--format", "docx", "--force")  # nothing changed: only a forced build writes
        filler.unlink()
        hostile.assert_fails(ran, 2, says="No space left on device", file="build", outputs=outputs)
        assert "free some space" in ran.out
    finally:
        subprocess.run(["umount", "-l", str(build)], check=False)


def test_full_disk_in_process(tmp_path, monkeypatch):
    """ENOSPC while the outputs are written, injected (for machines that cannot mount a tmpfs)."""
    from annualreport.errors import InputError
    from annualreport.output import staged

    target = tmp_path / "build" / "2024"
    with staged(target) as stage:
        stage.file("manifest.json").write_text(json.dumps({"year": 2024}))
    before = digest(target)
    with pytest.raises(InputError) as caught:
        with staged(target) as stage:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    text = caught.value.problems[0].render()
    assert "No space left on device" in text and "mend:" in text and str(target.parent) in text
    assert digest(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["2024"]


# -- templates are read only from inside the project ---------------------------------------------


def test_a_template_outside_the_project_is_refused(hostile):
    outside = hostile.base / "shared-templates"
    outside.mkdir()
    shutil.copy(hostile.project / "templates" / "annual.docx", outside / "annual.docx")
    path = hostile.project / CONFIG
    path.write_text(path.read_text(encoding="utf-8").replace("annual: templates/annual.docx", f"annual: {outside / 'annual.docx'}"), encoding="utf-8")
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file=CONFIG, line=line_of(hostile, "annual:"))


def test_a_template_linked_to_a_file_outside_the_project_is_refused(hostile):
    outside = hostile.base / "shared-templates"
    outside.mkdir()
    template = hostile.project / "templates" / "covering.docx"
    shutil.move(template, outside / "covering.docx")
    template.symlink_to(outside / "covering.docx")
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file=CONFIG, line=line_of(hostile, "covering: templates"))
