"""AR301: the Word templates' tags are whole, and name data the templates will get."""

from __future__ import annotations

from typing import Iterable

from annualreport.content.covering import covering_context, shared_context
from annualreport.errors import AnnualReportError
from annualreport.lint.context import LintContext
from annualreport.lint.findings import Finding
from annualreport.render.word import open_template, render


class TemplateError:
    codes = ("AR301",)

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        project = ctx.project
        if ctx.units.template_problems is not None:  # rendered already, as the build renders them
            for path, exc in ctx.units.template_problems.items():
                yield from self._report(ctx, path, exc)
            return
        templates = project.config.templates
        shared = shared_context(project, ctx.content.numbers)
        jobs = [(project.path(templates.annual), lambda: shared)]
        if project.config.committees:
            committee = project.config.committees[0]
            jobs.append((project.path(templates.covering), lambda: covering_context(project, committee, shared, ctx.content.numbers)))
        for path, context in jobs:
            try:
                render(open_template(path), context(), path)
            except AnnualReportError as exc:
                yield from self._report(ctx, path, exc)

    @staticmethod
    def _report(ctx: LintContext, path, exc: AnnualReportError) -> Iterable[Finding]:
        for problem in exc.problems:
            yield ctx.finding("AR301", ctx.project.relative(path), 1, 1, problem.message, problem.where or "", hint=problem.hint)
