"""One net that writes each op a spec has in the other ways users write it: positional and keyword arguments,
defaults left out or spelled out, tensor methods, torch functions and torch.nn.functional, negative axes, a
module defined and never called, a module and a function that want the same name. Each spelling must import as
the op it means, by torch.export and by symbolic tracing alike."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import torch
import torch.nn as nn
import torch.nn.functional as F


class Spellings(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding="valid")
        self.relu1 = nn.ReLU()
        self.tanh1 = nn.Tanh()
        self.pad_conv = nn.Conv2d(8, 8, 3)
        self.pool = nn.MaxPool2d(2, dilation=(1, 1))
        self.instance_norm = nn.InstanceNorm2d(8, affine=True)
        self.layer_norm = nn.LayerNorm([8, 6, 4])
        self.channel_softmax = nn.Softmax(dim=-3)
        self.spare = nn.Dropout(0.1)
        self.fc = nn.Linear(32 * 3 * 2, 10)

    def forward(self, x):
        x = self.relu1(self.conv(x))
        identity = x.clone()
        x = self.pad_conv(F.pad(x, (1, 1, 1, 1), value=0))
        x = F.relu(x.add(identity))
        x = torch.add(x, identity).mul(torch.sigmoid(x))
        x = self.relu1(x * x.tanh())
        x = self.tanh1(x) + x.tanh()
        x = F.relu(self.pool(x))
        x = torch.cat((self.instance_norm(x), self.layer_norm(x)), 1)
        x = torch.cat([x, self.channel_softmax(x)], dim=-3)
        x = F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
        x = F.max_pool2d(x, kernel_size=2, stride=None)
        x = F.adaptive_avg_pool2d(x, (3, 2))
        x = F.dropout(x, training=self.training)
        x = torch.reshape(torch.flatten(x, 1), (x.shape[0], -1))
        return self.fc(x).softmax(-1)


class GlobalMeans(nn.Module):
    """A global average pool written as a mean over H and W, as torchvision's ShuffleNet v2 and MNASNet write it:
    with a list or a tuple of axes, negative or not, keeping the dims or not."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        x = self.conv(x)
        kept = torch.mean(x, dim=(-1, -2), keepdim=True)
        return self.fc(torch.cat([x.mean([2, 3]), torch.flatten(kept, 1)], 1))


class HardActivations(nn.Module):
    """MobileNet's piecewise activations as torchvision and the tutorials write them: modules, functions, in place,
    and ReLU6 as the hardtanh it is."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.relu6 = nn.ReLU6(inplace=True)
        self.hardswish = nn.Hardswish()
        self.gate = nn.Hardsigmoid()
        self.clip = nn.Hardtanh(0.0, 6.0)

    def forward(self, x):
        x = self.relu6(self.conv(x))
        x = self.hardswish(F.relu6(x))
        x = F.hardswish(x) * self.gate(x)
        x = F.hardsigmoid(self.clip(x), inplace=True)
        return F.hardtanh(x, min_val=0.0, max_val=6.0)
