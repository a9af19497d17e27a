"""The normal form two captures and a spec are compared in: a window settled to the cells it reads, how a spec
spells it back, which poolings are identities, what counts as a difference, and the catalogue's blocks by what
they compute. No framework is needed; every expected value is worked out by hand in its comment."""

from __future__ import annotations

from typing import Any

import pytest

from shared_specs.ir import INPUT
from shared_specs.normal_form import (
    Layer,
    catalogue_blocks,
    contributing,
    differences,
    from_model,
    is_identity,
    resolve,
    spelling,
)
from shared_specs.registry import get_model, list_models


def layer(op: str, attrs: dict[str, Any], in_shape: tuple[int, ...] = (3, 8, 8), name: str = "x",
          source: str = "") -> Layer:
    return Layer(name, op, attrs, (INPUT,), in_shape, source, in_shape=in_shape)


@pytest.mark.parametrize("op, fields, in_shape, settled", [
    # 3 rows at stride 2 over 8 padded by 1: 4 windows, the last starting at row 5 and reading 5..7, so the far
    # padding row is never read; the near one is
    ("conv2d", {"out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1}, (3, 8, 8), {"padding": (1, 0, 1, 0)}),
    # each axis by its own size, kernel, stride and dilation: 2 rows at stride 2 over 5 padded by 1 start at rows
    # -1, 1, 3, the last reading 3..4, so the bottom padding row is cut; the 1-wide kernel reads no padding
    ("conv2d", {"out_channels": 4, "kernel_size": [2, 1], "stride": [2, 1], "dilation": [1, 2], "padding": [1, 0]},
     (3, 5, 6), {"padding": (1, 0, 0, 0)}),
    # the same windows for an average pool: the near windows still cover a padded cell, so leaving it out of the
    # mean still matters
    ("avg_pool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False}, (3, 8, 8),
     {"padding": (1, 0, 1, 0), "ceil_mode": False, "count_include_pad": False}),
    # a pool has no dilation: 2 rows at stride 2 over 8 padded by 1 start at -1, 1, 3, 5, 7, the last reading row
    # 8, the far padding row
    ("avg_pool2d", {"kernel_size": 2, "stride": 2, "padding": 1}, (3, 8, 8), {"padding": (1, 1, 1, 1)}),
    # 2x2 windows at stride 2 tile 8 exactly: no window covers padding, so either mean is the same one
    ("avg_pool2d", {"kernel_size": 2, "stride": 2, "count_include_pad": False}, (3, 8, 8),
     {"padding": (0, 0, 0, 0), "ceil_mode": False, "count_include_pad": True}),
    # ... and ceil_mode adds no 5th window there (it would start at row 8, past the input)
    ("avg_pool2d", {"kernel_size": 2, "stride": 2, "ceil_mode": True, "count_include_pad": False}, (3, 8, 8),
     {"padding": (0, 0, 0, 0), "ceil_mode": False, "count_include_pad": True}),
    # ceil_mode adds a 4th window at row 6 reading 6..8, one row past the input: an average pool keeps ceil_mode
    # (its clipped window divides by 2, not 3) and no padding
    ("avg_pool2d", {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (3, 8, 8),
     {"padding": (0, 0, 0, 0), "ceil_mode": True}),
    # for a max pool the same 4th window is one over -inf padding
    ("max_pool2d", {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (3, 8, 8),
     {"padding": (0, 1, 0, 1), "ceil_mode": False}),
])
def test_the_normal_form_settles_a_window_to_the_cells_it_reads(op: str, fields: dict, in_shape: tuple,
                                                                settled: dict) -> None:
    """Two spellings of one computation are one normal form: padding no window reads is cut, ceil_mode becomes
    the padding it reads, and count_include_pad matters only where a window covers padding."""
    resolved = resolve(op, fields, in_shape)
    assert {key: resolved[key] for key in settled} == settled


@pytest.mark.parametrize("op, fields, spelt", [
    ("conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}, (1, False)),  # one number for a square pad
    ("avg_pool2d", {"kernel_size": 2, "stride": 2}, (0, False)),  # ceil_mode only where it adds a window
    ("avg_pool2d", {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (0, True)),
    # 2 rows at stride 1 over 8: TensorFlow's 'same' pads 1 row, at the bottom; a pool has no dilation
    ("avg_pool2d", {"kernel_size": 2, "stride": 1, "padding": "same"}, ("same", False)),
    ("conv2d", {"out_channels": 4, "kernel_size": 3, "padding": [1, 0, 1, 0]}, None),  # top and left only
])
def test_a_settled_window_is_spelt_as_a_spec_writes_it(op: str, fields: dict, spelt: tuple | None) -> None:
    assert spelling(layer(op, resolve(op, fields, (3, 8, 8))), (3, 8, 8)) == spelt


@pytest.mark.parametrize("op, attrs, in_shape, identity", [
    ("adaptive_avg_pool2d", {"output_size": (8, 6)}, (3, 8, 6), True),
    ("adaptive_avg_pool2d", {"output_size": (6, 8)}, (3, 8, 6), False),
    ("max_pool2d", {"kernel_size": (1, 1), "stride": (1, 1), "padding": (0, 0, 0, 0)}, (3, 8, 8), True),
    ("max_pool2d", {"kernel_size": (1, 1), "stride": (1, 2), "padding": (0, 0, 0, 0)}, (3, 8, 8), False),
    ("avg_pool2d", {"kernel_size": (1, 2), "stride": (1, 1), "padding": (0, 0, 0, 0)}, (3, 8, 8), False),
    ("max_pool2d", {"kernel_size": (1, 1), "stride": (1, 1), "padding": (0, 0, 0, 1)}, (3, 8, 8), False),
    ("conv2d", {"kernel_size": (1, 1), "stride": (1, 1), "padding": (0, 0, 0, 0)}, (3, 8, 8), False),
])
def test_only_a_pooling_that_returns_its_input_is_an_identity(op: str, attrs: dict, in_shape: tuple,
                                                             identity: bool) -> None:
    assert is_identity(layer(op, attrs, in_shape)) is identity


def test_differences_name_what_differs_and_pass_over_identities() -> None:
    conv = layer("conv2d", resolve("conv2d", {"out_channels": 4, "kernel_size": 3}, (3, 8, 8)), source="conv")
    wider = layer("conv2d", resolve("conv2d", {"out_channels": 4, "kernel_size": 5}, (3, 8, 8)), source="conv")
    identity = layer("max_pool2d", resolve("max_pool2d", {"kernel_size": 1, "stride": 1}, (3, 8, 8)))
    relu, sigmoid = layer("relu", {}), layer("sigmoid", {})
    assert differences([conv, identity, relu], [conv, relu]) == []
    assert differences([conv, sigmoid], [conv, relu]) == [
        f"stateless ops differ: {sorted([repr(('relu', [], (3, 8, 8))), repr(('sigmoid', [], (3, 8, 8)))])}"]
    assert differences([wider], [conv]) == [
        f"conv: {('conv2d', wider.attrs, (3, 8, 8))} != {('conv2d', conv.attrs, (3, 8, 8))}"]


def test_a_spec_with_fused_activations_is_a_chain_through_them() -> None:
    """lenet5_classic fuses tanh into its convolutions: each layer reads the one before it, a tanh node included."""
    layers = from_model(get_model("lenet5_classic"))
    assert "c1:tanh" in [x.name for x in layers]
    assert [x.inputs for x in layers] == [(INPUT,)] + [(x.name,) for x in layers[:-1]]


def test_the_catalogue_blocks_are_keyed_by_blocks_alone() -> None:
    """Every signature names a block of the catalogue's (or None where two share it), never a group, a repeat or
    a primitive; resnet's BasicBlock is among them."""
    names = {block for name in list_models() for block in get_model(name).blocks}
    found = set(catalogue_blocks().values())
    assert "BasicBlock" in found and found - {None} <= names


@pytest.mark.parametrize("gate_first", [True, False])
def test_a_product_takes_its_full_operand_first_even_where_that_is_the_models_input(gate_first: bool) -> None:
    """A gate computed from the input and multiplied with it, gate first or second: the written product reads the
    input first (the spec's multiply broadcasts its second operand); the layers the gate came from keep theirs."""
    layers = [Layer("pool", "adaptive_avg_pool2d", {"output_size": (1, 1)}, (INPUT,), (3, 1, 1), in_shape=(3, 8, 8)),
              Layer("gate", "sigmoid", {}, ("pool",), (3, 1, 1), in_shape=(3, 1, 1)),
              Layer("product", "multiply", {}, ("gate", INPUT) if gate_first else (INPUT, "gate"), (3, 8, 8),
                    in_shape=(3, 1, 1) if gate_first else (3, 8, 8))]
    kept = contributing(layers, "product")
    assert [(x.name, x.inputs, x.in_shape) for x in kept] == [
        ("pool", (INPUT,), (3, 8, 8)), ("gate", ("pool",), (3, 1, 1)), ("product", (INPUT, "gate"), (3, 8, 8))]

