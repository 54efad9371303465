"""Every word that reaches a published document is linted (issue 9, point 3).

The sample is built; every sentence of every paragraph and table cell of every output DOCX
(body, headers, footers) must be either a sentence the lint read (``lint.units.collect``), or
generated text (table cells, headings, headers and footers: the register, the contents, the
tables) that states only evidence values, or no claim at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annualreport.lint.text import Words, classify, split_sentences
from annualreport.lint.text.figure_match import figure_derives
from conftest import ROOT, copy_project, run

CITE_NUMBERS = re.compile(r"\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")
CITE_IDS = re.compile(r"\[(?:\s*-?@[^\]]+)\]")
LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
NUMBERING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+")
SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    text = LINK.sub(r"\1", CITE_IDS.sub(" ", CITE_NUMBERS.sub(" ", text)))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("**", "").replace("\\", "")
    text = re.sub(r"(?<!\w)[*_]|[*_](?!\w)", "", text)
    return SPACE.sub(" ", NUMBERING.sub("", text)).strip(" ")


def docx_paragraphs(path: Path):
    """(where, text) of every paragraph: 'body', 'heading', 'cell', 'header'."""
    import docx

    document = docx.Document(str(path))
    seen: set = set()

    def walk(container, where: str):
        for paragraph in container.paragraphs:
            style = paragraph.style.name if paragraph.style is not None else ""
            kind = "heading" if where == "body" and (style.startswith(("Heading", "Title", "TOC")) or style in ("Caption", "Table Caption")) else where
            yield kind, paragraph.text
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from walk(cell, "cell")

    yield from walk(document, "body")
    for section in document.sections:
        for hf in (section.header, section.first_page_header, section.even_page_header, section.footer, section.first_page_footer, section.even_page_footer):
            if not hf.is_linked_to_previous:
                yield from walk(hf, "header")


def evidence_values(project) -> list[float]:
    from annualreport.lint.context import numeric_values

    ev = project.evidence
    values = [0.0, float(len(ev.items))]
    for entry in ev.items.values():
        values += numeric_values(entry.item.model_dump(exclude={"id", "as_of", "title", "source", "confidence", "url", "evidence"}))
    return values


def uncovered(project_dir: Path, year: int = 2024) -> list[str]:
    """Sentences of the built DOCX files that the lint did not read and that are not generated
    text stating only evidence values."""
    from annualreport.lint.units import collect
    from annualreport.project import load_project

    project = load_project(project_dir, year)
    units = collect(project)
    read = sorted({normal(s.text) for s in units.statements if normal(s.text)}, key=len, reverse=True)
    words = Words.default()
    values = evidence_values(project)
    out = []
    for path in sorted((project_dir / "build" / str(year)).glob("*.docx")):
        for where, text in docx_paragraphs(path):
            rest = normal(text)
            if not rest:
                continue
            for sentence in read:
                if sentence in rest:
                    rest = rest.replace(sentence, " ")
            for piece in split_sentences(rest):
                leftover = piece.text.strip(" .;:,")
                if not re.search(r"[A-Za-z0-9]", leftover):
                    continue
                info = classify(leftover, words, "table" if where == "cell" else "paragraph")
                if not info.is_claim:
                    continue
                evidenced = info.kind == "figure" and all(figure_derives(f, values) for f in info.figures)
                if where in ("cell", "heading", "header") and (evidenced or info.kind == "judgement"):
                    continue  # a table's cell, a heading, a header: labels, and the evidence's values
                if (evidenced and not CITE_NUMBERS.search(text)) or (info.kind == "judgement" and len(leftover.split()) <= 12):
                    continue  # generated: a chart's caption (uncited), a label ("What improved", a chart's title)
                out.append(f"{path.name} ({where}): {leftover!r} [{info.reason}]")
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_project(ROOT, tmp_path_factory.mktemp("coverage") / "project")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    return project


def test_every_published_sentence_is_linted_or_states_only_evidence_values(built):
    assert sorted((built / "build" / "2024").glob("*.docx")), "the build wrote no Word documents"
    assert uncovered(built) == []


def test_a_published_field_left_out_of_the_lint_is_found(built, monkeypatch):
    """The committees' summaries, published but taken out of the prose the lint reads."""
    from annualreport.content import published

    monkeypatch.setattr(published, "COMMITTEE_PROSE", tuple(k for k in published.COMMITTEE_PROSE if k != "summary"))
    missed = uncovered(built)
    assert any("91% of contacts" in m for m in missed), missed


def _add_to_yaml(project: Path, old: str, new: str, field: str) -> int:
    """Write ``new`` for ``old`` in annualreport.yaml; the line of ``field`` (where the lint
    places the paragraph: a folded YAML paragraph is read as one line)."""
    config = project / "annualreport.yaml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    return text[: text.index(field)].count("\n") + 1


def test_an_uncited_figure_in_the_equalities_paragraph_is_flagged(project):
    line = _add_to_yaml(
        project,
        "    equalities implications. The report notes",
        "    equalities implications. Black boys were 41% of the children at risk of exploitation.\n    The report notes",
        "  equalities:",
    )
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 1, result.output
    assert f"annualreport.yaml:{line}:" in result.output and "AR101" in result.output and "41%" in result.output, result.output


def test_a_cited_figure_in_the_equalities_paragraph_is_checked_against_its_evidence(project):
    line = _add_to_yaml(
        project,
        "    equalities implications. The report notes",
        "    equalities implications. Return home interviews were offered after 12.5% of missing episodes [@rhi-offered].\n    The report notes",
        "  equalities:",
    )
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 1, result.output
    assert f"annualreport.yaml:{line}:" in result.output and "AR103" in result.output and "'12.5%'" in result.output, result.output


def test_an_uncited_figure_in_a_committee_recommendation_is_flagged(project):
    line = _add_to_yaml(
        project,
        "      - That the report be noted.\n      - That the Sub-Committee comment",
        "      - That the report be noted. Return home interviews were offered after 41% of missing episodes.\n      - That the Sub-Committee comment",
        "      - That the report be noted. Return",
    )
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 1, result.output
    assert f"annualreport.yaml:{line}:" in result.output and "AR101" in result.output and "41%" in result.output, result.output
