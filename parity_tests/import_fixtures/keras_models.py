"""Keras models as users build them, for `rosetta import --from keras`: factories returning a built model. Layers
are named, as Keras' automatic names (conv2d_3, ...) count up across every model a process builds."""

import keras
from keras import layers


def lenet5() -> keras.Sequential:
    """Seed 001's Keras LeNet-5 (a Sequential of Conv2D, MaxPooling2D, Flatten and Dense layers)."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(6, 5, padding="same", activation="relu", name="c1"),
        layers.MaxPooling2D(2, name="s2"),
        layers.Conv2D(16, 5, activation="relu", name="c3"),
        layers.MaxPooling2D(2, name="s4"),
        layers.Flatten(name="flatten"),
        layers.Dense(120, activation="relu", name="c5"),
        layers.Dense(84, activation="relu", name="f6"),
        layers.Dense(10, activation="softmax", name="output"),
    ], name="lenet5")


def two_branches() -> keras.Model:
    """Functional: zero padding folded into a 'same' convolution, batch norm, two branches concatenated, zero
    padding counted by an average pool, a Flatten of a map feeding a Dense (its rows in H, W, C order), dropout."""
    inputs = keras.Input(shape=(16, 16, 3), name="image")
    x = layers.ZeroPadding2D(((1, 2), (1, 2)), name="stem_pad")(inputs)
    x = layers.Conv2D(8, 4, use_bias=False, name="stem")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-3, name="stem_bn")(x)
    x = layers.ReLU(name="stem_relu")(x)
    a = layers.Conv2D(4, 1, activation="relu", name="branch_a")(x)
    b = layers.Conv2D(4, 3, padding="same", activation="tanh", name="branch_b")(x)
    x = layers.Concatenate(name="joined")([a, b])
    x = layers.AveragePooling2D(3, strides=2, name="pool")(layers.ZeroPadding2D(1, name="pool_pad")(x))
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(16, activation="relu", name="hidden")(x)
    x = layers.Dropout(0.3, name="dropout")(x)
    return keras.Model(inputs, layers.Dense(5, name="logits")(x), name="two_branches")


def sum_written_with_plus() -> keras.Model:
    """Functional, with keras.ops on its tensors (keras.activations.relu, `x + y`), which Keras records as
    operations beside the layers; zero padding before a max pool of that relu's output is folded into the pool."""
    inputs = keras.Input(shape=(8, 8, 3))
    x = keras.activations.relu(layers.Conv2D(4, 3, padding="same", name="conv")(inputs))
    x = layers.MaxPooling2D(2, name="pool")(layers.ZeroPadding2D(1, name="pad")(x))
    x = x + layers.Conv2D(4, 4, name="shortcut")(inputs)
    return keras.Model(inputs, layers.Dense(3, name="fc")(layers.Flatten(name="flatten")(x)))


def constant_added_with_plus() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.Conv2D(4, 3, name="conv")(inputs) + 1.0)


def relu_to_four_as_a_function() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, keras.activations.relu(layers.Conv2D(4, 3, name="conv")(inputs), max_value=4.0))


def mobile_activations() -> keras.Model:
    """ReLU6, hard-swish and hard-sigmoid as keras.applications' MobileNets and keras-io write them: ReLU(6.0),
    relu with max_value=6, Activation("hard_swish") and "hard_sigmoid", a fused activation, and keras.ops calls;
    each of ReLU6's and hard-sigmoid's outputs is >= 0, so zero padding before a max pool of it is -inf padding."""
    inputs = keras.Input(shape=(10, 10, 3))
    x = layers.Conv2D(4, 3, activation="relu6", name="conv")(inputs)
    x = layers.MaxPooling2D(3, strides=1, name="pool_a")(layers.ZeroPadding2D(1, name="pad_a")(x))
    x = layers.ReLU(6.0, name="clip")(x)
    x = keras.activations.relu(x, max_value=6)
    x = layers.Activation("hard_swish", name="swish")(x)
    gate = layers.Activation("hard_sigmoid", name="gate")(x)
    gate = layers.MaxPooling2D(3, strides=1, name="pool_b")(layers.ZeroPadding2D(1, name="pad_b")(gate))
    x = layers.Multiply(name="gated")([x, gate])
    x = keras.ops.hard_sigmoid(keras.ops.relu6(keras.activations.relu(x)))
    x = keras.ops.hard_silu(layers.MaxPooling2D(3, strides=1, name="pool_c")(layers.ZeroPadding2D(1, name="pad_c")(x)))
    return keras.Model(inputs, layers.Dense(3, name="fc")(layers.Flatten(name="flat")(x)))


