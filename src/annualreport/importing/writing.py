"""Writing an import's result whole or not at all, and saying what it changed."""

from __future__ import annotations

import difflib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterable

from annualreport.errors import InputError, Problem
from annualreport.file_modes import shared
from annualreport.importing.kinds import SPECS
from annualreport.importing.merge import ImportPlan


# --- writing --------------------------------------------------------------------------------------------


def write_atomic(path: Path, text: str, expect_digest: str | None = None) -> None:
    """Write ``text`` whole or not at all; refuse if the file changed since it was read."""
    if expect_digest is not None and path.exists():
        now = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
        if now != expect_digest:
            raise InputError(Problem("the file changed while the import was being prepared; nothing was written", path, hint="run the import again"))
    elif expect_digest is None and path.exists():
        raise InputError(Problem("the file appeared while the import was being prepared; nothing was written", path, hint="run the import again"))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            shared(temp)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def unified_diff(plan: ImportPlan, relative: str) -> list[str]:
    return list(
        difflib.unified_diff(
            plan.old_text.splitlines(keepends=True),
            plan.new_text.splitlines(keepends=True),
            fromfile=f"a/{relative}" if plan.old_text else "/dev/null",
            tofile=f"b/{relative}",
        )
    )


def describe(plan: ImportPlan) -> Iterable[str]:
    """What the merge did, in a few lines."""
    noun = SPECS[plan.kind].noun
    def count(n: int) -> str:
        return f"{n} {noun}" + ("" if n == 1 else "s")

    yield f"{count(len(plan.updated))} updated, {len(plan.added)} new, {len(plan.unchanged)} already up to date"
    if plan.added:
        yield "new: " + ", ".join(plan.added)
    if plan.untouched:
        yield "left as they were (not in the sheet; an import never deletes): " + ", ".join(plan.untouched)
