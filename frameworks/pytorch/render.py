"""PyTorch spellings for the shared module renderer (torchvision's style): one small function per op."""

from __future__ import annotations

from collections.abc import Callable

from shared_specs.ops import pair, resolve_padding

from ..codegen import Step, fmt
from ..module_render import ModuleRenderer, kw
from ..spelling import explicit_padding, in_features_src, normalized_shape_src, part


def strided_same_paddings(step: Step) -> set[tuple[int, int, int, int]]:
    """A strided 'same' convolution's (top, bottom, left, right) paddings over its instances, TensorFlow's, which
    torch.nn.Conv2d does not compute (it takes 'same' at stride 1 only); none for any other convolution."""
    if step.op != "conv2d" or step.fields["padding"] != "same" or all(
            n.attrs["stride"] in (1, [1, 1]) for n in step.instances):
        return set()
    return {resolve_padding("same", pair(n.attrs["kernel_size"]), pair(n.attrs["stride"]), pair(n.attrs["dilation"]),
                            n.in_shapes[0][1:]) for n in step.instances}


def _conv(r: ModuleRenderer, step: Step, owner: str) -> str:
    f = step.fields
    padding = explicit_padding(f["padding"])
    if pads := strided_same_paddings(step):  # even: the convolution's own; else the input is padded first
        if len(pads) > 1:
            raise r.fail(owner, step, f"its instances need different 'same' paddings at their stride "
                                      f"({', '.join(map(str, sorted(pads)))}), which one torch layer cannot hold")
        top, bottom, left, right = next(iter(pads))
        even = (top, left) == (bottom, right)
        padding = (top if top == left else [top, left]) if even and top + left else None
    args = [fmt(step.in_channels), fmt(f["out_channels"]), f"kernel_size={fmt(f['kernel_size'])}"]
    args += kw(step, [("stride", "stride")])
    args += [f"padding={fmt(padding)}"] if padding is not None else []
    args += kw(step, [("dilation", "dilation"), ("groups", "groups"), ("bias", "bias")])
    return f"nn.Conv2d({', '.join(args)})"


def _linear(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [fmt(in_features_src(step)), fmt(step.fields["out_features"])] + kw(step, [("bias", "bias")])
    return f"nn.Linear({', '.join(args)})"


def _batch_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [fmt(step.in_channels)] + kw(step, [("eps", "eps"), ("momentum", "momentum")])
    return f"nn.BatchNorm2d({', '.join(args)})"


def _group_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [fmt(step.fields["groups"]), fmt(step.in_channels)] + kw(step, [("eps", "eps")])
    return f"nn.GroupNorm({', '.join(args)})"


def _instance_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [fmt(step.in_channels)] + kw(step, [("eps", "eps")]) + ["affine=True"]
    return f"nn.InstanceNorm2d({', '.join(args)})"


def _layer_norm(r: ModuleRenderer, step: Step, owner: str) -> str:
    shape = normalized_shape_src(step)
    if shape is None:
        raise r.fail(owner, step, "nn.LayerNorm needs one input shape for every instance of the layer")
    return f"nn.LayerNorm({', '.join([shape] + kw(step, [('eps', 'eps')]))})"


def _pool(r: ModuleRenderer, step: Step, owner: str) -> str:
    f = step.fields
    if f["padding"] == "same":
        raise r.fail(owner, step, "torch pooling has no padding='same'; give explicit padding")
    padding = explicit_padding(f["padding"])
    args = [f"kernel_size={fmt(f['kernel_size'])}", f"stride={fmt(f['stride'])}"]
    args += [f"padding={fmt(padding)}"] if padding is not None else []
    args += kw(step, [("ceil_mode", "ceil_mode"), ("count_include_pad", "count_include_pad")])
    return f"nn.{'MaxPool2d' if step.op == 'max_pool2d' else 'AvgPool2d'}({', '.join(args)})"


def _lrn(r: ModuleRenderer, step: Step, owner: str) -> str:
    args = [fmt(step.fields["size"])] + kw(step, [("alpha", "alpha"), ("beta", "beta"), ("k", "k")])
    return f"nn.LocalResponseNorm({', '.join(args)})"


CONSTRUCTORS: dict[str, Callable[[ModuleRenderer, Step, str], str]] = {
    "conv2d": _conv, "linear": _linear, "batch_norm": _batch_norm, "group_norm": _group_norm,
    "instance_norm": _instance_norm, "layer_norm": _layer_norm, "max_pool2d": _pool, "avg_pool2d": _pool,
    "adaptive_avg_pool2d": lambda r, step, owner: f"nn.AdaptiveAvgPool2d({fmt(step.fields['output_size'])})",
    "local_response_norm": _lrn,
    "dropout": lambda r, step, owner: f"nn.Dropout(p={fmt(step.fields['p'])})",
}

STATELESS: dict[str, Callable[[list[str], dict], str]] = {
    "relu": lambda a, f: f"F.relu({a[0]})", "relu6": lambda a, f: f"F.relu6({a[0]})",
    "hardswish": lambda a, f: f"F.hardswish({a[0]})", "hardsigmoid": lambda a, f: f"F.hardsigmoid({a[0]})",
    "tanh": lambda a, f: f"torch.tanh({a[0]})",
    "sigmoid": lambda a, f: f"torch.sigmoid({a[0]})", "softmax": lambda a, f: f"F.softmax({a[0]}, dim=1)",
    "log_softmax": lambda a, f: f"F.log_softmax({a[0]}, dim=1)",
    "flatten": lambda a, f: f"torch.flatten({a[0]}, 1)", "concat": lambda a, f: f"torch.cat([{', '.join(a)}], dim=1)",
    "chunk": lambda a, f: f"{a[0]}.chunk({fmt(f['chunks'])}, dim=1){part(f)}",
    "channel_shuffle": lambda a, f: f"F.channel_shuffle({a[0]}, {fmt(f['groups'])})",
    "add": lambda a, f: " + ".join(a), "multiply": lambda a, f: " * ".join(a),
}


MODULES = {"relu": "nn.ReLU()", "relu6": "nn.ReLU6()", "hardswish": "nn.Hardswish()",
           "hardsigmoid": "nn.Hardsigmoid()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()", "softmax": "nn.Softmax(dim=1)",
           "log_softmax": "nn.LogSoftmax(dim=1)", "flatten": "nn.Flatten()"}


class TorchRenderer(ModuleRenderer):
    framework = "torch"
    imports = ["import torch", "import torch.nn.functional as F", "from torch import nn"]
    optional_imports = ["from collections import OrderedDict"]
    base_class = "nn.Module"
    tensor = "torch.Tensor"
    constructors = CONSTRUCTORS
    stateless_ops = STATELESS
    stateless_modules = MODULES

    def module_input(self, step: Step, arg: str) -> str:
        """An uneven strided 'same' padding added before the convolution, TensorFlow's (keras.applications')."""
        pads = strided_same_paddings(step)
        if len(pads) != 1 or (pad := next(iter(pads)))[::2] == pad[1::2]:
            return arg
        top, bottom, left, right = pad
        return f"F.pad({arg}, ({left}, {right}, {top}, {bottom}))"

    def named_sequential(self, items: list[str]) -> str:
        if len(items) == 1 and items[0].startswith("*["):  # one comprehension: the list itself
            return f"nn.Sequential(OrderedDict({items[0][1:]}))"
        return f"nn.Sequential(OrderedDict([{', '.join(items)}]))"
