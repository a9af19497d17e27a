"""mobilenetv3: generated from shared_specs/specs/mobilenetv3.yaml by `rosetta render`; do not edit.

MobileNetV3Large: MobileNet v3 Large: a 3x3 stride-2 hard-swish stem, fifteen bnecks (the paper's Table 1: kernel,
expansion, width, squeeze-excite, activation, stride), a 1x1 convolution to 6 x 160 channels, global average
pooling, and a classifier of two linear layers with hard-swish and dropout between; each width the paper's times
`width_mult`, rounded to a multiple of 8 (make_divisible).
    Source: Howard et al. 2019 (Table 1); layout of torchvision.models.mobilenet_v3_large
    mobilenet_v3_large: mobilenet_v3_large(num_classes=1000) has 5,483,032 parameters; published 5,483,032.
    mobilenet_v3_large_075: mobilenet_v3_large_075(num_classes=1000) has 3,377,576 parameters; published 3,377,576.
MobileNetV3Small: MobileNet v3 Small: a 3x3 stride-2 hard-swish stem, eleven bnecks (the paper's Table 2), a 1x1
convolution to 6 x 96 channels, global average pooling, and a classifier of two linear layers with hard-swish and
dropout between; each width the paper's times `width_mult`, rounded to a multiple of 8 (make_divisible).
    Source: Howard et al. 2019 (Table 2); layout of torchvision.models.mobilenet_v3_small
    mobilenet_v3_small: mobilenet_v3_small(num_classes=1000) has 2,542,856 parameters; published 2,542,856.
    mobilenet_v3_small_075: mobilenet_v3_small_075(num_classes=1000) has 1,653,920 parameters; published 1,653,920.
Rendered for keras."""

import keras
from keras import layers


