"""``annualreport check-template FILE``: check one Word template's tags against its data."""

from __future__ import annotations

from pathlib import Path

import typer

from annualreport.error_handler import error_handler
from annualreport.wording import plural, refusal_hint


def run(
    file: Path = typer.Argument(..., help="The Word template (.docx) to check."),
    kind: str = typer.Option(None, "--kind", help="annual or covering; by default guessed from the tags it uses."),
) -> None:
    """Check one Word template's tags: broken tags, curly quotes, tags split by Word, names the data lacks."""
    with error_handler():
        from annualreport.errors import InputError, Problem
        from annualreport.render.reference import example_contexts
        from annualreport.render.tags import inspect_template, paragraphs
        from annualreport.render.word import environment, open_template

        template = open_template(file)
        if kind is None:
            text = "\n".join(p.text for p in paragraphs(template.docx))
            kind = "covering" if "committee." in text else "annual"
        if kind not in ("annual", "covering"):
            raise InputError(Problem(f"--kind {kind!r} is not a kind of template", hint=refusal_hint(kind, ("annual", "covering"))))
        findings = inspect_template(template.docx, example_contexts()[kind], environment())
        findings += limit_findings(template, file, example_contexts()[kind], findings)
        for f in findings:
            typer.echo(f"{file}: AR301 {f.severity}: {f.message}\n    in {f.where}" + (f"\n    mend: {f.hint}" if f.hint else ""))
        errors = sum(1 for f in findings if f.severity == "error")
        typer.echo(f"{file} ({kind} template): {plural(errors, 'error')}, {plural(len(findings) - errors, 'other note')}" if findings else f"{file} ({kind} template): all tags are sound")
        if errors:
            raise typer.Exit(1)


def limit_findings(template, file: Path, example: dict, findings: list) -> list:
    """What the tags ask for beyond the sandbox's limits: seen in the tags' literal numbers
    (``range(10**9)``, ``'a' * 10**9``), then, if the tags are otherwise sound, by filling in
    the template with the example data under the limits (recursion, loops past the time)."""
    import re

    from annualreport.errors import AnnualReportError
    from annualreport.render.sandbox import MEND
    from annualreport.render.tag_limits import static_breaches
    from annualreport.render.tags import TAG, TagFinding, _straight, paragraphs
    from annualreport.render.word import open_template, render

    out = []
    for paragraph in paragraphs(template.docx):
        for match in TAG.finditer(_straight(paragraph.text)):
            opening, inner = match.group(1), re.sub(r"^(p|tr|tc|r)\s+", "", match.group(2).strip())
            if opening == "{%":
                head = re.match(r"(?:for\s.*?\sin|if|elif|set\s+[\w.]+\s*=)\s(.*)$", inner, re.S)
                if not head:
                    continue
                inner = head.group(1)
            for breach in static_breaches("{{ " + inner + " }}"):
                out.append(TagFinding("error", f"the tag asks for more than a template may build: {breach}", paragraph.part, paragraph.text, MEND))
    if out or any(f.severity == "error" for f in findings):
        return out
    try:
        render(open_template(file), example, file)
    except AnnualReportError as exc:
        for problem in exc.problems:
            part, _, text = (problem.where or "the template").partition(", the paragraph ")
            out.append(TagFinding("error", f"filling it in with the example data failed: {problem.message}", part, text.strip('"'), problem.hint))
    return out


def register(app: typer.Typer) -> None:
    app.command("check-template")(run)
