"""paddle.vision's models as weight sources. Those that keep torchvision's keys and layouts load into the rendered
Paddle class as they are (PADDLE_VISION); those under PaddleClas's names (`_conv1._conv`, `_block_list`) hold the
spec's tensors in the spec's order, so they pair position by position, every shape checked, once the traps a port
must map are applied (RENAMED)."""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_specs.errors import WeightsError
from shared_specs.ir import Model
from shared_specs.weights import check_dtypes, check_tensors

from .checkpoint import read_pdparams
from .framework import from_state, native_shapes

# spec variant -> (paddle.vision.models builder, its keyword arguments)
PADDLE_VISION = {
    "resnet18": ("resnet18", {}), "resnet34": ("resnet34", {}), "resnet50": ("resnet50", {}),
    "resnet101": ("resnet101", {}), "resnet152": ("resnet152", {}),
    "resnext50_32x4d": ("resnext50_32x4d", {}), "resnext101_64x4d": ("resnext101_64x4d", {}),
    "wide_resnet50_2": ("wide_resnet50_2", {}), "wide_resnet101_2": ("wide_resnet101_2", {}),
    "mobilenet_v1": ("mobilenet_v1", {}), "mobilenet_v1_075": ("mobilenet_v1", {"scale": 0.75}),
    "mobilenet_v1_050": ("mobilenet_v1", {"scale": 0.5}), "mobilenet_v1_025": ("mobilenet_v1", {"scale": 0.25}),
    "mobilenet_v2": ("mobilenet_v2", {}), "mobilenet_v2_050": ("mobilenet_v2", {"scale": 0.5}),
    "mobilenet_v2_140": ("mobilenet_v2", {"scale": 1.4}),
    "vgg11": ("vgg11", {}), "vgg13": ("vgg13", {}), "vgg16": ("vgg16", {}), "vgg19": ("vgg19", {}),
    "vgg11_bn": ("vgg11", {"batch_norm": True}), "vgg13_bn": ("vgg13", {"batch_norm": True}),
    "vgg16_bn": ("vgg16", {"batch_norm": True}), "vgg19_bn": ("vgg19", {"batch_norm": True}),
}

Trap = tuple[str, float, float]  # (ending of the rendered Paddle key, scale, shift): the value becomes v * scale + shift


# Porting traps of these zoo models, each mapped exactly:
# - paddle.vision's AlexNet and Inception v3 drop out with mode="downscale_in_infer": at inference they multiply
#   by 1 - p where the spec's dropout passes values through, so the linear layer after such a dropout takes its
#   weight times 1 - p (without it AlexNet's outputs differ by 39%);
# - paddle.vision's Inception v3 normalises with epsilon 1e-5 where torchvision's (the spec's) uses 1e-3: the
#   running variance carries the difference, var + 1e-5 - 1e-3, so every denominator sqrt(var + eps) is the same.
# (Its MobileNet v3 gates with nn.Hardsigmoid, whose slope is 0.1666667, not 1/6: 2e-8 of a gate, within the forward
# tolerance, so not mapped.)
RENAMED: dict[str, tuple[str, dict[str, Any], list[Trap]]] = {
    "alexnet": ("alexnet", {}, [("classifier.1.weight", 0.5, 0.0), ("classifier.4.weight", 0.5, 0.0)]),
    "densenet121": ("densenet121", {}, []), "densenet169": ("densenet169", {}, []),
    "densenet201": ("densenet201", {}, []),
    "inception_v3": ("inception_v3", {}, [("fc.weight", 0.8, 0.0), ("._variance", 1.0, 1e-5 - 1e-3)]),
    "shufflenet_v2_x0_5": ("shufflenet_v2_x0_5", {}, []), "shufflenet_v2_x1_0": ("shufflenet_v2_x1_0", {}, []),
    "shufflenet_v2_x1_5": ("shufflenet_v2_x1_5", {}, []),
    "mobilenet_v3_small": ("mobilenet_v3_small", {}, []), "mobilenet_v3_large": ("mobilenet_v3_large", {}, []),
    "mobilenet_v3_small_075": ("mobilenet_v3_small", {"scale": 0.75}, []),
    "mobilenet_v3_large_075": ("mobilenet_v3_large", {"scale": 0.75}, []),
}
# paddle.vision models of a catalogue name that compute another function: said, never paired
OTHER_FUNCTIONS = {
    "squeezenet1_0": "pools with floor where the spec (torchvision) uses ceil_mode",
    "squeezenet1_1": "pools with floor where the spec (torchvision) uses ceil_mode and pads its stem convolution",
    "shufflenet_v2_x2_0": "has a 224-channel first stage where the spec (the paper, torchvision) has 244",
    "googlenet": "is another layout (11,535,736 parameters)",
}


