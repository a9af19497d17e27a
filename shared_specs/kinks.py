"""Which fp32 gradients rounding alone may move a long way: the rows a near-kink reaches.

A ReLU whose input lies within rounding of zero (a ReLU6's of 0 or 6, a hard-swish's or hard-sigmoid's of -3 or
3: oracle.KINK_POINTS), or a max-pool window whose two largest values lie within
rounding of each other, may take the other branch in fp32 than in float64. The forward value barely moves
(by the rounding itself), but the backward pass routes a whole position's gradient differently, and every
weight that position's value depends on gets it: a random event, not lost precision. The fp32 gradient
verdict (compare.gradient_spread) judges only what no near-kink reaches, so that it can be strict there.

What a near-kink reaches is found channel by channel, backwards from the channel it sits in: a convolution's
output channel depends on its own weight and bias rows for that channel and on every input channel of its
group; per-channel ops (batch norm, pools, activations, add) pass the channel on; a linear layer, a layer
norm or a softmax needs every input channel. Rows of a weight's first axis (its output channels) are the
unit of reach, so a layer with one near-kink still has its other channels judged.

"Within rounding" is measured, not assumed: the oracle runs once more in fp32 and each kink op's input
differs from its float64 value by some largest amount over the layer; a framework may round up to
KINK_ROUNDING_FACTOR times that (the factor the fp32 gradient verdict allows, compare.FP32_GRADIENT_FACTOR).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import oracle
from .compare import FP32_GRADIENT_FACTOR
from .ir import INPUT, Model, Node

KINK_ROUNDING_FACTOR = FP32_GRADIENT_FACTOR
SOFTMAXES = ("softmax", "log_softmax")  # activations each of whose outputs reads every channel


@dataclass(frozen=True)
class NearKinks:
    """A probe's near-kinks: where they are at each kink op, by (path, op) (a mask over the ReLU's input, or over
    the max pool's output windows), and the rows of each trainable tensor they reach (a mask over the tensor's
    first axis; a tensor no near-kink reaches is absent)."""

    near: dict[tuple[str, str], np.ndarray]
    reached: dict[str, np.ndarray]

    @property
    def count(self) -> int:
        return int(sum(mask.sum() for mask in self.near.values()))


def producers(model: Model) -> dict[str, list[str | None]]:
    """Every primitive's path -> the primitive that produces each of its inputs (None: the model's input)."""
    found: dict[str, list[str | None]] = {}

    def walk(nodes: list[Node], entering: str | None) -> dict[str, str | None]:
        values = {INPUT: entering}
        for node in nodes:
            inputs = [values[name] for name in node.inputs]
            if node.is_primitive:
                found[node.path] = inputs
                values[node.name] = node.path
            else:
                values[node.name] = walk(node.children, inputs[0])[node.output]
        return values

    walk(model.nodes, None)
    return found


def input_channels(node: Node, wanted: np.ndarray, index: int) -> np.ndarray:
    """The channels (features) of input `index` that `node`'s output channels `wanted` depend on, before its
    fused activation."""
    op, shape = node.op, node.in_shapes[index]
    size = shape[0]
    if op in ("linear", "layer_norm", *SOFTMAXES):
        return np.full(size, wanted.any())
    if op in ("conv2d", "group_norm"):  # a group's outputs read all of that group's inputs
        groups = node.attrs["groups"]
        return np.repeat(wanted.reshape(groups, len(wanted) // groups).any(axis=1), size // groups)
    if op == "local_response_norm":  # output c sums inputs c - size // 2 ... c + (size - 1) // 2, so input j
        window = node.attrs["size"]  # feeds outputs j - (size - 1) // 2 ... j + size // 2
        padded = np.concatenate([np.zeros((window - 1) // 2, bool), wanted, np.zeros(window // 2, bool)])
        return np.lib.stride_tricks.sliding_window_view(padded, window).any(axis=1)
    if op == "flatten":
        return wanted.reshape(size, len(wanted) // size).any(axis=1)
    if op == "concat":
        start = sum(other[0] for other in node.in_shapes[:index])
        return wanted[start:start + size]
    if op == "chunk":  # output c is input part * C / chunks + c
        needed = np.zeros(size, bool)
        start = node.attrs["index"] * len(wanted)
        needed[start:start + len(wanted)] = wanted
        return needed
    if op == "channel_shuffle":  # output j * groups + g is input g * C / groups + j
        return wanted.reshape(size // node.attrs["groups"], node.attrs["groups"]).T.reshape(size)
    if size != len(wanted):  # multiply's second input broadcast over the channels
        return np.full(size, wanted.any())
    return wanted


def reached_rows(model: Model, seeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The rows of each trainable tensor that the gradient at `seeds` (a primitive's path -> a mask over its
    output channels before its fused activation) flows into."""
    order = list(model.primitives())
    nodes = {node.path: node for node in order}
    need = {node.path: np.zeros(node.out_shape[0], bool) for node in order}
    for path, channels in seeds.items():
        need[path] |= channels
    inputs = producers(model)
    reached: dict[str, np.ndarray] = {}
    for node in reversed(order):  # forward order is topological: a node's consumers all come after it
        wanted = need[node.path]
        if not wanted.any():
            continue
        reached.update({f"{node.path}.{name}": wanted.copy() for name in node.params()})
        for index, producer in enumerate(inputs[node.path]):
            if producer is None:
                continue
            channels = input_channels(node, wanted, index)
            if nodes[producer].attrs.get("activation") in SOFTMAXES:  # a fused one mixes its channels
                channels = np.full(len(channels), channels.any())
            need[producer] |= channels
    return reached


