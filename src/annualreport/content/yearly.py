"""The yearly report's content as Markdown, one document per part of the report.

The narrative sections come first in each part; then what the evidence itself shows
(the priorities with their RAG status, the reviews, the training and performance tables,
the evidence register). Citations stay as ``[@id]`` until ``number_citations`` turns them
into register numbers, so that the register lists exactly what the report cites, in the
order a reader meets it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from annualreport.citations import CitationNumbers, cited_ids, replace_citations, strip_citations
from annualreport.content import figures as fmt
from annualreport.content.published import config_prose
from annualreport.evidence.models import Contribution, Course, Indicator
from annualreport.narrative import PARTS, Section
from annualreport.project import Project


@dataclass
class YearlyContent:
    """Markdown per part, and the citation numbers given out across them."""

    parts: dict[str, str]
    numbers: CitationNumbers
    #: how many times each evidence id is cited in the report
    cited: Counter = field(default_factory=Counter)
    #: what the writer itself wrote into each part (not the sections), citations as ``[@id]``:
    #: the lint reads it (``lint.generated``)
    generated: dict[str, str] = field(default_factory=dict)


def cite(*ids: str) -> str:
    ids = tuple(i for i in ids if i)
    return f" [{'; '.join('@' + i for i in ids)}]" if ids else ""


def cell(text: object) -> str:
    return str(text).replace("\n", " ").replace("|", "\\|").strip()


def table(header: list[str], rows: list[list[object]], caption: str | None = None) -> str:
    """A pipe table that spans the page, its columns as wide as their content needs.

    pandoc sizes a pipe table by the dashes under its header when the separator line is
    longer than its column limit: so the dashes are shared out in proportion to content.
    """
    cells = [[cell(c) for c in row] for row in rows]
    needs = []
    for i, title in enumerate(header):
        column = [_visible(r[i]) for r in cells] + [title]
        longest_word = max(len(w) for text in column for w in (text.split() or [""]))
        mean = sum(len(text) for text in column) / len(column)
        needs.append(max(longest_word * 1.4 + 5, min(mean, 40)))
    widths = [max(3, round(120 * n / sum(needs))) for n in needs]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("-" * w for w in widths) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    text = "\n".join(lines) + "\n"
    if caption:
        text += f"\n: {caption}\n"
    return text + "\n"


def _visible(text: str) -> str:
    """Text as a reader sees it: without citations and emphasis marks."""
    return strip_citations(text).replace("**", "")


def bullets(items: list[str], item_id: str | None = None) -> str:
    return "".join(f"- {cell(i)}\n" for i in items) + "\n"


def _sections_markdown(part: str, sections: list[Section]) -> tuple[str | None, str]:
    """The part's title (from the first section) and its sections' Markdown."""
    title, chunks = None, []
    for index, section in enumerate(sections):
        body = section.body.strip("\n")
        if index == 0:
            if section.title:
                title = section.title
            elif body.startswith("# "):
                first, _, body = body.partition("\n")
                title = first[2:].strip()
        elif section.title:
            chunks.append(f"## {section.title}\n")
        chunks.append(body + "\n")
    return title, "\n".join(chunks)


class YearlyReportWriter:
    """Writes each part of the yearly report as Markdown from a loaded project."""

    def __init__(self, project: Project, chart_folder: Path | None = None):
        self.project = project
        self.ev = project.evidence
        self.period = project.period
        self.agency_names = {a.id: a.name for a in self.ev.agencies.values()}
        #: where the charts' PNGs are drawn and kept between builds; None: no charts
        self.chart_folder = chart_folder
        #: the charts' Markdown as written into the parts: not in ``generated``, so that the lint
        #: reads the same sentences whether the charts were drawn or not
        self._charts: list[str] = []

    # -- the whole report ---------------------------------------------------------------
    def write(self) -> YearlyContent:
        by_part: dict[str, list[Section]] = defaultdict(list)
        for section in self.project.sections:
            by_part[section.part].append(section)
        raw: dict[str, str] = {}
        written: dict[str, str] = {}
        for part, default_title in PARTS.items():
            if part == "register":
                continue
            title, narrative = _sections_markdown(part, by_part.get(part, []))
            generated = getattr(self, f"part_{part}")()
            written[part] = self._without_charts(generated)
            if not narrative.strip() and not generated.strip():
                raw[part] = ""
                continue
            raw[part] = f"# {title or default_title}\n\n{narrative}\n{generated}"
        cited = Counter()
        order: list[str] = []
        committees = [prose.text for prose in config_prose(self.project.config, self.period.label)]
        for text in [raw.get(part, "") for part in PARTS] + committees:
            for item_id in cited_ids(text):
                if item_id in self.ev.items:
                    cited[item_id] += 1
                    if cited[item_id] == 1:
                        order.append(item_id)
        numbers = CitationNumbers(order)
        parts = {part: replace_citations(text, numbers.markdown) for part, text in raw.items()}
        parts["register"] = self.part_register(order, numbers)
        return YearlyContent(parts, numbers, cited, written)

    def _chart(self, markdown: str) -> str:
        self._charts.append(markdown)
        return markdown

    def _without_charts(self, markdown: str) -> str:
        for chart in self._charts:
            markdown = markdown.replace("\n" + chart, "")  # as joined into the part
        return markdown

    # -- the parts ----------------------------------------------------------------------
    def part_foreword(self) -> str:
        return ""

    def part_summary(self) -> str:
        rows = []
        for ind in self.ev.of_kind("performance"):
            if ind.key:
                rows.append(self._indicator_row(ind, periods=self._periods()[-2:], short=True))
        out = []
        headline = self._headline_rows()
        if headline or rows:
            out.append("## Key figures\n")
        if headline:
            out.append(table(["The year in figures", self.period.label], headline))
        if rows:
            periods = self._periods()[-2:]
            out.append(table(["Indicator", *periods, "Target", "Trend"], rows))
        return "\n".join(out)

    def _headline_rows(self) -> list[list[str]]:
        rows = []
        pri = self.ev.of_kind("priorities")
        if pri:
            rag = Counter(p.rag for p in pri)
            rows.append(["Priorities rated green, amber, red", f"{rag['green']}, {rag['amber']}, {rag['red']}" + cite(*[p.id for p in pri])])
        reviews = self.ev.of_kind("case_reviews")
        if reviews:
            kinds = Counter(r.kind for r in reviews)
            rows.append(["Rapid reviews completed", f"{kinds['rapid review']}" + cite(*[r.id for r in reviews if r.kind == 'rapid review'])])
            if kinds["lcspr"]:
                rows.append(["Local child safeguarding practice reviews", f"{kinds['lcspr']}" + cite(*[r.id for r in reviews if r.kind == 'lcspr'])])
        courses: list[Course] = self.ev.of_kind("training")
        if courses:
            attended = sum(sum(c.attendance.values()) for c in courses)
            rows.append(["Practitioners attending multi-agency training", fmt.number(attended) + cite(*[c.id for c in courses])])
        contributions: list[Contribution] = self.ev.of_kind("partners")
        if contributions:
            rows.append(["Partnership budget", fmt.money(sum(c.money for c in contributions)) + cite(*[c.id for c in contributions])])
        return rows

    def part_about(self) -> str:
        partnership = self.ev.get("partnership")
        config = self.project.config.partnership
        out = [partnership.arrangements.strip() + "\n"]
        out.append("## The partners\n")
        lead = "; ".join(f"{p.name}, {p.post}" + (f", {p.organisation}" if p.organisation else "") for p in config.lead_partners)
        out.append(f"The lead safeguarding partners are {lead}. Independent scrutiny is by {config.scrutineer.name}, {config.scrutineer.post}.\n")
        partners = [a for a in partnership.agencies if a.role == "safeguarding partner"]
        relevant = [a for a in partnership.agencies if a.role == "relevant agency"]
        if partners:
            out.append("The safeguarding partners:\n\n" + bullets([f"{a.name} ({a.sector})" for a in partners]))
        if relevant:
            out.append("The relevant agencies named in the arrangements:\n\n" + bullets([f"{a.name} ({a.sector})" for a in relevant]))
        if partnership.context:
            out.append(f"## {self.project.config.partnership.area} and its children\n")
            out.append(table(["", "Figure", "As at"], [[f.title + (f" ({f.note})" if f.note else ""), fmt.with_unit(f.value, f.unit) + cite(f.id), fmt.day(f.as_of)] for f in partnership.context]))
        if partnership.groups:
            out.append("## How the partnership is organised\n")
            out.append(table(["Group", "Chair", "What it does", "Meetings"], [[g.name, g.chair or "", g.purpose, g.meetings if g.meetings is not None else ""] for g in partnership.groups]))
        contributions: list[Contribution] = self.ev.of_kind("partners")
        if contributions:
            total = sum(c.money for c in contributions)
            out.append("## Funding and contributions\n")
            out.append(f"The partners and relevant agencies contributed {fmt.money(total)} to the shared budget for {self.period.label}, and staff and services in kind.{cite(*[c.id for c in contributions])}\n")
            rows = []
            for c in sorted(contributions, key=lambda c: -c.money):
                attendance = f"{c.meetings_attended} of {c.meetings_expected}" if c.meetings_expected else ""
                rows.append([self.agency_names.get(c.agency, c.agency) + cite(c.id), fmt.money(c.money), fmt.share(c.money, total), c.in_kind or "", attendance])
            rows.append(["**Total**", f"**{fmt.money(total)}**", "**100%**", "", ""])
            out.append(table(["Partner", "Contribution", "Share", "In kind", "Meetings attended"], rows))
            delivered = [f"{self.agency_names.get(c.agency, c.agency)}: {d}" for c in contributions for d in c.delivered]
            if delivered:
                out.append("What partners delivered:\n\n" + bullets(delivered))
        return "\n".join(out)

    def part_priorities(self) -> str:
        priorities = self.ev.of_kind("priorities")
        if not priorities:
            return ""
        indicators = {i.id: i for i in self.ev.of_kind("performance")}
        out = [table(["Priority", "Status", "Aim"], [[p.title + cite(p.id), p.rag.capitalize(), p.aim] for p in priorities])]
        for p in priorities:
            out.append(f"## {p.title}\n")
            out.append(f"**Status: {p.rag.capitalize()}.** {p.aim}{cite(p.id, *p.evidence)}\n")
            for heading, items, empty in (
                ("What we did", p.done, None),
                ("The difference it made", p.impact, "No evidence of impact on children and families was found for this priority this year."),
                ("Where there was little or no progress", p.little_progress, "No area of little or no progress was found for this priority."),
                ("Next steps", p.next_steps, None),
            ):
                if items or empty:
                    out.append(f"### {heading}\n")
                    out.append(bullets(items) if items else empty + "\n")
            if p.indicators:
                names = ", ".join(indicators[i].title + cite(i) for i in p.indicators if i in indicators)
                out.append(f"Measured by: {names}.\n")
        return "\n".join(out)

    def part_reviews(self) -> str:
        reviews = self.ev.of_kind("case_reviews")
        if not reviews:
            return ""
        kind_name = {"rapid review": "Rapid review", "lcspr": "Local child safeguarding practice review", "national": "National review"}
        out = [table(["Review", "Kind", "Status", "Themes"], [[r.child + cite(r.id), kind_name[r.kind], r.status.capitalize(), "; ".join(r.themes)] for r in reviews])]
        for r in reviews:
            out.append(f"## {r.child}: {kind_name[r.kind].lower()}\n")
            out.append(f"{r.title}.{cite(r.id, *r.evidence)}" + (f" {r.decision}" if r.decision else "") + "\n")
            for n, rec in enumerate(r.recommendations, start=1):
                out.append(f"**Recommendation {n}.** {rec.text}\n")
                if rec.actions:
                    out.append(table(["Action", "Owner", "Due", "Status"], [[a.action, a.owner, fmt.day(a.due) if a.due else "", a.status.capitalize()] for a in rec.actions]))
                if rec.improvement:
                    out.append(f"*What improved:* {rec.improvement}\n")
            if r.improvements:
                out.append("What has improved since the review:\n\n" + bullets(r.improvements))
        return "\n".join(out)

    def part_training(self) -> str:
        courses: list[Course] = self.ev.of_kind("training")
        if not courses:
            return ""
        out = ["## Courses and attendance\n"]
        rows, totals = [], Counter()
        for c in courses:
            attended = sum(c.attendance.values())
            totals.update(sessions=c.sessions, places=c.places, attended=attended)
            rows.append([c.title + cite(c.id), c.level or "", c.sessions, c.places, attended, fmt.share(attended, c.places)])
        rows.append(["**Total**", "", f"**{totals['sessions']}**", f"**{fmt.number(totals['places'])}**", f"**{fmt.number(totals['attended'])}**", f"**{fmt.share(totals['attended'], totals['places'])}**"])
        out.append(table(["Course", "Level", "Sessions", "Places", "Attended", "Places filled"], rows))
        by_agency = Counter()
        for c in courses:
            by_agency.update(c.attendance)
        out.append("## Attendance by agency\n")
        out.append(
            table(
                ["Agency", "Attended", "Share"],
                [[self.agency_names.get(a, a), n, fmt.share(n, totals["attended"])] for a, n in by_agency.most_common()],
            )
        )
        charts = []
        if self.chart_folder is not None:
            from annualreport.content.charts import charts_markdown, training_charts

            # the attendance chart under its table; confidence before and after under the next
            charts = training_charts(courses, self.agency_names, self.chart_folder, self.period.label)
            out.append(self._chart(charts_markdown([c for c in charts if c.name == "training-attendance-by-agency"], self.project.root)))
        evaluated = [c for c in courses if c.evaluation]
        if evaluated:
            out.append("## What attendees said: confidence before and after\n")
            out.append(
                "Attendees rated their confidence before and after each course. "
                "A rise shows what they learned; the follow-up below shows what changed in practice.\n"
            )
            out.append(
                table(
                    ["Course", "Answered", "Before", "After", "Change"],
                    [[c.title + cite(c.id), c.evaluation.respondents, f"{c.evaluation.before:g} of {c.evaluation.scale}", f"{c.evaluation.after:g} of {c.evaluation.scale}", f"{c.evaluation.after - c.evaluation.before:+.1f}"] for c in evaluated],
                )
            )
        if charts:
            out.append(self._chart(charts_markdown([c for c in charts if c.name != "training-attendance-by-agency"], self.project.root)))
        follow = [c for c in courses if c.follow_up]
        if follow:
            out.append("## The difference training made to practice\n")
            out.append(bullets([f"{c.title}: {c.follow_up}" for c in follow]))
        return "\n".join(out)

    def _periods(self) -> list[str]:
        labels = {label for ind in self.ev.of_kind("performance") for label in ind.values}
        return sorted(labels)[-3:]

    def _indicator_row(self, ind: Indicator, periods: list[str], short: bool = False) -> list[str]:
        values = [fmt.with_unit(ind.values[p], ind.unit) if p in ind.values else "–" for p in periods]
        return [ind.title + cite(ind.id), *values, fmt.with_unit(ind.target, ind.unit) if ind.target is not None else "–", self._trend(ind, periods)] + ([] if short else [self._against_target(ind, periods[-1])])

    @staticmethod
    def _trend(ind: Indicator, periods: list[str]) -> str:
        known = [ind.values[p] for p in periods if p in ind.values]
        if len(known) < 2:
            return "New"
        change = known[-1] - known[-2]
        if change == 0:
            return "No change"
        better = (change > 0) == (ind.better == "higher")
        return "Improving" if better else "Worsening"

    @staticmethod
    def _against_target(ind: Indicator, period: str) -> str:
        if ind.target is None or period not in ind.values:
            return "–"
        value = ind.values[period]
        met = value >= ind.target if ind.better == "higher" else value <= ind.target
        return "Met" if met else "Not met"

    def part_performance(self) -> str:
        indicators = self.ev.of_kind("performance")
        if not indicators:
            return ""
        periods = self._periods()
        out = [
            "## Scorecard\n",
            f"The partnership's agreed indicators over three years, with the target for {self.period.label}. "
            "'Improving' and 'Worsening' compare the last two years, taking account of whether a higher or a lower figure is better.\n",
            table(["Indicator", *periods, "Target", "Trend", "Target met"], [self._indicator_row(i, periods) for i in indicators]),
        ]
        notes = [f"{i.title}: {i.note}" for i in indicators if i.note]
        if notes:
            out.append("Notes on the figures:\n\n" + bullets(notes))
        if self.chart_folder is not None:
            from annualreport.content.charts import charts_markdown, performance_charts

            out.append(self._chart(f"Each chart shows one indicator year by year: the dark column is {periods[-1]}, the dashed line the target.\n"))
            out.append(self._chart(charts_markdown(performance_charts(indicators, periods, self.chart_folder), self.project.root)))
        return "\n".join(out)

    def part_voice(self) -> str:
        feedback = self.ev.of_kind("voice")
        out = []
        for f in feedback:
            out.append(f"## {f.title}\n")
            respondents = f" ({f.respondents} took part)" if f.respondents else ""
            out.append(f"**Who:** {f.who}{respondents}. **How:** {f.how}{cite(f.id)}\n")
            if f.said:
                out.append("What they told us:\n\n" + bullets(f.said))
            if f.changed:
                out.append("What changed because of it:\n\n" + bullets(f.changed))
        return "\n".join(out)

    def part_scrutiny(self) -> str:
        out = []
        for s in self.ev.of_kind("sources"):
            if s.kind != "scrutiny":
                continue
            out.append(f"## {s.title}\n")
            if s.summary:
                out.append(f"{s.summary}{cite(s.id)}\n")
            if s.findings:
                out.append("Findings:\n\n" + bullets(s.findings))
        return "\n".join(out)

    def part_next_year(self) -> str:
        return ""

    def part_register(self, order: list[str], numbers: CitationNumbers) -> str:
        if not order:
            return ""
        rows = []
        for item_id in order:
            entry = self.ev.items[item_id]
            item = entry.item
            n = numbers.number[item_id]
            rows.append([f"[\\[{n}\\]]{{#ev-{n}}}", item.title, item.source + (f" ({item.url})" if item.url else ""), fmt.day(item.as_of), item.confidence.capitalize()])
        intro = (
            "Each number in square brackets in this report points to an entry below: what the evidence is, "
            "where it came from, the date it was true (\"as at\"), and how far it can be trusted. "
            "High confidence: validated data or a formal report. Medium: management information or a sample. "
            "Low: a small sample, self-report or early findings.\n"
        )
        return f"# {PARTS['register']}\n\n{intro}\n" + table(["No.", "Evidence", "Source", "As at", "Confidence"], rows)
