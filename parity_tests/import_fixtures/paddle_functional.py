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
