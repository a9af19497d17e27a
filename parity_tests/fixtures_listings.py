"""The seed tutorials' own classes, reproduced verbatim (training code and imports of datasets left out),
so the rendered classes are compared with the listings, not with names typed twice."""

from __future__ import annotations


def seed_002_torch_lenet5():
    import torch
    import torch.nn as nn

    class LeNet5(nn.Module):
        def __init__(self):
            super(LeNet5, self).__init__()
            self.conv1 = nn.Conv2d(in_channels=1, out_channels=6, kernel_size=5, stride=1)
            self.pool1 = nn.AvgPool2d(kernel_size=2, stride=2)
            self.conv2 = nn.Conv2d(in_channels=6, out_channels=16, kernel_size=5, stride=1)
            self.pool2 = nn.AvgPool2d(kernel_size=2, stride=2)
            self.fc1 = nn.Linear(in_features=16 * 4 * 4, out_features=120)
            self.fc2 = nn.Linear(in_features=120, out_features=84)
            self.fc3 = nn.Linear(in_features=84, out_features=10)

        def forward(self, x):
            x = self.pool1(torch.relu(self.conv1(x)))
            x = self.pool2(torch.relu(self.conv2(x)))
            x = x.view(-1, 16 * 4 * 4)
            x = torch.relu(self.fc1(x))
            x = torch.relu(self.fc2(x))
            x = self.fc3(x)
            return x

    return LeNet5()


def seed_004_torch_lenet():
    import torch.nn as nn
    import torch.nn.functional as F

    class LeNet(nn.Module):
        def __init__(self):
            super(LeNet, self).__init__()
            self.conv1 = nn.Conv2d(3, 16, 5)
            self.pool1 = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv2d(16, 32, 5)
            self.pool2 = nn.MaxPool2d(2, 2)
            self.fc1 = nn.Linear(32 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = F.relu(self.conv1(x))
            x = self.pool1(x)
            x = F.relu(self.conv2(x))
            x = self.pool2(x)
            x = x.view(-1, 32 * 5 * 5)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            x = self.fc3(x)
            return x

    return LeNet()


def seed_000_paddle_lenet(num_classes=1):
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

    return LeNet(num_classes)


def seed_001_keras_lenet5():
    from keras.layers import Conv2D, Dense, Flatten, MaxPool2D
    from keras.models import Sequential

    model = Sequential()
    model.add(Conv2D(input_shape=(28, 28, 1), filters=6, kernel_size=(5, 5), padding='valid', activation='tanh'))
    model.add(MaxPool2D(pool_size=(2, 2), strides=2))
    model.add(Conv2D(input_shape=(14, 14, 6), filters=16, kernel_size=(5, 5), padding='valid', activation='tanh'))
    model.add(MaxPool2D(pool_size=(2, 2), strides=2))
    model.add(Flatten())
    model.add(Dense(120, activation='tanh'))
    model.add(Dense(84, activation='tanh'))
    model.add(Dense(10, activation='softmax'))
    return model
