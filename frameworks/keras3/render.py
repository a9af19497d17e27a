"""Keras 3 rendering: `keras.Sequential` for a chain (the seed 001 listing's style), the functional
API where the spec branches, and one builder function per block with predictable layer names
(keras.applications' style). Only the `keras` namespace, so any backend runs it.

Data are channels_last (NHWC); the weight adapter maps canonical NCHW layouts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from shared_specs.ir import INPUT, Model, Node
from shared_specs.loader import GROUP
from shared_specs.ops import OPS, pair, resolve_padding, window_out

from ..codegen import (
    ACTIVATION_ARGUMENT,
    OpName,
    RenderError,
    Src,
    Step,
    argument_parameters,
    block_parameters,
    block_steps,
    class_groups,
    docstring,
    fmt,
    format_source,
    forward_lines,
    generated_header,
    indent,
    model_steps,
    requirement_lines,
    shape_comment,
    snake,
    with_helpers,
)
from ..family import builder_function, class_signature, family_steps
from ..spelling import part

NONNEGATIVE = {"relu", "relu6", "hardsigmoid", "sigmoid", "softmax"}
# Keras' names for the spec's activations where they differ (its hard_sigmoid is relu6(x + 3) / 6, as the spec's)
KERAS_ACTIVATIONS = {"hardswish": "hard_swish", "hardsigmoid": "hard_sigmoid"}


def layer_name(path: str) -> str:
    """The Keras layer name of a spec node path: dots become underscores (keras.applications' style,
    e.g. layer1_0_conv1), because Keras' torch backend tracks variables in a torch ParameterDict,
    whose keys may not contain a dot."""
    return path.replace(".", "_")


class KerasRenderer:
    framework = "keras"

    def __init__(self) -> None:
        self.graph: _Graph | None = None  # the model being rendered, for the non-negativity proofs
        self.layer_names: set[str] = set()  # every layer name of the file being rendered
        # a sequential block's rows after one a condition may switch off: their number as source, counted over the
        # rows present (torch's nn.Sequential(*layers) numbering)
        self.numbers: dict[str, str] = {}

    # ---------------------------------------------------------------- layer spellings
    def fail(self, owner: str, step: Step, why: str) -> RenderError:
        return RenderError(self.framework, owner, step.name, step.op, why)

    def layer_name(self, step: Step, scoped: bool, suffix: str = "") -> str:
        number = self.numbers.get(step.name, step.name)
        return f'name=f"{{name}}_{number}{suffix}"' if scoped else f'name="{step.name}{suffix}"'

    def layers_for(self, step: Step, owner: str, scoped: bool) -> list[str]:
        """Layer constructors applied in sequence for one step (a padding layer may come first)."""
        if step.op not in LAYERS:
            raise self.fail(owner, step, "Keras has no layer for this op")
        return LAYERS[step.op](self, step, owner, scoped)

    def conv_padding(self, step: Step, owner: str, scoped: bool) -> tuple[str, list[str]]:
        padding = step.fields["padding"]
        if padding in ("valid", "same", 0):
            return ("valid" if padding == 0 else padding), []
        if step.instances and all(_explicit_is_same(n) for n in step.instances):
            return "same", []  # stride 1, odd kernel, symmetric (k-1)/2 padding: identical
        return "valid", [f"layers.ZeroPadding2D(padding={_pair_src(padding)}, "
                         f"{self.layer_name(step, scoped, '_pad')})"]

    def pool_padding(self, step: Step, owner: str, scoped: bool) -> tuple[str, list[str]]:
        """Keras pools have no explicit padding and no ceil_mode: map each to an exact equivalent or refuse."""
        f = step.fields
        if f["padding"] == "same":
            if step.op == "avg_pool2d" and f["count_include_pad"]:
                raise self.fail(owner, step, "Keras 'same' average pooling excludes padding; set count_include_pad: false")
            return "same", []
        plans = {_pool_plan(n, self.nonnegative(n)) for n in step.instances}
        if len(plans) != 1 or None in plans:
            raise self.fail(owner, step, "this padding/ceil_mode has no exact Keras equivalent for every instance "
                                         "(max pooling over padding needs a non-negative input)")
        plan = plans.pop()
        if plan in ("valid", "same"):
            return plan, []
        return "valid", [f"layers.ZeroPadding2D(padding={plan}, {self.layer_name(step, scoped, '_pad')})"]

    def nonnegative(self, node: Node) -> bool:
        """Whether a node's input is provably >= 0 (made by relu, sigmoid or softmax, through pooling,
        concatenation, sums and blocks that keep the sign)."""
        return self.graph.nonnegative(self.graph.source(node, node.inputs[0]))

    # ---------------------------------------------------------------- scopes
    def call(self, owner: str, scoped: bool):
        def make(step: Step, args: list[str]) -> list[str]:
            if step.op == "repeat":
                return [self.block_call(child, "{x}" if i else args[0], scoped)
                        for i, child in enumerate(step.children)]
            if step.op not in OPS and step.op not in LAYERS:
                return [self.block_call(step, args[0], scoped)]
            if step.op in FUNCTIONS:
                return [FUNCTIONS[step.op](self, step, args[0], scoped)]
            arg = args[0] if len(args) == 1 else f"[{', '.join(args)}]"
            built = self.layers_for(step, owner, scoped)
            return [f"{built[0]}({arg})"] + [f"{layer}({{x}})" for layer in built[1:]]
        return make

    def block_call(self, step: Step, arg: str, scoped: bool) -> str:
        args = [arg] + [f"{k}={_value(v)}" for k, v in step.fields.items()]
        if scoped:
            name = f'name=f"{{name}}_{self.numbers.get(step.name, step.name)}"'
        else:
            name = f'name="{layer_name(step.instances[0].path)}"' if step.instances else f'name="{step.name}"'
        return f"{self.function(step.op)}({', '.join(args + [name])})"

    def loop(self, owner: str):
        """A repeat whose count is a class parameter: a `for` loop over `i`, layers named by the index."""
        def make(step: Step, target: str, arg: str) -> list[str]:
            child = step.children[0]
            if step.numbered_from is not None:  # instances of a numbered group: features_2, features_3, ...
                prefix = step.name.rsplit("_", 1)[0]
                index = f"{{i + {step.numbered_from}}}" if step.numbered_from != 0 else "{i}"
            else:
                prefix = layer_name(step.instances[0].path)
                names = step.instances[0].template.repeat_names
                index = f"{names}{{i + 1}}" if names else "{i}"
            args = [target] + [f"{k}={_value(v)}" for k, v in child.fields.items()] + [f'name=f"{prefix}_{index}"']
            head = [f"{target} = {arg}"] if target != arg else []
            return [*head, f"for i in range({step.fields['count']}):",
                    f"    {target} = {self.function(child.op)}({', '.join(args)})"]
        return make

    def conditional(self, owner: str):
        def make(step: Step, target: str, args: list[str]) -> list[str]:
            first, *rest = self.call(owner, scoped=True)(step, args)
            arg = args[0]  # what passes on when the condition is false
            head = [f"{target} = {arg}"] if target != arg else []
            return [*head, f"if {step.condition}:", f"    {target} = {first}",
                    *(f"    {target} = {expr.replace('{x}', target)}" for expr in rest)]
        return make

    def render_block(self, model: Model, block_name: str) -> list[str]:
        block = model.blocks[block_name]
        steps = block_steps(model, block)
        owner = f"block {block_name}"
        self.numbers = _numbers(steps) if block.sequential else {}
        body, out_var = forward_lines(steps, block.output, self.call(owner, True), self.conditional(owner))
        self.numbers = {}
        uses_in_channels = any("in_channels" in line for line in body)
        args = block_parameters(block, lambda op: ("str", _value(OpName(op))), with_in_channels=False)
        head = requirement_lines(block) + (["in_channels = x.shape[-1]"] if uses_in_channels else [])
        return [
            f"def {self.function(block_name)}(x, {', '.join(args + ['name: str = ' + repr(snake(block_name))])}):",
            *indent([*docstring(block.doc or block_name, 1), *head, *body, f"return {out_var}"]),
        ]

    def render_model(self, model: Model, function: str, steps: list[Step] | None = None,
                     signature: list[str] | None = None) -> list[str]:
        """A builder function for `model`; with `steps` and `signature`, the function of a parametrised family."""
        steps, output = _expand_groups(steps or model_steps(model), model.output)
        owner = f"model {model.name}"
        c, h, w = model.input_shape
        if signature is None:
            signature = argument_parameters(model)
        outputs = f" Outputs [{', '.join(['logits', *model.aux])}]: the auxiliary classifiers train; predict with the first." \
            if model.aux else ""
        doc = docstring(f"{model.description.rstrip('.')}. Input (N, {h}, {w}, {c}), channels_last.{outputs}", 1)
        if _is_chain(steps, output):
            entries = [f"keras.Input(shape=({h}, {w}, {c})),"]
            for step in steps:
                built = self.layers_for(step, owner, scoped=False)
                entries += [f"{layer}," for layer in built[:-1]]
                entries.append(f"{built[-1]},  {shape_comment(step.instances[0], channels_last=True)}")
            return [f"def {function}({', '.join(signature)}) -> keras.Sequential:",
                    *indent([*doc, "return keras.Sequential(", *indent(["[", *indent(entries), "],",
                                                                       f'name="{function}",']), ")"])]
        body, out_var = forward_lines(steps, output, self.call(owner, False), self.conditional(owner),
                                      input_src="inputs", side=frozenset(model.aux), loop=self.loop(owner))
        outputs = f"[{', '.join([out_var, *model.aux])}]" if model.aux else out_var
        return [f"def {function}({', '.join(signature)}) -> keras.Model:",
                *indent([*doc, f"inputs = keras.Input(shape=({h}, {w}, {c}))", *body,
                         f'return keras.Model(inputs, {outputs}, name="{function}")'])]

    def render_family(self, group: list[Model]) -> list[str]:
        """Variants differing by numbers: one function over the parameters and a builder per variant, as
        keras.applications' ResNet and DenseNet; a chain stays a written-out Sequential per variant, as its VGG16
        and VGG19."""
        model = group[0]
        if _is_chain(*_expand_groups(model_steps(model), model.output)):
            out = []
            for variant in group:
                self.graph = _Graph(variant)
                out += self.render_model(variant, variant.builder) + ["", ""]
            return out
        signature = class_signature(group, self.function, lambda names: "Callable[..., keras.KerasTensor]")
        out = self.render_model(model, model.class_name, family_steps(group).steps, signature) + ["", ""]
        for variant in group:
            out += builder_function(group, variant, self.function, "keras.Model") + ["", ""]
        return out

    def function(self, block_name: str) -> str:
        """A block's function: its name in snake case, or with `_block` added where a layer or a block's argument
        is named so (a row `shortcut` becomes a local variable that would hide a function `shortcut`) or it would
        hide the file's imports (a block `Layers`)."""
        name = snake(block_name)
        return f"{name}_block" if name in self.layer_names or name in ("keras", "layers") else name

    def render(self, models: list[Model]) -> str:
        out = [generated_header(models, self.framework), "", "import keras", "from keras import layers", "", ""]
        self.layer_names = {t.name for model in models for block in model.blocks.values() for t in block.layers} | {
            node.name for model in models for node in model.walk()} | {
            arg for model in models for block in model.blocks.values() for arg in block.args}
        ops = {node.op for model in models for node in model.walk()}
        if "local_response_norm" in ops:
            out += [LRN_LAYER.strip(), "", ""]
        if "channel_shuffle" in ops:
            if SHUFFLE_FUNCTION in self.layer_names:
                raise RenderError(self.framework, f"model {models[0].name}", SHUFFLE_FUNCTION, "channel_shuffle",
                                  f"a layer named {SHUFFLE_FUNCTION} would hide the function of that name")
            out += [SHUFFLE_CHANNELS.strip(), "", ""]
        done: set[str] = set()
        for model in models:
            self.graph = _Graph(model)
            paths = [node.path for node in model.walk()]
            clashing = len({layer_name(p) for p in paths}) < len(paths)
            if clashing:
                twins = sorted(p for p in paths if [layer_name(q) for q in paths].count(layer_name(p)) > 1)
                raise RenderError(self.framework, f"model {model.name}", twins[0], model.node_at(twins[0]).op,
                                  f"layer paths {', '.join(twins)} give the same Keras name")
            for block_name in model.blocks_used:
                if block_name not in done:
                    done.add(block_name)
                    out += self.render_block(model, block_name) + ["", ""]
        for group in class_groups(models):
            self.graph = _Graph(*group)
            out += self.render_family(group) if group[0].class_params else \
                self.render_model(group[0], group[0].class_name) + ["", ""]
        source = "\n".join(out).rstrip() + "\n"
        if "Callable[" in source:
            source = source.replace("import keras\n", "from collections.abc import Callable\n\nimport keras\n", 1)
        return format_source(with_helpers(source))


