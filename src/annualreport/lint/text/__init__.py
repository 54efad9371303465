r"""Claims: which sentences of the narrative are claims, and which figures they state.

A sentence is a *claim* when it states a figure (a number, a percentage, money, a rate, a
ratio, "three in four", "doubled", "a third") or judges quality, change, effectiveness or impact
("improved", "strong", "fewer", "meeting the standards expected"). It is *not* a claim when it
is a heading, a question, thanks, the procedure of a meeting ("Members asked ...", "RESOLVED",
"That the report be noted"), or when its figures and judgements all sit inside a plan, an
intention, a duty, a possibility, a condition or a purpose ("we will", "should", "if", "to
improve", "so that"). Dates, years, times, ages, timescales, section and paragraph numbers,
phone numbers and the names of things ("Working Together 2023", "Level 3", "Child 1",
"COVID-19", "7-minute briefing", "the three safeguarding partners") are not figures.

Decisions worth knowing (the tests hold a labelled corpus that follows them):

* A statutory timescale or a definition is not a performance figure: in "A rapid review is
  completed within 15 working days" the 15 is a timescale, not a figure, so the sentence is not
  a claim. "All 3 rapid reviews were completed on time" is one (a count, and "on time").
* A structural count is a figure: "The framework had four key priorities" is a claim, because
  the yearly report's counts (5 priorities, 6 meetings) are checked against the evidence.
* Activity with neither a figure nor a judgement ("The partnership published a threshold
  document") is not a claim; with a figure ("held 12 multi-agency training days") it is.
* "Members were advised that X" and "officers explained that X" are classified on X; but
  "Members asked ...", "The Chair introduced the report" and resolutions are procedure.
* A figure inside a plan ("We will train 50 more practitioners") is not stated as true, so it
  neither makes a claim nor is checked against the evidence.
* Red/amber/green ratings count only when written as a rating ("rated amber").

Project settings, under ``lint:`` in ``annualreport.yaml``, change the word lists of
``annualreport.lint.text.word_lists`` (see its docstring for what each list does and how an
entry is written). Each key takes ``add`` and ``remove`` lists, or a plain list that replaces
the defaults::

    lint:
      judgement_words: {add: [transformational], remove: [valued]}
      not_judgement: {add: [Good Start programme]}
      plan_words: {add: [in the pipeline]}
      not_figures: {add: ["Stream #", 're:\bPathway\s+\d+']}

Keys: ``judgement_words``, ``not_judgement``, ``plan_words``, ``purpose_words``,
``infinitive_verbs``, ``asserting_verbs``, ``thanks_words``, ``procedure_words``,
``not_figures``, ``abbreviations``. ``remove`` takes entries exactly as the defaults write them.

Figures are matched to evidence values in ``annualreport.lint.text.figure_match``.

The package, module by module:

* ``word_lists``: the default word lists, as data; ``words``: ``Words``, those lists compiled
  (with a project's ``lint:`` settings), and the scanner that finds their entries in a sentence;
* ``masking``: Markdown markup and citations blanked out, offsets kept; ``sentences``:
  ``markdown_units`` and ``split_sentences``, a text cut into sentences (``Sentence``);
* ``numbers``: numbers in words; ``figures``: ``find_figures``, the figures a sentence states
  (``Figure``); ``spans``: overlap tests shared by figures and classification;
* ``classification``: ``classify`` and ``rule_classify`` (``ClaimInfo``), with the rules'
  helpers ``clauses`` (how far a plan reaches), ``judgement`` (judgement by sentence
  structure), ``counts`` (counts in words) and the trained ``claim_model``;
* ``figure_match``: a stated figure against the values of the evidence it cites (AR103).
"""

from annualreport.lint.text.claim_model import RuleSignals
from annualreport.lint.text.classification import ClaimInfo, classify, rule_classify
from annualreport.lint.text.figures import Figure, find_figures
from annualreport.lint.text.sentences import Sentence, markdown_units, split_sentences
from annualreport.lint.text.words import Words

__all__ = [
    "ClaimInfo",
    "Figure",
    "RuleSignals",
    "Sentence",
    "Words",
    "classify",
    "find_figures",
    "markdown_units",
    "rule_classify",
    "split_sentences",
]
