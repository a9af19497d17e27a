"""nin: generated from shared_specs/specs/nin.yaml by `rosetta render`; do not edit.

NiN: Network in Network for ImageNet: four mlpconv blocks (a kxk convolution and two 1x1 convolutions, each with
ReLU), overlapping max pooling, dropout, and global average pooling in place of fully connected layers; the last
mlpconv has as many channels as classes.
    Source: Lin, Chen, Yan. Network In Network. ICLR 2014; the authors' released ImageNet model (Caffe model zoo
    NIN-imagenet)
    nin: NiN(num_classes=1000) has 7,595,176 parameters; published 7,595,176.
Rendered for torch."""

import torch
import torch.nn.functional as F
from torch import nn


class MlpConv(nn.Module):
    """A kxk convolution then two 1x1 convolutions (a small MLP shared across positions), each followed by ReLU."""

    def __init__(
        self, in_channels: int, channels: int, kernel_size: int, out_channels: int, stride: int = 1, padding: int = 0
    ) -> None:
        super().__init__()
        self.conv = nn.Conv2d(in_channels, channels, kernel_size=kernel_size, stride=stride, padding=padding)
        self.mlp1 = nn.Conv2d(channels, channels, kernel_size=1)
        self.mlp2 = nn.Conv2d(channels, out_channels, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv(x))
        x = F.relu(self.mlp1(x))
        x = F.relu(self.mlp2(x))
        return x


class NiN(nn.Module):
    """Network in Network for ImageNet: four mlpconv blocks (a kxk convolution and two 1x1 convolutions, each with
    ReLU), overlapping max pooling, dropout, and global average pooling in place of fully connected layers; the last
    mlpconv has as many channels as classes. Input (N, 3, 224, 224).
    """

    def __init__(self, num_classes: int = 1000) -> None:
        super().__init__()
        self.block1 = MlpConv(3, channels=96, kernel_size=11, out_channels=96, stride=4)  # (N, 96, 54, 54)
        self.pool1 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 96, 27, 27)
        self.block2 = MlpConv(96, channels=256, kernel_size=5, out_channels=256, padding=2)  # (N, 256, 27, 27)
        self.pool2 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 256, 13, 13)
        self.block3 = MlpConv(256, channels=384, kernel_size=3, out_channels=384, padding=1)  # (N, 384, 13, 13)
        self.pool3 = nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True)  # (N, 384, 6, 6)
        self.dropout = nn.Dropout(p=0.5)  # (N, 384, 6, 6)
        self.block4 = MlpConv(384, channels=1024, kernel_size=3, out_channels=num_classes, padding=1)  # (N, 1000, 6, 6)
        self.avgpool = nn.AdaptiveAvgPool2d(1)  # (N, 1000, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.block1(x)
        x = self.pool1(x)
        x = self.block2(x)
        x = self.pool2(x)
        x = self.block3(x)
        x = self.pool3(x)
        x = self.dropout(x)
        x = self.block4(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return x
