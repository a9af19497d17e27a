"""The op registry: every op of the spec language declared once, with its fields,
arity, shape rule and parameter shapes. Loader, oracle, audit and renderers all read it.

Shapes here exclude the batch axis and are canonical NCHW: (C, H, W) or (F,).
Canonical parameter layouts: conv weight OIHW ([out, in/groups, kh, kw]), linear weight
[out, in], batch norm weight/bias/running_mean/running_var of shape [C].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

REQUIRED = object()
ACTIVATIONS = ("relu", "relu6", "hardswish", "hardsigmoid", "tanh", "sigmoid", "softmax", "log_softmax")
# the activations a block may take as an argument (`op: "${activation_layer}"`): elementwise, with no fields, so
# that each framework passes one as a class or a name (torchvision's and paddle.vision's `activation_layer`)
ELEMENTWISE_ACTIVATIONS = ("relu", "relu6", "hardswish", "hardsigmoid", "tanh", "sigmoid")

Shape = tuple[int, ...]


@dataclass(frozen=True)
class Field:
    """One argument of an op: its accepted kinds ("int", "float", "bool", "pair", "padding", or a tuple of choices)
    and, for numbers, their range (a key of RANGES)."""

    kind: Any
    default: Any = REQUIRED
    doc: str = ""
    range: str | None = None


# name -> (test on one number, what the message says it must be)
MAX_SIZE = 1 << 20  # the largest channel count, kernel, stride, padding or image side a spec may ask for

RANGES: dict[str, tuple[Callable[[float], bool], str]] = {
    "size": (lambda v: 1 <= v <= MAX_SIZE, f"between 1 and {MAX_SIZE}"),
    "padding": (lambda v: 0 <= v <= MAX_SIZE, f"between 0 and {MAX_SIZE}"),
    "positive": (lambda v: v > 0, "greater than 0"),
    "nonnegative": (lambda v: v >= 0, "0 or more"),
    "fraction": (lambda v: 0 <= v <= 1, "in [0, 1]"),
    "probability": (lambda v: 0 <= v < 1, "in [0, 1)"),
}


def out_of_range(field: Field, value: Any) -> str | None:
    """What a resolved value must be when it is outside its field's range, else None."""
    if field.range is None or value is None or isinstance(value, (str, bool)):
        return None
    test, text = RANGES[field.range]
    numbers = value if isinstance(value, list) else [value]
    return None if all(test(v) for v in numbers) else text


@dataclass(frozen=True)
class OpDef:
    name: str
    doc: str
    fields: dict[str, Field]
    infer: Callable[[dict, list[Shape]], Shape]
    arity: int | None = 1  # None: two or more inputs
    params: Callable[[dict, list[Shape]], dict[str, Shape]] = lambda a, s: {}
    buffers: Callable[[dict, list[Shape]], dict[str, Shape]] = lambda a, s: {}
    in_field: str | None = None  # optional declared input size, checked against inference
    stateless: bool = False  # no parameters, no per-layer configuration beyond fields


def pair(value: int | list[int]) -> tuple[int, int]:
    return (value, value) if isinstance(value, int) else (int(value[0]), int(value[1]))