def make_divisible(value: float, divisor: int = 8) -> int:
    """`value` rounded to the nearest multiple of `divisor`, at least `divisor` and never more than 10 % below
    `value`: the channel rounding of torchvision's MobileNets and EfficientNets (their `_make_divisible`)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def conv2d_norm_activation(
    x,
    out_channels: int,
    kernel_size: int = 3,
    stride: int = 1,
    groups: int = 1,
    activation_layer: str = "hard_swish",
    name: str = "conv2d_norm_activation",
):
    """A convolution that keeps the size at stride 1, batch norm (epsilon 1e-3, momentum 0.01) and the activation
    passed in, as torchvision's Conv2dNormActivation takes its activation_layer: one nn.Sequential (features.0.0 is
    the stem's convolution).
    """
    in_channels = x.shape[-1]
    x = layers.ZeroPadding2D(padding=(kernel_size - 1) // 2, name=f"{name}_0_pad")(x)
    x = (
        layers.DepthwiseConv2D(
            kernel_size=kernel_size,
            strides=stride,
            padding="valid",
            depth_multiplier=out_channels // groups,
            use_bias=False,
            name=f"{name}_0",
        )
        if groups == in_channels
        else layers.Conv2D(
            filters=out_channels,
            kernel_size=kernel_size,
            strides=stride,
            padding="valid",
            groups=groups,
            use_bias=False,
            name=f"{name}_0",
        )
    )(x)
    x = layers.BatchNormalization(momentum=0.99, epsilon=0.001, name=f"{name}_1")(x)
    x = layers.Activation(activation_layer, name=f"{name}_2")(x)
    return x


def conv2d_norm(x, out_channels: int, name: str = "conv2d_norm"):
    """The linear 1x1 projection and its batch norm (torchvision's Conv2dNormActivation with activation_layer None)."""
    x = layers.Conv2D(filters=out_channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_0")(x)
    x = layers.BatchNormalization(momentum=0.99, epsilon=0.001, name=f"{name}_1")(x)
    return x


def inverted_residual_layers(
    x,
    expanded_channels: int,
    out_channels: int,
    kernel_size: int = 3,
    stride: int = 1,
    use_se: bool = False,
    activation_layer: str = "relu",
    name: str = "inverted_residual_layers",
):
    """The layers of MobileNet v3's bneck, those present numbered as torchvision's nn.Sequential: a 1x1 expansion where
    the width grows, a depthwise k x k convolution carrying the stride, squeeze-excite where the search put it, and
    a linear 1x1 projection; ReLU or hard-swish by stage.
    """
    in_channels = x.shape[-1]
    if in_channels != expanded_channels:
        x = conv2d_norm_activation(
            x, out_channels=expanded_channels, kernel_size=1, activation_layer=activation_layer, name=f"{name}_0"
        )
    x = conv2d_norm_activation(
        x,
        out_channels=expanded_channels,
        kernel_size=kernel_size,
        stride=stride,
        groups=expanded_channels,
        activation_layer=activation_layer,
        name=f"{name}_{int(in_channels != expanded_channels)}",
    )
    if use_se:
        x = squeeze_excitation(
            x,
            squeeze_channels=make_divisible(expanded_channels // 4),
            name=f"{name}_{int(in_channels != expanded_channels) + 1}",
        )
    x = conv2d_norm(
        x, out_channels=out_channels, name=f"{name}_{int(in_channels != expanded_channels) + int(use_se) + 1}"
    )
    return x


def inverted_residual(
    x,
    expanded_channels: int,
    out_channels: int,
    kernel_size: int = 3,
    stride: int = 1,
    use_se: bool = False,
    activation_layer: str = "relu",
    name: str = "inverted_residual",
):
    """The bneck's layers (torchvision's block) and the identity added where the shape is kept."""
    in_channels = x.shape[-1]
    identity = x
    x = inverted_residual_layers(
        x,
        expanded_channels=expanded_channels,
        out_channels=out_channels,
        kernel_size=kernel_size,
        stride=stride,
        use_se=use_se,
        activation_layer=activation_layer,
        name=f"{name}_block",
    )
    if stride == 1 and in_channels == out_channels:
        x = layers.Add(name=f"{name}_residual")([x, identity])
    return x


def squeeze_excitation(x, squeeze_channels: int, name: str = "squeeze_excitation"):
    """Channel attention with a hard-sigmoid gate: global average pool, 1x1 squeeze, ReLU, 1x1 excite, relu6(x + 3) /
    6, and the input scaled by it (torchvision's SqueezeExcitation).
    """
    in_channels = x.shape[-1]
    identity = x
    x = layers.GlobalAveragePooling2D(keepdims=True, name=f"{name}_avgpool")(x)
    x = layers.Conv2D(filters=squeeze_channels, kernel_size=(1, 1), padding="valid", name=f"{name}_fc1")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    x = layers.Conv2D(filters=in_channels, kernel_size=(1, 1), padding="valid", name=f"{name}_fc2")(x)
    x = layers.Activation("hard_sigmoid", name=f"{name}_gate")(x)
    multiply_1 = layers.Multiply(name=f"{name}_multiply_1")([identity, x])
    return multiply_1


def MobileNetV3Large(num_classes: int = 1000, width_mult: float = 1.0) -> keras.Model:
    """MobileNet v3 Large: a 3x3 stride-2 hard-swish stem, fifteen bnecks (the paper's Table 1: kernel, expansion,
    width, squeeze-excite, activation, stride), a 1x1 convolution to 6 x 160 channels, global average pooling, and a
    classifier of two linear layers with hard-swish and dropout between; each width the paper's times `width_mult`,
    rounded to a multiple of 8 (make_divisible). Input (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = conv2d_norm_activation(inputs, out_channels=make_divisible(16 * width_mult), stride=2, name="features_0")
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(16 * width_mult),
        out_channels=make_divisible(16 * width_mult),
        name="features_1",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(64 * width_mult),
        out_channels=make_divisible(24 * width_mult),
        stride=2,
        name="features_2",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(72 * width_mult),
        out_channels=make_divisible(24 * width_mult),
        name="features_3",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(72 * width_mult),
        out_channels=make_divisible(40 * width_mult),
        kernel_size=5,
        stride=2,
        use_se=True,
        name="features_4",
    )
    for i in range(2):
        x = inverted_residual(
            x,
            expanded_channels=make_divisible(120 * width_mult),
            out_channels=make_divisible(40 * width_mult),
            kernel_size=5,
            use_se=True,
            name=f"features_{i + 5}",
        )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(240 * width_mult),
        out_channels=make_divisible(80 * width_mult),
        stride=2,
        activation_layer="hard_swish",
        name="features_7",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(200 * width_mult),
        out_channels=make_divisible(80 * width_mult),
        activation_layer="hard_swish",
        name="features_8",
    )
    for i in range(2):
        x = inverted_residual(
            x,
            expanded_channels=make_divisible(184 * width_mult),
            out_channels=make_divisible(80 * width_mult),
            activation_layer="hard_swish",
            name=f"features_{i + 9}",
        )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(480 * width_mult),
        out_channels=make_divisible(112 * width_mult),
        use_se=True,
        activation_layer="hard_swish",
        name="features_11",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(672 * width_mult),
        out_channels=make_divisible(112 * width_mult),
        use_se=True,
        activation_layer="hard_swish",
        name="features_12",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(672 * width_mult),
        out_channels=make_divisible(160 * width_mult),
        kernel_size=5,
        stride=2,
        use_se=True,
        activation_layer="hard_swish",
        name="features_13",
    )
    for i in range(2):
        x = inverted_residual(
            x,
            expanded_channels=make_divisible(960 * width_mult),
            out_channels=make_divisible(160 * width_mult),
            kernel_size=5,
            use_se=True,
            activation_layer="hard_swish",
            name=f"features_{i + 14}",
        )
    x = conv2d_norm_activation(x, out_channels=6 * make_divisible(160 * width_mult), kernel_size=1, name="features_16")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(make_divisible(1280 * width_mult), name="classifier_0")(x)
    x = layers.Activation("hard_swish", name="classifier_1")(x)
    x = layers.Dropout(rate=0.2, name="classifier_2")(x)
    x = layers.Dense(num_classes, name="classifier_3")(x)
    return keras.Model(inputs, x, name="MobileNetV3Large")


def mobilenet_v3_large(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v3_large: 5,483,032 parameters, as published (torchvision MobileNet_V3_Large_Weights.IMAGENET1K_V1
    meta num_params (the paper's Table 3: 5.4M)).
    """
    return MobileNetV3Large(num_classes=num_classes)


def mobilenet_v3_large_075(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v3_large_075: 3,377,576 parameters, as published (paddle.vision mobilenet_v3_large(scale=0.75), this
    network in its own layout, counted by it).
    """
    return MobileNetV3Large(num_classes=num_classes, width_mult=0.75)


def MobileNetV3Small(num_classes: int = 1000, width_mult: float = 1.0) -> keras.Model:
    """MobileNet v3 Small: a 3x3 stride-2 hard-swish stem, eleven bnecks (the paper's Table 2), a 1x1 convolution to 6
    x 96 channels, global average pooling, and a classifier of two linear layers with hard-swish and dropout
    between; each width the paper's times `width_mult`, rounded to a multiple of 8 (make_divisible). Input (N, 224,
    224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = conv2d_norm_activation(inputs, out_channels=make_divisible(16 * width_mult), stride=2, name="features_0")
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(16 * width_mult),
        out_channels=make_divisible(16 * width_mult),
        stride=2,
        use_se=True,
        name="features_1",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(72 * width_mult),
        out_channels=make_divisible(24 * width_mult),
        stride=2,
        name="features_2",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(88 * width_mult),
        out_channels=make_divisible(24 * width_mult),
        name="features_3",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(96 * width_mult),
        out_channels=make_divisible(40 * width_mult),
        kernel_size=5,
        stride=2,
        use_se=True,
        activation_layer="hard_swish",
        name="features_4",
    )
    for i in range(2):
        x = inverted_residual(
            x,
            expanded_channels=make_divisible(240 * width_mult),
            out_channels=make_divisible(40 * width_mult),
            kernel_size=5,
            use_se=True,
            activation_layer="hard_swish",
            name=f"features_{i + 5}",
        )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(120 * width_mult),
        out_channels=make_divisible(48 * width_mult),
        kernel_size=5,
        use_se=True,
        activation_layer="hard_swish",
        name="features_7",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(144 * width_mult),
        out_channels=make_divisible(48 * width_mult),
        kernel_size=5,
        use_se=True,
        activation_layer="hard_swish",
        name="features_8",
    )
    x = inverted_residual(
        x,
        expanded_channels=make_divisible(288 * width_mult),
        out_channels=make_divisible(96 * width_mult),
        kernel_size=5,
        stride=2,
        use_se=True,
        activation_layer="hard_swish",
        name="features_9",
    )
    for i in range(2):
        x = inverted_residual(
            x,
            expanded_channels=make_divisible(576 * width_mult),
            out_channels=make_divisible(96 * width_mult),
            kernel_size=5,
            use_se=True,
            activation_layer="hard_swish",
            name=f"features_{i + 10}",
        )
    x = conv2d_norm_activation(x, out_channels=6 * make_divisible(96 * width_mult), kernel_size=1, name="features_12")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(make_divisible(1024 * width_mult), name="classifier_0")(x)
    x = layers.Activation("hard_swish", name="classifier_1")(x)
    x = layers.Dropout(rate=0.2, name="classifier_2")(x)
    x = layers.Dense(num_classes, name="classifier_3")(x)
    return keras.Model(inputs, x, name="MobileNetV3Small")


def mobilenet_v3_small(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v3_small: 2,542,856 parameters, as published (torchvision MobileNet_V3_Small_Weights.IMAGENET1K_V1
    meta num_params (the paper's Table 2: 2.5M)).
    """
    return MobileNetV3Small(num_classes=num_classes)


def mobilenet_v3_small_075(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v3_small_075: 1,653,920 parameters, as published (paddle.vision mobilenet_v3_small(scale=0.75), this
    network in its own layout, counted by it).
    """
    return MobileNetV3Small(num_classes=num_classes, width_mult=0.75)
