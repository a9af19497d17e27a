"""resnet: generated from shared_specs/specs/resnet.yaml by `rosetta render`; do not edit.

ResNet: Deep residual networks; the torchvision layout (stride on the 3x3 conv of a Bottleneck, "ResNet v1.5").
    Source: He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016; layout of
    torchvision.models.resnet
    resnet18: resnet18(num_classes=1000) has 11,689,512 parameters; published 11,689,512.
    resnet34: resnet34(num_classes=1000) has 21,797,672 parameters; published 21,797,672.
    resnet50: resnet50(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
    resnet101: resnet101(num_classes=1000) has 44,549,160 parameters; published 44,549,160.
    resnet152: resnet152(num_classes=1000) has 60,192,808 parameters; published 60,192,808.
    seresnet18: seresnet18(num_classes=1000) has 11,778,592 parameters; published 11,778,592.
    seresnet50: seresnet50(num_classes=1000) has 28,088,024 parameters; published 28,088,024.
    resnext50_32x4d: resnext50_32x4d(num_classes=1000) has 25,028,904 parameters; published 25,028,904.
    resnext101_32x8d: resnext101_32x8d(num_classes=1000) has 88,791,336 parameters; published 88,791,336.
    resnext101_64x4d: resnext101_64x4d(num_classes=1000) has 83,455,272 parameters; published 83,455,272.
    wide_resnet50_2: wide_resnet50_2(num_classes=1000) has 68,883,240 parameters; published 68,883,240.
    wide_resnet101_2: wide_resnet101_2(num_classes=1000) has 126,886,696 parameters; published 126,886,696.
ResNet50GN: ResNet-50 with group norm (32 groups) in place of every batch norm, as torchvision builds it with
norm_layer=lambda c: nn.GroupNorm(32, c): the same parameter count (per-channel affine), no running statistics.
    Source: Wu, He. Group Normalization. ECCV 2018; torchvision.models.resnet50(norm_layer=...)
    resnet50_gn: ResNet50GN(num_classes=1000) has 25,557,032 parameters; published 25,557,032.
Rendered for keras."""

from collections.abc import Callable

import keras
from keras import layers


def basic_block(
    x,
    channels: int,
    stride: int = 1,
    se: bool = False,
    groups: int = 1,
    width_per_group: int = 64,
    name: str = "basic_block",
):
    """Two 3x3 convolutions, optional squeeze-excite, and an identity (or projection) shortcut; it takes groups and
    width_per_group so that ResNet calls every block alike, and refuses any but 1 and 64, as torchvision's does.
    """
    if not (groups == 1 and width_per_group == 64):
        raise ValueError("BasicBlock requires groups == 1 and width_per_group == 64")
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
    if se:
        x = squeeze_excite(x, name=f"{name}_se")
    downsample = identity
    if stride != 1 or in_channels != channels:
        downsample = projection(identity, out_channels=channels, stride=stride, name=f"{name}_downsample")
    x = layers.Add(name=f"{name}_add_1")([x, downsample])
    x = layers.ReLU(name=f"{name}_relu_2")(x)
    return x


