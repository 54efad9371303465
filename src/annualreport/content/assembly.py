"""Everything the documents are made from, made once: ``assemble(project) -> Assembly``.

The yearly content (each part's Markdown, the citation numbers), the context every template
shares, and each committee's covering-report context. The lint reads the documents' words from
it (``lint.context``) and the build writes them from it: the two never disagree, and neither
makes it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from annualreport.citations import replace_citations
from annualreport.content.covering import covering_context, shared_context
from annualreport.content.yearly import YearlyContent, YearlyReportWriter
from annualreport.project import Project


@dataclass
class Assembly:
    content: YearlyContent
    #: what every template is given (the yearly report template: only this)
    shared: dict
    #: committee id -> its covering report's context
    covering: dict[str, dict] = field(default_factory=dict)
    #: committee id -> the prose of ``annualreport.yaml`` its context shows, as shown (the lint
    #: reads it at its own line in annualreport.yaml, not again in the rendered template)
    prose: dict[str, list[str]] = field(default_factory=dict)


def assemble(project: Project, charts: Path | None = None, today: dt.date | None = None) -> Assembly:
    """``charts``: the folder the charts are drawn into and kept in (None: no charts, as the
    lint on its own needs none). ``today``: the publication date (default: today)."""
    content = YearlyReportWriter(project, chart_folder=charts).write()
    shared = shared_context(project, content.numbers, today)
    assembly = Assembly(content, shared)
    for committee in project.config.committees:
        shown: list[str] = []

        def write(prose, shown=shown) -> str:
            text = replace_citations(prose.text, content.numbers.plain)
            shown.append(text)
            return text

        assembly.covering[committee.id] = covering_context(project, committee, shared, content.numbers, write)
        assembly.prose[committee.id] = shown
    return assembly
