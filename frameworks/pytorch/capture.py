"""A user's nn.Module in the normal form (shared_specs/normal_form.py), from torch.export's graph at a fixed input
shape: aten ops, each with its shape, its module stack (`nn_module_stack`) and the user's source line. The ops a
torch.nn module's call made become one call of that module, whose settings are read from the module object; the
user's own modules are looked through (their layers keep dotted paths); the other aten ops become the torch calls
the user wrote (F.relu, torch.flatten, x.view(x.size(0), -1), +, torch.cat). That is the graph torch.fx's
symbolic trace gives, which is read where export cannot trace (a branch on values, named at its line); where
symbolic tracing stops at a branch on a shape, fx's meta tracer follows it at the fixed shape, as export does.
The capture is of eval mode; where that leaves modules with weights uncalled, train mode is captured too, for
auxiliary heads (shared_specs.normal_form.with_auxiliary_outputs).

Every construct a spec cannot express is collected with its place, so that they are reported all at once.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import logging
import operator
import re
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch
import torch.fx
from torch import nn
from torch.fx.experimental.meta_tracer import MetaTracer
from torch.fx.operator_schemas import normalize_function
from torch.fx.passes.shape_prop import ShapeProp
from torch.nn.modules.utils import _pair
from torch.nn.utils import parametrize

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

TORCH_DIRS = path_spellings(Path(torch.__file__).parent)
THIS_DIR = path_spellings(Path(__file__).parent)
FRAME = re.compile(r'File "(.+?)", line (\d+), in (\S+)\n\s*(.*)')
ACTIVATION_MODULES = {nn.ReLU: "relu", nn.ReLU6: "relu6", nn.Hardswish: "hardswish", nn.Hardsigmoid: "hardsigmoid",
                      nn.Tanh: "tanh", nn.Sigmoid: "sigmoid"}
ACTIVATION_FUNCTIONS = {torch.relu: "relu", nn.functional.relu: "relu", nn.functional.relu6: "relu6",
                        nn.functional.hardswish: "hardswish", nn.functional.hardsigmoid: "hardsigmoid",
                        torch.tanh: "tanh", nn.functional.tanh: "tanh",
                        torch.sigmoid: "sigmoid", nn.functional.sigmoid: "sigmoid"}
ACTIVATION_METHODS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid"}
SOFTMAX_MODULES = {nn.Softmax: "softmax", nn.LogSoftmax: "log_softmax"}
SOFTMAX_FUNCTIONS = {nn.functional.softmax: "softmax", torch.softmax: "softmax",
                     nn.functional.log_softmax: "log_softmax", torch.log_softmax: "log_softmax"}
SOFTMAX_METHODS = set(SOFTMAX_MODULES.values())  # x.softmax(1): the method's name is the op's
RESHAPES = {"view", "reshape", "flatten"}
COPIES = {"clone", "detach", "contiguous"}  # the value itself, to a spec
INDEXING = {operator.getitem, torch.ops.aten.slice.Tensor, torch.ops.aten.select.int, torch.ops.aten.index.Tensor}
POOLS = (nn.functional.max_pool2d, nn.functional.max_pool2d_with_indices, nn.functional.avg_pool2d,
         nn.functional.adaptive_avg_pool2d)
ADDS = (operator.add, torch.add, operator.iadd, "add")
MULTIPLIES = (operator.mul, torch.mul, operator.imul, "mul")
SPLITS = (torch.chunk, torch.split, "chunk", "split")
SIZE_ARITHMETIC = (operator.floordiv, operator.mul, operator.add, operator.sub)  # c // groups of x.size()


class _Tracer(torch.fx.Tracer):
    record_stack_traces = True


class _ShapeTracer(MetaTracer):
    """fx's tracer with meta tensors of the fixed input shape behind its proxies: `x.shape[1]` is a number, so
    Python that branches on shapes is followed (as torch.export at that shape would), and the graph keeps
    torch.nn's modules as leaves. Used where the plain trace stops at such a branch."""

    record_stack_traces = True


def _innermost_user_frame(stack: str) -> tuple[str, str, str, str] | None:
    """(file, line, function, code) of the innermost frame of a recorded stack outside torch itself."""
    frames = [frame for frame in FRAME.findall(stack) if not frame[0].startswith(TORCH_DIRS)]
    return frames[-1] if frames else None


def _user_frame(stack: str) -> str:
    """'net.py:17' for the innermost frame of a recorded stack outside torch itself."""
    frame = _innermost_user_frame(stack)
    return f"{Path(frame[0]).name}:{frame[1]}" if frame else "?"


def _user_call(stack: str, name: str, fallback: str) -> str:
    """The user's spelling of a call of `name`, read off the innermost user line of a recorded stack (`F.gelu` in
    `return F.gelu(x)`, whether the graph holds aten.gelu or F.gelu; `y.softmax` for a tensor method), so that
    either tracer names a call alike; `fallback` where the line holds no call of that name."""
    frame = _innermost_user_frame(stack)
    calls = re.findall(r"(\.?[A-Za-z_][\w.]*)\s*\(", frame[3]) if frame else []  # `.view(` of `f(x).view(`: x.view
    return next((f"x{call}" if call.startswith(".") else call for call in calls
                 if call.rpartition(".")[2] in (name, name.lstrip("_"), f"{name}_")), fallback)


