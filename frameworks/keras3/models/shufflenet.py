"""shufflenet: generated from shared_specs/specs/shufflenet.yaml by `rosetta render`; do not edit.

ShuffleNetV2: ShuffleNet v2: a 3x3 stride-2 convolution and max pooling, three stages of units (each opened by a
stride-2 unit), a 1x1 convolution, global average pooling and a linear classifier; widths per stage as the paper's
Table 5 gives them for each complexity.
    Source: Ma et al. 2018 (Table 5); layout of torchvision.models.shufflenetv2
    shufflenet_v2_x0_5: shufflenet_v2_x0_5(num_classes=1000) has 1,366,792 parameters; published 1,366,792.
    shufflenet_v2_x1_0: shufflenet_v2_x1_0(num_classes=1000) has 2,278,604 parameters; published 2,278,604.
    shufflenet_v2_x1_5: shufflenet_v2_x1_5(num_classes=1000) has 3,503,624 parameters; published 3,503,624.
    shufflenet_v2_x2_0: shufflenet_v2_x2_0(num_classes=1000) has 7,393,996 parameters; published 7,393,996.
Rendered for keras."""

import keras
from keras import layers


def shuffle_channels(x, groups: int, name: str):
    """ShuffleNet's channel shuffle, channels last: the channels read as a (groups, C / groups) grid, transposed."""
    height, width, channels = x.shape[1:]
    x = layers.Reshape((height, width, groups, channels // groups), name=f"{name}_grid")(x)
    x = layers.Permute((1, 2, 4, 3), name=f"{name}_transpose")(x)
    return layers.Reshape((height, width, channels), name=name)(x)


def shortcut_branch(x, out_channels: int, stride: int = 2, name: str = "shortcut_branch"):
    """The second branch of a stride-2 unit (torchvision's branch1): a 3x3 depthwise convolution carrying the stride
    and batch norm, then a 1x1 convolution, batch norm and ReLU.
    """
    x = layers.ZeroPadding2D(padding=(1, 1), name=f"{name}_0_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=(3, 3), strides=stride, padding="valid", use_bias=False, name=f"{name}_0")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_1")(x)
    x = layers.Conv2D(filters=out_channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_2")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_3")(x)
    x = layers.ReLU(name=f"{name}_4")(x)
    return x


def main_branch(x, out_channels: int, stride: int = 1, name: str = "main_branch"):
    """The branch every unit has (torchvision's branch2): 1x1 convolution, batch norm, ReLU, a 3x3 depthwise
    convolution carrying the stride and batch norm, then 1x1 convolution, batch norm, ReLU.
    """
    x = layers.Conv2D(filters=out_channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_0")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_1")(x)
    x = layers.ReLU(name=f"{name}_2")(x)
    x = layers.ZeroPadding2D(padding=(1, 1), name=f"{name}_3_pad")(x)
    x = layers.DepthwiseConv2D(kernel_size=(3, 3), strides=stride, padding="valid", use_bias=False, name=f"{name}_3")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_4")(x)
    x = layers.Conv2D(filters=out_channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_5")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_6")(x)
    x = layers.ReLU(name=f"{name}_7")(x)
    return x


def downsample_unit(x, out_channels: int, name: str = "downsample_unit"):
    """The stride-2 unit that opens a stage: both branches read the whole input and give half the output channels each;
    concatenated, then shuffled in two groups.
    """
    if not (out_channels % 2 == 0):
        raise ValueError("DownsampleUnit requires out_channels % 2 == 0")
    identity = x
    x = shortcut_branch(x, out_channels=out_channels // 2, name=f"{name}_branch1")
    branch2 = main_branch(identity, out_channels=out_channels // 2, stride=2, name=f"{name}_branch2")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch2])
    x = shuffle_channels(x, 2, name=f"{name}_channel_shuffle_1")
    return x


def basic_unit(x, name: str = "basic_unit"):
    """The stride-1 unit: the channels split in halves, the first kept as it is, the second through the main branch;
    concatenated, then shuffled in two groups (torchvision's x.chunk(2, dim=1) and channel_shuffle).
    """
    in_channels = x.shape[-1]
    x, x2 = keras.ops.split(x, 2, axis=-1)
    branch2 = main_branch(x2, out_channels=in_channels // 2, name=f"{name}_branch2")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch2])
    x = shuffle_channels(x, 2, name=f"{name}_channel_shuffle_1")
    return x


def ShuffleNetV2(stages_out_channels: list[int], num_classes: int = 1000) -> keras.Model:
    """ShuffleNet v2: a 3x3 stride-2 convolution and max pooling, three stages of units (each opened by a stride-2
    unit), a 1x1 convolution, global average pooling and a linear classifier; widths per stage as the paper's Table
    5 gives them for each complexity. Input (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.ZeroPadding2D(padding=(1, 1), name="conv1_0_pad")(inputs)
    x = layers.Conv2D(
        filters=stages_out_channels[0], kernel_size=(3, 3), strides=2, padding="valid", use_bias=False, name="conv1_0"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="conv1_1")(x)
    x = layers.ReLU(name="conv1_2")(x)
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool")(x)
    x = downsample_unit(x, out_channels=stages_out_channels[1], name="stage2_0")
    for i in range(3):
        x = basic_unit(x, name=f"stage2_{i + 1}")
    x = downsample_unit(x, out_channels=stages_out_channels[2], name="stage3_0")
    for i in range(7):
        x = basic_unit(x, name=f"stage3_{i + 1}")
    x = downsample_unit(x, out_channels=stages_out_channels[3], name="stage4_0")
    for i in range(3):
        x = basic_unit(x, name=f"stage4_{i + 1}")
    x = layers.Conv2D(
        filters=stages_out_channels[4], kernel_size=(1, 1), padding="valid", use_bias=False, name="conv5_0"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="conv5_1")(x)
    x = layers.ReLU(name="conv5_2")(x)
    x = layers.GlobalAveragePooling2D(keepdims=True, name="globalpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="ShuffleNetV2")


def shufflenet_v2_x0_5(num_classes: int = 1000) -> keras.Model:
    """shufflenet_v2_x0_5: 1,366,792 parameters, as published (torchvision ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ShuffleNetV2([24, 48, 96, 192, 1024], num_classes=num_classes)


def shufflenet_v2_x1_0(num_classes: int = 1000) -> keras.Model:
    """shufflenet_v2_x1_0: 2,278,604 parameters, as published (torchvision ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ShuffleNetV2([24, 116, 232, 464, 1024], num_classes=num_classes)


def shufflenet_v2_x1_5(num_classes: int = 1000) -> keras.Model:
    """shufflenet_v2_x1_5: 3,503,624 parameters, as published (torchvision ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ShuffleNetV2([24, 176, 352, 704, 1024], num_classes=num_classes)


def shufflenet_v2_x2_0(num_classes: int = 1000) -> keras.Model:
    """ShuffleNet v2 2x with the paper's 244-channel first stage (Table 5), as torchvision; paddle.vision's
    shufflenet_v2_x2_0 uses 224 there (7,366,536 parameters), a configuration of this class too: 7,393,996
    parameters, as published (torchvision ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1 meta num_params).
    """
    return ShuffleNetV2([24, 244, 488, 976, 2048], num_classes=num_classes)
