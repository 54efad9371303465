"""The command line starts at once: importing ``annualreport.main`` imports nothing heavy,
``--version`` and ``--help`` need no typer, and LibreOffice starts only inside build/watch.

What is imported is deterministic, unlike a timing; the timing is ``benchmarks/startup.py``.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import annualreport
from annualreport import __version__

SRC = str(Path(annualreport.__file__).resolve().parent.parent)

#: what importing annualreport.main must not import: the libraries a command needs, and the
#: parts of annualreport that import them
HEAVY = ("docx", "docxtpl", "pydantic", "pydantic_core", "matplotlib", "lxml", "jinja2", "yaml", "ruamel", "typst",
         "rich", "openpyxl", "pypdf", "pypandoc", "typer", "annualreport.builder", "annualreport.config",
         "annualreport.evidence", "annualreport.lint", "annualreport.render", "annualreport.pdf.warm",
         "annualreport.pdf.libreoffice", "annualreport.pdf.typst_engine", "annualreport.workfolder")

#: what making the whole typer app (every command registered) must not import: typer itself may
MAKING_THE_APP = tuple(name for name in HEAVY if name != "typer")


#: said at exit: every module in sys.modules (importtime misses importlib.import_module's)
AT_EXIT = "import atexit, sys; atexit.register(lambda: sys.stderr.write('\\nmodules: ' + ' '.join(sys.modules) + '\\n')); "


def imported(code: str, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run ``python -X importtime -c CODE ARGS`` and return it with the modules it imported."""
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", AT_EXIT + code, *args], capture_output=True,
                          text=True, env=env, timeout=120)
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line}
    for line in done.stderr.splitlines():
        if line.startswith("modules: "):
            modules.update(line.split()[1:])
    return done, modules


def heavy_among(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy))


def test_importing_main_imports_nothing_heavy():
    done, modules = imported("import annualreport.main")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "annualreport.main" in modules
    assert heavy_among(modules, HEAVY) == []


def test_making_the_app_imports_no_command_library():
    """Every command module is imported to register it; their libraries wait for the command."""
    done, modules = imported("import annualreport.main as m; m.make_app()")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "annualreport.commands.build" in modules and "typer" in modules
    assert heavy_among(modules, MAKING_THE_APP) == []


def run_cli(*args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """``annualreport ARGS`` as ``python -m annualreport`` runs it, and what it imported."""
    return imported("import runpy, sys; sys.argv[0] = 'annualreport'; runpy.run_module('annualreport', run_name='__main__')", *args)


def test_version_is_printed_without_typer():
    done, modules = run_cli("--version")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == f"annualreport {__version__}\n"
    assert heavy_among(modules, HEAVY) == []


def test_help_lists_every_command_with_its_one_line_help():
    from annualreport.main import COMMANDS

    done, modules = run_cli("--help")
    assert done.returncode == 0, done.stderr[-2000:]
    assert heavy_among(modules, HEAVY) == []
    text = " ".join(done.stdout.split())  # the help wraps lines to the terminal's width
    assert text.startswith("Usage: annualreport [OPTIONS] COMMAND [ARGS]...")
    assert "--version Print the version and exit." in text
    for name, _, summary in COMMANDS:
        assert f" {name} {summary}" in text, name
    assert "annualreport COMMAND --help" in text


def test_no_arguments_print_the_help_and_exit_2():
    done, _ = run_cli()
    assert done.returncode == 2
    assert "Commands:" in done.stdout and "check-template" in done.stdout


def test_the_help_table_is_the_commands_own_help():
    """``--help`` lists COMMANDS without importing them: the same commands, in the same order,
    with the first paragraph of each one's docstring, as typer registers them."""
    import typer.main

    from annualreport.main import COMMANDS, make_app

    group = typer.main.get_command(make_app())
    assert list(group.commands) == [name for name, _, _ in COMMANDS]
    for name, _, summary in COMMANDS:
        docstring = inspect.cleandoc(group.commands[name].callback.__doc__ or "")
        first = " ".join(docstring.split("\n\n")[0].split())
        assert first == summary, name


def test_the_schema_help_names_every_kind():
    from annualreport.commands.schema import KIND_NAMES
    from annualreport.evidence.models import KINDS

    assert KIND_NAMES == tuple(KINDS)


def test_importing_main_for_a_build_starts_no_office():
    """LibreOffice is started by the ``build`` and ``watch`` commands, never as a side effect
    of importing main (which once read sys.argv and started it for a build)."""
    done, modules = imported("import sys; sys.argv = ['annualreport', 'build', '2024', '--pdf-engine', 'libreoffice']; "
                             "import annualreport.main")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "annualreport.pdf.warm" not in modules

