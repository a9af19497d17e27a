"""Models a spec cannot describe, each as users write them; `rosetta import` must refuse every one, naming the
construct and its line."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrizations, weight_norm


class DataDependentIf(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        x = self.conv(x)
        if x.mean() > 0:
            x = -x
        return x


class Gelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.act = nn.GELU()

    def forward(self, x):
        return self.act(self.conv(x))


class ConstantAdd(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return self.conv(x) + 1.0


class SharedConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        return self.conv(F.relu(self.conv(x)))


class DownscaleDropout(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.drop = nn.Dropout2d(0.5)

    def forward(self, x):
        return self.drop(self.conv(x))


class AsymmetricPad(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return self.conv(F.pad(x, (0, 2, 0, 2)))


class Several(nn.Module):
    """Three problems at once: an unsupported activation, a constant added, a module with weights used twice."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 3, padding=1)
        self.act = nn.LeakyReLU(0.1)

    def forward(self, x):
        x = self.act(self.conv(x))
        x = x * 2.0
        return self.conv(x)


class Unused(nn.Module):
    """An auxiliary head, and a layer with weights that forward never calls, in either mode."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.aux = nn.Conv2d(4, 2, 1)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        y = self.conv(x)
        x = F.relu(y)
        if self.training:
            return x, self.aux(y)
        return x


class TrainOnlyStep(nn.Module):
    """Train mode returns an auxiliary head's output, and runs a layer on the output's own path that eval mode
    skips."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.extra = nn.Conv2d(4, 4, 1)
        self.aux = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        x = self.conv(x)
        if self.training:
            return self.extra(x), self.aux(x)
        return x


class HeadOnOutput(nn.Module):
    """Train mode returns a head computed from the output itself: the spec's output is its last layer."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        x = self.fc(x.flatten(1))
        if self.training:
            return x, self.head(x)
        return x


class ReturnsItsInputBesideAHead(nn.Module):
    """Train mode returns the input itself after the output and an auxiliary head's output."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.aux = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        y = self.conv(x)
        out = F.relu(y)
        if self.training:
            return out, self.aux(y), x
        return out


class FunctionalGelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return F.gelu(self.conv(x))


class Delegates(nn.Module):
    """forward hands over to another method, as torchvision's models do (`return self._forward_impl(x)`)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def _forward_impl(self, x):
        x = self.conv(x)
        return F.gelu(x)

    def forward(self, x):
        return self._forward_impl(x)


def _log_probabilities(x):
    return F.log_softmax(x, dim=0)


class LogSoftmaxOverTheBatch(nn.Module):
    """Log-probabilities through a helper of the file, taken over the batch where the classes were meant."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 10)

    def forward(self, x):
        return _log_probabilities(self.fc(x.flatten(1)))


class NormsASpecCannotHold(nn.Module):
    """Normalisations whose statistics or weights a spec's ops do not have, each on a branch of its own, and one
    without weights called twice: every one is named, not only the first."""

    def __init__(self):
        super().__init__()
        self.untracked = nn.BatchNorm2d(3, track_running_stats=False)
        self.unscaled_stats = nn.BatchNorm2d(3, affine=False)
        self.tracked_instances = nn.InstanceNorm2d(3, affine=True, track_running_stats=True)
        self.row_norm = nn.LayerNorm(8)
        self.unbiased_norm = nn.LayerNorm([3, 8, 8], bias=False)

    def forward(self, x):
        a = self.untracked(x)
        b = self.unscaled_stats(self.unscaled_stats(x))
        c = self.tracked_instances(x)
        d = self.row_norm(x)
        e = self.unbiased_norm(x)
        return torch.cat([a, b, c, d, e, x], 1)


class PoolsASpecCannotHold(nn.Module):
    def __init__(self):
        super().__init__()
        self.dilated = nn.MaxPool2d(2, dilation=2)
        self.divided = nn.AvgPool2d(2, divisor_override=3)

    def forward(self, x):
        a = self.dilated(x)
        b = self.divided(x)
        c = F.max_pool2d(x, 2, dilation=(2, 2))
        d = F.avg_pool2d(x, 2, divisor_override=3)
        e = F.max_pool2d(x, 2, return_indices=True)[0]
        return torch.cat([a, c], 1), torch.cat([b, d, e], 1)


class SoftmaxesASpecCannotHold(nn.Module):
    def __init__(self):
        super().__init__()
        self.over_width = nn.Softmax(dim=-1)

    def forward(self, x):
        a = self.over_width(x)
        b = F.softmax(x, dim=2)
        c = x.softmax(-1)
        d = torch.cat([x, x])
        return torch.cat((a, b, c, x), 2), d


class MeansASpecCannotHold(nn.Module):
    """A mean is a global average pool only over H and W together."""

    def forward(self, x):
        a = x.mean(1, keepdim=True)
        b = torch.mean(x, dim=(2,))
        c = x.mean()
        return a, b, c


