"""Framework-neutral code generation: turn a model or block into `Step`s whose values are
Python source, and write forward passes with readable variable names.

Each framework's renderer supplies only the idiom: how a layer is constructed and called.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import textwrap
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from shared_specs.errors import RosettaError
from shared_specs import expr
from shared_specs.expr import Expr
from shared_specs.ir import INPUT, BlockDef, Model, Node
from shared_specs.loader import GROUP, REPEAT_INDEX
from shared_specs.ops import OPS, REQUIRED
from shared_specs.symbolic import IN_CHANNELS, block_channels


class RenderError(RosettaError):
    """A spec the target framework cannot express; names the op, the layer and the framework."""

    def __init__(self, framework: str, model_or_block: str, layer: str, op: str, why: str):
        super().__init__(f"cannot render layer '{layer}' ({op}) of {model_or_block} for {framework}: {why}")


class Src(str):
    """A value that is already Python source (an expression over arguments)."""


class OpName(str):
    """An activation op given to a block's argument that names one (`activation_layer: hardswish`): each framework
    spells it its own way (torch's nn.Hardswish, a class; Keras' "hard_swish", a name)."""


# the op of a step whose op is the block's argument (`op: "${activation_layer}"`); its field `argument` names it
ACTIVATION_ARGUMENT = "activation argument"


def fmt(value: Any) -> str:
    """Python source of a field value."""
    if isinstance(value, Src):
        return str(value)
    if isinstance(value, list):
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    if isinstance(value, float):
        return repr(value)
    return repr(value)


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@dataclass
class Step:
    """One layer as a renderer sees it: field values are literals or `Src`."""

    name: str
    op: str  # an op of OPS, a block name, "repeat" or "sequential"
    inputs: tuple[str, ...]
    fields: dict[str, Any]
    in_channels: Any  # int or Src
    instances: list[Node]  # the concrete nodes this step stands for
    condition: Src | None = None
    children: list["Step"] = field(default_factory=list)  # repeat: one step per instance; sequential: its layers
    spliced: bool = False  # a sequential block whose layers join a numbered group one by one
    numbered_from: Any = None  # a repeat in a numbered group: the group's index of its first instance

    def given(self, key: str) -> Any:
        """A field's value, None when it equals the op's default (renderers omit those)."""
        if key not in self.fields:
            return None
        value = self.fields[key]
        default = OPS[self.op].fields[key].default if self.op in OPS else None
        return None if value == default and not isinstance(value, Src) else value


def _instances(model: Model) -> dict[tuple[str, str], list[Node]]:
    """Concrete nodes of each block layer, keyed by (block, layer name)."""
    found: dict[tuple[str, str], list[Node]] = {}

    def visit(node: Node, block: str | None) -> None:
        if block is not None:
            found.setdefault((block, node.template.name), []).append(node)
        inner = node.op if node.op in model.blocks else None
        for child in node.children:
            visit(child, inner if node.op != "repeat" else block)

    for node in model.nodes:
        visit(node, None)
    return found


def _model_value(raw: Any, concrete: Any, model: Model, index: int | None) -> Any:
    if isinstance(raw, Expr) and raw.names & set(model.arguments):
        constants = dict(model.params)
        if index is not None:
            constants[REPEAT_INDEX] = index
        return Src(raw.render(constants))
    return concrete


def _node_step(node: Node, model: Model, index: int | None = None) -> Step:
    t = node.template
    if node.op in ("repeat", GROUP):
        children = [_node_step(child, model, i if node.op == "repeat" else None) for i, child in enumerate(node.children)]
        return Step(node.name, node.op, node.inputs, {}, node.in_shapes[0][0], [node], children=children)
    if node.is_primitive:
        fields = {k: _model_value(t.fields.get(k), v, model, index) for k, v in node.attrs.items()}
        return Step(node.name, node.op, node.inputs, fields, node.in_shapes[0][0], [node])
    block = model.blocks[node.op]
    fields = _given({k: _model_value(t.fields.get(k), node.attrs[k], model, index) for k in block.args}, block)
    return Step(node.name, node.op, node.inputs, op_names(fields, block), node.in_shapes[0][0], [node])


def op_names(fields: dict[str, Any], block: BlockDef) -> dict[str, Any]:
    """A block call's arguments with each activation given by name to an argument that names one an `OpName`."""
    return {k: OpName(v) if k in block.op_args and type(v) is str else v for k, v in fields.items()}


