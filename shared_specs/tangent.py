"""Forward-mode derivative of the oracle: the exact float64 directional derivative of the train-mode
cross-entropy, d/dt loss(weights + t * direction) at t = 0.

It is how the oracle judges gradients without a backward pass of its own: any framework's gradient
g must satisfy sum(g * direction) == this number. Each op's tangent is its derivative written out
(ReLU and max pool take the branch the primal took), so unlike a finite difference there is no step
to choose and no kink to straddle, whatever the depth or batch.
"""

from __future__ import annotations

import numpy as np

from . import oracle
from .ir import INPUT, Model, Node
from .oracle import Array, BatchStats


def _activation_tangent(name: str, pre: Array, out: Array, d: Array, sixth: float = 1 / 6) -> Array:
    """An activation's tangent; `sixth` is hard-sigmoid's slope (1/6; PyTorch's float64 backward uses float32's)."""
    if name == "relu":
        return d * (pre > 0)
    if name == "relu6":  # at 0 and 6 themselves a slope of 0, as PyTorch takes it
        return d * ((pre > 0) & (pre < 6))
    if name == "hardsigmoid":  # at -3 and 3 themselves a slope of 0, as PyTorch takes it
        return d * ((pre > -3) & (pre < 3)) * sixth
    if name == "hardswish":  # 0 up to -3, (2x + 3) / 6 between, 1 from 3 (PyTorch's choice at both ends)
        return d * np.where(pre <= -3, 0.0, np.where(pre >= 3, 1.0, (2 * pre + 3) / 6))
    if name == "tanh":
        return d * (1 - out * out)
    if name == "sigmoid":
        return d * out * (1 - out)
    if name == "log_softmax":
        return d - (np.exp(out) * d).sum(axis=1, keepdims=True)
    return out * (d - (out * d).sum(axis=1, keepdims=True))  # softmax over channels


def _max_pool_tangent(x: Array, dx: Array, attrs: dict) -> Array:
    """The tangent at the position each window's maximum came from."""
    k, s, d, (top, _, left, _, bottom, right) = oracle._window_geometry(attrs, x)
    values = oracle._windows(oracle._pad_hw(x, top, bottom, left, right, -np.inf), k, s, d)
    padded = oracle._pad_hw(dx, top, bottom, left, right, 0.0)  # pragma: no mutate: padding is never a maximum
    tangents = oracle._windows(padded, k, s, d)
    flat = values.reshape(*values.shape[:4], -1)  # pragma: no mutate: NumPy reads any negative size as the rest
    where = flat.argmax(axis=-1)[..., None]
    return np.take_along_axis(tangents.reshape(flat.shape), where, axis=-1)[..., 0]


def _batch_norm_tangent(x: Array, dx: Array, attrs: dict, weight: Array, dweight: Array, dbias: Array,
                        batch: BatchStats) -> Array:
    """Train mode: the batch mean and variance move with the input too."""
    def c(v: Array) -> Array:
        return v[None, :, None, None]
    std = np.sqrt(c(batch.var) + attrs["eps"])
    centred = x - c(batch.mean)
    dmean = dx.mean(axis=(0, 2, 3), keepdims=True)
    dvar = 2 * (centred * dx).mean(axis=(0, 2, 3), keepdims=True)  # centred sums to zero: dmean drops out
    dnormalised = (dx - dmean) / std - centred * dvar / (2 * std ** 3)
    return c(weight) * dnormalised + c(dweight) * centred / std + c(dbias)


def _normalise_tangent(x: Array, dx: Array, axes: tuple[int, ...], eps: float) -> Array:
    """Tangent of oracle.normalise: the mean and variance over `axes` move with the input."""
    centred = x - x.mean(axis=axes, keepdims=True)
    std = np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    dcentred = dx - dx.mean(axis=axes, keepdims=True)
    dvar = (2 * centred * dcentred).mean(axis=axes, keepdims=True)
    return dcentred / std - centred * dvar / (2 * std ** 3)


def _group_norm_tangent(x: Array, dx: Array, groups: int, eps: float, weight: Array, dweight: Array,
                        dbias: Array) -> Array:
    shape = oracle.group_shape(x, groups)
    axes = tuple(range(2, len(shape)))
    normalised = oracle.normalise(x.reshape(shape), axes, eps).reshape(x.shape)
    dnormalised = _normalise_tangent(x.reshape(shape), dx.reshape(shape), axes, eps).reshape(x.shape)

    def c(v: Array) -> Array:
        return v[None, :, None, None]
    return c(weight) * dnormalised + c(dweight) * normalised + c(dbias)


