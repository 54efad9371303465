"""What a Word template can use: every variable and loop, with an example value.

The examples come from the project that ``annualreport init`` makes, run through the same
code that fills in the real templates, so this reference cannot drift from the data.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

EXAMPLE_DAY = dt.date(2025, 6, 30)

GUIDE = """\
# Editing the Word templates

The yearly report (`templates/annual.docx`) and the covering report
(`templates/covering.docx`) are ordinary Word documents. Change fonts, colours, the cover,
headers and footers, and the fixed wording in Word as you would in any document. The parts
in curly brackets are **tags**: annualreport fills them in when it builds the report.

- `{{ partnership.name }}` puts in a value. Type the tag in one go, with the spaces.
- `{%p for r in committee.recommendations %}` ... `{%p endfor %}`, each on a paragraph of its
  own, repeat the paragraphs between them once for each item; inside, `{{ r }}` is the item
  and `{{ loop.index }}` its number (1, 2, 3 ...).
- `{%tr for c in contributions %}` ... `{%tr endfor %}`, each in a table row of its own,
  repeat the row between them.
- `{%p if covering.background_papers %}` ... `{%p else %}` ... `{%p endif %}` show text only
  when there is something to show.
- In the yearly report, a paragraph holding only `{{ part.priorities }}` (or another part)
  marks where that part of the report goes. Move these paragraphs to reorder the report;
  delete one to leave its part out (the build will say so).

Tips:
- Turn off "smart quotes" while typing tags (File, Options, Proofing, AutoCorrect Options,
  AutoFormat As You Type). Curly quotes inside a tag are mended at build time, but straight
  ones are safer.
- If a tag misbehaves, select it, delete it and type it again in one go: Word sometimes
  splits a tag into pieces of formatting. `annualreport check-template FILE` says which.
- Keep the built-in styles (Heading 1, Heading 2, Body Text, Table): the narrative takes its
  look from them, and screen readers and the contents page rely on them.
- A misspelt name stops the build with the paragraph's text and a "did you mean". Templates
  can only read the values below: they cannot run code or read files.
"""


@lru_cache(maxsize=1)
def example_contexts() -> dict[str, dict]:
    """The context each template gets, for the example project ``init`` makes."""
    from annualreport.content.covering import covering_context, shared_context
    from annualreport.content.yearly import YearlyReportWriter
    from annualreport.project import load_project
    from annualreport.skeleton import write_skeleton

    with tempfile.TemporaryDirectory(prefix="annualreport-example-") as folder:
        write_skeleton(Path(folder) / "example", EXAMPLE_DAY.year - 1)
        project = load_project(Path(folder) / "example", EXAMPLE_DAY.year - 1)
        content = YearlyReportWriter(project).write()
        shared = shared_context(project, content.numbers, EXAMPLE_DAY)
        covering = covering_context(project, project.config.committees[0], shared, content.numbers) if project.config.committees else dict(shared)
    return {"annual": shared, "covering": covering}


def _rows(data: Any, prefix: str, rows: list[tuple[str, str]], depth: int = 0) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _rows(value, f"{prefix}.{key}" if prefix else key, rows, depth)
    elif isinstance(data, (list, tuple)):
        item = data[0] if data else ""
        name = prefix.rsplit(".", 1)[-1]
        var = name[:-1] if name.endswith("s") and len(name) > 3 else "item"
        rows.append((f"{{%p for {var} in {prefix} %}}", f"a list of {len(data)} in the example; loop over it"))
        if isinstance(item, dict):
            _rows(item, var, rows, depth + 1)
        else:
            rows.append((f"{{{{ {var} }}}}", repr(item)[:80] if not isinstance(item, str) else item[:80]))
    else:
        text = str(data)
        if text.startswith("ANNUALREPORT-PART:"):
            text = "alone in its own paragraph: where this part of the report goes"
        rows.append((f"{{{{ {prefix} }}}}", text if len(text) <= 80 else text[:77] + "..."))


def variables(kind: str) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    _rows(example_contexts()[kind], "", rows)
    return rows


def markdown() -> str:
    out = [GUIDE]
    titles = {"annual": "The yearly report (`templates/annual.docx`)", "covering": "The covering report (`templates/covering.docx`), one per committee"}
    for kind, title in titles.items():
        out.append(f"\n## {title}\n\n| tag | example |\n|---|---|")
        for tag, example in variables(kind):
            example = example.replace("|", "\\|").replace("\n", " ")
            out.append(f"| `{tag}` | {example} |")
    out.append("\n_This page is made by `annualreport template-vars --markdown`; do not edit it by hand._\n")
    return "\n".join(out) + "\n"
