"""Issue 8, points 2 and 3: nothing leaves the project unless the user put it there.

Markdown (sections and the YAML's narrative strings) may show only real pictures inside the
project, of bounded size; links go only to the web, e-mail, telephones or the report's own
anchors; raw blocks never reach pandoc. A Word template may link to nothing outside itself
(but web and e-mail hyperlinks) and carry no field that includes, links or runs anything.
Each refusal: exit 2, located, how to mend, nothing written.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

requires_soffice = pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice is not installed")

SECTION = "sections/2024/03-about.md"


def png(width: int, height: int, bit_depth: int = 8, colour: int = 2) -> bytes:
    """A valid PNG of any size, made with zlib: all zero rows compress to almost nothing."""
    channels = {0: 1, 2: 3, 6: 4}[colour]
    row = 1 + (width * channels * bit_depth + 7) // 8
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(b"\0" * row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def add_to_section(hostile, text: str, file: str = SECTION) -> int:
    """Append ``text`` to a section; return the line its first line is on."""
    path = hostile.project / file
    before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(before + text + "\n", encoding="utf-8")
    hostile.snapshot_inputs()
    return before.count("\n") + 1


def nothing_leaked(hostile, secret: bytes = b"root:") -> None:
    for path in (hostile.project / "build").rglob("*") if (hostile.project / "build").exists() else []:
        if path.is_file() and path.suffix in (".docx", ".pdf"):
            import zipfile

            if path.suffix == ".docx":
                with zipfile.ZipFile(path) as package:
                    for name in package.namelist():
                        assert secret not in package.read(name), f"{path.name}:{name} holds the secret"


# ---- pictures in Markdown --------------------------------------------------------------------


@pytest.mark.parametrize("target, says", [
    ("../../../../etc/passwd", r"outside the project|does not exist"),  # as the issue wrote it
    ("../../../../../../../../../../../../../../etc/passwd", "outside the project"),  # reaches /etc/passwd from anywhere
    ("/etc/passwd", "outside the project"),
])
def test_an_image_of_a_system_file_is_refused(hostile, target, says):
    outputs = hostile.good_build()
    line = add_to_section(hostile, f"![x]({target})")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says=says, file=SECTION, line=line, outputs=outputs)
    assert target in ran.out
    nothing_leaked(hostile)


def test_a_png_outside_the_project_is_refused(hostile):
    outside = hostile.base / "outside.png"
    outside.write_bytes(png(4, 4))
    outputs = hostile.good_build()
    line = add_to_section(hostile, f"Our logo:\n\n![The logo]({outside})")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file=SECTION, line=line + 2, outputs=outputs)


def test_a_symlink_in_sections_to_a_file_outside_is_refused(hostile):
    outside = hostile.base / "outside.png"
    outside.write_bytes(png(4, 4))
    (hostile.project / "sections/2024/logo.png").symlink_to(outside)
    outputs = hostile.good_build()
    line = add_to_section(hostile, "![The logo](logo.png)")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file=SECTION, line=line, outputs=outputs)


def test_a_missing_image_is_an_error(hostile):
    outputs = hostile.good_build()
    line = add_to_section(hostile, "![The team at the conference](team-photo.png)")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="does not exist", file=SECTION, line=line, outputs=outputs)


@pytest.mark.parametrize("target", ["https://example.org/logo.png", "http://127.0.0.1:9/x.png", "file:///etc/passwd",
                                    "data:image/png;base64,iVBORw0KGgo="])
def test_a_remote_or_inline_image_is_refused(hostile, target):
    outputs = hostile.good_build()
    line = add_to_section(hostile, f"![A picture]({target})")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="picture", file=SECTION, line=line, outputs=outputs)


def test_a_pixel_bomb_png_never_reaches_pandoc(hostile):
    bomb = png(60000, 60000, bit_depth=1, colour=0)
    assert len(bomb) < 1_000_000
    (hostile.project / "sections/2024/bomb.png").write_bytes(bomb)
    outputs = hostile.good_build()
    line = add_to_section(hostile, "![A chart](bomb.png)")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="60000 x 60000", file=SECTION, line=line, outputs=outputs)


def test_a_file_that_is_not_a_picture_is_refused(hostile):
    (hostile.project / "sections/2024/chart.png").write_text("name,value\nA,1\n", encoding="utf-8")
    outputs = hostile.good_build()
    line = add_to_section(hostile, "![A chart](chart.png)")
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="not a PNG, JPEG or GIF", file=SECTION, line=line, outputs=outputs)


def test_an_image_in_a_yaml_narrative_string_is_located(hostile):
    outputs = hostile.good_build()
    path = hostile.project / "evidence/2024/priorities.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - Refreshed the Harrowfield neglect strategy"
    assert old in text
    path.write_text(text.replace(old, "      - See ![x](/etc/passwd). Refreshed the Harrowfield neglect strategy", 1), encoding="utf-8")
    hostile.snapshot_inputs()
    line = text[: text.index(old)].count("\n") + 1
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="outside the project", file="evidence/2024/priorities.yaml", line=line, outputs=outputs)


def test_a_picture_inside_the_project_still_shows(hostile):
    (hostile.project / "sections/2024/logo.png").write_bytes(png(40, 20))
    add_to_section(hostile, "![The partnership's logo](logo.png)\n\n![Again, from the root](sections/2024/logo.png)")
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out
    import zipfile

    with zipfile.ZipFile(hostile.project / "build/2024/annual-report-2024-25.docx") as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    assert any(package_name.endswith(".png") for package_name in media)


# ---- raw blocks and links in Markdown ---------------------------------------------------------

INCLUDETEXT_BLOCK = (
    "```{=openxml}\n"
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDETEXT "/etc/passwd" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>\n'
    "```"
)


@pytest.mark.parametrize("text", [
    INCLUDETEXT_BLOCK,
    "```{=openxml}\n<w:p><w:r><w:t>unclosed\n```",  # malformed: before, exit 3 with no file or line
    "Some text `<w:r><w:t>x</w:t></w:r>`{=openxml} inline.",
    "```{=html}\n<img src=\"/etc/passwd\">\n```",
    "`\\input{/etc/passwd}`{=latex}",
    "<iframe src=\"file:///etc/passwd\"></iframe>",
], ids=["openxml-includetext", "openxml-malformed", "openxml-inline", "html-block", "latex-inline", "html-tag"])
def test_a_raw_block_is_refused(hostile, text):
    outputs = hostile.good_build()
    line = add_to_section(hostile, text)
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="raw", file=SECTION, line=line, outputs=outputs)
    nothing_leaked(hostile)


@pytest.mark.parametrize("text", [
    "[the file](file:///etc/passwd)",
    "[click](javascript:alert(1))",
    "[click](JavaScript:alert(1))",
    "[click][evil]\n\n[evil]: vbscript:msgbox(1)",
    "<file:///etc/passwd>",
    "[a local file](../../minutes.docx)",
])
def test_a_link_that_is_not_to_the_web_is_refused(hostile, text):
    outputs = hostile.good_build()
    line = add_to_section(hostile, text)
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="link", file=SECTION, outputs=outputs)
    assert f"{SECTION}:{line}:" in ran.out or f"{SECTION}:{line + 2}:" in ran.out, ran.out


def test_web_mail_and_phone_links_and_comments_still_work(hostile):
    add_to_section(hostile, "Write to [us](mailto:team@harrowfield.example.gov.uk), ring [us](tel:+441234567890), read "
                            "[the guidance](https://www.gov.uk) or <https://example.org>, see [the register](#ev-1).\n\n"
                            "<!-- a note to ourselves -->")
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out


# ---- Word templates -------------------------------------------------------------------------


def _template(hostile, edit, name: str = "annual.docx") -> Path:
    """Edit the sample's template in place with python-docx (as a comms officer's Word would)."""
    import docx

    path = hostile.project / "templates" / name
    document = docx.Document(str(path))
    edit(document)
    document.save(str(path))
    hostile.snapshot_inputs()
    return path


def _paragraph(document, text: str):
    paragraph = document.paragraphs[0].insert_paragraph_before(text)
    return paragraph


def linked_picture(target: str):
    def edit(document):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml.ns import qn

        paragraph = _paragraph(document, "Our logo ")
        stream = __import__("io").BytesIO(png(8, 8))
        paragraph.add_run().add_picture(stream)
        rid = document.part.relate_to(target, RT.IMAGE, is_external=True)
        blip = paragraph._p.xpath(".//a:blip")[0]
        del blip.attrib[qn("r:embed")]
        blip.set(qn("r:link"), rid)

    return edit


def hyperlink(target: str):
    def edit(document):
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph = _paragraph(document, "Read the minutes: ")
        rid = document.part.relate_to(target, RT.HYPERLINK, is_external=True)
        paragraph._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>here</w:t></w:r></w:hyperlink>'))

    return edit


def field(instruction: str, simple: bool = False):
    def edit(document):
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        paragraph = _paragraph(document, "The latest figures: ")
        if simple:
            paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr={_quote(instruction)}><w:r><w:t>x</w:t></w:r></w:fldSimple>'))
            return
        for xml in ('<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r {ns}><w:instrText xml:space="preserve"> ' + _escape(instruction[:4]) + "</w:instrText></w:r>",
                    '<w:r {ns}><w:instrText xml:space="preserve">' + _escape(instruction[4:]) + " </w:instrText></w:r>",
                    '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r {ns}><w:t>figures</w:t></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>'):
            paragraph._p.append(parse_xml(xml.format(ns=nsdecls("w"))))

    return edit


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _quote(text: str) -> str:
    return '"' + _escape(text) + '"'


@requires_soffice
def test_a_template_picture_linked_to_a_file_outside_the_project_is_refused(hostile):
    secret = hostile.base / "secret.png"
    secret.write_bytes(png(16, 16))
    _template(hostile, linked_picture(secret.as_uri()))
    ran = hostile.build("--format", "pdf")
    hostile.assert_no_traceback(ran)
    assert ran.code == 2, ran.out
    assert "templates/annual.docx: " in ran.out and "mend:" in ran.out, ran.out
    assert "links to something outside" in ran.out, ran.out
    hostile.assert_inputs_untouched()
    assert 'the body, the paragraph "Our logo"' in ran.out, ran.out
    assert secret.as_uri() in ran.out
    assert not [p for p in hostile.project.rglob("*.pdf")], "a PDF was written"
    hostile.assert_nothing_left()


TEMPLATE_CASES = {
    "linked-picture": linked_picture("/etc/passwd"),
    "hyperlink-file": hyperlink("file:///etc/passwd"),
    "hyperlink-javascript": hyperlink("javascript:alert(1)"),
    "includetext": field('INCLUDETEXT "/etc/passwd"'),
    "includepicture-simple": field('INCLUDEPICTURE "/etc/secret.png" \\d', simple=True),
    "link": field('LINK Excel.Sheet.8 "/srv/budget.xls" "Sheet1!R1C1"'),
    "dde": field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'),
    "hyperlink-field-file": field('HYPERLINK "file:///etc/passwd"'),
}


@pytest.mark.parametrize("case", list(TEMPLATE_CASES))
def test_a_template_that_reaches_outside_is_refused_by_build_check_template_and_lint(hostile, case):
    outputs = hostile.good_build()
    path = _template(hostile, TEMPLATE_CASES[case])
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says=r"links to|field", file="templates/annual.docx", outputs=outputs)
    assert "in the body, the paragraph" in ran.out, ran.out
    checked = hostile.run("check-template", path)
    hostile.assert_fails(checked, 2, says=r"links to|field", file="templates/annual.docx", outputs=outputs)
    linted = hostile.run("lint", "2024", "--project", hostile.project, "--select", "AR301")
    assert linted.code == 1, linted.out
    assert "AR301" in linted.out and "templates/annual.docx" in linted.out, linted.out


def test_a_template_with_web_links_and_page_fields_is_sound(hostile):
    _template(hostile, hyperlink("https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"))
    ran = hostile.build("--format", "docx")
    assert ran.code == 0, ran.out
    checked = hostile.run("check-template", hostile.project / "templates/annual.docx")
    assert checked.code == 0, checked.out


def test_a_template_with_a_pixel_bomb_picture_is_refused(hostile):
    def edit(document):
        paragraph = _paragraph(document, "A picture ")
        paragraph.add_run().add_picture(__import__("io").BytesIO(png(8, 8)))

    path = _template(hostile, edit)
    # swap the embedded picture for the bomb, as an editor could
    import shutil
    import zipfile

    bomb = png(60000, 60000, bit_depth=1, colour=0)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, bomb if item.filename.startswith("word/media/") else data)
    shutil.move(tmp, path)
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="60000 x 60000", file="templates/annual.docx")
    assert 'the paragraph "A picture' in ran.out, ran.out


# ---- the written documents ------------------------------------------------------------------


def test_a_written_docx_with_an_external_relationship_fails_the_check(tmp_path):
    """Belt and braces: whatever slipped past the checks of the inputs stops the build."""
    import docx

    from annualreport.errors import AnnualReportError
    from annualreport.render.linked import check_written

    root = Path(__file__).resolve().parents[2]
    good = tmp_path / "good.docx"
    document = docx.Document(str(root / "templates/annual.docx"))
    document.save(str(good))
    check_written(good)  # the sample's own template: nothing outside
    for case in ("linked-picture", "includetext", "hyperlink-javascript"):
        bad = tmp_path / f"{case}.docx"
        document = docx.Document(str(root / "templates/annual.docx"))
        TEMPLATE_CASES[case](document)
        document.save(str(bad))
        with pytest.raises(AnnualReportError) as raised:
            check_written(bad)
        assert bad.name in str(raised.value)


# ---- the pandoc filter on its own: what the scan would miss is refused all the same ------------


@pytest.mark.parametrize("markdown, says", [
    ("![x](logo.png)", "picture logo.png was not checked"),
    ("[x](javascript:alert(1))", r"link to javascript:alert\(1\)"),
    ("[x](file:///etc/passwd)", "link to file:///etc/passwd"),
    ("```{=openxml}\n<w:p>\n```", "raw openxml"),
    ("<iframe src=x></iframe>", "raw html"),
])
def test_the_pandoc_filter_refuses_what_was_not_vetted(tmp_path, markdown, says):
    from annualreport.errors import InputError
    from annualreport.narrative_cache import NarrativeCache, narrative
    from annualreport.render.narrative_links import Vetted

    root = Path(__file__).resolve().parents[2]
    (tmp_path / "logo.png").write_bytes(png(8, 8))
    cache = NarrativeCache(None, root / "templates/annual.docx", [tmp_path], vetted=Vetted())
    try:
        with pytest.raises(InputError, match=says):
            narrative(cache, {"about": "# About\n\n" + markdown + "\n"})
    finally:
        cache.close()


def test_the_pandoc_filter_keeps_comments_and_backslashes_as_text(tmp_path):
    from annualreport.narrative_cache import NarrativeCache, narrative
    from annualreport.render.narrative_links import vet_parts

    root = Path(__file__).resolve().parents[2]
    (tmp_path / "my logo.png").write_bytes(png(8, 8))
    parts = {"about": "# About\n\nThe files are in C:\\Users\\team. <!-- a note -->\n\n![Logo](<my logo.png>)\n"}
    cache = NarrativeCache(None, root / "templates/annual.docx", [tmp_path], vetted=vet_parts(parts, [tmp_path], [tmp_path]))
    try:
        done = narrative(cache, parts)
        document, body = done.pieces["about"]
        text = "".join(t.text or "" for element in body for t in element.iter() if t.tag.endswith("}t"))
        assert "C:\\Users\\team." in text
        assert "a note" not in text
    finally:
        cache.close()


@pytest.mark.parametrize("markdown, kinds", [
    ("`![x](code.png)` and\n\n```\n![y](fenced.png)\n```\n<!-- ![z](comment.png) -->", []),
    ("[![logo](<a b.png>){width=3cm}](https://x.org)", [("link", "https://x.org"), ("picture", "a b.png")]),
    ("![r][pic] [l][]\n\n[pic]: a\\_b.png \"t\"\n[l]: javascript:x", [("picture", "a_b.png"), ("link", "javascript:x")]),
    ("`<w:r/>`{=openxml} <b>x</b> <span>y</span> <div>z</div> <https://a.org>", [("raw", "openxml"), ("raw", "html"), ("raw", "html"), ("link", "https://a.org")]),
    ("[\\[1\\]](#ev-1) [^n]\n\n[^n]: a note [x](tel:+441234)", [("link", "#ev-1"), ("link", "tel:+441234")]),
])
def test_the_scan_finds_pictures_links_and_raw_blocks(markdown, kinds):
    from annualreport.render.markdown_scan import scan

    assert sorted((f.kind, f.target) for f in scan(markdown)) == sorted(kinds)
