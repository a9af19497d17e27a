"""A user's paddle.nn.Layer in the normal form (shared_specs/normal_form.py), from the program
`paddle.jit.to_static` builds at a fixed input shape (batch 2).

Each program op carries its parameters by name (mapped back to the layer paths of `named_parameters()`) and the
user's call-stack line; `Linear` shows up as matmul + add and a convolution's bias as reshape + add, which are put
back together here. Forward hooks on the leaf layers mark which ops each layer call made, so that a layer Paddle
builds from several ops (LocalResponseNorm: a pad, a 3-D pool, a pow and a divide) is read as the one layer it is,
from the layer object's settings, and every node made inside a layer keeps that layer's dotted path. The program
is of eval mode; where that leaves layers with weights uncalled, train mode's is read too, for auxiliary heads
(shared_specs.normal_form.with_auxiliary_outputs).

Every construct a spec cannot express is collected with its line, so that they are reported all at once.
"""

from __future__ import annotations

import linecache
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import paddle
from paddle import nn
from paddle.jit.dy2static import program_translator
from paddle.static import InputSpec

from frameworks.base import path_spellings
from shared_specs.ir import INPUT
from shared_specs.normal_form import (
    CaptureError,
    Layer,
    Problem,
    contributing,
    resolve,
    spelling,
    with_auxiliary_outputs,
)

from .framework import native_tensor

PADDLE_DIRS = path_spellings(Path(paddle.__file__).parent)
# Paddle's own model zoo is code a user brings, as their own file is: a problem there is named at its line
ZOO_DIRS = path_spellings(Path(paddle.__file__).parent / "vision" / "models")
OWN_DIRS = tuple(spelling for package in ("frameworks", "rosetta", "shared_specs")
                 for spelling in path_spellings(Path(__file__).parents[2] / package))
FRAME = re.compile(r'File "(.+?)", line (\d+)')
BATCH = 2  # the program is built at this batch size, so that every shape in it is a number
ACTIVATIONS = {"pd_op.relu": "relu", "pd_op.relu_": "relu", "pd_op.relu6": "relu6", "pd_op.hardswish": "hardswish",
               "pd_op.tanh": "tanh", "pd_op.tanh_": "tanh",
               "pd_op.sigmoid": "sigmoid", "pd_op.sigmoid_": "sigmoid"}
SOFTMAXES = {"pd_op.softmax": "softmax", "pd_op.softmax_": "softmax", "pd_op.log_softmax": "log_softmax"}
CONVOLUTIONS = ("pd_op.conv2d", "pd_op.depthwise_conv2d")
BATCH_NORMS = ("pd_op.batch_norm", "pd_op.batch_norm_")
CONTROL_FLOW = ("pd_op.if", "pd_op.while", "pd_op.pylayer")
SUPPORTED = ("builtin.parameter", "pd_op.data", *ACTIVATIONS, *CONVOLUTIONS, *BATCH_NORMS, "pd_op.matmul",
             "pd_op.add", "pd_op.multiply", "pd_op.group_norm", "pd_op.instance_norm", "pd_op.layer_norm",
             "pd_op.pool2d", *SOFTMAXES, "pd_op.flatten", "pd_op.reshape", "pd_op.concat", "pd_op.dropout",
             "pd_op.hardsigmoid", "pd_op.hardtanh", "pd_op.split", "pd_op.split_with_num", "builtin.split",
             "pd_op.channel_shuffle", "pd_op.mean")
# ops that reduce to a number, which a condition (`if x.mean() > 0:`) computes: the control flow is what is named
REDUCTIONS = ("pd_op.mean",)
# Paddle writes hard-sigmoid's slope of 1/6 as 0.1666667 and keeps it in float32: any slope within this of 1/6 is it
SIXTH_SLOPE = 1e-6
NORM_TENSORS = {"batch_norm": ("running_mean", "running_var", "weight", "bias")}  # in the op's operand order
SIZES = ("pd_op.full", "pd_op.full_int_array", "pd_op.shape", "pd_op.shape64", "pd_op.slice", "builtin.combine",
         "pd_op.stack")  # ops that compute shapes and constants, not tensors a spec holds


@dataclass(frozen=True)
class Param:
    """A parameter's value in the program: the path of the tensor in the user's model (`conv1.weight`)."""

    path: str

    @property
    def layer(self) -> str:
        return self.path.rpartition(".")[0]


@dataclass(frozen=True)
class Const:
    """A constant or a size: what `full`, `full_int_array` and shape arithmetic produce."""

    value: Any


@dataclass(frozen=True)
class HardSigmoidPart:
    """x + 3, then relu6 of it, on the way to relu6(x + 3) / 6 (a hard-sigmoid of the layer output x)."""

    x: str


@dataclass(frozen=True)
class Parts:
    """A layer output's channels split into equal parts (paddle.split, paddle.chunk), before builtin.split hands
    the parts out."""

    x: str
    chunks: int


@dataclass(frozen=True)
class ShuffleGrid:
    """A layer output x reshaped to (groups, C / groups, H, W), then transposed: on the way to a channel shuffle."""

    x: str
    groups: int
    transposed: bool = False


