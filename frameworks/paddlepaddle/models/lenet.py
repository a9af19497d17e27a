"""lenet: generated from shared_specs/specs/lenet.yaml by `rosetta render`; do not edit.

LeNet: The PaddlePaddle LeNet of seed 000: sigmoid after conv1 and again after max_pool1, no activation after conv2
or conv3, a 4x4 conv3 that leaves a 1x1 map.
    Source: seed 000 (PaddlePaddle image-classification tutorial, class LeNet(paddle.nn.Layer))
    lenet_paddle: LeNet(num_classes=1) has 41,221 parameters; published 41,221.
    lenet_paddle_mnist: LeNet(num_classes=10) has 41,806 parameters; published 41,806.
LeNet5Keras: The Keras Sequential LeNet-5 of seed 001 as written: 28x28x1 input, 'valid' tanh convolutions, 2x2 max
pooling, tanh dense layers and a softmax output. (The listing's input_shape=(14,14,6) on its second Conv2D is
ignored by Keras, so it is not part of the spec.).
    Source: seed 001 (Keras listing '构建LeNet-5网络')
    lenet5_keras: LeNet5Keras(num_classes=10) has 44,426 parameters; published 44,426.
LeNet5Classic: Classic LeNet-5 from seed 001's layer-by-layer analysis: 32x32 input, tanh, max pooling, C5 as a
400->120 fully connected layer, softmax output.
    Source: seed 001 (layer analysis INPUT/C1/S2/C3/S4/C5/F6/OUTPUT); LeCun et al. 1998
    lenet5_classic: LeNet5Classic(num_classes=10) has 61,706 parameters; published 61,706.
LeNet5: The PyTorch LeNet5 of seed 002, with ReLU and average pooling on 28x28 MNIST digits.
    Source: seed 002 (PyTorch listing class LeNet5(nn.Module))
    lenet5_torch: LeNet5(num_classes=10) has 44,426 parameters; published 44,426.
CifarLeNet: The PyTorch LeNet of seed 004 for 3x32x32 CIFAR images, 16 and 32 channels, ReLU, max pooling.
    Source: seed 004 (PyTorch listing class LeNet(nn.Module), '定义网络')
    lenet_cifar: CifarLeNet(num_classes=10) has 121,182 parameters; published 121,182.
Rendered for paddle."""

import paddle
import paddle.nn.functional as F
from paddle import nn


class LeNet(nn.Layer):
    """The PaddlePaddle LeNet of seed 000: sigmoid after conv1 and again after max_pool1, no activation after conv2 or
    conv3, a 4x4 conv3 that leaves a 1x1 map. Input (N, 1, 28, 28).
    """

    def __init__(self, num_classes: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=1, out_channels=6, kernel_size=5)  # (N, 6, 24, 24)
        self.max_pool1 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 6, 12, 12)
        self.conv2 = nn.Conv2D(in_channels=6, out_channels=16, kernel_size=5)  # (N, 16, 8, 8)
        self.max_pool2 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 16, 4, 4)
        self.conv3 = nn.Conv2D(in_channels=16, out_channels=120, kernel_size=4)  # (N, 120, 1, 1)
        self.fc1 = nn.Linear(in_features=120, out_features=64)  # (N, 64)
        self.fc2 = nn.Linear(in_features=64, out_features=num_classes)  # (N, 1)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
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


