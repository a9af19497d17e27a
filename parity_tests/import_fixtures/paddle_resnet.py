"""A small residual net as Paddle's own tutorials write one: a block class in a LayerList, BN with non-default
momentum and epsilon, a 1x1 projection where the shape changes, adaptive pooling and dropout."""

import paddle
import paddle.nn.functional as F


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
