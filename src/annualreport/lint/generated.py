"""The yearly report's generated text as the build writes it (``content.yearly``): the
sentences the writer composes around the evidence (the budget, who took part, the status
of each priority, the tables' rows), read as claims that cite what they are written from.

Evidence narrative the writer shows as it is (a priority's impact, what children said) is
read at its own line in the evidence, not again here. A generated sentence cites the items
it names; one that names none rests on the items its part cites (its implicit evidence),
so it passes when it states only their values. Its place is the evidence item it (or the
text before it) cites, since that is where a wrong figure must be mended.
"""

from __future__ import annotations

import re

from annualreport.citations import cited_ids, strip_citations
from annualreport.lint.units import Statement

MARKUP = re.compile(r"[*_`\\]|\s+")


def normal(text: str) -> str:
    """A sentence as compared: no citations, emphasis marks nor extra spaces."""
    return MARKUP.sub(lambda m: " " if m.group().isspace() else "", strip_citations(text)).strip()


def generated_statements(project, content) -> list[Statement]:
    from annualreport.config import CONFIG_NAME
    from annualreport.lint.text import markdown_units, split_sentences

    ev = project.evidence
    shown = {normal(s.text) for t in ev.narrative for s in split_sentences(t.text)} | {normal(t.text) for t in ev.narrative}
    out: list[Statement] = []
    for part, markdown in content.generated.items():
        if not markdown.strip():
            continue
        implicit = tuple(dict.fromkeys(i for i in cited_ids(markdown) if i in ev.items))
        place = (CONFIG_NAME, 1)
        for sentence, block in markdown_units(markdown):
            ids = [i for i in cited_ids(sentence.text) if i in ev.items]
            near = ids
            if not near:  # a table row is its line, all of it; other text runs on to its paragraph's end
                row = block == "table"
                start = markdown.rfind("\n", 0, sentence.start) + 1 if row else sentence.start
                end = markdown.find("\n" if row else "\n\n", sentence.start + len(sentence.text))
                near = [i for i in cited_ids(markdown[start : end if end >= 0 else None]) if i in ev.items]
                if row:  # a row's cells are written from the items the row cites
                    ids = near
            if near:  # the item it cites, or the first one its row, or its paragraph after it, cites
                entry = ev.items[near[0]]
                place = (project.relative(entry.file), entry.line)
            text = normal(sentence.text)
            label, _, rest = text.partition(": ")
            if text in shown or (rest and rest in shown) or block == "heading":
                continue
            out.append(Statement(place[0], place[1], 1, sentence.text.strip(), block, tuple(dict.fromkeys(ids)), implicit, place[1], generated=True))
    return out
