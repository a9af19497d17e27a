"""A user's own small residual net: a block class used four times (with and without a projection), batch norm,
'same' padding for an even kernel spelt F.pad + an unpadded convolution, two branches joined by torch.cat,
global average pooling and dropout."""

# ruff: noqa: PLR0402 - written as the tutorials write it

from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, in_channels, channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.shortcut = None
        if stride != 1 or in_channels != channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, channels, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(channels))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.shortcut is None else self.shortcut(x)
        return F.relu(out + identity)


class SmallResNet(nn.Module):
    def __init__(self, num_classes=10, width=16):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 4)  # "same" padding by hand for an even kernel: F.pad below
        self.stem_bn = nn.BatchNorm2d(width)
        self.layer1 = nn.Sequential(Block(width, width), Block(width, width))
        self.layer2 = nn.Sequential(Block(width, 2 * width, stride=2), Block(2 * width, 2 * width))
        self.side = nn.Conv2d(2 * width, width, 1)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(3 * width, num_classes)

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(F.pad(x, (1, 2, 1, 2)))))
        x = self.layer2(self.layer1(x))
        x = torch.cat([x, torch.sigmoid(self.side(x))], dim=1)
        x = torch.flatten(self.pool(x), 1)
        return self.fc(self.dropout(x))


def book_resnet(num_classes=10, width=8):
    """The textbook's ResNet written as one nn.Sequential of nn.Sequentials (`nn.Sequential(b1, b2, ...,
    nn.Linear(...))`): every top-level name is a number."""
    b1 = nn.Sequential(nn.Conv2d(1, width, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(width), nn.ReLU(),
                       nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    b2 = nn.Sequential(Block(width, width), Block(width, width))
    b3 = nn.Sequential(Block(width, 2 * width, stride=2), Block(2 * width, 2 * width))
    return nn.Sequential(b1, b2, b3, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(2 * width, num_classes))


class StagedNet(nn.Module):
    """A stem and a stage of blocks named in one nn.Sequential (an OrderedDict, as torchvision's DenseNet names its
    `features`), then a head: the group's last row is a repeat of a block."""

    def __init__(self, num_classes=10, width=8):
        super().__init__()
        self.features = nn.Sequential(OrderedDict(
            stem=nn.Conv2d(3, width, 3, padding=1), relu=nn.ReLU(),
            stage=nn.Sequential(Block(width, width), Block(width, width))))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(width, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.features(x)), 1))


class OneBlockStage(nn.Module):
    """A stage of one block, numbered as nn.Sequential numbers it: a row repeated once."""

    def __init__(self, num_classes=10, width=8):
        super().__init__()
        self.stem = nn.Conv2d(3, width, 3, padding=1)
        self.stage = nn.Sequential(Block(width, width))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(width, num_classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.stage(F.relu(self.stem(x)))), 1))
