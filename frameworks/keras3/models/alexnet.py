"""alexnet: generated from shared_specs/specs/alexnet.yaml by `rosetta render`; do not edit.

AlexNet: AlexNet as torchvision lays it out (the one-tower "one weird trick" widths 64-192-384-256-256, no LRN,
adaptive 6x6 pooling, dropout before each hidden linear); its `features` / `classifier` numbering.
    Source: Krizhevsky. One weird trick for parallelizing convolutional neural networks. 2014;
    torchvision.models.alexnet
    alexnet: AlexNet(num_classes=1000) has 61,100,840 parameters; published 61,100,840.
AlexNetSingleTower: The paper's AlexNet on a 227x227 input (so that the 11x11 stride-4 convolution gives 55x55):
widths 96-256-384-384-256, local response normalisation after conv1 and conv2 (n=5, k=2, alpha=1e-4 on the sum,
written 5e-4 here because the spec follows PyTorch in dividing alpha by the window size, beta=0.75), overlapping 3x3
stride-2 max pooling, dropout after fc6 and fc7; both towers as one.
    Source: Krizhevsky, Sutskever, Hinton. ImageNet Classification with Deep Convolutional Neural Networks. NIPS
    2012
    alexnet_single_tower: AlexNetSingleTower(num_classes=1000) has 62,378,344 parameters; published 62,378,344.
    alexnet_cifar10: AlexNetSingleTower(num_classes=10) has 58,322,314 parameters; published 58,322,314.
AlexNetTwoTower: The paper's two-GPU AlexNet: conv2, conv4 and conv5 see only their own tower's half of the channels
(groups=2); conv3 and the fully connected layers see both. Otherwise as the single tower (LRN windows run across the
tower boundary here, which the paper's per-GPU LRN did not).
    Source: Krizhevsky, Sutskever, Hinton. ImageNet Classification with Deep Convolutional Neural Networks. NIPS
    2012
    alexnet_two_tower: AlexNetTwoTower(num_classes=1000) has 60,965,224 parameters; published 60,965,224.
Rendered for keras."""

import keras
from keras import layers


