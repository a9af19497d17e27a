"""Models a spec cannot describe, each as users write them; `rosetta import` must refuse every one, naming the
construct and its line."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import torch.nn as nn
import torch.nn.functional as F


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
    return F.log_softmax(x, dim=1)


class LogSoftmaxOutput(nn.Module):
    """The classic MNIST example's output, through a helper of the file: log-probabilities for NLLLoss."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3 * 8 * 8, 10)

    def forward(self, x):
        return _log_probabilities(self.fc(x.flatten(1)))
