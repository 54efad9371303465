"""The harness itself: a good build keeps every promise it checks; a bad input is located."""

from __future__ import annotations


def test_a_good_docx_build_keeps_every_promise(hostile):
    before = hostile.good_build()
    assert "annual-report-2024-25.docx" in before
    hostile.assert_inputs_untouched()
    hostile.assert_nothing_left()


def test_a_yaml_error_is_located_and_changes_nothing(hostile):
    outputs = hostile.good_build()
    path = hostile.project / "evidence/2024/training.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - [unclosed\n", encoding="utf-8")
    hostile.snapshot_inputs()
    ran = hostile.build("--format", "docx")
    hostile.assert_fails(ran, 2, says="not valid YAML", file="evidence/2024/training.yaml", outputs=outputs, mend=False)
