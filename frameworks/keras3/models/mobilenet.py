"""mobilenet: generated from shared_specs/specs/mobilenet.yaml by `rosetta render`; do not edit.

MobileNetV1: MobileNet v1: a 3x3 stride-2 convolution, thirteen depthwise separable units (five stride-2), global
average pooling and a linear classifier; every width times the width multiplier `scale` (truncated, as paddle.vision
and keras.applications do), ReLU as in the paper; paddle.vision's layout and names.
    Source: Howard et al. 2017 (Table 1); layout of paddle.vision.models.mobilenet_v1
    mobilenet_v1: mobilenet_v1(num_classes=1000) has 4,231,976 parameters; published 4,231,976.
    mobilenet_v1_075: mobilenet_v1_075(num_classes=1000) has 2,585,560 parameters; published 2,585,560.
    mobilenet_v1_050: mobilenet_v1_050(num_classes=1000) has 1,331,592 parameters; published 1,331,592.
    mobilenet_v1_025: mobilenet_v1_025(num_classes=1000) has 470,072 parameters; published 470,072.
MobileNetV2: MobileNet v2: a 3x3 stride-2 stem, seventeen inverted residuals in seven stages (expansion t, width c,
repeats n, first stride s), a 1x1 convolution to 1280 channels, global average pooling, dropout and a linear
classifier; widths scale by width_mult, rounded to multiples of 8 (make_divisible).
    Source: Sandler et al. 2018 (Table 2); layout of torchvision.models.mobilenetv2
    mobilenet_v2: mobilenet_v2(num_classes=1000) has 3,504,872 parameters; published 3,504,872.
    mobilenet_v2_050: mobilenet_v2_050(num_classes=1000) has 1,968,680 parameters; published 1,968,680.
    mobilenet_v2_140: mobilenet_v2_140(num_classes=1000) has 6,108,776 parameters; published 6,108,776.
Rendered for keras."""

import keras
from keras import layers


def make_divisible(value: float, divisor: int = 8) -> int:
    """`value` rounded to the nearest multiple of `divisor`, at least `divisor` and never more than 10 % below
    `value`: the channel rounding of torchvision's MobileNets and EfficientNets (their `_make_divisible`)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def conv_bn_relu(
    x, out_channels: int, kernel_size: int = 3, stride: int = 1, groups: int = 1, name: str = "conv_bn_relu"
):
    """A convolution that keeps the size at stride 1, batch norm and ReLU; paddle.vision's ConvNormActivation."""
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
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_1")(x)
    x = layers.ReLU(name=f"{name}_2")(x)
    return x


def depthwise_separable(x, out_channels: int, stride: int = 1, name: str = "depthwise_separable"):
    """MobileNet v1's unit: a 3x3 depthwise convolution carrying the stride, then a 1x1 pointwise one, each with batch
    norm and ReLU; paddle.vision's names.
    """
    in_channels = x.shape[-1]
    x = conv_bn_relu(x, out_channels=in_channels, stride=stride, groups=in_channels, name=f"{name}__depthwise_conv")
    x = conv_bn_relu(x, out_channels=out_channels, kernel_size=1, name=f"{name}__pointwise_conv")
    return x


