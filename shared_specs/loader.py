"""Load YAML spec files into the IR. Every error is one line: file:line, layer, what, expected."""

from __future__ import annotations

import ast
import gc
import keyword
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from . import expr as expr_mod
from .errors import Location, SpecError, suggest
from .expr import Expr, ExprError
from .ir import INPUT, BlockDef, LayerTemplate, Model, Node, Published
from .ops import (
    ACTIVATIONS,
    ELEMENTWISE_ACTIVATIONS,
    KIND_TEXT,
    MAX_SIZE,
    OPS,
    REQUIRED,
    Shape,
    field_kind_ok,
    out_of_range,
)

FILE_KEYS = {"family", "description", "source", "blocks", "models"}
MODEL_KEYS = {"class_name", "description", "source", "input", "arguments", "params", "published_params",
              "layers", "output", "variants", "aux_outputs"}
VARIANT_KEYS = {"class_name", "description", "source", "input", "arguments", "params", "published_params",
                "aux_outputs"}
BLOCK_KEYS = {"doc", "args", "layers", "output", "sequential", "splice", "requires"}
LAYER_KEYS = {"name", "op", "from", "when", "repeat", "repeat_names", "layers"}
GROUP = "sequential"  # the op of an inline group of layers: `{name: features, op: sequential, layers: [...]}`
PUBLISHED_KEYS = {"count", "source"}
REPEAT_INDEX = "i"  # the name a repeated row's expressions use for its instance index
MAX_REPEAT = 1000  # instances of one repeated row
MAX_LAYERS = 100_000  # resolved layers of one model, blocks included
MAX_TENSOR = 1 << 31  # elements of one parameter tensor
IMPLICIT_BLOCK_ARGS = ("in_channels",)  # every block knows its input's channel count
# names the rendered modules bind themselves: a class parameter may not shadow them
RENDERED_NAMES = {"self", "x", "i", "name", "inputs", "identity", "layer", "layers", "keras", "nn", "torch", "paddle",
                  "F", "OrderedDict", "Callable"}


# ---------------------------------------------------------------------------- YAML with line numbers

class _Map(dict):
    line: int
    key_lines: dict[str, int]


class _List(list):
    line: int


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """safe_load plus the line of every mapping, list and key; duplicate keys are errors. On libyaml's parser
    where PyYAML has it: the pure-Python one grows faster than linearly (20k layers: 6.0 s against 1.7 s)."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    # PyYAML defers only constructors that are generators; these build whole objects, so `deep` changes nothing
    result = _Map()
    result.line, result.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)  # pragma: no mutate: deep is moot without generators
        if key in result:
            raise SpecError(f"duplicate key '{key}'", Location(loader.name, key_node.start_mark.line + 1))
        result[key] = loader.construct_object(
            value_node, deep=True)  # pragma: no mutate: deep is moot without generators
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: _LineLoader, node: yaml.SequenceNode) -> _List:
    result = _List(loader.construct_object(child, deep=True)  # pragma: no mutate: deep is moot without generators
                   for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


MAX_SPEC_BYTES = 8 * 2**20  # the largest shipped spec is 19 KB; a layer row is under 100 bytes
MAX_NESTING = 1000  # libyaml's composer recurses in C: 30k nested brackets overflow its stack (measured)
MAX_NODES = 1_000_000  # YAML nodes once every alias is expanded; the largest shipped spec has under 5,000


def _check_nesting(text: str, file: str) -> None:
    """Refuse nesting the parser could not survive, before it sees it: bracket depth (quotes ignored, so
    an overestimate) and indentation, which bounds block nesting."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    steps = np.isin(data, (ord("["), ord("{"))).astype(np.int64) - np.isin(data, (ord("]"), ord("}")))
    depth = np.cumsum(steps)
    deepest = int(depth.argmax()) if len(depth) else 0  # pragma: no mutate: an empty text never reads it
    if len(depth) and depth[deepest] > MAX_NESTING:
        line = text.encode("utf-8")[:deepest].count(b"\n") + 1
        raise SpecError(f"brackets nested more than {MAX_NESTING} deep", Location(file, line))
    indents = [len(m.group()) for m in re.finditer(r"^ +", text, re.MULTILINE)]
    if indents and max(indents) > MAX_NESTING:
        line = text[:text.index("\n" + " " * (MAX_NESTING + 1))].count("\n") + 2
        raise SpecError(f"indented more than {MAX_NESTING} spaces", Location(file, line))


