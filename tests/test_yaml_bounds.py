"""The bounds on YAML (aliases, nesting, keys, control characters) and reading text files, in process."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from annualreport.errors import InputError
from annualreport.textfiles import decode, read_text
from annualreport.yamlsource import load_yaml


def _load(tmp_path: Path, text: str):
    file = tmp_path / "x.yaml"
    file.write_text(text, encoding="utf-8")
    return load_yaml(file)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, text)
    return str(caught.value)


def test_anchors_written_by_yaml_dump_load_as_before(tmp_path):
    shared = {"themes": ["neglect", "housing"], "actions": [{"owner": "ICB", "status": "complete"}]}
    text = yaml.safe_dump({"reviews": [dict(shared, id=f"r{n}") for n in range(50)] + [shared] * 50}, sort_keys=False)
    assert "&id001" in text and "*id001" in text
    data, lines = _load(tmp_path, text)
    assert data == yaml.safe_load(text)
    assert lines.line_of(("reviews", 99, "themes")) is not None


def test_merge_keys_and_scalar_aliases_still_work(tmp_path):
    data, _ = _load(tmp_path, "base: &b {x: 1, y: 2}\nc: {<<: *b, z: 3}\nname: &n Harrowfield\nagain: *n\n")
    assert data["c"] == {"x": 1, "y": 2, "z": 3} and data["again"] == "Harrowfield"


def test_an_alias_bomb_is_stopped_at_its_alias_line(tmp_path):
    lines = ["l0: &a0 [" + ", ".join(["lol"] * 10) + "]"] + [f"l{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 12)]
    message = _error(tmp_path, "\n".join(lines) + "\n")
    line = int(message.split("x.yaml:")[1].split(":")[0])
    assert "alias bomb" in message and line == 6  # 10**6 copies break the bound of 250,000 here


def test_a_self_containing_mapping_is_refused(tmp_path):
    assert "x.yaml:2: this alias" in _error(tmp_path, "a: 1\nme: &m {next: *m}\n")


def test_deep_nesting_a_complex_key_and_an_escaped_control_character(tmp_path):
    assert "nested more than" in _error(tmp_path, "a: " + "[" * 80 + "]" * 80 + "\n")
    assert "keys must be plain text" in _error(tmp_path, "? [a, b]\n: 1\n")
    assert "x.yaml:2: this text holds a control character (U+001B" in _error(tmp_path, "a: 1\nb: \"red\\e[0m\"\n")


def test_decoding_says_what_the_file_is(tmp_path):
    file = tmp_path / "f.md"
    assert decode("\ufeffhello".encode("utf-8"), file) == "hello"  # a BOM is accepted
    for raw, says in [("hello".encode("utf-16"), "UTF-16"), (b"ok\nok\ncaf\xe9\n", "f.md:3: the file is not UTF-8"), (b"\x89PNG\r\n\x00\x00", "binary")]:
        with pytest.raises(InputError) as caught:
            decode(raw, file)
        assert says in str(caught.value)


def test_a_link_out_of_the_project_is_not_read(tmp_path):
    (tmp_path / "secret.yaml").write_text("a: 1\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "x.yaml").symlink_to(tmp_path / "secret.yaml")
    with pytest.raises(InputError, match="outside the project"):
        read_text(project / "x.yaml", project)
