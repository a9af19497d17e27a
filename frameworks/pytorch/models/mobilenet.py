"""mobilenet: generated from shared_specs/specs/mobilenet.yaml by `rosetta render`; do not edit.

MobileNetV1: MobileNet v1: a 3x3 stride-2 convolution, thirteen depthwise separable units (five stride-2), global
average pooling and a linear classifier; every width times the width multiplier `scale` (truncated, as paddle.vision
and keras.applications do), ReLU as in the paper; paddle.vision's layout and names.
    Source: Howard et al. 2017 (Table 1); layout of paddle.vision.models.mobilenet_v1
    mobilenet_v1: mobilenet_v1(num_classes=1000) has 4,231,976 parameters; published 4,231,976.
    mobilenet_v1_075: mobilenet_v1_075(num_classes=1000) has 2,585,560 parameters; published 2,585,560.
    mobilenet_v1_050: mobilenet_v1_050(num_classes=1000) has 1,331,592 parameters; published 1,331,592.
    mobilenet_v1_025: mobilenet_v1_025(num_classes=1000) has 470,072 parameters; published 470,072.
MobileNetV2: MobileNet v2: a 3x3 stride-2 stem, seventeen inverted residuals in seven stages (expansion t, width c,
repeats n, first stride s), a 1x1 convolution to 1280 channels, global average pooling, dropout and a linear
classifier; widths scale by width_mult, rounded to multiples of 8 (make_divisible).
    Source: Sandler et al. 2018 (Table 2); layout of torchvision.models.mobilenetv2
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


class ConvBnRelu(nn.Sequential):
    """A convolution that keeps the size at stride 1, batch norm and ReLU; paddle.vision's ConvNormActivation."""

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
            nn.ReLU(),
        )


class DepthwiseSeparable(nn.Module):
    """MobileNet v1's unit: a 3x3 depthwise convolution carrying the stride, then a 1x1 pointwise one, each with batch
    norm and ReLU; paddle.vision's names.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self._depthwise_conv = ConvBnRelu(in_channels, out_channels=in_channels, stride=stride, groups=in_channels)
        self._pointwise_conv = ConvBnRelu(in_channels, out_channels=out_channels, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self._depthwise_conv(x)
        x = self._pointwise_conv(x)
        return x


class ConvBnRelu6(nn.Sequential):
    """A convolution that keeps the size at stride 1, batch norm and ReLU6: torchvision's Conv2dNormActivation, one
    child of its group as that is (features.0.0 is its convolution).
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
            ConvBnRelu6(in_channels, out_channels=in_channels, stride=stride, groups=in_channels),
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
            ConvBnRelu6(in_channels, out_channels=in_channels * expand_ratio, kernel_size=1),
            ConvBnRelu6(
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


class MobileNetV1(nn.Module):
    """MobileNet v1: a 3x3 stride-2 convolution, thirteen depthwise separable units (five stride-2), global average
    pooling and a linear classifier; every width times the width multiplier `scale` (truncated, as paddle.vision and
    keras.applications do), ReLU as in the paper; paddle.vision's layout and names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000, scale: float = 1.0) -> None:
        super().__init__()
        self.conv1 = ConvBnRelu(3, out_channels=int(32 * scale), stride=2)
        self.conv2_1 = DepthwiseSeparable(int(32 * scale), out_channels=int(64 * scale))
        self.conv2_2 = DepthwiseSeparable(int(64 * scale), out_channels=int(128 * scale), stride=2)
        self.conv3_1 = DepthwiseSeparable(int(128 * scale), out_channels=int(128 * scale))
        self.conv3_2 = DepthwiseSeparable(int(128 * scale), out_channels=int(256 * scale), stride=2)
        self.conv4_1 = DepthwiseSeparable(int(256 * scale), out_channels=int(256 * scale))
        self.conv4_2 = DepthwiseSeparable(int(256 * scale), out_channels=int(512 * scale), stride=2)
        self.conv5_1 = DepthwiseSeparable(int(512 * scale), out_channels=int(512 * scale))
        self.conv5_2 = DepthwiseSeparable(int(512 * scale), out_channels=int(512 * scale))
        self.conv5_3 = DepthwiseSeparable(int(512 * scale), out_channels=int(512 * scale))
        self.conv5_4 = DepthwiseSeparable(int(512 * scale), out_channels=int(512 * scale))
        self.conv5_5 = DepthwiseSeparable(int(512 * scale), out_channels=int(512 * scale))
        self.conv5_6 = DepthwiseSeparable(int(512 * scale), out_channels=int(1024 * scale), stride=2)
        self.conv6 = DepthwiseSeparable(int(1024 * scale), out_channels=int(1024 * scale))
        self.pool2d_avg = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(int(1024 * scale), num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        x = self.conv2_1(x)
        x = self.conv2_2(x)
        x = self.conv3_1(x)
        x = self.conv3_2(x)
        x = self.conv4_1(x)
        x = self.conv4_2(x)
        x = self.conv5_1(x)
        x = self.conv5_2(x)
        x = self.conv5_3(x)
        x = self.conv5_4(x)
        x = self.conv5_5(x)
        x = self.conv5_6(x)
        x = self.conv6(x)
        x = self.pool2d_avg(x)
        x = torch.flatten(x, 1)
        x = self.fc(x)
        return x


def mobilenet_v1(num_classes: int = 1000) -> MobileNetV1:
    """mobilenet_v1: 4,231,976 parameters, as published (keras.applications MobileNet(alpha=1.0) and paddle.vision
    mobilenet_v1(scale=1.0): trainable parameters, counted by each (the paper's Table 6: 4.2M)).
    """
    return MobileNetV1(num_classes=num_classes)


def mobilenet_v1_075(num_classes: int = 1000) -> MobileNetV1:
    """mobilenet_v1_075: 2,585,560 parameters, as published (keras.applications MobileNet(alpha=0.75) and paddle.vision
    mobilenet_v1(scale=0.75), counted by each (Table 6: 2.6M)).
    """
    return MobileNetV1(num_classes=num_classes, scale=0.75)


def mobilenet_v1_050(num_classes: int = 1000) -> MobileNetV1:
    """mobilenet_v1_050: 1,331,592 parameters, as published (keras.applications MobileNet(alpha=0.5) and paddle.vision
    mobilenet_v1(scale=0.5), counted by each (Table 6: 1.3M)).
    """
    return MobileNetV1(num_classes=num_classes, scale=0.5)


def mobilenet_v1_025(num_classes: int = 1000) -> MobileNetV1:
    """mobilenet_v1_025: 470,072 parameters, as published (keras.applications MobileNet(alpha=0.25) and paddle.vision
    mobilenet_v1(scale=0.25), counted by each (Table 6: 0.5M)).
    """
    return MobileNetV1(num_classes=num_classes, scale=0.25)


class MobileNetV2(nn.Module):
    """MobileNet v2: a 3x3 stride-2 stem, seventeen inverted residuals in seven stages (expansion t, width c, repeats
    n, first stride s), a 1x1 convolution to 1280 channels, global average pooling, dropout and a linear classifier;
    widths scale by width_mult, rounded to multiples of 8 (make_divisible). Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000, width_mult: float = 1.0) -> None:
        super().__init__()
        self.features = nn.Sequential(
            ConvBnRelu6(3, out_channels=make_divisible(32 * width_mult), stride=2),
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
            ConvBnRelu6(
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