@keras.saving.register_keras_serializable(package="rosetta")
class LocalResponseNorm(layers.Layer):
    """x / (k + alpha / size * sum of x^2 over `size` neighbouring channels)^beta, as torch.nn.LocalResponseNorm."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def call(self, x):
        squares = keras.ops.pad(x * x, [[0, 0], [0, 0], [0, 0], [self.size // 2, (self.size - 1) // 2]])
        channels = x.shape[-1]
        window = sum(squares[..., i : i + channels] for i in range(self.size))
        return x / keras.ops.power(self.k + self.alpha / self.size * window, self.beta)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "alpha": self.alpha, "beta": self.beta, "k": self.k}


def AlexNet(num_classes: int = 1000) -> keras.Sequential:
    """AlexNet as torchvision lays it out (the one-tower "one weird trick" widths 64-192-384-256-256, no LRN, adaptive
    6x6 pooling, dropout before each hidden linear); its `features` / `classifier` numbering. Input (N, 224, 224,
    3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.ZeroPadding2D(padding=(2, 2), name="features_0_pad"),
            layers.Conv2D(
                filters=64, kernel_size=(11, 11), strides=4, padding="valid", name="features_0"
            ),  # (N, 55, 55, 64)
            layers.ReLU(name="features_1"),  # (N, 55, 55, 64)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_2"),  # (N, 27, 27, 64)
            layers.Conv2D(filters=192, kernel_size=(5, 5), padding="same", name="features_3"),  # (N, 27, 27, 192)
            layers.ReLU(name="features_4"),  # (N, 27, 27, 192)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_5"),  # (N, 13, 13, 192)
            layers.Conv2D(filters=384, kernel_size=(3, 3), padding="same", name="features_6"),  # (N, 13, 13, 384)
            layers.ReLU(name="features_7"),  # (N, 13, 13, 384)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_8"),  # (N, 13, 13, 256)
            layers.ReLU(name="features_9"),  # (N, 13, 13, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 13, 13, 256)
            layers.ReLU(name="features_11"),  # (N, 13, 13, 256)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_12"),  # (N, 6, 6, 256)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 6, 6, 256)
            layers.Flatten(name="flatten_1"),  # (N, 9216)
            layers.Dropout(rate=0.5, name="classifier_0"),  # (N, 9216)
            layers.Dense(4096, name="classifier_1"),  # (N, 4096)
            layers.ReLU(name="classifier_2"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_3"),  # (N, 4096)
            layers.Dense(4096, name="classifier_4"),  # (N, 4096)
            layers.ReLU(name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="AlexNet",
    )


def AlexNetSingleTower(num_classes: int = 1000) -> keras.Sequential:
    """The paper's AlexNet on a 227x227 input (so that the 11x11 stride-4 convolution gives 55x55): widths
    96-256-384-384-256, local response normalisation after conv1 and conv2 (n=5, k=2, alpha=1e-4 on the sum, written
    5e-4 here because the spec follows PyTorch in dividing alpha by the window size, beta=0.75), overlapping 3x3
    stride-2 max pooling, dropout after fc6 and fc7; both towers as one. Input (N, 227, 227, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(227, 227, 3)),
            layers.Conv2D(
                filters=96, kernel_size=(11, 11), strides=4, padding="valid", activation="relu", name="conv1"
            ),  # (N, 55, 55, 96)
            LocalResponseNorm(size=5, alpha=0.0005, beta=0.75, k=2.0, name="norm1"),  # (N, 55, 55, 96)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool1"),  # (N, 27, 27, 96)
            layers.Conv2D(
                filters=256, kernel_size=(5, 5), padding="same", activation="relu", name="conv2"
            ),  # (N, 27, 27, 256)
            LocalResponseNorm(size=5, alpha=0.0005, beta=0.75, k=2.0, name="norm2"),  # (N, 27, 27, 256)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool2"),  # (N, 13, 13, 256)
            layers.Conv2D(
                filters=384, kernel_size=(3, 3), padding="same", activation="relu", name="conv3"
            ),  # (N, 13, 13, 384)
            layers.Conv2D(
                filters=384, kernel_size=(3, 3), padding="same", activation="relu", name="conv4"
            ),  # (N, 13, 13, 384)
            layers.Conv2D(
                filters=256, kernel_size=(3, 3), padding="same", activation="relu", name="conv5"
            ),  # (N, 13, 13, 256)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool5"),  # (N, 6, 6, 256)
            layers.Flatten(name="flatten_1"),  # (N, 9216)
            layers.Dense(4096, activation="relu", name="fc6"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="drop6"),  # (N, 4096)
            layers.Dense(4096, activation="relu", name="fc7"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="drop7"),  # (N, 4096)
            layers.Dense(num_classes, name="fc8"),  # (N, 1000)
        ],
        name="AlexNetSingleTower",
    )


def AlexNetTwoTower(num_classes: int = 1000) -> keras.Sequential:
    """The paper's two-GPU AlexNet: conv2, conv4 and conv5 see only their own tower's half of the channels (groups=2);
    conv3 and the fully connected layers see both. Otherwise as the single tower (LRN windows run across the tower
    boundary here, which the paper's per-GPU LRN did not). Input (N, 227, 227, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(227, 227, 3)),
            layers.Conv2D(
                filters=96, kernel_size=(11, 11), strides=4, padding="valid", activation="relu", name="conv1"
            ),  # (N, 55, 55, 96)
            LocalResponseNorm(size=5, alpha=0.0005, beta=0.75, k=2.0, name="norm1"),  # (N, 55, 55, 96)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool1"),  # (N, 27, 27, 96)
            layers.Conv2D(
                filters=256, kernel_size=(5, 5), padding="same", groups=2, activation="relu", name="conv2"
            ),  # (N, 27, 27, 256)
            LocalResponseNorm(size=5, alpha=0.0005, beta=0.75, k=2.0, name="norm2"),  # (N, 27, 27, 256)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool2"),  # (N, 13, 13, 256)
            layers.Conv2D(
                filters=384, kernel_size=(3, 3), padding="same", activation="relu", name="conv3"
            ),  # (N, 13, 13, 384)
            layers.Conv2D(
                filters=384, kernel_size=(3, 3), padding="same", groups=2, activation="relu", name="conv4"
            ),  # (N, 13, 13, 384)
            layers.Conv2D(
                filters=256, kernel_size=(3, 3), padding="same", groups=2, activation="relu", name="conv5"
            ),  # (N, 13, 13, 256)
            layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool5"),  # (N, 6, 6, 256)
            layers.Flatten(name="flatten_1"),  # (N, 9216)
            layers.Dense(4096, activation="relu", name="fc6"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="drop6"),  # (N, 4096)
            layers.Dense(4096, activation="relu", name="fc7"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="drop7"),  # (N, 4096)
            layers.Dense(num_classes, name="fc8"),  # (N, 1000)
        ],
        name="AlexNetTwoTower",
    )
