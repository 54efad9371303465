"""What an editor shows and checks as annualreport.yaml and the evidence are typed (issue 11):

- every field of every evidence model and of annualreport.yaml's (the ``lint:`` and ``import:``
  settings included) has a description, which the YAML language server shows on hover;
- the ``lint:`` and ``import:`` settings are in annualreport.yaml's schema field by field, so an
  editor completes them and underlines a misspelt one;
- the sample project's ``.schemas/`` are the schemas ``annualreport schema --write`` writes now.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path

import jsonschema
from pydantic import BaseModel

from annualreport.config import Config
from annualreport.evidence.models import KINDS
from annualreport.evidence.schemas import schema_files, schema_of
from conftest import ROOT


def models_under(model: type[BaseModel], seen: dict[str, type[BaseModel]] | None = None) -> dict[str, type[BaseModel]]:
    """``model`` and every model its fields hold (in lists, maps, unions), by name."""
    seen = {} if seen is None else seen
    if model.__name__ in seen:
        return seen
    seen[model.__name__] = model
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            models_under(inner, seen)
    return seen


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def every_model() -> dict[str, type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    for model in [*KINDS.values(), Config]:
        models_under(model, seen)
    return seen


def test_every_field_has_a_description_for_editor_hovers():
    models = every_model()
    assert {"Priority", "Evaluation", "Action", "Committee", "Contact", "LintSettings", "ImportSettings", "WordListChange"} <= set(models)
    missing = [f"{name}.{field}" for name, model in sorted(models.items())
               for field, info in model.model_fields.items() if not (info.description or "").strip()]
    assert missing == []


def test_the_descriptions_are_in_the_schemas_editors_read():
    """A hover finds the text where the field is (beside a $ref too, not only on its model)."""
    for name in [*KINDS, "annualreport"]:
        schema = schema_of(name)
        places = [schema, *schema.get("$defs", {}).values()]
        for place in places:
            for field, spec in place.get("properties", {}).items():
                assert spec.get("description"), f"{name}: {field}"


def config_schema() -> dict:
    """annualreport.yaml's schema as an editor reads it: the sample project's own file."""
    return json.loads((ROOT / ".schemas" / "annualreport.schema.json").read_text(encoding="utf-8"))


def config_schema_errors(settings: dict) -> list[str]:
    import yaml

    data = {**yaml.safe_load((ROOT / "annualreport.yaml").read_text(encoding="utf-8")), **settings}
    data = json.loads(json.dumps(data, default=str))  # YAML dates arrive as dates; the schema speaks of strings
    return [error.message for error in jsonschema.Draft7Validator(config_schema()).iter_errors(data)]


def test_the_lint_and_import_settings_are_completed_and_checked_by_the_editor():
    schema = config_schema()
    assert "$ref" in schema["properties"]["lint"] and "$ref" in schema["properties"]["import"]
    lint = schema["$defs"][schema["properties"]["lint"]["$ref"].split("/")[-1]]
    assert {"select", "ignore", "allow_names", "judgement_words"} <= set(lint["properties"])
    kinds = schema["$defs"][schema["properties"]["import"]["$ref"].split("/")[-1]]
    assert set(kinds["properties"]) == {"training", "performance"}
    assert config_schema_errors({}) == []
    assert config_schema_errors({"lint": {"ignore": ["AR106"], "allow_names": ["Jo Bloggs"]},
                                 "import": {"training": {"columns": {"Event name": "title"}, "agencies": {"NV Police": "police"}}}}) == []
    assert config_schema_errors({"lint": {"ignroe": ["AR106"]}})  # a misspelt setting is underlined
    assert config_schema_errors({"import": {"trainng": {}}})
    assert config_schema_errors({"import": {"training": {"colums": {}}}})


def test_the_sample_projects_schemas_are_as_schema_write_writes_them():
    for relative, text in schema_files().items():
        on_disk = (ROOT / relative).read_text(encoding="utf-8")
        assert json.loads(on_disk) == json.loads(text), f"{relative} is out of date: run 'annualreport schema --write' in the repository"
