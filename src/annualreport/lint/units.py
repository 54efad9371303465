"""Where claims are written: every sentence the report will carry, with its place.

Five kinds of source: the Markdown sections, the narrative strings of the YAML evidence, the
prose of ``annualreport.yaml`` (every field ``content.published`` names as prose: committees'
purpose, recommendations and summary, the covering reports' equalities paragraph), the Word
templates as the build renders them (``rendered``), and the yearly report's generated text
(``generated``). Each sentence becomes a ``Statement`` that knows what it cites, and which
suppression comments stand on its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from annualreport.citations import cited_ids
from annualreport.config import CONFIG_NAME
from annualreport.content.published import config_prose
from annualreport.lint.text import Sentence, markdown_units, split_sentences
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
    #: written by annualreport from the evidence (a template's tag filled in, the yearly report's
    #: own sentences): its figures are checked against its implicit items when it cites none
    generated: bool = False
    #: in YAML, the line whose end can carry a suppression comment for it (``comment_line``)
    suppress_at: int = 0

    @property
    def lines(self) -> range | tuple[int, ...]:
        """The lines a suppression comment for it may stand on."""
        lines = range(self.line, max(self.line, self.last_line) + 1)
        return lines if not self.suppress_at or self.suppress_at in lines else (*lines, self.suppress_at)


#: a line that opens a value: its dashes, then ``key:`` (plain or quoted) if any, then the value
_OPENING = re.compile(r"""(?P<dashes>(?:[ \t]*-(?:[ \t]+|$))*)[ \t]*(?P<key>(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+|$))?(?P<value>.*)""")
#: a block scalar's header: | or > with its chomping and indentation, and maybe a comment
_BLOCK = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")


def comment_line(lines: list[str], line: int) -> int:
    """The line at whose end ``# annualreport: ignore ...`` can be added to the YAML value that
    starts on ``line`` (1-based) without changing it: the header of a block scalar (``aim: >-``),
    else the last line of the plain or quoted text, which runs on while lines are indented more
    than its key (or its ``-``)."""
    if not 1 <= line <= len(lines):
        return line
    opening = _OPENING.match(lines[line - 1])
    value = opening.group("value")
    if _BLOCK.match(value.strip()):
        return line
    if opening.group("key"):
        indent = opening.start("key")
    elif opening.group("dashes"):
        indent = opening.group("dashes").rstrip().rfind("-")
    else:
        indent = len(lines[line - 1]) - len(lines[line - 1].lstrip())
    last = line
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        if len(text) - len(text.lstrip()) <= indent or text.lstrip().startswith("#"):
            break
        last = number
    return last


def suppression_hint(statement: Statement, code: str, name: str) -> str:
    """How to say, in the syntax of the statement's own file, that a finding there is meant."""
    if statement.file.endswith((".yaml", ".yml")):
        return f"# annualreport: ignore {code} at the end of line {statement.suppress_at or statement.line}"
    if statement.file.endswith(".md"):
        return f"<!-- annualreport: ignore {name} --> on its line"
    return "nothing in a Word template: write it in a section (sections/YEAR/), where it can cite evidence or be marked so"


@dataclass
class Units:
    statements: list[Statement]
    suppressions: list[Suppression]
    files: set[str]
    #: other text that reaches an output (raw blocks, code, evidence values shown in tables):
    #: read for identifying information (AR401) only, see ``published``
    published: list[Statement] = field(default_factory=list)
    #: what the documents are made from (``content.assembly``), when the templates were read
    assembly: object = None
    #: the templates that could not be rendered (path -> the error), when they were read
    template_problems: dict | None = None


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


#: evidence fields that say what is meant, not what is so: an aim or a purpose is never a
#: claim; next steps are plans, read by the rules alone (``lint.text.classify``)
BLOCKS = {"aim": "aim", "purpose": "aim", "next_steps": "plan"}


def collect(project: Project, include_templates: bool = True, assembly=None, templates=None) -> Units:
    """Every sentence for publication. ``include_templates``: also what the build itself
    writes (the templates rendered, the yearly report's generated text), from ``assembly``
    (``content.assembly``, made here if not given) and ``templates`` (``render.templates``)."""
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
    raw_cache = {path: path.read_text(encoding="utf-8") for path in ev.paths.values()}
    raw_lines: dict[Path, list[str]] = {}
    narrative_paths: dict[Path, set[tuple]] = {}
    for text in ev.narrative:
        file = project.relative(text.file)
        files.add(file)
        narrative_paths.setdefault(text.file, set()).add(tuple(text.path))
        kind = ev.items[text.item_id].kind if text.item_id in ev.items else None
        implicit = (text.item_id,) if kind in SELF_EVIDENCING else ()
        key = next((k for k in reversed(text.path) if isinstance(k, str)), "")
        block = BLOCKS.get(key, "paragraph")  # an aim or a plan is read by the rules alone (lint.text.classify)
        if text.file not in raw_lines:
            raw_lines[text.file] = raw_cache[text.file].split("\n") if text.file in raw_cache else []
        at = comment_line(raw_lines[text.file], text.line)
        for sentence in split_sentences(text.text):
            statements.append(replace(_statement(file, sentence, text.line - 1, block, text.item_evidence, implicit), suppress_at=at))
    for kind, path in ev.paths.items():
        file = project.relative(path)
        files.add(file)
        suppressions += _suppressions(raw_cache[path], file)
        published += more.yaml_strings(file, raw_cache[path], ev.files[kind], more.SKIP_KEYS | NARRATIVE_KEYS, narrative_paths.get(path, set()))
    prose = config_prose(project.config, project.period.label)
    statements += _config_statements(project, prose, suppressions, files)
    config = project.root / CONFIG_NAME
    if config.is_file():
        published += more.yaml_strings(CONFIG_NAME, config.read_text(encoding="utf-8"), project.config, more.SKIP_KEYS, {p.path for p in prose})
    if include_templates:
        from annualreport.content.assembly import assemble
        from annualreport.lint.generated import generated_statements
        from annualreport.lint.rendered import template_statements
        from annualreport.render.templates import Templates

        assembly = assembly if assembly is not None else assemble(project)
        templates = templates if templates is not None else Templates(project)
        problems: dict = {}
        statements += template_statements(project, assembly, templates, files, problems)
        statements += generated_statements(project, assembly.content)
        return Units(statements, suppressions, files, published, assembly, problems)
    return Units(statements, suppressions, files, published)


def _config_statements(project: Project, prose: list, suppressions: list[Suppression], files: set[str]) -> list[Statement]:
    """The prose of ``annualreport.yaml`` (``content.published``), each sentence at its line."""
    path = project.root / CONFIG_NAME
    file = CONFIG_NAME
    files.add(file)
    out: list[Statement] = []
    if not prose:
        return out
    text = path.read_text(encoding="utf-8")
    suppressions += _suppressions(text, file)
    _, lines = load_yaml(path, text)
    raw_lines = text.split("\n")
    for paragraph in prose:
        line = lines.line_of(paragraph.path) or 1
        at = comment_line(raw_lines, line)
        for sentence in split_sentences(paragraph.text):
            out.append(replace(_statement(file, sentence, line - 1, "paragraph"), suppress_at=at))
    return out