@dataclass(frozen=True)
class Bias:
    """A bias reshaped to broadcast over a map: the second half of a convolution."""

    param: Param


@dataclass(frozen=True)
class Call:
    """One call of a layer: its path, the ops it made (program indices start to end), its input values."""

    path: str
    layer: nn.Layer
    start: int
    end: int
    inputs: list[str]


def _users(file: str) -> bool:
    """Whether a frame's file is code the user brings: outside Paddle (its model zoo aside) and Rosetta."""
    return (file.startswith(ZOO_DIRS) or not file.startswith(PADDLE_DIRS)) and not file.startswith(OWN_DIRS) \
        and not file.startswith("<")


def _user_frame(stack: list[str]) -> tuple[str, int] | None:
    """(file, line) of the innermost call-stack frame of the user's code."""
    frames = [(f, int(n)) for text in stack for f, n in FRAME.findall(text) if _users(f)]
    return frames[-1] if frames else None


def _place(stack: list[str]) -> str:
    frame = _user_frame(stack)
    return f"{Path(frame[0]).name}:{frame[1]}" if frame else "?"


def _code(stack: list[str]) -> str:
    frame = _user_frame(stack)
    text = linecache.getline(*frame).strip() if frame else ""
    return f" `{text}`" if text else ""


def _decimal(value: float) -> float:
    """A float32 attribute as the decimal the user wrote (9.99999974e-06 -> 1e-05)."""
    return float(str(np.float32(value)))


def _padding(attrs: dict) -> Any:
    """A conv2d or pool2d op's padding in a spec's terms: 'same', 0, [h, w] or [top, bottom, left, right]."""
    algorithm = attrs.get("padding_algorithm", "EXPLICIT")
    if algorithm == "SAME":
        return "same"
    if algorithm == "VALID":
        return 0
    return list(attrs["paddings"])


def _only_use(value: Any, name: str) -> Any:
    """The op that reads a program value, where it is the only reader and is a `name` op; else None."""
    uses = value.all_used_ops()
    return uses[0] if len(uses) == 1 and uses[0].name() == name else None


def _numbers(value: Any) -> list | None:
    """The list a constant operand holds (a kernel, axes, sections); None where it is computed (from a shape)."""
    return list(value.value) if isinstance(value, Const) and value.value is not None else None


def _condition_only(ops: list[Any]) -> set[int]:
    """Indices of the ops that compute a control-flow condition (`x.mean() > 0`) and nothing a supported op
    reads before it: the control flow is the problem named, not the ops of its condition."""
    producer = {r.id: i for i, op in enumerate(ops) for r in op.results()}
    found: set[int] = set()
    for op in ops:
        if op.name() in CONTROL_FLOW and op.operands():
            todo = [op.operands()[0].source()]
            while todo:
                i = producer.get(todo.pop().id)
                if i is not None and i not in found and (ops[i].name() not in SUPPORTED or ops[i].name() in REDUCTIONS):
                    found.add(i)
                    todo += [o.source() for o in ops[i].operands() if o.source().initialized()]
    return found


