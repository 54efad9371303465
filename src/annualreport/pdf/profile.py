"""A fresh LibreOffice profile for every office, without paying for a fresh profile.

Every office annualreport starts has its own profile (two offices on one profile hand their
work to each other and the conversion silently fails). A new, empty profile costs about
0.2 s more to start than one LibreOffice has set up before: it is set up, then the office
restarts itself. So the first profile set up is kept, pristine, in the user's cache folder
(one per LibreOffice installation), and each new office starts from a copy of it: still its
own profile, never shared, but already set up.

Nothing here is needed for a conversion to work: if the cache cannot be read or written,
offices start from an empty profile as before.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from lxml import etree

VERSION = "1"


def cache_root() -> Path | None:
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "annualreport" if base else None


def template_for(soffice: Path) -> Path | None:
    """Where the set-up profile for this LibreOffice is kept."""
    root = cache_root()
    if root is None:
        return None
    try:
        real = Path(soffice).resolve()
        stat = real.stat()
        key = f"{VERSION}:{real}:{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        return None
    return root / f"lo-profile-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _ignore(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == ".lock" or n.endswith(".lock") or n in ("temp", "backup")]


def seed(profile: Path, soffice: Path) -> bool:
    """Fill the new ``profile`` folder from the kept one; False if there is none."""
    template = template_for(soffice)
    if template is None or not (template / "user").is_dir():
        return False
    try:
        if not sys.platform.startswith("win") and template.stat().st_uid != os.getuid():
            return False  # not ours: never start an office from someone else's profile
        shutil.copytree(template, profile, symlinks=True, ignore=_ignore)
        return True
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False


def keep(profile: Path, soffice: Path) -> None:
    """Keep ``profile`` (set up by an office that started well) for the next offices, if
    none is kept yet. Call it once the office has stopped."""
    template = template_for(soffice)
    if template is None or template.exists() or not (profile / "user").is_dir():
        return
    modifications = profile / "user" / "registrymodifications.xcu"
    try:
        if modifications.exists():
            etree.parse(str(modifications))  # written whole, not cut short by a kill
    except (OSError, etree.XMLSyntaxError):
        return
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lo-profile-", dir=template.parent))
        shutil.copytree(profile, staging / "p", symlinks=True, ignore=_ignore)
        os.chmod(staging / "p", 0o700)
        try:
            os.rename(staging / "p", template)
        except OSError:
            pass  # another process kept one first
        shutil.rmtree(staging, ignore_errors=True)
    except OSError:
        return


def forget(soffice: Path) -> None:
    """Drop the kept profile (an office started from it failed)."""
    template = template_for(soffice)
    if template is not None:
        shutil.rmtree(template, ignore_errors=True)
