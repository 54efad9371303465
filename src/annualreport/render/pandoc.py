"""pandoc, as the build runs it: its path and version, and the limits it runs under.

``narrative_cache`` converts the report's Markdown parts with it, all in one process (about
ten times faster than one per section: 0.41 s against 4.52 s for 20 sections, measured).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pypandoc

from annualreport.errors import InputError, Problem

#: pandoc's Markdown, without the citation syntax (citations are numbered by us before this)
MARKDOWN = "markdown-citations-implicit_figures"

#: pandoc's heap in MB (``+RTS -M``, as pandoc's manual advises for untrusted input); a
#: 60-page report needs under 200. ANNUALREPORT_PANDOC_MEMORY (MB) overrides it.
MEMORY_MB = 2048
#: seconds pandoc may take (a 60-page report takes about 1). ANNUALREPORT_PANDOC_SECONDS overrides it.
SECONDS = 120.0
LIMIT_MEND = ("look in these files for what pandoc cannot handle: a very long paragraph, thousands of nested "
              "brackets, lists or quotes, or a huge table; split or simplify it. On a slow machine, "
              "ANNUALREPORT_PANDOC_SECONDS and ANNUALREPORT_PANDOC_MEMORY raise the limits")


def _setting(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def memory_mb() -> int:
    return int(_setting("ANNUALREPORT_PANDOC_MEMORY", MEMORY_MB))


def seconds() -> float:
    return _setting("ANNUALREPORT_PANDOC_SECONDS", SECONDS)


def limited(command: list[str]) -> list[str]:
    """pandoc's command with its memory cap (the RTS options go right after the program)."""
    return [command[0], "+RTS", f"-M{memory_mb()}m", "-RTS", *command[1:]]


def out_of_memory(returncode: int, stderr: bytes) -> bool:
    return returncode == 251 or b"heap overflow" in stderr or b"Heap exhausted" in stderr or b"maximum heap size" in stderr


def kill_group(process: subprocess.Popen) -> None:
    """Kill pandoc and anything it started (it runs in a process group of its own), and reap it."""
    from annualreport.pdf._process import kill_group as kill  # the one way a group is ended

    kill(process)
    process.wait()


def limit_problem(kind: str, files: list, root: Path | None = None) -> InputError:
    """A pandoc limit was passed ("time" or "memory"), converting these section files (or parts)."""
    what = f"took longer than {seconds():g} seconds" if kind == "time" else f"needed more than {memory_mb()} MB of memory"
    named = ", ".join(str(f.relative_to(root) if root and isinstance(f, Path) and f.is_relative_to(root) else f) for f in files)
    named = named or "the narrative"
    first = files[0] if files and isinstance(files[0], Path) else None
    return InputError(Problem(f"pandoc {what} converting {named}, and was stopped", first, hint=LIMIT_MEND))


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def pandoc_version() -> str:
    try:
        return pypandoc.get_pandoc_version()
    except OSError:
        return "missing (pip install pypandoc-binary)"
