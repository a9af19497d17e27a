"""inception: generated from shared_specs/specs/inception.yaml by `rosetta render`; do not edit.

GoogLeNet: The Inception family: parallel branches of convolutions (and pooling) concatenated along channels, every
convolution a conv + batch norm (eps 1e-3) + ReLU as torchvision writes it (BasicConv2d).
    Source: Szegedy et al. Going Deeper with Convolutions. CVPR 2015; Ioffe, Szegedy. Batch Normalization. ICML
    2015; Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016
    googlenet: GoogLeNet(num_classes=1000) has 6,624,904 parameters; published 6,624,904.
GoogLeNetAux: GoogLeNet with its two auxiliary classifiers (on inception4a and inception4d) as torchvision builds it
with aux_logits=True; they run in train mode only, their losses weighted 0.3 as in the paper.
    Source: Szegedy et al. Going Deeper with Convolutions. CVPR 2015; Ioffe, Szegedy. Batch Normalization. ICML
    2015; Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016
    googlenet_aux: GoogLeNetAux(num_classes=1000) has 13,004,888 parameters; published 13,004,888.
BNInception: Inception v2 of the batch-normalisation paper (its Figure 5): GoogLeNet with batch norm after every
convolution, each 5x5 replaced by two 3x3, and stride-2 modules (3c, 4e) in place of max pooling between stages.
    Source: Ioffe, Szegedy. Batch Normalization: Accelerating Deep Network Training by Reducing Internal
    Covariate Shift. ICML 2015, Figure 5
    bninception: BNInception(num_classes=1000) has 11,285,224 parameters; published 11,285,224.
Inception3: Inception v3 as torchvision lays it out (and paddle.vision without the auxiliary head): a 299x299 stem,
three 35x35 InceptionA, a grid reduction, four 17x17 InceptionC with factorised 7x7, a second reduction, two 8x8
InceptionE, global average pooling, dropout and a linear classifier.
    Source: Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016; layout of
    torchvision.models.inception
    inception_v3: Inception3(num_classes=1000) has 23,834,568 parameters; published 23,834,568.
Inception3Aux: Inception v3 with its auxiliary classifier on the 17x17 grid (torchvision's AuxLogits,
aux_logits=True); it runs in train mode only, its loss weighted 0.4 as in torchvision's reference training recipe.
    Source: Szegedy et al. Rethinking the Inception Architecture for Computer Vision. CVPR 2016; layout of
    torchvision.models.inception
    inception_v3_aux: Inception3Aux(num_classes=1000) has 27,161,264 parameters; published 27,161,264.
Rendered for keras."""

import keras
from keras import layers


def basic_conv2d(x, out_channels: int, kernel_size: int, stride: int = 1, padding: int = 0, name: str = "basic_conv2d"):
    """Convolution without bias, batch norm (eps 1e-3) and ReLU."""
    x = layers.ZeroPadding2D(padding=padding, name=f"{name}_conv_pad")(x)
    x = layers.Conv2D(
        filters=out_channels,
        kernel_size=kernel_size,
        strides=stride,
        padding="valid",
        use_bias=False,
        name=f"{name}_conv",
    )(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=0.001, name=f"{name}_bn")(x)
    x = layers.ReLU(name=f"{name}_relu_1")(x)
    return x


def reduce_conv(x, reduce_channels: int, out_channels: int, name: str = "reduce_conv"):
    """A 1x1 BasicConv2d reducing the channels, then a 3x3 one (torchvision keeps 3x3 where the paper has 5x5)."""
    x = basic_conv2d(x, out_channels=reduce_channels, kernel_size=1, name=f"{name}_0")
    x = basic_conv2d(x, out_channels=out_channels, kernel_size=3, padding=1, name=f"{name}_1")
    return x


def pool_projection(x, out_channels: int, name: str = "pool_projection"):
    """3x3 stride-1 max pooling, then a 1x1 BasicConv2d."""
    x = layers.MaxPool2D(pool_size=(3, 3), strides=1, padding="same", name=f"{name}_0")(x)
    x = basic_conv2d(x, out_channels=out_channels, kernel_size=1, name=f"{name}_1")
    return x


