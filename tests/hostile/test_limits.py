"""Issue 8, point 6: bounded in time and memory.

Templates that ask for huge values, endless loops or recursion; zip bombs as a template and as
a spreadsheet; pandoc past its time limit; a 1 MB line of prose. Each ends in exit 2 (or,
for ``check-template``, a finding) with a located message and a mend, within the harness's
memory cap and time limit, with nothing written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

MB = 1024**2


def add_tag(template: Path, text: str) -> None:
    """Type a paragraph holding ``text`` at the end of a Word template, as comms staff would."""
    import docx

    document = docx.Document(str(template))
    document.add_paragraph(text)
    document.save(str(template))


TAGS = {
    "repeat": ("{{ 'a' * 10**9 }}", "would be 1,000,000,000 long"),
    "list-repeat": ("{{ [0] * 10**9 }}", "would be"),
    "padding": ("{{ 'x'.ljust(10**9) }}", "'ljust' padding"),
    "format-width": ("{{ '{:>999999999}'.format(1) }}", "format's width"),
    "percent-width": ("{{ '%999999999d' % 1 }}", "format's width"),
    "range": ("{{ range(10**9)|length }}", r"range\(\.\.\.\) would give 1,000,000,000 numbers"),
    "join": ("{{ ','.join(range(10000)|map('string')) * 1000 }}", "would be"),
    "lipsum": ("{{ lipsum(10**7) }}", "lipsum"),
    "nested-ranges": ("{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}{% endfor %}{% endfor %}",
                      "took longer than 3 seconds"),
    "recursion": ("{% for x in range(2) recursive %}{{ loop(range(2)) }}{% endfor %}", "calls nest more than"),
}


@pytest.mark.parametrize("name", list(TAGS))
def test_template_asking_too_much_stops_the_build(hostile, monkeypatch, name):
    monkeypatch.setenv("ANNUALREPORT_RENDER_SECONDS", "3")
    tag, says = TAGS[name]
    before = hostile.good_build()
    add_tag(hostile.project / "templates" / "annual.docx", tag)
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says=says, file="templates/annual.docx", outputs=before)
    assert "the paragraph" in ran.out and tag[:12] in ran.out, ran.out  # the paragraph's text


@pytest.mark.parametrize("tag", ["{{ range(10**9)|length }}", "{{ 'a' * 10**9 }}", "{{ lipsum(10**7) }}",
                                 "{% for x in range(2) recursive %}{{ loop(range(2)) }}{% endfor %}"])
def test_check_template_reports_what_the_limits_refuse(hostile, tag):
    template = hostile.project / "templates" / "annual.docx"
    add_tag(template, tag)
    hostile.snapshot_inputs()
    ran = hostile.run("check-template", template, "--kind", "annual")
    hostile.assert_fails(ran, 1, says="AR301 error: (the tag asks for more than a template may build|filling it in with the example data failed)",
                         file=str(template))
    assert "all tags are sound" not in ran.out
    assert tag[:12] in ran.out, ran.out


def deflated_bomb(target: Path, source: Path, part: str, padding: int) -> None:
    """``source`` (a .docx or .xlsx) with ``part`` padded by ``padding`` bytes of spaces
    inside its XML: a 1 GB part that deflates to about 1 MB."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename != part:
                zout.writestr(info, data)
                continue
            head, tail = data.rsplit(b"</", 1)
            entry = zipfile.ZipInfo(part)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(entry, "w", force_zip64=True) as out:
                out.write(head)
                block = b" " * MB
                for _ in range(padding // MB):
                    out.write(block)
                out.write(b"</" + tail)


def test_docx_zip_bomb_is_refused_before_it_inflates(hostile, tmp_path):
    before = hostile.good_build()
    template = hostile.project / "templates" / "annual.docx"
    bomb = tmp_path / "bomb.docx"
    deflated_bomb(bomb, template, "word/document.xml", 1536 * MB)
    assert bomb.stat().st_size < 8 * MB
    bomb.replace(template)
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="word/document.xml.*zip bomb", file="templates/annual.docx", outputs=before)


