"""One parametrised class for variants that differ only by numbers (torchvision's `ResNet(block, layers)`,
`VGG(cfg)`, `DenseNet(block_config)`): the model's rows as `Step`s whose counts, block types and channel
sizes are source over the class parameters.

Rows equal in every variant render as they are. Channel sizes that vary are tracked as expressions:
a repeated block whose output does not depend on its input (ResNet's blocks: `channels * 4`) gives
`c if i == 0 else out`; one that adds to its input (DenseNet's layers: `in_channels + 32`) gives
`c + 32 * i`. Block types chosen by a parameter differ by a factor, written `block.expansion` as
torchvision does. Long expressions get a named local (`denseblock2_channels = ...`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shared_specs.expr import Expr
from shared_specs.ir import INPUT, LayerTemplate, Model, Node
from shared_specs.loader import GROUP, REPEAT_INDEX
from shared_specs.ops import OPS, REQUIRED
from shared_specs.symbolic import IN_CHANNELS, block_channels, normal, substitute

from .codegen import (
    RenderError,
    Src,
    Step,
    _given,
    _node_step,
    argument_parameters,
    class_description,
    docstring,
    indent,
    op_names,
)


@dataclass
class Family:
    """The steps of a parametrised class, the locals its `__init__` computes first, and the factor each
    block type chosen by a parameter carries as its `expansion` attribute."""

    steps: list[Step]
    locals: list[str] = field(default_factory=list)
    expansions: dict[str, int] = field(default_factory=dict)


def _is_long(source: str) -> bool:
    """An expression worth a name: an operation on the result of another (not a bare product)."""
    body = ast.parse(source, mode="eval").body
    return isinstance(body, (ast.BinOp, ast.IfExp)) and any(
        isinstance(part, (ast.BinOp, ast.IfExp)) for part in ast.walk(body) if part is not body)


def _signature(node: Node) -> tuple:
    return (node.op, repr(sorted(node.attrs.items())), tuple(node.in_shapes), node.out_shape,
            tuple(_signature(child) for child in node.children))


class _Walker:
    def __init__(self, group: list[Model]):
        self.group = group
        self.model = group[0]
        self.symbols = set(self.model.class_params) | set(self.model.arguments) | {REPEAT_INDEX}
        self.constants = {k: v for k, v in self.model.params.items() if k not in self.model.class_params}
        self.family = Family([])
        self.names: set[str] = set()

    def fail(self, t: LayerTemplate, why: str) -> RenderError:
        return RenderError("any framework", f"class {self.model.class_name}", t.name, str(t.op), why)

    def value(self, raw: Any, concrete: list[Any], t: LayerTemplate) -> Any:
        """A field as source where it names a class parameter, an argument or the repeat index; else its value."""
        if isinstance(raw, Expr) and raw.names & self.symbols:
            return Src(raw.render(self.constants))
        if len({repr(v) for v in concrete}) != 1:
            raise self.fail(t, "a value differs between variants without naming a parameter")
        return concrete[0]

    def name_local(self, source: str, name: str) -> str:
        """A long channel expression as a named local of `__init__`."""
        if not _is_long(source):
            return source
        local = f"{name}_channels"
        while local in self.names:
            local = "_" + local
        self.names.add(local)
        self.family.locals.append(f"{local} = {source}")
        return local

    def names_parameters(self, t: LayerTemplate) -> bool:
        """Whether a row (or a row of its group) depends on a class parameter."""
        values = [t.op, t.repeat, t.when, *t.fields.values()]
        return any(isinstance(v, Expr) and v.names & set(self.model.class_params) for v in values) \
            or any(self.names_parameters(row) for row in t.body)

    # ---------------------------------------------------------------- rows
    def scope(self, rows: tuple[LayerTemplate, ...], nodes: list[list[Node]], channels: str,
              numbered: bool = False) -> tuple[list[Step], str]:
        """The steps of one scope and its output channels; `nodes` holds each variant's nodes of the scope
        (a numbered group's: its layers, with sequential blocks spliced in)."""
        out: dict[str, str] = {INPUT: channels}
        steps = []
        for t in rows:
            symbolic = numbered and (t.repeat is not None or isinstance(t.op, Expr) or t.op not in OPS)
            found = [] if symbolic else [[n for n in scope if (n.template is t if numbered else n.name == t.name)]
                                         for scope in nodes]
            if not symbolic and not any(found):
                continue
            if not symbolic and not all(len(f) == 1 for f in found):
                raise self.fail(t, "a layer is present in some variants only")
            step, out[t.name] = self.row(t, [f[0] for f in found], out[t.inputs[0]], numbered)
            steps.append(step)
        return steps, out.get(rows[-1].name, channels)

    def row(self, t: LayerTemplate, nodes: list[Node], channels: str, numbered: bool) -> tuple[Step, str]:
        if nodes and len({_signature(n) for n in nodes}) == 1 and channels.isdigit() \
                and not self.names_parameters(t):
            step = _node_step(nodes[0], self.model)
            step.instances = nodes
            return step, str(nodes[0].out_shape[0])
        if t.repeat is not None:
            return self.repeat(t, nodes, channels, numbered)
        if t.op == GROUP:
            children, out = self.scope(t.body, [n.children for n in nodes], channels, numbered=t.numbered)
            return Step(t.name, GROUP, t.inputs, {}, Src(channels), nodes, children=children), out
        if isinstance(t.op, Expr) or t.op not in OPS:
            op, names = self.block_op(t)
            fields = self.block_fields(t)
            out = substitute(self.block_output(t, op, names, fields), {IN_CHANNELS: channels})
            step = Step(t.name, op, t.inputs, fields, Src(channels), nodes, spliced=self.splices(names, numbered))
            return step, self.name_local(normal(out), t.name)
        return self.primitive(t, nodes, channels)

    def primitive(self, t: LayerTemplate, nodes: list[Node], channels: str) -> tuple[Step, str]:
        fields = {k: self.value(t.fields.get(k), [n.attrs[k] for n in nodes], t) for k in nodes[0].attrs}
        step = Step(t.name, t.op, t.inputs, fields, Src(channels), nodes)
        if t.op == "conv2d":
            return step, self.name_local(normal(str(fields["out_channels"])), t.name)
        if t.op == "linear":
            return step, normal(str(fields["out_features"]))
        if t.op == "flatten":
            spatial = {tuple(n.in_shapes[0][1:]) for n in nodes}
            if len(spatial) != 1:
                raise self.fail(t, "the flattened map's height and width differ between variants")
            size = spatial.pop()
            return step, channels if size in ((), (1, 1)) else normal(f"({channels}) * {size[0]} * {size[1]}")
        if t.op == "concat":
            raise self.fail(t, "a concatenation whose inputs differ between variants")
        return step, channels

    def splices(self, names: list[str], numbered: bool) -> bool:
        """Whether a block's layers join a numbered group one by one (torchvision's make_layers)."""
        return numbered and all(self.model.blocks[name].spliced for name in names)

    def block_op(self, t: LayerTemplate) -> tuple[str, list[str]]:
        """The op as the class writes it (a block name, or the parameter that chooses one) and the blocks it takes."""
        if not isinstance(t.op, Expr):
            return t.op, [t.op]
        if t.op.source in self.model.class_params:
            return t.op.source, list(dict.fromkeys(m.params[t.op.source] for m in self.group))
        if t.op.names & self.symbols:
            raise self.fail(t, "an op chosen by an expression; choose it by a parameter alone")
        name = t.op.evaluate(self.constants)
        return name, [name]

    def constant_or_source(self, raw: Any) -> Any:
        """An expression as source where it names a class parameter, an argument or the repeat index; else its
        value (`stages_repeats[0] - 1` of a list every variant shares is 3)."""
        if isinstance(raw, Expr):
            return Src(raw.render(self.constants)) if raw.names & self.symbols else raw.evaluate(self.constants)
        return raw

    def block_fields(self, t: LayerTemplate) -> dict[str, Any]:
        fields = {key: self.constant_or_source(raw) for key, raw in t.fields.items()}
        block = self.model.blocks[self.block_op(t)[1][0]]
        return op_names(_given(fields, block), block)

    def block_output(self, t: LayerTemplate, op: str, names: list[str], fields: dict[str, Any]) -> str:
        """The block's output channels as source over `in_channels` (the blocks a parameter chooses must agree
        up to a factor: `block.expansion`)."""
        blocks = [self.model.blocks[name] for name in names]
        if any(b.args != blocks[0].args for b in blocks):
            raise self.fail(t, f"the blocks a parameter chooses ({', '.join(names)}) take different arguments")
        outs = {b.name: block_channels(b, self.model.blocks)[1] for b in blocks}
        out = outs[names[0]]
        if len(set(outs.values())) > 1:
            factors = {name: _factor(source) for name, source in outs.items()}
            bases = {f[0] for f in factors.values() if f}
            if None in factors.values() or len(bases) != 1:
                raise self.fail(t, f"blocks {', '.join(names)} differ in output channels by more than a factor")
            self.family.expansions.update({name: f[1] for name, f in factors.items()})
            out = f"{bases.pop()} * {op}.expansion"
        values = {k: str(fields[k]) if isinstance(fields[k], Src) else repr(fields[k]) for k in fields}
        values.update({k: repr(v) for k, v in blocks[0].args.items() if k not in fields and v is not REQUIRED})
        return substitute(out, values)

    def repeat(self, t: LayerTemplate, nodes: list[Node], channels: str, numbered: bool) -> tuple[Step, str]:
        count = self.value(t.repeat, [n.attrs["count"] for n in nodes], t) if nodes else \
            self.constant_or_source(t.repeat)
        op, names = self.block_op(t)
        if op in OPS:
            raise self.fail(t, "a repeated primitive layer whose count varies (write it as a block)")
        fields = self.block_fields(t)
        out = normal(self.block_output(t, op, names, fields))
        body = ast.parse(out, mode="eval").body
        if IN_CHANNELS not in {n.id for n in ast.walk(body) if isinstance(n, ast.Name)}:
            first = out if channels == out else normal(f"{channels} if {REPEAT_INDEX} == 0 else {out}")
            total = out
        elif out == IN_CHANNELS:  # the width kept (ShuffleNet v2's stride-1 unit)
            first = total = channels
        elif isinstance(body, ast.BinOp) and isinstance(body.op, ast.Add) and ast.unparse(body.left) == IN_CHANNELS \
                and IN_CHANNELS not in {n.id for n in ast.walk(body.right) if isinstance(n, ast.Name)}:
            rest = ast.unparse(body.right)
            first = normal(f"{channels} + {rest} * {REPEAT_INDEX}")
            total = normal(f"{channels} + {rest} * ({count})")
        else:
            raise self.fail(t, "a repeated block whose output is neither fixed nor its input, or its input plus a constant")
        instances = [child for n in nodes for child in n.children]
        child = Step(t.name, op, (INPUT,), fields, Src(first), instances)
        step = Step(t.name, "repeat", t.inputs, {"count": count}, Src(channels), nodes, children=[child],
                    spliced=self.splices(names, numbered))
        return step, self.name_local(total, t.name)


def _factor(source: str) -> tuple[str, int] | None:
    """`channels` -> (channels, 1); `channels * 4` -> (channels, 4); anything else None."""
    body = ast.parse(source, mode="eval").body
    if isinstance(body, ast.Name):
        return body.id, 1
    if isinstance(body, ast.BinOp) and isinstance(body.op, ast.Mult):
        for name, factor in ((body.left, body.right), (body.right, body.left)):
            if isinstance(name, ast.Name) and isinstance(factor, ast.Constant) and isinstance(factor.value, int):
                return name.id, factor.value
    return None


def family_steps(group: list[Model]) -> Family:
    """The steps of the class that `group`'s variants share, written over its parameters."""
    walker = _Walker(group)
    model = group[0]
    walker.family.steps, _ = walker.scope(model.templates, [m.nodes for m in group], str(model.input_shape[0]))
    return walker.family


# ---------------------------------------------------------------------------- signatures and builders

def _param_values(group: list[Model], key: str) -> list[Any]:
    return list({repr(m.params[key]): m.params[key] for m in group}.values())


def _is_block_choice(group: list[Model], key: str) -> bool:
    return all(isinstance(v, str) and v in group[0].blocks for v in _param_values(group, key))


def _literal(group: list[Model], key: str, value: Any, block: Callable[[str], str]) -> str:
    if _is_block_choice(group, key):
        return block(value)
    return "[" + ", ".join(map(repr, value)) + "]" if isinstance(value, list) else repr(value)


def class_signature(group: list[Model], block: Callable[[str], str], block_type: Callable[[list[str]], str]
                    ) -> list[str]:
    """The parametrised class's parameters: the required params, the model's arguments, then params with a
    default; `block` spells a block where a parameter chooses one, `block_type` its type."""
    model = group[0]

    def typed(key: str) -> str:
        values = _param_values(group, key)
        if _is_block_choice(group, key):
            return block_type([block(v) for v in values])
        if all(isinstance(v, list) for v in values):
            return "list[int]" if all(isinstance(x, int) for v in values for x in v) else "list"
        return type(values[0]).__name__

    required = [f"{k}: {typed(k)}" for k, d in model.class_params.items() if d is REQUIRED]
    arguments = argument_parameters(model)
    defaulted = [f"{k}: {typed(k)} = {_literal(group, k, d, block)}" for k, d in model.class_params.items()
                 if d is not REQUIRED]
    return required + arguments + defaulted


def builder_call(group: list[Model], model: Model, block: Callable[[str], str]) -> str:
    """`ResNet(Bottleneck, [3, 4, 6, 3], num_classes=num_classes)`: the class call of one variant's builder."""
    args = [_literal(group, k, model.params[k], block) for k, d in model.class_params.items() if d is REQUIRED]
    args += [f"{k}={k}" for k in model.arguments]
    args += [f"{k}={_literal(group, k, model.params[k], block)}" for k, d in model.class_params.items()
             if d is not REQUIRED and model.params[k] != d]
    return f"{model.class_name}({', '.join(args)})"


def builder_function(group: list[Model], model: Model, block: Callable[[str], str], returns: str) -> list[str]:
    """`def resnet50(num_classes: int = 1000) -> ResNet:` with its docstring and the class call."""
    own = model.description if model.description != class_description(group) else model.name
    published = f", as published ({model.published.source})" if model.published and \
        model.published.count == model.num_params else ""
    doc = f"{own.rstrip('.')}: {model.num_params:,} parameters{published}."
    return [f"def {model.builder}({', '.join(argument_parameters(model))}) -> {returns}:",
            *indent([*docstring(doc, 1), f"return {builder_call(group, model, block)}"])]


def blocks_to_render(models: list[Model]) -> list[str]:
    """Every block the rendered file defines, each after those it contains: those the variants' layers use,
    and those a class parameter chooses (a block spliced into a numbered group leaves no node of its own)."""
    order: list[str] = []

    def add(name: str) -> None:
        if name in order:
            return
        for t in models[0].blocks[name].layers:
            if isinstance(t.op, str) and t.op in models[0].blocks:
                add(t.op)
        order.append(name)

    for model in models:
        for name in model.blocks_used:
            add(name)
        for key in model.class_params:
            value = model.params[key]
            if isinstance(value, str) and value in model.blocks:
                add(value)
    return order