def model_steps(model: Model) -> list[Step]:
    return [_node_step(node, model) for node in model.nodes]


def block_steps(model: Model, block: BlockDef) -> list[Step]:
    """The block's layers with values as source over its arguments and `in_channels`."""
    in_channels, _ = block_channels(block, model.blocks)
    instances = _instances(model)
    steps = []
    for t in block.layers:
        op = t.op
        if isinstance(op, Expr):  # an activation the block takes as an argument
            op, fields = ACTIVATION_ARGUMENT, {"argument": Src(op.source.strip())}
        elif op in OPS:
            names = OPS[op].fields
            fields = {k: _template_value(t.fields[k]) if k in t.fields else f.default for k, f in names.items()}
            if "stride" in fields and fields["stride"] is None:
                fields["stride"] = fields["kernel_size"]
        else:
            fields = op_names(_given({k: _template_value(t.fields.get(k, v)) for k, v in model.blocks[op].args.items()},
                                      model.blocks[op]), model.blocks[op])
        condition = None if t.when is True else Src(t.when.source if isinstance(t.when, Expr) else repr(t.when))
        steps.append(Step(t.name, op, t.inputs, fields, Src(in_channels[t.name]),
                          instances.get((block.name, t.name), []), condition))
    return steps


def _given(fields: dict[str, Any], block: BlockDef) -> dict[str, Any]:
    """A block call's arguments without those equal to the block's defaults (calls read like the zoo's)."""
    return {k: v for k, v in fields.items() if isinstance(v, Src) or block.args[k] is REQUIRED or v != block.args[k]}


def _template_value(raw: Any) -> Any:
    return Src(raw.source) if isinstance(raw, Expr) else raw


def block_parameters(block: BlockDef, activation: Callable[[str], tuple[str, str]],
                     with_in_channels: bool = True) -> list[str]:
    """Typed parameters of a block's class or function, in declaration order (in_channels first): the type
    is the default's (an argument without one is a channel count or a size, an int); an argument naming an
    activation has the framework's `activation(op)`: (type, default) source."""
    params = [f"{IN_CHANNELS}: int"] if with_in_channels else []
    for name, default in block.args.items():
        if name in block.op_args:
            kind, spelt = activation(default) if default is not REQUIRED else (activation("relu")[0], None)
            params.append(f"{name}: {kind}" + (f" = {spelt}" if spelt else ""))
        elif default is REQUIRED:
            params.append(f"{name}: int")
        else:
            params.append(f"{name}: {type(default).__name__} = {fmt(default)}")
    return params


# ---------------------------------------------------------------------------- forward passes

Call = Callable[[Step, list[str]], list[str]]