@contextlib.contextmanager
def _user_frames_kept(net: nn.Module) -> Iterator[None]:
    """torch.export keeps, of a node's stack, only the frames of functions named `forward`: the user's other
    functions (a `_forward_impl` forward delegates to, a helper of the model's file) are registered for the while
    as frames it keeps too, so that a problem is named at the line of the construct itself."""
    classes = {cls for module in net.modules() for cls in type(module).__mro__}
    methods = [value for cls in classes for value in vars(cls).values() if inspect.isfunction(value)]
    # the modules that define them, read through the methods, which hold them whether sys.modules does or not
    namespaces = {id(method.__globals__): method.__globals__ for method in methods}.values()
    found = [*methods, *(value for namespace in namespaces for value in namespace.values() if inspect.isfunction(value))]
    anchors = {(f.__code__.co_filename, f.__code__.co_name) for f in found
               if not f.__code__.co_filename.startswith(TORCH_DIRS)} - torch.fx.proxy._STACK_TRACE_ANCHORS
    torch.fx.proxy._STACK_TRACE_ANCHORS.update(anchors)
    try:
        yield
    finally:
        torch.fx.proxy._STACK_TRACE_ANCHORS.difference_update(anchors)


def _scope(node: torch.fx.Node) -> tuple[tuple[str, str], ...]:
    """The modules fx saw the node's call inside, outermost first, less the node's own module."""
    stack = [(path, getattr(kind, "__name__", str(kind).rpartition(".")[2]))
             for path, kind in node.meta.get("nn_module_stack", {}).values()]
    return tuple(stack[:-1] if node.op == "call_module" and stack and stack[-1][0] == node.target else stack)


def _named_arguments(node: torch.fx.Node) -> dict[str, Any]:
    """A call's arguments by its parameters' names, their defaults filled in: `F.softmax(x, 1)`,
    `torch.softmax(x, dim=1)` and `x.softmax(1)` read alike (a tensor method as the torch function of its name)."""
    target = getattr(torch, node.target) if node.op == "call_method" else node.target
    return normalize_function(target, node.args, node.kwargs, normalize_to_only_use_kwargs=True).kwargs


def _is_reshape(node: torch.fx.Node) -> bool:
    return node.target in (torch.flatten, torch.reshape) or (node.op == "call_method" and node.target in RESHAPES)


def _is_copy(node: torch.fx.Node) -> bool:
    return node.target in (torch.clone, torch.detach) or (node.op == "call_method" and node.target in COPIES)


def _swaps_the_grid_axes(node: torch.fx.Node) -> bool:
    """Whether a node transposes axes 1 and 2 of a 5-D tensor: `torch.transpose(x, 1, 2)`, `x.transpose(2, 1)`,
    `x.permute(0, 2, 1, 3, 4)`."""
    if node.target in (torch.transpose, "transpose"):
        given = _named_arguments(node)
        return {given["dim0"] % 5, given["dim1"] % 5} == {1, 2}
    if node.target in (torch.permute, "permute"):
        dims = node.args[1:] if node.op == "call_method" and not isinstance(node.args[1], (list, tuple)) else \
            node.args[1]
        return [d % 5 for d in dims] == [0, 2, 1, 3, 4]
    return False


def _equal_parts(given: dict[str, Any], shape: tuple[int, ...]) -> int | None:
    """How many equal channel parts `torch.chunk` / `torch.split` (by their arguments) cut a (C, H, W) map into;
    None for any other cut (torch's chunk of 6 channels into 4 gives three parts of 2: refused too)."""
    if len(shape) != 3 or not _is_channel_axis(given["dim"], shape):
        return None
    channels = shape[0]
    if "chunks" in given:
        return given["chunks"] if channels % given["chunks"] == 0 else None
    size = given["split_size_or_sections"]
    if isinstance(size, int):
        return channels // size if channels % size == 0 else None
    return len(size) if len(set(size)) == 1 else None


def _is_channel_axis(dim: int | None, shape: tuple[int, ...]) -> bool:
    """Whether `dim` (1, or -3 of maps, -1 of features) of a [batch, *shape] tensor is the axis of its channels or
    features: the one a spec's softmax and concat work along."""
    return dim is not None and dim % (len(shape) + 1) == 1


def trace(net: nn.Module, input_shape: tuple[int, ...]) -> torch.fx.GraphModule:
    """fx's graph of `net`, or a CaptureError naming the user's line where tracing stopped (a branch on a
    tensor's value, a call fx cannot follow). A branch on a shape is followed at `input_shape`."""
    try:
        return torch.fx.GraphModule(net, _Tracer().trace(net))
    except torch.fx.proxy.TraceError as exc:  # a branch: on a shape (followed below), or on values (refused)
        branch = exc
    except Exception as exc:  # noqa: BLE001 - fx raises TypeError or whatever the user's forward raises
        raise _refusal(exc) from None
    try:
        argument = next(iter(inspect.signature(net.forward).parameters))
        with warnings.catch_warnings():  # shapes the meta pass cannot compute are ShapeProp's to find
            warnings.simplefilter("ignore", UserWarning)
            batch = torch.zeros(2, *input_shape, device="meta")  # pragma: no mutate: any batch above 1 alike
            graph = _ShapeTracer().trace(net, meta_args={argument: batch})
        return torch.fx.GraphModule(net, graph)
    except Exception:  # noqa: BLE001 - the meta tensors have no values either: the branch is on values
        raise _refusal(branch) from None


