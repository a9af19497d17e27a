"""squeezenet: generated from shared_specs/specs/squeezenet.yaml by `rosetta render`; do not edit.

SqueezeNet1_0: SqueezeNet 1.0 as torchvision lays it out: a 7x7 stride-2 stem, eight Fire modules with ceil-mode max
pooling after the stem, Fire 4 and Fire 8, and a 1x1 convolution classifier averaged over the map.
    Source: Iandola et al. 2016 (Table 1); torchvision.models.squeezenet1_0
    squeezenet1_0: SqueezeNet1_0(num_classes=1000) has 1,248,424 parameters; published 1,248,424.
SqueezeNet1_1: SqueezeNet 1.1: a 3x3 stride-2 stem of 64 filters and the pooling moved earlier (after the stem, Fire
3 and Fire 5), 2.4 times fewer multiply-adds than 1.0 at the same accuracy; torchvision's layout.
    Source: SqueezeNet v1.1 (github.com/forresti/SqueezeNet, SqueezeNet_v1.1/README.md);
    torchvision.models.squeezenet1_1
    squeezenet1_1: SqueezeNet1_1(num_classes=1000) has 1,235,496 parameters; published 1,235,496.
Rendered for keras."""

import keras
from keras import layers


def fire(x, squeeze_channels: int, expand1x1_channels: int, expand3x3_channels: int, name: str = "fire"):
    """A 1x1 squeeze, then a 1x1 and a 3x3 expand side by side, concatenated; torchvision's names."""
    x = layers.Conv2D(
        filters=squeeze_channels, kernel_size=(1, 1), padding="valid", activation="relu", name=f"{name}_squeeze"
    )(x)
    squeeze = x
    x = layers.Conv2D(
        filters=expand1x1_channels, kernel_size=(1, 1), padding="valid", activation="relu", name=f"{name}_expand1x1"
    )(x)
    expand3x3 = layers.Conv2D(
        filters=expand3x3_channels, kernel_size=(3, 3), padding="same", activation="relu", name=f"{name}_expand3x3"
    )(squeeze)
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, expand3x3])
    return x


def SqueezeNet1_0(num_classes: int = 1000) -> keras.Model:
    """SqueezeNet 1.0 as torchvision lays it out: a 7x7 stride-2 stem, eight Fire modules with ceil-mode max pooling
    after the stem, Fire 4 and Fire 8, and a 1x1 convolution classifier averaged over the map. Input (N, 224, 224,
    3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.Conv2D(filters=96, kernel_size=(7, 7), strides=2, padding="valid", name="features_0")(inputs)
    x = layers.ReLU(name="features_1")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_2")(x)
    x = fire(x, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64, name="features_3")
    x = fire(x, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64, name="features_4")
    x = fire(x, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128, name="features_5")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="features_6")(x)
    x = fire(x, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128, name="features_7")
    x = fire(x, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192, name="features_8")
    x = fire(x, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192, name="features_9")
    x = fire(x, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256, name="features_10")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_11")(x)
    x = fire(x, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256, name="features_12")
    x = layers.Dropout(rate=0.5, name="classifier_0")(x)
    x = layers.Conv2D(filters=num_classes, kernel_size=(1, 1), padding="valid", name="classifier_1")(x)
    x = layers.ReLU(name="classifier_2")(x)
    x = layers.GlobalAveragePooling2D(keepdims=True, name="classifier_3")(x)
    x = layers.Flatten(name="flatten_1")(x)
    return keras.Model(inputs, x, name="SqueezeNet1_0")


def SqueezeNet1_1(num_classes: int = 1000) -> keras.Model:
    """SqueezeNet 1.1: a 3x3 stride-2 stem of 64 filters and the pooling moved earlier (after the stem, Fire 3 and Fire
    5), 2.4 times fewer multiply-adds than 1.0 at the same accuracy; torchvision's layout. Input (N, 224, 224, 3),
    channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.Conv2D(filters=64, kernel_size=(3, 3), strides=2, padding="valid", name="features_0")(inputs)
    x = layers.ReLU(name="features_1")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_2")(x)
    x = fire(x, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64, name="features_3")
    x = fire(x, squeeze_channels=16, expand1x1_channels=64, expand3x3_channels=64, name="features_4")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_5")(x)
    x = fire(x, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128, name="features_6")
    x = fire(x, squeeze_channels=32, expand1x1_channels=128, expand3x3_channels=128, name="features_7")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_8")(x)
    x = fire(x, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192, name="features_9")
    x = fire(x, squeeze_channels=48, expand1x1_channels=192, expand3x3_channels=192, name="features_10")
    x = fire(x, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256, name="features_11")
    x = fire(x, squeeze_channels=64, expand1x1_channels=256, expand3x3_channels=256, name="features_12")
    x = layers.Dropout(rate=0.5, name="classifier_0")(x)
    x = layers.Conv2D(filters=num_classes, kernel_size=(1, 1), padding="valid", name="classifier_1")(x)
    x = layers.ReLU(name="classifier_2")(x)
    x = layers.GlobalAveragePooling2D(keepdims=True, name="classifier_3")(x)
    x = layers.Flatten(name="flatten_1")(x)
    return keras.Model(inputs, x, name="SqueezeNet1_1")
