"""Templates from comms staff: broken ones are found by paragraph text, rendering is sandboxed,
and the reference of what a template can use is generated from the data."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from conftest import ROOT, run


def edit_template(source: Path, target: Path, old: str, new: str, part: str = "word/document.xml") -> Path:
    with zipfile.ZipFile(source) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == part:
                xml = data.decode("utf-8")
                assert old in xml, f"{old!r} not in {part}"
                data = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(info, data)
    return target


COVERING = ROOT / "templates" / "covering.docx"
PURPOSE = "<w:t>{{ committee.purpose }}</w:t>"


@pytest.fixture
def broken(tmp_path: Path):
    def make(old: str, new: str, part: str = "word/document.xml") -> Path:
        return edit_template(COVERING, tmp_path / "covering.docx", old, new, part)

    return make


def test_sound_templates_pass(tmp_path: Path):
    for name in ("annual", "covering"):
        result = run("check-template", ROOT / "templates" / f"{name}.docx")
        assert result.exit_code == 0, result.output
        assert "all tags are sound" in result.output


def test_a_jinja_syntax_error_is_named_by_its_paragraph(broken):
    path = broken(PURPOSE, "<w:t>{{ committee.purpose }</w:t>")
    result = run("check-template", path)
    assert result.exit_code == 1
    assert "a template tag is broken" in result.output
    assert 'in the body, the paragraph "1.1 {{ committee.purpose }"' in result.output
    assert "Traceback" not in result.output


def test_an_unknown_tag_word(broken):
    path = broken("{%p for r in committee.recommendations %}", "{%p fro r in committee.recommendations %}")
    result = run("check-template", path)
    assert result.exit_code == 1 and "'fro' is not a tag" in result.output


def test_a_misspelt_name_gets_a_suggestion(broken):
    path = broken(PURPOSE, "<w:t>{{ committee.purpse }}</w:t>")
    result = run("check-template", path)
    assert result.exit_code == 1
    assert "'committee.purpse', which the data does not have" in result.output
    assert "did you mean 'committee.purpose'?" in result.output
    assert "1.1 {{ committee.purpse }}" in result.output


def test_a_misspelt_loop_item_field(broken):
    path = broken("{{ c.money }}", "{{ c.mony }}")
    result = run("check-template", path)
    assert result.exit_code == 1 and "did you mean 'c.money'?" in result.output


def test_a_tag_split_over_runs_is_reported_and_still_renders(broken, project: Path):
    path = broken(PURPOSE + "</w:r>", "<w:t>{{ committee.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>purpose }}</w:t></w:r>")
    result = run("check-template", path)
    assert result.exit_code == 0
    assert "split over several pieces of formatting" in result.output
    (project / "templates" / "covering.docx").write_bytes(path.read_bytes())
    assert run("build", "2024", "--project", project, "--format", "docx").exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(project / "build/2024/covering-report-scrutiny-2024-25.docx")).paragraphs)
    assert "{{" not in text and "committee." not in text


def test_smart_quotes_in_a_tag_are_repaired_and_said(broken, project: Path):
    path = broken(PURPOSE, "<w:t>{{ committee[\u2018purpose\u2019] }}</w:t>")
    result = run("check-template", path)
    assert result.exit_code == 0
    assert "curly quotes" in result.output
    (project / "templates" / "covering.docx").write_bytes(path.read_bytes())
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output


def test_faults_in_a_header_name_the_header(broken):
    path = broken("{{ committee.name }}", "{{ committee.nam }}", part="word/header1.xml")
    result = run("check-template", path)
    assert result.exit_code == 1 and "in a header" in result.output


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ committee.__class__ }}",
        "{{ partnership.name.__class__.__base__.__subclasses__() }}",
        "{% include '/etc/passwd' %}",
    ],
)
def test_a_template_cannot_reach_out_of_its_sandbox(tag: str, project: Path, tmp_path: Path):
    edit_template(COVERING, project / "templates" / "covering.docx", PURPOSE, f"<w:t>{tag}</w:t>")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "root:" not in result.output  # nothing of /etc/passwd


def test_ampersands_and_angle_brackets_in_the_data_do_not_corrupt_the_docx(project: Path):
    config = project / "annualreport.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("name: Harrowfield Safeguarding Children Partnership", "name: Harrowfield & District <Safeguarding> Children Partnership", 1), encoding="utf-8")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    for path in (project / "build/2024").glob("*.docx"):
        document = docx.Document(str(path))  # opens: the XML is well formed
        body = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "Harrowfield & District <Safeguarding> Children Partnership" in body


def test_template_vars_lists_every_name_the_sample_templates_use():
    result = run("template-vars")
    assert result.exit_code == 0
    for name in ("{{ partnership.name }}", "{{ committee.purpose }}", "{%p for recommendation in committee.recommendations %}", "{{ part.priorities }}", "{{ figures.rapid_reviews }}"):
        assert name in result.output, name


def test_docs_templates_md_is_up_to_date():
    result = run("template-vars", "--markdown")
    assert (ROOT / "docs" / "templates.md").read_text(encoding="utf-8") == result.output, "run: annualreport template-vars --write docs/templates.md"


def test_a_template_saved_by_libreoffice_builds_one_whole_document(project: Path, tmp_path: Path):
    """LibreOffice spells the properties' relationship its own way; python-docx then added a
    second docProps/core.xml, and the saved .docx held two files of one name."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "docx",
                    "--outdir", str(out), str(project / "templates/annual.docx")], check=True, capture_output=True, timeout=120)
    shutil.copy(out / "annual.docx", project / "templates/annual.docx")
    result = run("build", "2024", "--project", project, "--format", "docx")
    assert result.exit_code == 0, result.output
    built = project / "build/2024/annual-report-2024-25.docx"
    names = zipfile.ZipFile(built).namelist()
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert docx.Document(built).core_properties.title.endswith("yearly report 2024-25")
