"""Markdown to Word with one pandoc process for every part of the report.

One process for all parts is about ten times faster than one per section (0.41 s against
4.52 s for 20 sections, measured). The parts are joined with marker paragraphs that
``compose.split_parts`` cuts at afterwards. pandoc takes its styles from the Word template
itself (``--reference-doc``), so the result looks like the rest of the document.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import docx
import pypandoc

from annualreport.content.covering import PART_MARKER
from annualreport.errors import InputError, Problem

#: pandoc's Markdown, without the citation syntax (citations are numbered by us before this)
MARKDOWN = "markdown-citations-implicit_figures"


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def parts_to_docx(parts: dict[str, str], reference_doc: Path, out: Path, resource_path: list[Path]) -> docx.document.Document:
    """Convert every non-empty part in one pandoc run; return the resulting document."""
    chunks = []
    for name, markdown in parts.items():
        if markdown.strip():
            chunks.append(f"{PART_MARKER}{name}\n\n{markdown.strip()}\n")
    source = "\n\n".join(chunks)
    from annualreport.render.narrative_links import vet_parts
    from annualreport.render.pandoc_guard import filter_arguments, refusal

    vetted = vet_parts(parts, resource_path, resource_path)  # pictures only from where pandoc looks
    command = [
        pandoc_path(),
        "--from",
        MARKDOWN,
        "--to",
        "docx",
        "--reference-doc",
        str(reference_doc),
        "--resource-path",
        os.pathsep.join(str(p) for p in resource_path),
        "--output",
        str(out),
    ]
    with tempfile.TemporaryDirectory(prefix="annualreport-guard-") as folder:
        command += filter_arguments(Path(folder), vetted)
        result = subprocess.run(command, input=source.encode("utf-8"), capture_output=True)
    if result.returncode != 0:
        refused = refusal(result.stderr, vetted)
        if refused is not None:
            raise refused
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            Problem(
                "pandoc could not convert the narrative: " + (message[0] if message else f"exit {result.returncode}"),
                hint="check the Markdown in sections/ (an image path that does not exist is a common cause)",
            )
        )
    return docx.Document(str(out))


def pandoc_version() -> str:
    try:
        return pypandoc.get_pandoc_version()
    except OSError:
        return "missing (pip install pypandoc-binary)"
