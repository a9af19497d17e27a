"""The machine-readable schema: current, and it accepts every spec and rejects structural mistakes."""

from __future__ import annotations

import json

import pytest
import yaml

from shared_specs.registry import spec_files
from shared_specs.schema import SCHEMA_FILE, schema_text

jsonschema = pytest.importorskip("jsonschema")


def validator():
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))


def test_checked_in_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text() == schema_text(), "spec.schema.json drifted: run `make render`"


@pytest.mark.parametrize("path", spec_files(), ids=lambda p: p.name)
def test_every_spec_file_validates(path) -> None:
    errors = list(validator().iter_errors(yaml.safe_load(path.read_text())))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("layer,why", [
    ({"name": "c", "op": "conv2d", "out_channels": 2, "kernal_size": 3}, "unknown field"),
    ({"name": "c", "op": "conv2d", "out_channels": "two", "kernel_size": 3}, "wrong kind"),
    ({"name": "c", "op": "max_pool2d", "kernel_size": 2, "padding": "full"}, "bad padding"),
    ({"name": "c"}, "no op"),
])
def test_schema_rejects_structural_mistakes(layer, why) -> None:
    spec = {"family": "x", "models": {"m": {"input": [1, 8, 8], "layers": [layer]}}}
    assert list(validator().iter_errors(spec)), why


def test_schema_accepts_expressions_for_fields() -> None:
    spec = {"family": "x", "models": {"m": {"input": [1, 8, 8], "layers": [
        {"name": "c", "op": "conv2d", "out_channels": "${width * 2}", "kernel_size": 3}]}}}
    assert not list(validator().iter_errors(spec))
