"""The DRAFT mark: on every page of every document while the lint finds errors."""

from __future__ import annotations

from docx.shared import RGBColor

DRAFT_COLOUR = RGBColor(0xC0, 0x00, 0x00)  # 5.9:1 on white


def mark_draft(document, text: str) -> None:
    """Put ``text`` at the top of every page: every header of every section, cover included."""
    for number, section in enumerate(document.sections):
        headers = [section.header, section.first_page_header, section.even_page_header]
        for header in headers:
            if number and header.is_linked_to_previous:
                continue
            paragraph = header.paragraphs[0].insert_paragraph_before("") if header.paragraphs else header.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
            run.font.color.rgb = DRAFT_COLOUR