def forward_lines(steps: list[Step], output: str, call: Call,
                  conditional: Callable[[Step, str, list[str]], list[str]], input_var: str = "x",
                  input_src: str | None = None, side: frozenset[str] = frozenset(),
                  loop: Callable[[Step, str, str], list[str]] | None = None) -> tuple[list[str], str]:
    """Statements of a forward pass and the variable holding `output`.

    `call(step, args)` returns the expressions that compute the step, each applied to the
    previous one's result (one for most layers; Keras adds a padding layer before some).
    The main chain flows through `x`: a step whose first input is in `x` writes `x`, after
    saving the old value (the scope input as `identity`) if a later step still needs it.
    Side branches, and the steps named in `side` (auxiliary classifiers), keep a variable named after
    their layer. `loop(step, target, arg)` writes a repeat whose count is a parameter (Keras' `for`).
    """
    consumers: dict[str, list[int]] = {}
    for i, step in enumerate(steps):
        for name in step.inputs:
            consumers.setdefault(name, []).append(i)
    where: dict[str, str] = {INPUT: input_src or input_var}
    in_x = None if input_src else INPUT
    lines: list[str] = []
    unpacked = 0  # steps still to skip: parts already written by one unpacking
    for i, step in enumerate(steps):
        if unpacked:
            unpacked -= 1
            continue
        args = [where[name] for name in step.inputs]
        chained = step.name not in side and (bool(step.inputs) and step.inputs[0] == in_x
                                             or (input_src and step.inputs[0] == INPUT and i == 0))
        target = input_var if chained else step.name
        parts = _all_parts(steps, i)
        if chained and in_x is not None and any(c > i + max(len(parts) - 1, 0) for c in consumers.get(in_x, [])):
            saved = "identity" if in_x == INPUT else in_x
            lines.append(f"{saved} = {input_var}")
            where[in_x] = saved
        if parts:  # every part of one chunking, in order: `x, x2 = x.chunk(2, dim=1)`, as torchvision writes it
            whole = replace(step, fields={**step.fields, "index": None})
            lines.append(f"{', '.join([target, *(p.name for p in parts[1:])])} = {call(whole, args)[0]}")
            where.update({p.name: p.name for p in parts[1:]})
            unpacked = len(parts) - 1
        elif step.condition is not None:
            lines += conditional(step, target, args)  # switched off, the step passes its first input on
        elif loop is not None and step.op == "repeat" and "count" in step.fields:
            lines += loop(step, target, args[0])
        else:
            exprs = call(step, args)
            lines.append(f"{target} = {exprs[0]}")
            lines += [f"{target} = {e.replace('{x}', target)}" for e in exprs[1:]]
        where[step.name] = target
        if chained:
            in_x = step.name
    return lines, where[output]


def _all_parts(steps: list[Step], i: int) -> list[Step]:
    """The steps from i on that take every part of one chunking, in order (index 0, 1, ...), or none."""
    first = steps[i]
    if first.op != "chunk" or first.condition is not None or first.fields["index"] != 0 or not isinstance(
            first.fields["chunks"], int):
        return []
    parts = [first]
    for step in steps[i + 1:i + first.fields["chunks"]]:
        alike = step.op == "chunk" and step.inputs == first.inputs and step.condition is None
        if not (alike and step.fields["chunks"] == first.fields["chunks"] and step.fields["index"] == len(parts)):
            break
        parts.append(step)
    return parts if len(parts) == first.fields["chunks"] else []


def shape_comment(node: Node, channels_last: bool = False) -> str:
    shape = node.out_shape
    if channels_last and len(shape) == 3:
        shape = (shape[1], shape[2], shape[0])
    return "# (N, " + ", ".join(map(str, shape)) + ")"


def class_groups(models: list[Model]) -> list[list[Model]]:
    """Variants that share a class: one class, or one parametrised class with a builder per variant."""
    groups: dict[str, list[Model]] = {}
    for model in models:
        groups.setdefault(model.class_name, []).append(model)
    return list(groups.values())


def argument_parameters(model: Model) -> list[str]:
    """The model's arguments as typed parameters with their defaults (`num_classes: int = 1000`)."""
    return [f"{k}: {type(v).__name__} = {fmt(v)}" for k, v in model.arguments.items()]


def class_description(group: list[Model]) -> str:
    """The description most variants share (a variant with its own says so in its builder)."""
    descriptions = [m.description for m in group]
    return max(descriptions, key=descriptions.count)


def generated_header(models: list[Model], framework: str) -> str:
    first = models[0]
    lines = [f'"""{first.family}: generated from {first.file} by `rosetta render`; do not edit.', ""]
    for group in class_groups(models):
        m = group[0]
        lines += textwrap.wrap(f"{m.class_name}: {class_description(group).rstrip('.')}.", 116)
        lines += textwrap.wrap(f"Source: {m.source}", 112, initial_indent="    ", subsequent_indent="    ")
        for v in group:
            pub = f"; published {v.published.count:,}" if v.published else ""
            args = ", ".join(f"{k}={fmt(a)}" for k, a in v.arguments.items())
            lines.append(f"    {v.name}: {v.builder}({args}) has {v.num_params:,} parameters{pub}.")
    lines.append(f'Rendered for {framework}."""')
    return "\n".join(lines)