def hard_swish_padded_max_pool() -> keras.Model:
    """Hard-swish dips below zero (to -3/8): zero padding before a max pool of it is no -inf padding."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, _padded_max_pool_of(layers.Activation("hard_swish", name="swish")(inputs)))


def resnet50() -> keras.Model:
    return keras.applications.ResNet50(weights=None)


def leaky() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.LeakyReLU(0.1, name="act")(layers.Conv2D(4, 3, name="conv")(inputs)))


def dense_on_a_map() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.Dense(4, name="dense")(inputs))


def shared_layer() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 4))
    conv = layers.Conv2D(4, 3, padding="same", name="conv")
    return keras.Model(inputs, conv(layers.ReLU(name="relu")(conv(inputs))))


def shared_relu() -> keras.Model:
    """One ReLU layer called twice, as a subclassed model's `self.relu` often is: no weights to share."""
    inputs = keras.Input(shape=(8, 8, 3))
    relu = layers.ReLU(name="relu")
    return keras.Model(inputs, relu(layers.Conv2D(3, 3, name="conv")(relu(inputs))))


def asymmetric_padding() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    padded = layers.ZeroPadding2D(((0, 2), (0, 2)), name="pad")(inputs)
    return keras.Model(inputs, layers.Conv2D(4, 3, name="conv")(padded))


def padded_max_pool() -> keras.Model:
    """Zero padding before a max pool of values that may be negative: not the -inf padding a spec's pool has."""
    inputs = keras.Input(shape=(8, 8, 3))
    x = layers.ZeroPadding2D(1, name="pad")(layers.Conv2D(3, 1, name="conv")(inputs))
    return keras.Model(inputs, layers.MaxPooling2D(3, name="pool")(x))


def channels_last_forms() -> keras.Model:
    """Each way Keras spells what a spec can say: a map taller than wide, zero padding before max pools of a fused
    and a layer ReLU (the same as -inf padding there), batch and group norm with their axis as -1 and as 3, a
    concatenation along axis 3, an average pool of Keras' own 'same' padding (dividing by the cells it covers),
    and softmax with axis -1 and [-1]."""
    inputs = keras.Input(shape=(12, 20, 3))
    x = layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    x = layers.MaxPooling2D(3, strides=2, name="pool_a")(layers.ZeroPadding2D(1, name="pad_a")(x))
    x = layers.BatchNormalization(name="bn_last")(x)
    x = layers.Activation("relu", name="act")(x)
    x = layers.MaxPooling2D(3, strides=1, name="pool_b")(layers.ZeroPadding2D(1, name="pad_b")(x))
    x = layers.GroupNormalization(groups=2, name="gn_last")(x)
    a = layers.Conv2D(2, 1, name="branch_a")(x)
    b = layers.Conv2D(4, 3, padding="same", name="branch_b")(x)
    x = layers.Concatenate(axis=3, name="joined")([a, b])
    x = layers.BatchNormalization(axis=3, name="bn_3")(x)
    x = layers.GroupNormalization(groups=2, axis=3, name="gn_3")(x)
    x = layers.AveragePooling2D(3, strides=1, padding="same", name="pool_c")(x)
    x = layers.Softmax(name="probs_a")(layers.Dense(6, name="dense_a")(layers.Flatten(name="flatten")(x)))
    return keras.Model(inputs, layers.Softmax(axis=[-1], name="probs_b")(layers.Dense(4, name="dense_b")(x)))


def _padded_max_pool_of(x: keras.KerasTensor) -> keras.KerasTensor:
    return layers.MaxPooling2D(3, name="pool")(layers.ZeroPadding2D(1, name="pad")(x))