def _check_expansion(root: yaml.Node, file: str) -> None:
    """Refuse aliases that expand past MAX_NODES (nine levels of nine aliases, under 1 KB, are 9^9 nodes), before
    anything walks the expanded tree. Each node is counted once with its subtree's expanded size, deepest first, so
    the line named is that of the smallest collection that is too large."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            sizes[id(node)] = 1
            continue
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[id(node)] > MAX_NODES:
            raise SpecError(f"more than {MAX_NODES:,} YAML nodes once its aliases are expanded",
                            Location(file, node.start_mark.line + 1))


def _read_yaml(path: Path) -> _Map:
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise SpecError(f"{size:,} bytes; a spec file may hold at most {MAX_SPEC_BYTES:,}", Location(str(path), 0))
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read spec: {exc.strerror}", Location(str(path), 0)) from None
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        raise SpecError(f"not UTF-8 text: byte 0x{exc.object[exc.start]:02x} at offset {exc.start}",
                        Location(str(path), line)) from None
    _check_nesting(text, str(path))
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        data, root = None, loader.get_single_node()
        if root is not None:
            _check_expansion(root, str(path))
            data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0  # mutation survivor: PyYAML's parse errors all carry a mark
        raise SpecError(f"invalid YAML: {exc.problem or exc.context}", Location(str(path), line)) from None
    except yaml.reader.ReaderError as exc:  # characters YAML does not allow: a position, not a mark
        line = text[:exc.position].count("\n") + 1
        raise SpecError(f"invalid YAML: {exc.reason} (character {exc.character!r})", Location(str(path), line)) \
            from None
    except RecursionError:
        raise SpecError("invalid YAML: nested deeper than Python's recursion limit", Location(str(path), 0)) from None
    finally:
        loader.dispose()
    if not isinstance(data, _Map):
        raise SpecError("a spec file must be a mapping with 'family' and 'models'", Location(str(path), 1))
    return data


# ---------------------------------------------------------------------------- helpers

class _Ctx:
    """The file being loaded, for locations."""

    def __init__(self, file: str, path: Path):
        self.file, self.path = file, path

    def loc(self, mapping: Any, key: str | None = None, parent: Location | None = None) -> Location:
        """The line of `mapping[key]`, or of `mapping`; a scalar has none of its own, so `parent`'s (else 1)."""
        if isinstance(mapping, _Map) and key is not None and key in mapping.key_lines:
            return Location(self.file, mapping.key_lines[key])
        line = getattr(mapping, "line", 0)
        fallback = parent or Location(self.file, 1)  # mutation survivor: no malformed file found reaches line 1
        return Location(self.file, line) if line else fallback

    def check_keys(self, mapping: Any, allowed: set[str], what: str, layer: str | None = None,
                   required: tuple[str, ...] = (), at: Location | None = None) -> None:
        """`at`: where the mapping is written (its key's line), for a value that is not a mapping at all."""
        if not isinstance(mapping, dict):
            raise SpecError(f"{what} must be a mapping, got {_kind(mapping)}", self.loc(mapping, parent=at), layer)
        for key in mapping:
            if key not in allowed:
                raise SpecError(f"unknown {what} key '{key}'{suggest(str(key), allowed)}; "
                                f"expected one of: {', '.join(sorted(allowed))}", self.loc(mapping, key), layer)
        for key in required:
            if key not in mapping:
                raise SpecError(f"{what} is missing required key '{key}'", self.loc(mapping), layer)

    def parse_value(self, value: Any, loc: Location, layer: str | None) -> Any:
        try:
            return expr_mod.parse(value)
        except ExprError as exc:
            raise SpecError(str(exc), loc, layer) from None


def _kind(value: Any) -> str:
    return {dict: "a mapping", _Map: "a mapping", list: "a list", _List: "a list", str: "a string",
            bool: "a boolean", int: "an integer", float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)


def _evaluate(value: Any, env: dict[str, Any], loc: Location, layer: str) -> Any:
    if not isinstance(value, Expr):
        return value
    try:
        return value.evaluate(env)
    except ExprError as exc:
        raise SpecError(f"in '${{{value.source}}}': {exc}", loc, layer) from None
    except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError) as exc:  # int('abc'), 1 / 0, ...
        why = " ".join(str(exc).split())[:160]  # pragma: no mutate: where a message of a long value is cut
        raise SpecError(f"in '${{{value.source}}}': {type(exc).__name__}: {why}", loc, layer) from None


def _shape_text(shape: Shape) -> str:
    return "(" + ", ".join(map(str, shape)) + ")"


# ---------------------------------------------------------------------------- templates