def inception(
    x, ch1x1: int, ch3x3red: int, ch3x3: int, ch5x5red: int, ch5x5: int, pool_proj: int, name: str = "inception"
):
    """Four parallel branches (1x1; 1x1 then 3x3; 1x1 then 3x3; pooling then 1x1) concatenated along channels."""
    identity = x
    x = basic_conv2d(x, out_channels=ch1x1, kernel_size=1, name=f"{name}_branch1")
    branch2 = reduce_conv(identity, reduce_channels=ch3x3red, out_channels=ch3x3, name=f"{name}_branch2")
    branch3 = reduce_conv(identity, reduce_channels=ch5x5red, out_channels=ch5x5, name=f"{name}_branch3")
    branch4 = pool_projection(identity, out_channels=pool_proj, name=f"{name}_branch4")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch2, branch3, branch4])
    return x


def inception_aux(x, num_classes: int, name: str = "inception_aux"):
    """GoogLeNet's auxiliary classifier - 4x4 average pooling, a 1x1 BasicConv2d, two linear layers."""
    x = layers.AdaptiveAveragePooling2D((4, 4), name=f"{name}_pool")(x)
    x = basic_conv2d(x, out_channels=128, kernel_size=1, name=f"{name}_conv")
    x = layers.Flatten(name=f"{name}_flatten_1")(x)
    x = layers.Dense(1024, activation="relu", name=f"{name}_fc1")(x)
    x = layers.Dropout(rate=0.7, name=f"{name}_dropout")(x)
    x = layers.Dense(num_classes, name=f"{name}_fc2")(x)
    return x


def bninception_module(
    x,
    ch1x1: int,
    ch3x3red: int,
    ch3x3: int,
    dbl_red: int,
    dbl: int,
    pool_proj: int,
    pool: str = "avg",
    name: str = "bninception_module",
):
    """The BN paper's module - 1x1; 1x1 then 3x3; 1x1 then two 3x3; pooling (average, or max where pool is 'max') then
    a 1x1 projection - concatenated.
    """
    identity = x
    x = basic_conv2d(x, out_channels=ch1x1, kernel_size=1, name=f"{name}_branch1x1")
    branch3x3_1 = basic_conv2d(identity, out_channels=ch3x3red, kernel_size=1, name=f"{name}_branch3x3_1")
    branch3x3_2 = basic_conv2d(branch3x3_1, out_channels=ch3x3, kernel_size=3, padding=1, name=f"{name}_branch3x3_2")
    branch3x3dbl_1 = basic_conv2d(identity, out_channels=dbl_red, kernel_size=1, name=f"{name}_branch3x3dbl_1")
    branch3x3dbl_2 = basic_conv2d(
        branch3x3dbl_1, out_channels=dbl, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_2"
    )
    branch3x3dbl_3 = basic_conv2d(
        branch3x3dbl_2, out_channels=dbl, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_3"
    )
    avg_pool = identity
    if pool == "avg":
        avg_pool = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_avg_pool_pad")(identity)
        avg_pool = layers.AveragePooling2D(pool_size=(3, 3), strides=1, name=f"{name}_avg_pool")(avg_pool)
    max_pool = avg_pool
    if pool == "max":
        max_pool = layers.MaxPool2D(pool_size=(3, 3), strides=1, padding="same", name=f"{name}_max_pool")(avg_pool)
    branch_pool = basic_conv2d(max_pool, out_channels=pool_proj, kernel_size=1, name=f"{name}_branch_pool")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch3x3_2, branch3x3dbl_3, branch_pool])
    return x


def bninception_reduce(x, ch3x3red: int, ch3x3: int, dbl_red: int, dbl: int, name: str = "bninception_reduce"):
    """The BN paper's stride-2 module - 1x1 then a stride-2 3x3; 1x1, 3x3, stride-2 3x3; stride-2 max pooling."""
    identity = x
    x = basic_conv2d(x, out_channels=ch3x3red, kernel_size=1, name=f"{name}_branch3x3_1")
    x = basic_conv2d(x, out_channels=ch3x3, kernel_size=3, stride=2, padding=1, name=f"{name}_branch3x3_2")
    branch3x3dbl_1 = basic_conv2d(identity, out_channels=dbl_red, kernel_size=1, name=f"{name}_branch3x3dbl_1")
    branch3x3dbl_2 = basic_conv2d(
        branch3x3dbl_1, out_channels=dbl, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_2"
    )
    branch3x3dbl_3 = basic_conv2d(
        branch3x3dbl_2, out_channels=dbl, kernel_size=3, stride=2, padding=1, name=f"{name}_branch3x3dbl_3"
    )
    branch_pool = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name=f"{name}_branch_pool_pad")(identity)
    branch_pool = layers.MaxPool2D(pool_size=(3, 3), strides=2, name=f"{name}_branch_pool")(branch_pool)
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch3x3dbl_3, branch_pool])
    return x