def resolve_padding(padding: Any, kernel: tuple[int, int], stride: tuple[int, int],
                    dilation: tuple[int, int], hw: tuple[int, int]) -> tuple[int, int, int, int]:
    """Padding as (top, bottom, left, right). 'same' follows TensorFlow: the odd pixel goes bottom/right."""
    if padding == "valid":
        return (0, 0, 0, 0)
    if padding == "same":
        pads = []
        for size, k, s, d in zip(hw, kernel, stride, dilation):
            total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
            pads += [total // 2, total - total // 2]
        return tuple(pads)
    ph, pw = pair(padding)
    return (ph, ph, pw, pw)


def window_out(size: int, k: int, s: int, d: int, pad_lo: int, pad_hi: int, ceil_mode: bool = False) -> int:
    """Output length of a sliding window; ceil_mode as PyTorch defines it (last window starts inside the input)."""
    span = size + pad_lo + pad_hi - d * (k - 1) - 1
    if not ceil_mode:
        return span // s + 1
    out = -(-span // s) + 1
    if (out - 1) * s >= size + pad_lo:
        out -= 1
    return out


def _require_chw(shapes: list[Shape]) -> tuple[int, int, int]:
    if len(shapes[0]) != 3:
        raise ValueError(f"expects a (C, H, W) input, got {_fmt(shapes[0])}")
    return shapes[0]


def _fmt(shape: Shape) -> str:
    return "(" + ", ".join(map(str, shape)) + ")"


def _window_infer(attrs: dict, shapes: list[Shape], out_channels: int | None = None) -> Shape:
    c, h, w = _require_chw(shapes)
    k, s = pair(attrs["kernel_size"]), pair(attrs["stride"])
    d = pair(attrs.get("dilation", 1))
    top, bottom, left, right = resolve_padding(attrs["padding"], k, s, d, (h, w))
    ceil = attrs.get("ceil_mode", False)
    oh, ow = window_out(h, k[0], s[0], d[0], top, bottom, ceil), window_out(w, k[1], s[1], d[1], left, right, ceil)
    if oh < 1 or ow < 1:
        raise ValueError(f"kernel {k} does not fit the input {_fmt((c, h, w))}")
    return (c if out_channels is None else out_channels, oh, ow)


def _conv_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    c = _require_chw(shapes)[0]
    g = attrs["groups"]
    if c % g or attrs["out_channels"] % g:
        raise ValueError(f"groups={g} must divide in_channels={c} and out_channels={attrs['out_channels']}")
    return _window_infer(attrs, shapes, attrs["out_channels"])


def _conv_params(attrs: dict, shapes: list[Shape]) -> dict[str, Shape]:
    kh, kw = pair(attrs["kernel_size"])
    params = {"weight": (attrs["out_channels"], shapes[0][0] // attrs["groups"], kh, kw)}
    if attrs["bias"]:
        params["bias"] = (attrs["out_channels"],)
    return params


def _pool_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    k = pair(attrs["kernel_size"])
    if not isinstance(attrs["padding"], str) and any(p > kk // 2 for p, kk in zip(pair(attrs["padding"]), k)):
        raise ValueError(f"padding {attrs['padding']} must be at most half the kernel {k}")
    return _window_infer(attrs, shapes)


def _adaptive_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    c, _, _ = _require_chw(shapes)
    oh, ow = pair(attrs["output_size"])
    return (c, oh, ow)


def _linear_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    if len(shapes[0]) != 1:
        raise ValueError(f"expects a flat (features,) input, got {_fmt(shapes[0])}: add a flatten step before it")
    return (attrs["out_features"],)


def _linear_params(attrs: dict, shapes: list[Shape]) -> dict[str, Shape]:
    params = {"weight": (attrs["out_features"], shapes[0][0])}
    if attrs["bias"]:
        params["bias"] = (attrs["out_features"],)
    return params


def _bn_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    _require_chw(shapes)
    return shapes[0]


def _same(attrs: dict, shapes: list[Shape]) -> Shape:
    return shapes[0]


def _flatten_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    return (math.prod(shapes[0]),)


def _concat_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    first = shapes[0]
    for s in shapes[1:]:
        if len(s) != len(first) or s[1:] != first[1:]:
            raise ValueError(f"inputs {', '.join(map(_fmt, shapes))} differ outside the channel axis")
    return (sum(s[0] for s in shapes), *first[1:])


def _broadcast(shapes: list[Shape]) -> Shape:
    out = shapes[0]
    for s in shapes[1:]:
        if len(s) != len(out) or any(a != b and 1 not in (a, b) for a, b in zip(s, out)):
            raise ValueError(f"inputs {', '.join(map(_fmt, shapes))} do not broadcast")
        out = tuple(max(a, b) for a, b in zip(s, out))
    return out


def _elementwise_add(attrs: dict, shapes: list[Shape]) -> Shape:
    if len(set(shapes)) > 1:
        raise ValueError(f"inputs {', '.join(map(_fmt, shapes))} must have equal shapes")
    return shapes[0]  # pragma: no mutate: every input has this shape


def _multiply_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    out = _broadcast(shapes)
    if out != shapes[0]:
        raise ValueError(f"the second input {_fmt(shapes[1])} must broadcast to the first {_fmt(shapes[0])}")
    return out


def _chunk_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    c, h, w = _require_chw(shapes)
    chunks, index = attrs["chunks"], attrs["index"]
    if c % chunks:
        raise ValueError(f"chunks={chunks} must divide the {c} input channels")
    if index >= chunks:
        raise ValueError(f"index={index} must be below chunks={chunks}")
    return (c // chunks, h, w)


def _channel_shuffle_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    c = _require_chw(shapes)[0]
    if c % attrs["groups"]:
        raise ValueError(f"groups={attrs['groups']} must divide the {c} input channels")
    return shapes[0]


def _bn_params(attrs: dict, shapes: list[Shape]) -> dict[str, Shape]:
    return {"weight": (shapes[0][0],), "bias": (shapes[0][0],)}


def _bn_buffers(attrs: dict, shapes: list[Shape]) -> dict[str, Shape]:
    return {"running_mean": (shapes[0][0],), "running_var": (shapes[0][0],)}


def _group_norm_infer(attrs: dict, shapes: list[Shape]) -> Shape:
    c = _require_chw(shapes)[0]
    if c % attrs["groups"]:
        raise ValueError(f"groups={attrs['groups']} must divide the {c} input channels")
    return shapes[0]


def _layer_norm_params(attrs: dict, shapes: list[Shape]) -> dict[str, Shape]:
    return {"weight": shapes[0], "bias": shapes[0]}


_PADDING = Field("padding", 0, "'valid', 'same' (TensorFlow rule), an int or [pad_h, pad_w]", "padding")
_ACTIVATION = Field(ACTIVATIONS + (None,), None, "activation fused into the layer's call")
_STRIDE = Field("pair", None, "defaults to kernel_size", "size")
_EPS = Field("float", 1e-5, range="positive")

OPS: dict[str, OpDef] = {op.name: op for op in [
    OpDef("conv2d", "2-D convolution (cross-correlation), weight OIHW.", {
        "out_channels": Field("int", range="size"), "kernel_size": Field("pair", range="size"),
        "stride": Field("pair", 1, range="size"), "padding": _PADDING, "dilation": Field("pair", 1, range="size"),
        "groups": Field("int", 1, range="size"), "bias": Field("bool", True), "activation": _ACTIVATION,
        "in_channels": Field("int", None, range="size"),
    }, _conv_infer, params=_conv_params, in_field="in_channels"),
    OpDef("max_pool2d", "Max pooling; padded cells never win.", {
        "kernel_size": Field("pair", range="size"), "stride": _STRIDE, "padding": _PADDING,
        "ceil_mode": Field("bool", False),
    }, _pool_infer),
    OpDef("avg_pool2d", "Average pooling; count_include_pad as in PyTorch (Paddle calls its negation `exclusive`).", {
        "kernel_size": Field("pair", range="size"), "stride": _STRIDE, "padding": _PADDING,
        "ceil_mode": Field("bool", False), "count_include_pad": Field("bool", True),
    }, _pool_infer),
    OpDef("adaptive_avg_pool2d", "Adaptive average pooling to output_size (1: global average pooling).", {
        "output_size": Field("pair", 1, range="size"),
    }, _adaptive_infer),
    OpDef("local_response_norm", "LRN across channels, PyTorch convention: x / (k + alpha/size * sum(x^2))^beta.", {
        "size": Field("int", range="size"), "alpha": Field("float", 1e-4, range="nonnegative"),
        "beta": Field("float", 0.75, range="nonnegative"), "k": Field("float", 1.0, range="positive"),
    }, _bn_infer),
    OpDef("batch_norm", "Batch norm over channels; momentum in PyTorch convention: new = (1-m)*running + m*batch.", {
        "eps": _EPS, "momentum": Field("float", 0.1, range="fraction"), "num_features": Field("int", None, range="size"),
    }, _bn_infer, params=_bn_params, buffers=_bn_buffers, in_field="num_features"),
    OpDef("group_norm", "Group norm: per sample, over each group of channels and H, W; affine per channel. "
          "Same statistics in train and eval mode.", {
        "groups": Field("int", range="size"), "eps": _EPS, "num_channels": Field("int", None, range="size"),
    }, _group_norm_infer, params=_bn_params, in_field="num_channels"),
    OpDef("instance_norm", "Instance norm: per sample and channel, over H, W; affine per channel; no running "
          "statistics (PyTorch's InstanceNorm2d(affine=True)).", {
        "eps": _EPS, "num_features": Field("int", None, range="size"),
    }, _bn_infer, params=_bn_params, in_field="num_features"),
    OpDef("layer_norm", "Layer norm: per sample, over every non-batch axis; elementwise affine of the input's "
          "shape (PyTorch's LayerNorm(normalized_shape=input shape)).", {
        "eps": _EPS,
    }, _same, params=_layer_norm_params),
    OpDef("dropout", "Dropout with drop probability p; identity in eval mode.", {"p": Field("float", 0.5, range="probability")}, _same),
    OpDef("linear", "Fully connected layer, weight [out, in].", {
        "out_features": Field("int", range="size"), "bias": Field("bool", True), "activation": _ACTIVATION,
        "in_features": Field("int", None, range="size"),
    }, _linear_infer, params=_linear_params, in_field="in_features"),
    OpDef("flatten", "Flatten (C, H, W) to (C*H*W,) in NCHW order.", {}, _flatten_infer, stateless=True),
    OpDef("relu", "max(x, 0).", {}, _same, stateless=True),
    OpDef("relu6", "min(max(x, 0), 6) (MobileNet v2's activation; Keras' ReLU(max_value=6)).", {}, _same,
          stateless=True),
    OpDef("hardswish", "x * relu6(x + 3) / 6 (MobileNet v3).", {}, _same, stateless=True),
    OpDef("hardsigmoid", "relu6(x + 3) / 6, a slope of exactly 1/6 (MobileNet v3's squeeze-excite gate).", {},
          _same, stateless=True),
    OpDef("tanh", "Hyperbolic tangent.", {}, _same, stateless=True),
    OpDef("sigmoid", "Logistic sigmoid.", {}, _same, stateless=True),
    OpDef("softmax", "Softmax over the channel / feature axis.", {}, _same, stateless=True),
    OpDef("log_softmax", "Log of the softmax over the channel / feature axis (an output for an NLL loss).", {}, _same,
          stateless=True),
    OpDef("concat", "Concatenate along channels.", {}, _concat_infer, arity=None, stateless=True),
    OpDef("chunk", "Part `index` of the channels cut into `chunks` equal parts (ShuffleNet v2's channel split: "
          "torch's x.chunk(chunks, dim=1)[index]).", {
        "chunks": Field("int", range="size"), "index": Field("int", range="nonnegative"),
    }, _chunk_infer, stateless=True),
    OpDef("channel_shuffle", "Channels read as a (groups, C / groups) grid and transposed (ShuffleNet's shuffle: "
          "output channel j * groups + g is input channel g * C / groups + j).", {
        "groups": Field("int", range="size"),
    }, _channel_shuffle_infer, stateless=True),
    OpDef("add", "Elementwise sum of equal shapes (residual).", {}, _elementwise_add, arity=None, stateless=True),
    OpDef("multiply", "Elementwise product; the second input broadcasts (squeeze-excite scale).",
          {}, _multiply_infer, arity=2, stateless=True),
]}


def field_kind_ok(kind: Any, value: Any) -> bool:
    """Whether a resolved value fits a field kind."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if isinstance(kind, tuple):
        return value in kind
    if kind == "int":
        return is_int
    if kind == "float":
        return is_int or isinstance(value, float)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "pair":
        return is_int or (isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value))
    if kind == "padding":
        return value in ("valid", "same") or field_kind_ok("pair", value)
    raise AssertionError(kind)


KIND_TEXT = {"int": "an integer", "float": "a number", "bool": "true or false",
             "pair": "an integer or [h, w]", "padding": "'valid', 'same', an integer or [h, w]"}
