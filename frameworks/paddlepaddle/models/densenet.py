"""densenet: generated from shared_specs/specs/densenet.yaml by `rosetta render`; do not edit.

DenseNet121: Densely connected networks as torchvision lays them out: every layer of a dense block sees the
concatenation of all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels
(1x1) and the size (2x2 average pooling); its `features` / `classifier` names.
    Source: Huang, Liu, van der Maaten, Weinberger. Densely Connected Convolutional Networks. CVPR 2017; layout
    of torchvision.models.densenet
    densenet121: DenseNet121(num_classes=1000) has 7,978,856 parameters; published 7,978,856.
DenseNet169: Densely connected networks as torchvision lays them out: every layer of a dense block sees the
concatenation of all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels
(1x1) and the size (2x2 average pooling); its `features` / `classifier` names.
    Source: Huang, Liu, van der Maaten, Weinberger. Densely Connected Convolutional Networks. CVPR 2017; layout
    of torchvision.models.densenet
    densenet169: DenseNet169(num_classes=1000) has 14,149,480 parameters; published 14,149,480.
DenseNet201: Densely connected networks as torchvision lays them out: every layer of a dense block sees the
concatenation of all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels
(1x1) and the size (2x2 average pooling); its `features` / `classifier` names.
    Source: Huang, Liu, van der Maaten, Weinberger. Densely Connected Convolutional Networks. CVPR 2017; layout
    of torchvision.models.densenet
    densenet201: DenseNet201(num_classes=1000) has 20,013,928 parameters; published 20,013,928.
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


class DenseNet121(nn.Layer):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            ("conv0", nn.Conv2D(in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False)),
            ("norm0", nn.BatchNorm2D(64)),
            ("relu0", nn.ReLU()),
            ("pool0", nn.MaxPool2D(kernel_size=3, stride=2, padding=1)),
            ("denseblock1", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(6)])),
            ("transition1", Transition(256)),
            ("denseblock2", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(128 + 32 * i)) for i in range(12)])),
            ("transition2", Transition(512)),
            ("denseblock3", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(256 + 32 * i)) for i in range(24)])),
            ("transition3", Transition(1024)),
            ("denseblock4", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(512 + 32 * i)) for i in range(16)])),
            ("norm5", nn.BatchNorm2D(1024)),
        )  # (N, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 1024, 1, 1)
        self.classifier = nn.Linear(in_features=1024, out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x


class DenseNet169(nn.Layer):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            ("conv0", nn.Conv2D(in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False)),
            ("norm0", nn.BatchNorm2D(64)),
            ("relu0", nn.ReLU()),
            ("pool0", nn.MaxPool2D(kernel_size=3, stride=2, padding=1)),
            ("denseblock1", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(6)])),
            ("transition1", Transition(256)),
            ("denseblock2", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(128 + 32 * i)) for i in range(12)])),
            ("transition2", Transition(512)),
            ("denseblock3", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(256 + 32 * i)) for i in range(32)])),
            ("transition3", Transition(1280)),
            ("denseblock4", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(640 + 32 * i)) for i in range(32)])),
            ("norm5", nn.BatchNorm2D(1664)),
        )  # (N, 1664, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 1664, 1, 1)
        self.classifier = nn.Linear(in_features=1664, out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x


class DenseNet201(nn.Layer):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            ("conv0", nn.Conv2D(in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias_attr=False)),
            ("norm0", nn.BatchNorm2D(64)),
            ("relu0", nn.ReLU()),
            ("pool0", nn.MaxPool2D(kernel_size=3, stride=2, padding=1)),
            ("denseblock1", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(6)])),
            ("transition1", Transition(256)),
            ("denseblock2", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(128 + 32 * i)) for i in range(12)])),
            ("transition2", Transition(512)),
            ("denseblock3", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(256 + 32 * i)) for i in range(48)])),
            ("transition3", Transition(1792)),
            ("denseblock4", nn.Sequential(*[(f"denselayer{i + 1}", DenseLayer(896 + 32 * i)) for i in range(32)])),
            ("norm5", nn.BatchNorm2D(1920)),
        )  # (N, 1920, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2D(1)  # (N, 1920, 1, 1)
        self.classifier = nn.Linear(in_features=1920, out_features=num_classes)  # (N, 1000)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.classifier(x)
        return x