def _parse_layers(ctx: _Ctx, rows: Any, owner: str, loc: Location, block_names: set[str],
                  numbered: str | None = None) -> tuple[LayerTemplate, ...]:
    """The rows of a model, block or group. `numbered` rows carry no names; they are a chain that
    nn.Sequential numbers 0, 1, 2, ...: "block" (a sequential block: numbered by position) or "group"
    (an unnamed group: numbered after building, over its layers with sequential blocks spliced in)."""
    if not isinstance(rows, list) or not rows:
        raise SpecError(f"'layers' of {owner} must be a non-empty list", loc)
    templates: list[LayerTemplate] = []
    seen: set[str] = {INPUT}
    auto_index: dict[str, int] = {}
    for row in rows:
        row_loc = ctx.loc(row)
        if not isinstance(row, dict):
            raise SpecError(f"a layer must be a mapping like {{name: conv1, op: conv2d, ...}}, got {_kind(row)}",
                            row_loc)
        if "op" not in row:
            raise SpecError("layer is missing required key 'op'", row_loc, row.get("name"))
        if not isinstance(row["op"], str):
            raise SpecError(f"'op' must be an op or block name, got {_kind(row['op'])}", ctx.loc(row, "op"),
                            str(row.get("name")))
        op = ctx.parse_value(row["op"], row_loc, row.get("name"))
        if isinstance(op, str) and op not in OPS and op not in block_names and op != GROUP:
            raise SpecError(f"unknown op '{op}'{suggest(op, [*OPS, *block_names, GROUP])}", ctx.loc(row, "op"),
                            row.get("name"))
        if numbered == "block":
            for key in ("name", "from", "repeat", "layers", "activation"):
                if key in row:
                    raise SpecError(f"a sequential block's layers are numbered and chained: '{key}' is not allowed",
                                    ctx.loc(row, key), owner)
        name = (str(len(templates)) if numbered == "block" else f"row{len(templates)}" if numbered
                else row.get("name"))
        if name is None:
            if not (isinstance(op, str) and op in OPS and OPS[op].stateless):
                raise SpecError(f"a '{op}' layer needs a name (names become attributes and weight keys)", row_loc)
            auto_index[op] = auto_index.get(op, 0) + 1
            name = f"{op}_{auto_index[op]}"
        if not numbered and (not isinstance(name, str) or not name.isidentifier()):
            raise SpecError(f"layer name {name!r} must be a Python identifier", ctx.loc(row, "name"), str(name))
        if name in seen:
            raise SpecError(f"duplicate layer name '{name}'", ctx.loc(row, "name"), name)
        inputs = row.get("from", templates[-1].name if templates else INPUT)
        inputs = tuple(inputs) if isinstance(inputs, list) else (inputs,)
        if not inputs or not all(isinstance(source, str) for source in inputs):
            raise SpecError(f"'from' must name a layer or list layers, got {row.get('from')!r}", ctx.loc(row, "from"),
                            name)
        for source in inputs:
            if source not in seen:
                later = any(t == source for t in (r.get("name") for r in rows if isinstance(r, dict)))
                why = "is defined later (layers may only use earlier outputs)" if later else "is not a layer here"
                raise SpecError(f"'from' names '{source}', which {why}{'' if later else suggest(str(source), seen)}",
                                ctx.loc(row, "from"), name)
        body = _parse_group(ctx, row, name, block_names) if op == GROUP else ()
        if op != GROUP and "layers" in row:
            raise SpecError(f"only a '{GROUP}' group has 'layers'", ctx.loc(row, "layers"), name)
        repeat_names = row.get("repeat_names")
        if repeat_names is not None and ("repeat" not in row or not str(repeat_names).isidentifier()):
            raise SpecError("'repeat_names' needs 'repeat' and an identifier prefix (instances are named prefix1, "
                            "prefix2, ...)", ctx.loc(row, "repeat_names"), name)
        fields = {k: ctx.parse_value(v, ctx.loc(row, k), name) for k, v in row.items() if k not in LAYER_KEYS}
        templates.append(LayerTemplate(
            name=name, op=op, inputs=inputs, fields=fields, loc=row_loc,
            when=ctx.parse_value(row.get("when", True), ctx.loc(row, "when"), name),
            repeat=ctx.parse_value(row.get("repeat"), ctx.loc(row, "repeat"), name),
            repeat_names=repeat_names, body=body,
            numbered=op == GROUP and "name" not in row["layers"][0]))  # all rows named or none: checked above
        seen.add(name)
    return tuple(templates)


def _parse_group(ctx: _Ctx, row: dict, name: str, block_names: set[str]) -> tuple[LayerTemplate, ...]:
    """The rows of an inline group: a chain. Named rows give named children (nn.Sequential of an
    OrderedDict); rows without names are numbered 0, 1, 2, ... over the primitive layers, with
    sequential blocks spliced in (torchvision's `features` of VGG and AlexNet)."""
    if "repeat" in row:
        raise SpecError(f"a '{GROUP}' group cannot repeat; repeat a block instead", ctx.loc(row, "repeat"), name)
    rows = row.get("layers")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise SpecError(f"'layers' of group '{name}' must be a non-empty list of layers", ctx.loc(row, "layers"), name)
    named = {"name" in inner for inner in rows}
    if len(named) > 1:
        raise SpecError(f"group '{name}' names some rows and not others: name every row (named children) or none "
                        "(children numbered 0, 1, 2, ...)", ctx.loc(row, "layers"), name)
    body = _parse_layers(ctx, rows, f"group '{name}'", ctx.loc(row, "layers"), block_names,
                         numbered=None if named == {True} else "group")
    for inner, t in zip(rows, body):
        if "from" in inner:
            raise SpecError(f"a '{GROUP}' group is a chain: 'from' is not allowed inside it", ctx.loc(inner, "from"),
                            t.name)
        if "activation" in inner:
            raise SpecError(f"a '{GROUP}' group holds modules of an nn.Sequential: write the activation as a layer "
                            "of its own", ctx.loc(inner, "activation"), t.name)
        if t.op == GROUP:
            raise SpecError(f"'{GROUP}' groups do not nest; use a block", t.loc, t.name)
    return body


