"""Property: any mutation of a shipped spec file loads as valid models or fails with one line naming the
file and a line in it; never a traceback, never a silent nonsense model.

`make test` runs a few hundred cases; `make fuzz` (ROSETTA_FUZZ_EXAMPLES=10000) ten thousand.
"""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from shared_specs.errors import RosettaError
from shared_specs.loader import load_file
from shared_specs.registry import spec_files
from shared_specs.summary import multiply_adds

EXAMPLES = int(os.environ.get("ROSETTA_FUZZ_EXAMPLES", "300"))
SPECS = {path.name: yaml.safe_load(path.read_text()) for path in spec_files()}

# values a careless edit or a hostile file puts in a field
NUMBERS = st.one_of(st.sampled_from([0, -1, -6, 1, 2, 3, 7, 10 ** 9, 0.0, -0.5, 0.5, 1.0, 1.5, 7.0, 1e-300,
                                     math.inf, -math.inf, math.nan]),
                    st.integers(-1000, 1000), st.floats(allow_nan=True, allow_infinity=True))
SCALARS = st.one_of(NUMBERS, st.booleans(), st.none(),
                    st.sampled_from(["", "same", "valid", "relu", "conv2d", "input", "BasicBlock", "${", "${1/0}",
                                     "${in_channels // 0}", "${2 ** 9999}", "${i}", "${[1, 2]}", "${unknown}",
                                     "${channels * -1}", "${'a' * 3}"]),
                    st.text(max_size=8))
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=5), SCALARS, max_size=2))


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a parsed spec: mapping values and list items, at any depth."""
    found = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        found.append(prefix + (key,))
        found += paths(value, prefix + (key,))
    return found


PATHS = {name: paths(data) for name, data in SPECS.items()}
# no shrinking: a case is a few plain draws (file, place, edit, value or bytes), printed when it fails
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def mutate(data: Any, path: tuple, how: str, value: Any) -> Any:
    """A deep copy of `data` with the thing at `path` replaced, deleted or duplicated."""
    copy = yaml.safe_load(yaml.safe_dump(data))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if how == "replace":
        parent[key] = value
    elif how == "delete":
        del parent[key]
    elif isinstance(parent, list):
        parent.insert(key, parent[key])  # a duplicated row
    else:
        parent[f"{key}_copy"] = parent[key]
    return copy


@FUZZ
@given(data=st.data())
def test_a_mutated_spec_loads_or_fails_with_file_and_line(tmp_path_factory: pytest.TempPathFactory, data) -> None:
    name = data.draw(st.sampled_from(sorted(SPECS)), label="file")
    path = data.draw(st.sampled_from(PATHS[name]), label="path")
    how = data.draw(st.sampled_from(["replace", "replace", "replace", "delete", "duplicate"]), label="how")
    value = data.draw(VALUES, label="value") if how == "replace" else None
    target = tmp_path_factory.mktemp("fuzz") / name
    target.write_text(yaml.safe_dump(mutate(SPECS[name], path, how, value), sort_keys=False))
    try:
        models = load_file(target)
    except RosettaError as exc:
        message = str(exc)
        assert "\n" not in message, message
        where = re.match(rf"{re.escape(str(target))}:(\d+): ", message)
        assert where and int(where.group(1)) >= 1, message
        return
    for model in models:  # a model that loads must be one `rosetta show` can describe
        assert model.num_params > 0 and all(d >= 1 for d in model.output_shape)
        assert multiply_adds(model) >= 0


TEXTS = {path.name: path.read_bytes() for path in spec_files()}
# bytes a damaged or hostile file holds: invalid UTF-8, control characters, deep nesting, deep indentation
BYTES = st.one_of(st.binary(max_size=16), st.sampled_from([b"\xff\xfe", b"\x00", b"\t", b"[" * 5000, b"{" * 5000,
                                                           b"\n" + b" " * 3000 + b"x: 1", b"&a [*a, *a]", b"*a",
                                                           b"!!python/object:os.system", b": : :", b"\n- -\n"]))


@FUZZ
@given(data=st.data())
def test_damaged_spec_bytes_load_or_fail_with_file_and_line(tmp_path_factory: pytest.TempPathFactory, data) -> None:
    name = data.draw(st.sampled_from(sorted(TEXTS)), label="file")
    text = TEXTS[name]
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, min(len(text), start + 64)), label="end")
    target = tmp_path_factory.mktemp("bytes") / name
    target.write_bytes(text[:start] + data.draw(BYTES, label="bytes") + text[end:])
    try:
        load_file(target)
    except RosettaError as exc:
        message = str(exc)
        assert "\n" not in message, message
        assert re.match(rf"{re.escape(str(target))}:\d+: ", message), message