def inception_a(x, pool_features: int, name: str = "inception_a"):
    """Inception v3's 35x35 module - 1x1; 1x1 then 5x5; 1x1 then two 3x3; 3x3 average pooling then 1x1."""
    identity = x
    x = basic_conv2d(x, out_channels=64, kernel_size=1, name=f"{name}_branch1x1")
    branch5x5_1 = basic_conv2d(identity, out_channels=48, kernel_size=1, name=f"{name}_branch5x5_1")
    branch5x5_2 = basic_conv2d(branch5x5_1, out_channels=64, kernel_size=5, padding=2, name=f"{name}_branch5x5_2")
    branch3x3dbl_1 = basic_conv2d(identity, out_channels=64, kernel_size=1, name=f"{name}_branch3x3dbl_1")
    branch3x3dbl_2 = basic_conv2d(
        branch3x3dbl_1, out_channels=96, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_2"
    )
    branch3x3dbl_3 = basic_conv2d(
        branch3x3dbl_2, out_channels=96, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_3"
    )
    pool = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_pool_pad")(identity)
    pool = layers.AveragePooling2D(pool_size=(3, 3), strides=1, name=f"{name}_pool")(pool)
    branch_pool = basic_conv2d(pool, out_channels=pool_features, kernel_size=1, name=f"{name}_branch_pool")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch5x5_2, branch3x3dbl_3, branch_pool])
    return x


def inception_b(x, name: str = "inception_b"):
    """Inception v3's 35 -> 17 grid reduction - a stride-2 3x3 conv and a stride-2 max pool side by side."""
    identity = x
    x = basic_conv2d(x, out_channels=384, kernel_size=3, stride=2, name=f"{name}_branch3x3")
    branch3x3dbl_1 = basic_conv2d(identity, out_channels=64, kernel_size=1, name=f"{name}_branch3x3dbl_1")
    branch3x3dbl_2 = basic_conv2d(
        branch3x3dbl_1, out_channels=96, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_2"
    )
    branch3x3dbl_3 = basic_conv2d(
        branch3x3dbl_2, out_channels=96, kernel_size=3, stride=2, name=f"{name}_branch3x3dbl_3"
    )
    pool = layers.MaxPool2D(pool_size=(3, 3), strides=2, name=f"{name}_pool")(identity)
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch3x3dbl_3, pool])
    return x


def inception_c(x, channels_7x7: int, name: str = "inception_c"):
    """Inception v3's 17x17 module with 7x7 convolutions factorised into 1x7 and 7x1."""
    identity = x
    x = basic_conv2d(x, out_channels=192, kernel_size=1, name=f"{name}_branch1x1")
    branch7x7_1 = basic_conv2d(identity, out_channels=channels_7x7, kernel_size=1, name=f"{name}_branch7x7_1")
    branch7x7_2 = basic_conv2d(
        branch7x7_1, out_channels=channels_7x7, kernel_size=(1, 7), padding=(0, 3), name=f"{name}_branch7x7_2"
    )
    branch7x7_3 = basic_conv2d(
        branch7x7_2, out_channels=192, kernel_size=(7, 1), padding=(3, 0), name=f"{name}_branch7x7_3"
    )
    branch7x7dbl_1 = basic_conv2d(identity, out_channels=channels_7x7, kernel_size=1, name=f"{name}_branch7x7dbl_1")
    branch7x7dbl_2 = basic_conv2d(
        branch7x7dbl_1, out_channels=channels_7x7, kernel_size=(7, 1), padding=(3, 0), name=f"{name}_branch7x7dbl_2"
    )
    branch7x7dbl_3 = basic_conv2d(
        branch7x7dbl_2, out_channels=channels_7x7, kernel_size=(1, 7), padding=(0, 3), name=f"{name}_branch7x7dbl_3"
    )
    branch7x7dbl_4 = basic_conv2d(
        branch7x7dbl_3, out_channels=channels_7x7, kernel_size=(7, 1), padding=(3, 0), name=f"{name}_branch7x7dbl_4"
    )
    branch7x7dbl_5 = basic_conv2d(
        branch7x7dbl_4, out_channels=192, kernel_size=(1, 7), padding=(0, 3), name=f"{name}_branch7x7dbl_5"
    )
    pool = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_pool_pad")(identity)
    pool = layers.AveragePooling2D(pool_size=(3, 3), strides=1, name=f"{name}_pool")(pool)
    branch_pool = basic_conv2d(pool, out_channels=192, kernel_size=1, name=f"{name}_branch_pool")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch7x7_3, branch7x7dbl_5, branch_pool])
    return x