def _parse_blocks(ctx: _Ctx, raw: Any, where: Location) -> dict[str, BlockDef]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SpecError("'blocks' must be a mapping of block name to definition", ctx.loc(raw, parent=where))
    names = set(raw)
    blocks = {}
    for name, body in raw.items():
        loc = ctx.loc(raw, name)
        if not (isinstance(name, str) and name.isidentifier() and name[0].isupper()):
            raise SpecError(f"block name {name!r} must be a CapWords identifier (it becomes a class name)", loc)
        if name in OPS:
            raise SpecError(f"block name '{name}' shadows the op of that name", loc)
        ctx.check_keys(body, BLOCK_KEYS, f"block '{name}'", required=("layers",), at=loc)
        raw_args = body.get("args") or _Map()
        if not isinstance(raw_args, dict):
            raise SpecError(f"'args' of block '{name}' must be a mapping of argument to default (null: required)",
                            ctx.loc(body, "args"))
        args = dict(raw_args)
        for arg in args:
            if arg in IMPLICIT_BLOCK_ARGS or arg == REPEAT_INDEX:
                raise SpecError(f"block argument '{arg}' is reserved (every block receives its input's "
                                f"in_channels)", ctx.loc(body.get("args"), arg))
        args = {k: (REQUIRED if v is None else v) for k, v in args.items()}
        sequential = body.get("sequential", False)
        if not isinstance(sequential, bool):
            raise SpecError("'sequential' must be true or false", ctx.loc(body, "sequential"))
        splice = body.get("splice", True)
        if not isinstance(splice, bool):
            raise SpecError("'splice' must be true or false", ctx.loc(body, "splice"))
        if "splice" in body and not sequential:
            raise SpecError("'splice' is for a sequential block (whether its layers join a numbered group one by one)",
                            ctx.loc(body, "splice"))
        raw_requires = body.get("requires", [])
        requires = [ctx.parse_value(r, ctx.loc(body, "requires"), name) for r in raw_requires] \
            if isinstance(raw_requires, list) else None
        if requires is None or not all(isinstance(r, Expr) for r in requires):
            raise SpecError("'requires' must be a list of \"${...}\" conditions on the block's arguments",
                            ctx.loc(body, "requires"))
        layers = _parse_layers(ctx, body["layers"], f"block '{name}'", loc, names,
                               numbered="block" if sequential else None)
        for t in layers:
            if t.repeat is not None:
                raise SpecError("'repeat' is allowed only in a model's layers, not inside a block", t.loc, t.name)
            if isinstance(t.op, Expr) and not (isinstance(t.op.tree.body, ast.Name) and t.op.source.strip() in args):
                raise SpecError("a layer inside a block names its op, or one of the block's arguments as an "
                                "activation (op: \"${activation_layer}\")", t.loc, t.name)
            if t.op == GROUP:
                raise SpecError(f"'{GROUP}' groups belong in a model's layers; inside a block, use another block",
                                t.loc, t.name)
        output = body.get("output", layers[-1].name)
        if output not in {t.name for t in layers}:
            raise SpecError(f"block output '{output}' is not one of its layers", ctx.loc(body, "output"))
        if sequential and output != layers[-1].name:
            raise SpecError("a sequential block's output is its last layer", ctx.loc(body, "output"))
        blocks[name] = BlockDef(name, str(body.get("doc", "")).strip(), args, layers, output, loc, sequential, splice,
                                tuple(requires))
    return _with_op_args(blocks)


def _with_op_args(blocks: dict[str, BlockDef]) -> dict[str, BlockDef]:
    """Each block with the arguments that name an activation: used as a row's op, or passed on as one to an
    inner block's such argument (MobileNet v3's InvertedResidual passes `activation_layer` to its
    Conv2dNormActivation)."""
    op_args = {name: {t.op.source.strip() for t in block.layers if isinstance(t.op, Expr)}
               for name, block in blocks.items()}
    changed = True
    while changed:
        changed = False
        for name, block in blocks.items():
            for t in block.layers:
                for key, value in t.fields.items():
                    passed = value.source.strip() if isinstance(value, Expr) else None
                    if (t.op in op_args and key in op_args[t.op] and passed in block.args
                            and passed not in op_args[name]):
                        op_args[name].add(passed)
                        changed = True
    return {name: replace(block, op_args=frozenset(op_args[name])) for name, block in blocks.items()}


# ---------------------------------------------------------------------------- instantiation

