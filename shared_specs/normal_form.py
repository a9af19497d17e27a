"""The normal form a captured model is put in before it becomes a spec, and the spec text it becomes.

A flat graph of registry ops in NCHW: every field resolved (defaults written out, padding as explicit
(top, bottom, left, right)), activations as nodes of their own, and each node with its shape, the dotted path of
the source module it came from (the prefix of its weights there) and its provenance (the source framework's op
and the user's file:line). Two captures are compared here, so that `padding: valid` and `padding: 0` are one
thing; the spec written from it folds them back into the catalogue's short spelling.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .block_recovery import Block, Group, Instance, Use, recover
from .errors import RosettaError
from .ir import INPUT, Model
from .loader import GROUP
from .ops import ACTIVATIONS, OPS, Shape, pair, resolve_padding, window_out
from .registry import get_model, list_models

WINDOWED = ("conv2d", "max_pool2d", "avg_pool2d")
FUSABLE = ("conv2d", "linear")  # ops with an `activation` field
INFERRED = ("in_channels", "in_features", "num_features", "num_channels")
WEIGHTED = ("conv2d", "linear", "batch_norm", "group_norm", "instance_norm", "layer_norm")  # ops with tensors


@dataclass
class Layer:
    """One node of the normal form."""

    name: str  # unique; an identifier
    op: str  # a registry op
    attrs: dict[str, Any]  # every field of the op, resolved
    inputs: tuple[str, ...]  # producers' names; INPUT is the model's input
    shape: Shape  # output shape without the batch
    source: str = ""  # dotted path of the source module (its weights' prefix there); "" for a function
    origin: str = ""  # "nn.Conv2d at net.py:17"
    group: str = ""  # the source's top-level nn.Sequential holding it, if any: its rows keep their numbers
    in_shape: Shape = ()  # its (first) input's shape
    # the source's module instances around it, outermost first, as (dotted path, class name): what blocks are
    # recovered from (shared_specs/block_recovery.py)
    scope: tuple[tuple[str, str], ...] = ()
    path: str = ""  # its dotted path in that tree where it differs from `source` (Keras: read from its name)
    # its place among the auxiliary outputs the source returns after its output in train mode (1: the first);
    # 0: not one of them
    returned: int = 0


@dataclass(frozen=True)
class Problem:
    """Something the spec language cannot say, where the user wrote it."""

    what: str
    path: str
    origin: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.what}" + (f" (layer {self.path})" if self.path else "")


class CaptureError(RosettaError):
    """The problems of a capture, all of them; str() is the one-line summary."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(dict.fromkeys(problems))  # a construct in a loop is named once
        count = len(self.problems)
        super().__init__(f"{count} construct{'s' if count > 1 else ''} a spec cannot express; no spec written: "
                         + "; ".join(map(str, self.problems)))


def resolve(op: str, attrs: dict[str, Any], in_shape: Shape) -> dict[str, Any]:
    """Every field of `op`, defaults written out; a windowed op's padding as (top, bottom, left, right), the far
    sides cut to what the windows read, and `ceil_mode` and `count_include_pad` written as PyTorch's defaults
    wherever they change nothing (two spellings of one computation resolve alike)."""
    spec = OPS[op]
    out = {name: attrs.get(name, f.default) for name, f in spec.fields.items()
           if name not in INFERRED and name != "activation"}  # activations are nodes of their own here
    if op in WINDOWED:
        k, s = pair(out["kernel_size"]), pair(out["stride"] if out.get("stride") is not None else out["kernel_size"])
        d = pair(out.get("dilation", 1))
        padding = out["padding"]
        explicit = isinstance(padding, (tuple, list)) and len(padding) == 4  # (top, bottom, left, right) already
        out.update(kernel_size=k, stride=s,
                   padding=tuple(padding) if explicit else tuple(resolve_padding(padding, k, s, d, in_shape[1:])))
        if "dilation" in out:
            out["dilation"] = d
        _settle_window(op, out, in_shape)
    if "output_size" in out:
        out["output_size"] = pair(out["output_size"])
    return out


