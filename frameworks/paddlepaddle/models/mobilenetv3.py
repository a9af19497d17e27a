"""mobilenetv3: generated from shared_specs/specs/mobilenetv3.yaml by `rosetta render`; do not edit.

MobileNetV3Large: MobileNet v3 Large: a 3x3 stride-2 hard-swish stem, fifteen bnecks (the paper's Table 1: kernel,
expansion, width, squeeze-excite, activation, stride), a 1x1 convolution to 6 x 160 channels, global average
pooling, and a classifier of two linear layers with hard-swish and dropout between; each width the paper's times
`width_mult`, rounded to a multiple of 8 (make_divisible).
    Source: Howard et al. 2019 (Table 1); layout of torchvision.models.mobilenet_v3_large
    mobilenet_v3_large: mobilenet_v3_large(num_classes=1000) has 5,483,032 parameters; published 5,483,032.
    mobilenet_v3_large_075: mobilenet_v3_large_075(num_classes=1000) has 3,377,576 parameters; published 3,377,576.
MobileNetV3Small: MobileNet v3 Small: a 3x3 stride-2 hard-swish stem, eleven bnecks (the paper's Table 2), a 1x1
convolution to 6 x 96 channels, global average pooling, and a classifier of two linear layers with hard-swish and
dropout between; each width the paper's times `width_mult`, rounded to a multiple of 8 (make_divisible).
    Source: Howard et al. 2019 (Table 2); layout of torchvision.models.mobilenet_v3_small
    mobilenet_v3_small: mobilenet_v3_small(num_classes=1000) has 2,542,856 parameters; published 2,542,856.
    mobilenet_v3_small_075: mobilenet_v3_small_075(num_classes=1000) has 1,653,920 parameters; published 1,653,920.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


def make_divisible(value: float, divisor: int = 8) -> int:
    """`value` rounded to the nearest multiple of `divisor`, at least `divisor` and never more than 10 % below
    `value`: the channel rounding of torchvision's MobileNets and EfficientNets (their `_make_divisible`)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