class _Builder:
    """Resolves templates into a concrete Node tree, inferring shapes as it goes."""

    def __init__(self, ctx: _Ctx, blocks: dict[str, BlockDef]):
        self.ctx, self.blocks = ctx, blocks
        self.layers = 0
        self.inside = 0  # how many blocks deep the builder is

    def scope(self, templates: tuple[LayerTemplate, ...], env: dict[str, Any], input_shape: Shape,
              prefix: str, depth: int, input_flat: Shape | None = None,
              ) -> tuple[list[Node], dict[str, str], dict[str, Shape]]:
        """Nodes of one scope. `input_flat`: the (C, H, W) map the scope's input was flattened from, if any."""
        shapes: dict[str, Shape] = {INPUT: input_shape}
        flat: dict[str, Shape | None] = {INPUT: input_flat}
        alias: dict[str, str] = {}
        nodes: list[Node] = []
        for t in templates:
            inputs = tuple(alias.get(i, i) for i in t.inputs)
            if not _evaluate(t.when, env, t.loc, t.name):
                alias[t.name] = inputs[0]  # switched off, a layer passes its first input on
                continue
            in_shapes = [shapes[i] for i in inputs]
            if t.repeat is not None:
                node = self.repeat(t, env, inputs, in_shapes, prefix, depth, flat[inputs[0]])
            elif t.op == GROUP:
                node = self.group(t, env, in_shapes, prefix + t.name, depth, flat[inputs[0]])
            else:
                node = self.one(t, _evaluate(t.op, env, t.loc, t.name), env, inputs, in_shapes, prefix + t.name, depth,
                                input_flat=flat[inputs[0]])
            node.flattened_from = _flat_origin(node, flat[inputs[0]])
            nodes.append(node)
            shapes[t.name] = node.out_shape
            flat[t.name] = _out_flat(node)
        return nodes, alias, shapes

    def group(self, t: LayerTemplate, env: dict, in_shapes: list[Shape], path: str, depth: int,
              input_flat: Shape | None) -> Node:
        if len(in_shapes) != 1:
            raise SpecError(f"a '{GROUP}' group takes one input", t.loc, t.name)
        children, _, _ = self.scope(t.body, env, in_shapes[0], path + ".", depth + 1, input_flat)
        if not children:
            raise SpecError(f"every layer of group '{t.name}' is switched off by its 'when'", t.loc, t.name)
        if t.numbered:
            children = self.numbered(children, path)
        return Node(t.name, path, GROUP, {}, t.inputs, in_shapes, children[-1].out_shape, t.loc, t, children,
                    output=children[-1].name)

    def numbered(self, children: list[Node], path: str) -> list[Node]:
        """The layers of an unnamed group in order, named 0, 1, 2, ...; a sequential block contributes its layers
        (the list concatenation of torchvision's make_layers) unless it says `splice: false`, any other block is one
        layer."""
        leaves: list[Node] = []
        for child in children:
            instances = child.children if child.op == "repeat" else [child]
            for node in instances:
                leaves.extend(node.children if not node.is_primitive and self.blocks[node.op].spliced else [node])
        for index, leaf in enumerate(leaves):
            _move(leaf, f"{path}.{index}")
            leaf.name, leaf.inputs = str(index), (INPUT,) if index == 0 else (str(index - 1),)
        return leaves

    def repeat(self, t: LayerTemplate, env: dict, inputs: tuple[str, ...], in_shapes: list[Shape], prefix: str,
               depth: int, input_flat: Shape | None) -> Node:
        count = _evaluate(t.repeat, env, t.loc, t.name)
        if not (isinstance(count, int) and not isinstance(count, bool) and 1 <= count <= MAX_REPEAT):
            raise SpecError(f"'repeat' must be an integer from 1 to {MAX_REPEAT}, got {count!r}", t.loc, t.name)
        if len(inputs) != 1:
            raise SpecError("a repeated layer must have exactly one input", t.loc, t.name)
        children, shape = [], in_shapes[0]
        for index in range(count):
            child_env = {**env, REPEAT_INDEX: index}
            op = _evaluate(t.op, child_env, t.loc, t.name)
            name = f"{t.repeat_names}{index + 1}" if t.repeat_names else str(index)
            previous = (INPUT,) if index == 0 else (children[-1].name,)
            child_flat = input_flat if index == 0 else _out_flat(children[-1])
            child = self.one(t, op, child_env, previous, [shape], f"{prefix}{t.name}.{name}", depth, name=name,
                             input_flat=child_flat)
            child.flattened_from = _flat_origin(child, child_flat)
            children.append(child)
            shape = child.out_shape
        return Node(t.name, prefix + t.name, "repeat", {"count": count}, inputs, in_shapes, shape, t.loc, t, children,
                    output=children[-1].name)

    def one(self, t: LayerTemplate, op: Any, env: dict, inputs: tuple[str, ...], in_shapes: list[Shape], path: str,
            depth: int, name: str | None = None, input_flat: Shape | None = None) -> Node:
        name = name or t.name
        if not isinstance(op, str):
            raise SpecError(f"op must evaluate to an op or block name, got {op!r}", t.loc, t.name)
        if isinstance(t.op, Expr) and op in OPS and not self.inside:
            raise SpecError(f"a model's row chooses a block by a parameter, not an op ('{op}'); an activation chosen "
                            f"by an argument belongs in a block", t.loc, t.name)
        self.layers += 1
        if self.layers > MAX_LAYERS:
            raise SpecError(f"the model resolves to more than {MAX_LAYERS} layers", t.loc, t.name)
        if op in OPS:
            attrs = self.op_attrs(t, op, env, in_shapes)
            try:
                out_shape = OPS[op].infer(attrs, in_shapes)
            except ValueError as exc:
                raise SpecError(f"{op} {exc}", t.loc, t.name) from None
            node = Node(name, path, op, attrs, inputs, in_shapes, out_shape, t.loc, t)
            for tensor, shape in {**node.params(), **node.buffers()}.items():
                if math.prod(shape) > MAX_TENSOR:
                    raise SpecError(f"{op} {tensor} would hold {math.prod(shape):,} elements; at most {MAX_TENSOR:,}",
                                    t.loc, t.name)
            if math.prod(out_shape) > MAX_TENSOR:
                raise SpecError(f"{op} output {out_shape} holds more than {MAX_TENSOR:,} values per image", t.loc,
                                t.name)
            return node
        if op not in self.blocks:
            raise SpecError(f"unknown op '{op}'{suggest(str(op), [*OPS, *self.blocks])}", t.loc, t.name)
        if depth > 8:
            raise SpecError(f"block '{op}' nests deeper than 8 levels (does it contain itself?)", t.loc, t.name)
        block = self.blocks[op]
        if len(in_shapes) != 1:
            raise SpecError(f"block '{op}' takes one input", t.loc, t.name)
        attrs = {"in_channels": in_shapes[0][0]}
        for key, raw in t.fields.items():
            if key not in block.args:
                raise SpecError(f"unknown argument '{key}' for block '{op}'{suggest(key, block.args)}; "
                                f"expected one of: {', '.join(block.args) or 'none'}", t.loc, t.name)
            attrs[key] = _evaluate(raw, env, t.loc, t.name)
        for key, default in block.args.items():
            if key not in attrs:
                if default is REQUIRED:
                    raise SpecError(f"block '{op}' needs argument '{key}'", t.loc, t.name)
                attrs[key] = _evaluate(self.ctx.parse_value(default, block.loc, op), attrs, block.loc, op)
        for condition in block.requires:
            if not _evaluate(condition, attrs, block.loc, op):
                raise SpecError(f"block '{op}' requires {condition.source}", t.loc, t.name)
        for key in sorted(block.op_args):
            if attrs[key] not in ELEMENTWISE_ACTIVATIONS:
                raise SpecError(f"block '{op}' argument '{key}' names an activation (one of "
                                f"{', '.join(ELEMENTWISE_ACTIVATIONS)}), got {attrs[key]!r}", t.loc, t.name)
        self.inside += 1  # a SpecError ends the build, so no cleanup is owed
        children, alias, shapes = self.scope(block.layers, attrs, in_shapes[0], path + ".", depth + 1, input_flat)
        self.inside -= 1
        out = alias.get(block.output, block.output)
        if out == INPUT:
            raise SpecError(f"every layer of block '{op}' is switched off by its 'when'", t.loc, t.name)
        out_shape = shapes[out]
        if block.sequential:  # the layers present, numbered 0, 1, ... as nn.Sequential(*layers) numbers them
            for index, child in enumerate(children):
                _move(child, f"{path}.{index}")
                child.name, child.inputs = str(index), (INPUT,) if index == 0 else (str(index - 1),)
            out = children[-1].name
        return Node(name, path, op, attrs, inputs, in_shapes, out_shape, t.loc, t, children, output=out)

    def op_attrs(self, t: LayerTemplate, op: str, env: dict, in_shapes: list[Shape]) -> dict[str, Any]:
        opdef = OPS[op]
        arity = len(in_shapes)
        if opdef.arity and arity != opdef.arity or opdef.arity is None and arity < 2:
            want = "two or more" if opdef.arity is None else str(opdef.arity)
            raise SpecError(f"{op} takes {want} input(s), got {arity} in 'from'", t.loc, t.name)
        attrs = {}
        for key, raw in t.fields.items():
            if key not in opdef.fields:
                expected = ", ".join(opdef.fields) or "no fields"
                raise SpecError(f"unknown field '{key}' for {op}{suggest(key, opdef.fields)}; expected: {expected}",
                                t.loc, t.name)
            value = _evaluate(raw, env, t.loc, t.name)
            kind = opdef.fields[key].kind
            if value is None and opdef.fields[key].default is not None or value is not None and not field_kind_ok(kind, value):
                want = KIND_TEXT.get(kind) if isinstance(kind, str) else "one of " + ", ".join(map(str, kind))
                raise SpecError(f"{op} field '{key}' must be {want}, got {value!r}", t.loc, t.name)
            if (bound := out_of_range(opdef.fields[key], value)) is not None:
                raise SpecError(f"{op} field '{key}' must be {bound}, got {value!r}", t.loc, t.name)
            attrs[key] = value
        for key, fdef in opdef.fields.items():
            if key not in attrs:
                if fdef.default is REQUIRED:
                    raise SpecError(f"{op} is missing required field '{key}'", t.loc, t.name)
                attrs[key] = fdef.default
        if "stride" in attrs and attrs["stride"] is None:
            attrs["stride"] = attrs["kernel_size"]
        declared = attrs.get(opdef.in_field) if opdef.in_field else None
        if declared is not None:
            inferred = in_shapes[0][0]
            if declared != inferred:
                raise SpecError(f"{op} declares {opdef.in_field} {declared} but the inferred input is "
                                f"{_shape_text(in_shapes[0])}, i.e. {inferred}", t.loc, t.name)
        return attrs


