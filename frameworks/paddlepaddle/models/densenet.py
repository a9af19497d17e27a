"""densenet: generated from shared_specs/specs/densenet.yaml by `rosetta render`; do not edit.

DenseNet: Densely connected networks as torchvision lays them out: every layer of a dense block sees the
concatenation of all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels
(1x1) and the size (2x2 average pooling); its `features` / `classifier` names.
    Source: Huang, Liu, van der Maaten, Weinberger. Densely Connected Convolutional Networks. CVPR 2017; layout
    of torchvision.models.densenet
    densenet121: densenet121(num_classes=1000) has 7,978,856 parameters; published 7,978,856.
    densenet169: densenet169(num_classes=1000) has 14,149,480 parameters; published 14,149,480.
    densenet201: densenet201(num_classes=1000) has 20,013,928 parameters; published 20,013,928.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class DenseLayer(nn.Layer):
    """BN-ReLU-1x1 conv to bn_size * growth_rate channels, BN-ReLU-3x3 conv to growth_rate, concatenated to the input."""

    def __init__(self, in_channels: int, growth_rate: int = 32, bn_size: int = 4) -> None:
        super().__init__()
        self.norm1 = nn.BatchNorm2D(in_channels)
        self.conv1 = nn.Conv2D(
            in_channels=in_channels, out_channels=bn_size * growth_rate, kernel_size=1, bias_attr=False
        )
        self.norm2 = nn.BatchNorm2D(bn_size * growth_rate)
        self.conv2 = nn.Conv2D(
            in_channels=bn_size * growth_rate, out_channels=growth_rate, kernel_size=3, padding=1, bias_attr=False
        )

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        identity = x
        x = self.norm1(x)
        x = F.relu(x)
        x = self.conv1(x)
        x = self.norm2(x)
        x = F.relu(x)
        x = self.conv2(x)
        concat = paddle.concat([identity, x], axis=1)
        return concat


class Transition(nn.Layer):
    """BN-ReLU, a 1x1 convolution halving the channels, and 2x2 average pooling halving the size."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2D(in_channels)
        self.conv = nn.Conv2D(in_channels=in_channels, out_channels=in_channels // 2, kernel_size=1, bias_attr=False)
        self.pool = nn.AvgPool2D(kernel_size=2, stride=2)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.norm(x)
        x = F.relu(x)
        x = self.conv(x)
        x = self.pool(x)
        return x


class DenseNet(nn.Layer):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, block_config: list[int], num_classes: int = 1000) -> None:
        super().__init__()
        denseblock1_channels = 64 + 32 * block_config[0]
        denseblock2_channels = denseblock1_channels // 2 + 32 * block_config[1]
        denseblock3_channels = denseblock2_channels // 2 + 32 * block_config[2]
        denseblock4_channels = denseblock3_channels // 2 + 32 * block_config[3]
        self.features = nn.Sequential(
            ("conv0", nn.Conv2D(in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False)),
            ("norm0", nn.BatchNorm2D(64)),
            ("relu0", nn.ReLU()),
            ("pool0", nn.MaxPool2D(kernel_size=3, stride=2, padding=1)),
            (
                "denseblock1",
                nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(block_config[0])]),
            ),
            ("transition1", Transition(denseblock1_channels)),
            (
                "denseblock2",
                nn.Sequential(
                    *[
                        (f"denselayer{i + 1}", DenseLayer(denseblock1_channels // 2 + 32 * i))
                        for i in range(block_config[1])
                    ]
                ),
            ),
            ("transition2", Transition(denseblock2_channels)),
            (
                "denseblock3",
                nn.Sequential(
                    *[
                        (f"denselayer{i + 1}", DenseLayer(denseblock2_channels // 2 + 32 * i))
                        for i in range(block_config[2])
                    ]
                ),
            ),
            ("transition3", Transition(denseblock3_channels)),
            (
                "denseblock4",
                nn.Sequential(
                    *[
                        (f"denselayer{i + 1}", DenseLayer(denseblock3_channels // 2 + 32 * i))
                        for i in range(block_config[3])
                    ]
                ),
            ),
            ("norm5", nn.BatchNorm2D(denseblock4_channels)),
        )
        self.avgpool = nn.AdaptiveAvgPool2D(1)
        self.classifier = nn.Linear(in_features=denseblock4_channels, out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x


def densenet121(num_classes: int = 1000) -> DenseNet:
    """densenet121: 7,978,856 parameters, as published (torchvision DenseNet121_Weights.IMAGENET1K_V1 meta num_params)."""
    return DenseNet([6, 12, 24, 16], num_classes=num_classes)


def densenet169(num_classes: int = 1000) -> DenseNet:
    """densenet169: 14,149,480 parameters, as published (torchvision DenseNet169_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return DenseNet([6, 12, 32, 32], num_classes=num_classes)


def densenet201(num_classes: int = 1000) -> DenseNet:
    """densenet201: 20,013,928 parameters, as published (torchvision DenseNet201_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return DenseNet([6, 12, 48, 32], num_classes=num_classes)
