"""Finding LibreOffice: the ``soffice`` program (``ANNUALREPORT_SOFFICE``, PATH, the usual
install folders), its version, and a Python that can ``import uno`` to drive it (remembered
per soffice in the user's cache folder, since probing costs a second).

The engine that converts with it is ``libreoffice``; the office kept running is ``warm``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ._process import IS_WINDOWS

ENV_SOFFICE = "ANNUALREPORT_SOFFICE"

MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
DEBIAN_UNO_PATH = "/usr/lib/python3/dist-packages"

INSTALL_HINT = (
    "install LibreOffice: on Debian/Ubuntu `sudo apt-get install libreoffice-writer`; "
    "on macOS `brew install --cask libreoffice`; on Windows download it from "
    "https://www.libreoffice.org and add its program folder (C:\\Program Files\\LibreOffice\\program) "
    f"to PATH, or set {ENV_SOFFICE} to the full path of soffice. "
    "Or use the fallback engine: `--pdf-engine typst`"
)
UNO_HINT = (
    "install LibreOffice's Python bridge, on Debian/Ubuntu `sudo apt-get install python3-uno`; "
    "LibreOffice's own installers for macOS and Windows include it"
)
def find_soffice() -> tuple[Path | None, str]:
    """Where soffice is, and how it was found (or why it was not)."""
    given = os.environ.get(ENV_SOFFICE)
    if given:
        path = Path(given).expanduser()
        if path.is_file():
            return path, f"{ENV_SOFFICE}={given}"
        return None, f"{ENV_SOFFICE} is set to {given}, which does not exist"
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found), "found on PATH"
    places = [MAC_SOFFICE] if sys.platform == "darwin" else []
    if IS_WINDOWS:
        places += list(WINDOWS_SOFFICE)
    for place in places:
        if Path(place).is_file():
            return Path(place), "found in the usual install folder"
    return None, "soffice was not found on PATH nor in the usual install folders"


@functools.lru_cache(maxsize=8)
def soffice_version(soffice: str) -> str | None:
    try:
        done = subprocess.run(
            [soffice, "--version"], capture_output=True, text=True, timeout=10,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"LibreOffice\s+([\w.]+)", done.stdout)
    return match.group(1) if match else None


def _uno_candidates(soffice: Path) -> list[tuple[str, dict[str, str], str]]:
    """Pythons that may import uno: (executable, extra environment, description)."""
    cands: list[tuple[str, dict[str, str], str]] = [(sys.executable, {}, "this Python")]
    system = "/usr/bin/python3"
    if not IS_WINDOWS and Path(system).is_file():
        cands.append((system, {}, system))
    program = soffice.resolve().parent
    for bundled in (
        program / "python",
        program / "python.exe",
        program.parent / "Resources" / "python",  # macOS: Contents/MacOS/soffice
    ):
        if bundled.is_file():
            cands.append((str(bundled), {}, f"LibreOffice's own Python ({bundled})"))
    if Path(DEBIAN_UNO_PATH).is_dir():
        cands.append(
            (sys.executable, {"PYTHONPATH": DEBIAN_UNO_PATH},
             f"this Python with PYTHONPATH={DEBIAN_UNO_PATH}")
        )
    return cands


def python_env(executable: str, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    if executable != sys.executable:
        # another interpreter: this one's settings would only confuse it
        env.pop("PYTHONHOME", None)
        env.pop("PYTHONPATH", None)
    if "PYTHONPATH" in extra:
        old = env.get("PYTHONPATH")
        env["PYTHONPATH"] = extra["PYTHONPATH"] + (os.pathsep + old if old else "")
    return env


def _uno_memo() -> tuple[Path | None, str | None]:
    from .profile import cache_root

    root = cache_root()
    return (root / "uno-python.json" if root else None), None


def _uno_key(soffice: str) -> str | None:
    try:
        real = Path(soffice).resolve()
        stat = real.stat()
        return f"{real}:{stat.st_size}:{stat.st_mtime_ns}:{sys.executable}"
    except OSError:
        return None


def _remembered_uno(soffice: str):
    path, _ = _uno_memo()
    key = _uno_key(soffice)
    if path is None or key is None:
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8")).get(key)
        found = entry["python"]
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None
    if not found or not Path(found[0]).is_file():
        return None
    return found[0], tuple(tuple(item) for item in found[1]), found[2]


def _remember_uno(soffice: str, found) -> None:
    path, _ = _uno_memo()
    key = _uno_key(soffice)
    if path is None or key is None:
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        if not isinstance(data, dict):
            data = {}
        if found is None:
            data.pop(key, None)
        else:
            data[key] = {"soffice": soffice, "python": [found[0], [list(item) for item in found[1]], found[2]]}
        # forget LibreOffices that are gone (test doubles, uninstalled versions)
        data = {k: v for k, v in data.items()
                if isinstance(v, dict) and isinstance(v.get("soffice"), str) and Path(v["soffice"]).exists()}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def forget_uno_python(soffice: str) -> None:
    """The remembered Python failed to run the bridge: look again next time."""
    _remember_uno(soffice, None)
    find_uno_python.cache_clear()


@functools.lru_cache(maxsize=8)
def find_uno_python(soffice: str) -> tuple[str, tuple[tuple[str, str], ...], str] | None:
    """The first Python that can ``import uno``: (executable, extra env items, description).

    The answer is remembered in the user's cache folder (probing costs two or three Python
    starts); ``forget_uno_python`` drops it when that Python turns out not to work."""
    remembered = _remembered_uno(soffice)
    if remembered is not None:
        return remembered
    found = _probe_uno_python(soffice)
    if found is not None:
        _remember_uno(soffice, found)
    return found


def _probe_uno_python(soffice: str) -> tuple[str, tuple[tuple[str, str], ...], str] | None:
    probe = "import uno\nfrom com.sun.star.beans import PropertyValue\n"
    for exe, extra, desc in _uno_candidates(Path(soffice)):
        try:
            done = subprocess.run(
                [exe, "-c", probe], env=python_env(exe, extra), capture_output=True,
                timeout=20, stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return exe, tuple(extra.items()), desc
    return None


