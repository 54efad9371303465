"""Issue 8, point 4: identifying information never reaches an output file.

A plain build (no --strict) with a child's name, age and date, address, postcode, date of
birth, NHS number, phone or e-mail in its text stops with exit 1, the findings shown masked,
and nothing written: build/2024 as it was, no PDF, no staging folder, no office left. A line
that carries a suppression of AR401 builds. Image alt text, a raw openxml block, a string of
the evidence shown in a table and a template's header are read too.
"""

from __future__ import annotations

import re

import pytest

from .conftest import digest, requires_soffice

SECTION = "sections/2024/05-reviews.md"

#: (kind, the paragraph added to a section, the value that must never be shown)
CASES = [
    ("name", "Xanthe-Rose, a six-year-old girl, was not seen alone by her social worker.", "Xanthe-Rose"),
    ("age", "Kacper was 7 when he was seen at the emergency department on 12 May 2024.", "Kacper"),
    ("address", "The family lived at 14 Elm Road when the referral was made.", "14 Elm Road"),
    ("postcode", "The family moved to hf4 7qp in the spring.", "hf4 7qp"),
    ("date-of-birth", "The youngest child was born 14th of March in 2017.", "14th of March in 2017"),
    ("nhs-number", "The referral gave the NHS number as 943.476.5919.", "943.476.5919"),
    ("phone", "Mum's number is 07700.900.123 and she prefers texts.", "07700.900.123"),
    ("email", "Consent was sought at jo.bloggs at btinternet dot com.", "jo.bloggs"),
]


def add_paragraph(hostile, text: str, file: str = SECTION) -> int:
    """Append a paragraph to a section; the line it is on."""
    path = hostile.project / file
    before = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(before + "\n\n" + text + "\n", encoding="utf-8")
    hostile.snapshot_inputs()
    return before.count("\n") + 3


def assert_stopped(hostile, ran, outputs, value: str, file: str, line: int | None = None) -> None:
    hostile.assert_fails(ran, 1, says="identifying information", file=file, line=line, outputs=outputs)
    assert value not in ran.out, "the finding repeats what it found"
    assert "a build never writes it" in ran.out
    build = hostile.project / "build" / "2024"
    assert not list(build.glob("*.pdf")), "a PDF was written"


@pytest.mark.parametrize("kind, text, value", CASES, ids=[c[0] for c in CASES])
def test_a_plain_build_stops_on_identifying_information(hostile, kind, text, value):
    outputs = hostile.good_build()
    line = add_paragraph(hostile, text)
    ran = hostile.build("--format", "docx")
    assert_stopped(hostile, ran, outputs, value, SECTION, line)


@requires_soffice
def test_a_pdf_build_stops_before_the_office_writes_anything(hostile):
    outputs = hostile.good_build()
    line = add_paragraph(hostile, "Her son Liam can be reached on 07700 900 123.")
    ran = hostile.build()  # docx and pdf, no --strict
    assert_stopped(hostile, ran, outputs, "07700 900 123", SECTION, line)


def test_the_build_stops_even_when_the_lint_settings_leave_ar401_out(hostile):
    outputs = hostile.good_build()
    config = hostile.project / "annualreport.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\nlint:" not in text
    config.write_text(text + "\nlint:\n  ignore: [AR401]\n", encoding="utf-8")
    line = add_paragraph(hostile, "The NHS number 943 476 5919 was on the referral.")
    ran = hostile.build("--format", "docx")
    assert_stopped(hostile, ran, outputs, "943 476 5919", SECTION, line)


def test_a_suppressed_line_builds(hostile):
    hostile.good_build()
    add_paragraph(hostile, "Her son Liam was seen by the school nurse. <!-- annualreport: ignore AR401 -->")
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out
    hostile.assert_no_traceback(ran)
    hostile.assert_nothing_left()
    assert (hostile.project / "build/2024/annual-report-2024-25.docx").is_file()


def test_a_suppression_on_another_line_does_not_let_it_through(hostile):
    outputs = hostile.good_build()
    add_paragraph(hostile, "Some other sentence. <!-- annualreport: ignore AR401 -->")
    line = add_paragraph(hostile, "Her son Liam was seen by the school nurse.")
    ran = hostile.build("--format", "docx")
    assert_stopped(hostile, ran, outputs, "Liam", SECTION, line)


def test_image_alt_text_is_read(hostile):
    """A real picture whose alt text names a child: the lint reads the alt text."""
    import struct
    import zlib

    outputs = hostile.good_build()
    folder = hostile.project / "sections/2024/images"
    folder.mkdir()
    raw = b"\x00\xff\xff\xff"  # one white pixel, as a PNG
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))  # noqa: E731
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    (folder / "drawing.png").write_bytes(png)
    line = add_paragraph(hostile, "![Kacper, 7, at his school](images/drawing.png)")
    ran = hostile.build("--format", "docx")
    assert_stopped(hostile, ran, outputs, "Kacper", SECTION, line)


def test_a_raw_openxml_block_is_read(hostile):
    """A raw block is refused by the build whatever it holds (nothing unchecked reaches Word),
    and the lint still reads what it holds for identifying information, masked."""
    outputs = hostile.good_build()
    line = add_paragraph(hostile, "```{=openxml}\n<w:p><w:r><w:t>Mum's mobile 07700.900.123</w:t></w:r></w:p>\n```")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="raw openxml block", file=SECTION, line=line, outputs=outputs)
    assert "07700.900.123" not in ran.out
    linted = hostile.run("lint", "2024", "--project", hostile.project)
    assert linted.code == 1 and re.search(rf"{SECTION}:{line + 1}:\d+: AR401", linted.out), linted.out
    assert "07700.900.123" not in linted.out


def test_a_yaml_string_shown_in_a_table_is_read(hostile):
    outputs = hostile.good_build()
    path = hostile.project / "evidence/2024/training.yaml"
    text = path.read_text(encoding="utf-8")
    old = "title: Child exploitation and contextual safeguarding"
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "title: Child exploitation course held at 14 Elm Road, HF4 2QT"), encoding="utf-8")
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    assert_stopped(hostile, ran, outputs, "HF4 2QT", "evidence/2024/training.yaml", line)


def test_a_templates_header_is_checked_before_it_is_published(hostile):
    """A template's header reaches every page: the lint reads it as the build renders it
    (issue 9: every published word is linted), and the build stops before writing."""
    docx = pytest.importorskip("docx")
    outputs = hostile.good_build()
    path = hostile.project / "templates/annual.docx"
    document = docx.Document(str(path))
    header = document.sections[0].header
    (header.paragraphs[0] if header.paragraphs else header.add_paragraph()).add_run(" Contact Mum on 07700 900 123")
    document.save(str(path))
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 1, says=r"templates/annual\.docx:\d+:\d+: AR401 a mobile phone number", outputs=outputs)
    assert "07700 900 123" not in ran.out
    assert digest(hostile.project / "build" / "2024") == outputs


def test_other_rules_do_not_repeat_it(hostile):
    """AR101 (a claim with no citation) on a sentence with an NHS number shows it masked."""
    add_paragraph(hostile, "Referrals rose by 40% after the NHS number 943 476 5919 was shared.")
    for fmt in ("text", "json", "github", "sarif"):
        ran = hostile.run("lint", "2024", "--project", hostile.project, "--format", fmt)
        assert ran.code == 1, ran.out
        assert "943 476 5919" not in ran.out and not re.search(r"943\D?476\D?5919", ran.out), (fmt, ran.out)
