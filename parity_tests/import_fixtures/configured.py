"""A net configured by a dataclass, in a file with postponed annotations: the dataclass machinery looks its
module up in sys.modules while the file is imported."""

from __future__ import annotations

import dataclasses

from torch import nn


@dataclasses.dataclass
class Config:
    width: int = 6
    classes: int = 10


class ConfiguredNet(nn.Module):
    def __init__(self, config: Config | None = None):
        super().__init__()
        config = config or Config()
        self.conv = nn.Conv2d(3, config.width, 5)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(config.width * 14 * 14, config.classes)

    def forward(self, x):
        x = self.pool(self.conv(x).relu())
        return self.fc(x.flatten(1))
