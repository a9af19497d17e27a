"""Blocks recovered from a capture, so that an imported spec reads like the catalogue's.

A capture's nodes carry the module instances their calls ran inside (`Layer.scope`). Those make a tree; every
instance of one of the user's classes (and every numbered `nn.Sequential` of layers inside one) becomes a use of a
block, and the instances of one class are merged into that block's definition:

- the rows are aligned by name (a layer's attribute path; functions and layers without weights by op and count);
  a row only some instances have gets a `when` (found as `stride != 1 or in_channels != <its channels>`, or the
  channel half alone, where that rule is exactly when it is there, else a boolean argument `with_<row>`);
- a field whose value differs between instances becomes an argument; another field that always equals it, or a
  whole multiple of it, or the block's `in_channels`, is written as that expression;
- numbered instances in a row (`layer1.0`, `layer1.1`, ... of an `nn.Sequential`, a `ModuleList` or a
  `LayerList`) become one model row with `repeat`, each argument written as a constant, `a if i == 0 else b`, or
  a list indexed by `i`.

Whatever does not fit (a second input from outside the instance, a value used outside it other than its output,
instances that disagree on their rows or edges) stays as flat rows; nothing is guessed. The spec written is then
proven like any import: the oracle on it against the source model.
"""

from __future__ import annotations

import itertools
import keyword
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .ir import INPUT
from .ops import ELEMENTWISE_ACTIVATIONS, OPS

CONTAINERS = ("Sequential", "ModuleList", "LayerList", "ModuleDict", "LayerDict")
RESERVED = {"self", "x", "i", "name", "inputs", "identity", "layer", "layers", "keras", "nn", "torch", "paddle", "F",
            "OrderedDict", "Callable", "in_channels", "input"}
NAMED = re.compile(r"^(?P<stage>[A-Za-z]\w*?)_(?P<index>(?:block)?\d+)_(?P<rest>[A-Za-z0-9_]+)$")
MISSING = object()  # a field of a row an instance does not have
MULTIPLES = range(2, 65)


@dataclass
class Instance:
    """One module instance of the source model, with what ran inside it in order."""

    path: str
    cls: str
    items: list = field(default_factory=list)  # Layer | Instance
    block: str | None = None  # the block it became, once merged
    args: dict[str, Any] = field(default_factory=dict)  # every argument of that block, for this instance

    def leaves(self) -> list:
        return [leaf for item in self.items for leaf in (item.leaves() if isinstance(item, Instance) else [item])]

    def output(self) -> str:
        last = self.items[-1]
        return last.output() if isinstance(last, Instance) else last.name

    @property
    def attribute(self) -> str:
        return self.path.rpartition(".")[2]


@dataclass
class Entry:
    """A row of one instance's body: its name there, op or block, every field or argument, and inputs."""

    name: str
    op: str
    values: dict[str, Any]
    inputs: tuple[str, ...]
    stateful: bool
    block: bool = False


@dataclass
class Block:
    """A recovered block: its arguments (default None: required) and rows (spec keys to values)."""

    name: str
    args: dict[str, Any]
    rows: list[dict[str, Any]]
    sequential: bool = False


def module_tree(layers: list) -> Instance | None:
    """The instances around the layers as a tree, or None where a module's calls are not contiguous (called
    twice, or interleaved with another's)."""
    root = Instance("", "")
    stack, closed = [root], set()
    for layer in layers:
        chain = list(layer.scope)
        depth = 0
        while depth < len(chain) and depth + 1 < len(stack) and stack[depth + 1].path == chain[depth][0]:
            depth += 1
        while len(stack) > depth + 1:
            closed.add(stack.pop().path)
        for path, cls in chain[depth:]:
            if path in closed:
                return None
            instance = Instance(path, cls)
            stack[-1].items.append(instance)
            stack.append(instance)
        stack[-1].items.append(layer)
    return root


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", text) if part) or "Group"


