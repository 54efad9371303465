"""The ``lint:`` and ``import:`` settings of annualreport.yaml are read as typed settings, by
the same reader as the rest of the file: a misspelt key is named with its line, whichever
command reads the file, and the settings models name exactly the keys the code reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run


def _append(project: Path, text: str) -> int:
    """Append ``text`` to the project's annualreport.yaml; the line number its first line gets."""
    config = project / "annualreport.yaml"
    old = config.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    config.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


@pytest.mark.parametrize(
    "settings, misspelt",
    [
        ("import:\n  trainning:\n    sheet: Bookings\n", "trainning"),
        ("lint:\n  judgment_words: {add: [transformational]}\n", "judgment_words"),
    ],
    ids=["import kind", "word list"],
)
def test_a_misspelt_setting_stops_the_lint_at_its_line(project: Path, settings: str, misspelt: str):
    line = _append(project, settings)
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 2, result.output
    assert misspelt in result.output
    assert f"annualreport.yaml:{line + 1}" in result.output


def test_a_word_list_change_and_names_still_work(project: Path):
    _append(project, "lint:\n  judgement_words: {add: [transformational]}\n  allow_names: Jody Example\n  not_figures: {add: [2024]}\n")
    result = run("lint", "2024", "--project", project)
    assert result.exit_code == 0, result.output


def test_the_settings_models_name_the_keys_the_code_reads():
    from annualreport.config import ImportKinds, LintSettings
    from annualreport.importing.kinds import SPECS
    from annualreport.lint.text.word_lists import DEFAULTS

    assert set(ImportKinds.model_fields) == set(SPECS)
    assert set(DEFAULTS) <= set(LintSettings.model_fields)
    assert set(LintSettings().word_lists()) == set()