def _numbers(steps: list[Step]) -> dict[str, str]:
    """Each row's number among the rows present where a condition before it may switch one off:
    `int(use_se) + 1` for the row after a conditional one and one that is always there."""
    numbers, always, switches = {}, 0, []
    for step in steps:
        if switches:
            numbers[step.name] = "{" + " + ".join([*(f"int({c})" for c in switches), *([str(always)] if always
                                                                                         else [])]) + "}"
        if step.condition is not None:
            switches.append(step.condition)
        else:
            always += 1
    return numbers


def _is_chain(steps: list[Step], output: str) -> bool:
    """Whether the steps are one chain of layers (a keras.Sequential)."""
    return all(s.op in OPS and s.op not in FUNCTIONS and s.inputs == ((steps[i - 1].name,) if i else (INPUT,)) for i, s in enumerate(steps)) \
        and output == steps[-1].name


# ---------------------------------------------------------------------------- one spelling per op

def _name(r: KerasRenderer, step: Step, scoped: bool) -> str:
    return r.layer_name(step, scoped)


def _value(value: Any) -> str:
    """A block argument's source; an activation given by name as Keras names it (`"hard_swish"`)."""
    return repr(KERAS_ACTIVATIONS.get(value, str(value))) if isinstance(value, OpName) else fmt(value)


