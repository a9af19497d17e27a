"""resnet: generated from shared_specs/specs/resnet.yaml by `rosetta render`; do not edit.

ResNet18: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet18: ResNet18(num_classes=1000) has 11,689,512 parameters; published 11,689,512.
ResNet34: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet34: ResNet34(num_classes=1000) has 21,797,672 parameters; published 21,797,672.
ResNet50: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet50: ResNet50(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
Rendered for keras."""

import keras
from keras import layers


def basic_block(x, channels: int, stride: int = 1, name: str = "basic_block"):
    """Two 3x3 convolutions and an identity (or projection) shortcut."""
    in_channels = x.shape[-1]
    identity = x
    x = layers.ZeroPadding2D(padding=(1, 1), name=f"{name}_conv1_pad")(x)
    x = layers.Conv2D(
        filters=channels, kernel_size=(3, 3), strides=stride, padding="valid", use_bias=False, name=f"{name}_conv1"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn1")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    x = layers.Conv2D(filters=channels, kernel_size=(3, 3), padding="same", use_bias=False, name=f"{name}_conv2")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn2")(x)
    downsample = identity
    if stride != 1 or in_channels != channels:
        downsample = projection(identity, out_channels=channels, stride=stride, name=f"{name}_downsample")
    x = layers.Add(name=f"{name}_add_1")([x, downsample])
    x = layers.ReLU(name=f"{name}_relu_2")(x)
    return x


def projection(x, out_channels: int, stride: int = 1, name: str = "projection"):
    """The 1x1 convolution + batch norm shortcut used where a block changes shape."""
    x = layers.Conv2D(
        filters=out_channels, kernel_size=(1, 1), strides=stride, padding="valid", use_bias=False, name=f"{name}_conv"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn")(x)
    return x


def bottleneck(x, channels: int, stride: int = 1, name: str = "bottleneck"):
    """1x1 reduce, 3x3 (carrying the stride), 1x1 expand by 4, and a shortcut."""
    in_channels = x.shape[-1]
    identity = x
    x = layers.Conv2D(filters=channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv1")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn1")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    x = layers.ZeroPadding2D(padding=(1, 1), name=f"{name}_conv2_pad")(x)
    x = layers.Conv2D(
        filters=channels, kernel_size=(3, 3), strides=stride, padding="valid", use_bias=False, name=f"{name}_conv2"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn2")(x)
    x = layers.ReLU(name=f"{name}_relu_2")(x)
    x = layers.Conv2D(filters=channels * 4, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv3")(
        x
    )
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn3")(x)
    downsample = identity
    if stride != 1 or in_channels != channels * 4:
        downsample = projection(identity, out_channels=channels * 4, stride=stride, name=f"{name}_downsample")
    x = layers.Add(name=f"{name}_add_1")([x, downsample])
    x = layers.ReLU(name=f"{name}_relu_3")(x)
    return x


def ResNet18(num_classes: int = 1000) -> keras.Model:
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.ZeroPadding2D(padding=(3, 3), name="conv1_pad")(inputs)
    x = layers.Conv2D(filters=64, kernel_size=(7, 7), strides=2, padding="valid", use_bias=False, name="conv1")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn1")(x)
    x = layers.ReLU(name="relu_1")(x)
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool")(x)
    x = basic_block(x, channels=64, stride=1, name="layer1_0")
    x = basic_block(x, channels=64, stride=1, name="layer1_1")
    x = basic_block(x, channels=128, stride=2, name="layer2_0")
    x = basic_block(x, channels=128, stride=1, name="layer2_1")
    x = basic_block(x, channels=256, stride=2, name="layer3_0")
    x = basic_block(x, channels=256, stride=1, name="layer3_1")
    x = basic_block(x, channels=512, stride=2, name="layer4_0")
    x = basic_block(x, channels=512, stride=1, name="layer4_1")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="ResNet18")


def ResNet34(num_classes: int = 1000) -> keras.Model:
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.ZeroPadding2D(padding=(3, 3), name="conv1_pad")(inputs)
    x = layers.Conv2D(filters=64, kernel_size=(7, 7), strides=2, padding="valid", use_bias=False, name="conv1")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn1")(x)
    x = layers.ReLU(name="relu_1")(x)
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool")(x)
    x = basic_block(x, channels=64, stride=1, name="layer1_0")
    x = basic_block(x, channels=64, stride=1, name="layer1_1")
    x = basic_block(x, channels=64, stride=1, name="layer1_2")
    x = basic_block(x, channels=128, stride=2, name="layer2_0")
    x = basic_block(x, channels=128, stride=1, name="layer2_1")
    x = basic_block(x, channels=128, stride=1, name="layer2_2")
    x = basic_block(x, channels=128, stride=1, name="layer2_3")
    x = basic_block(x, channels=256, stride=2, name="layer3_0")
    x = basic_block(x, channels=256, stride=1, name="layer3_1")
    x = basic_block(x, channels=256, stride=1, name="layer3_2")
    x = basic_block(x, channels=256, stride=1, name="layer3_3")
    x = basic_block(x, channels=256, stride=1, name="layer3_4")
    x = basic_block(x, channels=256, stride=1, name="layer3_5")
    x = basic_block(x, channels=512, stride=2, name="layer4_0")
    x = basic_block(x, channels=512, stride=1, name="layer4_1")
    x = basic_block(x, channels=512, stride=1, name="layer4_2")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="ResNet34")


def ResNet50(num_classes: int = 1000) -> keras.Model:
    """Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5"). Input
    (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.ZeroPadding2D(padding=(3, 3), name="conv1_pad")(inputs)
    x = layers.Conv2D(filters=64, kernel_size=(7, 7), strides=2, padding="valid", use_bias=False, name="conv1")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn1")(x)
    x = layers.ReLU(name="relu_1")(x)
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool")(x)
    x = bottleneck(x, channels=64, stride=1, name="layer1_0")
    x = bottleneck(x, channels=64, stride=1, name="layer1_1")
    x = bottleneck(x, channels=64, stride=1, name="layer1_2")
    x = bottleneck(x, channels=128, stride=2, name="layer2_0")
    x = bottleneck(x, channels=128, stride=1, name="layer2_1")
    x = bottleneck(x, channels=128, stride=1, name="layer2_2")
    x = bottleneck(x, channels=128, stride=1, name="layer2_3")
    x = bottleneck(x, channels=256, stride=2, name="layer3_0")
    x = bottleneck(x, channels=256, stride=1, name="layer3_1")
    x = bottleneck(x, channels=256, stride=1, name="layer3_2")
    x = bottleneck(x, channels=256, stride=1, name="layer3_3")
    x = bottleneck(x, channels=256, stride=1, name="layer3_4")
    x = bottleneck(x, channels=256, stride=1, name="layer3_5")
    x = bottleneck(x, channels=512, stride=2, name="layer4_0")
    x = bottleneck(x, channels=512, stride=1, name="layer4_1")
    x = bottleneck(x, channels=512, stride=1, name="layer4_2")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="ResNet50")