def build_vision_model(paddle: Any, name: str) -> Any:
    """The paddle.vision model of a catalogue variant, by either table."""
    builder, kwargs = PADDLE_VISION[name] if name in PADDLE_VISION else RENAMED[name][:2]
    return getattr(paddle.vision.models, builder)(**kwargs)


def vision_weights(model: Model, state: dict[str, np.ndarray], source: str) -> dict[str, np.ndarray]:
    """Canonical weights of `model` from a paddle.vision state dict (float32 arrays): by key where paddle.vision
    keeps torchvision's, else position by position with the traps mapped. Refuses a model paddle.vision has not,
    or has as another function, and names the first tensor that does not fit."""
    if model.name in PADDLE_VISION:
        check_tensors(native_shapes(model), state, f"{source} does not fit {model.name}")
        return from_state(model, state)
    if model.name in OTHER_FUNCTIONS:
        raise WeightsError(f"paddle.vision's {model.name} {OTHER_FUNCTIONS[model.name]}: another function, which "
                           f"no port of these weights to the spec's {model.name} can keep")
    if model.name not in RENAMED:
        raise WeightsError(f"paddle.vision has no model of {model.name}'s layout; these port: "
                           f"{', '.join(sorted([*PADDLE_VISION, *RENAMED]))}")
    return by_position(model, state, source, RENAMED[model.name][2])


def by_position(model: Model, state: dict[str, np.ndarray], source: str, traps: list[Trap]) -> dict[str, np.ndarray]:
    """Canonical weights from a state dict under other names that holds the spec's tensors in the rendered Paddle
    class's order, every shape checked, with `traps` mapped."""
    ours = native_shapes(model)
    if len(state) != len(ours):
        raise WeightsError(f"{source} holds {len(state)} tensors, paddle.vision's {model.name} {len(ours)}")
    renamed = {}
    for (key, shape), (theirs, value) in zip(ours.items(), state.items()):
        if tuple(value.shape) != tuple(shape):
            raise WeightsError(f"{source}: tensor {theirs} {list(value.shape)} faces {key} {list(shape)}, "
                               f"position by position")
        renamed[key] = value
    for ending, scale, shift in traps:
        renamed.update({key: value * np.float32(scale) + np.float32(shift) for key, value in renamed.items()
                        if key.endswith(ending)})
    return from_state(model, renamed)


def read_vision_checkpoint(path: Any) -> dict[str, np.ndarray]:
    """A paddle.vision `.pdparams` (arrays only, nothing else unpickled), float16 widened to float32."""
    state = read_pdparams(path)
    check_dtypes({k: str(v.dtype) for k, v in state.items()}, str(path))
    return {k: v.astype(np.float32) for k, v in state.items()}


def vision_output(paddle: Any, model: Model, state: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """What the paddle.vision model itself computes with `state` on `x` (eval mode): the reference a port of its
    weights must reproduce, traps included."""
    zoo = build_vision_model(paddle, model.name)
    zoo.set_state_dict(state)
    zoo.eval()
    with paddle.no_grad():
        return zoo(paddle.to_tensor(x)).numpy()