class LeNet5Keras(nn.Layer):
    """The Keras Sequential LeNet-5 of seed 001 as written: 28x28x1 input, 'valid' tanh convolutions, 2x2 max pooling,
    tanh dense layers and a softmax output. (The listing's input_shape=(14,14,6) on its second Conv2D is ignored by
    Keras, so it is not part of the spec.). Input (N, 1, 28, 28).
    """

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=1, out_channels=6, kernel_size=5)  # (N, 6, 24, 24)
        self.pool1 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 6, 12, 12)
        self.conv2 = nn.Conv2D(in_channels=6, out_channels=16, kernel_size=5)  # (N, 16, 8, 8)
        self.pool2 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 16, 4, 4)
        self.fc1 = nn.Linear(in_features=16 * 4 * 4, out_features=120)  # (N, 120)
        self.fc2 = nn.Linear(in_features=120, out_features=84)  # (N, 84)
        self.fc3 = nn.Linear(in_features=84, out_features=num_classes)  # (N, 10)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = paddle.tanh(self.conv1(x))
        x = self.pool1(x)
        x = paddle.tanh(self.conv2(x))
        x = self.pool2(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = paddle.tanh(self.fc1(x))
        x = paddle.tanh(self.fc2(x))
        x = F.softmax(self.fc3(x), axis=1)
        return x


class LeNet5Classic(nn.Layer):
    """Classic LeNet-5 from seed 001's layer-by-layer analysis: 32x32 input, tanh, max pooling, C5 as a 400->120 fully
    connected layer, softmax output. Input (N, 1, 32, 32).
    """

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.c1 = nn.Conv2D(in_channels=1, out_channels=6, kernel_size=5)  # (N, 6, 28, 28)
        self.s2 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 6, 14, 14)
        self.c3 = nn.Conv2D(in_channels=6, out_channels=16, kernel_size=5)  # (N, 16, 10, 10)
        self.s4 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 16, 5, 5)
        self.c5 = nn.Linear(in_features=16 * 5 * 5, out_features=120)  # (N, 120)
        self.f6 = nn.Linear(in_features=120, out_features=84)  # (N, 84)
        self.output = nn.Linear(in_features=84, out_features=num_classes)  # (N, 10)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = paddle.tanh(self.c1(x))
        x = self.s2(x)
        x = paddle.tanh(self.c3(x))
        x = self.s4(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = paddle.tanh(self.c5(x))
        x = paddle.tanh(self.f6(x))
        x = F.softmax(self.output(x), axis=1)
        return x


class LeNet5(nn.Layer):
    """The PyTorch LeNet5 of seed 002, with ReLU and average pooling on 28x28 MNIST digits. Input (N, 1, 28, 28)."""

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=1, out_channels=6, kernel_size=5)  # (N, 6, 24, 24)
        self.pool1 = nn.AvgPool2D(kernel_size=2, stride=2)  # (N, 6, 12, 12)
        self.conv2 = nn.Conv2D(in_channels=6, out_channels=16, kernel_size=5)  # (N, 16, 8, 8)
        self.pool2 = nn.AvgPool2D(kernel_size=2, stride=2)  # (N, 16, 4, 4)
        self.fc1 = nn.Linear(in_features=16 * 4 * 4, out_features=120)  # (N, 120)
        self.fc2 = nn.Linear(in_features=120, out_features=84)  # (N, 84)
        self.fc3 = nn.Linear(in_features=84, out_features=num_classes)  # (N, 10)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = F.relu(self.conv1(x))
        x = self.pool1(x)
        x = F.relu(self.conv2(x))
        x = self.pool2(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


class CifarLeNet(nn.Layer):
    """The PyTorch LeNet of seed 004 for 3x32x32 CIFAR images, 16 and 32 channels, ReLU, max pooling. Input (N, 3, 32,
    32).
    """

    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2D(in_channels=3, out_channels=16, kernel_size=5)  # (N, 16, 28, 28)
        self.pool1 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 16, 14, 14)
        self.conv2 = nn.Conv2D(in_channels=16, out_channels=32, kernel_size=5)  # (N, 32, 10, 10)
        self.pool2 = nn.MaxPool2D(kernel_size=2, stride=2)  # (N, 32, 5, 5)
        self.fc1 = nn.Linear(in_features=32 * 5 * 5, out_features=120)  # (N, 120)
        self.fc2 = nn.Linear(in_features=120, out_features=84)  # (N, 84)
        self.fc3 = nn.Linear(in_features=84, out_features=num_classes)  # (N, 10)

    def forward(self, x: paddle.Tensor) -> paddle.Tensor:
        x = F.relu(self.conv1(x))
        x = self.pool1(x)
        x = F.relu(self.conv2(x))
        x = self.pool2(x)
        x = paddle.reshape(x, [x.shape[0], -1])
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x