def _move(node: Node, path: str) -> None:
    """Give a node a new path, and its whole subtree the matching ones."""
    old = node.path
    for inner in _subtree(node):
        inner.path = path + inner.path[len(old):]


def _subtree(node: Node) -> list[Node]:
    return [node, *(inner for child in node.children for inner in _subtree(child))]


def _flat_origin(node: Node, input_flat: Shape | None) -> Shape | None:
    """The (C, H, W) map whose NCHW flatten order this node's features have: set by a flatten and kept by
    dropout and activations after it; for a linear, that of its input (its weight's columns follow it)."""
    if node.op == "flatten":
        return node.in_shapes[0] if len(node.in_shapes[0]) == 3 else input_flat
    if node.op in ("linear", "dropout", *ACTIVATIONS):
        return input_flat
    return None if node.is_primitive else _last_flat(node)


def _last_flat(node: Node) -> Shape | None:
    last = next((c for c in node.children if c.name == node.output), None)
    return None if last is None else _out_flat(last)


def _out_flat(node: Node) -> Shape | None:
    """The flatten origin of a node's output (a linear's output is no longer in any map's order)."""
    return None if node.op == "linear" else node.flattened_from


# ---------------------------------------------------------------------------- models

def _published(ctx: _Ctx, raw: Any, owner: str, at: Location) -> Published | None:
    if raw is None:
        return None
    ctx.check_keys(raw, PUBLISHED_KEYS, f"published_params of {owner}", required=("count", "source"), at=at)
    count = raw["count"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 1 or not isinstance(raw["source"], str) \
            or not raw["source"].strip():
        raise SpecError("published_params needs a positive integer 'count' and a non-empty 'source'", ctx.loc(raw))
    return Published(raw["count"], raw["source"].strip())


def _input_shape(ctx: _Ctx, raw: Any, where: Any) -> Shape:
    if not (isinstance(raw, list) and len(raw) == 3
            and all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_SIZE for v in raw)):
        raise SpecError(f"'input' must be [C, H, W] of integers from 1 to {MAX_SIZE} (canonical NCHW without batch), "
                        f"got {raw!r}", ctx.loc(where, "input"))
    return tuple(raw)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading allocates millions of small objects and frees none; the cyclic collector would rescan them
    all every few thousand allocations and make loading grow faster than linearly (40k layers: 4.9 s
    against 2.3 s with it paused)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_file(path: str | Path) -> list[Model]:
    """Every variant of one spec family file, fully resolved."""
    path = Path(path)
    try:
        with _collector_paused():
            return _load_file(path)
    except MemoryError:
        raise SpecError("the spec needs more memory than this machine has",
                        Location(_display_path(path), 0)) from None  # mutation survivor: no test fills memory


