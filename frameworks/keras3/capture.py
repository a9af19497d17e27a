"""A user's Keras model in the normal form (shared_specs/normal_form.py), from what Keras itself exposes: the layer
objects (their settings and output shapes) and `model.get_config()`'s inbound nodes for the edges (a Sequential's
layers are a chain). Keras is channels_last, so shapes are turned to C, H, W; a Flatten of a map feeds its Dense
in H, W, C order, which the canonical weights undo (canonical_to_keras' row permutation, inverted).

Keras records no source lines, so a problem is placed by its layer's name and class.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keras

from frameworks.base import path_spellings
from shared_specs.block_recovery import names_as_paths
from shared_specs.ir import INPUT
from shared_specs.normal_form import CaptureError, Layer, Problem, contributing, resolve, spelling

# the folder Keras is installed in, with TensorFlow and JAX beside it: frames there are not the user's
INSTALLED = path_spellings(Path(keras.__file__).parent.parent)
THIS_FILE = path_spellings(Path(__file__))
ACTIVATIONS = {"relu": "relu", "relu6": "relu6", "hard_silu": "hardswish", "hard_sigmoid": "hardsigmoid", "tanh": "tanh",
               "sigmoid": "sigmoid", "softmax": "softmax", "log_softmax": "log_softmax", "linear": None}
# the activations whose output is >= 0 whatever their input
NONNEGATIVE = ("relu", "relu6", "hardsigmoid")
# the keras.ops calls a functional graph records as operations, by their class: `x + y` is an Add
OPERATIONS = {"Add": "add", "Multiply": "multiply", "ReLU": "relu", "Relu": "relu", "Relu6": "relu6",
              "HardSilu": "hardswish", "HardSigmoid": "hardsigmoid", "Sigmoid": "sigmoid", "Tanh": "tanh"}
# ops whose output is >= 0 where every input is (a ReLU's output, say): zero padding before a max pool of it is
# the same as a spec's -inf padding
KEEP_SIGN = ("concat", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "dropout", "flatten", "add", "relu", "chunk",
             "channel_shuffle")


def _relu_op(relu: Any) -> str | None:
    """A Keras ReLU layer's or keras.ops relu's op: relu, relu6 at max_value=6, None with other settings."""
    max_value = getattr(relu, "max_value", None)
    if max_value not in (None, 6) or getattr(relu, "negative_slope", None) or getattr(relu, "threshold", None):
        return None
    return "relu" if max_value is None else "relu6"


def _relu_settings(relu: Any) -> str:
    """What a ReLU that is neither relu nor relu6 sets, for its message."""
    return (f"with max_value={relu.max_value}, negative_slope={relu.negative_slope}, threshold={relu.threshold}; "
            f"a spec's relu and relu6 take none but max_value=6")


def _history(value: Any) -> list[str]:
    """The names of the layers whose outputs a serialized call argument holds (`split:1` for the second output of
    an operation with several, keras.ops.split's)."""
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        name, _, index = value["config"]["keras_history"]
        return [f"{name}:{index}" if index else name]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _history(v)]
    if isinstance(value, (list, tuple)):
        return [n for v in value for n in _history(v)]
    return []