def _to_module_form(op: Any) -> tuple[str, Any]:
    """An aten op of an exported graph as the call symbolic tracing records for what the user wrote: (fx op,
    target), the target taking the op's arguments in the op's order (a copy or an alias as torch.clone or
    torch.detach: the value itself to a spec). Ops without a counterpart stay aten ops."""
    aten = torch.ops.aten
    functions = {aten.clone.default: torch.clone, aten.lift_fresh_copy.default: torch.clone,
                 aten.alias.default: torch.detach, aten.detach.default: torch.detach,
                 aten.relu.default: torch.relu, aten.relu_.default: torch.relu, aten.sigmoid.default: torch.sigmoid,
                 aten.tanh.default: torch.tanh, aten.softmax.int: torch.softmax,
                 aten.relu6.default: nn.functional.relu6, aten.relu6_.default: nn.functional.relu6,
                 aten.hardtanh.default: nn.functional.hardtanh, aten.hardtanh_.default: nn.functional.hardtanh,
                 aten.hardswish.default: nn.functional.hardswish, aten.hardswish_.default: nn.functional.hardswish,
                 aten.hardsigmoid.default: nn.functional.hardsigmoid,
                 aten.hardsigmoid_.default: nn.functional.hardsigmoid,
                 aten.log_softmax.int: torch.log_softmax, aten.flatten.using_ints: torch.flatten,
                 aten.add.Tensor: operator.add, aten.add_.Tensor: operator.add, aten.mul.Tensor: operator.mul,
                 aten.mul_.Tensor: operator.mul, aten.cat.default: torch.cat,
                 aten.max_pool2d.default: nn.functional.max_pool2d, aten.avg_pool2d.default: nn.functional.avg_pool2d,
                 aten.max_pool2d_with_indices.default: nn.functional.max_pool2d_with_indices,
                 aten.adaptive_avg_pool2d.default: nn.functional.adaptive_avg_pool2d,
                 aten.dropout.default: nn.functional.dropout, aten.pad.default: nn.functional.pad,
                 aten.mean.dim: torch.mean, aten.mean.default: torch.mean,
                 aten.chunk.default: torch.chunk, aten.split.Tensor: torch.split,
                 aten.split_with_sizes.default: torch.split, aten.transpose.int: torch.transpose,
                 aten.permute.default: torch.permute, aten.channel_shuffle.default: nn.functional.channel_shuffle}
    if op in (aten.view.default, aten.reshape.default, aten._unsafe_view.default):
        return "call_method", "view"
    if op is aten.contiguous.default:
        return "call_method", "contiguous"
    return "call_function", functions.get(op, op)


def exported(net: nn.Module, input_shape: tuple[int, ...]) -> torch.fx.Graph | None:
    """torch.export's graph of `net` at `input_shape`, in the form symbolic tracing gives (each torch.nn module's
    call one call_module node, the user's functions and tensor methods as torch-level calls), with every shape
    and the stack it was called from; None where export cannot trace it (a branch on values, a call it cannot
    follow): symbolic tracing then names where."""
    logging.disable(logging.CRITICAL)  # export logs and prints the graph it gave up on; symbolic tracing says where
    try:
        with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
            warnings.simplefilter("ignore")
            with _user_frames_kept(net):
                batch = torch.zeros(2, *input_shape)  # pragma: no mutate: any batch above 1 traces alike
                program = torch.export.export(net, (batch,))
    except Exception:  # noqa: BLE001 - whatever the user's forward raises under export
        return None
    finally:
        logging.disable(logging.NOTSET)
    modules, signature = dict(net.named_modules()), program.graph_signature
    attributes = {**signature.inputs_to_parameters, **signature.inputs_to_buffers,
                  **signature.inputs_to_lifted_tensor_constants}
    graph, env, calls = torch.fx.Graph(), {}, {}
    is_leaf = _Tracer().is_leaf_module  # what symbolic tracing keeps as one call

    def leaf_call(node: torch.fx.Node) -> tuple[str, list] | None:
        """(the key of the torch.nn module call the node is inside, the stack down to that module), if any."""
        stack = [(key, entry) for key, entry in node.meta.get("nn_module_stack", {}).items() if entry[0]]
        for depth, (key, (path, _)) in enumerate(stack):
            if path in modules and is_leaf(modules[path], path):
                return key, [entry for _, entry in stack[:depth + 1]]
        return None

    def mapped(value: Any, reader: torch.fx.Node) -> Any:
        """`value`, an argument of `reader`, with the new graph's nodes for the exported graph's."""
        if isinstance(value, torch.fx.Node):
            if value.name not in env:  # a parameter, buffer or constant read outside a module: named where read
                env[value.name] = graph.get_attr(attributes[value.name])
                env[value.name].meta["stack_trace"] = reader.meta.get("stack_trace") or ""
            return env[value.name]
        if isinstance(value, dict):
            return {key: mapped(v, reader) for key, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(mapped(v, reader) for v in value)
        return value

    def annotate(new: torch.fx.Node, node: torch.fx.Node, stack: list) -> None:
        new.meta["stack_trace"] = node.meta.get("stack_trace") or ""
        new.meta["nn_module_stack"] = {str(i): entry for i, entry in enumerate(stack)}
        value = node.meta.get("val")
        if isinstance(value, torch.Tensor):
            new.meta["tensor_meta"] = _Meta(tuple(value.shape))

    leaf_calls = {node.name: leaf_call(node) for node in program.graph.nodes if node.op == "call_function"}
    members: dict[str, list[torch.fx.Node]] = {}  # each torch.nn module call's ops, by its key
    for node in program.graph.nodes:
        if leaf_calls.get(node.name) is not None:
            members.setdefault(leaf_calls[node.name][0], []).append(node)
    for node in program.graph.nodes:
        if node.op == "placeholder":
            if node.name in signature.user_inputs:
                env[node.name] = graph.placeholder(node.name)
                annotate(env[node.name], node, [])
            continue
        if node.op == "output":
            outputs = [env[spec.arg.name] for spec in signature.output_specs
                       if spec.kind == torch.export.graph_signature.OutputKind.USER_OUTPUT]
            graph.output(outputs[0] if len(outputs) == 1 else tuple(outputs))
            continue
        stack = [entry for entry in node.meta.get("nn_module_stack", {}).values() if entry[0]]
        call = leaf_calls[node.name]
        if call is not None:
            key, leaf_stack = call
            if key not in calls:  # its first op: the module's call, reading the module's inputs
                inside = {n.name for n in members[key]}
                inputs = dict.fromkeys(a for n in members[key] for a in n.all_input_nodes if a.name not in inside
                                       and a.name not in attributes)
                outputs = [n for n in members[key] if any(u.name not in inside for u in n.users)]
                if len(outputs) != 1:
                    return None  # several results (a max pool's indices): symbolic tracing reads this module
                new = graph.call_module(leaf_stack[-1][0], tuple(mapped(a, node) for a in inputs))
                annotate(new, outputs[0], leaf_stack)
                new.meta["stack_trace"] = node.meta.get("stack_trace") or ""
                calls[key] = (new, outputs[0].name)
            new, output = calls[key]
            if node.name == output:
                env[node.name] = new
            continue
        new = graph.create_node(*_to_module_form(node.target), mapped(node.args, node), mapped(node.kwargs, node))
        annotate(new, node, stack)
        env[node.name] = new
    return graph


class _Meta:
    """The shape a node's tensor_meta gives the capture."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape


def _refusal(exc: Exception) -> CaptureError:
    """The CaptureError naming the user's line where tracing stopped."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(TORCH_DIRS)
              and not f.filename.startswith(THIS_DIR)]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "forward"
    code = f" `{frames[-1].line}`" if frames and frames[-1].line else ""
    if "control flow" in str(exc) or "iterate" in str(exc) or isinstance(exc, torch.fx.proxy.TraceError):
        what = f"data-dependent control flow{code}: a spec is one static graph"
    else:
        what = f"tracing stopped{code}: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
    return CaptureError([Problem(what, "", where)])