_NUMBER = re.compile(r"(?<![\w.])\d+(?![\w.])")


@dataclass(frozen=True)
class Run:
    """`count` consecutive constructor calls written once: `call` as it is, or over `index` when indexed;
    `count` may be source (`layers[0]`). A spliced run contributes each call's layers (a sequential block's)."""

    call: str
    count: int | str
    indexed: bool = False
    spliced: bool = False


def group_runs(calls: list[str], index: str = "i") -> list[Run]:
    """Collapse constructor calls into runs: identical calls repeat as they are; calls that differ only in
    integers growing by a fixed step (DenseNet's 64, 96, 128, ... input channels), three or more of them,
    become one call over `index` (`64 + 32 * i`)."""
    runs: list[Run] = []
    i = 0
    while i < len(calls):
        j = i
        while j + 1 < len(calls) and calls[j + 1] == calls[i]:
            j += 1
        if j > i:
            runs.append(Run(calls[i], j - i + 1))
            i = j + 1
            continue
        template = _NUMBER.sub("#", calls[i])
        j = i
        while j + 1 < len(calls) and _NUMBER.sub("#", calls[j + 1]) == template:
            j += 1
        progression = None if j - i < 2 else _progression([[int(n) for n in _NUMBER.findall(c)]
                                                           for c in calls[i:j + 1]], index)
        if progression is not None:
            runs.append(Run(_substitute_numbers(calls[i], progression), j - i + 1, indexed=True))
            i = j + 1
        else:
            runs.append(Run(calls[i], 1))
            i += 1
    return runs


def _substitute_numbers(call: str, replacements: list[str]) -> str:
    parts = iter(replacements)
    return _NUMBER.sub(lambda _: next(parts), call)


def _progression(rows: list[list[int]], index: str) -> list[str] | None:
    """Each integer slot as `start + step * index` over the rows, or None where a slot is not arithmetic."""
    slots = []
    for values in zip(*rows):
        step = values[1] - values[0]
        if any(b - a != step for a, b in zip(values, values[1:])):
            return None
        slots.append(str(values[0]) if step == 0 else f"{values[0]} + {step} * {index}")
    return slots


def indent(lines: list[str], depth: int = 1) -> list[str]:
    return [("    " * depth + line) if line else "" for line in lines]


def docstring(text: str, depth: int) -> list[str]:
    """A docstring wrapped to fit 120 columns at the given indent depth."""
    lines = textwrap.wrap(text, width=116 - 4 * depth)
    if len(lines) == 1:
        return [f'"""{lines[0]}"""']
    return ['"""' + lines[0], *lines[1:], '"""']


def requirement_lines(block: BlockDef) -> list[str]:
    """A block's `requires` as the checks its class or function makes first, as torchvision's BasicBlock raises."""
    return [line for condition in block.requires for line in (
        f"if not ({condition.source}):", f"    raise ValueError({f'{block.name} requires {condition.source}'!r})")]


def with_helpers(source: str) -> str:
    """`source` with the definition of each spec expression function it calls that is not Python's own
    (make_divisible), written before its first top-level class or function, as torchvision writes its helpers."""
    lines = source.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith(("class ", "def ", "@")))
    helpers = [inspect.getsource(getattr(expr, name)).rstrip() for name in expr.HELPERS if f"{name}(" in source]
    return "\n".join(lines[:first] + [text + "\n\n" for text in helpers] + lines[first:])


def format_source(source: str) -> str:
    """Format generated code with the pinned ruff, so renders are byte-identical everywhere."""
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        raise RosettaError("rendering needs ruff to format the code: pip install ruff==0.17.5") from None
    result = subprocess.run([find_ruff_bin(), "format", "--line-length", "120", "--isolated", "-"],
                            input=source, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RosettaError(f"generated code does not parse (a renderer bug): {result.stderr.strip()}")
    return result.stdout
