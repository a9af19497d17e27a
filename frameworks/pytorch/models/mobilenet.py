"""mobilenet: generated from shared_specs/specs/mobilenet.yaml by `rosetta render`; do not edit.

MobileNetV2: MobileNet v2: a 3x3 stride-2 stem, seventeen inverted residuals in seven stages (expansion t, width c,
repeats n, first stride s), a 1x1 convolution to 1280 channels, global average pooling, dropout and a linear
classifier; widths scale by width_mult, rounded to multiples of 8 (make_divisible).
    Source: Sandler, Howard, Zhu, Zhmoginov, Chen. MobileNetV2: Inverted Residuals and Linear Bottlenecks. CVPR
    2018; layout of torchvision.models.mobilenetv2
    mobilenet_v2: mobilenet_v2(num_classes=1000) has 3,504,872 parameters; published 3,504,872.
    mobilenet_v2_050: mobilenet_v2_050(num_classes=1000) has 1,968,680 parameters; published 1,968,680.
    mobilenet_v2_140: mobilenet_v2_140(num_classes=1000) has 6,108,776 parameters; published 6,108,776.
Rendered for torch."""

import torch
import torch.nn.functional as F
from torch import nn


def make_divisible(value: float, divisor: int = 8) -> int:
    """`value` rounded to the nearest multiple of `divisor`, at least `divisor` and never more than 10 % below
    `value`: the channel rounding of torchvision's MobileNets and EfficientNets (their `_make_divisible`)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


class Conv2dNormActivation(nn.Sequential):
    """A convolution that keeps the size at stride 1, batch norm and ReLU6; one child of its group, as torchvision's
    Conv2dNormActivation is (features.0.0 is its convolution).
    """

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int = 3, stride: int = 1, groups: int = 1
    ) -> None:
        super().__init__(
            nn.Conv2d(
                in_channels,
                out_channels,
                kernel_size=kernel_size,
                stride=stride,
                padding=(kernel_size - 1) // 2,
                groups=groups,
                bias=False,
            ),
            nn.BatchNorm2d(out_channels),
            nn.ReLU6(),
        )


class DepthwiseProjection(nn.Sequential):
    """A 3x3 depthwise convolution (batch norm, ReLU6), then a linear 1x1 projection and batch norm."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__(
            Conv2dNormActivation(in_channels, out_channels=in_channels, stride=stride, groups=in_channels),
            nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False),
            nn.BatchNorm2d(out_channels),
        )


class UnexpandedResidual(nn.Module):
    """The inverted residual of expansion ratio 1 (MobileNet v2's first): no expansion layer, so torchvision's conv.0.0
    is the depthwise convolution.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv = DepthwiseProjection(in_channels, out_channels=out_channels, stride=stride)
        self.residual = stride == 1 and in_channels == out_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.conv(x)
        x = x + identity if self.residual else x
        return x


class ExpandDepthwiseProjection(nn.Sequential):
    """A 1x1 expansion by expand_ratio (batch norm, ReLU6) before the depthwise convolution and the projection."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1, expand_ratio: int = 6) -> None:
        super().__init__(
            Conv2dNormActivation(in_channels, out_channels=in_channels * expand_ratio, kernel_size=1),
            Conv2dNormActivation(
                in_channels * expand_ratio,
                out_channels=in_channels * expand_ratio,
                stride=stride,
                groups=in_channels * expand_ratio,
            ),
            nn.Conv2d(in_channels * expand_ratio, out_channels, kernel_size=1, bias=False),
            nn.BatchNorm2d(out_channels),
        )


class InvertedResidual(nn.Module):
    """The inverted residual with linear bottleneck: expand, depthwise, project, and the identity added where the shape
    is kept; torchvision's names (conv.0.0 is the expansion).
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1, expand_ratio: int = 6) -> None:
        super().__init__()
        self.conv = ExpandDepthwiseProjection(
            in_channels, out_channels=out_channels, stride=stride, expand_ratio=expand_ratio
        )
        self.residual = stride == 1 and in_channels == out_channels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.conv(x)
        x = x + identity if self.residual else x
        return x


class MobileNetV2(nn.Module):
    """MobileNet v2: a 3x3 stride-2 stem, seventeen inverted residuals in seven stages (expansion t, width c, repeats
    n, first stride s), a 1x1 convolution to 1280 channels, global average pooling, dropout and a linear classifier;
    widths scale by width_mult, rounded to multiples of 8 (make_divisible). Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000, width_mult: float = 1.0) -> None:
        super().__init__()
        self.features = nn.Sequential(
            Conv2dNormActivation(3, out_channels=make_divisible(32 * width_mult), stride=2),
            UnexpandedResidual(make_divisible(32 * width_mult), out_channels=make_divisible(16 * width_mult)),
            *[
                InvertedResidual(
                    make_divisible(16 * width_mult) if i == 0 else make_divisible(24 * width_mult),
                    out_channels=make_divisible(24 * width_mult),
                    stride=2 if i == 0 else 1,
                )
                for i in range(2)
            ],
            *[
                InvertedResidual(
                    make_divisible(24 * width_mult) if i == 0 else make_divisible(32 * width_mult),
                    out_channels=make_divisible(32 * width_mult),
                    stride=2 if i == 0 else 1,
                )
                for i in range(3)
            ],
            *[
                InvertedResidual(
                    make_divisible(32 * width_mult) if i == 0 else make_divisible(64 * width_mult),
                    out_channels=make_divisible(64 * width_mult),
                    stride=2 if i == 0 else 1,
                )
                for i in range(4)
            ],
            *[
                InvertedResidual(
                    make_divisible(64 * width_mult) if i == 0 else make_divisible(96 * width_mult),
                    out_channels=make_divisible(96 * width_mult),
                )
                for i in range(3)
            ],
            *[
                InvertedResidual(
                    make_divisible(96 * width_mult) if i == 0 else make_divisible(160 * width_mult),
                    out_channels=make_divisible(160 * width_mult),
                    stride=2 if i == 0 else 1,
                )
                for i in range(3)
            ],
            InvertedResidual(make_divisible(160 * width_mult), out_channels=make_divisible(320 * width_mult)),
            Conv2dNormActivation(
                make_divisible(320 * width_mult),
                out_channels=make_divisible(1280 * max(1.0, width_mult)),
                kernel_size=1,
            ),
        )
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.2), nn.Linear(make_divisible(1280 * max(1.0, width_mult)), num_classes)
        )  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


def mobilenet_v2(num_classes: int = 1000) -> MobileNetV2:
    """mobilenet_v2: 3,504,872 parameters, as published (torchvision MobileNet_V2_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return MobileNetV2(num_classes=num_classes)


def mobilenet_v2_050(num_classes: int = 1000) -> MobileNetV2:
    """MobileNet v2 at width 0.5 (timm's mobilenetv2_050): 1,968,680 parameters, as published (keras.applications
    MobileNetV2(alpha=0.5) and paddle.vision mobilenet_v2(scale=0.5): trainable parameters, counted by each).
    """
    return MobileNetV2(num_classes=num_classes, width_mult=0.5)


def mobilenet_v2_140(num_classes: int = 1000) -> MobileNetV2:
    """MobileNet v2 at width 1.4, its last convolution widened too (timm's mobilenetv2_140): 6,108,776 parameters, as
    published (keras.applications MobileNetV2(alpha=1.4) and paddle.vision mobilenet_v2(scale=1.4): trainable
    parameters, counted by each).
    """
    return MobileNetV2(num_classes=num_classes, width_mult=1.4)
