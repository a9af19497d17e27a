"""The LeNet of the PaddlePaddle tutorial (seed 000), as it is written there: sigmoid activations called as
functions, a pool after each of the first two convolutions, and `paddle.reshape(x, [x.shape[0], -1])` before the
classifier."""

# ruff: noqa: UP008 - written as the tutorial writes it

import paddle
import paddle.nn.functional as F
from paddle.nn import Conv2D, Linear, MaxPool2D


class LeNet(paddle.nn.Layer):

    def __init__(self, num_classes=1):
        super(LeNet, self).__init__()

        self.conv1 = Conv2D(in_channels=1, out_channels=6, kernel_size=5)
        self.max_pool1 = MaxPool2D(kernel_size=2, stride=2)
        self.conv2 = Conv2D(in_channels=6, out_channels=16, kernel_size=5)
        self.max_pool2 = MaxPool2D(kernel_size=2, stride=2)
        self.conv3 = Conv2D(in_channels=16, out_channels=120, kernel_size=4)
        self.fc1 = Linear(in_features=120, out_features=64)
        self.fc2 = Linear(in_features=64, out_features=num_classes)

    def forward(self, x):
        x = self.conv1(x)
        x = F.sigmoid(x)
        x = self.max_pool1(x)
        x = F.sigmoid(x)
        x = self.conv2(x)
        x = self.max_pool2(x)
        x = self.conv3(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = self.fc1(x)
        x = F.sigmoid(x)
        x = self.fc2(x)
        return x


class BasicBlock(paddle.nn.Layer):
    """A residual block as Paddle's own tutorials write it: conv-bn twice, a 1x1 projection when the shape
    changes, the sum through ReLU."""

    def __init__(self, in_channels, channels, stride=1):
        super().__init__()
        self.conv1 = paddle.nn.Conv2D(in_channels, channels, 3, stride=stride, padding=1, bias_attr=False)
        self.bn1 = paddle.nn.BatchNorm2D(channels)
        self.conv2 = paddle.nn.Conv2D(channels, channels, 3, padding=1, bias_attr=False)
        self.bn2 = paddle.nn.BatchNorm2D(channels, momentum=0.99, epsilon=1e-3)
        self.short = None
        if stride != 1 or in_channels != channels:
            self.short = paddle.nn.Sequential(paddle.nn.Conv2D(in_channels, channels, 1, stride=stride,
                                                               bias_attr=False), paddle.nn.BatchNorm2D(channels))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.short is None else self.short(x)))


class SmallResNet(paddle.nn.Layer):
    def __init__(self, num_classes=10):
        super().__init__()
        self.stem = paddle.nn.Sequential(paddle.nn.Conv2D(3, 16, 3, padding=1, bias_attr=False),
                                         paddle.nn.BatchNorm2D(16), paddle.nn.ReLU())
        self.blocks = paddle.nn.LayerList([BasicBlock(16, 16), BasicBlock(16, 32, 2)])
        self.pool = paddle.nn.AdaptiveAvgPool2D(1)
        self.drop = paddle.nn.Dropout(0.2)
        self.fc = paddle.nn.Linear(32, num_classes)

    def forward(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        x = paddle.flatten(self.pool(x), 1)
        return self.fc(self.drop(x))