def conv_bn_relu6(
    x, out_channels: int, kernel_size: int = 3, stride: int = 1, groups: int = 1, name: str = "conv_bn_relu6"
):
    """A convolution that keeps the size at stride 1, batch norm and ReLU6: torchvision's Conv2dNormActivation, one
    child of its group as that is (features.0.0 is its convolution).
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
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_1")(x)
    x = layers.ReLU(max_value=6.0, name=f"{name}_2")(x)
    return x


def depthwise_projection(x, out_channels: int, stride: int = 1, name: str = "depthwise_projection"):
    """A 3x3 depthwise convolution (batch norm, ReLU6), then a linear 1x1 projection and batch norm."""
    in_channels = x.shape[-1]
    x = conv_bn_relu6(x, out_channels=in_channels, stride=stride, groups=in_channels, name=f"{name}_0")
    x = layers.Conv2D(filters=out_channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_1")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_2")(x)
    return x


def unexpanded_residual(x, out_channels: int, stride: int = 1, name: str = "unexpanded_residual"):
    """The inverted residual of expansion ratio 1 (MobileNet v2's first): no expansion layer, so torchvision's conv.0.0
    is the depthwise convolution.
    """
    in_channels = x.shape[-1]
    identity = x
    x = depthwise_projection(x, out_channels=out_channels, stride=stride, name=f"{name}_conv")
    if stride == 1 and in_channels == out_channels:
        x = layers.Add(name=f"{name}_residual")([x, identity])
    return x


def expand_depthwise_projection(
    x, out_channels: int, stride: int = 1, expand_ratio: int = 6, name: str = "expand_depthwise_projection"
):
    """A 1x1 expansion by expand_ratio (batch norm, ReLU6) before the depthwise convolution and the projection."""
    in_channels = x.shape[-1]
    x = conv_bn_relu6(x, out_channels=in_channels * expand_ratio, kernel_size=1, name=f"{name}_0")
    x = conv_bn_relu6(
        x, out_channels=in_channels * expand_ratio, stride=stride, groups=in_channels * expand_ratio, name=f"{name}_1"
    )
    x = layers.Conv2D(filters=out_channels, kernel_size=(1, 1), padding="valid", use_bias=False, name=f"{name}_2")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name=f"{name}_3")(x)
    return x


def inverted_residual(x, out_channels: int, stride: int = 1, expand_ratio: int = 6, name: str = "inverted_residual"):
    """The inverted residual with linear bottleneck: expand, depthwise, project, and the identity added where the shape
    is kept; torchvision's names (conv.0.0 is the expansion).
    """
    in_channels = x.shape[-1]
    identity = x
    x = expand_depthwise_projection(
        x, out_channels=out_channels, stride=stride, expand_ratio=expand_ratio, name=f"{name}_conv"
    )
    if stride == 1 and in_channels == out_channels:
        x = layers.Add(name=f"{name}_residual")([x, identity])
    return x


def MobileNetV1(num_classes: int = 1000, scale: float = 1.0) -> keras.Model:
    """MobileNet v1: a 3x3 stride-2 convolution, thirteen depthwise separable units (five stride-2), global average
    pooling and a linear classifier; every width times the width multiplier `scale` (truncated, as paddle.vision and
    keras.applications do), ReLU as in the paper; paddle.vision's layout and names. Input (N, 224, 224, 3),
    channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = conv_bn_relu(inputs, out_channels=int(32 * scale), stride=2, name="conv1")
    x = depthwise_separable(x, out_channels=int(64 * scale), name="conv2_1")
    x = depthwise_separable(x, out_channels=int(128 * scale), stride=2, name="conv2_2")
    x = depthwise_separable(x, out_channels=int(128 * scale), name="conv3_1")
    x = depthwise_separable(x, out_channels=int(256 * scale), stride=2, name="conv3_2")
    x = depthwise_separable(x, out_channels=int(256 * scale), name="conv4_1")
    x = depthwise_separable(x, out_channels=int(512 * scale), stride=2, name="conv4_2")
    x = depthwise_separable(x, out_channels=int(512 * scale), name="conv5_1")
    x = depthwise_separable(x, out_channels=int(512 * scale), name="conv5_2")
    x = depthwise_separable(x, out_channels=int(512 * scale), name="conv5_3")
    x = depthwise_separable(x, out_channels=int(512 * scale), name="conv5_4")
    x = depthwise_separable(x, out_channels=int(512 * scale), name="conv5_5")
    x = depthwise_separable(x, out_channels=int(1024 * scale), stride=2, name="conv5_6")
    x = depthwise_separable(x, out_channels=int(1024 * scale), name="conv6")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="pool2d_avg")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="MobileNetV1")


