"""Paddle nets whose rows are named by rule, not by attribute: functions called in forward (named as torch.fx
names them: relu, then relu1), one whose name a layer attribute already holds (it takes the next free suffix), a
softmax over the last axis of a vector (its features), and a bare nn.Sequential, whose layers' paths are numbers."""

import paddle
import paddle.nn.functional as F


class Functional(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.relu = paddle.nn.Conv2D(3, 4, 3, padding=1)  # an attribute with a function's name
        self.conv = paddle.nn.Conv2D(3, 4, 3, padding=1)
        self.fc = paddle.nn.Linear(4 * 4 * 4, 5)

    def forward(self, x):
        a = self.relu(x)
        x = F.relu(a + self.conv(x))
        y = F.relu(x + a)
        return F.softmax(self.fc(paddle.flatten(F.max_pool2d(y + x, 2), 1)), axis=-1)


def numbered():
    return paddle.nn.Sequential(paddle.nn.Conv2D(3, 4, 3), paddle.nn.ReLU(), paddle.nn.Flatten(),
                                paddle.nn.Linear(4 * 6 * 6, 5))


class Clashes(paddle.nn.Layer):
    """Attributes that hold a function's first two names (relu, relu_2), and three calls of it."""

    def __init__(self):
        super().__init__()
        self.relu = paddle.nn.Conv2D(3, 4, 3, padding=1)
        self.relu_2 = paddle.nn.Conv2D(3, 4, 3, padding=1)

    def forward(self, x):
        a, b = self.relu(x), self.relu_2(x)
        x = F.relu(a + b)
        y = F.relu(x + a)
        z = F.relu(y + x)
        return z + y


class Mix(paddle.nn.Layer):
    """A layer of the user's own: a 1x1 convolution of a weight it makes itself."""

    def __init__(self, channels):
        super().__init__()
        self.weight = self.create_parameter([channels, channels, 1, 1])

    def forward(self, x):
        return F.conv2d(x, self.weight)


class Forms(paddle.nn.Layer):
    """Spellings a spec says in its own words: 'VALID' padding, an even kernel's 'same' padding spelled out as
    [top, bottom, left, right], a layer of the user's own, an average pool that leaves its padding out of the mean,
    a layer norm over a whole map, a softmax over a map's channels, a concat along axis -3, a reshape to the same
    shape and a Linear without a bias."""

    def __init__(self):
        super().__init__()
        self.valid = paddle.nn.Conv2D(3, 4, 3, padding="VALID")
        self.same = paddle.nn.Conv2D(4, 4, 2, padding=[0, 1, 0, 1])
        self.mix = Mix(4)
        self.pool = paddle.nn.AvgPool2D(3, 1, 1)
        self.norm = paddle.nn.LayerNorm([8, 6, 6])
        self.fc = paddle.nn.Linear(8 * 6 * 6, 5, bias_attr=False)

    def forward(self, x):
        x = self.same(self.valid(x))
        x = paddle.concat([x, self.pool(self.mix(x))], axis=-3)
        x = paddle.reshape(F.softmax(self.norm(x), axis=1), [-1, 8, 6, 6])
        return self.fc(paddle.flatten(x, 1))


class Nested(paddle.nn.Layer):
    """A top-level nn.Sequential holding another: its rows are named by their paths, not kept as a numbered group."""

    def __init__(self):
        super().__init__()
        self.features = paddle.nn.Sequential(paddle.nn.Conv2D(3, 4, 3),
                                             paddle.nn.Sequential(paddle.nn.ReLU(), paddle.nn.MaxPool2D(2)))
        self.fc = paddle.nn.Linear(4 * 3 * 3, 5)

    def forward(self, x):
        return self.fc(paddle.flatten(self.features(x), 1))


class OlderBatchNorm(paddle.nn.Layer):
    """paddle.vision's DenseNet's batch norm: the older nn.BatchNorm class (test mode in eval, not
    use_global_stats), its ReLU given as `act`."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 4, 3)
        self.bn = paddle.nn.BatchNorm(4, act="relu")
        self.fc = paddle.nn.Linear(4 * 6 * 6, 5)

    def forward(self, x):
        return self.fc(paddle.flatten(self.bn(self.conv(x)), 1))


class HardActivations(paddle.nn.Layer):
    """paddle.vision's MobileNet activations: nn.ReLU6, nn.Hardswish, nn.Hardsigmoid at its default slope
    (0.1666667), F.hardtanh to [0, 6] and F.hardsigmoid with slope 1 / 6."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 4, 3)
        self.relu6 = paddle.nn.ReLU6()
        self.hardswish = paddle.nn.Hardswish()
        self.gate = paddle.nn.Hardsigmoid()
        self.fc = paddle.nn.Linear(4 * 6 * 6, 5)

    def forward(self, x):
        x = self.hardswish(self.relu6(self.conv(x)))
        x = x * self.gate(F.hardtanh(x, 0.0, 6.0))
        return self.fc(paddle.flatten(F.hardsigmoid(x, slope=1 / 6), 1))


class ChannelSplitsAndShuffles(paddle.nn.Layer):
    """ShuffleNet v2's channel ops as Paddle users write them: paddle.split into sections (paddle.vision's, and one
    given as -1 along axis -3), paddle.chunk, x.chunk, a reshape-transpose-reshape shuffle (paddle.vision's),
    F.channel_shuffle and nn.ChannelShuffle."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 8, 3, padding=1)
        self.shuffle = paddle.nn.ChannelShuffle(4)
        self.fc = paddle.nn.Linear(16 * 6 * 6, 5)

    def forward(self, x):
        x = self.conv(x)
        x1, x2 = paddle.split(x, num_or_sections=[x.shape[1] // 2, x.shape[1] // 2], axis=1)
        y = paddle.concat([x1, F.relu(x2), paddle.chunk(x, 2, axis=1)[1], x.chunk(4, axis=1)[3],
                           paddle.split(x, [2, -1, 2, 2], axis=-3)[0]], axis=1)
        n, c, h, w = y.shape[0:4]
        y = paddle.reshape(y, [n, 2, c // 2, h, w])
        y = paddle.transpose(y, perm=[0, 2, 1, 3, 4])
        y = paddle.reshape(y, [n, c, h, w])
        return self.fc(paddle.flatten(self.shuffle(F.channel_shuffle(y, 2)), 1))


class GlobalMeans(paddle.nn.Layer):
    """A global average pool written as a mean over H and W, with and without the axes kept."""

    def __init__(self):
        super().__init__()
        self.conv = paddle.nn.Conv2D(3, 4, 3)
        self.fc = paddle.nn.Linear(4, 2)

    def forward(self, x):
        x = self.conv(x)
        return self.fc(x.mean([2, 3]) + paddle.mean(x, axis=[-2, -1], keepdim=True).flatten(1))
