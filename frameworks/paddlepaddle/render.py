"""PaddlePaddle spellings for the shared module renderer (the seed 000 listing's style): one small
function per op. Paddle's conventions differ from the spec's (PyTorch's) in places, each noted."""

from __future__ import annotations

from collections.abc import Callable

from ..codegen import Src, Step, fmt
from ..module_render import ModuleRenderer, kw
from ..spelling import explicit_padding, in_features_src, normalized_shape_src, part


def _padding(value):
    return "SAME" if value == "same" else explicit_padding(value)


def _conv(r: ModuleRenderer, step: Step, owner: str) -> str:
    f = step.fields
    padding = _padding(f["padding"])
    args = [f"in_channels={fmt(step.in_channels)}", f"out_channels={fmt(f['out_channels'])}",
            f"kernel_size={fmt(f['kernel_size'])}"]
    args += kw(step, [("stride", "stride")])
    args += [f"padding={fmt(padding)}"] if padding is not None else []
    args += kw(step, [("dilation", "dilation"), ("groups", "groups"), ("bias", "bias_attr")])
    return f"nn.Conv2D({', '.join(args)})"


def _linear(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [f"in_features={fmt(in_features_src(step))}", f"out_features={fmt(step.fields['out_features'])}"]
    return f"nn.Linear({', '.join(args + kw(step, [('bias', 'bias_attr')]))})"


def _batch_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    # Paddle's momentum is the weight of the running value: 1 - the spec's (PyTorch) momentum.
    momentum = step.given("momentum")
    args = [fmt(step.in_channels)]
    if momentum is not None:
        args.append(f"momentum={fmt(Src(f'1 - {momentum}') if isinstance(momentum, Src) else 1 - momentum)}")
    args += kw(step, [("eps", "epsilon")])
    return f"nn.BatchNorm2D({', '.join(args)})"


def _group_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [f"num_groups={fmt(step.fields['groups'])}", f"num_channels={fmt(step.in_channels)}"]
    return f"nn.GroupNorm({', '.join(args + kw(step, [('eps', 'epsilon')]))})"


def _instance_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    return f"nn.InstanceNorm2D({', '.join([fmt(step.in_channels)] + kw(step, [('eps', 'epsilon')]))})"


def _layer_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    shape = normalized_shape_src(step)
    if shape is None:
        raise r.fail(owner, step, "nn.LayerNorm needs one input shape for every instance of the layer")
    return f"nn.LayerNorm({', '.join([shape] + kw(step, [('eps', 'epsilon')]))})"


def _pool(r: ModuleRenderer, step: Step, owner: str) -> str:
    f = step.fields
    padding = _padding(f["padding"])
    args = [f"kernel_size={fmt(f['kernel_size'])}", f"stride={fmt(f['stride'])}"]
    args += [f"padding={fmt(padding)}"] if padding is not None else []
    args += kw(step, [("ceil_mode", "ceil_mode")])
    if step.op == "avg_pool2d" and f["count_include_pad"] and (padding is not None or f["ceil_mode"]):
        args.append("exclusive=False")  # Paddle excludes padding by default; the spec counts it
    return f"nn.{'MaxPool2D' if step.op == 'max_pool2d' else 'AvgPool2D'}({', '.join(args)})"


def _lrn(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [fmt(step.fields["size"])] + kw(step, [("alpha", "alpha"), ("beta", "beta"), ("k", "k")])
    return f"nn.LocalResponseNorm({', '.join(args)})"


CONSTRUCTORS: dict[str, Callable[[ModuleRenderer, Step, str], str]] = {
    "conv2d": _conv, "linear": _linear, "batch_norm": _batch_norm, "group_norm": _group_norm,
    "instance_norm": _instance_norm, "layer_norm": _layer_norm, "max_pool2d": _pool, "avg_pool2d": _pool,
    "adaptive_avg_pool2d": lambda r, step, owner: f"nn.AdaptiveAvgPool2D({fmt(step.fields['output_size'])})",
    "local_response_norm": _lrn,
    "dropout": lambda r, step, owner: f"nn.Dropout(p={fmt(step.fields['p'])})",
}

STATELESS: dict[str, Callable[[list[str], dict], str]] = {
    "relu": lambda a, f: f"F.relu({a[0]})", "relu6": lambda a, f: f"F.relu6({a[0]})",
    "hardswish": lambda a, f: f"F.hardswish({a[0]})", "hardsigmoid": lambda a, f: f"F.relu6({a[0]} + 3) / 6",
    "tanh": lambda a, f: f"paddle.tanh({a[0]})",
    "sigmoid": lambda a, f: f"F.sigmoid({a[0]})", "softmax": lambda a, f: f"F.softmax({a[0]}, axis=1)",
    "log_softmax": lambda a, f: f"F.log_softmax({a[0]}, axis=1)",
    "flatten": lambda a, f: f"paddle.reshape({a[0]}, [{a[0]}.shape[0], -1])",
    "concat": lambda a, f: f"paddle.concat([{', '.join(a)}], axis=1)",
    "chunk": lambda a, f: f"paddle.chunk({a[0]}, {fmt(f['chunks'])}, axis=1){part(f)}",
    "channel_shuffle": lambda a, f: f"F.channel_shuffle({a[0]}, {fmt(f['groups'])})",
    "add": lambda a, f: " + ".join(a), "multiply": lambda a, f: " * ".join(a),
}


# Paddle's hard-sigmoid keeps its slope in float32 (F.hardsigmoid's default 0.1666667, measured 1.0e-7 off 1/6 in
# float64; slope=1 / 6 still 1.5e-8): the functional form is written exactly as relu6(x + 3) / 6, and only a
# Sequential, which takes modules, gets nn.Hardsigmoid
MODULES = {"relu": "nn.ReLU()", "relu6": "nn.ReLU6()", "hardswish": "nn.Hardswish()",
           "hardsigmoid": "nn.Hardsigmoid()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()", "softmax": "nn.Softmax(axis=1)",
           "log_softmax": "nn.LogSoftmax(axis=1)", "flatten": "nn.Flatten()"}


class PaddleRenderer(ModuleRenderer):
    framework = "paddle"
    imports = ["import paddle", "import paddle.nn.functional as F", "from paddle import nn"]
    base_class = "nn.Layer"
    tensor = "paddle.Tensor"
    constructors = CONSTRUCTORS
    stateless_ops = STATELESS
    stateless_modules = MODULES

    def named_sequential(self, items: list[str]) -> str:
        return f"nn.Sequential({', '.join(items)})"  # (name, layer) pairs