def _settle_window(op: str, attrs: dict[str, Any], in_shape: Shape) -> None:
    """Cut each far-side padding to what the last window reads; drop `ceil_mode` where it adds no window (and from a
    max pool, whose clipped window is the same as one over -inf padding) and `count_include_pad` where no window
    covers a padded cell."""
    k, s, d = attrs["kernel_size"], attrs["stride"], attrs.get("dilation", (1, 1))
    top, bottom, left, right = attrs["padding"]
    ceil = attrs.get("ceil_mode", False)
    sides = []
    for size, near, far, kk, ss, dd in ((in_shape[1], top, bottom, k[0], s[0], d[0]),
                                        (in_shape[2], left, right, k[1], s[1], d[1])):
        out = window_out(size, kk, ss, dd, near, far, ceil)
        if ceil and out == window_out(size, kk, ss, dd, near, far, False):
            ceil = False
        reach = max((out - 1) * ss + (kk - 1) * dd + 1 - size - near, 0)  # how far past the input the last window reads
        sides.append((near, reach if ceil and op == "max_pool2d" else min(far, reach)))
    if op == "max_pool2d":
        ceil = False
    (top, bottom), (left, right) = sides
    attrs["padding"] = (top, bottom, left, right)
    if "ceil_mode" in attrs:
        attrs["ceil_mode"] = ceil
    if "count_include_pad" in attrs and not (ceil or any(attrs["padding"])):
        attrs["count_include_pad"] = True


def spelling(layer: Layer, in_shape: Shape) -> tuple[Any, bool] | None:
    """A windowed op's (padding, ceil_mode) as a spec writes them, in the order every renderer can take them: a
    symmetric padding (one number or [h, w]), the same with ceil_mode, then 'same' (TensorFlow's asymmetric
    rule); None when a spec cannot say it."""
    top, _, left, _ = layer.attrs["padding"]
    k, s, d = layer.attrs["kernel_size"], layer.attrs["stride"], layer.attrs.get("dilation", (1, 1))
    ceil_modes = (False, True) if "ceil_mode" in layer.attrs else (False,)
    for candidate, ceil in [((top, left), c) for c in ceil_modes] + [("same", False)]:
        attrs = {**layer.attrs, "padding": tuple(resolve_padding(candidate, k, s, d, in_shape[1:]))}
        if "ceil_mode" in attrs:
            attrs["ceil_mode"] = ceil
        _settle_window(layer.op, attrs, in_shape)
        if attrs == layer.attrs:
            return (_short(candidate) if candidate != "same" else candidate), ceil
    return None


def from_model(model: Model) -> list[Layer]:
    """The normal form of a loaded spec: its primitives by path, fused activations split into nodes of their own."""
    layers: list[Layer] = []
    producers: dict[str, str] = {}  # a node's path -> the normal-form name of its value

    def value_of(scope: str, name: str, scope_input: str) -> str:
        return scope_input if name == INPUT else producers[f"{scope}{name}"]

    def walk(nodes, scope: str, scope_input: str) -> None:
        for node in nodes:
            inputs = tuple(value_of(scope, i, scope_input) for i in node.inputs)
            if not node.is_primitive:
                walk(node.children, f"{node.path}.", inputs[0])
                producers[node.path] = value_of(f"{node.path}.", node.output, inputs[0])
                continue
            attrs = resolve(node.op, node.attrs, node.in_shapes[0])
            activation = node.attrs.get("activation")
            layers.append(Layer(node.path, node.op, attrs, inputs, node.out_shape, node.path,
                                in_shape=node.in_shapes[0]))
            producers[node.path] = node.path
            if activation:
                layers.append(Layer(f"{node.path}:{activation}", activation, {}, (node.path,), node.out_shape))
                producers[node.path] = layers[-1].name

    walk(model.nodes, "", INPUT)
    return layers