def inception_d(x, name: str = "inception_d"):
    """Inception v3's 17 -> 8 grid reduction - stride-2 convolutions beside a stride-2 max pool."""
    identity = x
    x = basic_conv2d(x, out_channels=192, kernel_size=1, name=f"{name}_branch3x3_1")
    x = basic_conv2d(x, out_channels=320, kernel_size=3, stride=2, name=f"{name}_branch3x3_2")
    branch7x7x3_1 = basic_conv2d(identity, out_channels=192, kernel_size=1, name=f"{name}_branch7x7x3_1")
    branch7x7x3_2 = basic_conv2d(
        branch7x7x3_1, out_channels=192, kernel_size=(1, 7), padding=(0, 3), name=f"{name}_branch7x7x3_2"
    )
    branch7x7x3_3 = basic_conv2d(
        branch7x7x3_2, out_channels=192, kernel_size=(7, 1), padding=(3, 0), name=f"{name}_branch7x7x3_3"
    )
    branch7x7x3_4 = basic_conv2d(branch7x7x3_3, out_channels=192, kernel_size=3, stride=2, name=f"{name}_branch7x7x3_4")
    pool = layers.MaxPool2D(pool_size=(3, 3), strides=2, name=f"{name}_pool")(identity)
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch7x7x3_4, pool])
    return x


def inception_e(x, name: str = "inception_e"):
    """Inception v3's 8x8 module - its 3x3 branches split into parallel 1x3 and 3x1 convolutions."""
    identity = x
    x = basic_conv2d(x, out_channels=320, kernel_size=1, name=f"{name}_branch1x1")
    branch3x3_1 = basic_conv2d(identity, out_channels=384, kernel_size=1, name=f"{name}_branch3x3_1")
    branch3x3_2a = basic_conv2d(
        branch3x3_1, out_channels=384, kernel_size=(1, 3), padding=(0, 1), name=f"{name}_branch3x3_2a"
    )
    branch3x3_2b = basic_conv2d(
        branch3x3_1, out_channels=384, kernel_size=(3, 1), padding=(1, 0), name=f"{name}_branch3x3_2b"
    )
    branch3x3 = layers.Concatenate(axis=-1, name=f"{name}_branch3x3")([branch3x3_2a, branch3x3_2b])
    branch3x3dbl_1 = basic_conv2d(identity, out_channels=448, kernel_size=1, name=f"{name}_branch3x3dbl_1")
    branch3x3dbl_2 = basic_conv2d(
        branch3x3dbl_1, out_channels=384, kernel_size=3, padding=1, name=f"{name}_branch3x3dbl_2"
    )
    branch3x3dbl_3a = basic_conv2d(
        branch3x3dbl_2, out_channels=384, kernel_size=(1, 3), padding=(0, 1), name=f"{name}_branch3x3dbl_3a"
    )
    branch3x3dbl_3b = basic_conv2d(
        branch3x3dbl_2, out_channels=384, kernel_size=(3, 1), padding=(1, 0), name=f"{name}_branch3x3dbl_3b"
    )
    branch3x3dbl = layers.Concatenate(axis=-1, name=f"{name}_branch3x3dbl")([branch3x3dbl_3a, branch3x3dbl_3b])
    pool = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_pool_pad")(identity)
    pool = layers.AveragePooling2D(pool_size=(3, 3), strides=1, name=f"{name}_pool")(pool)
    branch_pool = basic_conv2d(pool, out_channels=192, kernel_size=1, name=f"{name}_branch_pool")
    x = layers.Concatenate(axis=-1, name=f"{name}_concat_1")([x, branch3x3, branch3x3dbl, branch_pool])
    return x