def _numbers(value: Any) -> list[float]:
    """The constants among a serialized call's arguments."""
    if isinstance(value, (list, tuple)):
        return [n for v in value for n in _numbers(v)]
    return [float(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def edges(model: keras.Model) -> tuple[dict[str, list[str] | None], dict[str, list[float]]]:
    """Each layer's input layers, by name (None: called more than once), and each keras.ops call's constant
    arguments (`x + 3.0` records 3.0 beside x), read from one `get_config()`."""
    if isinstance(model, keras.Sequential):
        names = [layer.name for layer in model.layers]
        return {name: [names[i - 1] if i else INPUT] for i, name in enumerate(names)}, {}
    inputs, constants = {}, {}
    for entry in model.get_config()["layers"]:
        nodes = entry.get("inbound_nodes") or []
        if len(nodes) > 1:
            inputs[entry["name"]] = None  # called more than once: shared weights
        else:
            inputs[entry["name"]] = _history(nodes[0]["args"]) if nodes else []
            constants[entry["name"]] = _numbers(nodes[0]["args"]) if nodes else []
    return inputs, constants


def _reshapes(op: Any) -> bool:
    """A Reshape layer or a keras.ops.reshape call (both classes are named Reshape)."""
    return type(op).__name__ == "Reshape"


def _swaps_the_last_two_axes(op: Any) -> bool:
    """A Permute((1, 2, 4, 3)) layer or a keras.ops.transpose(x, (0, 1, 2, 4, 3)) call."""
    if isinstance(op, keras.layers.Permute):
        return tuple(op.dims) == (1, 2, 4, 3)
    return type(op).__name__ == "Transpose" and tuple(getattr(op, "axes", None) or ()) == (0, 1, 2, 4, 3)


def _chw(shape: tuple) -> tuple[int, ...]:
    shape = tuple(int(d) for d in shape[1:])
    return (shape[2], shape[0], shape[1]) if len(shape) == 3 else shape


class Capture:
    def __init__(self, model: keras.Model) -> None:
        self.model = model
        self.layers: list[Layer] = []
        self.problems: list[Problem] = []
        self.values: dict[str, str | None] = {}  # Keras layer name -> normal-form name of its output
        self.pads: dict[str, tuple[int, int, int, int]] = {}  # a ZeroPadding2D's name -> (top, bottom, left, right)
        self.nonnegative: set[str] = set()  # normal-form names of outputs known >= 0 (after a ReLU)
        self.inputs, self.constants = edges(model)  # each layer's input layers, each keras.ops call's constants
        operations = model.layers if isinstance(model, keras.Sequential) else model.operations
        self.operations = {op.name: op for op in operations}
        # chains of calls that are one op: the last call's name -> (op, fields), and the calls before it, which pass
        # their input on (a Reshape-Permute-Reshape channel shuffle, keras.applications' relu6(x + 3) * (1 / 6))
        self.chain_ends: dict[str, tuple[str, dict]] = {}
        self.inside_chains: set[str] = set()

    def problem(self, layer: keras.layers.Layer, what: str) -> None:
        self.problems.append(Problem(what, layer.name, f"layer '{layer.name}' ({type(layer).__name__})"))

    def add(self, layer: keras.layers.Layer, op: str, attrs: dict, inputs: list[str], name: str | None = None,
            source: str = "", output: int = 0) -> str:
        in_shape = self.shape_of(inputs[0])
        layer_name = name or layer.name
        outputs = layer.output if isinstance(layer.output, (list, tuple)) else [layer.output]
        node = Layer(layer_name, op, resolve(op, attrs, in_shape), tuple(inputs), _chw(outputs[output].shape), source,
                     f"keras.layers.{type(layer).__name__} '{layer.name}'", in_shape=in_shape)
        self.layers.append(node)
        if op in KEEP_SIGN and all(i in self.nonnegative for i in inputs):
            self.nonnegative.add(layer_name)
        return layer_name

    def stand_in(self, layer: Any, k: int) -> str:
        """A value of the shape `layer`'s k-th input has, where a problem stopped that input: what the layer does
        with it is checked, and the capture fails on the problems anyway."""
        inputs = layer.input if isinstance(layer.input, (list, tuple)) else [layer.input]
        name = f"stopped{len(self.layers)}"
        self.layers.append(Layer(name, "stopped", {}, (), _chw(inputs[k].shape)))
        return name

    def shape_of(self, name: str) -> tuple[int, ...]:
        if name == INPUT:
            return _chw(self.model.inputs[0].shape)
        return next(x.shape for x in reversed(self.layers) if x.name == name)

    def activation(self, layer: keras.layers.Layer, name: str, after: str) -> str:
        """A fused Keras activation as a node of its own (the spec folds it back)."""
        activation = getattr(layer, "activation", None)
        key = getattr(activation, "__name__", None)
        if key not in ACTIVATIONS:
            self.problem(layer, f"activation '{key}' has no Rosetta op")
            return after
        if ACTIVATIONS[key] is None:
            return after
        node = Layer(f"{name}_{key}", ACTIVATIONS[key], {}, (after,), self.shape_of(after), "",
                     f"keras.layers.{type(layer).__name__} '{layer.name}' activation")
        self.layers.append(node)
        if node.op in NONNEGATIVE:
            self.nonnegative.add(node.name)
        return node.name

    def run(self) -> list[Layer]:
        # a functional model's operations hold its layers and its keras.ops calls on symbolic tensors (`x + y`)
        for layer in self.model.layers if isinstance(self.model, keras.Sequential) else self.model.operations:
            sources = self.inputs.get(layer.name, [])
            if sources is None:
                self.problem(layer, "is called more than once: its weights would be shared between two places"
                             if layer.weights else "is called more than once; a spec's row is one call: give each "
                             "call a layer of its own")
                self.values[layer.name] = None
                continue
            if isinstance(layer, keras.layers.InputLayer):
                self.values[layer.name] = INPUT
                continue
            args = [self.values.get(s, INPUT) for s in sources] or [INPUT]
            stopped = None in args  # downstream of a value a problem stopped: its own problems are still named
            args = [self.stand_in(layer, k) if a is None else a for k, a in enumerate(args)]
            is_layer = isinstance(layer, keras.layers.Layer)
            value = self.layer(layer, args) if is_layer else self.operation(layer, args)
            self.values[layer.name] = None if stopped else value
        returned = [self.values.get(f"{op.name}:{index}" if index else op.name)
                    for op, _, index in (tensor._keras_history for tensor in self.model.outputs)]
        if not self.problems and any(value in (None, INPUT) for value in returned):
            self.problems.append(Problem("returns something that is not a layer's output", "", "model"))
        if self.problems:
            raise CaptureError(self.problems)
        return contributing(self.layers, returned[0], returned[1:])

    def only_consumer(self, name: str) -> Any:
        """The one operation that reads `name`'s output, if only one does."""
        readers = [reader for reader, sources in self.inputs.items() if sources and name in sources]
        return self.operations.get(readers[0]) if len(readers) == 1 and self.inputs[readers[0]] == [name] else None

    def opens_a_shuffle(self, op: Any, x: str) -> bool:
        """Whether a reshape of (H, W, C) to (H, W, groups, C / groups) is the first of a channel shuffle written as
        Reshape, Permute, Reshape (or keras.ops reshape, transpose, reshape): each step the only reader of the one
        before, the last back to (H, W, C)."""
        shape = self.shape_of(x)
        if not _reshapes(op) or len(shape) != 3:
            return False
        c, h, w = shape
        grid = tuple(int(d) for d in op.output.shape[1:])
        if len(grid) != 4 or grid[:2] != (h, w) or grid[2] * grid[3] != c:
            return False
        swap = self.only_consumer(op.name)
        back = self.only_consumer(swap.name) if swap is not None and _swaps_the_last_two_axes(swap) else None
        if back is None or not _reshapes(back) or tuple(int(d) for d in back.output.shape[1:]) != (h, w, c):
            return False
        self.chain_ends[back.name] = ("channel_shuffle", {"groups": grid[2]})
        self.inside_chains.add(swap.name)
        return True

    def opens_a_hard_sigmoid(self, op: Any) -> bool:
        """Whether `x + 3` is the first of relu6(x + 3) / 6 written out, as keras.applications' MobileNetV3 writes
        its gates (`layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)`): a ReLU with max_value 6 its only reader, a product
        by 1/6 (or a quotient by 6) the ReLU's."""
        if type(op).__name__ != "Add" or self.constants.get(op.name) != [3.0]:
            return False
        relu = self.only_consumer(op.name)
        if relu is None or not (type(relu).__name__ == "Relu6" or type(relu).__name__ == "ReLU" and
                                _relu_op(relu) == "relu6"):
            return False
        scale = self.only_consumer(relu.name)
        by = self.constants.get(scale.name) if scale is not None else None
        if not (type(scale).__name__ == "Multiply" and by == [1 / 6]
                or type(scale).__name__ in ("Divide", "TrueDivide") and by == [6.0]):
            return False
        self.chain_ends[scale.name] = ("hardsigmoid", {})
        self.inside_chains.add(relu.name)
        return True

    def chain_step(self, op: Any, x: str) -> str | None:
        """The value of a call that is a step of a chain that is one op (None: it is not): the calls before the last
        pass their input on, the last is the op of it."""
        if op.name in self.inside_chains or self.opens_a_shuffle(op, x) or self.opens_a_hard_sigmoid(op):
            return x
        if op.name in self.chain_ends:
            kind, fields = self.chain_ends[op.name]
            out = self.add(op, kind, fields, [x])
            if kind in NONNEGATIVE:
                self.nonnegative.add(out)
            return out
        return None

    def split(self, op: Any, x: str) -> str | None:
        """keras.ops.split of the channels into equal parts: a chunk per part, the first the operation's value and
        the others `split:1`, `split:2`, ..., as the graph names them."""
        parts, shape = op.indices_or_sections, self.shape_of(x)
        if not isinstance(parts, int) or op.axis not in (-1, 3) or len(shape) != 3 or shape[0] % parts:
            self.problem(op, "keras.ops split other than into equal parts along the channels of a map; a spec's "
                         "chunk cuts the channels (axis -1) into equal parts")
            return None
        names = [self.add(op, "chunk", {"chunks": parts, "index": k}, [x], name=f"{op.name}_part{k}", output=k)
                 for k in range(parts)]
        self.values.update({f"{op.name}:{k}": name for k, name in enumerate(names) if k})
        return names[0]

    def layer(self, layer: keras.layers.Layer, args: list[str]) -> str | None:
        L = keras.layers
        x = args[0]
        if (chained := self.chain_step(layer, x)) is not None:
            return chained
        if getattr(layer, "data_format", "channels_last") != "channels_last":
            self.problem(layer, "data_format='channels_first'; Keras models here are channels_last")
            return None
        if isinstance(layer, L.ZeroPadding2D):
            (top, bottom), (left, right) = layer.padding
            self.pads[layer.name] = (top, bottom, left, right)
            return x
        pad = self.pads.get(self.source_name(layer))
        if isinstance(layer, L.DepthwiseConv2D) or (isinstance(layer, L.Conv2D)
                                                    and not isinstance(layer, L.Conv2DTranspose)):
            padding = pad if pad else layer.padding
            if pad and layer.padding != "valid":
                self.problem(layer, "zero padding before a convolution that pads itself")
                return None
            channels = self.shape_of(x)[0]  # a depthwise convolution: one group per channel, depth_multiplier each
            filters, groups = ((channels * layer.depth_multiplier, channels) if isinstance(layer, L.DepthwiseConv2D)
                               else (layer.filters, layer.groups))
            out = self.add(layer, "conv2d", {"out_channels": filters, "kernel_size": list(layer.kernel_size),
                                              "stride": list(layer.strides), "padding": padding,
                                              "dilation": list(layer.dilation_rate), "groups": groups,
                                              "bias": layer.use_bias}, [x], source=layer.name)
            if pad and spelling(self.layers[-1], self.shape_of(x)) is None:
                self.problem(layer, f"asymmetric padding {list(pad)} (top, bottom, left, right) before it that is "
                             f"not 'same'")
            return self.activation(layer, out, out)
        if isinstance(layer, L.Dense):
            if len(self.shape_of(x)) != 1:
                self.problem(layer, "a Dense on a map (it acts on the last axis); flatten first")
                return None
            out = self.add(layer, "linear", {"out_features": layer.units, "bias": layer.use_bias}, [x],
                           source=layer.name)
            return self.activation(layer, out, out)
        if isinstance(layer, L.BatchNormalization):
            if layer.axis not in (-1, 3) or not (layer.center and layer.scale):
                self.problem(layer, "batch norm over another axis than the channels, or without gamma and beta")
                return None
            momentum = round(1 - layer.momentum, 12)  # mutation survivor: 12 or 13 digits both undo 1 - m's rounding
            return self.add(layer, "batch_norm", {"eps": layer.epsilon, "momentum": momentum}, [x], source=layer.name)
        if type(layer).__name__ == "LocalResponseNorm" and all(
                hasattr(layer, field) for field in ("size", "alpha", "beta", "k")):
            return self.add(layer, "local_response_norm", {"size": layer.size, "alpha": layer.alpha,
                                                           "beta": layer.beta, "k": layer.k}, [x])
        if isinstance(layer, L.GroupNormalization):
            if layer.axis not in (-1, 3) or not (layer.center and layer.scale):
                self.problem(layer, "group norm over another axis than the channels, or without gamma and beta")
                return None
            return self.add(layer, "group_norm", {"groups": layer.groups, "eps": layer.epsilon}, [x], source=layer.name)
        if isinstance(layer, (L.MaxPooling2D, L.AveragePooling2D)):
            return self.pool(layer, x, pad)
        if isinstance(layer, L.AdaptiveAveragePooling2D):
            return self.add(layer, "adaptive_avg_pool2d", {"output_size": list(layer.output_size)}, [x])
        if isinstance(layer, L.GlobalAveragePooling2D):
            pooled = self.add(layer, "adaptive_avg_pool2d", {"output_size": 1}, [x], name=f"{layer.name}_pool")
            self.layers[-1].shape = (self.shape_of(x)[0], 1, 1)
            return pooled if layer.keepdims else self.add(layer, "flatten", {}, [pooled])
        if isinstance(layer, L.Flatten) or isinstance(layer, L.Reshape) and len(layer.target_shape) == 1:
            # a Reshape to one axis is a Flatten (keras.applications' MobileNet ends in Reshape((classes,)))
            return self.add(layer, "flatten", {}, [x]) if len(self.shape_of(x)) == 3 else x
        if type(layer) is L.Dropout:  # not its spatial subclasses, which drop whole channels
            return self.add(layer, "dropout", {"p": layer.rate}, [x])
        if isinstance(layer, L.Activation):
            key = getattr(layer.activation, "__name__", None)
            if key == "linear":  # the identity (keras.applications' `classifier_activation=None`)
                return x
            if ACTIVATIONS.get(key) is None:
                self.problem(layer, f"activation '{key}' has no Rosetta op")
                return None
            out = self.add(layer, ACTIVATIONS[key], {}, [x])
            if ACTIVATIONS[key] in NONNEGATIVE:
                self.nonnegative.add(out)
            return out
        if isinstance(layer, L.ReLU):
            op = _relu_op(layer)
            if op is None:
                self.problem(layer, f"ReLU {_relu_settings(layer)}")
                return None
            out = self.add(layer, op, {}, [x])
            self.nonnegative.add(out)
            return out
        if isinstance(layer, L.Softmax):
            return self.add(layer, "softmax", {}, [x]) if layer.axis in (-1, [-1]) else self.problem(
                layer, "softmax over another axis than the channels")
        if isinstance(layer, L.Add):
            return self.add(layer, "add", {}, args)
        if isinstance(layer, L.Multiply):
            return self.add(layer, "multiply", {}, args)
        if isinstance(layer, L.Concatenate):
            if layer.axis not in (-1, 3):
                self.problem(layer, f"concatenates along axis {layer.axis}; a spec concatenates channels")
                return None
            return self.add(layer, "concat", {}, args)
        hint = ("; a spec's model takes its input scaled (keras.applications: include_preprocessing=False)"
                if isinstance(layer, (L.Rescaling, L.Normalization)) else "")
        self.problem(layer, f"keras.layers.{type(layer).__name__} has no Rosetta op{hint}")
        return None

    def operation(self, op: Any, args: list[str]) -> str | None:
        """A keras.ops call on the model's symbolic tensors, which Keras records as an operation, not a layer:
        `x + y`, `keras.ops.multiply(x, y)`, `keras.activations.relu(x)`."""
        kind = type(op).__name__
        name = OPERATIONS.get(kind)
        if (chained := self.chain_step(op, args[0])) is not None:
            return chained
        if kind == "Split":
            return self.split(op, args[0])
        if name is None:
            self.problem(op, f"keras.ops {kind} has no Rosetta op")
            return None
        if len(args) != (2 if name in ("add", "multiply") else 1) or len({self.shape_of(a) for a in args}) != 1:
            self.problem(op, f"keras.ops {kind} of a constant, or of tensors of two shapes; a spec's {name} takes "
                         f"layers' outputs of one shape")
            return None
        if name == "relu" and _relu_op(op) is None:
            self.problem(op, f"relu {_relu_settings(op)}")
            return None
        out = self.add(op, _relu_op(op) if name == "relu" else name, {}, args)
        if name in NONNEGATIVE:
            self.nonnegative.add(out)
        return out

    def source_name(self, layer: keras.layers.Layer) -> str:
        sources = self.inputs.get(layer.name) or []
        return sources[0] if sources else ""

    def pool(self, layer: keras.layers.Layer, x: str, pad: tuple[int, int, int, int] | None) -> str | None:
        is_max = isinstance(layer, keras.layers.MaxPooling2D)
        attrs = {"kernel_size": list(layer.pool_size), "stride": list(layer.strides), "padding": layer.padding}
        if pad and (layer.padding != "valid" or (is_max and x not in self.nonnegative)):
            self.problem(layer, "zero padding before a max pool whose input may be negative (a spec pads a max "
                         "pool with -inf: the same only after a ReLU), or before a pool that pads itself")
            return None
        if pad:
            attrs["padding"] = pad
        if not is_max:  # zeros padded first count in the divisor; Keras' own 'same' divides by the cells covered
            attrs["count_include_pad"] = bool(pad)
        out = self.add(layer, "max_pool2d" if is_max else "avg_pool2d", attrs, [x])
        if spelling(self.layers[-1], self.shape_of(x)) is None:
            self.problem(layer, f"asymmetric padding {list(self.layers[-1].attrs['padding'])} that is not 'same'")
        return out


def capture(model: keras.Model) -> list[Layer]:
    """The normal form of a built Keras model, its outputs after the first as auxiliary outputs (a Keras model
    returns its auxiliary classifiers' logits in inference too); or a CaptureError with every problem."""
    if len(model.inputs) != 1:
        raise CaptureError([Problem("has several inputs; a spec has one", "", "model")])
    layers = Capture(model).run()
    names_as_paths(layers)  # Keras keeps no module tree: its layer names say where the blocks are
    return layers


def model_input_shape(model: keras.Model) -> tuple[int, ...] | None:
    """The model's own input shape as C, H, W; None for a model with no graph yet (a subclassed model, or a
    Sequential without an Input, built on its first call)."""
    try:
        inputs = model.inputs
    except AttributeError:  # Keras' answer for a model that has no graph
        return None
    if None in inputs[0].shape[1:]:
        raise CaptureError([Problem(f"takes inputs of any size {tuple(inputs[0].shape)}; a spec's input has one: "
                                    f"build it with input_shape=(height, width, channels)", "", "model")])
    return _chw(inputs[0].shape)


def functional(model: keras.Model, input_shape: tuple[int, ...]) -> keras.Model:
    """`model` where it has a graph; else (layers set in `__init__`, a `call`, built on first call) the functional
    model its `call` makes of those same layers at `input_shape` (C, H, W): Keras records the layers a subclassed
    model calls only when they are called on a symbolic input."""
    if model_input_shape(model) is not None:
        return model
    channels, height, width = input_shape
    inputs = keras.Input(shape=(height, width, channels))
    try:
        inner = model._flatten_layers(include_self=False)  # mutation survivor: .call, not __call__, runs the model
        with _inlined([type(layer) for layer in inner]):
            outputs = model.call(inputs)
        captured = keras.Model(inputs, outputs, name=model.name)
        # built, as Keras wants before a weights file is read
        model(keras.ops.zeros((1, height, width, channels)))  # pragma: no mutate: any batch builds it
        return captured
    except Exception as exc:  # noqa: BLE001 - a call raises whatever the user's code raises on a symbolic input
        why = " ".join(str(exc).split())[:200] or "(no message)"  # mutation survivor: a message's length
        raise CaptureError([Problem(f"{type(model).__name__}.call on a symbolic input stopped: "
                                    f"{type(exc).__name__}: {why}", "", _user_line(exc))]) from None


@contextmanager
def _inlined(classes: list[type]) -> Iterator[None]:
    """Calls of the user's own layer classes (a residual block's) run their `call` in place, so that the Keras
    layers inside become nodes of the graph, not one opaque node; not those with a `__call__` of their own, nor a
    LocalResponseNorm, which the capture reads by its fields."""
    own = {cls for cls in classes if not cls.__module__.startswith(("keras.", "tensorflow.", "tf_keras."))
           and "__call__" not in vars(cls) and cls.__name__ != "LocalResponseNorm"}
    for cls in own:
        cls.__call__ = _call_in_place
    try:
        yield
    finally:
        for cls in own:
            del cls.__call__


def _call_in_place(layer: keras.layers.Layer, *args: Any, **kwargs: Any) -> Any:
    return layer.call(*args, **kwargs)


def _user_line(exc: Exception) -> str:
    """file:line of the innermost frame of the traceback outside the installed packages and this file: the
    user's line."""
    outside = [frame for frame in traceback.extract_tb(exc.__traceback__)
               if not frame.filename.startswith(INSTALLED) and frame.filename not in THIS_FILE]
    return f"{Path(outside[-1].filename).name}:{outside[-1].lineno}" if outside else "call"