class Capture:
    """The normal form of one traced module, built node by node."""

    def __init__(self, net: nn.Module, input_shape: tuple[int, ...]) -> None:
        self.input_shape = tuple(input_shape)
        self.modules = dict(net.named_modules())
        # a top-level nn.Sequential of numbered leaf layers stays a group, so its weight keys keep their numbers
        self.groups = {name for name, m in net.named_children() if isinstance(m, nn.Sequential) and len(m)
                       and all(key.isdigit() and not list(child.children()) and not isinstance(child, nn.Identity)
                               for key, child in m.named_children())}
        self.layers: list[Layer] = []
        self.problems: list[Problem] = []
        self.values: dict[str, str | None] = {}  # fx node name -> normal-form name of its tensor (None: not a tensor)
        self.sizes: set[str] = set()  # fx nodes holding sizes (x.size(0), x.shape): only views may read them
        self.calls: dict[str, int] = {}  # module path -> times called
        self.output = ""  # the layer the model returns
        self.aux: list[str] = []  # in train mode, the layers it returns after the output
        self.training = net.training
        self.pads: dict[str, tuple[int, int, int, int]] = {}  # fx node of an F.pad -> (top, bottom, left, right)
        self.parts: dict[str, tuple[str, int]] = {}  # fx node of x.chunk / torch.split -> (its input, parts)
        self.part_names: dict[str, list[str]] = {}  # the same -> its chunk layers, once a part is read
        self.shuffles: dict[str, int] = {}  # the last view of a view-transpose-view channel shuffle -> groups
        self.inside_shuffles: set[str] = set()  # the transposes and copies between those views
        self.taken: set[str] = {INPUT}

    # ------------------------------------------------------------- helpers
    def shape(self, node: torch.fx.Node) -> tuple[int, ...]:
        return tuple(node.meta["tensor_meta"].shape[1:])

    def origin(self, node: torch.fx.Node, what: str) -> str:
        return f"{what} at {_user_frame(node.meta.get('stack_trace') or '')}"

    def problem(self, node: torch.fx.Node, what: str, path: str = "", kind: str = "") -> None:
        self.problems.append(Problem(what, path, _user_frame(node.meta.get("stack_trace") or "")
                                     + (f" ({kind})" if kind else "")))

    def fresh(self, wanted: str) -> str:
        name = re.sub(r"\W", "_", wanted)
        name, n = (name if name[0].isalpha() else f"layer_{name}"), 2
        candidate = name
        while candidate in self.taken:
            candidate, n = f"{name}_{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def tensor(self, node: torch.fx.Node) -> str | None:
        """The normal-form name of a node's tensor; None for a value that is not one, or that a problem stopped."""
        return self.values.get(node.name)

    def add(self, node: torch.fx.Node, op: str, attrs: dict, inputs: list[str], what: str, source: str = "",
            name: str | None = None) -> None:
        in_shape = self.layers_shape(inputs[0])
        head = source.partition(".")[0]  # a group's rows are its leaf children: "features.0"
        group = head if head in self.groups else ""
        # a function's node is named as fx names it, without the underscore before a count: the loader names
        # unnamed rows relu_1, relu_2, ... and the two must not meet
        layer = Layer(self.fresh(name or (source.replace(".", "_") if source else re.sub(r"_(\d+)$", r"\1",
                                                                                        node.name))), op,
                      resolve(op, attrs, in_shape), tuple(inputs), self.shape(node), source, self.origin(node, what),
                      group, in_shape, _scope(node))
        self.layers.append(layer)
        self.values[node.name] = layer.name

    def layers_shape(self, name: str) -> tuple[int, ...]:
        if name == INPUT:
            return self.input_shape
        return next(x.shape for x in reversed(self.layers) if x.name == name)

    # ------------------------------------------------------------- nodes
    def run(self, graph: torch.fx.Graph) -> list[Layer]:
        for node in graph.nodes:
            if node.op == "placeholder":
                self.values[node.name] = INPUT
            elif node.op == "call_module":
                self.module(node)
            elif node.op in ("call_function", "call_method"):
                self.function(node)
            elif node.op == "get_attr":
                self.problem(node, f"reads the tensor attribute '{node.target}' inside forward (a constant or a "
                             f"parameter outside any layer)", node.target)
                self.values[node.name] = None
            elif node.op == "output" and not self.problems:
                self.returns(node)
        if self.problems:
            raise CaptureError(self.problems)
        return contributing(self.layers, self.output, self.aux)

    def returns(self, node: torch.fx.Node) -> None:
        """The output, and in train mode the auxiliary outputs returned after it (a tuple)."""
        result = node.args[0]
        several = isinstance(result, (tuple, list)) and self.training
        values = list(result) if several else [result]
        if not several and not isinstance(result, torch.fx.Node):
            self.problems.append(Problem("returns several values in eval mode; a spec has one output there", "",
                                         "forward"))
        elif not all(isinstance(v, torch.fx.Node) and self.values.get(v.name) not in (None, INPUT) for v in values):
            self.problems.append(Problem("returns something that is not a layer's output", "", "forward"))
        else:
            self.output, *self.aux = (self.values[v.name] for v in values)

    def uncalled(self, layers: list[Layer]) -> list[Problem]:
        """Modules with weights that no layer came from (a GoogLeNet's auxiliary heads in eval mode): the spec
        cannot hold their weights."""
        called = {x.source for x in layers}
        return [Problem(f"nn.{type(m).__name__} is never called by forward at this input", path, "forward")
                for path, m in self.modules.items() if path and not list(m.children())
                and any(True for _ in m.parameters()) and path not in called]

    def module(self, node: torch.fx.Node) -> None:
        path, module = node.target, self.modules[node.target]
        kind = f"nn.{type(module).__name__}"
        self.calls[path] = self.calls.get(path, 0) + 1
        stateful = any(True for _ in module.parameters()) or any(True for _ in module.buffers())
        if self.calls[path] > 1 and stateful:
            self.problem(node, f"{kind} '{path}' is called a second time: its weights would be shared between two "
                         f"places, which a spec (one set of weights per layer) cannot say", path, kind)
            self.values[node.name] = None
            return
        source = path if self.calls[path] == 1 else ""
        name = path.replace(".", "_") if self.calls[path] == 1 else f"{path.replace('.', '_')}_{self.calls[path]}"
        x = self.tensor(node.args[0]) if node.args else None
        converted = self.module_op(node, module, kind, path)  # named even downstream of another problem
        if x is None or converted is None:
            self.values[node.name] = None
            return
        op, attrs = converted
        if op == "identity":
            self.values[node.name] = x
            return
        padded = node.args[0].name in self.pads
        if padded:  # F.pad, then this convolution: one convolution with that padding, if a spec can say it
            attrs["padding"] = self.pads[node.args[0].name]
        self.add(node, op, attrs, [x], kind, source, name)
        if padded and spelling(self.layers[-1], self.layers_shape(x)) is None:
            self.problem(node, f"asymmetric padding {list(attrs['padding'])} (top, bottom, left, right) before it "
                         f"that is not 'same'; a spec pads symmetrically or as 'same'", path, kind)

    def module_op(self, node: torch.fx.Node, m: nn.Module, kind: str, path: str) -> tuple[str, dict] | None:
        def refuse(why: str) -> None:
            self.problem(node, why, path, kind)

        if parametrize.is_parametrized(m):
            return refuse("its weights are parametrized (weight_norm, spectral_norm): a spec's layer holds its weights "
                          "itself; remove_parametrizations first")
        if m._forward_pre_hooks or m._forward_hooks:
            return refuse("hooks run around its call (the older torch.nn.utils.weight_norm): a spec's layer is its op "
                          "alone")
        if isinstance(m, nn.Conv2d):
            if m.padding_mode != "zeros":
                return refuse(f"padding_mode='{m.padding_mode}': a spec's convolution pads with zeros")
            padding = "same" if m.padding == "same" else 0 if m.padding == "valid" else list(m.padding)
            return "conv2d", {"out_channels": m.out_channels, "kernel_size": list(m.kernel_size),
                              "stride": list(m.stride), "padding": padding, "dilation": list(m.dilation),
                              "groups": m.groups, "bias": m.bias is not None}
        if isinstance(m, nn.Linear):
            return "linear", {"out_features": m.out_features, "bias": m.bias is not None}
        if isinstance(m, nn.BatchNorm2d):
            if not m.affine or not m.track_running_stats or m.momentum is None:
                return refuse("batch norm without affine weights, running statistics or a momentum")
            return "batch_norm", {"eps": m.eps, "momentum": m.momentum}
        if isinstance(m, nn.MaxPool2d):
            if _pair(m.dilation) != (1, 1) or m.return_indices:
                return refuse("max pooling with dilation or returned indices")
            return "max_pool2d", {"kernel_size": m.kernel_size, "stride": m.stride,
                                  "padding": m.padding, "ceil_mode": m.ceil_mode}
        if isinstance(m, nn.AvgPool2d):
            if m.divisor_override is not None:
                return refuse("average pooling with divisor_override")
            return "avg_pool2d", {"kernel_size": m.kernel_size, "stride": m.stride,
                                  "padding": m.padding, "ceil_mode": m.ceil_mode,
                                  "count_include_pad": m.count_include_pad}
        if isinstance(m, nn.AdaptiveAvgPool2d):
            return "adaptive_avg_pool2d", {"output_size": m.output_size}
        if isinstance(m, nn.GroupNorm):
            if not m.affine:
                return refuse("group norm without affine weights")
            return "group_norm", {"groups": m.num_groups, "eps": m.eps}
        if isinstance(m, nn.InstanceNorm2d):
            if not m.affine or m.track_running_stats:
                return refuse("instance norm needs affine=True and no running statistics")
            return "instance_norm", {"eps": m.eps}
        if isinstance(m, nn.LayerNorm):
            if not m.elementwise_affine or tuple(m.normalized_shape) != self.shape(node) or m.bias is None:
                return refuse("layer norm over less than every non-batch axis, or without affine weights")
            return "layer_norm", {"eps": m.eps}
        if isinstance(m, nn.LocalResponseNorm):
            return "local_response_norm", {"size": m.size, "alpha": m.alpha, "beta": m.beta, "k": m.k}
        if isinstance(m, nn.Dropout):
            return "dropout", {"p": m.p}
        if type(m) in ACTIVATION_MODULES:
            return ACTIVATION_MODULES[type(m)], {}
        if isinstance(m, nn.Hardtanh):
            return ("relu6", {}) if (m.min_val, m.max_val) == (0, 6) else refuse(
                f"nn.Hardtanh({m.min_val}, {m.max_val}); a spec's relu6 clips to [0, 6]")
        if type(m) in SOFTMAX_MODULES:
            op = SOFTMAX_MODULES[type(m)]
            return (op, {}) if _is_channel_axis(m.dim, self.shape(node)) else refuse(
                f"{op} over dim {m.dim}; a spec's {op} is over the channels or features")
        if isinstance(m, nn.Flatten):
            return self.flatten_op(node, path, kind) if (m.start_dim, m.end_dim) == (1, -1) else refuse(
                f"nn.Flatten({m.start_dim}, {m.end_dim}); a spec flattens all but the batch")
        if isinstance(m, nn.ChannelShuffle):
            return "channel_shuffle", {"groups": m.groups}
        if isinstance(m, nn.Identity):
            return "identity", {}
        return refuse(f"{kind} has no Rosetta op")

    def flatten_op(self, node: torch.fx.Node, path: str, kind: str) -> tuple[str, dict] | None:
        x = node.args[0]
        in_shape = tuple(x.meta["tensor_meta"].shape[1:])
        out_shape = self.shape(node)
        if node.name in self.shuffles:
            return "channel_shuffle", {"groups": self.shuffles[node.name]}
        if len(in_shape) == 1 and out_shape == in_shape:
            return "identity", {}
        if self.opens_a_shuffle(node, in_shape, out_shape):
            return "identity", {}
        if len(in_shape) == 3 and out_shape == (in_shape[0] * in_shape[1] * in_shape[2],):
            return "flatten", {}
        self.problem(node, f"reshapes {list(in_shape)} to {list(out_shape)}; a spec only flattens all but the batch",
                     path, kind)
        return None

    def opens_a_shuffle(self, view: torch.fx.Node, in_shape: tuple[int, ...], grid: tuple[int, ...]) -> bool:
        """torchvision's channel_shuffle: (C, H, W) viewed as (groups, C / groups, H, W), axes 1 and 2 transposed,
        perhaps made contiguous, and viewed back as (C, H, W) -- one channel_shuffle, which the last view becomes."""
        if len(in_shape) != 3 or len(grid) != 4 or grid[0] * grid[1] != in_shape[0] or grid[2:] != in_shape[1:]:
            return False
        chain, node = [], view
        while len(node.users) == 1 and not (chain and _is_reshape(node)):
            node = next(iter(node.users))
            chain.append(node)
        *middle, last = chain or [view]
        if not (middle and _swaps_the_grid_axes(middle[0]) and all(_is_copy(n) for n in middle[1:])
                and _is_reshape(last) and self.shape(last) == in_shape):
            return False
        self.shuffles[last.name] = grid[0]
        self.inside_shuffles.update(n.name for n in middle)
        return True

    def split(self, node: torch.fx.Node, x: str, kind: str) -> None:
        """`x.chunk(k, dim=1)`, `torch.split(x, size, dim=1)` into equal parts: each part the getitem takes
        becomes a chunk."""
        parts = _equal_parts(_named_arguments(node), tuple(node.args[0].meta["tensor_meta"].shape[1:]))
        if parts is None:
            self.problem(node, f"{kind} other than into equal parts along the channels of a map; a spec's chunk cuts "
                         f"the channels (dim 1) into equal parts", "", kind)
            return
        self.parts[node.name] = (x, parts)

    def part(self, getitem: torch.fx.Node, split: str, index: int) -> str:
        """The chunk layer of part `index`; the first part read makes every part's layer, in order, so that the
        rows do not follow the order the parts are read in (which export and symbolic tracing differ on)."""
        x, chunks = self.parts[split]
        if split not in self.part_names:
            for i in range(chunks):
                self.add(getitem, "chunk", {"chunks": chunks, "index": i}, [x], "x.chunk", name=f"{split}_part{i}")
            self.part_names[split] = [layer.name for layer in self.layers[-chunks:]]
        return self.part_names[split][index % chunks]

    def function(self, node: torch.fx.Node) -> None:
        target, args = node.target, node.args
        if node.name in self.inside_shuffles:  # the transpose (and copy) inside a channel shuffle
            self.values[node.name] = self.values.get(args[0].name)
            return
        if target is operator.getitem and isinstance(args[0], torch.fx.Node) and args[0].name in self.parts:
            self.values[node.name] = self.part(node, args[0].name, args[1])
            return
        if isinstance(target, torch._ops.OpOverload):  # an exported op without a torch-level form: aten.gelu
            name, kind = str(target).split(".")[1], str(target).removesuffix(".default")
        else:
            name = target if isinstance(target, str) else getattr(target, "__name__", str(target))
            kind = f"x.{name}" if node.op == "call_method" else f"{getattr(target, '__module__', '') or 'torch'}.{name}"
            kind = kind.replace("torch.nn.functional", "F").replace("_operator", "operator").replace("torch._C._nn",
                                                                                                     "F")
        kind = "x[...]" if target in INDEXING else _user_call(node.meta.get("stack_trace") or "", name, kind)
        nodes = [a for a in args if isinstance(a, torch.fx.Node)]
        if (node.op == "call_method" and target == "size") or target is getattr or (
                target is operator.getitem and isinstance(args[0], torch.fx.Node) and args[0].name in self.sizes) or (
                target in SIZE_ARITHMETIC and nodes and all(a.name in self.sizes for a in nodes)):
            self.sizes.add(node.name)  # x.size(0), x.shape, x.shape[0]: sizes a view reads
            self.values[node.name] = None
            return
        if self.is_binary(node) and not all(self.is_tensor(a) for a in args):
            self.constant_operand(node, args, kind)  # named even downstream of another problem
            self.values[node.name] = None
            return
        flat = [a for arg in args for a in (arg if isinstance(arg, (list, tuple)) else [arg])]  # torch.cat's list
        tensors = [a for a in flat if isinstance(a, torch.fx.Node)]
        inputs = [self.tensor(a) for a in tensors if a.name not in self.sizes]
        if not inputs:
            self.problem(node, f"{kind} makes a tensor of constants inside forward, no layer's output; a spec "
                         f"computes from its input only", "", kind)
        if not inputs or (None in inputs and target in INDEXING):  # the second: an item of a refused call's tuple
            self.values[node.name] = None
            return
        if target is torch.mean or (node.op == "call_method" and target == "mean"):
            self.spatial_mean(node, inputs[0], kind)
            return
        if target in SPLITS:
            self.values[node.name] = None
            if inputs[0] is not None:
                self.split(node, inputs[0], kind)
            return
        op = self.function_op(node, target, args, kind)  # named even downstream of another problem
        if op is None or None in inputs:  # the second: downstream of a value a problem stopped
            self.values[node.name] = None
            return
        op_name, attrs = op
        if op_name == "identity":
            self.values[node.name] = inputs[0]
            return
        self.add(node, op_name, attrs, inputs, kind, name="shuffle" if node.name in self.shuffles else None)

    def function_op(self, node: torch.fx.Node, target: Any, args: tuple, kind: str) -> tuple[str, dict] | None:
        if target in ACTIVATION_FUNCTIONS or (node.op == "call_method" and target in ACTIVATION_METHODS):
            return ACTIVATION_FUNCTIONS.get(target) or ACTIVATION_METHODS[target], {}
        if target in SOFTMAX_FUNCTIONS or (node.op == "call_method" and target in SOFTMAX_METHODS):
            op, dim = SOFTMAX_FUNCTIONS.get(target) or target, _named_arguments(node)["dim"]
            if _is_channel_axis(dim, self.shape(node)):
                return op, {}
            self.problem(node, f"{op} over dim {dim}; a spec's {op} is over the channels or features", "", kind)
            return None
        if target is nn.functional.hardtanh:
            bounds = _named_arguments(node)
            if (bounds["min_val"], bounds["max_val"]) == (0, 6):
                return "relu6", {}
            self.problem(node, f"hardtanh to [{bounds['min_val']}, {bounds['max_val']}]; a spec's relu6 clips to "
                         f"[0, 6]", "", kind)
            return None
        if target in (torch.clone, torch.detach) or (node.op == "call_method" and target in COPIES):
            return "identity", {}
        if target in (torch.flatten, torch.reshape) or (node.op == "call_method" and target in RESHAPES):
            return self.flatten_op(node, "", kind)
        if self.is_binary(node):
            if node.kwargs.get("alpha", 1) != 1:
                self.problem(node, f"adds alpha={node.kwargs['alpha']} times a tensor; a spec's add is a plain sum",
                             "", kind)
                return None
            return "add" if target in ADDS else "multiply", {}
        if target is torch.cat:
            dim = _named_arguments(node)["dim"]
            if not _is_channel_axis(dim, self.shape(node)):
                self.problem(node, f"concatenates along dim {dim}; a spec concatenates channels (dim 1)", "", kind)
                return None
            return "concat", {}
        if target is nn.functional.pad:
            return self.pad(node, kind)
        if target is nn.functional.channel_shuffle:
            return "channel_shuffle", {"groups": node.kwargs.get("groups", args[1] if len(args) > 1 else None)}
        if target is nn.functional.dropout:
            return "dropout", {"p": _named_arguments(node)["p"]}
        if target in POOLS:
            return self.functional_pool(node, target, kind)
        self.problem(node, f"{kind} has no Rosetta op", "", kind)
        return None

    def spatial_mean(self, node: torch.fx.Node, x: str | None, kind: str) -> None:
        """`x.mean([2, 3])` of maps (torchvision's ShuffleNet v2 and MNASNet end so): a global average pool, then a
        flatten unless it keeps the dims."""
        given = _named_arguments(node)
        dims, rank = given.get("dim"), len(node.args[0].meta["tensor_meta"].shape)
        dims = [dims] if isinstance(dims, int) else dims
        spatial = rank == 4 and dims is not None and sorted(d % rank for d in dims) == [2, 3]
        if not spatial:
            self.problem(node, f"averages over {'every axis' if dims is None else f'dims {list(dims)}'}; a spec "
                         f"averages maps over H and W together (a global average pool)", "", kind)
        if not spatial or x is None:  # the second: downstream of a value a problem stopped
            self.values[node.name] = None
            return
        self.add(node, "adaptive_avg_pool2d", {"output_size": 1}, [x], kind)
        self.layers[-1].shape = (self.layers_shape(x)[0], 1, 1)
        if not given["keepdim"]:
            self.add(node, "flatten", {}, [self.layers[-1].name], kind, name="flatten")

    def pad(self, node: torch.fx.Node, kind: str) -> tuple[str, dict] | None:
        """Zero padding read by one nn.Conv2d without padding of its own: folded into that convolution."""
        given = _named_arguments(node)
        amounts, mode, value = given["pad"], given["mode"], given["value"]
        readers = list(node.users)
        reader = self.modules.get(readers[0].target) if len(readers) == 1 and readers[0].op == "call_module" else None
        if (mode != "constant" or value not in (0, None) or len(amounts) != 4 or not isinstance(reader, nn.Conv2d)
                or reader.padding not in ((0, 0), "valid")):
            self.problem(node, f"{kind}{tuple(amounts)} other than zero padding of the H and W sides right before an "
                         f"unpadded nn.Conv2d", "", kind)
            return None
        left, right, top, bottom = amounts
        self.pads[node.name] = (top, bottom, left, right)
        return "identity", {}

    @staticmethod
    def is_binary(node: torch.fx.Node) -> bool:
        return node.target in ADDS or node.target in MULTIPLIES  # operator.add, torch.add, x.add: alike

    def is_tensor(self, value: Any) -> bool:
        """Whether a call's argument is a tensor's node: not a number, nor a size read off a tensor (`x.size(1) // 2`
        under symbolic tracing, where export sees the number)."""
        return isinstance(value, torch.fx.Node) and value.name not in self.sizes

    def constant_operand(self, node: torch.fx.Node, args: tuple, kind: str) -> None:
        constant = next(repr(a) if not isinstance(a, torch.fx.Node) else "a size of a tensor"
                        for a in args if not self.is_tensor(a))
        if node.target in ADDS:
            self.problem(node, f"adds a constant ({constant}) to a tensor; a spec's add takes layers' outputs only",
                         "", kind)
        else:
            self.problem(node, f"multiplies a tensor by a constant ({constant}); a spec's multiply takes layers' "
                         f"outputs only", "", kind)

    def functional_pool(self, node: torch.fx.Node, target: Any, kind: str) -> tuple[str, dict] | None:
        given = _named_arguments(node)
        if (target is nn.functional.max_pool2d_with_indices or _pair(given.get("dilation", 1)) != (1, 1)
                or given.get("divisor_override")):
            self.problem(node, "pooling with dilation, returned indices or a divisor override", "", kind)
            return None
        attrs = {k: v for k, v in given.items() if k in ("kernel_size", "stride", "padding", "ceil_mode",
                                                         "count_include_pad", "output_size")}
        if target is not nn.functional.adaptive_avg_pool2d and not attrs["stride"]:  # None, or aten's []
            attrs["stride"] = attrs["kernel_size"]
        return target.__name__, attrs


