"""PyTorch spellings for the shared module renderer (torchvision's style)."""

from __future__ import annotations

from ..codegen import Src, Step, fmt
from ..module_render import ModuleRenderer, kw
from ..spelling import in_features_src


class TorchRenderer(ModuleRenderer):
    framework = "torch"
    imports = ["import torch", "import torch.nn.functional as F", "from torch import nn"]
    base_class = "nn.Module"
    tensor = "torch.Tensor"

    def construct(self, step: Step, owner: str) -> str:
        op, f = step.op, step.fields
        if op == "conv2d":
            if f["padding"] == "same" and any(n.attrs["stride"] not in (1, [1, 1]) for n in step.instances):
                raise self.fail(owner, step, "torch.nn.Conv2d accepts padding='same' only with stride 1")
            padding = None if f["padding"] in ("valid", 0) else f["padding"]
            args = [fmt(step.in_channels), fmt(f["out_channels"]), f"kernel_size={fmt(f['kernel_size'])}"]
            args += kw(step, [("stride", "stride")])
            args += [f"padding={fmt(padding)}"] if padding is not None else []
            args += kw(step, [("dilation", "dilation"), ("groups", "groups"), ("bias", "bias")])
            return f"nn.Conv2d({', '.join(args)})"
        if op == "linear":
            args = [fmt(in_features_src(step)), fmt(f["out_features"])] + kw(step, [("bias", "bias")])
            return f"nn.Linear({', '.join(args)})"
        if op == "batch_norm":
            args = [fmt(step.in_channels)] + kw(step, [("eps", "eps"), ("momentum", "momentum")])
            return f"nn.BatchNorm2d({', '.join(args)})"
        if op in ("max_pool2d", "avg_pool2d"):
            padding = None if f["padding"] in ("valid", 0) else f["padding"]
            if padding == "same":
                raise self.fail(owner, step, "torch pooling has no padding='same'; give explicit padding")
            args = [f"kernel_size={fmt(f['kernel_size'])}", f"stride={fmt(f['stride'])}"]
            args += [f"padding={fmt(padding)}"] if padding is not None else []
            args += kw(step, [("ceil_mode", "ceil_mode"), ("count_include_pad", "count_include_pad")])
            return f"nn.{'MaxPool2d' if op == 'max_pool2d' else 'AvgPool2d'}({', '.join(args)})"
        if op == "adaptive_avg_pool2d":
            return f"nn.AdaptiveAvgPool2d({fmt(f['output_size'])})"
        if op == "local_response_norm":
            args = [fmt(f["size"])] + kw(step, [("alpha", "alpha"), ("beta", "beta"), ("k", "k")])
            return f"nn.LocalResponseNorm({', '.join(args)})"
        if op == "dropout":
            return f"nn.Dropout(p={fmt(f['p'])})"
        raise self.fail(owner, step, "no PyTorch spelling for this op")

    def stateless(self, step: Step, args: list[str]) -> str:
        op, x = step.op, args[0]
        simple = {"relu": f"F.relu({x})", "tanh": f"torch.tanh({x})", "sigmoid": f"torch.sigmoid({x})",
                  "softmax": f"F.softmax({x}, dim=1)", "flatten": f"torch.flatten({x}, 1)",
                  "concat": f"torch.cat([{', '.join(args)}], dim=1)", "add": " + ".join(args),
                  "multiply": " * ".join(args)}
        return simple[op]


__all__ = ["TorchRenderer", "Src"]