def inception_aux_v3(x, num_classes: int, name: str = "inception_aux_v3"):
    """Inception v3's auxiliary classifier on the 17x17 grid - 5x5 stride-3 average pooling, 1x1 and 5x5 convs, linear."""
    x = layers.AveragePooling2D(pool_size=(5, 5), strides=3, name=f"{name}_pool")(x)
    x = basic_conv2d(x, out_channels=128, kernel_size=1, name=f"{name}_conv0")
    x = basic_conv2d(x, out_channels=768, kernel_size=5, name=f"{name}_conv1")
    x = layers.GlobalAveragePooling2D(keepdims=True, name=f"{name}_avgpool")(x)
    x = layers.Flatten(name=f"{name}_flatten_1")(x)
    x = layers.Dense(num_classes, name=f"{name}_fc")(x)
    return x


def GoogLeNet(num_classes: int = 1000) -> keras.Model:
    """The Inception family: parallel branches of convolutions (and pooling) concatenated along channels, every
    convolution a conv + batch norm (eps 1e-3) + ReLU as torchvision writes it (BasicConv2d). Input (N, 224, 224,
    3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = basic_conv2d(inputs, out_channels=64, kernel_size=7, stride=2, padding=3, name="conv1")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="maxpool1")(x)
    x = basic_conv2d(x, out_channels=64, kernel_size=1, name="conv2")
    x = basic_conv2d(x, out_channels=192, kernel_size=3, padding=1, name="conv3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="maxpool2")(x)
    x = inception(x, ch1x1=64, ch3x3red=96, ch3x3=128, ch5x5red=16, ch5x5=32, pool_proj=32, name="inception3a")
    x = inception(x, ch1x1=128, ch3x3red=128, ch3x3=192, ch5x5red=32, ch5x5=96, pool_proj=64, name="inception3b")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="maxpool3")(x)
    x = inception(x, ch1x1=192, ch3x3red=96, ch3x3=208, ch5x5red=16, ch5x5=48, pool_proj=64, name="inception4a")
    x = inception(x, ch1x1=160, ch3x3red=112, ch3x3=224, ch5x5red=24, ch5x5=64, pool_proj=64, name="inception4b")
    x = inception(x, ch1x1=128, ch3x3red=128, ch3x3=256, ch5x5red=24, ch5x5=64, pool_proj=64, name="inception4c")
    x = inception(x, ch1x1=112, ch3x3red=144, ch3x3=288, ch5x5red=32, ch5x5=64, pool_proj=64, name="inception4d")
    x = inception(x, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128, name="inception4e")
    x = layers.MaxPool2D(pool_size=(2, 2), strides=2, name="maxpool4")(x)
    x = inception(x, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128, name="inception5a")
    x = inception(x, ch1x1=384, ch3x3red=192, ch3x3=384, ch5x5red=48, ch5x5=128, pool_proj=128, name="inception5b")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dropout(rate=0.2, name="dropout")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="GoogLeNet")


def GoogLeNetAux(num_classes: int = 1000) -> keras.Model:
    """GoogLeNet with its two auxiliary classifiers (on inception4a and inception4d) as torchvision builds it with
    aux_logits=True; they run in train mode only, their losses weighted 0.3 as in the paper. Input (N, 224, 224, 3),
    channels_last. Outputs [logits, aux2, aux1]: the auxiliary classifiers train; predict with the first.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = basic_conv2d(inputs, out_channels=64, kernel_size=7, stride=2, padding=3, name="conv1")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="maxpool1")(x)
    x = basic_conv2d(x, out_channels=64, kernel_size=1, name="conv2")
    x = basic_conv2d(x, out_channels=192, kernel_size=3, padding=1, name="conv3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="maxpool2")(x)
    x = inception(x, ch1x1=64, ch3x3red=96, ch3x3=128, ch5x5red=16, ch5x5=32, pool_proj=32, name="inception3a")
    x = inception(x, ch1x1=128, ch3x3red=128, ch3x3=192, ch5x5red=32, ch5x5=96, pool_proj=64, name="inception3b")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, padding="same", name="maxpool3")(x)
    x = inception(x, ch1x1=192, ch3x3red=96, ch3x3=208, ch5x5red=16, ch5x5=48, pool_proj=64, name="inception4a")
    aux1 = inception_aux(x, num_classes=num_classes, name="aux1")
    x = inception(x, ch1x1=160, ch3x3red=112, ch3x3=224, ch5x5red=24, ch5x5=64, pool_proj=64, name="inception4b")
    x = inception(x, ch1x1=128, ch3x3red=128, ch3x3=256, ch5x5red=24, ch5x5=64, pool_proj=64, name="inception4c")
    x = inception(x, ch1x1=112, ch3x3red=144, ch3x3=288, ch5x5red=32, ch5x5=64, pool_proj=64, name="inception4d")
    aux2 = inception_aux(x, num_classes=num_classes, name="aux2")
    x = inception(x, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128, name="inception4e")
    x = layers.MaxPool2D(pool_size=(2, 2), strides=2, name="maxpool4")(x)
    x = inception(x, ch1x1=256, ch3x3red=160, ch3x3=320, ch5x5red=32, ch5x5=128, pool_proj=128, name="inception5a")
    x = inception(x, ch1x1=384, ch3x3red=192, ch3x3=384, ch5x5red=48, ch5x5=128, pool_proj=128, name="inception5b")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dropout(rate=0.2, name="dropout")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, [x, aux2, aux1], name="GoogLeNetAux")


