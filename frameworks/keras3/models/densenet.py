"""densenet: generated from shared_specs/specs/densenet.yaml by `rosetta render`; do not edit.

DenseNet: Densely connected networks as torchvision lays them out: every layer of a dense block sees the
concatenation of all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels
(1x1) and the size (2x2 average pooling); its `features` / `classifier` names.
    Source: Huang, Liu, van der Maaten, Weinberger. Densely Connected Convolutional Networks. CVPR 2017; layout
    of torchvision.models.densenet
    densenet121: densenet121(num_classes=1000) has 7,978,856 parameters; published 7,978,856.
    densenet169: densenet169(num_classes=1000) has 14,149,480 parameters; published 14,149,480.
    densenet201: densenet201(num_classes=1000) has 20,013,928 parameters; published 20,013,928.
Rendered for keras."""

import keras
from keras import layers


def dense_layer(x, growth_rate: int = 32, bn_size: int = 4, name: str = "dense_layer"):
    """BN-ReLU-1x1 conv to bn_size * growth_rate channels, BN-ReLU-3x3 conv to growth_rate, concatenated to the input."""
    identity = x
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_norm1")(x)
    x = layers.ReLU(name=f"{name}_relu1")(x)
    x = layers.Conv2D(
        filters=bn_size * growth_rate, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv1"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_norm2")(x)
    x = layers.ReLU(name=f"{name}_relu2")(x)
    x = layers.Conv2D(filters=growth_rate, kernel_size=(3, 3), padding="same", use_bias=False, name=f"{name}_conv2")(x)
    concat = layers.Concatenate(axis=-1, name=f"{name}_concat")([identity, x])
    return concat


def transition(x, name: str = "transition"):
    """BN-ReLU, a 1x1 convolution halving the channels, and 2x2 average pooling halving the size."""
    in_channels = x.shape[-1]
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_norm")(x)
    x = layers.ReLU(name=f"{name}_relu")(x)
    x = layers.Conv2D(
        filters=in_channels // 2, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv"
    )(x)
    x = layers.AveragePooling2D(pool_size=(2, 2), strides=2, name=f"{name}_pool")(x)
    return x


def DenseNet(block_config: list[int], num_classes: int = 1000) -> keras.Model:
    """Densely connected networks as torchvision lays them out: every layer of a dense block sees the concatenation of
    all earlier feature maps of the block and adds growth_rate new ones; transitions halve the channels (1x1) and
    the size (2x2 average pooling); its `features` / `classifier` names. Input (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.ZeroPadding2D(padding=(3, 3), name="features_conv0_pad")(inputs)
    x = layers.Conv2D(
        filters=64, kernel_size=(7, 7), strides=2, padding="valid", use_bias=False, name="features_conv0"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_norm0")(x)
    x = layers.ReLU(name="features_relu0")(x)
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="features_pool0_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="features_pool0")(x)
    for i in range(block_config[0]):
        x = dense_layer(x, name=f"features_denseblock1_denselayer{i + 1}")
    x = transition(x, name="features_transition1")
    for i in range(block_config[1]):
        x = dense_layer(x, name=f"features_denseblock2_denselayer{i + 1}")
    x = transition(x, name="features_transition2")
    for i in range(block_config[2]):
        x = dense_layer(x, name=f"features_denseblock3_denselayer{i + 1}")
    x = transition(x, name="features_transition3")
    for i in range(block_config[3]):
        x = dense_layer(x, name=f"features_denseblock4_denselayer{i + 1}")
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="features_norm5")(x)
    x = layers.ReLU(name="relu_1")(x)
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="classifier")(x)
    return keras.Model(inputs, x, name="DenseNet")


def densenet121(num_classes: int = 1000) -> keras.Model:
    """densenet121: 7,978,856 parameters, as published (torchvision DenseNet121_Weights.IMAGENET1K_V1 meta num_params)."""
    return DenseNet([6, 12, 24, 16], num_classes=num_classes)


def densenet169(num_classes: int = 1000) -> keras.Model:
    """densenet169: 14,149,480 parameters, as published (torchvision DenseNet169_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return DenseNet([6, 12, 32, 32], num_classes=num_classes)


def densenet201(num_classes: int = 1000) -> keras.Model:
    """densenet201: 20,013,928 parameters, as published (torchvision DenseNet201_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return DenseNet([6, 12, 48, 32], num_classes=num_classes)