def test_xlsx_zip_bomb_is_refused_before_openpyxl_reads_it(hostile, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Course", "Attendees"])
    sheet.append(["Neglect", 12])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    bomb = tmp_path / "training.xlsx"
    deflated_bomb(bomb, plain, "xl/worksheets/sheet1.xml", 1536 * MB)
    ran = hostile.run("import", "training", bomb, "--year", "2024", "--project", hostile.project, "--yes")
    hostile.assert_fails(ran, 2, says="sheet1.xml.*zip bomb", file=str(bomb))


def test_pandoc_past_its_time_limit_is_stopped(hostile, monkeypatch):
    monkeypatch.setenv("ANNUALREPORT_PANDOC_SECONDS", "2")
    before = hostile.good_build()
    section = hostile.project / "sections" / "2024" / "04-priorities.md"
    # thousands of nested brackets: pandoc's parser takes many seconds on them
    with section.open("a", encoding="utf-8") as out:
        out.write("\n\n" + "[" * 20000 + "x" + "]" * 20000 + "\n")
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="pandoc took longer than 2 seconds", file="sections/2024/04-priorities.md", outputs=before)
    assert ran.seconds < 60, ran.seconds


def test_a_one_megabyte_line_builds_in_time(hostile):
    section = hostile.project / "sections" / "2024" / "04-priorities.md"
    with section.open("a", encoding="utf-8") as out:
        out.write("\n\n" + "a" * MB + "\n")  # one word of a million letters: no space, no full stop
    hostile.snapshot_inputs()
    ran = hostile.run("lint", "2024", "--project", hostile.project, timeout=90)
    hostile.assert_no_traceback(ran)
    assert ran.code in (0, 1), ran.out
    ran = hostile.build("--format", "docx", timeout=120)
    hostile.assert_no_traceback(ran)
    assert ran.code == 0, ran.out
    hostile.assert_nothing_left()


# --- in-process: the limits themselves, and that honest templates and packages pass -------


def _render(source: str, **context) -> str:
    from annualreport.render.word import environment

    env = environment()
    with env.limited():
        return env.from_string(source).render(**context)


@pytest.mark.parametrize("source", [
    "{{ 'a' * 10**9 }}", "{{ 10 * [1] * 10**8 }}", "{{ 'x'.rjust(10**9) }}", "{{ 'x'.center(10**9) }}",
    "{{ 'x'.zfill(10**9) }}", "{{ '{:.999999999f}'.format(1.0) }}", "{{ '{:{w}}'.format(1, w=10**9) }}",
    "{{ '%*d' % (10**9, 1) }}", "{{ '%.999999999f' % 1.0 }}", "{{ '%s'|format('x') * 10**7 }}",
    "{{ 'a'|indent(10**9, true) }}", "{{ range(3)|batch(10**9, 'x')|list }}", "{{ range(3)|slice(10**9)|list }}",
    "{{ ('x' * 900000)|replace('x', 'yy') }}", "{{ ('x' * 900000) ~ ('x' * 900000) }}", "{{ 7 ** (10**7) }}",
    "{{ range(100000) }}", "{{ ['a' * 1000000] * 2 }}",
])
def test_the_sandbox_refuses_before_building(source):
    from annualreport.render.sandbox import TemplateLimitError

    with pytest.raises(TemplateLimitError):
        _render(source)


def test_honest_templates_still_work():
    assert _render("{% for i in range(3) %}{{ loop.index }}/{{ loop.length }} {% endfor %}") == "1/3 2/3 3/3 "
    assert _render("{{ '%5.1f%%' % 12.345 }}|{{ '{:>4}'.format(7) }}|{{ 'ab'|center(6) }}|{{ x|join(', ') }}", x=["a", "b"]) == " 12.3%|   7|  ab  |a, b"
    assert _render("{{ range(5)|reverse|list }} {{ (range(4)|list)[1:3] }} {{ 'ab' * 3 }} {{ 2 ** 10 }}") == "[4, 3, 2, 1, 0] [1, 2] ababab 1024"


def test_a_zip_whose_declared_size_lies_is_refused(tmp_path):
    from annualreport.errors import TemplateError
    from annualreport.render.package import check_package

    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * (4 * MB) + b"</w:document>")
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size: 1000 bytes
        at = data.index(signature)
        data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(TemplateError, match="inflates to more than it declares"):
        check_package(path, "template")
