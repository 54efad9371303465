"""Up to date means instant, like make: a second build with nothing changed writes nothing and
says so; a change to any input (a section, a template, an evidence file, annualreport.yaml,
the options, annualreport itself) or to an output builds again, and says what changed and
what it made afresh. What builds keep between them sits in a keyed file store that never
hands back an entry that is not whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annualreport.cache_store import FileStore, key
from conftest import ROOT, run

BUILD = ("build", "2024", "--format", "docx")
SECTION = "sections/2024/03-about.md"


def build(project: Path, *extra: str):
    return run(*BUILD, "--project", project, *extra)


def state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the output folder: its bytes and its modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture
def built(project: Path) -> Path:
    result = build(project)
    assert result.exit_code == 0, result.output
    return project


def test_a_second_build_with_nothing_changed_is_up_to_date_and_writes_nothing(built: Path, monkeypatch) -> None:
    folder = built / "build" / "2024"
    before = state(folder)

    def no(*args, **kwargs):
        raise AssertionError("an up-to-date build started LibreOffice or built")

    monkeypatch.setattr("annualreport.pdf.early.start", no)
    monkeypatch.setattr("annualreport.builder.Build.__init__", no)
    result = build(built)
    assert result.exit_code == 0, result.output
    assert "build/2024 is up to date (nothing changed since " in result.output
    assert "): 3 documents" in result.output
    assert "All checks passed" in result.output
    assert state(folder) == before


def test_an_up_to_date_build_imports_nothing_heavy_not_even_typer(built: Path) -> None:
    """Run as the console script runs it (``main``): said before typer starts; no docx,
    pandoc, matplotlib, pydantic models, builder, lint or LibreOffice."""
    script = (
        "import sys\n"
        "from annualreport.main import main\n"
        f"sys.argv = ['annualreport', 'build', '2024', '--format', 'docx', '--project', {str(built)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = ['typer', 'click', 'docx', 'docxtpl', 'pypandoc', 'matplotlib', 'pydantic', 'annualreport.builder',\n"
        "         'annualreport.pdf.warm', 'annualreport.lint', 'annualreport.project']\n"
        "print('IMPORTED', [m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "is up to date" in done.stdout
    assert "IMPORTED []" in done.stdout, done.stdout


def test_a_changed_section_builds_again_and_says_what_it_did(built: Path) -> None:
    section = built / SECTION
    section.write_text(section.read_text(encoding="utf-8") + "\nWe thank everyone who took part.\n", encoding="utf-8")
    result = build(built)
    assert result.exit_code == 0, result.output
    assert "is up to date" not in result.output
    assert f"{SECTION} changed" in result.output
    # only the changed part went through pandoc; the covering reports are as last rendered
    assert "made afresh: 1 narrative part (pandoc); Word: annual-report-2024-25.docx;" in result.output
    assert "kept from the last build: Word: covering-report-" in result.output
    import docx

    text = "\n".join(p.text for p in docx.Document(built / "build/2024/annual-report-2024-25.docx").paragraphs)
    assert "We thank everyone who took part." in text
    assert "is up to date" in build(built).output


def _resave_template(project: Path) -> None:
    path = project / "templates" / "covering.docx"
    with zipfile.ZipFile(path) as old:
        items = [(info, old.read(info.filename)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in items:
            new.writestr(info, data)
        new.comment = b"saved again"


def _append(relative: str, line: str):
    def change(project: Path) -> None:
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")

    return change


CHANGES = {
    "a template": (_resave_template, "templates/covering.docx changed"),
    "an evidence file": (_append("evidence/2024/training.yaml", "\n# checked again\n"), "evidence/2024/training.yaml changed"),
    "annualreport.yaml": (_append("annualreport.yaml", "\n# checked again\n"), "annualreport.yaml changed"),
    "a new section": (lambda p: (p / "sections/2024/11-thanks.md").write_text("---\npart: voice\n---\n\nWe thank everyone who took part.\n", encoding="utf-8"),
                      "sections/2024/11-thanks.md is new"),
    "a removed output": (lambda p: (p / "build/2024/covering-report-hwb-2024-25.docx").unlink(),
                         "2024/covering-report-hwb-2024-25.docx was removed"),
    "an altered output": (lambda p: (p / "build/2024/annual-report-2024-25.docx").write_bytes(b"not a document"),
                          "2024/annual-report-2024-25.docx was altered"),
}


@pytest.mark.parametrize("what", sorted(CHANGES))
def test_any_changed_input_or_output_builds_again(built: Path, what: str) -> None:
    change, said = CHANGES[what]
    change(built)
    result = build(built)
    assert result.exit_code == 0, result.output
    assert "is up to date" not in result.output
    assert said in result.output
    assert zipfile.is_zipfile(built / "build/2024/annual-report-2024-25.docx")
    assert (built / "build/2024/covering-report-hwb-2024-25.docx").is_file()
    assert "is up to date" in build(built).output


def test_other_options_build_again(built: Path) -> None:
    result = build(built, "--pdf-engine", "typst")
    assert "is up to date" not in result.output
    assert "the options changed (engine)" in result.output


def test_another_annualreport_builds_again(built: Path, monkeypatch) -> None:
    monkeypatch.setattr("annualreport.up_to_date.__version__", "99.0")
    result = build(built)
    assert "is up to date" not in result.output
    assert "annualreport changed" in result.output


def test_force_builds_everything_again(built: Path) -> None:
    result = build(built, "--force")
    assert result.exit_code == 0, result.output
    assert "is up to date" not in result.output
    assert "made afresh: 11 narrative parts (pandoc); Word: annual-report-2024-25.docx, covering-report-" in result.output
    assert "kept from the last build" not in result.output


def test_the_lint_verdict_is_shown_as_last_time(project: Path) -> None:
    section = project / "sections/2024/04-priorities.md"
    section.write_text(section.read_text(encoding="utf-8") + "\n\nReferrals rose by 40% in the year.\n", encoding="utf-8")
    assert build(project).exit_code == 0
    result = build(project)
    assert result.exit_code == 0, result.output
    assert "is up to date" in result.output
    assert "note: the lint found 1 error and " in result.output
    assert "as last time; every page is marked DRAFT (see 'annualreport lint 2024')" in result.output
    # --strict must still stop on the errors: it builds (and fails) rather than say "up to date"
    strict = build(project, "--strict")
    assert strict.exit_code == 1, strict.output
    assert "is up to date" not in strict.output


def test_the_quick_check_finds_the_folders_the_project_names(built: Path) -> None:
    from annualreport.project import load_project
    from annualreport.up_to_date import build_folders

    loaded = load_project(built, 2024, announce=None)
    assert build_folders(built, 2024) == (loaded.output_folder, loaded.cache_folder)


# -- the keyed file store ------------------------------------------------------------------


def test_the_store_gives_back_what_was_put_and_never_a_corrupt_entry(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "store", ".pdf")
    name = key("a document", "its engine")
    source = tmp_path / "a.pdf"
    source.write_bytes(b"%PDF-1.7 whole")
    assert store.get(name) is None
    store.put(name, source, pages=3)
    kept = store.get(name)
    assert kept is not None and kept.read_bytes() == b"%PDF-1.7 whole"
    assert store.place(name, tmp_path / "b.pdf")["pages"] == 3
    kept.write_bytes(b"%PDF-1.7 torn!")  # same size, other bytes
    assert store.get(name) is None
    assert not kept.exists()  # forgotten, not kept to fail again
    store.put(name, source, pages=3)
    kept.with_name(kept.name + ".json").write_text("{not json", encoding="utf-8")
    assert store.get(name) is None


def test_the_store_stays_within_its_limit(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "store", limit=250)
    for n in range(5):
        store.put(f"entry{n}", bytes(100))
        os.utime(store.folder / f"entry{n}", ns=(n * 10**9, n * 10**9))
    store.trim()
    assert sorted(p.name for p in store.folder.iterdir() if not p.name.endswith(".json")) == ["entry3", "entry4"]


def test_a_corrupt_covering_report_in_the_cache_is_not_used(built: Path) -> None:
    for kept in (built / "build/.cache/covering").glob("*.docx"):
        kept.write_bytes(b"x" * kept.stat().st_size)
    _append(SECTION, "\nOne more line.\n")(built)
    result = build(built)
    assert result.exit_code == 0, result.output
    assert "kept from the last build: Word" not in result.output
    for name in ("covering-report-hwb-2024-25.docx", "covering-report-scrutiny-2024-25.docx"):
        assert zipfile.is_zipfile(built / "build/2024" / name), name


def test_the_manifest_records_every_input(built: Path) -> None:
    manifest = json.loads((built / "build/2024/manifest.json").read_text(encoding="utf-8"))
    files = manifest["inputs"]["files"]
    assert {"annualreport.yaml", SECTION, "templates/annual.docx", "evidence/2024/training.yaml"} <= set(files)
    assert not any(name.startswith("build/") for name in files)
    assert manifest["inputs"]["options"]["formats"] == ["docx"]


def test_a_corrupt_chart_or_pandoc_part_in_the_cache_is_made_again(built: Path) -> None:
    charts = sorted((built / "build/.charts-cache").glob("*.png"))
    parts = sorted((built / "build/.cache/pandoc").glob("*.docx"))
    assert charts and parts
    for kept in [charts[0], parts[0]]:
        kept.write_bytes(b"x" * kept.stat().st_size)  # same size, other bytes: torn on disk
    result = build(built, "--force")
    assert result.exit_code == 0, result.output
    assert charts[0].read_bytes().startswith(b"\x89PNG"), "a torn chart was used, not drawn again"
    _append(SECTION, "\nOne more line.\n")(built)
    result = build(built)
    assert result.exit_code == 0, result.output
    assert "made afresh: 1 narrative part (pandoc)" in result.output
    for kept in sorted((built / "build/.cache/pandoc").glob("*.docx")):
        assert zipfile.is_zipfile(kept), kept.name


def test_the_command_line_is_read_before_typer_only_when_it_is_plain() -> None:
    from annualreport.commands.up_to_date import parse

    assert parse(["2024", "--project", "p", "--format=docx", "-q"]) == {
        "project": "p", "format": "docx", "pdf_engine": "auto", "quiet": True, "strict": False, "year": 2024}
    for args in (["2024", "--force"], ["--help"], ["2024", "--verbose"], ["2024", "-p=x"], ["2024", "--project"], []):
        assert parse(args) is None, args