def block_name(instance: Instance) -> str:
    """The user's class name; a container inside a block is named after its attribute (`downsample` ->
    Downsample)."""
    return _camel(instance.attribute) if instance.cls in CONTAINERS else instance.cls


def _path(layer: Any) -> str:
    """A layer's dotted path in the source's module tree: its own where the capture names one (Keras' names
    read as paths), else its weights' path."""
    return layer.path or layer.source


def names_as_paths(layers: list) -> None:
    """For a source without a module tree (Keras): instances read from layer names as keras.applications and the
    Keras renderings write them, `<stage>_<index>_<rest>` with the index `blockN` (1-based) or a number
    (0-based): `conv2_block1_1_conv` is `conv1` of instance `conv2.0` of class Block, `layer1_0_conv1` is `conv1`
    of `layer1.0` (class LayerBlock). A layer's rest gives its name there, numbers last (`1_conv` -> `conv1`)."""
    for layer in layers:
        found = NAMED.match(layer.name if not layer.source else layer.source)
        if not found:
            continue
        stage, index, rest = found.group("stage", "index", "rest")
        number = int(re.sub(r"\D", "", index)) - (1 if index.startswith("block") else 0)
        words = [t for t in rest.split("_") if not t.isdigit()]
        digits = [t for t in rest.split("_") if t.isdigit()]
        name = "_".join(words) + "".join(digits)
        if number < 0 or not name.isidentifier():
            continue
        kind = _camel(re.sub(r"\d+", "", index) or re.sub(r"\d+$", "", stage))
        layer.scope = ((f"{stage}.{number}", kind if kind.endswith("Block") else f"{kind}Block"),)
        layer.path = f"{stage}.{number}.{name}" if layer.source else ""


def _reads(item: Instance | Any) -> set[str]:
    """The values an item reads from outside itself."""
    if not isinstance(item, Instance):
        return set(item.inputs)
    inner = {x.name for x in item.leaves()}
    return {i for x in item.leaves() for i in x.inputs if i not in inner}


def _output(item: Instance | Any) -> str:
    return item.output() if isinstance(item, Instance) else item.name


def is_numbered_chain(instance: Instance) -> bool:
    """An nn.Sequential-like run of layers and blocks numbered 0, 1, ... each reading the one before: a
    sequential block."""
    items = instance.items
    return bool(items) and all(
        (x.path if isinstance(x, Instance) else _path(x)) == f"{instance.path}.{k}"
        and (k == 0 or _reads(x) == {_output(items[k - 1])}) for k, x in enumerate(items))


def _fields(layer: Any, shapes: dict[str, tuple[int, ...]], spelt: Any) -> dict[str, Any]:
    """Every field of a layer as a spec writes it, defaults filled in (so that instances compare field by field)."""
    written = spelt(layer, shapes[layer.inputs[0]] if layer.inputs else ())
    return {name: written.get(name, f.default) for name, f in OPS[layer.op].fields.items()
            if name not in ("in_channels", "in_features", "num_features", "num_channels", "activation")}


