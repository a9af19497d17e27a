"""Block recovery's pure rules: how an argument reads over a repeat's instances, which runs of instances are
named by a stem, a container's class name, Keras layer names read as module paths, a numbered chain, an integer
field. No framework is needed; every expected value is written out by hand."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from shared_specs.block_recovery import (
    Block,
    Entry,
    Instance,
    Merge,
    _as_int,
    _camel,
    _sealed,
    _stem,
    body,
    is_numbered_chain,
    names_as_paths,
    repeat_value,
)
from shared_specs.ir import INPUT
from shared_specs.normal_form import Layer


@pytest.mark.parametrize("values, written", [
    ([3, 3, 3], 3),  # one value: a constant
    ([2, 1, 1], "${2 if i == 0 else 1}"),  # the first differs: torchvision's stride of a stage's first block
    ([2, 1], "${2 if i == 0 else 1}"),  # two instances
    ([True, False], "${i == 0}"),
    ([1, False, False], "${1 if i == 0 else False}"),  # `i == 0` only for True, then False
    ([True, False, False], "${i == 0}"),  # a projection in the first block only
    ([False, True, True], "${False if i == 0 else True}"),
    ([True, True, False], "${[True, True, False][i]}"),  # the first two alike: a list
    ([1, 2, 3], "${[1, 2, 3][i]}"),
    ([[1, 2], [3, 4], [3, 4]], "${[1, 2] if i == 0 else [3, 4]}"),  # list values written as lists
    ([[1, 2], [3, 4], [5, 6]], "${[[1, 2], [3, 4], [5, 6]][i]}"),
])
def test_an_argument_over_a_repeat_reads_as_a_constant_a_first_or_a_list(values: list[Any], written: Any) -> None:
    assert repeat_value(values) == written


@pytest.mark.parametrize("attributes, stem", [
    (["denselayer1", "denselayer2", "denselayer3"], "denselayer"),  # torchvision's DenseNet
    (["0", "1"], None),  # numbered as nn.Sequential numbers them
    (["block1", "block3"], None),  # not counted from 1 up
    (["block2", "block3"], None),
    (["block1", "layer2"], None),  # two stems
])
def test_only_instances_counted_from_one_under_one_stem_are_named_by_it(attributes: list[str],
                                                                         stem: str | None) -> None:
    assert _stem([Instance(f"features.{a}", "DenseLayer") for a in attributes]) == stem


@pytest.mark.parametrize("text, name", [
    ("downsample", "Downsample"), ("conv_block", "ConvBlock"), ("se1x1", "Se1x1"), ("__", "Group"), ("a", "A")])
def test_a_containers_attribute_becomes_a_class_name(text: str, name: str) -> None:
    assert _camel(text) == name


@pytest.mark.parametrize("name, source, scope, path", [
    # keras.applications' ResNet: `blockN` counts from 1, the rest's number goes last
    ("conv2_block1_1_conv", "conv2_block1_1_conv", (("conv2.0", "Block"),), "conv2.0.conv1"),
    ("conv3_block2_out", "", (("conv3.1", "Block"),), ""),  # an add has no weights: its scope, no path
    # the Keras renderings: a number counts from 0, the class is the stage's
    ("layer1_0_conv1", "layer1_0_conv1", (("layer1.0", "LayerBlock"),), "layer1.0.conv1"),
    ("conv2_block0_1_conv", "conv2_block0_1_conv", (), ""),  # block0: no instance before the first
    ("stage_1_1_2", "stage_1_1_2", (), ""),  # a rest of numbers alone: no name
    ("fc1000", "fc1000", (), ""),  # not <stage>_<index>_<rest>
])
def test_keras_layer_names_read_as_paths(name: str, source: str, scope: tuple, path: str) -> None:
    layer = Layer(name, "conv2d" if source else "add", {}, (INPUT,), (4, 8, 8), source)
    names_as_paths([layer])
    assert (layer.scope, layer.path) == (scope, path)


def chain(paths: list[str], reads: list[str]) -> Instance:
    """An instance `seq` holding relu layers at `paths`, each reading the value named in `reads`."""
    names = [f"r{k}" for k in range(len(paths))]
    return Instance("seq", "Sequential", [Layer(name, "relu", {}, (read,), (4,), path)
                                          for name, path, read in zip(names, paths, reads, strict=True)])


@pytest.mark.parametrize("instance, numbered", [
    (chain(["seq.0", "seq.1", "seq.2"], [INPUT, "r0", "r1"]), True),
    (chain(["seq.0", "seq.1", "seq.2"], [INPUT, "r0", "r0"]), False),  # the third reads the first: no chain
    (chain(["seq.0", "seq.2"], [INPUT, "r0"]), False),  # numbers skipped
    (chain(["seq.1", "seq.2"], [INPUT, "r0"]), False),  # not from 0
    (Instance("seq", "Sequential"), False),  # empty
])
def test_a_numbered_chain_is_numbered_from_0_and_reads_each_item_before(instance: Instance, numbered: bool) -> None:
    assert is_numbered_chain(instance) is numbered


@pytest.mark.parametrize("value, integer", [(3, 3), (0, 0), (True, None), (2.0, None), ("3", None), (None, None)])
def test_only_an_int_that_is_no_bool_is_an_integer_field(value: Any, integer: int | None) -> None:
    assert _as_int(value) == integer and type(_as_int(value)) is type(integer)


SHAPES = {name: (4, 8, 8) for name in ("x0", "c", "r_a", "relu_mod", "r_b", "inner_c")}


def spelt(layer: Layer, shape: tuple) -> dict:
    return dict(layer.attrs)


def test_a_body_names_its_rows_by_attribute_and_its_functions_by_op_around_them() -> None:
    """A conv and a relu the block holds as attributes (`conv`, `relu`) and two F.relu calls: the calls take
    `relu1` and `relu2`, never an attribute's name; the block reads one value from outside."""
    block = Instance("blk", "Block", [
        Layer("c", "conv2d", {"out_channels": 4, "kernel_size": 3}, ("x0",), (4, 8, 8), "blk.conv"),
        Layer("r_a", "relu", {}, ("c",), (4, 8, 8)),
        Layer("relu_mod", "relu", {}, ("r_a",), (4, 8, 8), "blk.relu"),
        Layer("r_b", "relu", {}, ("relu_mod",), (4, 8, 8))])
    entries, outside = body(block, SHAPES, spelt)
    assert outside == "x0"
    assert [(e.name, e.inputs, e.stateful) for e in entries] == [
        ("conv", (INPUT,), True), ("relu1", ("conv",), False), ("relu", ("relu1",), False), ("relu2", ("relu",), False)]