class _ShapeProp(ShapeProp):
    """fx's ShapeProp, holding the node it runs (the one that raised, where one does)."""

    def run_node(self, n: torch.fx.Node) -> Any:
        self.running = n
        return super().run_node(n)


def _traced(net: nn.Module, input_shape: tuple[int, ...]) -> torch.fx.Graph:
    """Symbolic tracing's graph of `net`, every node's shape filled in by a run on zeros."""
    module = trace(net, input_shape)
    propagation = _ShapeProp(module)
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # ShapeProp prints the traceback of what raised
            propagation.propagate(torch.zeros(2, *input_shape))  # pragma: no mutate: any batch above 1 alike
    except Exception as exc:  # noqa: BLE001 - the user's forward, run on zeros
        cause = exc.__cause__ or exc  # ShapeProp's own error wraps it
        why = f"{type(cause).__name__}: {' '.join(str(cause).split())[:160]}"
        raise CaptureError([Problem(f"running it on zeros of shape {list(input_shape)} failed: {why}", "",
                                    _user_frame(propagation.running.meta.get("stack_trace") or ""))]) from None
    return module.graph


def _capture_in(net: nn.Module, input_shape: tuple[int, ...], training: bool) -> tuple[list[Layer], list[Problem]]:
    """The normal form of `net` in train or eval mode, and the modules with weights it leaves uncalled."""
    net.train(training)
    try:
        graph = exported(net, input_shape)
        if graph is None:
            graph = _traced(net, input_shape)
        capture = Capture(net, input_shape)
        layers = capture.run(graph)
        return layers, capture.uncalled(layers)
    finally:
        net.eval()


def capture(net: nn.Module, input_shape: tuple[int, ...]) -> list[Layer]:
    """The normal form of `net` in eval mode at `input_shape` (C, H, W), with the auxiliary outputs it returns in
    train mode where eval mode leaves their layers uncalled; or a CaptureError with every problem."""
    return with_auxiliary_outputs(*_capture_in(net, input_shape, False), lambda: _capture_in(net, input_shape, True))