def BNInception(num_classes: int = 1000) -> keras.Model:
    """Inception v2 of the batch-normalisation paper (its Figure 5): GoogLeNet with batch norm after every convolution,
    each 5x5 replaced by two 3x3, and stride-2 modules (3c, 4e) in place of max pooling between stages. Input (N,
    224, 224, 3), channels_last.
    """
    inputs = keras.Input(shape=(224, 224, 3))
    x = basic_conv2d(inputs, out_channels=64, kernel_size=7, stride=2, padding=3, name="conv1")
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool1_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool1")(x)
    x = basic_conv2d(x, out_channels=64, kernel_size=1, name="conv2_reduce")
    x = basic_conv2d(x, out_channels=192, kernel_size=3, padding=1, name="conv2")
    x = layers.ZeroPadding2D(padding=((1, 0), (1, 0)), name="maxpool2_pad")(x)
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool2")(x)
    x = bninception_module(x, ch1x1=64, ch3x3red=64, ch3x3=64, dbl_red=64, dbl=96, pool_proj=32, name="inception3a")
    x = bninception_module(x, ch1x1=64, ch3x3red=64, ch3x3=96, dbl_red=64, dbl=96, pool_proj=64, name="inception3b")
    x = bninception_reduce(x, ch3x3red=128, ch3x3=160, dbl_red=64, dbl=96, name="inception3c")
    x = bninception_module(x, ch1x1=224, ch3x3red=64, ch3x3=96, dbl_red=96, dbl=128, pool_proj=128, name="inception4a")
    x = bninception_module(x, ch1x1=192, ch3x3red=96, ch3x3=128, dbl_red=96, dbl=128, pool_proj=128, name="inception4b")
    x = bninception_module(
        x, ch1x1=160, ch3x3red=128, ch3x3=160, dbl_red=128, dbl=160, pool_proj=128, name="inception4c"
    )
    x = bninception_module(
        x, ch1x1=96, ch3x3red=128, ch3x3=192, dbl_red=160, dbl=192, pool_proj=128, name="inception4d"
    )
    x = bninception_reduce(x, ch3x3red=128, ch3x3=192, dbl_red=192, dbl=256, name="inception4e")
    x = bninception_module(
        x, ch1x1=352, ch3x3red=192, ch3x3=320, dbl_red=160, dbl=224, pool_proj=128, name="inception5a"
    )
    x = bninception_module(
        x, ch1x1=352, ch3x3red=192, ch3x3=320, dbl_red=192, dbl=224, pool_proj=128, pool="max", name="inception5b"
    )
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="BNInception")