def projection(x, out_channels: int, stride: int = 1, name: str = "projection"):
    """The 1x1 convolution + batch norm shortcut used where a block changes shape (torchvision's downsample)."""
    x = layers.Conv2D(
        filters=out_channels, kernel_size=(1, 1), strides=stride, padding="valid", use_bias=False, name=f"{name}_0"
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_1")(x)
    return x


def bottleneck(
    x,
    channels: int,
    stride: int = 1,
    se: bool = False,
    groups: int = 1,
    width_per_group: int = 64,
    name: str = "bottleneck",
):
    """1x1 reduce, 3x3 (carrying the stride), 1x1 expand by 4, optional squeeze-excite, and a shortcut. The inner width
    is channels * width_per_group / 64 * groups, as torchvision computes it: 64 and 1 give ResNet, groups above 1
    give ResNeXt (grouped 3x3), a wider width_per_group gives Wide ResNet.
    """
    in_channels = x.shape[-1]
    identity = x
    x = layers.Conv2D(
        filters=channels * width_per_group // 64 * groups,
        kernel_size=(1, 1),
        padding="valid",
        use_bias=False,
        name=f"{name}_conv1",
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn1")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    x = layers.ZeroPadding2D(padding=(1, 1), name=f"{name}_conv2_pad")(x)
    x = layers.Conv2D(
        filters=channels * width_per_group // 64 * groups,
        kernel_size=(3, 3),
        strides=stride,
        padding="valid",
        groups=groups,
        use_bias=False,
        name=f"{name}_conv2",
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn2")(x)
    x = layers.ReLU(name=f"{name}_relu_2")(x)
    x = layers.Conv2D(filters=channels * 4, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv3")(
        x
    )
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_bn3")(x)
    if se:
        x = squeeze_excite(x, name=f"{name}_se")
    downsample = identity
    if stride != 1 or in_channels != channels * 4:
        downsample = projection(identity, out_channels=channels * 4, stride=stride, name=f"{name}_downsample")
    x = layers.Add(name=f"{name}_add_1")([x, downsample])
    x = layers.ReLU(name=f"{name}_relu_3")(x)
    return x


def squeeze_excite(x, reduction: int = 16, name: str = "squeeze_excite"):
    """Channel attention (Hu et al. 2018) - global average pool, 1x1 reduce, ReLU, 1x1 expand, sigmoid gate."""
    in_channels = x.shape[-1]
    identity = x
    x = layers.GlobalAveragePooling2D(keepdims=True, name=f"{name}_pool")(x)
    x = layers.Conv2D(filters=in_channels // reduction, kernel_size=(1, 1), padding="valid", name=f"{name}_fc1")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    x = layers.Conv2D(
        filters=in_channels, kernel_size=(1, 1), padding="valid", activation="sigmoid", name=f"{name}_fc2"
    )(x)
    multiply_1 = layers.Multiply(name=f"{name}_multiply_1")([identity, x])
    return multiply_1


def group_norm_projection(x, out_channels: int, stride: int = 1, groups: int = 32, name: str = "group_norm_projection"):
    """The projection shortcut with group norm in place of batch norm."""
    x = layers.Conv2D(
        filters=out_channels, kernel_size=(1, 1), strides=stride, padding="valid", use_bias=False, name=f"{name}_0"
    )(x)
    x = layers.GroupNormalization(groups=groups, epsilon=1e-05, name=f"{name}_1")(x)
    return x


def group_norm_bottleneck(x, channels: int, stride: int = 1, groups: int = 32, name: str = "group_norm_bottleneck"):
    """The Bottleneck with group norm (Wu & He 2018) in place of each batch norm; torchvision's names."""
    in_channels = x.shape[-1]
    identity = x
    x = layers.Conv2D(filters=channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv1")(x)
    x = layers.GroupNormalization(groups=groups, epsilon=1e-05, name=f"{name}_bn1")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    x = layers.ZeroPadding2D(padding=(1, 1), name=f"{name}_conv2_pad")(x)
    x = layers.Conv2D(
        filters=channels, kernel_size=(3, 3), strides=stride, padding="valid", use_bias=False, name=f"{name}_conv2"
    )(x)
    x = layers.GroupNormalization(groups=groups, epsilon=1e-05, name=f"{name}_bn2")(x)
    x = layers.ReLU(name=f"{name}_relu_2")(x)
    x = layers.Conv2D(filters=channels * 4, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_conv3")(
        x
    )
    x = layers.GroupNormalization(groups=groups, epsilon=1e-05, name=f"{name}_bn3")(x)
    downsample = identity
    if stride != 1 or in_channels != channels * 4:
        downsample = group_norm_projection(
            identity, out_channels=channels * 4, stride=stride, groups=groups, name=f"{name}_downsample"
        )
    x = layers.Add(name=f"{name}_add_1")([x, downsample])
    x = layers.ReLU(name=f"{name}_relu_3")(x)
    return x


def ResNet(
    block: Callable[..., keras.KerasTensor],
    stages: list[int],
    num_classes: int = 1000,
    se: bool = False,
    groups: int = 1,
    width_per_group: int = 64,
) -> keras.Model:
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
    for i in range(stages[0]):
        x = block(x, channels=64, groups=groups, width_per_group=width_per_group, se=se, name=f"layer1_{i}")
    for i in range(stages[1]):
        x = block(
            x,
            channels=128,
            groups=groups,
            width_per_group=width_per_group,
            stride=2 if i == 0 else 1,
            se=se,
            name=f"layer2_{i}",
        )
    for i in range(stages[2]):
        x = block(
            x,
            channels=256,
            groups=groups,
            width_per_group=width_per_group,
            stride=2 if i == 0 else 1,
            se=se,
            name=f"layer3_{i}",
        )
    for i in range(stages[3]):
        x = block(
            x,
            channels=512,
            groups=groups,
            width_per_group=width_per_group,
            stride=2 if i == 0 else 1,
            se=se,
            name=f"layer4_{i}",
        )
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="ResNet")


def resnet18(num_classes: int = 1000) -> keras.Model:
    """resnet18: 11,689,512 parameters, as published (torchvision ResNet18_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(basic_block, [2, 2, 2, 2], num_classes=num_classes)


def resnet34(num_classes: int = 1000) -> keras.Model:
    """resnet34: 21,797,672 parameters, as published (torchvision ResNet34_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(basic_block, [3, 4, 6, 3], num_classes=num_classes)


def resnet50(num_classes: int = 1000) -> keras.Model:
    """resnet50: 25,557,032 parameters, as published (torchvision ResNet50_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(bottleneck, [3, 4, 6, 3], num_classes=num_classes)


def resnet101(num_classes: int = 1000) -> keras.Model:
    """resnet101: 44,549,160 parameters, as published (torchvision ResNet101_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(bottleneck, [3, 4, 23, 3], num_classes=num_classes)


def resnet152(num_classes: int = 1000) -> keras.Model:
    """resnet152: 60,192,808 parameters, as published (torchvision ResNet152_Weights.IMAGENET1K_V1 meta num_params)."""
    return ResNet(bottleneck, [3, 8, 36, 3], num_classes=num_classes)


def seresnet18(num_classes: int = 1000) -> keras.Model:
    """Squeeze-and-excitation ResNet-18, a reduction-16 SE gate before each residual add: 11,778,592 parameters, as
    published (timm legacy_seresnet18 (reduction 16; its stem pools with ceil_mode instead of padding 1, same shapes
    and count)).
    """
    return ResNet(basic_block, [2, 2, 2, 2], num_classes=num_classes, se=True)


def seresnet50(num_classes: int = 1000) -> keras.Model:
    """Squeeze-and-excitation ResNet-50, a reduction-16 SE gate after the expanding 1x1 of each Bottleneck; timm's
    names (se.fc1, se.fc2): 28,088,024 parameters, as published (timm seresnet50 (ResNet with attn_layer='se',
    rd_ratio 1/16)).
    """
    return ResNet(bottleneck, [3, 4, 6, 3], num_classes=num_classes, se=True)


def resnext50_32x4d(num_classes: int = 1000) -> keras.Model:
    """ResNeXt-50 (32x4d), 32 groups of 4 channels in the first stage's grouped 3x3: 25,028,904 parameters, as
    published (torchvision ResNeXt50_32X4D_Weights.IMAGENET1K_V1 meta num_params).
    """
    return ResNet(bottleneck, [3, 4, 6, 3], num_classes=num_classes, groups=32, width_per_group=4)


def resnext101_32x8d(num_classes: int = 1000) -> keras.Model:
    """ResNeXt-101 (32x8d): 88,791,336 parameters, as published (torchvision ResNeXt101_32X8D_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ResNet(bottleneck, [3, 4, 23, 3], num_classes=num_classes, groups=32, width_per_group=8)


def resnext101_64x4d(num_classes: int = 1000) -> keras.Model:
    """ResNeXt-101 (64x4d): 83,455,272 parameters, as published (torchvision ResNeXt101_64X4D_Weights.IMAGENET1K_V1
    meta num_params).
    """
    return ResNet(bottleneck, [3, 4, 23, 3], num_classes=num_classes, groups=64, width_per_group=4)


def wide_resnet50_2(num_classes: int = 1000) -> keras.Model:
    """Wide ResNet-50-2, the Bottleneck's inner 3x3 twice as wide (128 channels per unit of 64): 68,883,240 parameters,
    as published (torchvision Wide_ResNet50_2_Weights.IMAGENET1K_V1 meta num_params).
    """
    return ResNet(bottleneck, [3, 4, 6, 3], num_classes=num_classes, width_per_group=128)


def wide_resnet101_2(num_classes: int = 1000) -> keras.Model:
    """Wide ResNet-101-2: 126,886,696 parameters, as published (torchvision Wide_ResNet101_2_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return ResNet(bottleneck, [3, 4, 23, 3], num_classes=num_classes, width_per_group=128)


def ResNet50GN(num_classes: int = 1000) -> keras.Model:
    """ResNet-50 with group norm (32 groups) in place of every batch norm, as torchvision builds it with
    norm_layer=lambda c: nn.GroupNorm(32, c): the same parameter count (per-channel affine), no running statistics.
    Input (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = layers.ZeroPadding2D(padding=(3, 3), name="conv1_pad")(inputs)
    x = layers.Conv2D(filters=64, kernel_size=(7, 7), strides=2, padding="valid", use_bias=False, name="conv1")(x)
    x = layers.GroupNormalization(groups=32, epsilon=1e-05, name="bn1")(x)
    x = layers.ReLU(name="relu_1")(x)
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool")(x)
    x = group_norm_bottleneck(x, channels=64, name="layer1_0")
    x = group_norm_bottleneck(x, channels=64, name="layer1_1")
    x = group_norm_bottleneck(x, channels=64, name="layer1_2")
    x = group_norm_bottleneck(x, channels=128, stride=2, name="layer2_0")
    x = group_norm_bottleneck(x, channels=128, name="layer2_1")
    x = group_norm_bottleneck(x, channels=128, name="layer2_2")
    x = group_norm_bottleneck(x, channels=128, name="layer2_3")
    x = group_norm_bottleneck(x, channels=256, stride=2, name="layer3_0")
    x = group_norm_bottleneck(x, channels=256, name="layer3_1")
    x = group_norm_bottleneck(x, channels=256, name="layer3_2")
    x = group_norm_bottleneck(x, channels=256, name="layer3_3")
    x = group_norm_bottleneck(x, channels=256, name="layer3_4")
    x = group_norm_bottleneck(x, channels=256, name="layer3_5")
    x = group_norm_bottleneck(x, channels=512, stride=2, name="layer4_0")
    x = group_norm_bottleneck(x, channels=512, name="layer4_1")
    x = group_norm_bottleneck(x, channels=512, name="layer4_2")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="ResNet50GN")
