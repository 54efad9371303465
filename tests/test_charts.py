"""Charts of the performance indicators and training figures: drawn for print, described in
alt text that states the data, placed in the report's Word document, and not drawn twice."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from conftest import ROOT, copy_project

pytest.importorskip("matplotlib")

from annualreport.content.charts import FULL_WIDTH_CM, charts_markdown, performance_charts, training_charts  # noqa: E402
from annualreport.content.yearly import YearlyReportWriter  # noqa: E402
from annualreport.project import load_project  # noqa: E402

YEAR = 2024
LATEST = "2024-25"
DPI = 200


@pytest.fixture
def sample(tmp_path: Path):
    root = copy_project(ROOT, tmp_path / "project")
    return load_project(root, YEAR)


def evidence(project, kind: str) -> dict:
    """The evidence file as the user wrote it, read independently of the code under test."""
    return yaml.safe_load((project.root / "evidence" / str(YEAR) / f"{kind}.yaml").read_text(encoding="utf-8"))


def as_written(value) -> str:
    """A number as it stands in the YAML: 1934, 56.1, 91 (not 1,934 or 91.0)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def png_info(path: Path) -> tuple[int, int, float, float]:
    """Width and height in pixels, and the resolution in dots per inch, from the PNG's
    IHDR and pHYs chunks."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width = height = None
    dpi = (0.0, 0.0)
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"pHYs":
            x, y, unit = struct.unpack(">IIB", body)
            assert unit == 1, "pHYs must be in pixels per metre"
            dpi = (x * 0.0254, y * 0.0254)
        elif kind == b"IEND":
            break
        pos += 12 + length
    return width, height, *dpi


def descriptions(document: docx.document.Document) -> list[str]:
    """The alt text of every picture in the body, in order (Word's wp:docPr/@descr)."""
    return [el.get("descr") for el in document.element.body.iter(qn("wp:docPr"))]


def narrative_body(parts: dict[str, str], reference: Path, resources: list[Path]) -> list:
    """The body elements of the parts as the build converts them (pandoc, through the
    narrative cache), in the parts' order."""
    from annualreport.narrative_cache import NarrativeCache, narrative
    from annualreport.render.narrative_links import vet_parts

    cache = NarrativeCache(None, reference, resources, vetted=vet_parts(parts, resources, resources))
    try:
        done = narrative(cache, parts)
    finally:
        cache.close()
    return [element for name in parts if name in done.pieces for element in done.pieces[name][1]]


def found(body: list, tag: str) -> list:
    return [el for element in body for el in element.iter(qn(tag))]


def build_content(project, cache: Path):
    writer = YearlyReportWriter(project, chart_folder=cache)
    return writer.write()


def test_charts_reach_word_with_alt_text_that_states_the_data(sample, tmp_path):
    cache = sample.output_folder / ".." / ".charts-cache"  # where the build keeps them
    content = build_content(sample, cache)
    body = narrative_body(content.parts, sample.root / "templates" / "annual.docx", [sample.root / "sections" / str(YEAR), sample.root])
    alts = [el.get("descr") for el in found(body, "wp:docPr")]
    pngs = sorted(cache.glob("*.png"))
    indicators = evidence(sample, "performance")["indicators"]
    courses = evidence(sample, "training")["courses"]
    evaluated = [c for c in courses if c.get("evaluation")]
    # one chart per indicator, attendance by agency, confidence before and after
    assert len(pngs) == len(indicators) + 2
    assert len(alts) == len(pngs), "every chart must be in the document once, and nothing else is a picture"
    assert all(alt and alt.strip() for alt in alts), "every picture needs alt text"
    for indicator in indicators:
        matching = [alt for alt in alts if indicator["title"] in alt]
        assert len(matching) == 1, f"no chart describes {indicator['title']!r}"
        alt = matching[0].replace(",", "")  # 1,934 in the report is 1934 in the YAML
        assert f"{LATEST} {as_written(indicator['values'][LATEST])}" in alt
        if indicator.get("target") is not None:
            assert f"target {as_written(indicator['target'])}" in alt
        assert f"{indicator['better']} is better" in alt
    attendance = next(alt for alt in alts if alt.startswith("Bar chart: Attendance"))
    for course_attendance in courses:
        for agency in course_attendance["attendance"]:
            name = next(a["name"] for a in evidence(sample, "partnership")["agencies"] if a["id"] == agency)
            assert name in attendance
    confidence = next(alt for alt in alts if alt.startswith("Dot chart"))
    for course in evaluated:
        ev = course["evaluation"]
        assert f"{course['title']}: before {ev['before']:.1f}, after {ev['after']:.1f}" in confidence
    # the pictures are printed at the size they were drawn for
    extents = [int(el.get("cx")) / 360000 for el in found(body, "wp:extent")]
    assert all(cm <= FULL_WIDTH_CM + 0.01 for cm in extents)
    # pandoc keeps the image path in the picture's properties: it must not say where the
    # project was built (the path is relative to the project folder, a resource path)
    for el in found(body, "pic:cNvPr"):
        assert not Path(el.get("descr", "")).is_absolute()


def test_charts_are_drawn_for_print(sample, tmp_path):
    writer = YearlyReportWriter(sample)
    charts = performance_charts(writer.ev.of_kind("performance"), writer._periods(), tmp_path) + training_charts(
        writer.ev.of_kind("training"), writer.agency_names, tmp_path
    )
    assert len(charts) == 14
    for chart in charts:
        width, height, xdpi, ydpi = png_info(chart.path)
        assert round(xdpi) == DPI and round(ydpi) == DPI, chart.name
        # as many pixels as the printed width needs at 200 dpi
        assert width >= chart.width_cm / 2.54 * DPI - 1, chart.name
        if chart.width_cm >= FULL_WIDTH_CM:
            assert width >= 1200, chart.name
        assert chart.alt and chart.caption, chart.name
        assert chart.path.name.startswith(chart.name + "-")
    assert sum(c.width_cm >= FULL_WIDTH_CM for c in charts) == 2


def test_an_unchanged_chart_is_not_redrawn(sample, tmp_path):
    writer = YearlyReportWriter(sample)
    indicators = writer.ev.of_kind("performance")
    first = performance_charts(indicators, writer._periods(), tmp_path)
    stamps = {c.path: c.path.stat().st_mtime_ns for c in first}
    second = performance_charts(indicators, writer._periods(), tmp_path)
    assert [c.path for c in second] == [c.path for c in first]
    assert {c.path: c.path.stat().st_mtime_ns for c in second} == stamps
    assert len(list(tmp_path.glob("*.png"))) == len(first)
    # a changed figure is a new chart; the others stay as they were
    changed = indicators[0].model_copy(update={"values": {**indicators[0].values, LATEST: 44.0}})
    third = performance_charts([changed, *indicators[1:]], writer._periods(), tmp_path)
    assert third[0].path != first[0].path and third[0].path.exists()
    assert "2024-25 44" in third[0].alt
    assert [c.path for c in third[1:]] == [c.path for c in first[1:]]
    assert {c.path: c.path.stat().st_mtime_ns for c in third[1:]} == {p: t for p, t in stamps.items() if p != first[0].path}


def test_without_a_chart_folder_there_are_no_charts(sample, tmp_path):
    content = YearlyReportWriter(sample).write()
    assert "![" not in content.parts["performance"] and "![" not in content.parts["training"]


def test_alt_text_and_paths_survive_markdown(tmp_path):
    """Markdown in a title (emphasis, brackets, quotes, dashes) is not interpreted, and a
    path with a space in it still reaches pandoc."""
    from annualreport.content.charts import Chart

    folder = tmp_path / "a folder"
    folder.mkdir()
    png = folder / "x.png"
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(png, dpi=(DPI, DPI))
    alt = "Column chart: *Children's* [plans] -- \"rate\" @cite [@id] 50% <b> &amp; $x$ ...: 2024-25 1,934."
    markdown = charts_markdown([Chart("x", png, alt, "A *caption*.")])
    body = narrative_body({"performance": markdown}, ROOT / "templates" / "annual.docx", [tmp_path])
    assert [el.get("descr") for el in found(body, "wp:docPr")] == [alt]


def test_charts_keep_their_alt_text_in_the_composed_report(sample, monkeypatch):
    """Through the whole build: the charts placed by the template, alt text intact."""
    from annualreport import builder

    cache = sample.output_folder / ".." / ".charts-cache"
    result = builder.build(sample, formats=("docx",))
    annual = next(o.path for o in result.outputs if o.kind == "annual")
    alts = descriptions(docx.Document(str(annual)))
    assert len(alts) == len(list(cache.glob("*.png"))) == 14
    assert all(alt.startswith(("Column chart: ", "Bar chart: ", "Dot chart: ")) for alt in alts)