class Capture:
    """The normal form of one program, built op by op."""

    def __init__(self, net: nn.Layer, input_shape: tuple[int, ...], all_calls: list[Call]) -> None:
        self.input_shape = tuple(input_shape)
        self.sublayers = dict(net.named_sublayers())
        self.params = {p.name: path for path, p in [*net.named_parameters(), *net.named_buffers()]}
        # a top-level nn.Sequential of numbered leaf layers stays a group, so its weight keys keep their numbers
        self.groups = {name for name, m in net.named_children() if isinstance(m, nn.Sequential) and len(m)
                       and all(key.isdigit() and not child.sublayers() for key, child in m.named_children())}
        self.calls = [c for c in all_calls if not c.layer.sublayers()]  # leaf layers' calls
        self.blocks = sorted((c for c in all_calls if c.layer.sublayers()), key=lambda c: (c.start, -c.end))
        self.index = 0  # pragma: no mutate: the index of the op being read, set by run before any is read
        self.layers: list[Layer] = []
        self.problems: list[Problem] = []
        self.refused: set[int] = set()  # the starts of leaf calls already refused: their other ops say no more
        self.values: dict[str, Any] = {}  # value id -> normal-form name (str), Param, Const, Bias, or None
        self.used: dict[str, str] = {}  # parameter path -> the place of the op that used it
        self.taken: set[str] = {INPUT}
        self.counts: dict[str, int] = {}
        self.output = ""
        self.aux: list[str] = []  # in train mode, the layers it returns after the output
        self.training = net.training

    # ------------------------------------------------------------- helpers
    def problem(self, op: Any, what: str, path: str = "", kind: str = "") -> None:
        self.problems.append(Problem(what, path, _place(op.attrs().get("op_callstack", []))
                                     + (f" ({kind})" if kind else "")))

    def fresh(self, wanted: str) -> str:
        name = re.sub(r"\W", "_", wanted)
        name = name if name[0].isalpha() else f"layer_{name}"
        candidate, n = name, 2
        while candidate in self.taken:
            candidate, n = f"{name}_{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def function_name(self, op: str) -> str:
        """relu, relu1, relu2, ... as fx names functions (the loader's own names for unnamed rows are relu_1...)."""
        n = self.counts.get(op, 0)
        self.counts[op] = n + 1
        return self.fresh(op if n == 0 else f"{op}{n}")

    def shape_of(self, name: str) -> tuple[int, ...]:
        if name == INPUT:
            return self.input_shape
        return next(x.shape for x in reversed(self.layers) if x.name == name)

    def operand(self, op: Any, i: int) -> Any:
        source = op.operands()[i].source()
        return self.values.get(source.id) if source.initialized() else None

    def tensor(self, op: Any, i: int) -> str | None:
        value = self.operand(op, i)
        return value if isinstance(value, str) else None

    def add(self, op: Any, kind: str, attrs: dict, inputs: list[str], what: str, call: Call | None,
            source: str = "", result: int = 0) -> str:
        in_shape = self.shape_of(inputs[0])
        path = call.path if call is not None else source
        name = self.fresh(path.replace(".", "_")) if path else self.function_name(kind)
        group = path.split(".")[0] if path.count(".") == 1 and path.split(".")[0] in self.groups else ""
        stack = op.attrs().get("op_callstack", [])
        scope = tuple((c.path, type(c.layer).__name__) for c in self.blocks if c.start <= self.index < c.end)
        layer = Layer(name, kind, resolve(kind, attrs, in_shape), tuple(inputs),
                      tuple(int(d) for d in op.results()[result].shape[1:]), path, f"{what} at {_place(stack)}",
                      group, in_shape, scope)
        self.layers.append(layer)
        self.values[op.results()[result].id] = name
        return name

    def weight(self, op: Any, i: int, kind: str) -> Param | None:
        """The parameter operand i of a weighted op, noting its use; a second use is a layer called twice."""
        param = self.operand(op, i)
        if not isinstance(param, Param):
            self.problem(op, f"{kind} with a computed weight; a spec's weights are a layer's parameters")
            return None
        if param.path in self.used:
            kind = f"nn.{type(self.sublayers[param.layer]).__name__}" if param.layer in self.sublayers else "layer"
            self.problem(op, f"{kind} '{param.layer}' is called a second time (first at {self.used[param.path]}): "
                         f"its weights would be shared between two places, which a spec (one set of weights per "
                         f"layer) cannot say", param.layer, kind)
            return None
        self.used[param.path] = _place(op.attrs().get("op_callstack", []))
        return param

    # ------------------------------------------------------------- the program
    def run(self, ops: list[Any], outputs: list[Any]) -> list[Layer]:
        starts = {call.start: call for call in self.calls}
        silenced = _condition_only(ops)
        i = 0
        while i < len(ops):
            call, self.index = starts.get(i), i
            if call is not None and isinstance(call.layer, nn.LocalResponseNorm):
                self.local_response_norm(ops[call.end - 1], call)
                i = call.end
                continue
            inside = next((c for c in self.calls if c.start <= i < c.end), None)
            self.op(ops[i], inside, i in silenced)
            i += 1
        if len(outputs) != 1 and not self.training:
            self.problems.append(Problem("returns several values in eval mode; a spec has one output there", "",
                                         "forward"))
        elif not self.problems:
            returned = [self.values.get(value.id) for value in outputs]  # in train mode, the auxiliary outputs after
            if not all(isinstance(value, str) and value != INPUT for value in returned):
                self.problems.append(Problem("returns something that is not a layer's output", "", "forward"))
            else:
                self.output, *self.aux = returned
        if self.problems:
            raise CaptureError(self.problems)
        return contributing(self.layers, self.output, self.aux)

    def uncalled(self) -> list[Problem]:
        """Leaf layers with weights that no op used (a GoogLeNet's auxiliary heads in eval mode): the spec cannot
        hold their weights."""
        return [Problem(f"nn.{type(layer).__name__} is never called by forward at this input", path, "forward")
                for path, layer in self.sublayers.items() if not layer.sublayers()
                and layer.parameters() and not any(p.startswith(f"{path}.") for p in self.used)]

    def stopped(self, op: Any) -> bool:
        """Whether an operand is a value that a problem (or control flow) stopped."""
        return any(o.source().initialized() and self.values.get(o.source().id) is None for o in op.operands())

    def op(self, op: Any, call: Call | None, silenced: bool) -> None:
        name, attrs, results = op.name(), op.attrs(), op.results()
        if name == "builtin.parameter":
            self.values[results[0].id] = Param(self.params.get(attrs["parameter_name"], attrs["parameter_name"]))
        elif name == "pd_op.data":
            self.values[results[0].id] = INPUT
        elif name in ("pd_op.full", "pd_op.full_int_array"):
            self.values[results[0].id] = Const(attrs.get("value"))
        elif name in CONTROL_FLOW:
            condition = op.operands()[0].source().get_defining_op() if op.operands() else None
            stack = condition.attrs().get("op_callstack", []) if condition is not None else []
            self.problems.append(Problem(f"data-dependent control flow{_code(stack)}: a spec is one static graph", "",
                                         _place(stack)))
            self.values.update({r.id: None for r in results})
        elif silenced or (call is not None and call.start in self.refused):
            self.values.update({r.id: None for r in results})
        elif self.stopped(op):  # still named: a constant, a second use of weights, an op without a Rosetta one
            if name == "pd_op.scale" or (name in ("pd_op.add", "pd_op.multiply") and any(
                    isinstance(self.operand(op, i), Const) for i in (0, 1))):
                self.constant(op, name, call)
            elif name not in SUPPORTED and name not in SIZES:
                self.without_op(op, name, call)
            weights = [i for i in range(len(op.operands())) if isinstance(self.operand(op, i), Param)]
            if weights and name not in ("pd_op.add", "pd_op.reshape"):
                self.weight(op, weights[0], name)
            self.values.update({r.id: None for r in results})
        elif name in SIZES:
            if name in ("pd_op.slice", "pd_op.stack") and not all(
                    isinstance(self.values.get(o.source().id), Const) for o in op.operands()):
                return self.refuse(op, f"{name.removeprefix('pd_op.')} of a tensor has no Rosetta op", call)
            self.values[results[0].id] = Const(None)  # a size or a list of them: only reshapes read them
        elif name == "pd_op.reshape" and isinstance(self.operand(op, 0), Param):
            self.values[results[0].id] = Bias(self.operand(op, 0))
        else:
            self.compute(op, name, attrs, call)

    def compute(self, op: Any, name: str, attrs: dict, call: Call | None) -> None:
        if op.operands() and isinstance(part := self.operand(op, 0), HardSigmoidPart):  # relu6, then the / 6
            if name == "pd_op.relu6":
                self.values[op.results()[0].id] = part
            else:
                self.add(op, "hardsigmoid", {}, [part.x], "relu6(x + 3) / 6", call)
            return
        if op.operands() and isinstance(grid := self.operand(op, 0), ShuffleGrid):  # the transpose, the view back
            if grid.transposed:
                self.add(op, "channel_shuffle", {"groups": grid.groups}, [grid.x], "reshape, transpose, reshape", call)
            else:
                self.values[op.results()[0].id] = replace(grid, transposed=True)
            return
        if name == "builtin.split" and isinstance(parts := self.operand(op, 0), Parts):
            for i in range(parts.chunks):
                self.add(op, "chunk", {"chunks": parts.chunks, "index": i}, [parts.x], "paddle.split", call, result=i)
            return
        x = self.tensor(op, 0) if op.operands() else None
        if x is None and name not in ("pd_op.add", "pd_op.multiply", "pd_op.concat"):
            return self.refuse(op, f"{name.removeprefix('pd_op.')} of a value that is not a layer's output", call)
        if name in CONVOLUTIONS:
            self.convolution(op, attrs, x, call)
        elif name == "pd_op.matmul":
            self.matmul(op, attrs, x, call)
        elif name in ("pd_op.add", "pd_op.multiply"):
            self.binary(op, name, call)
        elif name in BATCH_NORMS:
            self.normalisation(op, "batch_norm", x, call)
        elif name == "pd_op.group_norm":
            self.normalisation(op, "group_norm", x, call)
        elif name == "pd_op.instance_norm":
            self.normalisation(op, "instance_norm", x, call)
        elif name == "pd_op.layer_norm":
            self.normalisation(op, "layer_norm", x, call)
        elif name == "pd_op.pool2d":
            self.pool(op, attrs, x, call)
        elif name in ACTIVATIONS:
            self.add(op, ACTIVATIONS[name], {}, [x], name.removeprefix("pd_op."), call)
        elif name == "pd_op.hardsigmoid":
            sixth = abs(attrs["slope"] - 1 / 6) <= SIXTH_SLOPE  # mutation survivor: LtE -> Lt: no slope is 1e-6 off
            if sixth and attrs["offset"] == 0.5:
                self.add(op, "hardsigmoid", {}, [x], "hardsigmoid", call)
            else:
                self.refuse(op, f"hardsigmoid with slope {_decimal(attrs['slope'])} and offset "
                            f"{_decimal(attrs['offset'])}; a spec's hardsigmoid is relu6(x + 3) / 6", call)
        elif name == "pd_op.hardtanh":
            if (attrs["t_min"], attrs["t_max"]) == (0, 6):
                self.add(op, "relu6", {}, [x], "hardtanh", call)
            else:
                self.refuse(op, f"hardtanh to [{_decimal(attrs['t_min'])}, {_decimal(attrs['t_max'])}]; a spec's "
                            f"relu6 clips to [0, 6]", call)
        elif name in SOFTMAXES:
            shape, kind = tuple(op.results()[0].shape), SOFTMAXES[name]
            if attrs["axis"] in (1, -len(shape)) or (len(shape) == 2 and attrs["axis"] == -1):
                self.add(op, kind, {}, [x], kind, call)
            else:
                self.refuse(op, f"{kind} over axis {attrs['axis']}; a spec's {kind} is over the channels or "
                            f"features", call)
        elif name in ("pd_op.flatten", "pd_op.reshape"):
            self.reshape(op, x, call)
        elif name == "pd_op.concat":
            self.concat(op, call)
        elif name == "pd_op.mean":
            self.spatial_mean(op, attrs, x, call)
        elif name in ("pd_op.split", "pd_op.split_with_num"):
            self.split(op, name, x, call)
        elif name == "pd_op.channel_shuffle":
            if attrs["data_format"] == "NCHW":
                self.add(op, "channel_shuffle", {"groups": int(attrs["groups"])}, [x], "channel_shuffle", call)
            else:
                self.refuse(op, "a channel shuffle over NHWC; a spec's maps are NCHW", call)
        elif name == "pd_op.dropout":
            self.dropout(op, attrs, x, call)
        elif name == "pd_op.scale" and self.starts_a_hardsigmoid(op):
            self.values[op.results()[0].id] = HardSigmoidPart(x)
        elif name == "pd_op.scale":
            self.constant(op, name, call)
        else:
            self.without_op(op, name, call)

    @staticmethod
    def scale_of(op: Any) -> tuple[float | None, float]:
        """A scale op's factor (None where it is computed) and bias, read off the program: the op may lie ahead."""
        factor = op.operands()[1].source().get_defining_op()
        return (factor.attrs()["value"] if factor.name() == "pd_op.full" else None), op.attrs()["bias"]

    def starts_a_hardsigmoid(self, op: Any) -> bool:
        """Whether a scale op is the `x + 3` of relu6(x + 3) / 6, each step the only use of the one before."""
        if self.scale_of(op) != (1.0, 3.0) or not (clip := _only_use(op.results()[0], "pd_op.relu6")):
            return False
        divide = _only_use(clip.results()[0], "pd_op.scale")
        if divide is None:
            return False
        factor, bias = self.scale_of(divide)
        sixth = factor is not None and abs(factor - 1 / 6) <= SIXTH_SLOPE  # mutation survivor: LtE -> Lt: as above
        return sixth and bias == 0

    def without_op(self, op: Any, name: str, call: Call | None) -> None:
        """An op with no Rosetta counterpart, named by the layer call it is part of, if any."""
        if call is not None:
            self.refuse(op, f"nn.{type(call.layer).__name__} has no Rosetta op", call)
        else:
            self.refuse(op, f"paddle's {name.removeprefix('pd_op.')} has no Rosetta op", call)

    def constant(self, op: Any, name: str, call: Call | None) -> None:
        """`x + 1.0`, `x * 2.0`, `paddle.scale(x, 2.0, 1.0)` (a scale op, or an add or multiply of a constant
        tensor): refused, naming the constants."""
        if name == "pd_op.scale":
            factor, bias = self.operand(op, 1), _decimal(op.attrs()["bias"])
            factor = _decimal(factor.value) if isinstance(factor, Const) and factor.value is not None else None
        else:
            value = next(self.operand(op, i) for i in (0, 1) if isinstance(self.operand(op, i), Const)).value
            factor, bias = (1.0, value) if name == "pd_op.add" else (value, 0.0)
        multiplies, adds = factor != 1 or bias == 0, bias != 0
        by = f"a constant ({factor!r})" if factor is not None else "a factor computed from a shape or a refused op"
        what = [f"multiplies a tensor by {by}"] * multiplies + \
            [f"adds a constant ({bias!r}) to a tensor"] * adds
        taken = "multiply and add take" if multiplies and adds else f"{'multiply' if multiplies else 'add'} takes"
        self.refuse(op, f"{' and '.join(what)}; a spec's {taken} layers' outputs only", call)

    def refuse(self, op: Any, what: str, call: Call | None) -> None:
        if call is not None:
            self.problem(op, what, call.path, f"nn.{type(call.layer).__name__}")
            self.refused.add(call.start)
        else:
            self.problem(op, what, "", f"paddle.{op.name().removeprefix('pd_op.')}")
        for r in op.results():
            self.values[r.id] = None

    # ------------------------------------------------------------- ops
    def convolution(self, op: Any, attrs: dict, x: str, call: Call | None) -> None:
        param = self.weight(op, 1, "a convolution")
        if param is None or not self.owned(op, [param], "conv2d", ("weight",), call):
            return None
        if attrs.get("data_format", "NCHW") != "NCHW":
            return self.refuse(op, "a convolution in NHWC; a spec's maps are NCHW", call)
        kernel, padding = op.operands()[1].source().shape, _padding(attrs)
        self.add(op, "conv2d", {"out_channels": int(kernel[0]), "kernel_size": [int(kernel[2]), int(kernel[3])],
                                "stride": list(attrs["strides"]), "padding": padding,
                                "dilation": list(attrs["dilations"]), "groups": int(attrs["groups"]), "bias": False},
                 [x], "nn.Conv2D" if call else "F.conv2d", call, param.layer)
        self.check_call(op, call, param)
        if spelling(self.layers[-1], self.shape_of(x)) is None:
            self.refuse(op, f"asymmetric padding {list(padding)} (top, bottom, left, right) that is not 'same'; a "
                        f"spec pads symmetrically or as 'same'", call)

    def matmul(self, op: Any, attrs: dict, x: str, call: Call | None) -> None:
        weight = self.operand(op, 1)
        if isinstance(weight, str):
            return self.refuse(op, "multiplies two computed tensors (matmul); a spec's linear layers hold their "
                               "weights", call)
        param = self.weight(op, 1, "matmul")
        if param is None:
            return None
        if attrs.get("transpose_x") or attrs.get("transpose_y") or len(self.shape_of(x)) != 1:
            return self.refuse(op, "matmul other than a [batch, in] input times an [in, out] weight", call)
        if not self.owned(op, [param], "linear", ("weight",), call):
            return None
        out = op.operands()[1].source().shape
        self.add(op, "linear", {"out_features": int(out[1]), "bias": False}, [x], "nn.Linear" if call else "matmul",
                 call, param.layer)
        self.check_call(op, call, param)

    def owned(self, op: Any, params: list[Param], kind: str, tensors: tuple[str, ...], call: Call | None) -> bool:
        """Whether `params` are one layer's own tensors of these canonical names, under Paddle's names for them
        (`conv.weight`, `bn._mean`): the weights are read back from the model by those names."""
        names = [f"{params[0].layer}.{native_tensor(kind, tensor)[0]}" for tensor in tensors]
        if params[0].layer and [p.path for p in params] == names:
            return True
        self.refuse(op, f"{kind.replace('_', ' ')} of {', '.join(repr(p.path) for p in params)}, not a layer's own "
                    f"{', '.join(tensors)}; a spec's weights are its layers'", call)
        return False

    def check_call(self, op: Any, call: Call | None, param: Param) -> None:
        if call is not None and param.layer != call.path:
            self.refuse(op, f"uses the weights of '{param.layer}' inside '{call.path}'", call)

    def binary(self, op: Any, name: str, call: Call | None) -> None:
        kind = "add" if name == "pd_op.add" else "multiply"
        a, b = self.operand(op, 0), self.operand(op, 1)
        if kind == "add" and isinstance(a, str) and isinstance(b, (Bias, Param)):
            self.bias(op, a, b.param if isinstance(b, Bias) else b)
        elif isinstance(a, str) and isinstance(b, str):
            self.add(op, kind, {}, [a, b], f"paddle.{kind}", call)
        elif isinstance(a, Const) or isinstance(b, Const):
            self.constant(op, name, call)
        else:
            self.refuse(op, f"{kind} of a tensor and a parameter outside any layer", call)

    def bias(self, op: Any, x: str, param: Param) -> None:
        """The add of a convolution's or a Linear's own bias: that layer gets `bias: true`."""
        layer = self.layers[-1] if self.layers else None
        if layer is None or layer.name != x or layer.source != param.layer or layer.op not in ("conv2d", "linear") \
                or param.path in self.used:
            return self.refuse(op, f"adds the parameter '{param.path}' to a tensor outside its layer", None)
        if not self.owned(op, [param], layer.op, ("bias",), None):
            return None
        self.used[param.path] = layer.origin
        layer.attrs["bias"] = True
        layer.shape = tuple(int(d) for d in op.results()[0].shape[1:])
        self.values[op.results()[0].id] = layer.name

    def normalisation(self, op: Any, kind: str, x: str, call: Call | None) -> None:
        params = [self.operand(op, i) for i in range(1, len(op.operands()))]
        if not params or not all(isinstance(p, Param) for p in params):
            return self.refuse(op, f"{kind.replace('_', ' ')} without affine weights (or running statistics)", call)
        for i in range(1, len(op.operands())):  # mutation survivor: a second call names its later weights too
            if self.weight(op, i, kind) is None:
                return None
        if not self.owned(op, params, kind, NORM_TENSORS.get(kind, ("weight", "bias")), call):
            return None
        path = params[0].layer  # pragma: no mutate: owned() saw that every one is this layer's
        layer = self.sublayers.get(path)
        attrs = op.attrs()
        eps = float(getattr(layer, "_epsilon", _decimal(attrs["epsilon"])))
        if kind == "batch_norm":
            # Paddle's kernel normalises by the running statistics where use_global_stats is set, or in test mode
            # unless trainable_statistics asks otherwise: BatchNorm2D's eval mode, and the older nn.BatchNorm's
            # (use_global_stats False, is_test set), which paddle.vision's DenseNet builds
            batch_statistics = not attrs.get("use_global_stats") and (not attrs.get("is_test")
                                                                      or attrs.get("trainable_statistics"))
            if attrs.get("data_format", "NCHW") != "NCHW" or (batch_statistics and not self.training):
                return self.refuse(op, "batch norm over NHWC, or one that normalises by batch statistics in eval "
                                   "mode", call)
            momentum = float(getattr(layer, "_momentum", _decimal(attrs["momentum"])))
            fields = {"eps": eps, "momentum": float(f"{1 - momentum:.12g}")}  # Paddle's momentum is 1 - torch's
        elif kind == "group_norm":
            fields = {"groups": int(attrs["groups"]), "eps": eps}
        elif kind == "layer_norm":
            if attrs.get("begin_norm_axis") != 1:
                return self.refuse(op, "layer norm over less than every non-batch axis", call)
            fields = {"eps": eps}
        else:
            fields = {"eps": eps}
        self.add(op, kind, fields, [x], f"nn.{type(layer).__name__}" if layer else kind, call, path)

    def pool(self, op: Any, attrs: dict, x: str, call: Call | None) -> None:
        size = self.operand(op, 1)
        kernel = _numbers(size)
        if attrs.get("data_format", "NCHW") != "NCHW" or kernel is None:
            return self.refuse(op, "pooling over NHWC, or with a computed window", call)
        kind = "max_pool2d" if attrs["pooling_type"] == "max" else "avg_pool2d"
        if attrs.get("adaptive"):
            if kind == "max_pool2d":
                return self.refuse(op, "adaptive max pooling; a spec has no such op", call)
            return self.add(op, "adaptive_avg_pool2d", {"output_size": kernel}, [x], "nn.AdaptiveAvgPool2D", call)
        fields = {"kernel_size": kernel, "stride": list(attrs["strides"]), "padding": _padding(attrs),
                  "ceil_mode": bool(attrs["ceil_mode"])}
        if kind == "avg_pool2d":
            if call is not None and getattr(call.layer, "divisor", None):
                return self.refuse(op, "average pooling with a divisor override", call)
            fields["count_include_pad"] = not attrs["exclusive"]
        what = "nn.MaxPool2D" if kind == "max_pool2d" else "nn.AvgPool2D"  # mutation survivor: no message names it
        self.add(op, kind, fields, [x], what, call)

    def reshape(self, op: Any, x: str, call: Call | None) -> None:
        in_shape, out_shape = self.shape_of(x), tuple(int(d) for d in op.results()[0].shape[1:])
        if int(op.results()[0].shape[0]) == BATCH and len(in_shape) == 3 and out_shape == (int(np.prod(in_shape)),):
            self.add(op, "flatten", {}, [x], "paddle.flatten", call)
        elif int(op.results()[0].shape[0]) == BATCH and out_shape == in_shape:
            self.values[op.results()[0].id] = x
        elif self.opens_a_shuffle(op, in_shape, out_shape):
            self.values[op.results()[0].id] = ShuffleGrid(x, out_shape[0])
        else:
            self.refuse(op, f"reshapes {list(in_shape)} to {list(out_shape)}; a spec only flattens all but the batch",
                        call)

    def spatial_mean(self, op: Any, attrs: dict, x: str, call: Call | None) -> None:
        """`x.mean([2, 3])` / `paddle.mean(x, axis=[-2, -1], keepdim=True)` of a map: a global average pool, then a
        flatten unless it keeps the axes."""
        axes, shape = self.operand(op, 1), self.shape_of(x)
        given = _numbers(axes)
        if len(shape) != 3 or given is None or sorted(int(a) % 4 for a in given) != [2, 3]:
            over = f"axes {given}" if given else "every axis"
            return self.refuse(op, f"averages over {over}; a spec averages maps over H and W together (a global "
                               f"average pool)", call)
        pooled = self.add(op, "adaptive_avg_pool2d", {"output_size": 1}, [x], "paddle.mean", call)
        self.layers[-1].shape = (shape[0], 1, 1)
        if not attrs["keepdim"]:
            self.add(op, "flatten", {}, [pooled], "paddle.mean", None)

    @staticmethod
    def opens_a_shuffle(op: Any, in_shape: tuple[int, ...], grid: tuple[int, ...]) -> bool:
        """Whether a reshape of (C, H, W) to (groups, C / groups, H, W) is the first of paddle.vision's
        channel_shuffle: its only use a transpose of axes 1 and 2, whose only use a reshape back to (C, H, W)."""
        if len(in_shape) != 3 or len(grid) != 4 or grid[0] * grid[1] != in_shape[0] or grid[2:] != in_shape[1:]:
            return False
        swap = _only_use(op.results()[0], "pd_op.transpose")
        if swap is None or list(swap.attrs()["perm"]) != [0, 2, 1, 3, 4]:
            return False
        back = _only_use(swap.results()[0], "pd_op.reshape")
        return back is not None and tuple(int(d) for d in back.results()[0].shape[1:]) == in_shape

    def split(self, op: Any, name: str, x: str, call: Call | None) -> None:
        """paddle.split / paddle.chunk of the channels into equal parts: builtin.split then makes each a chunk."""
        shape, axis = self.shape_of(x), self.operand(op, 2 if name == "pd_op.split" else 1)
        if name == "pd_op.split":
            sections = self.operand(op, 1)
            sizes = _numbers(sections) or []
        else:
            sizes = [shape[0] // op.attrs()["num"]] * op.attrs()["num"]
        if -1 in sizes and len(shape) == 3:  # one section given as the rest
            sizes[sizes.index(-1)] = shape[0] - sum(s for s in sizes if s != -1)
        channels = isinstance(axis, Const) and axis.value == 1 and len(shape) == 3  # Paddle's API made -3 into 1
        if not channels or len(set(sizes)) != 1 or sum(sizes) != shape[0]:
            return self.refuse(op, f"{name.removeprefix('pd_op.')} other than into equal parts along the channels of "
                               f"a map; a spec's chunk cuts the channels (axis 1) into equal parts", call)
        self.values[op.results()[0].id] = Parts(x, len(sizes))

    def concat(self, op: Any, call: Call | None) -> None:
        parts = op.operands()[0].source().get_defining_op()
        axis = self.operand(op, 1)
        inputs = [self.values.get(v.source().id) for v in parts.operands()] if parts.name() == "builtin.combine" \
            else []
        if not inputs or not all(isinstance(i, str) for i in inputs):
            return self.refuse(op, "concatenates values that are not layers' outputs", call)
        if not isinstance(axis, Const) or axis.value not in (1, -3):
            where = int(axis.value) if isinstance(axis, Const) else "?"
            return self.refuse(op, f"concatenates along axis {where}; a spec concatenates channels (axis 1)", call)
        self.add(op, "concat", {}, inputs, "paddle.concat", call)

    def dropout(self, op: Any, attrs: dict, x: str, call: Call | None) -> None:
        p = self.operand(op, 2)
        if attrs.get("mode") != "upscale_in_train":  # the op calls downscale_in_infer downgrade_in_infer
            return self.refuse(op, "Dropout(mode='downscale_in_infer') scales by 1 - p at inference; a spec's "
                               "dropout is the identity there (mode='upscale_in_train')", call)
        rate = _decimal(p.value) if isinstance(p, Const) else 0.5  # mutation survivor: Paddle's rates are fulls
        self.add(op, "dropout", {"p": rate}, [x], "nn.Dropout", call)

    def local_response_norm(self, last: Any, call: Call) -> None:
        """nn.LocalResponseNorm, read from the layer (Paddle builds it from a pad, a 3-D average pool over the
        channels, a scale, a pow and a divide): the same size, alpha, beta and k as torch's."""
        layer = call.layer
        x = self.values.get(call.inputs[0])
        if not isinstance(x, str) or layer.data_format != "NCHW":
            return self.refuse(last, "local response norm over NHWC, or of a value that is not a layer's output",
                               call)
        self.add(last, "local_response_norm", {"size": layer.size, "alpha": layer.alpha, "beta": layer.beta,
                                                "k": layer.k}, [x], "nn.LocalResponseNorm", call)


class _NeverReused(dict):
    """to_static's cache of converted code by source text, made to miss: a hit reuses the file and lines the text
    was first converted at, so two forwards that read alike (two blocks' in one file, a model's copied into
    another) would name one place."""

    def __contains__(self, source: object) -> bool:
        return False


def build_program(net: nn.Layer, input_shape: tuple[int, ...]) -> tuple[Any, list[Call]]:
    """(the program to_static builds for `net` in its mode, the leaf layers' calls), or a CaptureError naming the
    user's line where conversion stopped. The program's ops live as long as it does."""
    calls: list[Call] = []
    entered: list[tuple[str, int, list[str]]] = []  # the calls under way, innermost last: (path, start, inputs)

    def count() -> int:
        return len(paddle.static.default_main_program().global_block().ops)

    def before(path: str):
        def hook(layer: nn.Layer, inputs: tuple) -> None:
            entered.append((path, count(), [v.id for v in inputs if hasattr(v, "id")]))
        return hook

    def after(layer: nn.Layer, inputs: tuple, output: Any) -> None:
        path, start, values = entered.pop()  # calls nest, so the innermost ends first
        calls.append(Call(path, layer, start, count(), values))

    hooks = []
    for path, layer in net.named_sublayers():
        hooks += [layer.register_forward_pre_hook(before(path)), layer.register_forward_post_hook(after)]
    converted = program_translator._FUNCTION_CACHE
    shared_by_text, converted._code_to_ast_caches = converted._code_to_ast_caches, _NeverReused()
    try:
        static = paddle.jit.to_static(net.forward, input_spec=[InputSpec([BATCH, *input_shape], "float32")],
                                      full_graph=True)
        program = static.concrete_program
    except Exception as exc:  # noqa: BLE001 - conversion raises whatever the user's forward raises
        text = str(exc).strip()
        where = re.findall(r'File "(.+?)", line (\d+), in', text)
        user = [(f, n) for f, n in where if _users(f)]
        place = f"{Path(user[-1][0]).name}:{user[-1][1]}" if user else "forward"
        why = text.splitlines()[-1].strip().removeprefix(f"{type(exc).__name__}: ") if text else "(no message)"
        raise CaptureError([Problem(f"paddle.jit.to_static stopped: {type(exc).__name__}: {why[:200]}", "",
                                    place)]) from None
    finally:
        converted._code_to_ast_caches = shared_by_text
        for hook in hooks:
            hook.remove()
    return program, calls


def _capture_in(net: nn.Layer, input_shape: tuple[int, ...], training: bool) -> tuple[list[Layer], list[Problem]]:
    """The normal form of `net` in train or eval mode, and the layers with weights it leaves uncalled."""
    net.train() if training else net.eval()
    try:
        with warnings.catch_warnings():  # Paddle's note that batch norm in train mode tracks running statistics
            warnings.filterwarnings("ignore", "When training, we now always track", UserWarning)
            program, calls = build_program(net, input_shape)
        capture = Capture(net, input_shape, calls)
        layers = capture.run(list(program.main_program.global_block().ops), list(program.outputs))
        return layers, capture.uncalled()
    finally:
        net.eval()


def capture(net: nn.Layer, input_shape: tuple[int, ...]) -> list[Layer]:
    """The normal form of `net` in eval mode at `input_shape` (C, H, W), with the auxiliary outputs it returns in
    train mode where eval mode leaves their layers uncalled; or a CaptureError with every problem."""
    return with_auxiliary_outputs(*_capture_in(net, input_shape, False), lambda: _capture_in(net, input_shape, True))
