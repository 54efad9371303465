"""Checks a build cannot go on without: every citation names evidence that exists.

(The full lint, with its rules and formats, builds on these same places.)
"""

from __future__ import annotations

from pathlib import Path

from annualreport.citations import find_citations
from annualreport.config import CONFIG_NAME
from annualreport.content.published import config_prose
from annualreport.errors import InputError, Problem
from annualreport.project import Project
from annualreport.yamlsource import load_yaml


def unknown_citations_in(text: str, file: Path, first_line: int, known, suggest) -> list[Problem]:
    problems = []
    for citation in find_citations(text):
        for item_id in citation.ids:
            if item_id not in known:
                line = first_line + text.count("\n", 0, citation.start)
                problems.append(Problem(f"the citation [@{item_id}] names no evidence item", file, line, hint=suggest(item_id)))
    return problems


def check_citations(project: Project) -> None:
    """Raise one ``InputError`` listing every citation, anywhere, of an id that does not exist."""
    ev = project.evidence
    problems: list[Problem] = []
    for section in project.sections:
        problems += unknown_citations_in(section.body, section.file, section.first_line, ev.items, ev.suggest)
    for text in ev.narrative:
        problems += unknown_citations_in(text.text, text.file, text.line, ev.items, ev.suggest)
    config_file = project.root / CONFIG_NAME
    prose = [p for p in config_prose(project.config, project.period.label) if not p.default and find_citations(p.text)]
    if prose:
        _, lines = load_yaml(config_file)
        for paragraph in prose:
            problems += unknown_citations_in(paragraph.text, config_file, lines.line_of(paragraph.path) or 1, ev.items, ev.suggest)
    if problems:
        raise InputError(*problems)
