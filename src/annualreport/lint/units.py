"""Where claims are written: every sentence the report will carry, with its place.

Four kinds of source: the Markdown sections, the narrative strings of the YAML evidence, the
narrative strings of ``annualreport.yaml`` (committee summaries and recommendations), and the
fixed text of the Word templates. Each sentence becomes a ``Statement`` that knows what it
cites, and which suppression comments stand on its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annualreport.citations import cited_ids
from annualreport.config import CONFIG_NAME
from annualreport.lint.claims import Sentence, markdown_units, split_sentences
from annualreport.project import Project
from annualreport.yamlsource import load_yaml

#: kinds whose items are records of a source: their own words rest on their own provenance
SELF_EVIDENCING = frozenset({"sources", "voice", "case_reviews", "training", "performance", "partners", "partnership"})

SUPPRESSION = re.compile(r"(?:<!--|#)\s*annualreport:\s*ignore\s+([A-Za-z0-9_,\s-]+?)\s*(?:-->|$)", re.M)


@dataclass
class Suppression:
    file: str
    line: int
    names: tuple[str, ...]  # codes or rule names, as written
    used: set[str] = field(default_factory=set)


@dataclass
class Statement:
    """A sentence for publication, where it is, and what it rests on."""

    file: str
    line: int
    column: int
    text: str
    block: str  # heading | paragraph | list | table | quote
    cites: tuple[str, ...]  # ids cited inline or through the item's evidence: list
    implicit: tuple[str, ...] = ()  # the item the text belongs to, when that item is its own record
    last_line: int = 0

    @property
    def lines(self) -> range:
        return range(self.line, max(self.line, self.last_line) + 1)


@dataclass
class Units:
    statements: list[Statement]
    suppressions: list[Suppression]
    files: set[str]
    #: other text that reaches an output (raw blocks, code, evidence values shown in tables):
    #: read for identifying information (AR401) only, see ``published``
    published: list[Statement] = field(default_factory=list)


def _suppressions(text: str, file: str, first_line: int = 1) -> list[Suppression]:
    found = []
    for match in SUPPRESSION.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        names = tuple(n for n in re.split(r"[\s,]+", match.group(1)) if n)
        found.append(Suppression(file, line, names))
    return found


def _statement(file: str, sentence: Sentence, line_offset: int, block: str, extra: tuple[str, ...] = (), implicit: tuple[str, ...] = ()) -> Statement:
    line = sentence.line + line_offset
    return Statement(
        file,
        line,
        sentence.column,
        sentence.text.strip(),
        block,
        tuple(dict.fromkeys(cited_ids(sentence.text) + list(extra))),
        implicit,
        line + sentence.text.count("\n"),
    )


def collect(project: Project, include_templates: bool = True) -> Units:
    from annualreport.evidence.loader import NARRATIVE_KEYS
    from annualreport.lint import published as more

    statements: list[Statement] = []
    suppressions: list[Suppression] = []
    files: set[str] = set()
    published: list[Statement] = []
    for section in project.sections:
        file = project.relative(section.file)
        files.add(file)
        offset = section.first_line - 1
        spans = []
        for sentence, block in markdown_units(section.body):
            statements.append(_statement(file, sentence, offset, block))
            spans.append((sentence.start, sentence.start + len(sentence.text)))
        suppressions += _suppressions(section.body, file, section.first_line)
        published += more.section_leftovers(file, section.body, section.first_line, spans)
        if section.title:
            published.append(Statement(file, 1, 1, section.title, "raw", (), (), 1))
    ev = project.evidence
    raw_cache: dict[Path, str] = {}
    narrative_paths: dict[Path, set[tuple]] = {}
    for text in ev.narrative:
        file = project.relative(text.file)
        files.add(file)
        narrative_paths.setdefault(text.file, set()).add(tuple(text.path))
        kind = ev.items[text.item_id].kind if text.item_id in ev.items else None
        implicit = (text.item_id,) if kind in SELF_EVIDENCING else ()
        for sentence in split_sentences(text.text):
            statements.append(_statement(file, sentence, text.line - 1, "paragraph", text.item_evidence, implicit))
    for kind, path in ev.paths.items():
        file = project.relative(path)
        files.add(file)
        raw_cache[path] = path.read_text(encoding="utf-8")
        suppressions += _suppressions(raw_cache[path], file)
        published += more.yaml_strings(file, raw_cache[path], ev.files[kind], more.SKIP_KEYS | NARRATIVE_KEYS, narrative_paths.get(path, set()))
    statements += _config_statements(project, suppressions, files)
    config = project.root / CONFIG_NAME
    if config.is_file():
        published += more.yaml_strings(CONFIG_NAME, config.read_text(encoding="utf-8"), project.config, more.SKIP_KEYS | {"purpose", "summary"}, set())
    if include_templates:
        statements += _template_statements(project, files)
    return Units(statements, suppressions, files, published)


def _config_statements(project: Project, suppressions: list[Suppression], files: set[str]) -> list[Statement]:
    path = project.root / CONFIG_NAME
    file = CONFIG_NAME
    files.add(file)
    out: list[Statement] = []
    committees = project.config.committees
    if not committees:
        return out
    text = path.read_text(encoding="utf-8")
    suppressions += _suppressions(text, file)
    _, lines = load_yaml(path, text)
    for i, committee in enumerate(committees):
        for key, values in (("purpose", [committee.purpose]), ("summary", committee.summary)):
            for j, value in enumerate(values):
                where = ("committees", i, key) + (() if key == "purpose" else (j,))
                line = lines.line_of(where) or 1
                for sentence in split_sentences(value):
                    out.append(_statement(file, sentence, line - 1, "paragraph"))
    return out


def _template_statements(project: Project, files: set[str]) -> list[Statement]:
    """The fixed text comms staff typed into the templates (paragraphs without tags)."""
    from annualreport.errors import AnnualReportError
    from annualreport.render.tags import paragraphs
    from annualreport.render.word import open_template

    out: list[Statement] = []
    templates = project.config.templates
    for path in (project.path(templates.annual), project.path(templates.covering)):
        try:
            template = open_template(path)
        except AnnualReportError:
            continue  # AR301 reports it
        file = project.relative(path)
        files.add(file)
        for number, paragraph in enumerate(paragraphs(template.docx), start=1):
            text = paragraph.text
            # prose only: not tags, table figures, nor fields such as "Page 1 of 1"
            if paragraph.part != "the body" or "{" in text or len(text.split()) < 5:
                continue
            for sentence in split_sentences(text):
                out.append(Statement(file, number, sentence.column, sentence.text.strip(), "template", (), (), number))
    return out
