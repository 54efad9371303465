"""A build does each piece of work once: counted on the sample by wrapping the functions.

``annualreport build 2024 --format docx`` assembles the yearly content once (the lint and the
build share it), opens each Word template file once (the lint's template statements, AR301 and
the build share one reading of it), and renders each document once (the yearly report, and
each committee's covering report: the build writes what the lint's reading rendered).
"""

from __future__ import annotations

import builtins
import io
import os
from collections import Counter
from pathlib import Path

from conftest import run

from annualreport.content.yearly import YearlyReportWriter
from annualreport.render.word import SafeTemplate


def test_a_build_assembles_opens_and_renders_once(project: Path, monkeypatch) -> None:
    templates = {os.path.realpath(project / "templates" / name): name for name in ("annual.docx", "covering.docx")}
    opened: Counter = Counter()
    written: Counter = Counter()
    rendered: Counter = Counter()

    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)):
            name = templates.get(os.path.realpath(file))
            if name is not None:
                opened[name] += 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)

    real_write = YearlyReportWriter.write

    def counting_write(self):
        written["yearly content"] += 1
        return real_write(self)

    monkeypatch.setattr(YearlyReportWriter, "write", counting_write)

    real_render = SafeTemplate.render

    def counting_render(self, context, *args, **kwargs):
        committee = context.get("committee")
        rendered[f"covering report to {committee['name']}" if committee else "yearly report"] += 1
        return real_render(self, context, *args, **kwargs)

    monkeypatch.setattr(SafeTemplate, "render", counting_render)

    result = run("build", "2024", "--project", project, "--format", "docx", "--quiet")
    assert result.exit_code == 0, result.output
    assert (project / "build" / "2024" / "annual-report-2024-25.docx").is_file()

    assert written == {"yearly content": 1}
    assert opened == {"annual.docx": 1, "covering.docx": 1}
    assert rendered == {
        "yearly report": 1,
        "covering report to Children and Young People Scrutiny Sub-Committee": 1,
        "covering report to Health and Wellbeing Board": 1,
    }, rendered