def Inception3(num_classes: int = 1000) -> keras.Model:
    """Inception v3 as torchvision lays it out (and paddle.vision without the auxiliary head): a 299x299 stem, three
    35x35 InceptionA, a grid reduction, four 17x17 InceptionC with factorised 7x7, a second reduction, two 8x8
    InceptionE, global average pooling, dropout and a linear classifier. Input (N, 299, 299, 3), channels_last.
    """
    inputs = keras.Input(shape=(299, 299, 3))
    x = basic_conv2d(inputs, out_channels=32, kernel_size=3, stride=2, name="Conv2d_1a_3x3")
    x = basic_conv2d(x, out_channels=32, kernel_size=3, name="Conv2d_2a_3x3")
    x = basic_conv2d(x, out_channels=64, kernel_size=3, padding=1, name="Conv2d_2b_3x3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool1")(x)
    x = basic_conv2d(x, out_channels=80, kernel_size=1, name="Conv2d_3b_1x1")
    x = basic_conv2d(x, out_channels=192, kernel_size=3, name="Conv2d_4a_3x3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool2")(x)
    x = inception_a(x, pool_features=32, name="Mixed_5b")
    x = inception_a(x, pool_features=64, name="Mixed_5c")
    x = inception_a(x, pool_features=64, name="Mixed_5d")
    x = inception_b(x, name="Mixed_6a")
    x = inception_c(x, channels_7x7=128, name="Mixed_6b")
    x = inception_c(x, channels_7x7=160, name="Mixed_6c")
    x = inception_c(x, channels_7x7=160, name="Mixed_6d")
    x = inception_c(x, channels_7x7=192, name="Mixed_6e")
    x = inception_d(x, name="Mixed_7a")
    x = inception_e(x, name="Mixed_7b")
    x = inception_e(x, name="Mixed_7c")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Dropout(rate=0.5, name="dropout")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, x, name="Inception3")


def Inception3Aux(num_classes: int = 1000) -> keras.Model:
    """Inception v3 with its auxiliary classifier on the 17x17 grid (torchvision's AuxLogits, aux_logits=True); it runs
    in train mode only, its loss weighted 0.4 as in torchvision's reference training recipe. Input (N, 299, 299, 3),
    channels_last. Outputs [logits, AuxLogits]: the auxiliary classifiers train; predict with the first.
    """
    inputs = keras.Input(shape=(299, 299, 3))
    x = basic_conv2d(inputs, out_channels=32, kernel_size=3, stride=2, name="Conv2d_1a_3x3")
    x = basic_conv2d(x, out_channels=32, kernel_size=3, name="Conv2d_2a_3x3")
    x = basic_conv2d(x, out_channels=64, kernel_size=3, padding=1, name="Conv2d_2b_3x3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool1")(x)
    x = basic_conv2d(x, out_channels=80, kernel_size=1, name="Conv2d_3b_1x1")
    x = basic_conv2d(x, out_channels=192, kernel_size=3, name="Conv2d_4a_3x3")
    x = layers.MaxPool2D(pool_size=(3, 3), strides=2, name="maxpool2")(x)
    x = inception_a(x, pool_features=32, name="Mixed_5b")
    x = inception_a(x, pool_features=64, name="Mixed_5c")
    x = inception_a(x, pool_features=64, name="Mixed_5d")
    x = inception_b(x, name="Mixed_6a")
    x = inception_c(x, channels_7x7=128, name="Mixed_6b")
    x = inception_c(x, channels_7x7=160, name="Mixed_6c")
    x = inception_c(x, channels_7x7=160, name="Mixed_6d")
    x = inception_c(x, channels_7x7=192, name="Mixed_6e")
    AuxLogits = inception_aux_v3(x, num_classes=num_classes, name="AuxLogits")
    x = inception_d(x, name="Mixed_7a")
    x = inception_e(x, name="Mixed_7b")
    x = inception_e(x, name="Mixed_7c")
    x = layers.GlobalAveragePooling2D(keepdims=True, name="avgpool")(x)
    x = layers.Dropout(rate=0.5, name="dropout")(x)
    x = layers.Flatten(name="flatten_1")(x)
    x = layers.Dense(num_classes, name="fc")(x)
    return keras.Model(inputs, [x, AuxLogits], name="Inception3Aux")
