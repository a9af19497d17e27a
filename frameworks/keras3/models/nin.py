"""nin: generated from shared_specs/specs/nin.yaml by `rosetta render`; do not edit.

NiN: Network in Network for ImageNet: four mlpconv blocks (a kxk convolution and two 1x1 convolutions, each with
ReLU), overlapping max pooling, dropout, and global average pooling in place of fully connected layers; the last
mlpconv has as many channels as classes.
    Source: Lin, Chen, Yan. Network In Network. ICLR 2014; the authors' released ImageNet model (Caffe model zoo
    NIN-imagenet)
    nin: NiN(num_classes=1000) has 7,595,176 parameters; published 7,595,176.
Rendered for keras."""

import keras
from keras import layers


def mlp_conv(
    x, channels: int, kernel_size: int, out_channels: int, stride: int = 1, padding: int = 0, name: str = "mlp_conv"
):
    """A kxk convolution then two 1x1 convolutions (a small MLP shared across positions), each followed by ReLU."""
    x = layers.ZeroPadding2D(padding=padding, name=f"{name}_conv_pad")(x)
    x = layers.Conv2D(
        filters=channels,
        kernel_size=kernel_size,
        strides=stride,
        padding="valid",
        activation="relu",
        name=f"{name}_conv",
    )(x)
    x = layers.Conv2D(filters=channels, kernel_size=(1, 1), padding="valid", activation="relu", name=f"{name}_mlp1")(x)
    x = layers.Conv2D(
        filters=out_channels, kernel_size=(1, 1), padding="valid", activation="relu", name=f"{name}_mlp2"
    )(x)
    return x


def NiN(num_classes: int = 1000) -> keras.Model:
    """Network in Network for ImageNet: four mlpconv blocks (a kxk convolution and two 1x1 convolutions, each with
    ReLU), overlapping max pooling, dropout, and global average pooling in place of fully connected layers; the last
    mlpconv has as many channels as classes. Input (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = mlp_conv(inputs, channels=96, kernel_size=11, out_channels=96, stride=4, name="block1")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="pool1")(x)
    x = mlp_conv(x, channels=256, kernel_size=5, out_channels=256, padding=2, name="block2")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool2")(x)
    x = mlp_conv(x, channels=384, kernel_size=3, out_channels=384, padding=1, name="block3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="pool3")(x)
    x = layers.Dropout(rate=0.5, name="dropout")(x)
    x = mlp_conv(x, channels=1024, kernel_size=3, out_channels=num_classes, padding=1, name="block4")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    return keras.Model(inputs, x, name="NiN")
