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


def book_resnet(num_classes=10, width=8):
    """The textbook's ResNet written as one nn.Sequential of nn.Sequentials (`nn.Sequential(b1, b2, ...,
    nn.Linear(...))`): every top-level name is a number."""
    nn = paddle.nn
    b1 = nn.Sequential(nn.Conv2D(1, width, kernel_size=7, stride=2, padding=3), nn.BatchNorm2D(width), nn.ReLU(),
                       nn.MaxPool2D(kernel_size=3, stride=2, padding=1))
    b2 = nn.Sequential(BasicBlock(width, width), BasicBlock(width, width))
    b3 = nn.Sequential(BasicBlock(width, 2 * width, stride=2), BasicBlock(2 * width, 2 * width))
    return nn.Sequential(b1, b2, b3, nn.AdaptiveAvgPool2D((1, 1)), nn.Flatten(), nn.Linear(2 * width, num_classes))