def _op_tangent(node: Node, xs: list[Array], dxs: list[Array], weights: dict[str, Array],
                direction: dict[str, Array], stats: dict[str, BatchStats], sixth: float) -> Array:
    a, x, dx, op = node.attrs, xs[0], dxs[0], node.op

    def w(name: str) -> Array:
        return weights[f"{node.path}.{name}"]

    def dw(name: str) -> Array:
        key = f"{node.path}.{name}"
        return direction[key] if key in direction else np.zeros_like(weights[key])

    if op == "conv2d":
        out = oracle.conv2d(dx, a, w("weight"), None) + oracle.conv2d(x, a, dw("weight"), None)
        return out + dw("bias")[None, :, None, None] if a["bias"] else out
    if op == "linear":
        bias = dw("bias") if a["bias"] else 0.0  # mutation survivor: log-softmax cancels a constant on the logits
        return dx @ w("weight").T + x @ dw("weight").T + bias
    if op == "batch_norm":
        return _batch_norm_tangent(x, dx, a, w("weight"), dw("weight"), dw("bias"), stats[node.path])
    if op in ("group_norm", "instance_norm"):
        groups = a["groups"] if op == "group_norm" else x.shape[1]
        return _group_norm_tangent(x, dx, groups, a["eps"], w("weight"), dw("weight"), dw("bias"))
    if op == "layer_norm":
        axes = tuple(range(1, x.ndim))
        return (w("weight")[None] * _normalise_tangent(x, dx, axes, a["eps"])
                + dw("weight")[None] * oracle.normalise(x, axes, a["eps"]) + dw("bias")[None])
    if op == "max_pool2d":
        return _max_pool_tangent(x, dx, a)
    if op in ("avg_pool2d", "adaptive_avg_pool2d"):  # linear in the input
        return getattr(oracle, op)(dx, a)
    if op == "local_response_norm":
        size, beta = a["size"], a["beta"]
        scale = a["k"] + a["alpha"] / size * oracle.channel_window_sum(x * x, size)
        dscale = a["alpha"] / size * oracle.channel_window_sum(2 * x * dx, size)
        return dx * scale ** -beta - beta * x * scale ** (-beta - 1) * dscale
    if op == "dropout":
        return dx
    if op == "flatten":
        return dx.reshape(dx.shape[0], -1)  # pragma: no mutate: NumPy reads any negative size as the rest
    if op in oracle.ACTIVATIONS:
        return _activation_tangent(op, x, oracle.ACTIVATIONS[op](x), dx, sixth)
    if op == "concat":
        return np.concatenate(dxs, axis=1)
    if op in ("chunk", "channel_shuffle"):  # linear in the input
        return oracle.apply_op(node, dxs, weights, stats)
    if op == "add":
        return sum(dxs[1:], dxs[0])
    if op == "multiply":
        return dxs[0] * xs[1] + xs[0] * dxs[1]
    raise AssertionError(f"no tangent rule for op '{op}'")


def _run_scope(nodes: list[Node], x: Array, dx: Array, weights: dict[str, Array], direction: dict[str, Array],
               stats: dict[str, BatchStats], sixth: float) -> tuple[dict, dict]:
    values, tangents = {INPUT: x}, {INPUT: dx}
    for node in nodes:
        xs, dxs = [values[i] for i in node.inputs], [tangents[i] for i in node.inputs]
        if node.is_primitive:
            pre = oracle.apply_op(node, xs, weights, stats)
            dpre = _op_tangent(node, xs, dxs, weights, direction, stats, sixth)
            activation = node.attrs.get("activation")
            out = oracle.ACTIVATIONS[activation](pre) if activation else pre
            dout = _activation_tangent(activation, pre, out, dpre, sixth) if activation else dpre
        else:
            inner, inner_tangents = _run_scope(node.children, xs[0], dxs[0], weights, direction, stats, sixth)
            out, dout = inner[node.output], inner_tangents[node.output]
        values[node.name], tangents[node.name] = out, dout
    return values, tangents


def loss_derivative(model: Model, x: Array, weights: dict[str, Array], labels: Array,
                    direction: dict[str, Array], hardsigmoid_slope: float = 1 / 6) -> tuple[float, float]:
    """(train-mode cross-entropy, auxiliary classifiers included, and its derivative along `direction`),
    both in float64.
    `direction` holds tangents for some or all trainable tensors; the input does not move. `hardsigmoid_slope`
    replaces hard-sigmoid's 1/6 in the derivative only (to take it as a framework's backward does)."""
    x = np.asarray(x, dtype=np.float64)
    weights = {k: np.asarray(v, dtype=np.float64) for k, v in weights.items()}
    direction = {k: np.asarray(v, dtype=np.float64) for k, v in direction.items()}
    values, tangents = _run_scope(model.nodes, x, np.zeros_like(x), weights, direction, {}, hardsigmoid_slope)
    heads = [(model.output_kind, 1.0, model.output), *(("logits", w, name) for name, w in model.aux.items())]
    rows = np.arange(len(labels))
    derivative = 0.0
    for kind, weight, name in heads:
        out, dout = values[name], tangents[name]
        if kind == "probabilities":
            dlog_p = dout / out
        elif kind == "log_probabilities":
            dlog_p = dout
        elif kind == "binary_logit":  # log sigmoid(-z), log sigmoid(z)
            dlog_p = np.concatenate([-oracle.sigmoid(out) * dout, oracle.sigmoid(-out) * dout], axis=1)
        else:
            dlog_p = dout - (oracle.softmax(out) * dout).sum(axis=1, keepdims=True)
        derivative += weight * float(-dlog_p[rows, labels].mean())
    loss = oracle.cross_entropy(model, values[model.output], labels, {name: values[name] for name in model.aux})
    return loss, derivative
