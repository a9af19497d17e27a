"""The NumPy float64 reference forward: the independent judge of every framework.

Semantics of each op exactly as ops.py documents them, vectorised with sliding-window
views and tensordot (BLAS); no per-pixel Python loops. Train mode differs from eval mode
only in batch norm (normalise by the batch's mean and biased variance); dropout is
identity in both, because random masks cannot be compared across frameworks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .ir import INPUT, Model, Node
from .ops import pair, resolve_padding, window_out

Array = np.ndarray


def _pad_hw(x: Array, top: int, bottom: int, left: int, right: int, value: float) -> Array:
    """Pad H and W with `value`. A negative far side (bottom, right) pads nothing: the rows and columns past the
    last window are fewer than a stride, so they never make another window."""
    bottom, right = max(bottom, 0), max(right, 0)
    if not (top or bottom or left or right):
        return x
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), constant_values=value)


def _windows(x: Array, k: tuple[int, int], s: tuple[int, int], d: tuple[int, int]) -> Array:
    """[N, C, OH, OW, kh, kw] view of an input padded to the extent its windows cover."""
    span = ((k[0] - 1) * d[0] + 1, (k[1] - 1) * d[1] + 1)
    return sliding_window_view(x, span, axis=(2, 3))[:, :, ::s[0], ::s[1], ::d[0], ::d[1]]


def _window_geometry(attrs: dict, x: Array) -> tuple[tuple, tuple, tuple, tuple[int, int, int, int, int, int]]:
    """Kernel, stride, dilation and (top, bottom, left, right, far bottom, far right): the declared padding, and
    the padding of the far sides that makes the input end where the last window does (it overhangs in ceil_mode;
    in floor mode it is negative where rows and columns are left over)."""
    k, s, d = pair(attrs["kernel_size"]), pair(attrs["stride"]), pair(attrs.get("dilation", 1))
    h, w = x.shape[2:]
    top, bottom, left, right = resolve_padding(attrs["padding"], k, s, d, (h, w))
    ceil = attrs.get("ceil_mode", False)
    oh = window_out(h, k[0], s[0], d[0], top, bottom, ceil)
    ow = window_out(w, k[1], s[1], d[1], left, right, ceil)
    far_bottom = (oh - 1) * s[0] + (k[0] - 1) * d[0] + 1 - h - top
    far_right = (ow - 1) * s[1] + (k[1] - 1) * d[1] + 1 - w - left
    return k, s, d, (top, bottom, left, right, far_bottom, far_right)


def conv2d(x: Array, attrs: dict, weight: Array, bias: Array | None) -> Array:
    k, s, d, (top, _, left, _, bottom, right) = _window_geometry(attrs, x)
    win = _windows(_pad_hw(x, top, bottom, left, right, 0.0), k, s, d)
    groups = attrs["groups"]
    cg, og = x.shape[1] // groups, weight.shape[0] // groups
    parts = [np.tensordot(win[:, g * cg:(g + 1) * cg], weight[g * og:(g + 1) * og], axes=([1, 4, 5], [1, 2, 3]))
             for g in range(groups)]
    out = np.concatenate(parts, axis=-1).transpose(0, 3, 1, 2)
    return out + bias[None, :, None, None] if bias is not None else out


def max_pool2d(x: Array, attrs: dict) -> Array:
    k, s, d, (top, _, left, _, bottom, right) = _window_geometry(attrs, x)
    return _windows(_pad_hw(x, top, bottom, left, right, -np.inf), k, s, d).max(axis=(4, 5))


def avg_pool2d(x: Array, attrs: dict) -> Array:
    """Divisor as PyTorch: padded cells count iff count_include_pad; ceil_mode overhang never counts."""
    k, s, d, (top, pb, left, pr, bottom, right) = _window_geometry(attrs, x)
    total = _windows(_pad_hw(x, top, bottom, left, right, 0.0), k, s, d).sum(axis=(4, 5))
    h, w = x.shape[2:]
    if attrs["count_include_pad"]:
        region = _pad_hw(np.ones((1, 1, h + top + pb, w + left + pr), x.dtype), 0, bottom - pb, 0, right - pr, 0.0)
    else:
        region = _pad_hw(np.ones((1, 1, h, w), x.dtype), top, bottom, left, right, 0.0)
    return total / _windows(region, k, s, d).sum(axis=(4, 5))


def adaptive_avg_pool2d(x: Array, attrs: dict) -> Array:
    """PyTorch's bins: [floor(i*H/out), ceil((i+1)*H/out)); one loop step per output cell."""
    oh, ow = pair(attrs["output_size"])
    h, w = x.shape[2:]
    rows = [(i * h // oh, -(-(i + 1) * h // oh)) for i in range(oh)]
    cols = [(j * w // ow, -(-(j + 1) * w // ow)) for j in range(ow)]
    out = np.empty(x.shape[:2] + (oh, ow), x.dtype)
    for i, (r0, r1) in enumerate(rows):
        for j, (c0, c1) in enumerate(cols):
            out[:, :, i, j] = x[:, :, r0:r1, c0:c1].mean(axis=(2, 3))
    return out


def channel_window_sum(v: Array, size: int) -> Array:
    """Sum of v over the `size` channels centred on each channel (PyTorch's LRN window), zero beyond the edges."""
    padded = np.pad(v, ((0, 0), (size // 2, (size - 1) // 2), (0, 0), (0, 0)))
    csum = np.concatenate([np.zeros_like(padded[:, :1]), np.cumsum(padded, axis=1)], axis=1)
    return csum[:, size:] - csum[:, :-size]


def local_response_norm(x: Array, attrs: dict) -> Array:
    """x / (k + alpha/size * sum of x^2 over `size` neighbouring channels)^beta, zero beyond the edges."""
    size = attrs["size"]
    return x / (attrs["k"] + attrs["alpha"] / size * channel_window_sum(x * x, size)) ** attrs["beta"]


def channel_shuffle(x: Array, groups: int) -> Array:
    """Channels as a (groups, C / groups) grid, transposed and read back: torchvision's view, transpose, view."""
    n, c, h, w = x.shape
    return x.reshape(n, groups, c // groups, h, w).transpose(0, 2, 1, 3, 4).reshape(n, c, h, w)


def batch_norm(x: Array, attrs: dict, weight: Array, bias: Array, mean: Array, var: Array) -> Array:
    """Normalise by (mean, var): the running statistics in eval mode, the batch's in train mode."""
    def c(v: Array) -> Array:
        return v[None, :, None, None]
    return (x - c(mean)) / np.sqrt(c(var) + attrs["eps"]) * c(weight) + c(bias)


def normalise(x: Array, axes: tuple[int, ...], eps: float) -> Array:
    """(x - mean) / sqrt(biased variance + eps), the statistics taken over `axes`."""
    return (x - x.mean(axis=axes, keepdims=True)) / np.sqrt(x.var(axis=axes, keepdims=True) + eps)


def group_shape(x: Array, groups: int) -> tuple[int, ...]:
    """x's shape with the channels split into (groups, channels per group)."""
    return (x.shape[0], groups, x.shape[1] // groups, *x.shape[2:])


def group_norm(x: Array, groups: int, eps: float, weight: Array, bias: Array) -> Array:
    """Per sample, over each group of channels and all of H, W; then a per-channel affine."""
    grouped = x.reshape(group_shape(x, groups))
    out = normalise(grouped, tuple(range(2, grouped.ndim)), eps).reshape(x.shape)
    return out * weight[None, :, None, None] + bias[None, :, None, None]


def layer_norm(x: Array, eps: float, weight: Array, bias: Array) -> Array:
    """Per sample, over every non-batch axis; elementwise affine of that shape."""
    return normalise(x, tuple(range(1, x.ndim)), eps) * weight[None] + bias[None]


@dataclass(frozen=True)
class BatchStats:
    """What a train-mode batch norm saw: per-channel mean, biased variance, and values per channel."""

    mean: Array
    var: Array
    count: int

    def updated_running(self, attrs: dict, running_mean: Array, running_var: Array,
                        bessel: bool) -> tuple[Array, Array]:
        """Running statistics after one step, momentum in the spec's (PyTorch) convention. `bessel`:
        the framework folds in the unbiased variance n/(n-1) * var (PyTorch) rather than var (Paddle, Keras)."""
        m = attrs["momentum"]
        var = self.var * self.count / (self.count - 1) if bessel else self.var
        return (1 - m) * running_mean + m * self.mean, (1 - m) * running_var + m * var


def softmax(x: Array, axis: int = 1) -> Array:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x: Array, axis: int = 1) -> Array:
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def sigmoid(x: Array) -> Array:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # no overflow for large |x|


def relu6(x: Array) -> Array:
    return np.clip(x, 0.0, 6.0)


def hardsigmoid(x: Array) -> Array:
    return relu6(x + 3.0) / 6.0


ACTIVATIONS: dict[str, Callable[[Array], Array]] = {
    "relu": lambda x: np.maximum(x, 0.0), "relu6": relu6, "hardswish": lambda x: x * hardsigmoid(x),
    "hardsigmoid": hardsigmoid, "tanh": np.tanh, "sigmoid": sigmoid, "softmax": softmax, "log_softmax": log_softmax,
}

# the activations whose derivative jumps, and the inputs where it does: the branch taken depends on which side
KINK_POINTS: dict[str, tuple[float, ...]] = {"relu": (0.0,), "relu6": (0.0, 6.0), "hardswish": (-3.0, 3.0),
                                              "hardsigmoid": (-3.0, 3.0)}
KINKS = (*KINK_POINTS, "max_pool2d")  # max pool's branch depends on its inputs' order


def _apply(node: Node, inputs: list[Array], weights: dict[str, Array], stats: dict[str, BatchStats] | None,
           kinks: dict[tuple[str, str], Array] | None) -> Array:
    """One primitive; `stats` is None in eval mode, else it collects each batch norm's batch statistics; `kinks`
    receives the value each kink op decides its branch on, by (path, op): a max pool's input, a ReLU's input (the
    pre-activation where the ReLU is fused)."""
    if kinks is not None and node.op in KINKS:
        kinks[node.path, node.op] = inputs[0]
    out = apply_op(node, inputs, weights, stats)
    activation = node.attrs.get("activation")
    if kinks is not None and activation in KINKS:
        kinks[node.path, activation] = out
    return ACTIVATIONS[activation](out) if activation else out


def apply_op(node: Node, inputs: list[Array], weights: dict[str, Array], stats: dict[str, BatchStats] | None) -> Array:
    """One primitive without the activation it fuses (see _apply)."""
    a, x = node.attrs, inputs[0]

    def w(name: str) -> Array:
        return weights[f"{node.path}.{name}"]

    op = node.op
    if op == "conv2d":
        out = conv2d(x, a, w("weight"), w("bias") if a["bias"] else None)
    elif op == "linear":
        out = x @ w("weight").T + (w("bias") if a["bias"] else 0.0)
    elif op == "batch_norm" and stats is None:
        out = batch_norm(x, a, w("weight"), w("bias"), w("running_mean"), w("running_var"))
    elif op == "batch_norm":
        stats[node.path] = BatchStats(x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3)), x.size // x.shape[1])
        out = batch_norm(x, a, w("weight"), w("bias"), stats[node.path].mean, stats[node.path].var)
    elif op == "group_norm":
        out = group_norm(x, a["groups"], a["eps"], w("weight"), w("bias"))
    elif op == "instance_norm":
        out = group_norm(x, x.shape[1], a["eps"], w("weight"), w("bias"))
    elif op == "layer_norm":
        out = layer_norm(x, a["eps"], w("weight"), w("bias"))
    elif op == "max_pool2d":
        out = max_pool2d(x, a)
    elif op == "avg_pool2d":
        out = avg_pool2d(x, a)
    elif op == "adaptive_avg_pool2d":
        out = adaptive_avg_pool2d(x, a)
    elif op == "local_response_norm":
        out = local_response_norm(x, a)
    elif op == "dropout":
        out = x
    elif op == "flatten":
        out = x.reshape(x.shape[0], -1)  # pragma: no mutate: NumPy reads any negative size as the rest
    elif op in ACTIVATIONS:
        out = ACTIVATIONS[op](x)
    elif op == "concat":
        out = np.concatenate(inputs, axis=1)
    elif op == "chunk":
        out = np.split(x, a["chunks"], axis=1)[a["index"]]
    elif op == "channel_shuffle":
        out = channel_shuffle(x, a["groups"])
    elif op == "add":
        out = sum(inputs[1:], inputs[0])
    elif op == "multiply":
        out = inputs[0] * inputs[1]
    else:
        raise AssertionError(f"oracle has no rule for op '{op}'")
    return out


def _run_scope(nodes: list[Node], x: Array, weights: dict[str, Array], trace: dict[str, Array] | None,
               stats: dict[str, BatchStats] | None, kinks: dict[tuple[str, str], Array] | None) -> dict:
    values: dict[str, Array] = {INPUT: x}
    for node in nodes:
        inputs = [values[i] for i in node.inputs]
        if node.is_primitive:
            out = _apply(node, inputs, weights, stats, kinks)
        else:
            inner = _run_scope(node.children, inputs[0], weights, trace, stats, kinks)
            out = inner[node.output]
        values[node.name] = out
        if trace is not None:
            trace[node.path] = out
    return values


def forward(model: Model, x: Array, weights: dict[str, Array], trace: dict[str, Array] | None = None,
            batch_stats: dict[str, BatchStats] | None = None, aux: dict[str, Array] | None = None,
            kinks: dict[tuple[str, str], Array] | None = None, dtype: type = np.float64) -> Array:
    """Float64 forward of canonical NCHW input; fills `trace` with every node's output by path (in forward
    order). Eval mode unless `batch_stats` is given: then train mode, and it receives each batch norm's
    statistics by path; `aux` receives the auxiliary classifiers' logits by name; `kinks` the values the kink
    ops branch on (see _apply). `dtype=np.float32` computes in fp32 throughout: a rounding scale no framework
    sets."""
    expected = (x.shape[0], *model.input_shape)
    if x.ndim != 4 or x.shape != expected:
        raise ValueError(f"input shape {x.shape} does not match the spec's {expected}")
    x = np.asarray(x, dtype=dtype)
    weights = {k: np.asarray(v, dtype=dtype) for k, v in weights.items()}
    values = _run_scope(model.nodes, x, weights, trace, batch_stats, kinks)
    if aux is not None:
        aux.update({name: values[name] for name in model.aux})
    return values[model.output]


def log_probabilities(kind: str, out: Array) -> Array:
    """Log-probabilities of an output read as `kind` (Model.output_kind)."""
    if kind == "probabilities":
        return np.log(out)
    if kind == "binary_logit":
        return -np.logaddexp(0.0, np.concatenate([out, -out], axis=1))  # log sigmoid(-z), log sigmoid(z)
    return out if kind == "log_probabilities" else log_softmax(out)


def cross_entropy(model: Model, out: Array, labels: Array, aux: dict[str, Array] | None = None) -> float:
    """Mean cross-entropy of `out` against integer `labels`, reading the output as Model.output_kind says;
    plus, with `aux` (train mode), each auxiliary classifier's cross-entropy on logits times its weight."""
    rows = np.arange(len(labels))
    loss = -log_probabilities(model.output_kind, out)[rows, labels].mean()
    for name, value in (aux or {}).items():
        loss += model.aux[name] * -log_probabilities("logits", value)[rows, labels].mean()
    return float(loss)


def training_loss(model: Model, x: Array, weights: dict[str, Array], labels: Array) -> float:
    """The train-mode loss a framework's training step computes: batch statistics, auxiliary classifiers."""
    aux: dict[str, Array] = {}
    out = forward(model, x, weights, batch_stats={}, aux=aux)
    return cross_entropy(model, out, labels, aux)