def conv_of_a_relu_padded_max_pool() -> keras.Model:
    """A convolution of a ReLU's output may be negative again."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, _padded_max_pool_of(layers.Conv2D(3, 1, name="conv")(layers.ReLU(name="relu")(inputs))))


def sum_with_a_signed_term_padded_max_pool() -> keras.Model:
    """A ReLU's output plus one that may be negative may be negative."""
    inputs = keras.Input(shape=(8, 8, 3))
    x = layers.Add(name="sum")([layers.ReLU(name="relu")(inputs), layers.Conv2D(3, 1, name="conv")(inputs)])
    return keras.Model(inputs, _padded_max_pool_of(x))


def batch_norm_over_height() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.BatchNormalization(axis=1, name="bn")(inputs))


def batch_norm_without_beta() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.BatchNormalization(center=False, name="bn")(inputs))


def group_norm_without_gamma() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 4))
    return keras.Model(inputs, layers.GroupNormalization(groups=2, scale=False, name="gn")(inputs))


def relu_to_four() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.ReLU(max_value=4.0, name="relu4")(inputs))


def spatial_dropout() -> keras.Model:
    """Drops whole channels: not a spec's dropout."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.SpatialDropout2D(0.2, name="drop")(layers.Conv2D(3, 1, name="conv")(inputs)))


class LocalResponseNorm(layers.Layer):
    """A user's layer named as Rosetta's rendered one, without the fields that say what it computes."""

    def __init__(self, size: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.size = size

    def call(self, x):
        return x


def unknown_local_response_norm() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, LocalResponseNorm(5, name="lrn")(inputs))


def returns_its_input() -> keras.Model:
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, [layers.Conv2D(3, 1, name="conv")(inputs), inputs])


class SubclassedLeNet(keras.Model):
    """The textbook's TensorFlow style: layers set in `__init__`, a `call`, no Input: built on its first call."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = layers.Conv2D(6, 5, padding="same", activation="sigmoid")
        self.pool1 = layers.AveragePooling2D(2)
        self.conv2 = layers.Conv2D(16, 5, activation="sigmoid")
        self.pool2 = layers.AveragePooling2D(2)
        self.flatten = layers.Flatten()
        self.fc1 = layers.Dense(120, activation="sigmoid")
        self.fc2 = layers.Dense(84, activation="sigmoid")
        self.fc3 = layers.Dense(10)

    def call(self, x):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        return self.fc3(self.fc2(self.fc1(self.flatten(x))))


class Residual(keras.Model):
    """The textbook's residual block in TensorFlow (at stride 1: torch renders 'same' padding only there): an
    optional 1x1 projection, `+=` and keras.activations.relu on the tensors, which Keras records as operations,
    not layers."""

    def __init__(self, channels: int, project: bool = False) -> None:
        super().__init__()
        self.conv1 = layers.Conv2D(channels, 3, padding="same")
        self.conv2 = layers.Conv2D(channels, 3, padding="same")
        self.conv3 = layers.Conv2D(channels, 1) if project else None
        self.bn1 = layers.BatchNormalization()
        self.bn2 = layers.BatchNormalization()

    def call(self, x):
        y = keras.activations.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        if self.conv3 is not None:
            x = self.conv3(x)
        y += x
        return keras.activations.relu(y)