def contributing(layers: list[Layer], output: str, aux: list[str] | tuple[str, ...] = ()) -> list[Layer]:
    """The layers the output and the auxiliary outputs depend on, in order, with the output last and each
    auxiliary output marked `returned`; those computed but unused are dropped."""
    needed = {output, *aux}
    for layer in reversed(layers):
        if layer.name in needed:
            needed.update(layer.inputs)
    kept = [x for x in layers if x.name in needed]
    places = {name: place for place, name in enumerate(aux, start=1)}  # pragma: no mutate: only order, zero read
    for x in kept:
        x.returned = places.get(x.name, 0)
    _full_operand_first(kept)
    return [x for x in kept if x.name != output] + [x for x in kept if x.name == output]


def _full_operand_first(layers: list[Layer]) -> None:
    """Each layer with an operand of its own shape takes that one first, as the spec's multiply does: paddle.vision's
    and torchvision's squeeze-excite write `scale * input`, the (C, 1, 1) gate first. (Every operand of an add has
    its shape and none of a concat's, so only products change.)"""
    shapes = {x.name: x.shape for x in layers} | {x.inputs[0]: x.in_shape for x in layers if x.inputs[0] == INPUT}
    for x in layers:
        if x.in_shape != x.shape:
            full = next((i for i in x.inputs if shapes.get(i) == x.shape), None)
            if full is not None:
                x.inputs = (full, *(i for i in x.inputs if i != full))
                x.in_shape = x.shape


def auxiliary_outputs(layers: list[Layer]) -> list[Layer]:
    """The layers the source returns after its output in train mode, in the order it returns them."""
    return sorted((x for x in layers if x.returned), key=lambda x: x.returned)


def with_auxiliary_outputs(layers: list[Layer], uncalled: list[Problem],
                           in_train_mode: Callable[[], tuple[list[Layer], list[Problem]]]) -> list[Layer]:
    """A capture in eval mode (`layers`) where it leaves no layer with weights `uncalled`. Else the capture in
    train mode, where that calls every one and is eval mode's graph with auxiliary outputs returned after the output
    (a GoogLeNet's classifiers, which run in train mode only); else a CaptureError naming the layers left out."""
    if not uncalled:
        return layers
    not_auxiliary = CaptureError([Problem(
        f"{p.what} in eval mode, and train mode returns it as no auxiliary output beside an output whose graph is "
        f"eval mode's: its weights would be lost", p.path, p.origin) for p in uncalled])
    try:
        trained, left = in_train_mode()
    except CaptureError:
        raise not_auxiliary from None
    if left:  # the train-mode layers are the ones its outputs depend on: left out in both modes
        raise CaptureError([Problem(f"{p.what} in eval mode or train mode: its weights would be lost", p.path,
                                    p.origin) for p in left])
    output = trained[-1].name
    if any(output in x.inputs for x in trained) or differences(contributing([Layer(**vars(x)) for x in trained],
                                                                            output), layers):
        raise not_auxiliary
    return trained


def is_identity(layer: Layer) -> bool:
    """A pooling that returns its input: an adaptive pool to the size it is given, a 1x1 window at stride 1."""
    if layer.op == "adaptive_avg_pool2d":
        return tuple(layer.attrs["output_size"]) == tuple(layer.in_shape[1:])
    if layer.op in ("avg_pool2d", "max_pool2d"):
        return layer.attrs["kernel_size"] == (1, 1) and layer.attrs["stride"] == (1, 1) and not any(
            layer.attrs["padding"])
    return False


def differences(got: list[Layer], want: list[Layer]) -> list[str]:
    """What differs between two normal forms: the layers with weights, matched by source path (op, fields,
    shape), then the stateless ops other than identities (op, fields and shape, as a multiset). Empty when they
    compute one graph's function with one set of weights."""
    def weighted(layers: list[Layer]) -> dict[str, tuple]:
        return {x.source: (x.op, x.attrs, x.shape) for x in layers if x.op in WEIGHTED}

    def stateless(layers: list[Layer]) -> list[str]:
        return sorted(repr((x.op, sorted(x.attrs.items()), x.shape)) for x in layers if x.op not in WEIGHTED
                      and not is_identity(x))

    out = []
    a, b = weighted(got), weighted(want)
    for path in sorted(set(a) | set(b)):
        if a.get(path) != b.get(path):
            out.append(f"{path}: {a.get(path)} != {b.get(path)}")
    if stateless(got) != stateless(want):
        out.append(f"stateless ops differ: {sorted(set(stateless(got)) ^ set(stateless(want)))}")
    return out