class PadsASpecCannotHold(nn.Module):
    """F.pad folds into the next convolution only as zeros on the H and W sides of an unpadded one."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.padded_conv = nn.Conv2d(3, 4, 5, padding=1)
        self.other_conv = nn.Conv2d(3, 3, 5)

    def forward(self, x):
        a = self.conv(F.pad(x, (1, 1, 1, 1), mode="reflect"))
        b = self.padded_conv(F.pad(x, (1, 1, 1, 1)))
        c = F.max_pool2d(F.pad(x, [1, 1, 1, 1], "constant", 0.0), 3, 1)
        shared = F.pad(x, (2, 2, 2, 2))
        d = self.other_conv(shared) + F.max_pool2d(shared, 5, 1)
        return torch.cat([a, b, c, d], 1)


class OnesPaddedConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return self.conv(F.pad(x, (1, 1, 1, 1), value=1.0))


class ReflectPaddedConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.reflecting = nn.Conv2d(3, 4, 3, padding=1, padding_mode="reflect")

    def forward(self, x):
        return self.reflecting(x)


class ReshapesASpecCannotHold(nn.Module):
    def __init__(self):
        super().__init__()
        self.rows = nn.Flatten(2)
        self.fc = nn.Linear(64, 4)
        self.head = nn.Linear(3 * 8 * 8, 4)

    def forward(self, x):
        a = self.fc(self.rows(x))
        b = x.view(x.size(0), 3, -1)
        c = torch.flatten(x, 2)
        d = self.head(x.flatten(1)).view(-1, 2, 2)
        return a, b, c, d


class ValuesThatAreNoLayersOutput(nn.Module):
    """A tensor made inside forward, a parameter read outside any layer, a scaled sum, a tensor through NumPy."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.gain = nn.Parameter(torch.ones(1))

    def forward(self, x):
        y = self.conv(x)
        a = torch.cat([y, torch.zeros(2, 4, 6, 6)], 1)
        b = y * self.gain
        c = torch.add(y, y, alpha=2)
        return a, b, c


class ThroughNumPy(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.from_numpy(np.asarray(self.conv(x)))


class IteratesOverATensor(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.stack([self.conv(image[None])[0] for image in x])


class ReturnsTwoInEval(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        return y, F.relu(y)


class ReturnsItsInput(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        self.conv(x)
        return x


class ShapesThatDoNotMatch(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 1)

    def forward(self, x):
        return self.conv(x) + x


class SliceOfChannels(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return self.conv(x)[:, :2]


class ReparametrizedWeights(nn.Module):
    """Weight normalisation, as torch.nn.utils.parametrizations writes it and as the older hook did."""

    def __init__(self):
        super().__init__()
        self.normed = parametrizations.weight_norm(nn.Conv2d(3, 4, 3))
        self.hooked = weight_norm(nn.Conv2d(3, 4, 3))

    def forward(self, x):
        a = self.normed(x)
        b = self.hooked(x)
        return torch.cat([a, b], 1)


class MisspeltForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(4, 4, 1)

    def foward(self, x):
        return F.relu(self.conv(x))


def sequential_with_a_misspelt_forward():
    """No line of the user's runs when tracing stops: torch's nn.Sequential calls the block, torch raises."""
    return nn.Sequential(nn.Conv2d(3, 4, 3), MisspeltForward())


class ProblemsDownstreamOfProblems(nn.Module):
    """Each construct reads the one before: all are named at once, not one per try."""

    def __init__(self):
        super().__init__()
        self.leaky = nn.LeakyReLU()
        self.spatial_dropout = nn.Dropout2d(0.1)

    def forward(self, x):
        y = self.leaky(x)
        y = self.spatial_dropout(y)
        y = F.gelu(y)
        return y.mean(1)


class ClipsOtherThanRelu6(nn.Module):
    """Hardtanh to other bounds than ReLU6's [0, 6]."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.clip = nn.Hardtanh()

    def forward(self, x):
        x = self.clip(self.conv(x))
        return F.hardtanh(x, 0.0, 4.0)


class SplitsASpecCannotHold(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 1)

    def forward(self, x):
        x = self.conv(x)
        a, b = torch.split(x, [2, 4], dim=1)
        c, d = x.chunk(2, dim=2)
        e = x.view(x.size(0), 2, 3, 8, 8).transpose(1, 2).reshape(x.size(0), 6, 64)
        f = torch.split(x, 4, dim=1)[0]
        return a, b, c, d, e, f


class ShufflesASpecCannotHold(nn.Module):
    """Views to five axes that no transpose of the grid and view back make a channel shuffle (a ReLU between the
    transpose and the view back is no copy: read as a shuffle, it would be dropped)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 1)

    def forward(self, x):
        x = self.conv(x)
        n = x.size(0)
        a = x.view(n, 2, 3, 8, 8).flip(1).reshape(n, 6, 8, 8)
        b = x.view(n, 2, 6, 4, 8).transpose(1, 2).reshape(n, 6, 8, 8)
        grid = x.view(n, 3, 2, 8, 8)
        c = grid.transpose(1, 2).reshape(n, 6, 8, 8) * grid.reshape(n, 6, 8, 8)
        d = x.view(n, 2, 3, 8, 8).transpose(1, 2).relu().reshape(n, 6, 8, 8)
        return a, b, c, d


class SizeScaled(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 1)

    def forward(self, x):
        x = self.conv(x)
        return x * (x.size(1) // 2)
