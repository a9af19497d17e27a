"""A net whose forward is written with torch.nn.functional and tensor methods, as many users write it: the
layers with weights are modules, every other op a function call."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import torch
import torch.nn as nn
import torch.nn.functional as F


class FunctionalNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(16 * 4 * 4, 10)

    def forward(self, x):
        x = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        gate = torch.sigmoid(self.conv2(x))
        x = torch.cat([x * gate, torch.tanh(x)], dim=1)
        x = F.avg_pool2d(x, 2)
        x = F.dropout(x.reshape(x.shape[0], -1), p=0.2, training=self.training)
        return F.softmax(self.fc(x), dim=1)
