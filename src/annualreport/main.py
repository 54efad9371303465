"""The ``annualreport`` command: a thin entry point that hands each command to its module.

It starts at once: importing this module imports nothing but the standard library's basics.
``annualreport --version`` and ``annualreport --help`` are answered here, from
:data:`COMMANDS`, without typer; anything else builds the typer app (:func:`make_app`),
whose command modules import their heavy libraries (docx, pydantic, the PDF engines) only
inside the command that runs. ``annualreport build`` and ``watch`` start LibreOffice
themselves, first thing, before those imports (``pdf/early.py``).
"""

from __future__ import annotations

import sys

from annualreport import __version__, termination

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: it takes a while)
if TYPE_CHECKING:
    import typer

HELP = "Build a safeguarding children partnership's yearly report, and its committee covering reports, from evidence."

#: every command, in the order ``--help`` lists them: (name, module in annualreport.commands,
#: its one-line help). The one-line help is the first paragraph of the command's docstring
#: (a test keeps the two in step); it is here so that ``--help`` needs no import.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("build", "build", "Lint, then write the yearly report and one covering report per committee into build/YEAR/."),
    ("watch", "watch", "Build, then build again on every change to the evidence, sections or templates."),
    ("lint", "lint", "Check the claims, the evidence and the templates; print findings. Exit 1 if any is an error."),
    ("rule", "rule", "Print a rule's documentation: what it finds, why it matters, an example, how to mend it."),
    ("check-template", "check_template", "Check one Word template's tags: broken tags, curly quotes, tags split by Word, names the data lacks."),
    ("template-vars", "template_vars", "List every variable and loop a Word template can use, with an example value."),
    ("import", "import_", "Import a spreadsheet (.xlsx or .csv) into evidence/YEAR/KIND.yaml, keeping comments and hand-written fields."),
    ("init", "init", "Make a new, working report project in DIR. Refuses to overwrite existing files."),
    ("schema", "schema", "Print the JSON Schema of the evidence files, or (--write) put them where editors find them."),
    ("doctor", "doctor", "Say which PDF engines and versions are present, and what is missing."),
)

OPTIONS = (("--version", "Print the version and exit."), ("--help", "Show this message and exit."))


def program_name(argv0: str | None = None) -> str:
    """How the user called us, as click says it: ``annualreport`` or ``python -m annualreport``."""
    import os

    argv0 = sys.argv[0] if argv0 is None else argv0
    if os.path.basename(argv0) == "__main__.py":
        return "python -m annualreport"
    return os.path.basename(argv0).removesuffix(".exe") or "annualreport"


def help_text(prog: str = "annualreport", width: int | None = None) -> str:
    """The top level's ``--help``: usage, options and every command with its one-line help."""
    import os
    import textwrap

    if width is None:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 80
    width = max(40, min(width, 100))

    def table(rows) -> list[str]:
        first = max(len(name) for name, _ in rows) + 2
        out = []
        for name, text in rows:
            lines = textwrap.wrap(text, max(20, width - first - 4)) or [""]
            out.append(f"  {name:<{first}}{lines[0]}")
            out.extend(" " * (first + 2) + line for line in lines[1:])
        return out

    lines = [f"Usage: {prog} [OPTIONS] COMMAND [ARGS]...", ""]
    lines += textwrap.wrap(HELP, width - 2, initial_indent="  ", subsequent_indent="  ")
    lines += ["", "Options:", *table(OPTIONS), "", "Commands:", *table([(name, text) for name, _, text in COMMANDS])]
    lines += ["", f"Each command's own options: {prog} COMMAND --help"]
    return "\n".join(lines) + "\n"


def make_app() -> typer.Typer:
    """The typer app with every command (their modules import only typer at the top)."""
    import importlib

    import typer

    from annualreport.arguments import Commands

    # plain help, as the top level's own (``help_text``): rich's panels show a flag as
    # "--version <bool>"; click's list shows it as the flag it is
    app = typer.Typer(name="annualreport", help=HELP, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                      rich_markup_mode=None, cls=Commands)

    def version(value: bool) -> None:
        if value:
            typer.echo(f"annualreport {__version__}")
            raise typer.Exit()

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", callback=version, is_eager=True, help="Print the version and exit."),
    ) -> None:
        """Build a safeguarding children partnership's yearly report from evidence."""

    for _, module, _ in COMMANDS:
        importlib.import_module(f"annualreport.commands.{module}").register(app)
    return app


def __getattr__(name: str):
    """``annualreport.main.app``, made on first use (the tests run commands through it)."""
    if name == "app":
        app = make_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _answer_at_once(args: list[str]) -> int | None:
    """``--version``, ``--help`` and no arguments at all, answered without typer: the exit
    code, or None when typer is to answer."""
    if args == ["--version"]:
        sys.stdout.write(f"annualreport {__version__}\n")
        return 0
    if args in (["--help"], []):
        sys.stdout.write(help_text(program_name()))
        return 0 if args else 2  # no arguments: the help, and exit 2, as click does
    if args[:1] == ["build"]:  # an up-to-date build is said at once (commands/up_to_date.py)
        from annualreport.commands.up_to_date import answer

        return answer(args[1:])
    return None


def main() -> None:
    import signal

    termination.install()  # SIGTERM and SIGHUP stop a run cleanly, as Ctrl-C does
    if hasattr(signal, "SIGPIPE"):  # `annualreport lint 2024 | head` ends quietly, as other tools do
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # (the guard then cleans up after us)
    code = _answer_at_once(sys.argv[1:])
    if code is not None:
        sys.stdout.flush()
        raise SystemExit(code)
    app = make_app()
    termination.arm()
    try:
        app()
    finally:
        termination.finish()  # the run's temporary folder goes; a SIGTERM ends us by it
