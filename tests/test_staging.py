"""Outputs written whole or not at all (``output.staged``) and what a build may do to its
output folder (``output_folder``), in process: fast enough to run under mutation testing.
The same seen through the CLI is in tests/test_bad_input.py and tests/hostile/test_output_folder.py."""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import weakref
from pathlib import Path

import pytest

from annualreport.errors import InputError
from annualreport.output import Output, Staging, outputs_for_manifest, sha256, staged, write_manifest
from annualreport.output_folder import (
    check_replaceable,
    guarded,
    let_go,
    lock,
    made_by_a_build,
    ours,
    refused,
    staging_prefixes,
    sweep,
    unlock,
)


def digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def earlier_build(target: Path, **files: bytes) -> dict[str, bytes]:
    with staged(target) as stage:
        stage.file("manifest.json").write_text(json.dumps({"year": int(target.name)}))
        for name, data in files.items():
            stage.file(name).write_bytes(data)
    return digest(target)


def beside(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir())


# -- staged ----------------------------------------------------------------------------------


def test_a_build_that_fails_leaves_the_earlier_outputs_byte_for_byte(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    before = earlier_build(target, **{"annual.docx": b"the earlier report", "covering.docx": b"the earlier covering"})
    with pytest.raises(RuntimeError, match="half way"):
        with staged(target) as stage:
            assert stage.folder != target and stage.folder.parent == target.parent
            stage.file("covering.docx").write_bytes(b"a new covering report")  # written, then the build fails
            assert digest(target) == before  # nothing is in place while the build runs
            raise RuntimeError("half way")
    assert digest(target) == before
    assert beside(target) == ["2024"]  # the staging folder is gone


def test_a_build_that_succeeds_replaces_the_whole_folder(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    earlier_build(target, **{"annual.docx": b"old", "gone.docx": b"a committee no longer reported to"})
    with staged(target) as stage:
        assert isinstance(stage, Staging) and stage.outputs == []
        stage.file("manifest.json").write_text(json.dumps({"year": 2024}))
        stage.file("annual.docx").write_bytes(b"new")
    assert digest(target) == {"manifest.json": b'{"year": 2024}', "annual.docx": b"new"}
    assert beside(target) == ["2024"]


def test_the_first_build_makes_the_folders(tmp_path: Path):
    target = tmp_path / "out" / "deeper" / "2024"
    with staged(target) as stage:
        stage.file("manifest.json").write_text("{}")
    assert digest(target) == {"manifest.json": b"{}"}


def test_the_outputs_can_be_read_by_others_as_the_umask_allows(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    old = os.umask(0o022)
    try:
        with staged(target) as stage:
            stage.file("manifest.json").write_text("{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_a_folder_the_build_did_not_make_is_not_replaced(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    target.mkdir(parents=True)
    (target / "notes.txt").write_text("mine")
    with pytest.raises(InputError) as caught:
        with staged(target):
            raise AssertionError("the build must not start")
    text = caught.value.problems[0].render()
    assert "no annualreport build made (notes.txt; there is no manifest.json of year 2024)" in text
    assert "mend:" in text
    assert digest(target) == {"notes.txt": b"mine"}


def test_a_refusal_to_write_is_a_located_error(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    before = earlier_build(target, **{"annual.docx": b"old"})
    with pytest.raises(InputError) as caught:
        with staged(target) as stage:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(stage.file("annual.docx")))
    text = caught.value.problems[0].render()
    assert "the outputs cannot be written here" in text and "chmod u+w" in text
    assert digest(target) == before and beside(target) == ["2024"]


def test_an_error_not_about_the_output_folder_is_not_turned_into_one(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    with pytest.raises(PermissionError):
        with staged(target):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / "elsewhere" / "file"))


# -- the marker and what may be replaced -------------------------------------------------------


@pytest.mark.parametrize(
    "manifest, made",
    [
        ({"year": 2024}, True),
        ({"year": "2024"}, True),
        ({"year": 2023}, False),
        ({}, False),
        ([2024], False),
        (None, False),
    ],
)
def test_made_by_a_build(tmp_path: Path, manifest, made: bool):
    folder = tmp_path / "2024"
    folder.mkdir()
    if manifest is not None:
        (folder / "manifest.json").write_text(json.dumps(manifest))
    assert made_by_a_build(folder) is made


def test_a_marker_that_is_not_json_a_link_or_too_large_does_not_count(tmp_path: Path):
    folder = tmp_path / "2024"
    folder.mkdir()
    (folder / "manifest.json").write_text("{not json")
    assert not made_by_a_build(folder)
    real = tmp_path / "real.json"
    real.write_text(json.dumps({"year": 2024}))
    (folder / "manifest.json").unlink()
    (folder / "manifest.json").symlink_to(real)
    assert not made_by_a_build(folder)
    (folder / "manifest.json").unlink()
    (folder / "manifest.json").write_text(json.dumps({"year": 2024, "pad": "x" * (16 * 1024 * 1024)}))
    assert not made_by_a_build(folder)
    (folder / "manifest.json").write_text(json.dumps({"year": 2024, "pad": "x" * (16 * 1024 * 1024 - 40)}))
    assert made_by_a_build(folder)


def test_check_replaceable(tmp_path: Path):
    check_replaceable(tmp_path / "missing")  # nothing there: fine
    empty = tmp_path / "empty"
    empty.mkdir()
    check_replaceable(empty)
    file = tmp_path / "2024"
    file.write_text("x")
    with pytest.raises(InputError, match="this is a file, not a folder"):
        check_replaceable(file)
    link = tmp_path / "link"
    link.symlink_to(empty)
    with pytest.raises(InputError, match=r"this is a link \(to .*empty\)"):
        check_replaceable(link)


@pytest.mark.parametrize("names, shown", [("abcde", "(a, b, c and 2 more; there is no manifest.json of year full)"), ("abc", "(a, b, c; there is no")])
def test_a_folder_of_other_files_is_named_by_its_first_three(tmp_path: Path, names: str, shown: str):
    full = tmp_path / "full"
    full.mkdir()
    for name in names:
        (full / name).write_text(name)
    with pytest.raises(InputError) as caught:
        check_replaceable(full)
    assert shown in caught.value.problems[0].render()


# -- sweeping the staging folders of killed builds ---------------------------------------------


def test_staging_prefixes(tmp_path: Path):
    assert staging_prefixes(tmp_path / "2024") == (".2024.new-", ".2024.old-")


def test_sweep_removes_what_killed_builds_left_but_not_what_a_live_build_holds(tmp_path: Path):
    target = tmp_path / "2024"
    target.mkdir()
    killed = tmp_path / ".2024.new-killed"
    killed.mkdir()
    (killed / "half.docx").write_bytes(b"half")
    live = tmp_path / ".2024.new-live"
    live.mkdir()
    stray_file = tmp_path / ".2024.new-file"
    stray_file.write_text("a file, not a folder")
    other_year = tmp_path / ".2023.new-killed"
    other_year.mkdir()
    old = tmp_path / ".2024.old-killed"
    old.mkdir()
    held = lock(live, wait=False)
    assert held is not None
    try:
        sweep(target)
    finally:
        unlock(held)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2023.new-killed", ".2024.new-file", ".2024.new-live", "2024"]


def test_sweep_puts_back_earlier_outputs_moved_aside(tmp_path: Path):
    target = tmp_path / "2024"
    old = tmp_path / ".2024.old-killed"
    old.mkdir()
    (old / "annual.docx").write_bytes(b"earlier")
    sweep(target)
    assert digest(target) == {"annual.docx": b"earlier"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024"]


def test_a_lock_is_held_until_it_is_let_go(tmp_path: Path):
    first = lock(tmp_path, wait=False)
    assert first is not None
    assert lock(tmp_path, wait=False) is None  # another open file description: refused
    unlock(first)
    again = lock(tmp_path, wait=False)
    assert again is not None
    unlock(again)
    unlock(None)
    assert lock(tmp_path / "missing", wait=False) is None


# -- what the OS refused -----------------------------------------------------------------------


def test_a_full_disk_names_the_output_folder_and_how_to_free_it(tmp_path: Path):
    error = refused(OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "2024" / "a.docx")), tmp_path)
    text = error.problems[0].render()
    assert "the disk is full: No space left on device (while writing" in text
    assert "free some space on the disk that holds" in text


def test_a_full_disk_elsewhere_names_that_folder(tmp_path: Path):
    elsewhere = tmp_path / "tmp" / "x"
    error = refused(OSError(errno.EDQUOT, "Disk quota exceeded", str(elsewhere)), tmp_path / "build")
    problem = error.problems[0]
    assert Path(problem.file) == elsewhere.parent
    error = refused(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "build")
    assert Path(error.problems[0].file) == tmp_path / "build"
    assert "(while writing the outputs)" in error.problems[0].message


def test_a_read_only_disk_and_a_refused_write_have_their_own_mends(tmp_path: Path):
    read_only = refused(OSError(errno.EROFS, "Read-only file system", str(tmp_path / "a")), tmp_path, "reading")
    assert read_only.problems[0].message == "the outputs cannot be written here: Read-only file system (while reading them)"
    assert read_only.problems[0].hint.startswith("mount the disk writable")
    denied = refused(OSError(errno.EACCES, "Permission denied", str(tmp_path / "a")), tmp_path)
    assert Path(denied.problems[0].file) == tmp_path / "a"
    assert f"chmod u+w {tmp_path / 'a'}" in denied.problems[0].hint and "chattr -i" in denied.problems[0].hint
    bare = refused(OSError(errno.EACCES, "Permission denied"), tmp_path)
    assert Path(bare.problems[0].file) == tmp_path


def test_ours(tmp_path: Path):
    inside = str(tmp_path / "2024" / "a.docx")
    outside = str(tmp_path.parent / "elsewhere")
    assert ours(OSError(errno.ENOSPC, "full", outside), tmp_path)  # a full disk, wherever
    assert ours(OSError(errno.EFBIG, "too big"), tmp_path)
    assert ours(OSError(errno.EACCES, "denied", inside), tmp_path)
    assert ours(OSError(errno.EPERM, "denied", outside, None, inside), tmp_path)  # the second name
    assert ours(OSError(errno.EROFS, "read-only", str(tmp_path)), tmp_path)
    assert not ours(OSError(errno.EACCES, "denied", outside), tmp_path)
    assert not ours(OSError(errno.EACCES, "denied"), tmp_path)
    assert not ours(OSError(errno.ENOENT, "missing", inside), tmp_path)
    assert not ours(ValueError("not an OS error"), tmp_path)


def test_guarded_refuses_early_and_turns_refusals_into_located_errors(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    with guarded(target):
        pass
    assert target.parent.is_dir()
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="no annualreport build made"):
        with guarded(target):
            raise AssertionError("the build must not start")
    (target / "notes.txt").unlink()
    with pytest.raises(InputError, match="the disk is full"):
        with guarded(target):
            raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(OSError):
        with guarded(target):
            raise OSError(errno.ENOENT, "missing", str(tmp_path / "elsewhere"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_guarded_refuses_a_folder_it_cannot_write(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    target.mkdir(parents=True)
    target.parent.chmod(0o555)
    try:
        with pytest.raises(InputError, match="the outputs cannot be written here"):
            with guarded(target):
                raise AssertionError("the build must not start")
    finally:
        target.parent.chmod(0o755)


def test_a_full_disk_inside_the_output_folder_is_placed_at_that_folder(tmp_path: Path):
    error = refused(OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "2024" / "a.docx")), tmp_path)
    problem = error.problems[0]
    assert Path(problem.file) == tmp_path
    assert problem.hint == (f"free some space on the disk that holds {tmp_path} (or raise your quota), "
                            "or set 'output:' in annualreport.yaml to a folder on another disk")


def test_a_refusal_the_os_gave_no_words_for_says_what_it_was(tmp_path: Path):
    error = refused(PermissionError("the folder was taken away"), tmp_path)
    assert error.problems[0].message == "the outputs cannot be written here: the folder was taken away (while writing them)"


def test_a_year_folder_that_cannot_be_listed_is_a_located_refusal(tmp_path: Path, monkeypatch):
    """As root every folder can be listed: the OS's refusal is stood in for."""
    target = tmp_path / "build" / "2024"
    target.mkdir(parents=True)
    listdir = os.listdir

    def refuse(path):
        if Path(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    with pytest.raises(InputError) as raised:
        check_replaceable(target)
    problem = raised.value.problems[0]
    assert problem.message == "the outputs cannot be written here: Permission denied (while reading them)"
    assert Path(problem.file) == target
    assert problem.hint.startswith(f"make the folder writable (chmod u+w {target};")


def test_a_file_where_the_year_folder_goes_is_not_replaced(tmp_path: Path):
    target = tmp_path / "build" / "2024"
    target.parent.mkdir()
    target.write_text("mine")
    with pytest.raises(InputError) as raised:
        check_replaceable(target)
    problem = raised.value.problems[0]
    assert problem.message == "this is a file, not a folder an earlier build made, so the build does not replace it"
    assert problem.hint.startswith("move it somewhere else (the folder must be empty")
    assert target.read_text() == "mine"


class Statvfs:
    def __init__(self, flags: int):
        self.f_flag = flags


@pytest.mark.parametrize(
    "euid, statvfs, says, mend",
    [
        (1000, Statvfs(0), "Permission denied", "make the folder writable (chmod u+w"),
        (0, Statvfs(0), "Operation not permitted", "make the folder writable (chmod u+w"),
        (1000, Statvfs(os.ST_RDONLY | os.ST_NOSUID), "Read-only file system", "mount the disk writable"),
        (0, Statvfs(os.ST_RDONLY), "Read-only file system", "mount the disk writable"),
        (1000, OSError(errno.ENOSYS, "no statvfs here"), "Permission denied", "make the folder writable"),
        (1000, AttributeError("no os.statvfs on this system"), "Permission denied", "make the folder writable"),
    ],
)
def test_guarded_says_why_a_folder_cannot_be_written_before_the_build_starts(tmp_path: Path, monkeypatch, euid, statvfs, says, mend):
    """What the OS would say to a write in OUTPUT or OUTPUT/YEAR, checked before the build
    starts: a read-only disk, or a folder the user may not write (as root: not permitted,
    an immutable folder). These tests run as root, so the OS's answers are stood in for."""
    target = tmp_path / "build" / "2024"
    target.mkdir(parents=True)
    asked = []

    def access(path, mode):
        asked.append((Path(path), mode))
        return mode != os.W_OK or Path(path) != target  # only YEAR cannot be written

    def fake_statvfs(path):
        assert Path(path) == target
        if isinstance(statvfs, BaseException):
            raise statvfs
        return statvfs

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "statvfs", fake_statvfs)
    monkeypatch.setattr(os, "geteuid", lambda: euid)
    with pytest.raises(InputError) as raised:
        with guarded(target):
            raise AssertionError("the build must not start")
    problem = raised.value.problems[0]
    assert problem.message == f"the outputs cannot be written here: {says} (while writing them)"
    assert problem.hint.startswith(mend)
    assert Path(problem.file) == target
    assert (target.parent, os.W_OK) in asked and (target, os.W_OK) in asked


def test_guarded_lets_a_build_start_in_folders_it_can_write(tmp_path: Path, monkeypatch):
    target = tmp_path / "build" / "2024"
    target.mkdir(parents=True)
    monkeypatch.setattr(os, "statvfs", lambda path: Statvfs(os.ST_RDONLY))  # never asked when writable
    ran = []
    with guarded(target):
        ran.append(True)
    assert ran == [True]


class HalfWritten:
    """A file a failed write still holds: closing it flushes its buffer to the full disk."""

    def __init__(self, error: BaseException):
        self.error = error
        self.me = self  # a cycle, as a zip and its file make: only the collector frees it

    def __del__(self):
        raise self.error


def failed_write(held: list, error: BaseException) -> OSError:
    def write():
        handle = HalfWritten(error)
        held.append(weakref.ref(handle))
        raise OSError(errno.ENOSPC, "No space left on device")

    try:
        write()
    except OSError as exc:
        return exc
    raise AssertionError("write() raised nothing")


def test_a_full_disk_drops_what_the_failed_write_held_now_and_quietly(monkeypatch):
    """The half-written file is let go while the error is made (not later, when a second
    "Exception ignored ... No space left on device" would be printed under the message)."""
    printed = []
    hook = printed.append
    monkeypatch.setattr(sys, "unraisablehook", hook)
    held: list = []
    exc = failed_write(held, OSError(errno.ENOSPC, "No space left on device"))
    assert held[0]() is not None
    error = refused(exc, Path("build"))
    assert "the disk is full" in error.problems[0].message
    assert held[0]() is None, "the half-written file is still held"
    assert printed == []
    assert sys.unraisablehook is hook


def test_letting_go_still_reports_an_error_that_is_not_the_disk(monkeypatch):
    printed = []
    monkeypatch.setattr(sys, "unraisablehook", printed.append)
    held: list = []
    exc = failed_write(held, ValueError("a bug in a destructor"))
    let_go(exc)
    assert held[0]() is None
    assert [type(u.exc_value) for u in printed] == [ValueError]


# -- the manifest ------------------------------------------------------------------------------


def test_the_manifest_lists_each_output_with_its_digest(tmp_path: Path):
    stage = Staging(tmp_path)
    (tmp_path / "annual.pdf").write_bytes(b"pdf")
    (tmp_path / "covering.docx").write_bytes(b"docx")
    stage.outputs += [Output("annual", tmp_path / "annual.pdf", engine="libreoffice", pages=0),
                      Output("covering", tmp_path / "covering.docx", committee="Scrutiny")]
    rows = outputs_for_manifest(stage)
    assert rows == [
        {"kind": "annual", "path": "annual.pdf", "sha256": sha256(tmp_path / "annual.pdf"), "engine": "libreoffice", "pages": 0},
        {"kind": "covering", "committee": "Scrutiny", "path": "covering.docx", "sha256": sha256(tmp_path / "covering.docx")},
    ]
    import hashlib

    assert rows[0]["sha256"] == hashlib.sha256(b"pdf").hexdigest()
    path = write_manifest(stage, {"year": 2024, "title": "Zoë’s report"})
    assert path == tmp_path / "manifest.json"
    assert path.read_text(encoding="utf-8") == '{\n  "year": 2024,\n  "title": "Zoë’s report"\n}\n'


def test_sha256_reads_a_file_larger_than_one_chunk(tmp_path: Path):
    import hashlib

    data = os.urandom((1 << 20) + 17)
    (tmp_path / "big").write_bytes(data)
    assert sha256(tmp_path / "big") == hashlib.sha256(data).hexdigest()


# -- edges found by mutation testing (tests/README.md) -----------------------------------------


@pytest.mark.parametrize("mask, mode", [(0o022, 0o755), (0o027, 0o750), (0o077, 0o700)])
def test_the_output_folder_follows_the_umask(tmp_path: Path, mask: int, mode: int):
    target = tmp_path / "build" / "2024"
    old = os.umask(mask)
    try:
        with staged(target) as stage:
            stage.file("manifest.json").write_text("{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_failed_move_into_place_puts_the_earlier_outputs_back(tmp_path: Path, monkeypatch):
    """The swap: build/2024 is moved aside to .2024.old-* (locked, so that no sweep takes it),
    the new folder moved in; if that fails, the earlier one goes back."""
    target = tmp_path / "build" / "2024"
    before = earlier_build(target, **{"annual.docx": b"the earlier report"})
    real_rename = Path.rename
    seen = []

    def rename(self, to):
        to = Path(to)
        if self == target:
            seen.append(to)
            assert to.parent == target.parent and to.name.startswith(".2024.old-")
            assert lock(self, wait=False) is None, "the earlier outputs are not locked while they are aside"
        if self.name.startswith(".2024.new-") and to == target:
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(self), None, str(to))
        return real_rename(self, to)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="cross-device"):
        with staged(target) as stage:
            stage.file("annual.docx").write_bytes(b"new")
    monkeypatch.undo()
    assert seen
    assert digest(target) == before
    assert beside(target) == ["2024"]


def test_a_lock_taken_with_wait_waits_for_the_holder(tmp_path: Path):
    import threading
    import time

    held = lock(tmp_path, wait=False)
    assert held is not None
    threading.Timer(0.3, unlock, [held]).start()
    started = time.monotonic()
    second = lock(tmp_path, wait=True)
    assert second is not None and time.monotonic() - started >= 0.25
    unlock(second)


def test_each_refusal_to_replace_names_the_folder_and_how_to_mend_it(tmp_path: Path):
    file = tmp_path / "2024"
    file.write_text("x")
    with pytest.raises(InputError) as caught:
        check_replaceable(file)
    problem = caught.value.problems[0]
    assert Path(problem.file) == file
    assert problem.hint == ("move it somewhere else (the folder must be empty or hold an earlier build), "
                            "or set 'output:' in annualreport.yaml to another folder")
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    with pytest.raises(InputError) as caught:
        check_replaceable(link)
    problem = caught.value.problems[0]
    assert Path(problem.file) == link
    assert problem.message.endswith("not a folder an earlier build made, so the build does not replace it")
    assert problem.hint == "remove the link (what it points to stays), or set 'output:' in annualreport.yaml to another folder"
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in "abcd":
        (mine / name).write_text(name)
    with pytest.raises(InputError) as caught:
        check_replaceable(mine)
    problem = caught.value.problems[0]
    assert Path(problem.file) == mine
    assert "(a, b, c and 1 more;" in problem.message and problem.message.endswith("so the build does not replace it")
    assert problem.hint.startswith("move those files somewhere else")


def test_sweep_leaves_a_link_and_an_old_folder_when_the_target_is_there(tmp_path: Path):
    target = tmp_path / "2024"
    target.mkdir()
    (target / "manifest.json").write_text("{}")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / ".2024.new-link").symlink_to(elsewhere)
    old = tmp_path / ".2024.old-killed"
    old.mkdir()
    (old / "annual.docx").write_bytes(b"older")
    sweep(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2024.new-link", "2024", "elsewhere"]
    assert digest(target) == {"manifest.json": b"{}"}
