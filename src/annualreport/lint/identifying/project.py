"""The scanner for a project (its people, organisations, e-mail domains and phones), and the
scan of a written Word document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from annualreport.lint.identifying.exposure import Exposure, mask
from annualreport.lint.identifying.scanner import Identifying

if TYPE_CHECKING:
    from annualreport.project import Project


def for_project(project: "Project") -> Identifying:
    """An ``Identifying`` that knows the project's people, organisations, e-mail domains and numbers.

    Allowed: ``lint: allow_names`` in annualreport.yaml, the partnership's name, short name and
    area, the lead partners, the scrutineer, each committee's name, lead officer and contact
    (names and organisations), the agencies and the groups' names and chairs. Organisation
    e-mail domains: ``lint: organisation_domains`` and the domains of the committees' contact
    e-mails. Organisation phones: ``lint: organisation_phones`` and the committees' contact
    phones.
    """
    config = project.config
    allow = list(config.lint.allow_names)
    domains = list(config.lint.organisation_domains)
    phones = list(config.lint.organisation_phones)
    p = config.partnership
    allow += [p.name, p.short_name, p.area]
    people = list(p.lead_partners) + [p.scrutineer]
    for committee in config.committees:
        allow.append(committee.name)
        people += [committee.lead_officer, committee.contact]
        domains.append(committee.contact.email.rsplit("@", 1)[-1])
        phones.append(committee.contact.phone)
    for person in people:
        allow.append(person.name)
        if person.organisation:
            allow.append(person.organisation)
    evidence = getattr(project, "evidence", None)
    if evidence is not None:
        allow += [agency.name for agency in evidence.agencies.values()]
        partnership = evidence.get("partnership")
        for group in getattr(partnership, "groups", None) or []:
            allow.append(group.name)
            if group.chair:
                allow.append(group.chair)
    return Identifying(allow, organisation_domains=domains, organisation_phones=phones)


def for_outputs(project: "Project") -> Identifying:
    """``for_project``, letting through what the user suppressed AR401 for on its own line
    (``<!-- annualreport: ignore AR401 -->``), so that the scan of the written documents
    agrees with the lint."""
    identifying = for_project(project)
    return identifying.allowing(suppressed_texts(project, identifying))


def suppressed_texts(project: "Project", identifying: Identifying) -> list[str]:
    """The texts AR401 would find on lines that carry a suppression of it."""
    from annualreport.config import CONFIG_NAME
    from annualreport.lint.units import collect

    config = project.root / CONFIG_NAME
    texts = [section.body for section in project.sections] + [path.read_text(encoding="utf-8") for path in project.evidence.paths.values()]
    texts.append(config.read_text(encoding="utf-8") if config.is_file() else "")
    if not any("annualreport:" in text and ("AR401" in text or "identifying-information" in text) for text in texts):
        return []  # no suppression of AR401 anywhere (the usual case): nothing more to read
    units = collect(project, include_templates=False)
    lines = {(s.file, s.line) for s in units.suppressions if {"AR401", "identifying-information"} & set(s.names)}
    if not lines:
        return []
    out = []
    for statement in [*units.statements, *units.published]:
        if any((statement.file, line) in lines for line in statement.lines):
            out += [statement.text[e.start : e.end] for e in identifying.scan(statement.text)]
    return out


def _document_paragraphs(document) -> Iterator[str]:
    """The text of every paragraph: body, tables (nested, merged cells once), headers, footers."""
    seen: set = set()

    def walk(container) -> Iterator[str]:
        for paragraph in container.paragraphs:
            yield paragraph.text
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    yield from walk(cell)

    yield from walk(document)
    parts = set()
    for section in document.sections:
        for hf in (section.header, section.first_page_header, section.even_page_header, section.footer, section.first_page_footer, section.even_page_footer):
            if hf.is_linked_to_previous:
                continue
            part = hf.part
            if part in parts:
                continue
            parts.add(part)
            yield from walk(hf)


def scan_document(path: Path, identifying: Identifying) -> list[tuple[str, Exposure]]:
    """Identifying information in a rendered .docx: (the paragraph, masked; the exposure)."""
    import docx  # python-docx; only the build needs it

    document = docx.Document(str(path))
    out: list[tuple[str, Exposure]] = []
    for text in _document_paragraphs(document):
        if not text.strip():
            continue
        exposures = identifying.scan(text)
        if exposures:
            masked = mask(text, exposures)
            out += [(masked, e) for e in exposures]
    return out
