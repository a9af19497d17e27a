"""vgg: generated from shared_specs/specs/vgg.yaml by `rosetta render`; do not edit.

VGG: VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers.
    Source: Simonyan, Zisserman. Very Deep Convolutional Networks for Large-Scale Image Recognition. ICLR 2015;
    layout of torchvision.models.vgg
    vgg11: vgg11(num_classes=1000) has 132,863,336 parameters; published 132,863,336.
    vgg11_bn: vgg11_bn(num_classes=1000) has 132,868,840 parameters; published 132,868,840.
    vgg13: vgg13(num_classes=1000) has 133,047,848 parameters; published 133,047,848.
    vgg13_bn: vgg13_bn(num_classes=1000) has 133,053,736 parameters; published 133,053,736.
    vgg16: vgg16(num_classes=1000) has 138,357,544 parameters; published 138,357,544.
    vgg16_bn: vgg16_bn(num_classes=1000) has 138,365,992 parameters; published 138,365,992.
    vgg19: vgg19(num_classes=1000) has 143,667,240 parameters; published 143,667,240.
    vgg19_bn: vgg19_bn(num_classes=1000) has 143,678,248 parameters; published 143,678,248.
Rendered for keras."""

import keras
from keras import layers


def vgg11(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_1"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_2"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_3"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_4"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_5"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_6"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_7"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_8"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_9"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_10"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_11"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_12"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_13"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_14"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_15"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_16"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_17"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_18"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_19"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_20"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg11",
    )


def vgg11_bn(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_1"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_2"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_3"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_4"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_5"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_6"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_7"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_8"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_9"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_10"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_11"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_12"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_13"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_14"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_15"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_16"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_17"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_18"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_19"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_20"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_21"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_22"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_23"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_24"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_25"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_26"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_27"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_28"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg11_bn",
    )


def vgg13(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_1"),  # (N, 224, 224, 64)
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_2"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_3"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_4"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_5"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_6"),  # (N, 112, 112, 128)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_7"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_8"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_9"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_11"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_12"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_13"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_14"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_15"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_16"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_17"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_18"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_19"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_20"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_21"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_22"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_23"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_24"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg13",
    )


def vgg13_bn(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_1"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_2"),  # (N, 224, 224, 64)
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_3"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_4"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_5"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_6"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_7"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_8"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_9"),  # (N, 112, 112, 128)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_11"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_12"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_13"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_14"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_15"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_16"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_17"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_18"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_19"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_20"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_21"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_22"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_23"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_24"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_25"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_26"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_27"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_28"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_29"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_30"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_31"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_32"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_33"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_34"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg13_bn",
    )


def vgg16(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_1"),  # (N, 224, 224, 64)
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_2"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_3"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_4"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_5"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_6"),  # (N, 112, 112, 128)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_7"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_8"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_9"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_11"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_12"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_13"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_14"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_15"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_16"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_17"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_18"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_19"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_20"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_21"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_22"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_23"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_24"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_25"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_26"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_27"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_28"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_29"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_30"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg16",
    )


def vgg16_bn(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_1"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_2"),  # (N, 224, 224, 64)
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_3"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_4"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_5"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_6"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_7"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_8"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_9"),  # (N, 112, 112, 128)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_11"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_12"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_13"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_14"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_15"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_16"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_17"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_18"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_19"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_20"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_21"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_22"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_23"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_24"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_25"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_26"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_27"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_28"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_29"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_30"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_31"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_32"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_33"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_34"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_35"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_36"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_37"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_38"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_39"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_40"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_41"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_42"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_43"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg16_bn",
    )


def vgg19(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_1"),  # (N, 224, 224, 64)
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_2"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_3"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_4"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_5"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_6"),  # (N, 112, 112, 128)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_7"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_8"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_9"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_11"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_12"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_13"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_14"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_15"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_16"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_17"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_18"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_19"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_20"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_21"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_22"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_23"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_24"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_25"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_26"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_27"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_28"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_29"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_30"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_31"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_32"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_33"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_34"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_35"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_36"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg19",
    )


def vgg19_bn(num_classes: int = 1000) -> keras.Sequential:
    """VGG, stages of 3x3 convolutions with ReLU, each closed by 2x2 max pooling, then three linear layers. Input (N,
    224, 224, 3), channels_last.
    """
    return keras.Sequential(
        [
            keras.Input(shape=(224, 224, 3)),
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_0"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_1"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_2"),  # (N, 224, 224, 64)
            layers.Conv2D(filters=64, kernel_size=(3, 3), padding="same", name="features_3"),  # (N, 224, 224, 64)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_4"),  # (N, 224, 224, 64)
            layers.ReLU(name="features_5"),  # (N, 224, 224, 64)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_6"),  # (N, 112, 112, 64)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_7"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_8"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_9"),  # (N, 112, 112, 128)
            layers.Conv2D(filters=128, kernel_size=(3, 3), padding="same", name="features_10"),  # (N, 112, 112, 128)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_11"),  # (N, 112, 112, 128)
            layers.ReLU(name="features_12"),  # (N, 112, 112, 128)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_13"),  # (N, 56, 56, 128)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_14"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_15"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_16"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_17"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_18"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_19"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_20"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_21"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_22"),  # (N, 56, 56, 256)
            layers.Conv2D(filters=256, kernel_size=(3, 3), padding="same", name="features_23"),  # (N, 56, 56, 256)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_24"),  # (N, 56, 56, 256)
            layers.ReLU(name="features_25"),  # (N, 56, 56, 256)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_26"),  # (N, 28, 28, 256)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_27"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_28"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_29"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_30"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_31"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_32"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_33"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_34"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_35"),  # (N, 28, 28, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_36"),  # (N, 28, 28, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_37"),  # (N, 28, 28, 512)
            layers.ReLU(name="features_38"),  # (N, 28, 28, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_39"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_40"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_41"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_42"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_43"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_44"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_45"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_46"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_47"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_48"),  # (N, 14, 14, 512)
            layers.Conv2D(filters=512, kernel_size=(3, 3), padding="same", name="features_49"),  # (N, 14, 14, 512)
            layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_50"),  # (N, 14, 14, 512)
            layers.ReLU(name="features_51"),  # (N, 14, 14, 512)
            layers.MaxPool2D(pool_size=(2, 2), strides=2, name="features_52"),  # (N, 7, 7, 512)
            layers.AveragePooling2D(pool_size=(1, 1), name="avgpool"),  # (N, 7, 7, 512)
            layers.Flatten(name="flatten_1"),  # (N, 25088)
            layers.Dense(4096, name="classifier_0"),  # (N, 4096)
            layers.ReLU(name="classifier_1"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_2"),  # (N, 4096)
            layers.Dense(4096, name="classifier_3"),  # (N, 4096)
            layers.ReLU(name="classifier_4"),  # (N, 4096)
            layers.Dropout(rate=0.5, name="classifier_5"),  # (N, 4096)
            layers.Dense(num_classes, name="classifier_6"),  # (N, 1000)
        ],
        name="vgg19_bn",
    )
