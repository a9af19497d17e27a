"""vgg: generated from shared_specs/specs/vgg.yaml by `rosetta render`; do not edit.

VGG: VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers.
    Source: Simonyan, Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015;
    layout of torchvision.models.vgg
    vgg11: vgg11(num_classes=1000) has 132,863,336 parameters; published 132,863,336.
    vgg11_bn: vgg11_bn(num_classes=1000) has 132,868,840 parameters; published 132,868,840.
    vgg13: vgg13(num_classes=1000) has 133,047,848 parameters; published 133,047,848.
    vgg13_bn: vgg13_bn(num_classes=1000) has 133,053,736 parameters; published 133,053,736.
    vgg16: vgg16(num_classes=1000) has 138,357,544 parameters; published 138,357,544.
    vgg16_bn: vgg16_bn(num_classes=1000) has 138,365,992 parameters; published 138,365,992.
    vgg19: vgg19(num_classes=1000) has 143,667,240 parameters; published 143,667,240.
    vgg19_bn: vgg19_bn(num_classes=1000) has 143,678,248 parameters; published 143,678,248.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class ConvReLU(nn.Sequential):
    """A 3x3 convolution keeping the size, and ReLU."""

    def __init__(self, in_channels: int, channels: int) -> None:
        super().__init__(
            nn.Conv2D(in_channels=in_channels, out_channels=channels, kernel_size=3, padding=1),
            nn.ReLU(),
        )


class ConvBNReLU(nn.Sequential):
    """A 3x3 convolution keeping the size, batch norm and ReLU (the _bn variants)."""

    def __init__(self, in_channels: int, channels: int) -> None:
        super().__init__(
            nn.Conv2D(in_channels=in_channels, out_channels=channels, kernel_size=3, padding=1),
            nn.BatchNorm2D(channels),
            nn.ReLU(),
        )


class VGG(nn.Layer):
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    3, 224, 224).
    """

    def __init__(
        self, stages: list[int], num_classes: int = 1000, unit: type[ConvReLU | ConvBNReLU] = ConvReLU
    ) -> None:
        super().__init__()
        self.features = nn.Sequential(
            *[layer for i in range(stages[0]) for layer in unit(3 if i == 0 else 64, channels=64).children()],
            nn.MaxPool2D(kernel_size=2, stride=2),
            *[layer for i in range(stages[1]) for layer in unit(64 if i == 0 else 128, channels=128).children()],
            nn.MaxPool2D(kernel_size=2, stride=2),
            *[layer for i in range(stages[2]) for layer in unit(128 if i == 0 else 256, channels=256).children()],
            nn.MaxPool2D(kernel_size=2, stride=2),
            *[layer for i in range(stages[3]) for layer in unit(256 if i == 0 else 512, channels=512).children()],
            nn.MaxPool2D(kernel_size=2, stride=2),
            *[layer for _ in range(stages[4]) for layer in unit(512, channels=512).children()],
            nn.MaxPool2D(kernel_size=2, stride=2),
        )  # (N, 512, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(7)  # (N, 512, 7, 7)
        self.classifier = nn.Sequential(
            nn.Linear(in_features=512 * 7 * 7, out_features=4096),
            nn.ReLU(),
            nn.Dropout(p=0.5),
            nn.Linear(in_features=4096, out_features=4096),
            nn.ReLU(),
            nn.Dropout(p=0.5),
            nn.Linear(in_features=4096, out_features=num_classes),
        )  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x


def vgg11(num_classes: int = 1000) -> VGG:
    """vgg11: 132,863,336 parameters, as published (torchvision VGG11_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([1, 1, 2, 2, 2], num_classes=num_classes)


def vgg11_bn(num_classes: int = 1000) -> VGG:
    """vgg11_bn: 132,868,840 parameters, as published (torchvision VGG11_BN_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([1, 1, 2, 2, 2], num_classes=num_classes, unit=ConvBNReLU)


def vgg13(num_classes: int = 1000) -> VGG:
    """vgg13: 133,047,848 parameters, as published (torchvision VGG13_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([2, 2, 2, 2, 2], num_classes=num_classes)


def vgg13_bn(num_classes: int = 1000) -> VGG:
    """vgg13_bn: 133,053,736 parameters, as published (torchvision VGG13_BN_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([2, 2, 2, 2, 2], num_classes=num_classes, unit=ConvBNReLU)


def vgg16(num_classes: int = 1000) -> VGG:
    """vgg16: 138,357,544 parameters, as published (torchvision VGG16_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([2, 2, 3, 3, 3], num_classes=num_classes)


def vgg16_bn(num_classes: int = 1000) -> VGG:
    """vgg16_bn: 138,365,992 parameters, as published (torchvision VGG16_BN_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([2, 2, 3, 3, 3], num_classes=num_classes, unit=ConvBNReLU)


def vgg19(num_classes: int = 1000) -> VGG:
    """vgg19: 143,667,240 parameters, as published (torchvision VGG19_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([2, 2, 4, 4, 4], num_classes=num_classes)


def vgg19_bn(num_classes: int = 1000) -> VGG:
    """vgg19_bn: 143,678,248 parameters, as published (torchvision VGG19_BN_Weights.IMAGENET1K_V1 meta num_params)."""
    return VGG([2, 2, 4, 4, 4], num_classes=num_classes, unit=ConvBNReLU)
