"""AR301 template-error: the Word templates' tags are whole, and name data the templates will get."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from annualreport.lint.rules.rule import Rule

if TYPE_CHECKING:
    from annualreport.errors import AnnualReportError
    from annualreport.lint.context import LintContext
    from annualreport.lint.findings import Finding


class TemplateError(Rule):
    """A Word template tag that is broken or names data that does not exist

    ## What it finds
    A problem in `templates/annual.docx` or `templates/covering.docx` found by rendering
    them as the build does (the covering template with the first committee): a tag that is
    not closed, curly quotes inside a tag, a tag Word has split across runs, a loop without
    its end, or a name the data does not have (`{{ partnership.nmae }}`). The finding names
    the part and the paragraph.

    ## Why it matters
    The templates are edited in Word by comms staff, not by whoever runs the build. A
    broken tag stops the build, or prints `{{ ... }}` in a published report; catching it
    in the lint, before the deadline week, lets it be mended by whoever edited the template.

    ## Example
    A paragraph in the annual template reading
    `Chaired by {{ partnership.independent_scrutineer }`, with one closing brace.

    ## How to mend it
    Open the template in Word and correct the tag as the hint says; the names a template can
    use are in `docs/templates.md` (or `annualreport template-vars`), and
    `annualreport check-template FILE` checks one template on its own.
    """

    code = "AR301"
    name = "template-error"
    severity = "error"

    def check(self, ctx: LintContext) -> Iterable[Finding]:
        from annualreport.errors import AnnualReportError

        project = ctx.project
        if ctx.units.template_problems is not None:  # rendered already, as the build renders them
            for path, exc in ctx.units.template_problems.items():
                yield from self._report(ctx, path, exc)
            return
        templates, assembly = ctx.templates, ctx.assembly  # each template read once (render.templates)
        jobs = [(templates.annual, "annual", assembly.shared)]
        if project.config.committees:
            committee = project.config.committees[0]
            jobs.append((templates.covering, committee.id, assembly.covering[committee.id]))
        for path, key, context in jobs:
            try:
                templates.render(path, context, key)
            except AnnualReportError as exc:
                yield from self._report(ctx, path, exc)

    def _report(self, ctx: LintContext, path, exc: AnnualReportError) -> Iterable[Finding]:
        for problem in exc.problems:
            yield ctx.finding(self.code, ctx.project.relative(path), 1, 1, problem.message, problem.where or "", hint=problem.hint)
