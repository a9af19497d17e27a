"""The loader's guards at their edges: each limit holds at its value and refuses one past it, each compound check
refuses every way of failing it (a non-list as well as an empty one), and the lines named are the ones written.
Every case here once left a change to the loader unnoticed (`make mutate`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from shared_specs import loader, oracle
from shared_specs.errors import SpecError
from shared_specs.loader import MAX_LAYERS, MAX_NESTING, MAX_NODES, MAX_REPEAT, MAX_SPEC_BYTES, MAX_TENSOR, load_file
from shared_specs.ops import MAX_SIZE

from .test_malformed_specs import FIRST_ROW, HEAD, rows

CONV = "{name: c, op: conv2d, out_channels: 2, kernel_size: 1}"


def model(*extra: str, layers: tuple[str, ...] = ("{op: relu}",), blocks: str = "") -> str:
    """A one-model spec with `extra` model keys and `layers` rows, after `blocks`."""
    head = "family: broken\n" + blocks + "models:\n  net:\n    class_name: Net\n    input: [1, 8, 8]\n"
    return head + "".join(f"    {e}\n" for e in extra) + "    layers:\n" + "".join(f"      - {r}\n" for r in layers)


def refused(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "broken.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(SpecError) as caught:
        load_file(path)
    message = str(caught.value)
    assert "\n" not in message
    return message.removeprefix(f"{path}:")


def loads(tmp_path: Path, text: str | bytes):
    (tmp_path / "fine").mkdir(exist_ok=True)
    path = tmp_path / "fine" / "broken.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_file(path)[0]


@pytest.mark.parametrize("text, where", [
    (rows("[a, b]"), f"{FIRST_ROW}: a layer must be a mapping like {{name: conv1, op: conv2d, ...}}, got a list"),
    (HEAD.replace("    layers:\n", "    layers: 5\n"), "3: 'layers' of model 'net' must be a non-empty list"),
    (rows("{name: 5, op: relu}"), f"{FIRST_ROW}: layer '5': layer name 5 must be a Python identifier"),
    (rows(CONV, "{op: add, from: [c, 5]}"), (f"{FIRST_ROW + 1}: layer 'add_1': 'from' must name a layer or list "
                                            f"layers, got ['c', 5]")),
    (rows("{name: g, op: sequential, layers: 5}"), (f"{FIRST_ROW}: layer 'g': 'layers' of group 'g' must be a "
                                                   f"non-empty list of layers")),
    (rows("{name: g, op: sequential, layers: [{op: relu}, 5]}"), (f"{FIRST_ROW}: layer 'g': 'layers' of group 'g' "
                                                                 f"must be a non-empty list of layers")),
    (rows(CONV, CONV.replace("c,", "d,"), "{op: relu, from: [c, d]}"),
     f"{FIRST_ROW + 2}: layer 'relu_1': relu takes 1 input(s), got 2 in 'from'"),
    (rows(CONV, CONV.replace("c,", "d,"), "{op: multiply, from: [c, d, c]}"),
     f"{FIRST_ROW + 2}: layer 'multiply_1': multiply takes 2 input(s), got 3 in 'from'"),
    (rows("{op: relu, alpha: 1}"), f"{FIRST_ROW}: layer 'relu_1': unknown field 'alpha' for relu; expected: no fields"),
    ("family: broken\nmodels: 5\n", "2: 'models' must be a non-empty mapping of model name to definition"),
    ("family: broken\nblocks: 5\n" + HEAD.removeprefix("family: broken\n") + "      - {op: relu}\n",
     "2: 'blocks' must be a mapping of block name to definition"),  # a scalar: the line of its key
    (model(blocks="blocks:\n  unit:\n    layers:\n      - {op: relu}\n"),
     "3: block name 'unit' must be a CapWords identifier (it becomes a class name)"),
    (model(blocks="blocks:\n  Unit:\n    args: {i: 1}\n    layers:\n      - {op: relu}\n"),
     "4: block argument 'i' is reserved"),
    (model("published_params: {count: x, source: paper}"), "6: published_params needs a positive integer 'count'"),
    (model("arguments: {num_classes: null}"), "3: argument 'num_classes' needs a scalar default"),
    (model().replace("class_name: Net", 'class_name: "my net"'), ("3: model 'net' needs a class_name that is an "
                                                                 "identifier")),
    (model("output: c", "aux_outputs: {d: 0}", layers=(CONV, CONV.replace("c,", "d,"))),
     "7: aux output 'd' needs a positive loss weight, got 0"),
    (model("output: c", "aux_outputs: {d: x}", layers=(CONV, CONV.replace("c,", "d,"))),
     "7: aux output 'd' needs a positive loss weight, got 'x'"),
    (model("params: {w: 1}", "variants:", "  Net: {params: {w: 2}}", "  other: {params: {w: 3}}"),
     "3: variant 'Net' names a builder function that clashes with a block or class"),
    (model("variants:", "  a: {params: {w: 1}}", "  b: {params: {v: 1}}"),
     "3: variants of class 'Net' set different params (v, w)"),
    (model("params: {x: 1}", "variants:", "  a: {params: {x: 1}}", "  b: {params: {x: 2}}"),
     "3: param 'x' differs between variants"),
    (model("variants:", "  5: {input: [1, 8, 8]}"), "3: model name 5 must be an identifier"),
], ids=["row a list", "layers a number", "name a number", "from with a number", "group layers a number",
        "group row a number", "relu of two", "multiply of three", "field of a fieldless op", "models a number",
        "blocks a number", "block name lowercase", "block argument i", "published count a string",
        "argument null", "class name with a space", "aux weight zero", "aux weight a string",
        "builder named as a class", "variants with different params", "param x varying", "variant named 5"])
def test_each_way_of_failing_a_check_is_one_line_at_its_place(tmp_path: Path, text: str, where: str) -> None:
    message = refused(tmp_path, text)
    line, _, rest = where.partition(": ")
    assert message.startswith(f"{line}: ") and rest in message, message


def test_a_published_count_of_one_is_a_count(tmp_path: Path) -> None:
    assert loads(tmp_path, model("published_params: {count: 1, source: paper}")).published.count == 1


# ---------------------------------------------------------------- the reader's limits

def test_balanced_brackets_do_not_add_up_to_nesting(tmp_path: Path) -> None:
    """Depth counts opening brackets less closing ones: 600 pairs in a comment are depth 1."""
    assert loads(tmp_path, "# " + "[]" * 600 + "\n" + model()).output_shape == (1, 8, 8)


def test_brackets_nested_to_the_limit_reach_the_parser(tmp_path: Path) -> None:
    """1000 nested lists pass the bracket count to the parser, whose Python side then runs out of stack (a line-less
    error, as the rest of the file is unread); a flat list is read, and is not a spec."""
    depth = MAX_NESTING
    assert refused(tmp_path, "[" * depth + "]" * depth) == "0: invalid YAML: nested deeper than Python's recursion " \
                                                           "limit"
    assert refused(tmp_path, "[1, 2]") == "1: a spec file must be a mapping with 'family' and 'models'"


def test_indentation_is_judged_by_its_deepest_line_and_named_there(tmp_path: Path) -> None:
    """Line 4 is indented 1000 spaces (allowed) and line 5 1001: the refusal names line 5."""
    text = "family: broken\nmodels:\n  net:\n" + " " * MAX_NESTING + "\n" + " " * (MAX_NESTING + 1) + "x: 1\n"
    assert refused(tmp_path, text) == f"5: indented more than {MAX_NESTING} spaces"


def test_a_line_indented_to_the_limit_is_read(tmp_path: Path) -> None:
    text = "family: broken\nmodels:\n  net:\n" + " " * MAX_NESTING + "# a comment\n    class_name: Net\n"
    assert "indented" not in refused(tmp_path, text)


def test_a_file_of_the_largest_size_is_read(tmp_path: Path) -> None:
    head = model().encode()
    text = head + b"#" * (MAX_SPEC_BYTES - len(head) - 1) + b"\n"
    assert len(text) == MAX_SPEC_BYTES
    assert loads(tmp_path, text).output_shape == (1, 8, 8)
    assert "may hold at most" in refused(tmp_path, text + b"\n")


def alias_levels(levels: int) -> str:
    """Lists a1, a2, ... of nine aliases to the list before, from a0's nine scalars, the last one the description:
    level k expands to s(k) = 1 + 9 s(k - 1) nodes, s(0) = 10, so s(5) = 597,871 and s(6) = 5,380,840."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 9)}]" for k in range(1, levels)]
    return "family: broken\n" + "\n".join(lines) + f"\ndescription: [{', '.join([f'*a{levels - 1}'] * 9)}]\n" \
        "models: 5\n"


