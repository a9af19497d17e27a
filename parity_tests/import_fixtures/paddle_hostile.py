"""Paddle models a spec cannot describe, each as users write them; `rosetta import --from paddle` must refuse
every one, naming the construct and its line."""

# ruff: noqa: PLR0402 - written as the tutorials write it

import numpy as np
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


class ConditionBesideARefusedOp(nn.Layer):
    """Control flow on a layer's output that an unsupported op also reads: both are named (the condition's own
    mean is not)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        z = F.gelu(y)
        if y.mean() > 0:
            z = -z
        return z


class ReturnsItsInput(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 3, 3, padding=1)

    def forward(self, x):
        self.conv(x)
        return x


class ReturnsItsInputBesideAHead(nn.Layer):
    """Train mode returns the input itself after the output and an auxiliary head's output."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)
        self.aux = nn.Conv2D(4, 2, 1)

    def forward(self, x):
        y = self.conv(x)
        out = F.relu(y)
        if self.training:
            return out, self.aux(y), x
        return out


class SliceOfChannels(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return self.conv(x)[:, :2]


class ConstantTensors(nn.Layer):
    """Constants made as tensors (`paddle.full`), on either side of an add or a multiply, after a layer and after a
    refused op; and paddle.scale's factor and bias at once."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        x = self.conv(x) * paddle.full([1], 0.1)
        x = paddle.full([1], 0.3) + F.gelu(x)
        return paddle.scale(x, scale=2.0, bias=1.0)


class LooseParameters(nn.Layer):
    """Parameters of the model's own, outside any layer: multiplied into a map, added to one."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)
        self.gain = self.create_parameter([1])
        self.offset = self.create_parameter([4, 1, 1], is_bias=True)

    def forward(self, x):
        y = self.conv(x)
        return paddle.concat([y * self.gain, y + self.offset], axis=1)


class ChannelsLastBatchNorm(nn.Layer):
    def __init__(self):
        super().__init__()
        self.bn_nhwc = nn.BatchNorm2D(3, data_format="NHWC")

    def forward(self, x):
        return self.bn_nhwc(x)


class BatchStatisticsInEval(nn.Layer):
    def __init__(self):
        super().__init__()
        self.bn = nn.BatchNorm2D(3, use_global_stats=False)

    def forward(self, x):
        return self.bn(x)


class ComputedPoolSize(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return F.adaptive_avg_pool2d(self.conv(x), paddle.shape(x)[2:])


class DivisorOverride(nn.Layer):
    def __init__(self):
        super().__init__()
        self.pool = nn.AvgPool2D(2, divisor_override=3)

    def forward(self, x):
        return self.pool(x)


class ReshapeToRows(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return paddle.reshape(self.conv(x), [-1, 4, 36])


class ConcatWithZeros(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return paddle.concat([self.conv(x), paddle.zeros([2, 4, 6, 6])], axis=1)


class ConcatAlongHeight(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        return paddle.concat([y, y], axis=2)


class ChannelsLastResponseNorm(nn.Layer):
    def __init__(self):
        super().__init__()
        self.lrn_nhwc = nn.LocalResponseNorm(3, data_format="NHWC")

    def forward(self, x):
        return self.lrn_nhwc(x)


class ThroughNumPy(nn.Layer):
    """A forward that leaves the graph for NumPy, which paddle.jit.to_static cannot convert."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return paddle.to_tensor(np.asarray(self.conv(x)))


class WeightOfTheModel(nn.Layer):
    """A convolution of a parameter the model holds itself, outside any layer."""

    def __init__(self):
        super().__init__()
        self.weight = self.create_parameter([4, 3, 3, 3])

    def forward(self, x):
        return F.gelu(F.conv2d(x, self.weight, padding=1))


class Kernel(nn.Layer):
    """A layer of the user's own whose convolution weight is called `kernel`."""

    def __init__(self):
        super().__init__()
        self.kernel = self.create_parameter([4, 3, 3, 3])

    def forward(self, x):
        return F.conv2d(x, self.kernel)


class Shifted(nn.Layer):
    """A layer of the user's own whose convolution bias is called `shift`."""

    def __init__(self):
        super().__init__()
        self.weight = self.create_parameter([4, 3, 3, 3])
        self.shift = self.create_parameter([4], is_bias=True)

    def forward(self, x):
        return F.conv2d(x, self.weight, self.shift)


class NamedOtherwise(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = Kernel()
        self.shifted = Shifted()

    def forward(self, x):
        return paddle.concat([self.conv(x), self.shifted(x)], axis=1)


class Tied(nn.Layer):
    """A layer of the user's own that convolves with a weight it is given: another layer's."""

    def __init__(self, weight):
        super().__init__()
        self.weight = weight

    def forward(self, x):
        return F.conv2d(x, self.weight, padding=1)


class TiedWeights(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 3, 3, padding=1)
        self.tied = Tied(self.conv.weight)

    def forward(self, x):
        return self.tied(x)


class ScaleByAShape(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return paddle.scale(self.conv(x), scale=paddle.shape(x)[2])


class GeluBlock(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 1)

    def forward(self, x):
        return F.gelu(self.conv(x))


class WiderGeluBlock(nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 8, 3, padding=1)

    def forward(self, x):
        return F.gelu(self.conv(x))


class BlocksWithOneForwardText(nn.Layer):
    """Two block classes whose forward reads the same: paddle.jit.to_static converts the text once."""

    def __init__(self):
        super().__init__()
        self.narrow = GeluBlock()
        self.wide = WiderGeluBlock()

    def forward(self, x):
        return paddle.concat([self.narrow(x), self.wide(x)], axis=1)


class ProblemsDownstreamOfProblems(nn.Layer):
    """An op without a Rosetta counterpart that reads a refused layer's output is named too."""

    def __init__(self):
        super().__init__()
        self.leaky = nn.LeakyReLU()

    def forward(self, x):
        y = self.leaky(x)
        return F.gelu(y)


class OtherHardSigmoids(paddle.nn.Layer):
    """A hard-sigmoid of slope 0.2 (PaddleClas' older MobileNet v3) and a hardtanh to [-1, 1]: no spec op."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        return F.hardsigmoid(y, slope=0.2) + F.hardtanh(y)


class NearlyHardSigmoid(paddle.nn.Layer):
    """relu6(x + 3) / 5: not hard-sigmoid's 1/6, so the shift and the scale are constants a spec cannot hold."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 4, 3)

    def forward(self, x):
        return F.relu6(self.conv(x) + 3) / 5


class HardSigmoidLookalikes(paddle.nn.Layer):
    """Almost relu6(x + 3) / 6: an offset of 0.4, the clipped sum read twice, a shift of 2, a ReLU."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 4, 3)

    def forward(self, x):
        y = self.conv(x)
        clipped = F.relu6(y + 3)
        return F.hardsigmoid(y, slope=1 / 6, offset=0.4) + clipped / 6 + clipped + F.relu6(y + 2) / 6 + F.relu(y + 3) / 6


class SplitsASpecCannotHold(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 6, 1)

    def forward(self, x):
        x = self.conv(x)
        a, b = paddle.split(x, [2, 4], axis=1)
        c, d = paddle.split(x, 2, axis=2)
        e = paddle.transpose(paddle.reshape(x, [-1, 2, 3, 8, 8]), perm=[0, 2, 1, 3, 4])
        return paddle.concat([a, b], axis=1), c + d, paddle.reshape(e, [-1, 6, 64])


class MeansASpecCannotHold(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 4, 3)

    def forward(self, x):
        x = self.conv(x)
        return x.mean(1) + x.mean()


class ShufflesASpecCannotHold(paddle.nn.Layer):
    """Reshapes to five axes that no transpose of the grid and reshape back make a channel shuffle, and a split
    whose sections are computed from a shape tensor."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2D(3, 6, 1)

    def forward(self, x):
        x = self.conv(x)
        a = paddle.reshape(paddle.transpose(paddle.reshape(x, [-1, 2, 3, 8, 8]), [0, 1, 2, 4, 3]), [-1, 6, 8, 8])
        b = paddle.reshape(paddle.transpose(paddle.reshape(x, [-1, 2, 6, 4, 8]), [0, 2, 1, 3, 4]), [-1, 6, 8, 8])
        grid = paddle.reshape(x, [-1, 3, 2, 8, 8])
        again = paddle.reshape(grid, [-1, 6, 8, 8])  # made first: the transpose is the first of the grid's uses
        c = paddle.reshape(paddle.transpose(grid, [0, 2, 1, 3, 4]), [-1, 6, 8, 8]) * again
        d = paddle.split(x, [paddle.shape(x)[1] // 2, paddle.shape(x)[1] // 2], axis=1)[0]
        return a + b + c, d