class ResnetStage(layers.Layer):
    def __init__(self, channels: int, blocks: int, first: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.residuals = [Residual(channels, project=i == 0 and not first) for i in range(blocks)]

    def call(self, x):
        for residual in self.residuals:
            x = residual(x)
        return x


def resnet_without_input() -> keras.Sequential:
    """A Sequential without an Input whose stages are the user's own layers, holding the user's own blocks."""
    return keras.Sequential([
        layers.Conv2D(8, 3, padding="same"), layers.BatchNormalization(), layers.Activation("relu"),
        ResnetStage(8, 2, first=True), ResnetStage(16, 2),
        layers.GlobalAveragePooling2D(), layers.Dense(10)])


class SquareRootInCall(keras.Model):
    def __init__(self) -> None:
        super().__init__()
        self.conv = layers.Conv2D(4, 3)

    def call(self, x):
        return keras.ops.sqrt(keras.activations.relu(self.conv(x)))


class BranchOnAValueInCall(keras.Model):
    def __init__(self) -> None:
        super().__init__()
        self.conv = layers.Conv2D(4, 3)

    def call(self, x):
        if keras.ops.mean(x) > 0:
            return self.conv(x)
        return x


def problems_downstream_of_problems():
    """Each layer reads the one before, and none of them has a Rosetta op: all are named at once."""
    inputs = keras.Input((16, 16, 3))
    x = layers.LeakyReLU(name="act")(inputs)
    x = layers.SpatialDropout2D(0.1, name="drop")(x)
    x = layers.Dense(4, name="dense")(x)
    return keras.Model(inputs, x)


def depthwise_forms() -> keras.Model:
    """A depthwise convolution written both ways Keras users write one: DepthwiseConv2D (keras.applications'
    MobileNets; here with two outputs per channel) and Conv2D(groups=C) (keras.applications' ConvNeXt)."""
    inputs = keras.Input(shape=(8, 8, 4))
    x = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(inputs)
    x = layers.Conv2D(8, 3, groups=8, use_bias=False, name="grouped_dw")(x)
    return keras.Model(inputs, layers.Dense(3, name="fc")(layers.Flatten(name="flat")(x)))


def channel_splits_and_shuffles() -> keras.Model:
    """ShuffleNet v2's channel ops as Keras users write them: keras.ops.split into halves (along axis 3), a channel
    shuffle as Reshape, Permute and Reshape layers, and another as keras.ops reshape, transpose and reshape."""
    inputs = keras.Input(shape=(6, 6, 3))
    x = layers.Conv2D(8, 3, padding="same", name="conv")(inputs)
    x1, x2 = keras.ops.split(x, 2, axis=3)
    x = layers.Concatenate(name="concat")([x2, layers.ReLU(name="relu")(x1)])
    x = layers.Reshape((6, 6, 2, 4), name="grid")(x)
    x = layers.Permute((1, 2, 4, 3), name="swap")(x)
    x = layers.Reshape((6, 6, 8), name="shuffle")(x)
    x = keras.ops.reshape(keras.ops.transpose(keras.ops.reshape(x, (-1, 6, 6, 4, 2)), (0, 1, 2, 4, 3)),
                          (-1, 6, 6, 8))
    return keras.Model(inputs, layers.Dense(3, name="fc")(layers.Flatten(name="flat")(x)))


def split_into_unequal_parts() -> keras.Model:
    inputs = keras.Input(shape=(6, 6, 3))
    x = layers.Conv2D(6, 1, name="conv")(inputs)
    a, b = keras.ops.split(x, [2], axis=-1)
    return keras.Model(inputs, layers.Concatenate(name="concat")([b, a]))


def permute_that_is_no_shuffle() -> keras.Model:
    inputs = keras.Input(shape=(6, 6, 3))
    x = layers.Conv2D(6, 1, name="conv")(inputs)
    x = layers.Permute((1, 2, 4, 3), name="transpose")(layers.Reshape((6, 6, 2, 3), name="grid")(x))
    return keras.Model(inputs, layers.Reshape((6, 36), name="rows")(x))


def _grid_model(steps) -> keras.Model:
    """A 1x1 convolution to 6 channels, then `steps` on its (6, 6, 6) map."""
    inputs = keras.Input(shape=(6, 6, 3))
    return keras.Model(inputs, steps(layers.Conv2D(6, 1, name="conv")(inputs)))


def transpose_of_other_axes() -> keras.Model:
    return _grid_model(lambda x: keras.ops.reshape(keras.ops.transpose(
        keras.ops.reshape(x, (-1, 6, 6, 2, 3)), (0, 2, 1, 3, 4)), (-1, 6, 6, 6)))


def grid_read_twice() -> keras.Model:
    def steps(x):
        grid = layers.Reshape((6, 6, 2, 3), name="grid")(x)
        shuffled = layers.Reshape((6, 6, 6), name="back")(layers.Permute((1, 2, 4, 3), name="swap")(grid))
        return layers.Add(name="add")([shuffled, layers.Reshape((6, 6, 6), name="again")(grid)])
    return _grid_model(steps)


def grid_of_other_rows() -> keras.Model:
    return _grid_model(lambda x: layers.Reshape((6, 6, 6), name="back")(layers.Permute((1, 2, 4, 3), name="swap")(
        layers.Reshape((3, 12, 2, 3), name="grid")(x))))


def grid_through_a_relu() -> keras.Model:
    return _grid_model(lambda x: layers.Reshape((6, 6, 6), name="back")(layers.ReLU(name="relu")(
        layers.Reshape((6, 6, 2, 3), name="grid")(x))))


def keras_mobilenet() -> keras.Model:
    """keras.applications' MobileNet: 'same' convolutions at stride 2 (padded at the bottom and right), and a 1x1
    convolution as the classifier, reshaped to (classes,) and passed through Activation("linear")."""
    return keras.applications.MobileNet(weights=None, input_shape=(96, 96, 3), alpha=0.25, classifier_activation=None)


def keras_mobilenet_v3_small() -> keras.Model:
    """keras.applications' MobileNetV3Small without its Rescaling layer: hard-sigmoid written out as
    `layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)` in every squeeze-excite gate, hard-swish as Activation("hard_swish")."""
    return keras.applications.MobileNetV3Small(weights=None, input_shape=(96, 96, 3), include_preprocessing=False,
                                               classifier_activation=None)


def keras_mobilenet_v3_small_rescaled() -> keras.Model:
    return keras.applications.MobileNetV3Small(weights=None, input_shape=(96, 96, 3), classifier_activation=None)


def written_hard_sigmoids() -> keras.Model:
    """relu6(x + 3) / 6 written out: as keras.applications does, and as keras.ops calls with a quotient."""
    inputs = keras.Input(shape=(8, 8, 3))
    x = layers.Conv2D(4, 3, name="conv")(inputs)
    gate = layers.ReLU(6.0, name="clip")(x + 3.0) * (1.0 / 6.0)
    x = layers.Multiply(name="gated")([x, gate])
    x = keras.ops.relu6(x + 3.0) / 6.0
    x = layers.MaxPooling2D(3, strides=1, name="pool")(layers.ZeroPadding2D(1, name="pad")(x))  # >= 0: exact
    return keras.Model(inputs, layers.Dense(3, name="fc")(layers.Flatten(name="flat")(x)))


def relu6_of_a_shift_by_a_fifth() -> keras.Model:
    """relu6(x + 3) * 0.2 is no hard-sigmoid."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, layers.ReLU(6.0, name="clip")(layers.Conv2D(4, 3, name="conv")(inputs) + 3.0) * 0.2)


def keras_mobilenet_v3_small_of_any_size() -> keras.Model:
    return keras.applications.MobileNetV3Small(weights=None, include_preprocessing=False)


def relu_of_a_shift_over_six() -> keras.Model:
    """relu(x + 3) / 6, unclipped, is no hard-sigmoid."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, keras.activations.relu(layers.Conv2D(4, 3, name="conv")(inputs) + 3.0) * (1.0 / 6.0))


def relu6_of_a_shift_over_five() -> keras.Model:
    """relu6(x + 3) / 5 is no hard-sigmoid."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, keras.ops.relu6(layers.Conv2D(4, 3, name="conv")(inputs) + 3.0) / 5.0)


def relu6_of_a_product_over_six() -> keras.Model:
    """relu6(x * 3) / 6 is no hard-sigmoid."""
    inputs = keras.Input(shape=(8, 8, 3))
    return keras.Model(inputs, keras.ops.relu6(layers.Conv2D(4, 3, name="conv")(inputs) * 3.0) / 6.0)


def of_any_height() -> keras.Model:
    inputs = keras.Input(shape=(None, 8, 3))
    return keras.Model(inputs, layers.Conv2D(4, 3, name="conv")(inputs))