def _window_lead(x: np.ndarray, attrs: dict) -> tuple[np.ndarray, np.ndarray]:
    """Each max-pool window's largest value and its lead over the runner-up."""
    k, s, d, (top, _, left, _, bottom, right) = oracle._window_geometry(attrs, x)
    windows = oracle._windows(oracle._pad_hw(x, top, bottom, left, right, -np.inf), k, s, d)
    flat = windows.reshape(*windows.shape[:4], -1)  # pragma: no mutate: NumPy reads any negative size as the rest
    # the largest first, the runner-up second (NumPy's selection for a small kth sorts the first kth + 1 values)
    ranked = -np.partition(-flat, 1, axis=-1)  # mutation survivor: 1 -> 2: the two largest still come first
    return ranked[..., 0], ranked[..., 0] - ranked[..., 1]


def near_kinks(model: Model, x: np.ndarray, weights: dict[str, np.ndarray],
               exact: dict[tuple[str, str], np.ndarray]) -> NearKinks:
    """The probe's near-kinks in train mode (batch statistics, dropout off: where gradients are taken). `exact`
    holds the float64 kink values of that forward (oracle.forward's `kinks`); the fp32 ones are computed here."""
    rounded: dict[tuple[str, str], np.ndarray] = {}
    oracle.forward(model, x, weights, batch_stats={}, kinks=rounded, dtype=np.float32)
    nodes = {node.path: node for node in model.primitives()}
    found, seeds = {}, {}
    for (path, op), value in exact.items():
        tolerance = KINK_ROUNDING_FACTOR * float(np.abs(rounded[path, op] - value).max(initial=0.0))
        if op in oracle.KINK_POINTS:  # an input within rounding of any point where the activation's slope jumps
            near = np.any([np.abs(value - point) < tolerance  # mutation survivor: Lt -> LtE: an input exactly at
                           for point in oracle.KINK_POINTS[op]], axis=0)  # it never comes up
        else:  # either of the two largest may be off by the tolerance; a window of ReLU zeros routes only zeros
            largest, lead = _window_lead(value, nodes[path].attrs)
            near = (lead < 2 * tolerance) & (largest != 0)  # mutation survivor: Lt -> LtE: as for the ReLU
        found[path, op] = near
        seeds[path] = near.any(axis=tuple(i for i in range(near.ndim) if i != 1))
    return NearKinks(found, reached_rows(model, seeds))
