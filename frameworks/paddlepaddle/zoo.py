"""paddle.vision's models that keep torchvision's keys and layouts, so the rendered Paddle class's state dict
is theirs: spec variant -> (paddle.vision.models builder, its keyword arguments)."""

from __future__ import annotations

from typing import Any

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


def build_vision_model(paddle: Any, name: str) -> Any:
    builder, kwargs = PADDLE_VISION[name]
    return getattr(paddle.vision.models, builder)(**kwargs)