def test_an_alias_bomb_is_refused_at_the_first_list_too_large(tmp_path: Path) -> None:
    """Nine levels (9^9 scalars in under 1 KB) once filled memory for two minutes; the list on line 8 (a6) is the
    first whose expansion passes the bound."""
    assert 597_871 < MAX_NODES < 5_380_840
    text = alias_levels(9)
    assert len(text) < 1024
    assert refused(tmp_path, text) == f"8: more than {MAX_NODES:,} YAML nodes once its aliases are expanded"
    # five levels and the lists they are built from, 672,614 nodes in all: read, then judged as a spec
    assert refused(tmp_path, alias_levels(5)).startswith("2: unknown spec file key 'a0'")


def test_the_alias_bound_is_met_at_its_value(tmp_path: Path, monkeypatch) -> None:
    """Two levels are 929 nodes: the root mapping, plus family and models (2 each), a0 (its key and a list of
    nine scalars: 11), a1 (its key and a list of nine a0s: 1 + 91), the description (its key and nine a1s:
    1 + 820). A file of exactly the bound is read; one node more than the bound is refused, at the root."""
    monkeypatch.setattr(loader, "MAX_NODES", 929)
    assert refused(tmp_path, alias_levels(2)).startswith("2: unknown spec file key 'a0'")
    monkeypatch.setattr(loader, "MAX_NODES", 928)
    assert refused(tmp_path, alias_levels(2)) == "1: more than 928 YAML nodes once its aliases are expanded"


