"""What a near-kink reaches (shared_specs/kinks.py), checked against the oracle itself: a row reached is a row
that moves the value at the kink when it is moved, and only such rows."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from shared_specs import oracle
from shared_specs.kinks import input_channels, near_kinks, producers, reached_rows
from shared_specs.loader import load_file
from shared_specs.registry import get_model
from shared_specs.weights import init

from .conftest import TEST_SPECS


def values_before_activation(model, x: np.ndarray, weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Every primitive's output before its fused activation, in train mode, or for a kink op the value it decides
    on (a ReLU's zeros or a pool's losers would hide a move); nodes fusing a softmax are left out (their outputs
    mix channels after the point the analysis starts from)."""
    trace: dict[str, np.ndarray] = {}
    kinks: dict[tuple[str, str], np.ndarray] = {}
    oracle.forward(model, x, weights, trace=trace, batch_stats={}, kinks=kinks)
    values = {path: value for path, value in trace.items()
              if model.node_at(path).is_primitive and model.node_at(path).attrs.get("activation") != "softmax"}
    return {**values, **{path: value for (path, _), value in kinks.items()}}


def channels_moved(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Channels whose values moved by more than float64 rounding (LRN's running sums over channels carry a moved
    channel's rounding into channels that do not depend on it)."""
    moved = np.abs(after - before) > 1e-9 * np.abs(before).max()
    return moved.any(axis=tuple(i for i in range(before.ndim) if i != 1))


@pytest.mark.parametrize("model", [
    load_file(TEST_SPECS / "tangent_probe.yaml")[0],  # train-mode BN, LRN, both poolings, multiply, concat, add
    load_file(TEST_SPECS / "norm_probe.yaml")[0],  # group, instance and layer norm, a flatten
    load_file(TEST_SPECS / "grouped_probe.yaml")[0],  # grouped and depthwise convolutions, a fused ReLU
    load_file(TEST_SPECS / "block_probe.yaml")[0],  # blocks, a shortcut, a three-way add
    load_file(TEST_SPECS / "dropout_probe.yaml")[0],  # dropout (off: train mode is judged without it)
    load_file(TEST_SPECS / "shuffle_probe.yaml")[0],  # channel parts and shuffles: which input channel is whose
    get_model("lenet5_classic"),  # a flatten of a 5x5 map, a softmax output
], ids=lambda m: m.name)
def test_the_rows_reached_are_exactly_the_rows_a_channel_depends_on(model) -> None:
    """For every primitive and output channel: moving one row of one tensor moves that channel's values (in the
    oracle's train-mode forward) exactly when the analysis says the row is reached from there, but for a bias
    ahead of a train-mode batch norm, which the batch mean takes out again (its gradient is zero)."""
    cancelled = {f"{producer}.bias" for path, inputs in producers(model).items()
                 if model.node_at(path).op == "batch_norm" for producer in inputs}
    weights = {k: v.astype(np.float64) for k, v in init(model, seed=0).items()}
    x = np.random.default_rng(1).standard_normal((3, *model.input_shape))
    before = values_before_activation(model, x, weights)
    reached = {(path, channel): reached_rows(model, {path: np.arange(value.shape[1]) == channel})
               for path, value in before.items() for channel in range(value.shape[1])}
    rng = np.random.default_rng(2)
    for key in model.param_shapes():
        for row in range(len(weights[key])):
            moved = {**weights, key: weights[key].copy()}
            moved[key][row] += rng.standard_normal(moved[key][row].shape) + 0.5
            after = values_before_activation(model, x, moved)
            for path, value in before.items():
                moves = channels_moved(value, after[path])
                for channel in range(value.shape[1]):
                    row_reached = key in reached[path, channel] and reached[path, channel][key][row]
                    assert row_reached == (moves[channel] or (key in cancelled and row_reached)), (
                        key, row, path, channel)


def test_input_channels_by_hand() -> None:
    """The rules the dependency test cannot reach with the specs above: LRN's window at the edges, a concat's
    second input, a multiply whose second input broadcasts over channels."""
    lrn = load_file(TEST_SPECS / "tangent_probe.yaml")[0].node_at("lrn")  # size 3, 4 channels
    assert input_channels(lrn, np.array([True, False, False, False]), 0).tolist() == [True, True, False, False]
    assert input_channels(lrn, np.array([False, False, True, False]), 0).tolist() == [False, True, True, True]
    joined = load_file(TEST_SPECS / "tangent_probe.yaml")[0].node_at("joined")  # avg (4) then branch (2)
    assert input_channels(joined, np.array([False] * 4 + [False, True]), 1).tolist() == [False, True]
    assert not input_channels(joined, np.array([False] * 4 + [False, True]), 0).any()
    for size, first, last in ((5, [True, True, True, False], [False, True, True, True]),
                              (4, [True, True, False, False], [False, True, True, True])):
        wider = replace(lrn, attrs={**lrn.attrs, "size": size})  # channel c sums c - size // 2 ... c + (size - 1) // 2
        assert input_channels(wider, np.array([True, False, False, False]), 0).tolist() == first
        assert input_channels(wider, np.array([False, False, False, True]), 0).tolist() == last
    gated = load_file(TEST_SPECS / "tangent_probe.yaml")[0].node_at("gated")
    assert input_channels(gated, np.array([False, True, False, False]), 1).tolist() == [False, True, False, False]


def test_near_kinks_are_measured_in_rounding_and_reach_what_they_feed() -> None:
    """On a seeded AlexNet probe: every near-kink lies within 10 x the layer's fp32 rounding (a ReLU input near
    zero, a max-pool window whose two largest values nearly tie, never a window of ReLU zeros), some exist, and
    the classifier after the last one is never reached."""
    model = get_model("alexnet")
    weights = init(model, seed=0)
    x = np.random.default_rng(1).standard_normal((2, *model.input_shape)).astype(np.float32)
    exact: dict[tuple[str, str], np.ndarray] = {}
    oracle.forward(model, x, weights, batch_stats={}, kinks=exact)
    found = near_kinks(model, x, weights, exact)
    assert found.count == sum(int(mask.sum()) for mask in found.near.values()) > 0
    assert {op for (_, op), mask in found.near.items() if mask.any()} == {"relu", "max_pool2d"}
    rounded: dict[tuple[str, str], np.ndarray] = {}
    oracle.forward(model, x, weights, batch_stats={}, kinks=rounded, dtype=np.float32)
    for (path, op), mask in found.near.items():
        rounding = 10 * np.abs(rounded[path, op] - exact[path, op]).max()
        if op == "relu":
            assert (np.abs(exact[path, op][mask]) < rounding).all()
            assert (np.abs(exact[path, op][~mask]) >= rounding).all()
        else:  # each window's values sorted: the largest and its lead over the runner-up
            attrs = model.node_at(path).attrs
            k, s, d, (top, _, left, _, bottom, right) = oracle._window_geometry(attrs, exact[path, op])
            windows = oracle._windows(oracle._pad_hw(exact[path, op], top, bottom, left, right, -np.inf), k, s, d)
            ranked = np.sort(windows.reshape(*windows.shape[:4], k[0] * k[1]), axis=-1)
            lead = ranked[..., -1] - ranked[..., -2]
            assert (mask == ((lead < 2 * rounding) & (ranked[..., -1] != 0))).all()
    assert not set(found.reached) & {"classifier.4.weight", "classifier.6.weight"}
    assert found.reached["features.0.weight"].all()


def test_the_fp32_oracle_computes_in_fp32_throughout() -> None:
    """The rounding scale comes from an fp32 forward: an op that quietly widened to float64 would shrink it."""
    for model in (load_file(TEST_SPECS / "tangent_probe.yaml")[0], load_file(TEST_SPECS / "norm_probe.yaml")[0],
                  get_model("alexnet")):
        trace: dict[str, np.ndarray] = {}
        x = np.random.default_rng(1).standard_normal((2, *model.input_shape))
        oracle.forward(model, x, init(model, seed=0), trace=trace, batch_stats={}, dtype=np.float32)
        assert {path: str(v.dtype) for path, v in trace.items() if v.dtype != np.float32} == {}


@pytest.mark.parametrize("activation, near", [("relu", [False, False, False, True]),
                                              ("relu6", [True, False, False, True]),
                                              ("hardswish", [False, True, True, False]),
                                              ("hardsigmoid", [False, True, True, False])])
def test_each_point_where_an_activation_s_slope_jumps_is_a_kink(tmp_path, activation: str, near: list[bool]) -> None:
    """A 1x1 convolution by 0.1 (inexact in fp32 and in float64) of 60, 30, -30 and 0.000001 puts the fused
    activation's inputs within rounding of 6, 3, -3 and 0: each is a near-kink where that activation's slope jumps
    there (ReLU at 0; ReLU6 at 0 and 6; hard-swish and hard-sigmoid at -3 and 3), and only there."""
    spec = tmp_path / "kink.yaml"
    spec.write_text(f"""family: kink
models:
  kink:
    class_name: Kink
    input: [1, 2, 2]
    layers:
      - {{name: conv, op: conv2d, out_channels: 1, kernel_size: 1, bias: false, activation: {activation}}}
      - {{op: flatten}}
      - {{name: fc, op: linear, out_features: 2}}
""")
    model = load_file(spec)[0]
    weights = {**init(model, seed=0), "conv.weight": np.full((1, 1, 1, 1), 0.1, np.float32)}
    x = np.array([60.0, 30.0, -30.0, 1e-6], np.float32).reshape(1, 1, 2, 2)
    exact: dict[tuple[str, str], np.ndarray] = {}
    oracle.forward(model, x, weights, batch_stats={}, kinks=exact)
    found = near_kinks(model, x, weights, exact)
    assert found.near["conv", activation].ravel().tolist() == near
