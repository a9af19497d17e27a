"""PaddlePaddle spellings for the shared module renderer (the seed 000 listing's style)."""

from __future__ import annotations

from ..codegen import Src, Step, fmt
from ..module_render import ModuleRenderer, kw
from ..spelling import in_features_src


class PaddleRenderer(ModuleRenderer):
    framework = "paddle"
    imports = ["import paddle", "import paddle.nn.functional as F", "from paddle import nn"]
    base_class = "nn.Layer"
    tensor = "paddle.Tensor"

    def construct(self, step: Step, owner: str) -> str:
        op, f = step.op, step.fields
        if op == "conv2d":
            padding = None if f["padding"] in ("valid", 0) else ("SAME" if f["padding"] == "same" else f["padding"])
            args = [f"in_channels={fmt(step.in_channels)}", f"out_channels={fmt(f['out_channels'])}",
                    f"kernel_size={fmt(f['kernel_size'])}"]
            args += kw(step, [("stride", "stride")])
            args += [f"padding={fmt(padding)}"] if padding is not None else []
            args += kw(step, [("dilation", "dilation"), ("groups", "groups"), ("bias", "bias_attr")])
            return f"nn.Conv2D({', '.join(args)})"
        if op == "linear":
            args = [f"in_features={fmt(in_features_src(step))}", f"out_features={fmt(f['out_features'])}"]
            return f"nn.Linear({', '.join(args + kw(step, [('bias', 'bias_attr')]))})"
        if op == "batch_norm":
            # Paddle's momentum is the weight of the running value: 1 - the spec's (PyTorch) momentum.
            momentum = step.given("momentum")
            args = [fmt(step.in_channels)]
            if momentum is not None:
                args.append(f"momentum={fmt(Src(f'1 - {momentum}') if isinstance(momentum, Src) else 1 - momentum)}")
            args += kw(step, [("eps", "epsilon")])
            return f"nn.BatchNorm2D({', '.join(args)})"
        if op in ("max_pool2d", "avg_pool2d"):
            padding = None if f["padding"] in ("valid", 0) else ("SAME" if f["padding"] == "same" else f["padding"])
            args = [f"kernel_size={fmt(f['kernel_size'])}", f"stride={fmt(f['stride'])}"]
            args += [f"padding={fmt(padding)}"] if padding is not None else []
            args += kw(step, [("ceil_mode", "ceil_mode")])
            if op == "avg_pool2d" and f["count_include_pad"] and (padding is not None or f["ceil_mode"]):
                args.append("exclusive=False")  # Paddle excludes padding by default; the spec counts it
            return f"nn.{'MaxPool2D' if op == 'max_pool2d' else 'AvgPool2D'}({', '.join(args)})"
        if op == "adaptive_avg_pool2d":
            return f"nn.AdaptiveAvgPool2D({fmt(f['output_size'])})"
        if op == "local_response_norm":
            args = [fmt(f["size"])] + kw(step, [("alpha", "alpha"), ("beta", "beta"), ("k", "k")])
            return f"nn.LocalResponseNorm({', '.join(args)})"
        if op == "dropout":
            return f"nn.Dropout(p={fmt(f['p'])})"
        raise self.fail(owner, step, "no PaddlePaddle spelling for this op")

    def stateless(self, step: Step, args: list[str]) -> str:
        op, x = step.op, args[0]
        simple = {"relu": f"F.relu({x})", "tanh": f"paddle.tanh({x})", "sigmoid": f"F.sigmoid({x})",
                  "softmax": f"F.softmax({x}, axis=1)", "flatten": f"paddle.reshape({x}, [{x}.shape[0], -1])",
                  "concat": f"paddle.concat([{', '.join(args)}], axis=1)", "add": " + ".join(args),
                  "multiply": " * ".join(args)}
        return simple[op]
