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
Rendered for keras."""

import keras
from keras import layers


def LeNet(num_classes: int = 1) -> keras.Sequential:
    """The PaddlePaddle LeNet of seed 000: sigmoid after conv1 and again after max_pool1, no activation after conv2 or
    conv3, a 4x4 conv3 that leaves a 1x1 map. Input (N, 28, 28, 1), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(filters=6, kernel_size=(5, 5), padding="valid", name="conv1"),  # (N, 24, 24, 6)
            layers.Activation("sigmoid", name="sigmoid_1"),  # (N, 24, 24, 6)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="max_pool1"),  # (N, 12, 12, 6)
            layers.Activation("sigmoid", name="sigmoid_2"),  # (N, 12, 12, 6)
            layers.Conv2D(filters=16, kernel_size=(5, 5), padding="valid", name="conv2"),  # (N, 8, 8, 16)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="max_pool2"),  # (N, 4, 4, 16)
            layers.Conv2D(filters=120, kernel_size=(4, 4), padding="valid", name="conv3"),  # (N, 1, 1, 120)
            layers.Flatten(name="flatten_1"),  # (N, 120)
            layers.Dense(64, name="fc1"),  # (N, 64)
            layers.Activation("sigmoid", name="sigmoid_3"),  # (N, 64)
            layers.Dense(num_classes, name="fc2"),  # (N, 1)
        ],
        name="LeNet",
    )


def LeNet5Keras(num_classes: int = 10) -> keras.Sequential:
    """The Keras Sequential LeNet-5 of seed 001 as written: 28x28x1 input, 'valid' tanh convolutions, 2x2 max pooling,
    tanh dense layers and a softmax output. (The listing's input_shape=(14,14,6) on its second Conv2D is ignored by
    Keras, so it is not part of the spec.). Input (N, 28, 28, 1), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(
                filters=6, kernel_size=(5, 5), padding="valid", activation="tanh", name="conv1"
            ),  # (N, 24, 24, 6)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="pool1"),  # (N, 12, 12, 6)
            layers.Conv2D(
                filters=16, kernel_size=(5, 5), padding="valid", activation="tanh", name="conv2"
            ),  # (N, 8, 8, 16)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="pool2"),  # (N, 4, 4, 16)
            layers.Flatten(name="flatten"),  # (N, 256)
            layers.Dense(120, activation="tanh", name="fc1"),  # (N, 120)
            layers.Dense(84, activation="tanh", name="fc2"),  # (N, 84)
            layers.Dense(num_classes, activation="softmax", name="fc3"),  # (N, 10)
        ],
        name="LeNet5Keras",
    )


def LeNet5Classic(num_classes: int = 10) -> keras.Sequential:
    """Classic LeNet-5 from seed 001's layer-by-layer analysis: 32x32 input, tanh, max pooling, C5 as a 400->120 fully
    connected layer, softmax output. Input (N, 32, 32, 1), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(32, 32, 1)),
            layers.Conv2D(
                filters=6, kernel_size=(5, 5), padding="valid", activation="tanh", name="c1"
            ),  # (N, 28, 28, 6)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="s2"),  # (N, 14, 14, 6)
            layers.Conv2D(
                filters=16, kernel_size=(5, 5), padding="valid", activation="tanh", name="c3"
            ),  # (N, 10, 10, 16)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="s4"),  # (N, 5, 5, 16)
            layers.Flatten(name="flatten"),  # (N, 400)
            layers.Dense(120, activation="tanh", name="c5"),  # (N, 120)
            layers.Dense(84, activation="tanh", name="f6"),  # (N, 84)
            layers.Dense(num_classes, activation="softmax", name="output"),  # (N, 10)
        ],
        name="LeNet5Classic",
    )


def LeNet5(num_classes: int = 10) -> keras.Sequential:
    """The PyTorch LeNet5 of seed 002, with ReLU and average pooling on 28x28 MNIST digits. Input (N, 28, 28, 1),
    channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(
                filters=6, kernel_size=(5, 5), padding="valid", activation="relu", name="conv1"
            ),  # (N, 24, 24, 6)
            layers.AveragePooling2D(pool_size=(2, 2), strides=2, name="pool1"),  # (N, 12, 12, 6)
            layers.Conv2D(
                filters=16, kernel_size=(5, 5), padding="valid", activation="relu", name="conv2"
            ),  # (N, 8, 8, 16)
            layers.AveragePooling2D(pool_size=(2, 2), strides=2, name="pool2"),  # (N, 4, 4, 16)
            layers.Flatten(name="flatten_1"),  # (N, 256)
            layers.Dense(120, activation="relu", name="fc1"),  # (N, 120)
            layers.Dense(84, activation="relu", name="fc2"),  # (N, 84)
            layers.Dense(num_classes, name="fc3"),  # (N, 10)
        ],
        name="LeNet5",
    )


def CifarLeNet(num_classes: int = 10) -> keras.Sequential:
    """The PyTorch LeNet of seed 004 for 3x32x32 CIFAR images, 16 and 32 channels, ReLU, max pooling. Input (N, 32, 32,
    3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(32, 32, 3)),
            layers.Conv2D(
                filters=16, kernel_size=(5, 5), padding="valid", activation="relu", name="conv1"
            ),  # (N, 28, 28, 16)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="pool1"),  # (N, 14, 14, 16)
            layers.Conv2D(
                filters=32, kernel_size=(5, 5), padding="valid", activation="relu", name="conv2"
            ),  # (N, 10, 10, 32)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="pool2"),  # (N, 5, 5, 32)
            layers.Flatten(name="flatten_1"),  # (N, 800)
            layers.Dense(120, activation="relu", name="fc1"),  # (N, 120)
            layers.Dense(84, activation="relu", name="fc2"),  # (N, 84)
            layers.Dense(num_classes, name="fc3"),  # (N, 10)
        ],
        name="CifarLeNet",
    )
