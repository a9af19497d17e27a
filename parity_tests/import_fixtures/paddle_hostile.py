"""Paddle models a spec cannot describe, each as users write them; `rosetta import --from paddle` must refuse
every one, naming the construct and its line."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import paddle
import paddle.nn as nn
import paddle.nn.functional as F


class DataDependentIf(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        x = self.conv(x)
        if x.mean() > 0:
            x = -x
        return x


class Gelu(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)
        self.act = nn.GELU()

    def forward(self, x):
        return self.act(self.conv(x))


class ConstantAdd(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return self.conv(x) + 1.0


class SharedConv(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(4, 4, 3, padding=1)

    def forward(self, x):
        return self.conv(F.relu(self.conv(x)))


class DownscaleDropout(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)
        self.drop = nn.Dropout(0.5, mode="downscale_in_infer")

    def forward(self, x):
        return self.drop(self.conv(x))


class AsymmetricPad(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3, padding=[0, 2, 0, 2])

    def forward(self, x):
        return self.conv(x)


class Several(nn.Layer):
    """Three problems at once: an unsupported activation, a constant multiplied in, a layer with weights used
    twice."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(4, 4, 3, padding=1)
        self.act = nn.LeakyReLU(0.1)

    def forward(self, x):
        x = self.act(self.conv(x))
        x = x * 2.0
        return paddle.add(self.conv(x), x)


class Unused(nn.Layer):
    """An auxiliary head, and a layer with weights that forward never calls, in either mode."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)
        self.aux = nn.Conv2D(4, 2, 1)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        y = self.conv(x)
        x = F.relu(y)
        if self.training:
            return x, self.aux(y)
        return x


class TrainOnlyStep(nn.Layer):
    """Train mode returns an auxiliary head's output, and runs a layer on the output's own path that eval mode
    skips."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)
        self.extra = nn.Conv2D(4, 4, 1)
        self.aux = nn.Conv2D(4, 2, 1)

    def forward(self, x):
        x = self.conv(x)
        if self.training:
            return self.extra(x), self.aux(x)
        return x


class ChannelsLastConv(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv_nhwc = nn.Conv2D(3, 4, 3, data_format="NHWC")

    def forward(self, x):
        return self.conv_nhwc(x)


class ChannelsLastPool(nn.Layer):
    def __init__(self):
        super().__init__()
        self.pool_nhwc = nn.MaxPool2D(2, data_format="NHWC")

    def forward(self, x):
        return self.pool_nhwc(x)


class RowLayerNorm(nn.Layer):
    """Layer norm over the last axis of a map only: a spec's layer norm takes every non-batch axis."""

    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(8)

    def forward(self, x):
        return self.norm(x)


class TransposedMatmul(nn.Layer):
    """A weight held [out, in] and multiplied transposed, as torch's Linear holds it."""

    def __init__(self):
        super().__init__()
        self.weight = self.create_parameter([5, 3 * 4 * 4])

    def forward(self, x):
        return paddle.matmul(paddle.flatten(x, 1), self.weight, transpose_y=True)


class SoftmaxOverWidth(nn.Layer):
    """Softmax over a map's last axis (its width), not its channels."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return F.softmax(self.conv(x), axis=-1)


class GroupNormWithoutScale(nn.Layer):
    def __init__(self):
        super().__init__()
        self.unscaled = nn.GroupNorm(2, 4, weight_attr=False)

    def forward(self, x):
        return self.unscaled(x)
