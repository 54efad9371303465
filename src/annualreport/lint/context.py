"""What every rule sees: the project, its statements classified once, and evidence values."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable

from annualreport.content.assembly import Assembly, assemble
from annualreport.content.yearly import YearlyContent
from annualreport.lint.catalogue import RULES
from annualreport.lint.text import ClaimInfo, Words, classify
from annualreport.lint.findings import Finding
from annualreport.lint.titles import TitleFigures
from annualreport.lint.units import Statement, Units
from annualreport.project import Project


@dataclass
class Claim:
    """A statement the detector judged to be a claim."""

    statement: Statement
    info: ClaimInfo


def numeric_values(data: object, out: list[float] | None = None, totals: list[float] | None = None) -> list[float]:
    """Every number in an item, nested dicts and lists included; the totals of its maps go to
    ``totals`` (a claim may state them only as a total: see ``lint.figure_match``)."""
    out = [] if out is None else out
    if isinstance(data, bool):
        return out
    if isinstance(data, (int, float)):
        out.append(float(data))
    elif isinstance(data, dict):
        numbers = [v for v in data.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if len(numbers) > 1 and totals is not None:
            totals.append(float(sum(numbers)))
        for value in data.values():
            numeric_values(value, out, totals)
    elif isinstance(data, (list, tuple)):
        for value in data:
            numeric_values(value, out, totals)
    return out


@dataclass
class LintContext:
    project: Project
    units: Units
    words: Words
    #: what the documents are made from: the build's own, or made here (``content.assembly``)
    assembly: Assembly | None = None
    #: the Word templates, each read once (``render.templates``): the build's own, or made here
    templates: object = None
    content: YearlyContent = field(init=False)

    def __post_init__(self) -> None:
        if self.assembly is None:
            self.assembly = self.units.assembly if self.units.assembly is not None else assemble(self.project)
        if self.templates is None:
            from annualreport.render.templates import Templates

            self.templates = Templates(self.project)
        self.content = self.assembly.content

    @cached_property
    def claims(self) -> list[Claim]:
        out = []
        seen: dict[tuple[str, str], ClaimInfo] = {}  # the same sentence in two places is judged once
        for statement in self.units.statements:
            key = (statement.text, statement.block)
            info = seen.get(key)
            if info is None:
                info = seen[key] = classify(statement.text, self.words, statement.block)
            if info.figures:
                info = self._without_title_figures(statement, info)
            if info.is_claim:
                out.append(Claim(statement, info))
        return out

    @cached_property
    def titles(self) -> TitleFigures:
        return TitleFigures({i: e.item.title for i, e in self.project.evidence.items.items()})

    def _without_title_figures(self, statement: Statement, info: ClaimInfo) -> ClaimInfo:
        """The claim without the figures that are part of a cited item's title ("missing three or
        more times"); judged again without the title's words when they were all it stated."""
        ids = statement.cites + statement.implicit
        spans = {f: self.titles.span(statement.text, f.start, f.end, ids) for f in info.figures}
        if not any(spans.values()):
            return info
        kept = tuple(f for f in info.figures if spans[f] is None)
        if kept:
            return replace(info, figures=kept, reason=f"figure '{kept[0].text}'")
        text = statement.text
        for start, end in filter(None, spans.values()):  # blanked, as citations are: the offsets hold
            text = text[:start] + " " * (end - start) + text[end:]
        return classify(text, self.words, statement.block)

    @cached_property
    def _numbers(self) -> dict[str, tuple[list[float], list[float]]]:
        """Evidence id -> (the numbers it holds, the totals of its maps)."""
        out = {}
        for item_id, entry in self.project.evidence.items.items():
            totals: list[float] = []
            values = numeric_values(entry.item.model_dump(exclude={"id", "as_of", "title", "source", "confidence", "url", "evidence"}), [], totals)
            out[item_id] = (values, totals)
        return out

    @cached_property
    def arrangements(self) -> list[float]:
        """The numbers of the partnership's own arrangements (its groups' meetings), which the
        build shows from ``partnership.yaml`` as they are, citing no item."""
        partnership = self.project.evidence.get("partnership")
        groups = getattr(partnership, "groups", None) or []
        return numeric_values([g.model_dump(exclude={"name", "chair", "purpose"}) for g in groups])

    @property
    def values(self) -> dict[str, list[float]]:
        """Evidence id -> the numbers it holds."""
        return {item_id: values for item_id, (values, _) in self._numbers.items()}

    def values_of(self, ids: Iterable[str]) -> list[float]:
        """The numbers the cited items hold."""
        return [v for i in ids if i in self._numbers for v in self._numbers[i][0]]

    def totals_of(self, ids: Iterable[str]) -> list[float]:
        """The totals of the cited items' maps and, for more than one item, of their fields and
        of each key of their maps (a course's attendance by agency, summed over courses)."""
        ids = [i for i in ids if i in self._numbers]
        numbers = [v for i in ids for v in self._numbers[i][1]]
        if len(ids) > 1:  # a total across the cited items, field by field
            totals: dict[str, float] = defaultdict(float)
            for i in ids:
                for key, value in self._fields[i][0]:
                    totals[key] += value
            numbers += list(totals.values())
        return numbers

    @cached_property
    def _fields(self) -> dict[str, tuple[list[tuple[str, float]], list[tuple[str, str]]]]:
        """Evidence id -> (its number fields, a map's as its sum and as ``field.key`` for each
        key; its text fields but the id, title, source and url), read from the item once,
        however often it is cited."""
        out = {}
        for item_id, entry in self.project.evidence.items.items():
            numbers, texts = [], []
            for key, value in entry.item.model_dump().items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    numbers.append((key, value))
                elif isinstance(value, dict):
                    entries = [(f"{key}.{k}", v) for k, v in value.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
                    numbers.append((key, sum(v for _, v in entries)))
                    numbers += entries  # each key's total across items too (attendance by agency)
                elif isinstance(value, str) and key not in ("id", "title", "source", "url"):
                    texts.append((key, value))
            out[item_id] = (numbers, texts)
        return out

    def counts_of(self, ids: Iterable[str]) -> list[float]:
        """What a generated sentence may count among ``ids``: how many there are, none, and how
        many share each value of a text field (rapid reviews among case reviews, green among
        priorities)."""
        ids = [i for i in ids if i in self.project.evidence.items]
        counts: Counter = Counter()
        for i in ids:
            counts.update(self._fields[i][1])
        return [0.0, float(len(ids)), *map(float, counts.values())]

    def finding(self, code: str, file: str, line: int, column: int, message: str, text: str = "", hint: str | None = None) -> Finding:
        rule = RULES[code]
        return Finding(code, rule.name, rule.severity, file, line, column, message, text, hint)
