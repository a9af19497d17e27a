"""ShuffleNet v2 as torchvision writes it (models/shufflenetv2.py): one unit class that branches on its stride,
`x.chunk(2, dim=1)`, a channel_shuffle function of view, transpose, contiguous and view, and a global pool written
as `x.mean([2, 3])`; small widths at 32x32. And the other spellings of the split and the shuffle."""

# ruff: noqa: PLR0402 - written as torchvision writes it

import torch
import torch.nn as nn
import torch.nn.functional as F


def channel_shuffle(x, groups):
    batchsize, num_channels, height, width = x.size()
    channels_per_group = num_channels // groups
    x = x.view(batchsize, groups, channels_per_group, height, width)
    x = torch.transpose(x, 1, 2).contiguous()
    x = x.view(batchsize, num_channels, height, width)
    return x


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride):
        super().__init__()
        self.stride = stride
        branch_features = oup // 2
        if self.stride > 1:
            self.branch1 = nn.Sequential(
                nn.Conv2d(inp, inp, 3, self.stride, 1, bias=False, groups=inp),
                nn.BatchNorm2d(inp),
                nn.Conv2d(inp, branch_features, kernel_size=1, stride=1, padding=0, bias=False),
                nn.BatchNorm2d(branch_features),
                nn.ReLU(inplace=True),
            )
        else:
            self.branch1 = nn.Sequential()
        self.branch2 = nn.Sequential(
            nn.Conv2d(inp if (self.stride > 1) else branch_features, branch_features, kernel_size=1, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.ReLU(inplace=True),
            nn.Conv2d(branch_features, branch_features, 3, self.stride, 1, bias=False, groups=branch_features),
            nn.BatchNorm2d(branch_features),
            nn.Conv2d(branch_features, branch_features, kernel_size=1, stride=1, padding=0, bias=False),
            nn.BatchNorm2d(branch_features),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        if self.stride == 1:
            x1, x2 = x.chunk(2, dim=1)
            out = torch.cat((x1, self.branch2(x2)), dim=1)
        else:
            out = torch.cat((self.branch1(x), self.branch2(x)), dim=1)
        out = channel_shuffle(out, 2)
        return out


class ShuffleNetV2(nn.Module):
    def __init__(self, stages_repeats=(2, 2), stages_out_channels=(8, 16, 32, 64), num_classes=10):
        super().__init__()
        input_channels = 3
        output_channels = stages_out_channels[0]
        self.conv1 = nn.Sequential(
            nn.Conv2d(input_channels, output_channels, 3, 2, 1, bias=False),
            nn.BatchNorm2d(output_channels),
            nn.ReLU(inplace=True),
        )
        input_channels = output_channels
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        stage_names = [f"stage{i}" for i in [2, 3]]
        for name, repeats, output_channels in zip(stage_names, stages_repeats, stages_out_channels[1:]):
            seq = [InvertedResidual(input_channels, output_channels, 2)]
            for _ in range(repeats - 1):
                seq.append(InvertedResidual(output_channels, output_channels, 1))
            setattr(self, name, nn.Sequential(*seq))
            input_channels = output_channels
        output_channels = stages_out_channels[-1]
        self.conv5 = nn.Sequential(
            nn.Conv2d(input_channels, output_channels, 1, 1, 0, bias=False),
            nn.BatchNorm2d(output_channels),
            nn.ReLU(inplace=True),
        )
        self.fc = nn.Linear(output_channels, num_classes)

    def forward(self, x):
        x = self.conv1(x)
        x = self.maxpool(x)
        x = self.stage2(x)
        x = self.stage3(x)
        x = self.conv5(x)
        x = x.mean([2, 3])  # globalpool
        x = self.fc(x)
        return x


class ShuffleSpellings(nn.Module):
    """The split as torch.split and indexing from the end, the shuffle as nn.ChannelShuffle, F.channel_shuffle
    (groups as a keyword), a permute of a reshape (its dims as arguments, or a list with negative dims) and a
    transpose of negative dims."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 12, 3, padding=1)
        self.shuffle = nn.ChannelShuffle(3)
        self.head = nn.Linear(12 * 8 * 8, 4)

    def forward(self, x):
        x = self.conv(x)
        parts = torch.split(x, 4, dim=1)
        y = torch.cat([parts[-1], F.relu(parts[0]), parts[1]], 1)
        y = self.shuffle(y)
        b, c, h, w = y.shape
        y = y.reshape(b, 4, c // 4, h, w).permute(0, 2, 1, 3, 4).reshape(b, c, h, w)
        y = torch.transpose(y.view(b, 2, c // 2, h, w), -3, -4).contiguous().view(b, c, h, w)
        y = y.reshape(b, 3, c // 3, h, w).permute([0, -3, -4, 3, 4]).reshape(b, c, h, w)
        return self.head(torch.flatten(F.channel_shuffle(y, groups=2), 1))