def inner(path: str) -> Instance:
    return Instance(path, "Inner", [Layer("inner_c", "conv2d", {}, ("x0",), (4, 8, 8), f"{path}.conv")],
                    block="Inner", args={"channels": 4})


def test_a_body_holds_a_block_it_uses_as_a_row_by_its_attribute() -> None:
    entries, outside = body(Instance("blk", "Outer", [inner("blk.inner"), Layer("r_a", "relu", {}, ("inner_c",),
                                                                                   (4, 8, 8))]), SHAPES, spelt)
    assert outside == "x0"
    assert [(e.name, e.op, e.values, e.inputs, e.stateful, e.block) for e in entries] == [
        ("inner", "Inner", {"channels": 4}, (INPUT,), True, True), ("relu", "relu", {}, ("inner",), False, False)]


@pytest.mark.parametrize("items", [
    [inner("blk.0"), Layer("r_a", "relu", {}, ("inner_c",), (4, 8, 8))],  # a block at a number, in no chain
    [Layer("c", "conv2d", {}, ("x0",), (4, 8, 8), "blk.0"), Layer("r_a", "relu", {}, ("c",), (4, 8, 8))],  # a layer
])
def test_a_body_with_a_row_at_a_number_outside_a_numbered_chain_is_no_block(items: list) -> None:
    assert body(Instance("blk", "Outer", items), SHAPES, spelt) is None