def _load_file(path: Path) -> list[Model]:
    ctx = _Ctx(_display_path(path), path)
    data = _read_yaml(path)
    ctx.check_keys(data, FILE_KEYS, "spec file", required=("family", "models"))
    if data["family"] != path.stem:
        raise SpecError(f"family '{data['family']}' must match the file name '{path.stem}'", ctx.loc(data, "family"))
    blocks = _parse_blocks(ctx, data.get("blocks"), ctx.loc(data, "blocks"))
    models_raw = data["models"]
    if not isinstance(models_raw, dict) or not models_raw:
        raise SpecError("'models' must be a non-empty mapping of model name to definition", ctx.loc(data, "models"))
    models: list[Model] = []
    owners: dict[str, str] = {}  # class name -> the model entry that renders it
    for model_name, body in models_raw.items():
        ctx.check_keys(body, MODEL_KEYS, f"model '{model_name}'", required=("layers",), at=ctx.loc(models_raw, model_name))
        for key in ("params", "arguments", "variants"):
            if body.get(key) is not None and not isinstance(body[key], dict):
                raise SpecError(f"'{key}' of model '{model_name}' must be a mapping, got {_kind(body[key])}",
                                ctx.loc(body, key))
        templates = _parse_layers(ctx, body["layers"], f"model '{model_name}'", ctx.loc(models_raw, model_name),
                                  set(blocks))
        variants = body.get("variants") or {model_name: _Map()}
        built = []
        for variant_name, over in variants.items():
            over = over if over is not None else _Map()
            ctx.check_keys(over, VARIANT_KEYS, f"variant '{variant_name}'", at=ctx.loc(variants, variant_name))
            for key in ("params", "arguments"):
                if over.get(key) is not None and not isinstance(over[key], dict):
                    raise SpecError(f"'{key}' of variant '{variant_name}' must be a mapping, got {_kind(over[key])}",
                                    ctx.loc(over, key))
            built.append(_build(ctx, data, blocks, templates, model_name, body, variant_name, over))
        _find_families(built, body.get("params") or {}, ctx.loc(models_raw, model_name))
        for model in built:
            if owners.setdefault(model.class_name, model_name) != model_name:
                raise SpecError(f"models '{owners[model.class_name]}' and '{model_name}' both render class "
                                f"'{model.class_name}'; give each its own class_name", model.loc)
        models += built
    for model in models:
        if model.class_params and (model.builder in blocks or model.builder in owners):
            raise SpecError(f"variant '{model.name}' names a builder function that clashes with a block or class",
                            model.loc)
    return models


