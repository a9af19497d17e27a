"""A LeNet as tutorials write it with nn.Sequential: `features` and `classifier` (numbered weight keys), and a
flatten spelt x.view(x.size(0), -1)."""

# ruff: noqa: PLR0402 - written as the tutorials write it

from collections import OrderedDict

import torch.nn as nn


class LeNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, kernel_size=5, padding=2),
            nn.ReLU(inplace=True),
            nn.AvgPool2d(kernel_size=2, stride=2),
            nn.Conv2d(6, 16, kernel_size=5),
            nn.ReLU(inplace=True),
            nn.AvgPool2d(kernel_size=2, stride=2),
        )
        self.classifier = nn.Sequential(
            nn.Linear(16 * 5 * 5, 120),
            nn.ReLU(inplace=True),
            nn.Dropout(0.5),
            nn.Linear(120, 84),
            nn.ReLU(inplace=True),
            nn.Linear(84, num_classes),
        )

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)


class NamedRows(nn.Module):
    """nn.Sequential with named rows, and a numbered one holding an nn.Identity: neither is a numbered group of
    layers, so their rows are named by their paths."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(OrderedDict(conv=nn.Conv2d(1, 4, 3), act=nn.ReLU()))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Identity(), nn.Linear(4 * 26 * 26, 10))

    def forward(self, x):
        return self.classifier(self.features(x))