def test_a_layer_from_outside_the_block_lends_no_attribute_name() -> None:
    """A relu module of the model's own (`top.relu`) called inside the block is named by its op there: only
    the block's attributes are names to keep clear of."""
    block = Instance("blk", "Block", [
        Layer("c", "conv2d", {"out_channels": 4, "kernel_size": 3}, ("x0",), (4, 8, 8), "blk.conv"),
        Layer("r_a", "relu", {}, ("c",), (4, 8, 8), "top.relu")])
    entries, _ = body(block, SHAPES, spelt)
    assert [e.name for e in entries] == ["conv", "relu"]


@pytest.mark.parametrize("outside_reads, sealed", [
    (["r2"], True),  # only the output is read from outside
    (["r2", "r0"], False),  # the first relu's value is read outside too: the block could not be one row
])
def test_a_run_of_instances_is_sealed_when_only_its_output_is_read_outside(outside_reads: list[str],
                                                                          sealed: bool) -> None:
    run = chain(["seq.0", "seq.1", "seq.2"], [INPUT, "r0", "r1"])
    readers = Counter(i for x in run.leaves() for i in x.inputs) + Counter(outside_reads)
    assert _sealed([run], readers) is sealed


def entry(name: str, op: str, **values: Any) -> Entry:
    return Entry(name, op, values, (INPUT,) if name == "conv" else ("conv",), op == "conv2d")


def unit(path: str, activation: str | None, pool: str = "max_pool2d") -> Instance:
    items = [Layer(f"{path}_c", "conv2d", {"out_channels": 4}, ("x0",), (4, 8, 8), f"{path}.conv")]
    if activation:
        items.append(Layer(f"{path}_a", activation, {}, (f"{path}_c",), (4, 8, 8), f"{path}.act"))
    return Instance(path, "Unit", items)


def merged(bodies: list[list[Entry]]) -> Block | None:
    return Merge("Unit", [unit(f"u{k}", None) for k in range(len(bodies))], bodies, [3] * len(bodies), {}).run()


@pytest.mark.parametrize("ops, argument", [(["relu", "hardswish"], True), (["relu", "relu"], False),
                                           (["relu6", "sigmoid", "relu6"], True)])
def test_instances_that_differ_in_an_activation_take_it_as_an_argument(ops: list[str], argument: bool) -> None:
    block = merged([[entry("conv", "conv2d", out_channels=4), entry("act", op)] for op in ops])
    assert block.rows[1]["op"] == ("${activation_layer}" if argument else ops[0])
    assert block.args == ({"activation_layer": ops[0] if ops.count(ops[0]) * 2 > len(ops) else None} if argument
                          else {})


@pytest.mark.parametrize("second", [
    [entry("conv", "conv2d", out_channels=4), entry("act", "softmax")],  # not elementwise
    [entry("conv", "conv2d", out_channels=4), entry("act", "max_pool2d")],  # no activation
])
def test_instances_that_differ_in_another_op_are_no_one_block(second: list[Entry]) -> None:
    assert merged([[entry("conv", "conv2d", out_channels=4), entry("act", "relu")], second]) is None
    assert merged([second, [entry("conv", "conv2d", out_channels=4), entry("act", "relu")]]) is None


def test_a_row_one_instance_lacks_beside_an_activation_that_differs() -> None:
    block = merged([[entry("conv", "conv2d", out_channels=4), entry("act", "relu")],
                    [entry("conv", "conv2d", out_channels=4), entry("act", "hardswish")],
                    [entry("conv", "conv2d", out_channels=4)]])
    assert [row["op"] for row in block.rows] == ["conv2d", "${activation_layer}"]
    assert block.rows[1]["when"] == "${with_act}"

