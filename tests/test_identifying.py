"""AR401, identifying information: a corpus of report prose with and without it, the NHS check
digit, messages that never repeat a number, rendered documents, and the sample project."""

from __future__ import annotations

import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from annualreport.lint.catalogue import RULES
from annualreport.lint.findings import Finding
from annualreport.lint.identifying import Identifying, for_project, mask, nhs_number_valid, scan_document
from annualreport.project import load_project

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024

STAFF = ["Sarah Okafor", "James Adeyemi", "Daniel Whitcombe", "Claire Fenwick", "Ruby Hart", "Harrowfield Borough Council", "St Mary's School"]

DATA = ROOT / "tests" / "data"


def corpus(name: str) -> list[tuple[set[str], str]]:
    """(kinds, sentence) of a split of the identifying corpus (kinds empty: a clean line)."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kinds, text = line.split("\t", 1)
            rows.append((set() if kinds == "clean" else set(kinds.split(",")), text))
    return rows


DEV = corpus("identifying_dev.tsv")
TEST = corpus("identifying_test.tsv")
IDENTIFYING = [(text, kinds) for kinds, text in DEV if kinds]
CLEAN = [text for kinds, text in DEV if not kinds]
#: misses allowed on the held-out test split (it is never tuned on): at most this many
TEST_MISSES_ALLOWED = 3

#: clean lines the scanner is allowed to flag, with the reason; keep this list short
ACCEPTED_FALSE_POSITIVES: dict[str, str] = {}


@pytest.fixture(scope="module")
def identifying() -> Identifying:
    return Identifying(STAFF, organisation_domains=["harrowfield.example.gov.uk"])


def test_corpus_is_big_enough():
    both = DEV + TEST
    identifying = sum(1 for kinds, _ in both if kinds)
    assert len(both) >= 200 and 0.4 <= identifying / len(both) <= 0.6


def test_held_out_split(identifying):
    """The test split, never tuned on: no false flag, and at most a few stated misses."""
    misses = [(text, sorted(kinds - {e.kind for e in identifying.scan(text)})) for kinds, text in TEST if kinds]
    misses = [m for m in misses if m[1]]
    flags = [(text, [(e.kind, text[e.start:e.end]) for e in identifying.scan(text)]) for kinds, text in TEST if not kinds]
    flags = [f for f in flags if f[1]]
    assert not flags, flags
    assert len(misses) <= TEST_MISSES_ALLOWED, misses


def test_anonymised_claims_corpus_is_clean(identifying):
    sentences = [line.split("\t")[3] for line in (DATA / "claims_corpus.tsv").read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    flagged = [(s, [(e.kind, s[e.start:e.end]) for e in identifying.scan(s)]) for s in sentences]
    assert not [f for f in flagged if f[1]]


def test_no_misses_on_identifying_lines(identifying):
    misses = []
    for text, kinds in IDENTIFYING:
        found = {e.kind for e in identifying.scan(text)}
        if not kinds <= found:
            misses.append((text, sorted(kinds - found)))
    assert not misses, misses


def test_false_positives_on_clean_lines(identifying):
    flagged = {text: [(e.kind, text[e.start : e.end]) for e in identifying.scan(text)] for text in CLEAN}
    flagged = {text: hits for text, hits in flagged.items() if hits}
    unexpected = {text: hits for text, hits in flagged.items() if text not in ACCEPTED_FALSE_POSITIVES}
    assert not unexpected, unexpected
    assert len(ACCEPTED_FALSE_POSITIVES) <= 2


def test_exposure_places_the_finding(identifying):
    text = "Her son Liam lived at 14 Elm Road, HF4 2QT."
    spans = {e.kind: text[e.start : e.end] for e in identifying.scan(text)}
    assert spans == {"child-name": "Liam", "address": "14 Elm Road", "postcode": "HF4 2QT"}


def test_both_names_of_a_list(identifying):
    text = "Their children Amelia and Jack were placed with a relative."
    assert [text[e.start : e.end] for e in identifying.scan(text)] == ["Amelia", "Jack"]


def test_allow_list_lets_staff_through():
    text = "Her son Liam Hughes was seen by the school nurse."
    assert Identifying().scan(text)
    assert not Identifying(["Liam Hughes"]).scan(text)


def test_allow_list_matches_either_apostrophe():
    text = "Pupils at St Mary’s School, 14 Elm Road, ran the survey."
    assert [e.kind for e in Identifying().scan(text)] == ["address"]
    assert Identifying(["St Mary's School, 14 Elm Road"]).scan(text) == []


def test_nhs_check_digit():
    assert nhs_number_valid("943 476 5919")
    assert nhs_number_valid("4010232137")
    assert not nhs_number_valid("943 476 5918")
    assert not nhs_number_valid("1234567890")
    assert not nhs_number_valid("12345")
    scanner = Identifying()
    assert [e.kind for e in scanner.scan("NHS number 943 476 5919.")] == ["nhs-number"]
    assert scanner.scan("NHS number 943 476 5918.") == []  # fails the check: not an NHS number


def test_an_invalid_ten_digit_number_can_still_be_a_phone_number():
    # 07700 90012 is 10 digits and fails the NHS check; 01632 96041 is a 10-digit landline shape
    assert [e.kind for e in Identifying().scan("The number given was 01632 96041.")] == ["phone"]


def test_organisation_phone_numbers_pass():
    scanner = Identifying(organisation_phones=["01632 960 418"])
    assert scanner.scan("Ring 01632960418 for the partnership.") == []
    assert [e.kind for e in scanner.scan("Ring 01632 960419 for the family.")] == ["phone"]
    assert [e.kind for e in scanner.scan("Telephone: 07700 900123")] == ["phone"]  # mobiles always


def test_email_domains():
    scanner = Identifying(organisation_domains=["harrowfield.example.gov.uk", "nspcc.org.uk"])
    assert scanner.scan("Write to help@nspcc.org.uk or mash@northvale.police.uk or x@school.sch.uk.") == []
    assert [e.kind for e in scanner.scan("Write to jo.bloggs@btinternet.com.")] == ["email"]
    assert scanner.scan("The evidence [@mash-24h; @audit-neglect] shows it.") == []  # citations


NUMBERS = [
    ("Referral details included the NHS number 943 476 5919.", "943 476 5919"),
    ("The GP record (NHS no. 4010232137) was not shared.", "4010232137"),
    ("Mum can be reached on 07700 900123 if the visit is moved.", "07700 900123"),
    ("The family's landline, 01632 960 789, was cut off.", "01632 960 789"),
    ("+44 7700 900456 was on the form.", "+44 7700 900456"),
    ("The address was in Harrowfield, HF4 2QT.", "HF4 2QT"),
    ("DOB: 12/06/2011.", "12/06/2011"),
    ("Please ask at jodie.smith84@gmail.com.", "jodie.smith84@gmail.com"),
]


@pytest.mark.parametrize("text, value", NUMBERS)
def test_messages_never_repeat_the_value(identifying, text, value):
    exposures = identifying.scan(text)
    assert exposures
    digits = re.sub(r"\D", "", value)
    for e in exposures:
        assert value not in e.message
        assert digits[-3:] not in re.sub(r"\D", "", e.message) or len(digits) < 3
    masked = mask(text, exposures)
    assert value not in masked
    assert digits not in re.sub(r"\D", "", masked)


def test_scan_document_finds_a_postcode_in_a_header(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("The partnership's yearly report.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Contact"
    table.cell(0, 1).text = "Mobile 07700 900123"
    document.sections[0].header.paragraphs[0].text = "Harrowfield HF4 2QT"
    path = tmp_path / "planted.docx"
    document.save(path)
    found = scan_document(path, Identifying())
    kinds = {e.kind: text for text, e in found}
    assert kinds == {"postcode": "Harrowfield [postcode]", "phone": "Mobile [phone number]"}


def test_rule_masks_the_sentence():
    from annualreport.lint.rules.ar401_identifying_information import IdentifyingInformation

    project = load_project(ROOT, YEAR)
    statement = SimpleNamespace(file="sections/2024/05-reviews.md", line=7, column=1, text="The NHS number 943 476 5919 was on the referral for her son Liam.")

    def finding(code, file, line, column, message, text="", hint=None):
        rule = RULES[code]
        return Finding(code, rule.name, rule.severity, file, line, column, message, text, hint)

    ctx = SimpleNamespace(project=project, units=SimpleNamespace(statements=[statement]), finding=finding)
    findings = list(IdentifyingInformation().check(ctx))
    assert [f.code for f in findings] == ["AR401", "AR401"]
    assert findings[0].column == 1 + statement.text.index("943")
    for f in findings:
        assert "5919" not in f.text and "943 476" not in f.text and "5919" not in f.message
        assert f.text == "The NHS number [NHS number] was on the referral for her son [child's name]."


# --- the sample project --------------------------------------------------------------


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def _sample_texts(project) -> list[tuple[str, str]]:
    texts = [(str(path), path.read_text(encoding="utf-8")) for path in sorted((ROOT / "sections" / str(YEAR)).glob("*.md"))]
    texts += [(str(n.file), n.text) for n in project.evidence.narrative]
    for path in sorted((ROOT / "evidence" / str(YEAR)).glob("*.yaml")) + [ROOT / "annualreport.yaml"]:
        texts += [(str(path), s) for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    return texts


def test_sample_project_is_clean():
    project = load_project(ROOT, YEAR)
    identifying = for_project(project)
    texts = _sample_texts(project)
    started = time.perf_counter()
    found = [(file, e.kind, mask(text, [e])) for file, text in texts for e in identifying.scan(text)]
    elapsed = time.perf_counter() - started
    assert not found, found
    assert elapsed < 0.1, f"scanning the sample took {elapsed * 1000:.1f} ms"


def test_sample_templates_are_clean():
    pytest.importorskip("docx")
    project = load_project(ROOT, YEAR)
    identifying = for_project(project)
    for template in (project.config.templates.annual, project.config.templates.covering):
        assert scan_document(project.path(template), identifying) == []


def test_allow_list_comes_from_the_project():
    project = load_project(ROOT, YEAR)
    identifying = for_project(project)
    assert "Helen Marsden" in identifying.allow and "Northvale Police" in identifying.allow
    assert "harrowfield.example.gov.uk" in identifying.domains
    assert "01632960418" in identifying.phones
    assert identifying.scan("Contact Claire Fenwick on 01632 960 418.") == []