def _find_families(models: list[Model], defaults: dict[str, Any], loc: Location) -> None:
    """Variants of one model that share a class_name but differ in params are one parametrised class
    (torchvision's `ResNet(block, layers)`): the params that differ become its constructor parameters,
    required unless the model gives a default, and each variant gets a builder function of its name."""
    by_class: dict[str, list[Model]] = {}
    for model in models:
        by_class.setdefault(model.class_name, []).append(model)
    for group in by_class.values():
        keys = {tuple(m.params) for m in group}
        if len(keys) > 1:
            raise SpecError(f"variants of class '{group[0].class_name}' set different params "
                            f"({', '.join(sorted({k for m in group for k in m.params}))}); give every param a "
                            "default in the model's params", loc)
        varying = [k for k in group[0].params if len({repr(m.params[k]) for m in group}) > 1]
        for key in varying:
            if key in RENDERED_NAMES or keyword.iskeyword(key) or not key.isidentifier():
                raise SpecError(f"param '{key}' differs between variants, so it becomes a constructor parameter of "
                                f"class '{group[0].class_name}', but the rendered code uses that name "
                                f"({', '.join(sorted(RENDERED_NAMES))} are taken); rename it", loc)
        ordered = [k for k in varying if k not in defaults] + [k for k in varying if k in defaults]
        for model in group:
            model.class_params = {k: defaults.get(k, REQUIRED) for k in ordered}


def _build(ctx: _Ctx, data: dict, blocks: dict[str, BlockDef], templates: tuple[LayerTemplate, ...],
           model_name: str, body: dict, variant_name: str, over: dict) -> Model:
    def pick(key: str, default: Any = None) -> Any:
        return over.get(key, body.get(key, data.get(key, default)))

    where = over if "input" in over else body
    loc = ctx.loc(data["models"], model_name)
    if not isinstance(variant_name, str) or not variant_name.isidentifier():
        raise SpecError(f"model name {variant_name!r} must be an identifier", loc)
    params = {**(body.get("params") or {}), **(over.get("params") or {})}
    arguments = {**(body.get("arguments") or {}), **(over.get("arguments") or {})}
    for arg, value in arguments.items():
        if isinstance(value, (dict, list)) or value is None:
            raise SpecError(f"argument '{arg}' needs a scalar default (it becomes a constructor argument)", loc)
    class_name = pick("class_name")
    if not (isinstance(class_name, str) and class_name.isidentifier()):
        raise SpecError(f"model '{variant_name}' needs a class_name that is an identifier", loc)
    if class_name in blocks:
        raise SpecError(f"model '{variant_name}' has class_name '{class_name}', the name of a block (both become "
                        "classes of one file)", loc)
    input_shape = _input_shape(ctx, pick("input"), where)
    builder = _Builder(ctx, blocks)
    nodes, alias, _ = builder.scope(templates, {**params, **arguments}, input_shape, "", 0)
    output = body.get("output", templates[-1].name)
    output = alias.get(output, output)
    if output not in {n.name for n in nodes}:
        raise SpecError(f"model output '{output}' is not one of its layers", ctx.loc(body, "output"))
    aux = _aux_outputs(ctx, over if "aux_outputs" in over else body, nodes, output)
    return Model(
        name=variant_name, family=data["family"], file=ctx.file, class_name=class_name, aux=aux,
        description=str(pick("description", "")).strip(), source=str(pick("source", "")).strip(),
        input_shape=input_shape, arguments=arguments, params=params,
        published=_published(ctx, over.get("published_params", body.get("published_params")), variant_name,
                             ctx.loc(over if "published_params" in over else body, "published_params")),
        nodes=nodes, output=output, blocks=blocks, loc=loc, path=str(Path(ctx.path).resolve()), templates=templates)


def _aux_outputs(ctx: _Ctx, where: dict, nodes: list[Node], output: str) -> dict[str, float]:
    """Auxiliary classifiers: layer name -> weight of its cross-entropy in the training loss. They are
    computed and returned in train mode only (GoogLeNet's, Inception v3's)."""
    raw = where.get("aux_outputs") or {}
    loc = ctx.loc(where, "aux_outputs")
    if not isinstance(raw, dict):
        raise SpecError("'aux_outputs' must map auxiliary output layers to their loss weights", loc)
    names = {n.name: n for n in nodes}
    for name, weight in raw.items():
        if name not in names or name == output:
            raise SpecError(f"aux output '{name}' is not a model layer other than the output"
                            f"{suggest(str(name), names)}", loc)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            raise SpecError(f"aux output '{name}' needs a positive loss weight, got {weight!r}", loc)
        if names[name].out_shape != names[output].out_shape:
            raise SpecError(f"aux output '{name}' gives {_shape_text(names[name].out_shape)}, the output "
                            f"{_shape_text(names[output].out_shape)}", loc)
    return {name: float(weight) for name, weight in raw.items()}


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