def _activation(step: Step) -> list[str]:
    activation = step.fields.get("activation")
    return [f'activation="{KERAS_ACTIVATIONS.get(activation, activation)}"'] if activation else []


def depthwise(node: Node) -> bool:
    """A convolution with one group per input channel (more than one): a DepthwiseConv2D, as keras.applications
    writes MobileNet's, where a Conv2D(groups=C) would take TensorFlow's XLA path on CPU."""
    return node.attrs["groups"] == node.in_shapes[0][0] > 1


def _conv(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    """Conv2D, or DepthwiseConv2D where every instance has one group per input channel; a block whose instances
    differ (torchvision's Conv2dNormActivation, depthwise in one place and not in another) chooses by its input."""
    f = step.fields
    padding, pre = r.conv_padding(step, owner, scoped)
    kinds = {depthwise(n) for n in step.instances} or {False}
    window = [f"kernel_size={_pair_src(f['kernel_size'])}"]
    window += [f"strides={fmt(f['stride'])}"] if step.given("stride") is not None else []
    window += [f'padding="{padding}"']
    dilation = [f"dilation_rate={fmt(f['dilation'])}"] if step.given("dilation") is not None else []
    tail = (["use_bias=False"] if f["bias"] is False else []) + _activation(step) + [_name(r, step, scoped)]
    multiplier = _quotient(f["out_channels"], f["groups"])
    depth = [f"depth_multiplier={fmt(multiplier)}"] if multiplier != 1 else []
    depthwise_layer = f"layers.DepthwiseConv2D({', '.join(window + depth + dilation + tail)})"
    filters = [f"filters={fmt(f['out_channels'])}"]
    groups = [f"groups={fmt(f['groups'])}"] if step.given("groups") is not None else []
    conv_layer = f"layers.Conv2D({', '.join(filters + window + dilation + groups + tail)})"
    if kinds == {True}:
        return pre + [depthwise_layer]
    if kinds == {False}:
        return pre + [conv_layer]
    return pre + [f"({depthwise_layer} if {fmt(f['groups'])} == {fmt(step.in_channels)} else {conv_layer})"]


def _quotient(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator as a number, 1 for one expression over itself, else the source of the division."""
    if numerator == denominator:
        return 1
    if isinstance(numerator, int) and isinstance(denominator, int):
        return numerator // denominator
    return Src(f"{fmt(numerator)} // {fmt(denominator)}")


def _dense(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    args = [fmt(step.fields["out_features"])] + _activation(step)
    args += ["use_bias=False"] if step.fields["bias"] is False else []
    return [f"layers.Dense({', '.join(args + [_name(r, step, scoped)])})"]


def _batch_norm(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    # Keras' momentum is the weight of the running value (1 - the spec's); its epsilon default is 1e-3
    momentum = step.fields["momentum"]
    keras_momentum = Src(f"1 - {momentum}") if isinstance(momentum, Src) else round(1 - momentum, 12)
    return [f"layers.BatchNormalization(momentum={fmt(keras_momentum)}, epsilon={fmt(step.fields['eps'])}, "
            f"{_name(r, step, scoped)})"]


def _group_norm(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    groups = -1 if step.op == "instance_norm" else step.fields["groups"]  # Keras: -1 means one group per channel
    return [f"layers.GroupNormalization(groups={fmt(groups)}, epsilon={fmt(step.fields['eps'])}, "
            f"{_name(r, step, scoped)})"]


def _layer_norm(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    ranks = {len(node.in_shapes[0]) for node in step.instances}
    axis = "-1" if ranks == {1} else "[1, 2, 3]"
    return [f"layers.LayerNormalization(axis={axis}, epsilon={fmt(step.fields['eps'])}, {_name(r, step, scoped)})"]


def _pool(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    f = step.fields
    padding, pre = r.pool_padding(step, owner, scoped)
    cls = "MaxPool2D" if step.op == "max_pool2d" else "AveragePooling2D"
    args = [f"pool_size={_pair_src(f['kernel_size'])}", f"strides={fmt(f['stride'])}"]
    args += [f'padding="{padding}"'] if padding != "valid" else []
    return pre + [f"layers.{cls}({', '.join(args + [_name(r, step, scoped)])})"]


def _adaptive_pool(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    if pair(step.fields["output_size"]) == (1, 1):
        return [f"layers.GlobalAveragePooling2D(keepdims=True, {_name(r, step, scoped)})"]
    sizes = {_adaptive_window(n) for n in step.instances}
    if None in sizes or len(sizes) != 1:  # uneven (overlapping) bins, PyTorch's, as Keras 3 computes them too
        return [f"layers.AdaptiveAveragePooling2D({_pair_src(step.fields['output_size'])}, {_name(r, step, scoped)})"]
    return [f"layers.AveragePooling2D(pool_size={sizes.pop()}, {_name(r, step, scoped)})"]


def _lrn(r: KerasRenderer, step: Step, owner: str, scoped: bool) -> list[str]:
    f = step.fields
    args = [f"size={fmt(f['size'])}", f"alpha={fmt(f['alpha'])}", f"beta={fmt(f['beta'])}", f"k={fmt(f['k'])}"]
    return [f"LocalResponseNorm({', '.join(args + [_name(r, step, scoped)])})"]


def _plain(template: str) -> Callable[[KerasRenderer, Step, str, bool], list[str]]:
    """A layer that takes nothing but its name: `template` with {name} filled in."""
    return lambda r, step, owner, scoped: [template.format(name=_name(r, step, scoped))]


LAYERS: dict[str, Callable[[KerasRenderer, Step, str, bool], list[str]]] = {
    "conv2d": _conv, "linear": _dense, "batch_norm": _batch_norm, "group_norm": _group_norm,
    "instance_norm": _group_norm, "layer_norm": _layer_norm, "max_pool2d": _pool, "avg_pool2d": _pool,
    "adaptive_avg_pool2d": _adaptive_pool, "local_response_norm": _lrn,
    "dropout": lambda r, step, owner, scoped: [f"layers.Dropout(rate={fmt(step.fields['p'])}, "
                                               f"{_name(r, step, scoped)})"],
    "relu": _plain("layers.ReLU({name})"), "relu6": _plain("layers.ReLU(max_value=6.0, {name})"),
    "hardswish": _plain('layers.Activation("hard_swish", {name})'),
    "hardsigmoid": _plain('layers.Activation("hard_sigmoid", {name})'), "tanh": _plain('layers.Activation("tanh", {name})'),
    "sigmoid": _plain('layers.Activation("sigmoid", {name})'), "softmax": _plain("layers.Softmax(axis=-1, {name})"),
    "log_softmax": _plain('layers.Activation("log_softmax", {name})'),
    ACTIVATION_ARGUMENT: lambda r, step, owner, scoped: [f"layers.Activation({step.fields['argument']}, "
                                                         f"{_name(r, step, scoped)})"],
    "flatten": _plain("layers.Flatten({name})"), "concat": _plain("layers.Concatenate(axis=-1, {name})"),
    "add": _plain("layers.Add({name})"), "multiply": _plain("layers.Multiply({name})"),
}

# Ops a Keras user writes as a function of the tensor, not one layer: keras.ops.split's part, and ShuffleNet's
# shuffle as the Reshape / Permute / Reshape of SHUFFLE_CHANNELS
FUNCTIONS: dict[str, Callable[[KerasRenderer, Step, str, bool], str]] = {
    "chunk": lambda r, step, x, scoped: f"keras.ops.split({x}, {fmt(step.fields['chunks'])}, axis=-1)"
                                        f"{part(step.fields)}",
    "channel_shuffle": lambda r, step, x, scoped: f"{SHUFFLE_FUNCTION}({x}, {fmt(step.fields['groups'])}, "
                                                  f"{_name(r, step, scoped)})",
}
SHUFFLE_FUNCTION = "shuffle_channels"
SHUFFLE_CHANNELS = f'''
def {SHUFFLE_FUNCTION}(x, groups: int, name: str):
    """ShuffleNet's channel shuffle, channels last: the channels read as a (groups, C / groups) grid, transposed."""
    height, width, channels = x.shape[1:]
    x = layers.Reshape((height, width, groups, channels // groups), name=f"{{name}}_grid")(x)
    x = layers.Permute((1, 2, 4, 3), name=f"{{name}}_transpose")(x)
    return layers.Reshape((height, width, channels), name=name)(x)
'''

# Keras has no local response normalisation layer: files that need one get this class, registered so
# that a saved .keras model reloads it. Channels last; PyTorch's window and alpha / size convention.
LRN_LAYER = '''
@keras.saving.register_keras_serializable(package="rosetta")
class LocalResponseNorm(layers.Layer):
    """x / (k + alpha / size * sum of x^2 over `size` neighbouring channels)^beta, as torch.nn.LocalResponseNorm."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def call(self, x):
        squares = keras.ops.pad(x * x, [[0, 0], [0, 0], [0, 0], [self.size // 2, (self.size - 1) // 2]])
        channels = x.shape[-1]
        window = sum(squares[..., i : i + channels] for i in range(self.size))
        return x / keras.ops.power(self.k + self.alpha / self.size * window, self.beta)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "alpha": self.alpha, "beta": self.beta, "k": self.k}
'''


def _expand_groups(steps: list[Step], output: str) -> tuple[list[Step], str]:
    """Keras has no nested Sequential here: a group's layers join the model's chain, named by their path
    (features_0, features_denseblock1, ...). Returns the steps and the (renamed) output."""
    expanded: list[Step] = []
    renamed: dict[str, str] = {}
    for step in steps:
        inputs = tuple(renamed.get(i, i) for i in step.inputs)
        if step.op != GROUP:
            expanded.append(replace(step, inputs=inputs))
            continue
        prefix, index = layer_name(step.instances[0].path), 0  # a numbered group's next index
        for child in step.children:
            if child.instances:
                name = layer_name(child.instances[0].path)
                expanded.append(replace(child, name=name, inputs=inputs))
            elif child.spliced or not isinstance(index, int):  # a parametrised class's numbered group, by its rows
                raise RenderError("keras", f"group {step.name}", child.name, child.op,
                                  "a numbered group's layer after a repeat of a parametrised count, or a spliced block")
            else:
                name = f"{prefix}_{index}"
                repeat = child.op == "repeat"
                expanded.append(replace(child, name=name, inputs=inputs, numbered_from=index if repeat else None))
            count = child.fields.get("count", len(child.children)) if child.op == "repeat" else 1
            index = index + count if isinstance(index, int) and isinstance(count, int) else None
            inputs = (name,)
        renamed[step.name] = inputs[0]
    return expanded, renamed.get(output, output)


def _pair_src(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"({value}, {value})"
    return fmt(value)


def _explicit_is_same(node: Node) -> bool:
    k, s, d = pair(node.attrs["kernel_size"]), pair(node.attrs["stride"]), pair(node.attrs["dilation"])
    p = pair(node.attrs["padding"])
    return s == (1, 1) and all(kk % 2 == 1 and pp == (kk - 1) // 2 * dd for kk, pp, dd in zip(k, p, d))


def _pool_plan(node: Node, nonnegative: bool):
    """'valid', 'same', a ZeroPadding2D argument, or None when nothing in Keras is exact."""
    a = node.attrs
    k, s = pair(a["kernel_size"]), pair(a["stride"])
    _, h, w = node.in_shapes[0]
    p = pair(a["padding"])
    out = node.out_shape[1:]
    plain = tuple(window_out(n, kk, ss, 1, pp, pp) for n, kk, ss, pp in zip((h, w), k, s, p))
    if p == (0, 0) and plain == out:
        return "valid"  # ceil_mode that adds no window changes nothing
    top, _, left, _ = resolve_padding("same", k, s, (1, 1), (h, w))
    same = tuple(-(-n // ss) for n, ss in zip((h, w), s))
    exclusive = node.op == "max_pool2d" or not a["count_include_pad"] or p == (0, 0)
    if same == out and (top, left) == p and exclusive:
        return "same"  # identical windows; padded cells never count
    if node.op == "max_pool2d" and not nonnegative:
        return None
    if node.op == "avg_pool2d" and (not a["count_include_pad"] or plain != out):
        return None
    far = [(o - 1) * ss + kk - n - pp for o, ss, kk, n, pp in zip(out, s, k, (h, w), p)]
    return f"(({p[0]}, {far[0]}), ({p[1]}, {far[1]}))"


def _adaptive_window(node: Node):
    _, h, w = node.in_shapes[0]
    oh, ow = node.out_shape[1:]
    return f"({h // oh}, {w // ow})" if h % oh == 0 and w % ow == 0 else None


class _Graph:
    """Who feeds whom across scopes, to prove a value non-negative (then max pooling may pad with zeros)."""

    KEEPS_SIGN = {"max_pool2d", "avg_pool2d", "adaptive_avg_pool2d", "dropout", "flatten", "concat", "add",
                  "multiply", "chunk", "channel_shuffle"}  # non-negative inputs give a non-negative output

    def __init__(self, *models: Model) -> None:
        self.scope: dict[int, tuple[list[Node], Node | None]] = {}

        def visit(nodes: list[Node], parent: Node | None) -> None:
            for node in nodes:
                self.scope[id(node)] = (nodes, parent)
                visit(node.children, node)

        for model in models:
            visit(model.nodes, None)

    def source(self, node: Node, name: str) -> Node | None:
        """The node whose output `node` reads as `name` (through scope inputs up to the model input: None)."""
        siblings, parent = self.scope[id(node)]
        if name == INPUT:
            return None if parent is None else self.source(parent, parent.inputs[0])
        return next(n for n in siblings if n.name == name)

    def nonnegative(self, node: Node | None) -> bool:
        if node is None:
            return False
        if node.op in NONNEGATIVE or node.attrs.get("activation") in NONNEGATIVE:
            return True
        if node.is_primitive:
            return node.op in self.KEEPS_SIGN and all(self.nonnegative(self.source(node, i)) for i in node.inputs)
        if node.output == INPUT:
            return self.nonnegative(self.source(node, node.inputs[0]))
        return self.nonnegative(next(c for c in node.children if c.name == node.output))
