"""A small net with an auxiliary classifier on its middle, written as GoogLeNet's is in torchvision: the head
runs in train mode only, and forward then returns (logits, aux_logits)."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import torch
import torch.nn as nn
import torch.nn.functional as F


class AuxHead(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, 8, 1)
        self.fc = nn.Linear(8 * 4 * 4, num_classes)

    def forward(self, x):
        x = F.adaptive_avg_pool2d(x, (4, 4))
        x = F.relu(self.conv(x))
        return self.fc(torch.flatten(x, 1))


class SmallAuxNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1, stride=2)
        self.aux = AuxHead(16, num_classes)
        self.fc = nn.Linear(32, num_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        aux = self.aux(x) if self.training else None
        x = F.relu(self.conv2(x))
        x = self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))
        if self.training:
            return x, aux
        return x
