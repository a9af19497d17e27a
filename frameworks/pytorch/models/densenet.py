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
Rendered for torch."""

from collections import OrderedDict
from torch import nn
import torch
import torch.nn.functional as F


class DenseLayer(nn.Module):
    """BN-ReLU-1x1 conv to bn_size * growth_rate channels, BN-ReLU-3x3 conv to growth_rate, concatenated to the input."""

    def __init__(self, in_channels: int, growth_rate: int = 32, bn_size: int = 4) -> None:
        super().__init__()
        self.norm1 = nn.BatchNorm2d(in_channels)
        self.conv1 = nn.Conv2d(in_channels, bn_size * growth_rate, kernel_size=1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
        self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, kernel_size=3, padding=1, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        x = self.norm1(x)
        x = F.relu(x)
        x = self.conv1(x)
        x = self.norm2(x)
        x = F.relu(x)
        x = self.conv2(x)
        concat = torch.cat([identity, x], dim=1)
        return concat


class Transition(nn.Module):
    """BN-ReLU, a 1x1 convolution halving the channels, and 2x2 average pooling halving the size."""

    def __init__(self, in_channels: int) -> None:
        super().__init__()
        self.norm = nn.BatchNorm2d(in_channels)
        self.conv = nn.Conv2d(in_channels, in_channels // 2, kernel_size=1, bias=False)
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.norm(x)
        x = F.relu(x)
        x = self.conv(x)
        x = self.pool(x)
        return x


class DenseNet121(nn.Module):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            OrderedDict(
                [
                    ("conv0", nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)),
                    ("norm0", nn.BatchNorm2d(64)),
                    ("relu0", nn.ReLU()),
                    ("pool0", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
                    (
                        "denseblock1",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(6)]])
                        ),
                    ),
                    ("transition1", Transition(256)),
                    (
                        "denseblock2",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(128 + 32 * i)) for i in range(12)]])
                        ),
                    ),
                    ("transition2", Transition(512)),
                    (
                        "denseblock3",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(256 + 32 * i)) for i in range(24)]])
                        ),
                    ),
                    ("transition3", Transition(1024)),
                    (
                        "denseblock4",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(512 + 32 * i)) for i in range(16)]])
                        ),
                    ),
                    ("norm5", nn.BatchNorm2d(1024)),
                ]
            )
        )  # (N, 1024, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1024, 1, 1)
        self.classifier = nn.Linear(1024, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


class DenseNet169(nn.Module):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            OrderedDict(
                [
                    ("conv0", nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)),
                    ("norm0", nn.BatchNorm2d(64)),
                    ("relu0", nn.ReLU()),
                    ("pool0", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
                    (
                        "denseblock1",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(6)]])
                        ),
                    ),
                    ("transition1", Transition(256)),
                    (
                        "denseblock2",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(128 + 32 * i)) for i in range(12)]])
                        ),
                    ),
                    ("transition2", Transition(512)),
                    (
                        "denseblock3",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(256 + 32 * i)) for i in range(32)]])
                        ),
                    ),
                    ("transition3", Transition(1280)),
                    (
                        "denseblock4",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(640 + 32 * i)) for i in range(32)]])
                        ),
                    ),
                    ("norm5", nn.BatchNorm2d(1664)),
                ]
            )
        )  # (N, 1664, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1664, 1, 1)
        self.classifier = nn.Linear(1664, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x


class DenseNet201(nn.Module):
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            OrderedDict(
                [
                    ("conv0", nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)),
                    ("norm0", nn.BatchNorm2d(64)),
                    ("relu0", nn.ReLU()),
                    ("pool0", nn.MaxPool2d(kernel_size=3, stride=2, padding=1)),
                    (
                        "denseblock1",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(64 + 32 * i)) for i in range(6)]])
                        ),
                    ),
                    ("transition1", Transition(256)),
                    (
                        "denseblock2",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(128 + 32 * i)) for i in range(12)]])
                        ),
                    ),
                    ("transition2", Transition(512)),
                    (
                        "denseblock3",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(256 + 32 * i)) for i in range(48)]])
                        ),
                    ),
                    ("transition3", Transition(1792)),
                    (
                        "denseblock4",
                        nn.Sequential(
                            OrderedDict([*[(f"denselayer{i + 1}", DenseLayer(896 + 32 * i)) for i in range(32)]])
                        ),
                    ),
                    ("norm5", nn.BatchNorm2d(1920)),
                ]
            )
        )  # (N, 1920, 7, 7)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1920, 1, 1)
        self.classifier = nn.Linear(1920, num_classes)  # (N, 1000)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = F.relu(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        x = self.classifier(x)
        return x
