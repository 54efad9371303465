"""Where a project may write its builds and read its templates.

The output folder is the build's alone: never the project folder itself or a folder that
holds it, never a folder of the inputs (``evidence/``, ``sections/``, ``templates/``,
``.git``) nor one inside or around them, and never outside the project unless
annualreport.yaml says ``output_outside_project: true``. Templates are read only from
inside the project. Every path is judged after resolving ``..`` and symbolic links.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annualreport.errors import InputError, Problem

# -- the project's folder layout: the one place its folders are named ---------------------

#: the project's input folders: ``evidence/YEAR/``, ``sections/YEAR/``, ``templates/``
EVIDENCE, SECTIONS, TEMPLATES = "evidence", "sections", "templates"
CACHE = ".cache"


@dataclass(frozen=True)
class Layout:
    """Where a project keeps its inputs. A loaded ``Project`` names its own folders
    (``project.evidence_folder``, ``project.sections_folder``, ...); this serves the code
    that reads a project's folder before it is loaded (the loaders, ``watch``, ``init``)."""

    root: Path

    @property
    def evidence_years(self) -> Path:
        """``evidence/``: one folder per year."""
        return self.root / EVIDENCE

    def evidence(self, year: int) -> Path:
        """``evidence/YEAR/``"""
        return self.evidence_years / str(year)

    def sections(self, year: int) -> Path:
        """``sections/YEAR/``"""
        return self.root / SECTIONS / str(year)

    @property
    def templates(self) -> Path:
        """``templates/``"""
        return self.root / TEMPLATES

    def builds(self, output: str) -> Path:
        """The output folder ``annualreport.yaml`` names (``build/``): the years and the caches."""
        return self.root / output

    @staticmethod
    def cache(builds: Path) -> Path:
        """What builds keep between them: ``build/.cache``."""
        return builds / CACHE


#: the project's own folders, which a build only reads
INPUT_FOLDERS = (EVIDENCE, SECTIONS, TEMPLATES, ".git")

USUAL = "write 'output: build' (the usual), or another folder of its own that holds none of the project's inputs"


def inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or lies within it (both already resolved)."""
    return path == folder or folder in path.parents


def resolved(path: Path) -> Path | None:
    """The real path (``..`` and links resolved), or None when it cannot be one (a NUL, a loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def _line(lines, *path) -> int | None:
    """The line of ``path`` in the file, or of the nearest enclosing key (never the file's first)."""
    path = tuple(path)
    while path:
        if path in lines.lines:
            return lines.lines[path]
        path = path[:-1]
    return None


def _inputs(root: Path) -> list[tuple[Path, str]]:
    """The folders a build must never write into: the project's inputs, and the .git of
    any repository the project lies in."""
    places = [(root / name, f"the project's {name}/ folder") for name in INPUT_FOLDERS]
    places += [(folder / ".git", f"the git repository's .git folder ({folder / '.git'})")
               for folder in root.parents if (folder / ".git").exists()]
    return places


def output_problems(output: Path, outside_allowed: bool, root: Path, file: Path, lines) -> list[Problem]:
    root = root.resolve()
    line = _line(lines, "output")
    target = resolved(root / output)
    if target is None:
        return [Problem(f"the output folder '{output}' is not a usable folder name", file, line, hint=USUAL)]
    where = f"'{output}'" + (f" (that is {target})" if target != root / output else "")
    if target == root:
        return [Problem(f"the output folder {where} is the project folder itself; a build replaces OUTPUT/YEAR, "
                        "so it must have a folder of its own", file, line, hint=USUAL)]
    if inside(root, target):
        return [Problem(f"the output folder {where} holds the project ({root}); a build must have a folder of its own, "
                        "never one around the project", file, line, hint=USUAL)]
    for place, what in _inputs(root):
        real = resolved(place)
        for folder in {place, real} - {None}:
            if inside(target, folder):
                relation = "is" if target == folder else "lies inside"
            elif inside(folder, target):
                relation = "holds"
            else:
                continue
            return [Problem(f"the output folder {where} {relation} {what}, which a build only reads; "
                            f"a build replaces OUTPUT/YEAR and would delete what is there", file, line, hint=USUAL)]
    if not inside(target, root) and not outside_allowed:
        return [Problem(f"the output folder {where} is outside the project ({root}); annualreport writes outside "
                        "the project only when annualreport.yaml says so", file, line,
                        hint="if the builds are meant to go there, add the line 'output_outside_project: true' "
                             "below 'output:'; otherwise write 'output: build'")]
    return []


def template_problems(templates, root: Path, file: Path, lines) -> list[Problem]:
    root = root.resolve()
    problems = []
    for kind in ("annual", "covering"):
        written = Path(getattr(templates, kind))
        real = resolved(root / written)
        if real is not None and inside(real, root):
            continue
        where = f"'{written}'" + (f" (that is {real})" if real is not None and real != root / written else "")
        problems.append(Problem(
            f"the {kind} template {where} is outside the project ({root}); annualreport reads only files inside the project",
            file, _line(lines, "templates", kind),
            hint=f"copy the template into the project's templates/ folder (a copy, not a link) and write "
                 f"'{kind}: templates/{written.name or kind + '.docx'}' under 'templates:'"))
    return problems


def check_folders(config, root: Path, file: Path, lines) -> None:
    """Refuse an output folder that is not the build's alone, and templates outside the project."""
    problems = output_problems(config.output, config.output_outside_project, root, file, lines)
    problems += template_problems(config.templates, root, file, lines)
    if problems:
        raise InputError(*problems)