def test_a_folder_given_as_a_spec_is_named_at_line_0(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        load_file(tmp_path)
    assert str(caught.value) == f"{tmp_path}:0: cannot read spec: Is a directory"


def test_the_largest_input_side_is_allowed(tmp_path: Path) -> None:
    text = model().replace("input: [1, 8, 8]", f"input: [1, 1, {MAX_SIZE}]")
    assert loads(tmp_path, text).output_shape == (1, 1, MAX_SIZE)


# ---------------------------------------------------------------- the builder's limits

def chain(count: int, group: bool = False) -> str:
    """Blocks B0 .. B{count-1}, each holding the next, used once by the model (inside a group, if asked)."""
    blocks = "blocks:\n" + "".join(f"  B{k}:\n    layers:\n      - {{name: inner, op: B{k + 1}}}\n"
                                   for k in range(count - 1))
    blocks += f"  B{count - 1}:\n    layers:\n      - {{op: relu}}\n"
    row = "{name: g, op: sequential, layers: [{name: b, op: B0}]}" if group else "{name: b, op: B0}"
    return model(layers=(row,), blocks=blocks)


def test_blocks_nest_eight_deep_and_no_deeper(tmp_path: Path) -> None:
    """The model's rows are depth 0, so B0..B8 nest eight levels below them; a group is one level too."""
    assert loads(tmp_path, chain(9)).output_shape == (1, 8, 8)
    assert "block 'B9' nests deeper than 8 levels" in refused(tmp_path, chain(10))
    assert loads(tmp_path, chain(8, group=True)).output_shape == (1, 8, 8)
    assert "block 'B8' nests deeper than 8 levels" in refused(tmp_path, chain(9, group=True))


def test_a_repeat_of_one_is_one_instance(tmp_path: Path) -> None:
    spec = loads(tmp_path, model(layers=("{name: r, op: Unit, repeat: 1}",),
                                 blocks="blocks:\n  Unit:\n    layers:\n      - {op: relu}\n"))
    assert [n.path for n in spec.primitives()] == ["r.0.relu_1"]


def test_a_model_of_exactly_the_most_layers_loads_and_one_more_does_not(tmp_path: Path) -> None:
    """Each instance of a one-relu block is two layers (the block and its relu): 50 rows of 1000 make the limit."""
    per_row = MAX_REPEAT
    assert MAX_LAYERS % (2 * per_row) == 0
    repeats = tuple(f"{{name: r{k}, op: Unit, repeat: {per_row}}}" for k in range(MAX_LAYERS // (2 * per_row)))
    blocks = "blocks:\n  Unit:\n    layers:\n      - {op: relu}\n"
    assert len(list(loads(tmp_path, model(layers=repeats, blocks=blocks)).primitives())) == MAX_LAYERS // 2
    assert f"more than {MAX_LAYERS} layers" in refused(tmp_path, model(layers=(*repeats, "{op: relu}"),
                                                                     blocks=blocks))


def test_a_tensor_of_exactly_the_most_elements_is_allowed(tmp_path: Path) -> None:
    """A 2048 -> 2**20 linear weight and a 2 x 2**15 x 2**15 map each hold 2**31 elements (no memory is taken
    by loading)."""
    wide = model(layers=("{op: flatten}", f"{{name: fc, op: linear, out_features: {MAX_SIZE}}}")).replace(
        "input: [1, 8, 8]", "input: [1, 32, 64]")
    assert loads(tmp_path, wide).tensor_shapes()["fc.weight"] == (MAX_SIZE, 2048)
    assert 2048 * MAX_SIZE == MAX_TENSOR
    assert f"linear weight would hold {MAX_SIZE * 32 * 65:,} elements; at most {MAX_TENSOR:,}" in refused(
        tmp_path, wide.replace("[1, 32, 64]", "[1, 32, 65]"))
    side = 1 << 15
    tall = model(layers=(CONV,)).replace("input: [1, 8, 8]", f"input: [1, {side}, {side}]")
    assert loads(tmp_path, tall).output_shape == (2, side, side)
    assert f"holds more than {MAX_TENSOR:,} values per image" in refused(tmp_path, tall.replace("out_channels: 2",
                                                                                                "out_channels: 3"))


# ---------------------------------------------------------------- what the builder builds

def test_a_numbered_group_is_a_chain_to_its_last_layer(tmp_path: Path) -> None:
    """relu then a 2x2 max pool: the group's output is the pool's, each row reading the one before."""
    spec = loads(tmp_path, model(layers=(("{name: g, op: sequential, layers: [{op: relu}, "
                                         "{op: max_pool2d, kernel_size: 2}]}"), "{op: flatten}")))
    x = np.random.default_rng(0).standard_normal((2, 1, 8, 8))
    want = np.maximum(x, 0).reshape(2, 1, 4, 2, 4, 2).max(axis=(3, 5)).reshape(2, 16)
    np.testing.assert_array_equal(oracle.forward(spec, x, {}), want)


def test_a_flatten_that_ends_a_block_is_known_to_the_linear_after_it(tmp_path: Path) -> None:
    """The C, H, W map a flatten came from travels out of the block that holds it: Keras' Dense rows need it."""
    spec = loads(tmp_path, model(layers=("{name: b, op: Head}", "{name: fc, op: linear, out_features: 3}"),
                                 blocks="blocks:\n  Head:\n    layers:\n      - {op: relu}\n      - {op: flatten}\n"))
    (fc,) = [n for n in spec.primitives() if n.op == "linear"]
    assert fc.flattened_from == (1, 8, 8)


def test_a_layer_switched_off_passes_its_first_input_on(tmp_path: Path) -> None:
    """MobileNet's residual add `when: stride == 1 and ...`: switched off, the add is its first input (the branch),
    and the layer after it reads that; switched on, the sum."""
    rows_ = ("{name: a, op: conv2d, out_channels: 2, kernel_size: 1}",
             "{name: b, op: conv2d, from: input, out_channels: 2, kernel_size: 1}")
    for switch, want in [("false", lambda a, b: a), ("true", lambda a, b: a + b)]:
        (tmp_path / switch).mkdir()
        path = tmp_path / switch / "broken.yaml"
        path.write_text(model(layers=(*rows_, f"{{name: s, op: add, from: [a, b], when: {switch}}}",
                                      "{name: after, op: relu}")))
        net = load_file(path)[0]
        w = {k: np.random.default_rng(1).standard_normal(v) for k, v in net.param_shapes().items()}
        x = np.random.default_rng(2).standard_normal((1, 1, 8, 8))
        trace: dict[str, np.ndarray] = {}
        out = oracle.forward(net, x, w, trace=trace)
        np.testing.assert_array_equal(out, np.maximum(want(trace["a"], trace["b"]), 0))
        assert [n.name for n in net.nodes] == (["a", "b", "after"] if switch == "false" else ["a", "b", "s", "after"])