# ---------------------------------------------------------------- the spec text

def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z_][\w.]*", value):
        return '"' + value.replace('"', '\\"') + '"'
    return str(value)


def _short(value: Any) -> Any:
    """A pair of equal numbers as one number, as the catalogue writes them."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == value[1]:
        return value[0]  # pragma: no mutate: the pair's two numbers are equal
    return value


def spelt_fields(layer: Layer, in_shape: Shape) -> dict[str, Any]:
    """The fields a spec row needs: those that differ from the op's defaults, in the catalogue's spelling."""
    spec = OPS[layer.op]
    attrs = dict(layer.attrs)
    if layer.op in WINDOWED:
        spelt = spelling(layer, in_shape)
        if spelt is None:
            raise RosettaError(f"layer {layer.name}: padding {layer.attrs['padding']} is neither symmetric nor 'same'")
        attrs["padding"] = spelt[0]
        if "ceil_mode" in attrs:
            attrs["ceil_mode"] = spelt[1]
        if layer.op != "conv2d" and attrs["stride"] == attrs["kernel_size"]:
            attrs["stride"] = None  # the pooling default: stride = kernel
    out = {}
    for name, f in spec.fields.items():
        if name in INFERRED or name not in attrs:
            continue
        value = _short(attrs[name]) if isinstance(attrs[name], tuple) else attrs[name]
        if value != f.default and value is not None:
            out[name] = value
    return out


@dataclass
class Row:
    layer: Layer
    fields: dict[str, Any]
    activation: str | None = None
    inputs: tuple[str, ...] = ()
    path: str = ""  # the spec path it gets: its weights' canonical prefix
    named: bool = True
    rows: list[Row] = field(default_factory=list)  # a numbered group's


def _fold_activations(layers: list[Layer]) -> tuple[list[Layer], dict[str, str], dict[str, str]]:
    """Conv and linear layers followed by an activation that nothing else reads take it as their `activation`
    field (outside numbered groups, whose rows keep the source's numbers): (layers left, folded activation by
    layer name, renames of the folded activations to the layer that now carries them)."""
    readers: dict[str, int] = {}
    for x in layers:
        for i in x.inputs:
            readers[i] = readers.get(i, 0) + 1
    by_name = {x.name: x for x in layers}
    folded, renamed, dropped = {}, {}, set()
    for x in layers:
        if x.op in ACTIVATIONS and len(x.inputs) == 1 and not x.group:
            producer = by_name.get(x.inputs[0])
            if producer and producer.op in FUSABLE and not producer.group and readers.get(producer.name) == 1 \
                    and producer.name not in folded:
                folded[producer.name], renamed[x.name] = x.op, producer.name
                dropped.add(x.name)
    kept = [x for x in layers if x.name not in dropped]
    for x in kept:
        x.inputs = tuple(renamed.get(i, i) for i in x.inputs)
    return kept, folded, renamed


def spec_rows(layers: list[Layer], shapes: dict[str, Shape], named_groups: dict[str, list[Layer]]
              ) -> tuple[list[Row], dict[str, str]]:
    """The model's rows (a group, numbered or with the named rows `named_groups` holds, as one row holding
    theirs), and the row name of each layer that has another there (a folded activation's producer, a numbered
    row's group)."""
    layers, folded, renamed = _fold_activations([Layer(**vars(x)) for x in layers])
    rows: list[Row] = []
    groups: dict[str, Row] = {}
    for x in layers:
        fields = dict(x.attrs) if x.op not in OPS else spelt_fields(x, shapes[x.inputs[0]] if x.inputs else ())
        x.inputs = tuple(renamed.get(i, i) for i in x.inputs)  # a group's rows are read by the group's name
        row = Row(x, fields, folded.get(x.name), x.inputs)
        if x.name in named_groups:
            row.path, row.rows = x.name, [
                Row(child, dict(child.attrs) if child.op not in OPS else spelt_fields(child, child.in_shape),
                    path=f"{x.name}.{child.name}") for child in named_groups[x.name]]
            rows.append(row)
        elif x.group:
            group = groups.get(x.group)
            if group is None or rows[-1] is not group:
                if group is not None:
                    raise RosettaError(f"nn.Sequential '{x.group}' is entered twice")
                group = groups[x.group] = Row(Layer(x.group, GROUP, {}, x.inputs, x.shape), {}, None, x.inputs,
                                              path=x.group)
                rows.append(group)
            row.path, row.named = f"{x.group}.{len(group.rows)}", False
            if x.source and x.source.rpartition(".")[2] != str(len(group.rows)):
                raise RosettaError(f"{x.source} would be numbered {row.path} in the spec")
            group.rows.append(row)
            group.layer.shape = x.shape
            renamed[x.name] = x.group
        else:
            row.path = x.name
            rows.append(row)
    return rows, renamed


def _parts(row: Row, previous: str, referenced: set[str]) -> list[str]:
    x = row.layer
    parts = []
    if row.named and (x.name in referenced or x.op not in OPS or not OPS[x.op].stateless):
        parts.append(f"name: {x.name}")
    parts.append(f"op: {x.op}")
    if row.named and row.inputs and (len(row.inputs) > 1 or row.inputs[0] != previous):
        parts.append(f"from: {_scalar(list(row.inputs) if len(row.inputs) > 1 else row.inputs[0])}")
    parts += [f"{k}: {_scalar(v)}" for k, v in row.fields.items()]
    if row.activation:
        parts.append(f"activation: {row.activation}")
    return parts


def _row_lines(row: Row, previous: str, referenced: set[str]) -> list[str]:
    """A row in flow style; a numbered group as the catalogue writes one (name, op, then its unnamed rows)."""
    if not row.rows:
        return [f"      - {{{', '.join(_parts(row, previous, referenced))}}}"]
    head = _parts(row, previous, referenced)
    lines = [f"      - {head[0]}", *(f"        {part}" for part in head[1:]), "        layers:"]
    named = {r.layer.name for r in row.rows}  # a group's named rows all carry their names
    return lines + [f"          - {{{', '.join(_parts(r, '', named))}}}" for r in row.rows]


def signature(layers: list[Layer]) -> tuple:
    """What a block instance computes, up to its channel counts and strides: its ops, each with its window and its
    epsilon to two digits (ResNet's Projection, 1e-5, is not MobileNet v3's Conv2dNorm, 1e-3; Keras' 1.001e-5 is
    ResNet's)."""
    return tuple(sorted((x.op, tuple(x.attrs.get("kernel_size", ())), f"{x.attrs['eps']:.1e}" if "eps" in x.attrs
                         else "") for x in layers if not is_identity(x)))


@functools.cache
def catalogue_blocks() -> dict[tuple, str | None]:
    """The catalogue's blocks by the signature of each of their instances in its models (None where two blocks
    share one)."""
    found: dict[tuple, str | None] = {}
    for name in list_models():
        model = get_model(name)
        layers = from_model(model)
        for node in _block_nodes(model.nodes):
            key = signature([x for x in layers if x.name.startswith(f"{node.path}.")])
            found[key] = node.op if found.get(key, node.op) == node.op else None
    return found


def _block_nodes(nodes: list) -> Iterator:
    """Every use of a block among the nodes and inside them (repeats and groups looked through)."""
    for node in nodes:
        if not node.is_primitive and node.op not in ("repeat", GROUP):
            yield node
        yield from _block_nodes(node.children)


def _catalogue_names(blocks: list[Block], uses: list[Use]) -> dict[str, str]:
    """A recovered block's new name where every instance of it computes what instances of one catalogue block do
    (a Keras model's `Conv2Block` is the catalogue's `Bottleneck`), unless another block here has that name."""
    instances: dict[str, list[Instance]] = {}

    def collect(instance: Instance) -> None:
        if instance.block:
            instances.setdefault(instance.block, []).append(instance)
        for item in instance.items:
            if isinstance(item, Instance):
                collect(item)

    for use in uses:
        for instance in use.instances:
            collect(instance)
    taken, renamed = {block.name for block in blocks}, {}
    for block in blocks:
        found = {catalogue_blocks().get(signature(i.leaves())) for i in instances.get(block.name, [])}
        name = found.pop() if len(found) == 1 else None
        if name and name != block.name and name not in taken:
            renamed[block.name] = name
            taken.add(name)
    return renamed


def _with_blocks(layers: list[Layer], shapes: dict[str, Shape]
                 ) -> tuple[list[Block], list[Layer], dict[str, str], dict[str, list[Layer]]]:
    """The blocks recovered from the layers' module instances; the model's layers with each use of a block as one
    layer (its op the block, its attrs the row's arguments, returned as its output is) and each group as one
    `sequential` layer; the spec path of every weighted layer inside a use (the same as its source path: rows are
    named by the source's attributes); and each group's rows, named by their attributes."""
    blocks, rows = recover(layers, shapes, spelt_fields)
    names = _catalogue_names(blocks, [use for row in rows for use in (row.rows if isinstance(row, Group) else [row])
                                      if isinstance(use, Use)])
    for block in blocks:
        block.name = names.get(block.name, block.name)
        for spec_row in block.rows:
            spec_row["op"] = names.get(spec_row["op"], spec_row["op"])
    out, renamed, paths, groups = [], {}, {}, {}

    def use_layer(use: Use, inputs: tuple[str, ...], group: str = "") -> Layer:
        last = use.instances[-1].output()
        returned = next(x.returned for x in use.instances[-1].leaves() if x.name == last)
        # the row's spec path in place of the source's: a container looked into is no row (d2l's `net.b2` is the
        # row `b2`), a group is (`features.stage`)
        source = use.instances[0].path.rpartition(".")[0] if "repeat" in use.fields else use.instances[0].path
        paths.update({group + use.name + (x.path or x.source)[len(source):]: x.source for i in use.instances
                      for x in i.leaves() if x.op in WEIGHTED})
        return Layer(use.name, names.get(use.block, use.block), use.fields, inputs, shapes[last], returned=returned)

    for row in rows:
        if isinstance(row, Use):
            out.append(use_layer(row, (renamed.get(row.input, row.input),)))
            renamed[row.instances[-1].output()] = row.name
        elif isinstance(row, Group):
            groups[row.name] = [use_layer(x, (), f"{row.name}.") if isinstance(x, Use) else Layer(
                **{**vars(x), "name": (x.path or x.source).rpartition(".")[2], "inputs": ()}) for x in row.rows]
            first, last = row.rows[0], row.rows[-1]
            start = first.input if isinstance(first, Use) else first.inputs[0]
            end = last.instances[-1].output() if isinstance(last, Use) else last.name
            out.append(Layer(row.name, GROUP, {}, (renamed.get(start, start),), shapes[end]))
            renamed[end] = row.name
        else:
            out.append(Layer(**{**vars(row), "inputs": tuple(renamed.get(i, i) for i in row.inputs)}))
    if len({x.name for x in out}) < len(out):  # a use named as a layer: written flat instead
        return [], layers, {}, {}
    # a row named by a source path that is no identifier (a top-level nn.Sequential's child `1`, as a group's
    # are in spec_text) is written as `layer_1`; its weights' spec paths follow, still mapped to the source's own
    taken = {x.name for x in out}
    names = {x.name: _identifier(x.name, taken) for x in out if not x.name.isidentifier()}
    out = [Layer(**{**vars(x), "name": names.get(x.name, x.name), "inputs": tuple(names.get(i, i) for i in x.inputs)})
           for x in out]
    paths = {".".join([names.get(head, head), *rest]): source
             for (head, *rest), source in ((path.split("."), source) for path, source in paths.items())}
    return blocks, out, paths, {names.get(name, name): rows for name, rows in groups.items()}


def _identifier(name: str, taken: set[str]) -> str:
    """`layer_<name>`, or with underscores after it until no other row has it (it is taken from then on)."""
    candidate = f"layer_{name}"
    while candidate in taken:
        candidate += "_"
    taken.add(candidate)
    return candidate


def _block_lines(block: Block) -> list[str]:
    lines = [f"  {block.name}:"]
    if block.sequential:
        lines.append("    sequential: true")
    if block.args:
        args = ", ".join(f"{k}: {'null' if v is None else _scalar(v)}" for k, v in block.args.items())
        lines.append(f"    args: {{{args}}}")
    lines.append("    layers:")
    return lines + [f"      - {{{', '.join(f'{k}: {_scalar(v)}' for k, v in row.items())}}}" for row in block.rows]


def _unclashed(layers: list[Layer]) -> list[Layer]:
    """The layers with every name the loader would give an unnamed row (`flatten_1`, a Keras layer's default name)
    written without its underscore (`flatten1`), so that a named row and an unnamed one never meet."""
    automatic = re.compile(rf"^({'|'.join(op for op in OPS if OPS[op].stateless)})_(\d+)$")
    taken, renamed = {x.name for x in layers}, {}
    for x in layers:
        if automatic.match(x.name):
            name = automatic.sub(r"\1\2", x.name)
            while name in taken:
                name += "x"
            taken.add(name)
            renamed[x.name] = name
    return [Layer(**{**vars(x), "name": renamed.get(x.name, x.name),
                     "inputs": tuple(renamed.get(i, i) for i in x.inputs)}) for x in layers]


def spec_text(layers: list[Layer], family: str, class_name: str, input_shape: Shape, source: str,
              aux_weights: tuple[float, ...] = ()) -> tuple[str, dict]:
    """The spec file's text, and each weighted layer's source path by its spec path. The output is the last
    layer; `aux_weights` are the loss weights of the auxiliary outputs (the layers `returned` marks), in order."""
    layers = _unclashed(layers)
    taken = {x.name for x in layers}
    groups = {group: _identifier(group, taken)
              for group in dict.fromkeys(x.group for x in layers if x.group and not x.group.isidentifier())}
    layers = [Layer(**{**vars(x), "group": groups.get(x.group, x.group)}) for x in layers]
    shapes = {INPUT: tuple(input_shape), **{x.name: x.shape for x in layers}}
    blocks, layers, block_paths, groups = _with_blocks(layers, shapes)
    shapes.update({x.name: x.shape for x in layers})
    rows, renamed = spec_rows(layers, shapes, groups)
    output = renamed.get(layers[-1].name, layers[-1].name)
    aux = [renamed.get(x.name, x.name) for x in auxiliary_outputs(layers)]
    referenced: set[str] = set()
    previous = INPUT
    for row in rows:
        if row.inputs and (len(row.inputs) > 1 or row.inputs[0] != previous):
            referenced.update(row.inputs)
        previous = row.layer.name
    lines = [f"family: {family}", f"description: Imported from {_scalar(source)} by rosetta import.",
             f"source: {_scalar(source)}", ""]
    if blocks:
        lines += ["blocks:", *(line for block in blocks for line in _block_lines(block)), ""]
    lines += ["models:", f"  {family}:", f"    class_name: {class_name}", f"    input: {_scalar(list(input_shape))}"]
    if rows and rows[-1].layer.name != output:
        lines.append(f"    output: {output}")
    if aux:
        pairs = zip(aux, aux_weights, strict=True)  # pragma: no mutate: rosetta.importing matched their lengths
        weights = ", ".join(f"{name}: {_scalar(float(w))}" for name, w in pairs)
        lines.append(f"    aux_outputs: {{{weights}}}")
    lines.append("    layers:")
    previous = INPUT
    for row in rows:
        lines += _row_lines(row, previous, referenced)
        previous = row.layer.name
    paths = {r.path: r.layer.source for top in rows for r in (top.rows or [top]) if r.layer.source}
    return "\n".join(lines) + "\n", {**paths, **block_paths}