def mobilenet_v1(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v1: 4,231,976 parameters, as published (keras.applications MobileNet(alpha=1.0) and paddle.vision
    mobilenet_v1(scale=1.0): trainable parameters, counted by each (the paper's Table 6: 4.2M)).
    """
    return MobileNetV1(num_classes=num_classes)


def mobilenet_v1_075(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v1_075: 2,585,560 parameters, as published (keras.applications MobileNet(alpha=0.75) and paddle.vision
    mobilenet_v1(scale=0.75), counted by each (Table 6: 2.6M)).
    """
    return MobileNetV1(num_classes=num_classes, scale=0.75)


def mobilenet_v1_050(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v1_050: 1,331,592 parameters, as published (keras.applications MobileNet(alpha=0.5) and paddle.vision
    mobilenet_v1(scale=0.5), counted by each (Table 6: 1.3M)).
    """
    return MobileNetV1(num_classes=num_classes, scale=0.5)


def mobilenet_v1_025(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v1_025: 470,072 parameters, as published (keras.applications MobileNet(alpha=0.25) and paddle.vision
    mobilenet_v1(scale=0.25), counted by each (Table 6: 0.5M)).
    """
    return MobileNetV1(num_classes=num_classes, scale=0.25)


def MobileNetV2(num_classes: int = 1000, width_mult: float = 1.0) -> keras.Model:
    """MobileNet v2: a 3x3 stride-2 stem, seventeen inverted residuals in seven stages (expansion t, width c, repeats
    n, first stride s), a 1x1 convolution to 1280 channels, global average pooling, dropout and a linear classifier;
    widths scale by width_mult, rounded to multiples of 8 (make_divisible). Input (N, 224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = conv_bn_relu6(inputs, out_channels=make_divisible(32 * width_mult), stride=2, name="features_0")
    x = unexpanded_residual(x, out_channels=make_divisible(16 * width_mult), name="features_1")
    for i in range(2):
        x = inverted_residual(
            x, out_channels=make_divisible(24 * width_mult), stride=2 if i == 0 else 1, name=f"features_{i + 2}"
        )
    for i in range(3):
        x = inverted_residual(
            x, out_channels=make_divisible(32 * width_mult), stride=2 if i == 0 else 1, name=f"features_{i + 4}"
        )
    for i in range(4):
        x = inverted_residual(
            x, out_channels=make_divisible(64 * width_mult), stride=2 if i == 0 else 1, name=f"features_{i + 7}"
        )
    for i in range(3):
        x = inverted_residual(x, out_channels=make_divisible(96 * width_mult), name=f"features_{i + 11}")
    for i in range(3):
        x = inverted_residual(
            x, out_channels=make_divisible(160 * width_mult), stride=2 if i == 0 else 1, name=f"features_{i + 14}"
        )
    x = inverted_residual(x, out_channels=make_divisible(320 * width_mult), name="features_17")
    x = conv_bn_relu6(x, out_channels=make_divisible(1280 * max(1.0, width_mult)), kernel_size=1, name="features_18")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dropout(rate=0.2, name="classifier_0")(x)
    x = layers.Dense(num_classes, name="classifier_1")(x)
    return keras.Model(inputs, x, name="MobileNetV2")


def mobilenet_v2(num_classes: int = 1000) -> keras.Model:
    """mobilenet_v2: 3,504,872 parameters, as published (torchvision MobileNet_V2_Weights.IMAGENET1K_V1 meta
    num_params).
    """
    return MobileNetV2(num_classes=num_classes)


def mobilenet_v2_050(num_classes: int = 1000) -> keras.Model:
    """MobileNet v2 at width 0.5 (timm's mobilenetv2_050): 1,968,680 parameters, as published (keras.applications
    MobileNetV2(alpha=0.5) and paddle.vision mobilenet_v2(scale=0.5): trainable parameters, counted by each).
    """
    return MobileNetV2(num_classes=num_classes, width_mult=0.5)


def mobilenet_v2_140(num_classes: int = 1000) -> keras.Model:
    """MobileNet v2 at width 1.4, its last convolution widened too (timm's mobilenetv2_140): 6,108,776 parameters, as
    published (keras.applications MobileNetV2(alpha=1.4) and paddle.vision mobilenet_v2(scale=1.4): trainable
    parameters, counted by each).
    """
    return MobileNetV2(num_classes=num_classes, width_mult=1.4)