class Conv2dNormActivation(nn.Sequential):
    """A convolution that keeps the size at stride 1, batch norm (epsilon 1e-3, momentum 0.01) and the activation
    passed in, as torchvision's Conv2dNormActivation takes its activation_layer: one nn.Sequential (features.0.0 is
    the stem's convolution).
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        groups: int = 1,
        activation_layer: type[nn.Layer] = nn.Hardswish,
    ) -> None:
        super().__init__(
            nn.Conv2D(
                in_channels=in_channels,
                out_channels=out_channels,
                kernel_size=kernel_size,
                stride=stride,
                padding=(kernel_size - 1) // 2,
                groups=groups,
                bias_attr=False,
            ),
            nn.BatchNorm2D(out_channels, momentum=0.99, epsilon=0.001),
            activation_layer(),
        )


class Conv2dNorm(nn.Sequential):
    """The linear 1x1 projection and its batch norm (torchvision's Conv2dNormActivation with activation_layer None)."""

    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__(
            nn.Conv2D(in_channels=in_channels, out_channels=out_channels, kernel_size=1, bias_attr=False),
            nn.BatchNorm2D(out_channels, momentum=0.99, epsilon=0.001),
        )


class SqueezeExcitation(nn.Layer):
    """Channel attention with a hard-sigmoid gate: global average pool, 1x1 squeeze, ReLU, 1x1 excite, relu6(x + 3) /
    6, and the input scaled by it (torchvision's SqueezeExcitation).
    """

    def __init__(self, in_channels: int, squeeze_channels: int) -> None:
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2D(1)
        self.fc1 = nn.Conv2D(in_channels=in_channels, out_channels=squeeze_channels, kernel_size=1)
        self.fc2 = nn.Conv2D(in_channels=squeeze_channels, out_channels=in_channels, kernel_size=1)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.avgpool(x)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu6(x + 3) / 6
        multiply_1 = identity * x
        return multiply_1


class InvertedResidualLayers(nn.Sequential):
    """The layers of MobileNet v3's bneck, those present numbered as torchvision's nn.Sequential: a 1x1 expansion where
    the width grows, a depthwise k x k convolution carrying the stride, squeeze-excite where the search put it, and
    a linear 1x1 projection; ReLU or hard-swish by stage.
    """

    def __init__(
        self,
        in_channels: int,
        expanded_channels: int,
        out_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        use_se: bool = False,
        activation_layer: type[nn.Layer] = nn.ReLU,
    ) -> None:
        layers = []
        if in_channels != expanded_channels:
            layers.append(
                Conv2dNormActivation(
                    in_channels, out_channels=expanded_channels, kernel_size=1, activation_layer=activation_layer
                )
            )
        layers.append(
            Conv2dNormActivation(
                expanded_channels,
                out_channels=expanded_channels,
                kernel_size=kernel_size,
                stride=stride,
                groups=expanded_channels,
                activation_layer=activation_layer,
            )
        )
        if use_se:
            layers.append(SqueezeExcitation(expanded_channels, squeeze_channels=make_divisible(expanded_channels // 4)))
        layers.append(Conv2dNorm(expanded_channels, out_channels=out_channels))
        super().__init__(*layers)


class InvertedResidual(nn.Layer):
    """The bneck's layers (torchvision's block) and the identity added where the shape is kept."""

    def __init__(
        self,
        in_channels: int,
        expanded_channels: int,
        out_channels: int,
        kernel_size: int = 3,
        stride: int = 1,
        use_se: bool = False,
        activation_layer: type[nn.Layer] = nn.ReLU,
    ) -> None:
        super().__init__()
        self.block = InvertedResidualLayers(
            in_channels,
            expanded_channels=expanded_channels,
            out_channels=out_channels,
            kernel_size=kernel_size,
            stride=stride,
            use_se=use_se,
            activation_layer=activation_layer,
        )
        self.residual = stride == 1 and in_channels == out_channels

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.block(x)
        x = x + identity if self.residual else x
        return x


class MobileNetV3Large(nn.Layer):
    """MobileNet v3 Large: a 3x3 stride-2 hard-swish stem, fifteen bnecks (the paper's Table 1: kernel, expansion,
    width, squeeze-excite, activation, stride), a 1x1 convolution to 6 x 160 channels, global average pooling, and a
    classifier of two linear layers with hard-swish and dropout between; each width the paper's times `width_mult`,
    rounded to a multiple of 8 (make_divisible). Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000, width_mult: float = 1.0) -> None:
        super().__init__()
        row13_channels = 6 * make_divisible(160 * width_mult)
        self.features = nn.Sequential(
            Conv2dNormActivation(3, out_channels=make_divisible(16 * width_mult), stride=2),
            InvertedResidual(
                make_divisible(16 * width_mult),
                expanded_channels=make_divisible(16 * width_mult),
                out_channels=make_divisible(16 * width_mult),
            ),
            InvertedResidual(
                make_divisible(16 * width_mult),
                expanded_channels=make_divisible(64 * width_mult),
                out_channels=make_divisible(24 * width_mult),
                stride=2,
            ),
            InvertedResidual(
                make_divisible(24 * width_mult),
                expanded_channels=make_divisible(72 * width_mult),
                out_channels=make_divisible(24 * width_mult),
            ),
            InvertedResidual(
                make_divisible(24 * width_mult),
                expanded_channels=make_divisible(72 * width_mult),
                out_channels=make_divisible(40 * width_mult),
                kernel_size=5,
                stride=2,
                use_se=True,
            ),
            *[
                InvertedResidual(
                    make_divisible(40 * width_mult),
                    expanded_channels=make_divisible(120 * width_mult),
                    out_channels=make_divisible(40 * width_mult),
                    kernel_size=5,
                    use_se=True,
                )
                for _ in range(2)
            ],
            InvertedResidual(
                make_divisible(40 * width_mult),
                expanded_channels=make_divisible(240 * width_mult),
                out_channels=make_divisible(80 * width_mult),
                stride=2,
                activation_layer=nn.Hardswish,
            ),
            InvertedResidual(
                make_divisible(80 * width_mult),
                expanded_channels=make_divisible(200 * width_mult),
                out_channels=make_divisible(80 * width_mult),
                activation_layer=nn.Hardswish,
            ),
            *[
                InvertedResidual(
                    make_divisible(80 * width_mult),
                    expanded_channels=make_divisible(184 * width_mult),
                    out_channels=make_divisible(80 * width_mult),
                    activation_layer=nn.Hardswish,
                )
                for _ in range(2)
            ],
            InvertedResidual(
                make_divisible(80 * width_mult),
                expanded_channels=make_divisible(480 * width_mult),
                out_channels=make_divisible(112 * width_mult),
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            InvertedResidual(
                make_divisible(112 * width_mult),
                expanded_channels=make_divisible(672 * width_mult),
                out_channels=make_divisible(112 * width_mult),
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            InvertedResidual(
                make_divisible(112 * width_mult),
                expanded_channels=make_divisible(672 * width_mult),
                out_channels=make_divisible(160 * width_mult),
                kernel_size=5,
                stride=2,
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            *[
                InvertedResidual(
                    make_divisible(160 * width_mult),
                    expanded_channels=make_divisible(960 * width_mult),
                    out_channels=make_divisible(160 * width_mult),
                    kernel_size=5,
                    use_se=True,
                    activation_layer=nn.Hardswish,
                )
                for _ in range(2)
            ],
            Conv2dNormActivation(
                make_divisible(160 * width_mult), out_channels=6 * make_divisible(160 * width_mult), kernel_size=1
            ),
        )
        self.avgpool = nn.AdaptiveAvgPool2D(1)
        self.classifier = nn.Sequential(
            nn.Linear(in_features=row13_channels, out_features=make_divisible(1280 * width_mult)),
            nn.Hardswish(),
            nn.Dropout(p=0.2),
            nn.Linear(in_features=make_divisible(1280 * width_mult), out_features=num_classes),
        )  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x


def mobilenet_v3_large(num_classes: int = 1000) -> MobileNetV3Large:
    """mobilenet_v3_large: 5,483,032 parameters, as published (torchvision MobileNet_V3_Large_Weights.IMAGENET1K_V1
    meta num_params (the paper's Table 3: 5.4M)).
    """
    return MobileNetV3Large(num_classes=num_classes)


def mobilenet_v3_large_075(num_classes: int = 1000) -> MobileNetV3Large:
    """mobilenet_v3_large_075: 3,377,576 parameters, as published (paddle.vision mobilenet_v3_large(scale=0.75), this
    network in its own layout, counted by it).
    """
    return MobileNetV3Large(num_classes=num_classes, width_mult=0.75)


class MobileNetV3Small(nn.Layer):
    """MobileNet v3 Small: a 3x3 stride-2 hard-swish stem, eleven bnecks (the paper's Table 2), a 1x1 convolution to 6
    x 96 channels, global average pooling, and a classifier of two linear layers with hard-swish and dropout
    between; each width the paper's times `width_mult`, rounded to a multiple of 8 (make_divisible). Input (N, 3,
    224, 224).
    """

    def __init__(self, num_classes: int = 1000, width_mult: float = 1.0) -> None:
        super().__init__()
        row10_channels = 6 * make_divisible(96 * width_mult)
        self.features = nn.Sequential(
            Conv2dNormActivation(3, out_channels=make_divisible(16 * width_mult), stride=2),
            InvertedResidual(
                make_divisible(16 * width_mult),
                expanded_channels=make_divisible(16 * width_mult),
                out_channels=make_divisible(16 * width_mult),
                stride=2,
                use_se=True,
            ),
            InvertedResidual(
                make_divisible(16 * width_mult),
                expanded_channels=make_divisible(72 * width_mult),
                out_channels=make_divisible(24 * width_mult),
                stride=2,
            ),
            InvertedResidual(
                make_divisible(24 * width_mult),
                expanded_channels=make_divisible(88 * width_mult),
                out_channels=make_divisible(24 * width_mult),
            ),
            InvertedResidual(
                make_divisible(24 * width_mult),
                expanded_channels=make_divisible(96 * width_mult),
                out_channels=make_divisible(40 * width_mult),
                kernel_size=5,
                stride=2,
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            *[
                InvertedResidual(
                    make_divisible(40 * width_mult),
                    expanded_channels=make_divisible(240 * width_mult),
                    out_channels=make_divisible(40 * width_mult),
                    kernel_size=5,
                    use_se=True,
                    activation_layer=nn.Hardswish,
                )
                for _ in range(2)
            ],
            InvertedResidual(
                make_divisible(40 * width_mult),
                expanded_channels=make_divisible(120 * width_mult),
                out_channels=make_divisible(48 * width_mult),
                kernel_size=5,
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            InvertedResidual(
                make_divisible(48 * width_mult),
                expanded_channels=make_divisible(144 * width_mult),
                out_channels=make_divisible(48 * width_mult),
                kernel_size=5,
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            InvertedResidual(
                make_divisible(48 * width_mult),
                expanded_channels=make_divisible(288 * width_mult),
                out_channels=make_divisible(96 * width_mult),
                kernel_size=5,
                stride=2,
                use_se=True,
                activation_layer=nn.Hardswish,
            ),
            *[
                InvertedResidual(
                    make_divisible(96 * width_mult),
                    expanded_channels=make_divisible(576 * width_mult),
                    out_channels=make_divisible(96 * width_mult),
                    kernel_size=5,
                    use_se=True,
                    activation_layer=nn.Hardswish,
                )
                for _ in range(2)
            ],
            Conv2dNormActivation(
                make_divisible(96 * width_mult), out_channels=6 * make_divisible(96 * width_mult), kernel_size=1
            ),
        )
        self.avgpool = nn.AdaptiveAvgPool2D(1)
        self.classifier = nn.Sequential(
            nn.Linear(in_features=row10_channels, out_features=make_divisible(1024 * width_mult)),
            nn.Hardswish(),
            nn.Dropout(p=0.2),
            nn.Linear(in_features=make_divisible(1024 * width_mult), out_features=num_classes),
        )  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x


def mobilenet_v3_small(num_classes: int = 1000) -> MobileNetV3Small:
    """mobilenet_v3_small: 2,542,856 parameters, as published (torchvision MobileNet_V3_Small_Weights.IMAGENET1K_V1
    meta num_params (the paper's Table 2: 2.5M)).
    """
    return MobileNetV3Small(num_classes=num_classes)


def mobilenet_v3_small_075(num_classes: int = 1000) -> MobileNetV3Small:
    """mobilenet_v3_small_075: 1,653,920 parameters, as published (paddle.vision mobilenet_v3_small(scale=0.75), this
    network in its own layout, counted by it).
    """
    return MobileNetV3Small(num_classes=num_classes, width_mult=0.75)
