"""The PDFs of a build go through one interface (``pdf.converter.Converter``), which the warm
office and both cold engines implement; the schedule uses only it, and one function acquires
a build's office (``pdf.office``).

What a user would see: every document gets its PDF, in one conversion when the office cannot
be used, and no office is left running that the build started.
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from annualreport.output import Output
from annualreport.pdf import PdfResult
from annualreport.pdf.converter import ColdConverter, Converter, ConverterUnavailable

SRC = Path(__file__).resolve().parent.parent / "src" / "annualreport"


class Engine(ColdConverter):
    """A cold engine that writes nothing: it counts its calls."""

    name = "libreoffice"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def convert(self, jobs, timeout, limit=None):
        self.calls.append([job.docx.name for job in jobs])
        return [PdfResult(job.pdf, self.name, 3, []) for job in jobs]


class DeadOffice:
    """A warm office that takes documents, then dies before converting them."""

    name = "libreoffice"

    def __init__(self, dies_at: str = "wait") -> None:
        self.dies_at = dies_at
        self.waits = 0

    def submit(self, jobs):
        if self.dies_at == "submit":
            raise ConverterUnavailable("did not start")
        return list(jobs)

    def wait(self, handed, timeout, limit=None):
        self.waits += 1
        raise ConverterUnavailable("the office died")

    def convert(self, jobs, timeout, limit=None):
        return self.wait(self.submit(jobs), timeout, limit)

    def ready(self, timeout):
        return False

    def close(self, wait=True):
        pass


def _project():
    return SimpleNamespace(config=SimpleNamespace(partnership=SimpleNamespace(name="Riverside")),
                           period=SimpleNamespace(label="2024-25"))


def _outputs(tmp_path: Path) -> list[Output]:
    return [Output("covering", tmp_path / "covering-a.docx", committee="A"),
            Output("covering", tmp_path / "covering-b.docx", committee="B"),
            Output("annual", tmp_path / "annual.docx")]


def test_the_warm_office_and_both_cold_engines_are_converters():
    from annualreport.pdf.libreoffice import LibreOfficeEngine
    from annualreport.pdf.typst_engine import TypstEngine
    from annualreport.pdf.warm import OfficeUnavailable, WarmOffice

    office = object.__new__(WarmOffice)  # not started: only its kind is looked at
    for converter in (office, LibreOfficeEngine(), TypstEngine()):
        assert isinstance(converter, Converter), type(converter).__name__
    assert issubclass(OfficeUnavailable, ConverterUnavailable)


def test_a_cold_engine_converts_everything_handed_to_it_in_one_go(tmp_path: Path):
    from annualreport.pdf import PdfJob

    engine = Engine()
    jobs = [PdfJob(tmp_path / f"{n}.docx", tmp_path / f"{n}.pdf", n) for n in "abc"]
    handed = [engine.submit([job]) for job in jobs]
    assert engine.calls == []  # nothing converted yet
    assert engine.wait(handed[1], 10)[0].pdf == tmp_path / "b.pdf"
    assert [r.pdf.name for h in handed for r in engine.wait(h, 10)] == ["a.pdf", "b.pdf", "c.pdf"]
    assert engine.calls == [["a.docx", "b.docx", "c.docx"]]  # one office start for all three


@pytest.mark.parametrize("dies_at", ["submit", "wait"])
def test_what_the_office_cannot_convert_is_converted_cold_in_one_go(tmp_path: Path, dies_at: str):
    from annualreport.pdf.schedule import PdfSchedule

    engine, office = Engine(), DeadOffice(dies_at)
    schedule = PdfSchedule(_project(), office, engine, None, 60.0, None, lambda _: None)
    for out in _outputs(tmp_path):
        schedule.submit(out)
    made = schedule.finish()
    assert sorted(made) == ["annual.docx", "covering-a.docx", "covering-b.docx"]
    assert engine.calls == [["covering-a.docx", "covering-b.docx", "annual.docx"]]
    assert office.waits <= 1  # a dead office is not waited on again
    assert sorted(schedule.converted) == ["annual.pdf", "covering-a.pdf", "covering-b.pdf"]


def test_with_no_office_the_engine_itself_is_the_converter(tmp_path: Path):
    from annualreport.pdf.schedule import PdfSchedule

    engine = Engine()
    schedule = PdfSchedule(_project(), engine, engine, None, 60.0, "DRAFT", lambda _: None)
    for out in _outputs(tmp_path):
        schedule.submit(out)
    schedule.let_start()
    made = schedule.finish()
    assert engine.calls == [["covering-a.docx", "covering-b.docx", "annual.docx"]]
    assert made["annual.docx"].pages == 3


class Office:
    closed = 0

    def close(self, wait=True):
        Office.closed += 1


def test_a_build_closes_the_office_it_started_and_only_that(monkeypatch):
    from annualreport.pdf import office as offices

    started = Office()
    monkeypatch.setattr(offices, "start_office", lambda timeout: started)
    Office.closed = 0
    assert offices.acquire("typst", None, 60).office is None  # another engine: no office
    given = Office()
    taken = offices.acquire("libreoffice", given, 60)  # started early, or kept by watch
    assert taken.office is given
    taken.release()
    assert Office.closed == 0  # its owner closes it
    own = offices.acquire("libreoffice", None, 60)
    assert own.office is started
    own.release()
    own.release()
    assert Office.closed == 1


def test_no_office_in_reach_means_a_cold_build(monkeypatch):
    from annualreport.pdf import office as offices

    def cannot(timeout):
        raise ConverterUnavailable("LibreOffice is not installed")

    monkeypatch.setattr(offices, "start_office", cannot)
    assert offices.acquire("libreoffice", None, 60).office is None


def test_one_function_starts_a_warm_office():
    """``WarmOffice(...)`` is called in one place only: ``pdf.office.start_office``."""
    callers = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
                if name == "WarmOffice":
                    callers.append(path.relative_to(SRC).as_posix())
    assert callers == ["pdf/office.py"]
