"""squeezenet: generated from shared_specs/specs/squeezenet.yaml by `rosetta render`; do not edit.

SqueezeNet1_0: SqueezeNet 1.0 as torchvision lays it out: a 7x7 stride-2 stem, eight Fire modules with ceil-mode max
pooling after the stem, Fire 4 and Fire 8, and a 1x1 convolution classifier averaged over the map.
    Source: Iandola et al. 2016 (Table 1); torchvision.models.squeezenet1_0
    squeezenet1_0: SqueezeNet1_0(num_classes=1000) has 1,248,424 parameters; published 1,248,424.
SqueezeNet1_1: SqueezeNet 1.1: a 3x3 stride-2 stem of 64 filters and the pooling moved earlier (after the stem, Fire
3 and Fire 5), 2.4 times fewer multiply-adds than 1.0 at the same accuracy; torchvision's layout.
    Source: SqueezeNet v1.1 (github.com/forresti/SqueezeNet, SqueezeNet_v1.1/README.md);
    torchvision.models.squeezenet1_1
    squeezenet1_1: SqueezeNet1_1(num_classes=1000) has 1,235,496 parameters; published 1,235,496.
Rendered for torch."""

import torch
import torch.nn.functional as F
from torch import nn


class Fire(nn.Module):
    """A 1x1 squeeze, then a 1x1 and a 3x3 expand side by side, concatenated; torchvision's names."""

    def __init__(
        self, in_channels: int, squeeze_channels: int, expand1x1_channels: int, expand3x3_channels: int
    ) -> None:
        super().__init__()
        self.squeeze = nn.Conv2d(in_channels, squeeze_channels, kernel_size=1)
        self.expand1x1 = nn.Conv2d(squeeze_channels, expand1x1_channels, kernel_size=1)
        self.expand3x3 = nn.Conv2d(squeeze_channels, expand3x3_channels, kernel_size=3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.squeeze(x))
        squeeze = x
        x = F.relu(self.expand1x1(x))
        expand3x3 = F.relu(self.expand3x3(squeeze))
        x = torch.cat([x, expand3x3], dim=1)
        return x


class SqueezeNet1_0(nn.Module):
    """SqueezeNet 1.0 as torchvision lays it out: a 7x7 stride-2 stem, eight Fire modules with ceil-mode max pooling
    after the stem, Fire 4 and Fire 8, and a 1x1 convolution classifier averaged over the map. Input (N, 3, 224,
    224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 96, kernel_size=7, stride=2),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(96, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64),
            Fire(128, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64),
            Fire(128, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(256, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128),
            Fire(256, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192),
            Fire(384, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192),
            Fire(384, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(512, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256),
        )  # (N, 512, 13, 13)
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.5), nn.Conv2d(512, num_classes, kernel_size=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1)
        )  # (N, 1000, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.classifier(x)
        x = torch.flatten(x, 1)
        return x


class SqueezeNet1_1(nn.Module):
    """SqueezeNet 1.1: a 3x3 stride-2 stem of 64 filters and the pooling moved earlier (after the stem, Fire 3 and Fire
    5), 2.4 times fewer multiply-adds than 1.0 at the same accuracy; torchvision's layout. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, kernel_size=3, stride=2),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(64, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64),
            Fire(128, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(128, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128),
            Fire(256, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128),
            nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
            Fire(256, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192),
            Fire(384, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192),
            Fire(384, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256),
            Fire(512, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256),
        )  # (N, 512, 13, 13)
        self.classifier = nn.Sequential(
            nn.Dropout(p=0.5), nn.Conv2d(512, num_classes, kernel_size=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1)
        )  # (N, 1000, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        x = self.classifier(x)
        x = torch.flatten(x, 1)
        return x