def body(instance: Instance, shapes: dict, spelt: Any) -> tuple[list[Entry], str] | None:
    """The instance's rows relative to it, and the value it reads from outside; None if it is not one block."""
    local: dict[str, str] = {}  # normal-form value -> entry name
    outside: set[str] = set()
    entries: list[Entry] = []
    counts: Counter = Counter()
    attributes = {_path(x)[len(instance.path) + 1:] for x in instance.items
                  if not isinstance(x, Instance) and _path(x).startswith(f"{instance.path}.")}

    def name_for(op: str) -> str:
        while True:
            name = f"{op}{counts[op] or ''}"
            counts[op] += 1
            if name not in attributes:
                return name

    def reads(values: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for v in values:
            if v in local:
                out.append(local[v])
            else:
                outside.add(v)
                out.append(INPUT)
        return tuple(out)

    numbered = is_numbered_chain(instance)
    for item in instance.items:
        if isinstance(item, Instance):
            if item.block is None:
                return None
            ins = _reads(item)
            name = item.path[len(instance.path) + 1:]
            if len(ins) != 1 or not (name.isidentifier() or (numbered and name.isdigit())):
                return None
            entries.append(Entry(name, item.block, dict(item.args), reads(tuple(ins)), True, block=True))
            local[item.output()] = name
            continue
        relative = _path(item)[len(instance.path) + 1:] if _path(item).startswith(f"{instance.path}.") else ""
        stateful = not OPS[item.op].stateless
        nameable = relative.isidentifier() or (numbered and relative.isdigit())
        if stateful and not nameable:
            return None
        name = relative if nameable else name_for(item.op)
        entries.append(Entry(name, item.op, _fields(item, shapes, spelt), reads(item.inputs), stateful))
        local[item.name] = name
    if len(outside) != 1:
        return None
    return entries, next(iter(outside))


def _activations(a: Entry, b: Entry) -> bool:
    """Whether two rows are both elementwise activations, which one block takes as an argument (torchvision's
    Conv2dNormActivation with nn.ReLU in one place and nn.Hardswish in another); a block's op never is one."""
    return a.op in ELEMENTWISE_ACTIVATIONS and b.op in ELEMENTWISE_ACTIVATIONS


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Merge:
    """The instances of one class merged into one block."""

    def __init__(self, name: str, instances: list[Instance], bodies: list[list[Entry]],
                 in_channels: list[int | None], defaults_of: dict[str, dict[str, Any]]) -> None:
        self.name, self.instances, self.bodies, self.in_channels = name, instances, bodies, in_channels
        self.defaults_of = defaults_of  # the arguments' defaults of the blocks merged before (those nested here)
        self.args: dict[str, list[Any]] = {}  # argument -> its value in each instance
        self.template = max(bodies, key=len)
        self.index = {e.name: i for i, e in enumerate(self.template)}
        self.constants: dict[tuple[str, str], Any] = {}  # (row, field) -> the value every instance has
        self.expressions: dict[tuple[str, str], str] = {}  # (row, field) -> the expression it is written as
        self.chosen: dict[str, str] = {}  # row -> the argument naming its activation, where instances differ

    def aligned(self) -> list[list[Entry | None]] | None:
        """Per instance, its entry for each template row (None where it has none); None if the bodies disagree."""
        names = [e.name for e in self.template]
        out = []
        for entries in self.bodies:
            by_name = {e.name: e for e in entries}
            if [e.name for e in entries] != [n for n in names if n in by_name]:
                return None
            if any(by_name[t.name].op != t.op and not _activations(by_name[t.name], t)
                   for t in self.template if t.name in by_name):
                return None
            out.append([by_name.get(n) for n in names])
        return out

    def edges_agree(self, rows: list[list[Entry | None]]) -> bool:
        """Each instance's inputs are the template's, with a row it lacks read through to that row's input."""
        template = {e.name: e for e in self.template}
        for entries in rows:
            present = {e.name for e in entries if e is not None}

            def through(name: str, present: set[str] = present) -> str:
                while name != INPUT and name not in present:
                    name = template[name].inputs[0]
                return name

            for t, e in zip(self.template, entries):
                if e is not None and tuple(through(i) for i in t.inputs) != e.inputs:
                    return False
        return True

    def argument(self, wanted: str, row: str, values: list[Any], nested: bool = False) -> str:
        """A new argument holding `values` (instances lacking it at the most common value), named `wanted`, else
        `<row>_<wanted>`, else `wanted` numbered."""
        present = [v for v in values if v is not MISSING]
        common = Counter(map(repr, present)).most_common(1)[0][0]
        fill = next(v for v in present if repr(v) == common)
        candidates = [wanted, f"{row}_{wanted}"][::-1 if nested else 1] + [f"{wanted}{n}" for n in
                                                                           range(2, len(self.args) + 3)]
        name = next(c for c in candidates if c.isidentifier() and not keyword.iskeyword(c) and c not in self.args
                    and c not in RESERVED)
        self.args[name] = [fill if v is MISSING else v for v in values]
        return name

    def expression(self, values: list[Any], wanted: str, row: str, nested: bool) -> str:
        """How a varying column is written: an existing argument, a multiple of one, in_channels (or a share of
        it), else a new argument."""
        def fits(rule) -> bool:
            return all(v is MISSING or rule(k, v) for k, v in enumerate(values))

        for arg, known in self.args.items():
            if fits(lambda k, v, known=known: _same(v, known[k])):
                return arg
        for arg, known in self.args.items():
            first = next((k for k, v in enumerate(values) if v is not MISSING), None)
            if first is not None and _as_int(values[first]) and _as_int(known[first]) and \
                    values[first] % known[first] == 0 and values[first] // known[first] in MULTIPLES:
                factor = values[first] // known[first]
                if fits(lambda k, v, known=known, factor=factor: _as_int(v) is not None and _as_int(known[k])
                        is not None and v == known[k] * factor):
                    return f"{arg} * {factor}"
        if fits(lambda k, v: _as_int(v) is not None and v == self.in_channels[k]):
            return "in_channels"
        return self.argument(wanted, row, values, nested)

    def condition(self, row: Entry, present: list[bool], rows: list[list[Entry | None]]) -> str:
        """The `when` of a row only some instances have: ResNet's shortcut rule (or its channel half alone) where it
        is exactly that, else a boolean argument `with_<row>`."""
        strides = [a for a in self.args if "stride" in a]
        channels = {self.expressions[(e.name, "out_channels")] for e in self.template
                    if (e.name, "out_channels") in self.expressions and all(r[self.index[e.name]] is not None
                                                                             for r in rows)}
        for stride in [*strides, None]:
            for expression in sorted(channels):
                wanted = [(stride is not None and not _same(self.args[stride][k], 1))
                          or self.in_channels[k] != self.evaluate(expression, k) for k in range(len(self.instances))]
                if wanted == present:
                    return f"{stride} != 1 or in_channels != {expression}" if stride else \
                        f"in_channels != {expression}"
        return self.argument(f"with_{row.name}", "", present)

    def evaluate(self, expression: str, k: int) -> Any:
        arg, _, factor = expression.partition(" * ")
        value = self.in_channels[k] if arg == "in_channels" else self.args[arg][k]
        return value * int(factor) if factor else value

    def run(self) -> Block | None:
        rows = self.aligned()
        if rows is None or not self.edges_agree(rows):
            return None
        always = [i for i in range(len(self.template)) if all(r[i] is not None for r in rows)]
        for i in always + [i for i in range(len(self.template)) if i not in always]:  # arguments from rows all have
            t = self.template[i]
            keys = list(dict.fromkeys(k for r in rows if r[i] is not None for k in r[i].values))
            for key in keys:
                values = [r[i].values.get(key, MISSING) if r[i] is not None else MISSING for r in rows]
                present = [v for v in values if v is not MISSING]
                if all(_same(v, present[0]) for v in present):
                    self.constants[(t.name, key)] = present[0]
                else:
                    self.expressions[(t.name, key)] = self.expression(values, key, t.name, t.block)
        for i, t in enumerate(self.template):
            ops = [r[i].op if r[i] is not None else MISSING for r in rows]
            if len({op for op in ops if op is not MISSING}) > 1:
                self.chosen[t.name] = self.expression(ops, "activation_layer", t.name, False)
        whens = {}
        for i, t in enumerate(self.template):
            present = [r[i] is not None for r in rows]
            if not all(present):
                whens[t.name] = self.condition(t, present, rows)
        sequential = all(is_numbered_chain(x) for x in self.instances)
        if sequential and whens:
            return None
        defaults = {}
        for arg, values in self.args.items():  # the value most instances take is the default; else required
            common, count = Counter(map(repr, values)).most_common(1)[0]
            defaults[arg] = next(v for v in values if repr(v) == common) if 2 * count > len(values) else None
        defaults = dict(sorted(defaults.items(), key=lambda item: item[1] is not None))  # required ones first
        for k, instance in enumerate(self.instances):
            instance.block = self.name
            instance.args = {arg: values[k] for arg, values in self.args.items()}
        return Block(self.name, defaults, self.spec_rows(whens, sequential), sequential)

    def spec_rows(self, whens: dict[str, str], sequential: bool) -> list[dict[str, Any]]:
        out = []
        referenced = {i for before, t in zip([None, *self.template], self.template) for i in t.inputs
                      if before is None or t.inputs != (before.name,)}
        previous = INPUT
        for t in self.template:
            row: dict[str, Any] = {}
            if not sequential and (t.stateful or t.block or t.name in referenced or t.name in self.chosen):
                row["name"] = t.name
            row["op"] = f"${{{self.chosen[t.name]}}}" if t.name in self.chosen else t.op
            if not sequential and t.inputs != (previous,):
                row["from"] = list(t.inputs) if len(t.inputs) > 1 else t.inputs[0]
            for key in t.values:
                if (t.name, key) in self.expressions:
                    row[key] = f"${{{self.expressions[(t.name, key)]}}}"
                    continue
                value = self.constants.get((t.name, key))
                default = self.defaults_of[t.op].get(key) if t.block else OPS[t.op].fields[key].default
                if value is not None and not _same(value, default):
                    row[key] = value
            if t.name in whens:
                row["when"] = f"${{{whens[t.name]}}}"
            out.append(row)
            previous = t.name
        return out


def repeat_value(values: list[Any]) -> Any:
    """One argument over `repeat` instances: a constant, `a if i == 0 else b`, or a list indexed by `i`."""
    if all(_same(v, values[0]) for v in values):
        return values[0]
    rest = values[1:]
    if all(_same(v, rest[0]) for v in rest):
        if values[0] is True and rest[0] is False:
            return "${i == 0}"
        return f"${{{_literal(values[0])} if i == 0 else {_literal(rest[0])}}}"
    return f"${{[{', '.join(_literal(v) for v in values)}][i]}}"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


@dataclass
class Use:
    """A model row that uses a block: its name, block, arguments (`repeat` among them), instances and input."""

    name: str
    block: str
    fields: dict[str, Any]
    instances: list[Instance]
    input: str


@dataclass
class Group:
    """A container of the source whose items are a chain (DenseNet's `features`: an nn.Sequential of named layers
    and runs of blocks): one `sequential` row holding a named row per item."""

    name: str
    instance: Instance
    candidates: list  # its items as _uses gives them, named relative to it
    rows: list = field(default_factory=list)  # once recovered: a Use, or a layer that is a child of it


def recover(layers: list, shapes: dict, spelt: Any) -> tuple[list[Block], list]:
    """(the blocks, the model's rows: each a Use, or a normal-form layer kept as it is)."""
    root = module_tree(layers)
    if root is None:
        return [], list(layers)
    candidates = _uses(root)
    while True:  # again over the uses that held, until none fails: a block's defaults come from its uses only
        blocks, rows = _recover_uses(candidates, layers, shapes, spelt)
        kept = [c for c, row in zip(candidates, rows) if isinstance(row, (Use, Group)) or c[0] is None]
        if len(kept) == len(candidates):
            break
        for instance in _candidate_instances(candidates):
            _forget(instance)
        candidates = [c if c in kept else (None, [x.instance if isinstance(x, Group) else x for x in c[1]])
                      for c in candidates]
    flat = [item for row in rows for item in (row if isinstance(row, list) else [row])]
    return blocks, flat


def _forget(instance: Instance) -> None:
    instance.block, instance.args = None, {}
    for item in instance.items:
        if isinstance(item, Instance):
            _forget(item)


def _recover_uses(candidates: list[tuple[str | None, list]], layers: list, shapes: dict,
                  spelt: Any) -> tuple[list[Block], list]:
    """Merge the instances under the candidate uses; per candidate, its Use or its layers (a list)."""
    by_class: dict[str, list[Instance]] = {}
    depth: dict[str, int] = {}

    def collect(instance: Instance, level: int) -> None:
        for item in instance.items:
            if isinstance(item, Instance):
                collect(item, level + 1)
        name = block_name(instance)
        by_class.setdefault(name, []).append(instance)
        depth[name] = max(depth.get(name, 0), level)

    for instance in _candidate_instances(candidates):
        collect(instance, 0)
    blocks: dict[str, Block] = {}
    defaults: dict[str, dict[str, Any]] = {}
    for name in sorted(by_class, key=lambda n: -depth[n]):  # inner blocks first: outer ones pass them arguments
        instances = by_class[name]
        if name in OPS or not (name.isidentifier() and name[0].isupper()):
            continue
        found = [body(x, shapes, spelt) for x in instances]
        if any(f is None for f in found):
            continue
        in_channels = [shapes[outside][0] for _, outside in found]
        block = Merge(name, instances, [entries for entries, _ in found], in_channels, defaults).run()
        if block is not None:
            blocks[name], defaults[name] = block, block.args
    readers: dict[str, int] = Counter(i for x in layers for i in x.inputs)
    rows = [_row(name, items, blocks, readers) for name, items in candidates]
    uses = [use for row in rows for use in (row.rows if isinstance(row, Group) else [row]) if isinstance(use, Use)]
    used = _reachable({u.block for u in uses}, blocks)
    return [blocks[n] for n in blocks if n in used], rows  # inner blocks first


def _row(name: str | None, items: list, blocks: dict[str, Block], readers: Counter) -> Use | Group | list:
    """A candidate's row: its Use, its Group, or its layers (a list) where it is neither."""
    if name is not None and isinstance(items[0], Group):
        return _group_row(items[0], blocks, readers)
    if name is None or any(x.block is None for x in items) or not _chained(items) or not _sealed(items, readers):
        return [leaf for x in items for leaf in (x.leaves() if isinstance(x, Instance) else [x])]
    block = blocks[items[0].block]
    inner = {leaf.name for x in items for leaf in x.leaves()}
    start = next(i for leaf in items[0].leaves() for i in leaf.inputs if i not in inner)
    fields: dict[str, Any] = {}
    if len(items) > 1 or name != items[0].attribute:
        fields["repeat"] = len(items)
        if (stem := _stem(items)) is not None:
            fields["repeat_names"] = stem
    for arg, default in block.args.items():
        value = repeat_value([x.args[arg] for x in items])
        if not _same(value, default):
            fields[arg] = value
    return Use(name, block.name, fields, items, start)


def _group_row(group: Group, blocks: dict[str, Block], readers: Counter) -> Group | list:
    """The group with its rows, where each item became a use or is a layer of its own and they are a chain that
    nothing outside reads into; else its layers."""
    outside = _reads(group.instance)
    if len(outside) != 1:
        return group.instance.leaves()
    rows, previous = [], next(iter(outside))
    for name, items in group.candidates:
        row = _row(name, items, blocks, readers)
        if isinstance(row, list):
            if len(row) != 1 or _path(row[0]).rpartition(".")[0] != group.instance.path:
                return group.instance.leaves()
            row = row[0]
        reads = {row.input} if isinstance(row, Use) else set(row.inputs)
        if reads != {previous}:
            return group.instance.leaves()
        rows.append(row)
        previous = row.instances[-1].output() if isinstance(row, Use) else row.name
    if not _sealed([group.instance], readers):
        return group.instance.leaves()
    return Group(group.name, group.instance, group.candidates, rows)


def _candidate_instances(candidates: list[tuple[str | None, list]]) -> Iterator[Instance]:
    """The instances under the candidate uses, those inside groups included."""
    for name, items in candidates:
        for item in items if name is not None else ():
            if isinstance(item, Group):
                yield from _candidate_instances(item.candidates)
            else:
                yield item


def _stem(instances: list[Instance]) -> str | None:
    """`denselayer` where the instances are named denselayer1, denselayer2, ... (torchvision's DenseNet); None
    where they are numbered 0, 1, ... as nn.Sequential numbers them."""
    stem = re.sub(r"\d+$", "", instances[0].attribute)  # pragma: no mutate: a named run has one stem throughout
    named = [x.attribute for x in instances] == [f"{stem}{k + 1}" for k in range(len(instances))]
    return stem if stem and named else None


def _sealed(instances: list[Instance], readers: Counter) -> bool:
    """Nothing outside reads a value inside the instances but the last one's output."""
    inside = [leaf for x in instances for leaf in x.leaves()]
    names = {leaf.name for leaf in inside}
    read_inside = Counter(i for leaf in inside for i in leaf.inputs if i in names)
    return all(readers[n] == read_inside[n] for n in names if n != instances[-1].output())


def _reachable(names: set[str], blocks: dict[str, Block]) -> set[str]:
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [r["op"] for r in blocks[name].rows if r["op"] in blocks]
    return seen


def _uses(root: Instance) -> list[tuple[str | None, list]]:
    """The items of the model's top level (or of a group) in order, named relative to it: (row name, instances)
    for what may become a use of a block, runs of instances of one class numbered P.0, P.1, ... or named
    P.stem1, P.stem2, ... as one (P, [...]); a top-level container of named items as (its name, [Group]); any
    other container's items as its own; (None, [items]) for what stays flat."""
    out: list[tuple[str | None, list]] = []
    for item in root.items:
        if not isinstance(item, Instance) or (item.cls in CONTAINERS and not any(
                isinstance(x, Instance) for x in item.items)):
            out.append((None, [item]))  # a layer, or a numbered group whose rows keep the source's numbers
            continue
        relative = item.path[len(root.path) + 1:] if root.path else item.path
        if item.cls in CONTAINERS and all(isinstance(x, Instance) for x in item.items) and len(
                {x.cls for x in item.items}) == 1 and ([x.attribute for x in item.items] == [
                    str(k) for k in range(len(item.items))] or _stem(item.items) is not None):
            out.append((relative, list(item.items)))
            continue
        if item.cls in CONTAINERS and not root.path and all(
                (x.attribute if isinstance(x, Instance) else _path(x).rpartition(".")[2]).isidentifier()
                for x in item.items):
            out.append((relative, [Group(relative, item, _uses(item))]))
            continue
        prefix, _, index = relative.rpartition(".")
        run = out[-1] if out and out[-1][0] == prefix and prefix else None
        if index.isdigit() and run is not None and run[1][-1].cls == item.cls and \
                run[1][-1].attribute == str(int(index) - 1):
            run[1].append(item)
        elif index == "0" and prefix.isidentifier():
            out.append((prefix, [item]))
        elif relative.isidentifier() and item.cls not in CONTAINERS:
            out.append((relative, [item]))
        elif item.cls in CONTAINERS:  # numbers beside names (d2l's `net`: 0, b2, ..., last): its items, looked into
            out += _uses(item)
        else:
            out.append((None, [item]))
    return out


def _chained(instances: list[Instance]) -> bool:
    """Each instance reads the one before it (a repeat is a chain)."""
    for before, after in itertools.pairwise(instances):
        inner = {leaf.name for leaf in after.leaves()}
        if {i for leaf in after.leaves() for i in leaf.inputs if i not in inner} != {before.output()}:
            return False
    return True
