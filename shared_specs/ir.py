"""The typed IR that renderers, the oracle, the audit and the weight adapters consume.

Two views of one spec:
- templates (`LayerTemplate`, `BlockDef`): the spec as written, expressions unevaluated;
  renderers turn blocks into classes/functions from these.
- the concrete tree (`Node`): one variant with every value resolved and every shape inferred.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterator

from .errors import Location
from .ops import OPS, Shape

INPUT = "input"  # the name by which layers refer to their scope's input


@dataclass(frozen=True)
class LayerTemplate:
    """One row of a spec, as written. `op` and field values may be `Expr`."""

    name: str
    op: Any
    inputs: tuple[str, ...]
    fields: dict[str, Any]
    loc: Location
    when: Any = True
    repeat: Any = None
    repeat_names: str | None = None  # instances named prefix1, prefix2, ... instead of 0, 1, ...
    body: tuple["LayerTemplate", ...] = ()  # the rows of a `sequential` group
    numbered: bool = False  # a group whose rows have no names: children numbered 0, 1, 2, ...


@dataclass(frozen=True)
class BlockDef:
    """A reusable block: its arguments (name -> default or REQUIRED), layers and output layer."""

    name: str
    doc: str
    args: dict[str, Any]
    layers: tuple[LayerTemplate, ...]
    output: str
    loc: Location
    sequential: bool = False  # an nn.Sequential: layers numbered 0, 1, ... and chained
    splice: bool = True  # a sequential block's layers join a numbered group one by one (VGG's make_layers)
    requires: tuple = ()  # Expr conditions on the arguments; a use that breaks one is refused (torchvision's raise)
    op_args: frozenset[str] = frozenset()  # arguments naming an activation op (`op: "${activation_layer}"`)

    @property
    def spliced(self) -> bool:
        """Whether its layers join a numbered group one by one rather than as one child (MobileNet's
        Conv2dNormActivation: features.0.0)."""
        return self.sequential and self.splice


@dataclass
class Node:
    """One resolved layer, block instance or repeat group of a concrete model."""

    name: str  # local name in its scope
    path: str  # dotted path from the model root: the weight-key prefix in every framework
    op: str  # an op of OPS, a block name, "repeat", or "sequential" (an inline group)
    attrs: dict[str, Any]  # resolved op fields, or block arguments (in_channels included)
    inputs: tuple[str, ...]  # producers in the same scope; INPUT is the scope input
    in_shapes: list[Shape]
    out_shape: Shape
    loc: Location
    template: LayerTemplate
    children: list["Node"] = field(default_factory=list)  # block body or repeated instances
    # the (C, H, W) map whose NCHW flatten order the features follow: a flatten's output and what dropout or an
    # activation passes on; for a linear, its input's (its weight columns follow that order)
    flattened_from: Shape | None = None
    output: str = ""  # for a block or repeat: the child whose value leaves it (INPUT if all were skipped)

    @property
    def is_primitive(self) -> bool:
        return self.op in OPS

    def params(self) -> dict[str, Shape]:
        return OPS[self.op].params(self.attrs, self.in_shapes) if self.is_primitive else {}

    def buffers(self) -> dict[str, Shape]:
        return OPS[self.op].buffers(self.attrs, self.in_shapes) if self.is_primitive else {}


@dataclass(frozen=True)
class Published:
    """A published parameter count and where it comes from (paper, zoo, or hand arithmetic)."""

    count: int
    source: str


@dataclass
class Model:
    """One concrete variant of a spec family."""

    name: str
    family: str
    file: str
    class_name: str
    description: str
    source: str
    input_shape: Shape  # canonical (C, H, W)
    arguments: dict[str, Any]  # constructor arguments of the rendered class, with defaults
    params: dict[str, Any]  # structural parameters, baked in at render time
    published: Published | None
    nodes: list[Node]
    output: str
    blocks: dict[str, BlockDef]
    loc: Location
    path: str = ""  # the spec file, absolute
    aux: dict[str, float] = field(default_factory=dict)  # auxiliary logits (train mode only) -> loss weight
    # params that are constructor parameters of a class shared by variants (-> default, or REQUIRED)
    class_params: dict[str, Any] = field(default_factory=dict)
    templates: tuple[LayerTemplate, ...] = ()  # the model's rows as written

    @property
    def builder(self) -> str:
        """What a rendered module calls to build this variant: the class, or the variant's builder function
        where variants share a parametrised class."""
        return self.name if self.class_params else self.class_name

    @property
    def output_shape(self) -> Shape:
        return self.node(self.output).out_shape

    @property
    def output_kind(self) -> str:
        """What the output is, for a cross-entropy loss: "probabilities" (the net ends in softmax: the
        loss takes log of them), "binary_logit" (one output: a two-class logit, log-probabilities
        log sigmoid(-z), log sigmoid(z)), "log_probabilities" (the net ends in log_softmax: the loss is their
        negative) or "logits" (log_softmax)."""
        last = self.node(self.output)
        for kind, op in (("probabilities", "softmax"), ("log_probabilities", "log_softmax")):
            if last.op == op or last.attrs.get("activation") == op:
                return kind
        return "binary_logit" if self.output_shape == (1,) else "logits"

    @property
    def num_labels(self) -> int:
        return 2 if self.output_kind == "binary_logit" else self.output_shape[0]

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)

    def node_at(self, path: str) -> Node:
        """The node with this dotted path, at any depth."""
        return next(n for n in self.walk() if n.path == path)

    def walk(self) -> Iterator[Node]:
        """Every node, depth first, in forward order."""
        stack = list(reversed(self.nodes))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def primitives(self) -> Iterator[Node]:
        return (n for n in self.walk() if n.is_primitive)

    def ops_used(self) -> set[str]:
        """Every op the model computes, fused activations included."""
        return {op for node in self.primitives() for op in (node.op, node.attrs.get("activation")) if op}

    def param_shapes(self) -> dict[str, Shape]:
        """Canonical trainable tensors, `<layer path>.<param>` -> shape."""
        return {f"{n.path}.{k}": s for n in self.primitives() for k, s in n.params().items()}

    def buffer_shapes(self) -> dict[str, Shape]:
        return {f"{n.path}.{k}": s for n in self.primitives() for k, s in n.buffers().items()}

    def tensor_shapes(self) -> dict[str, Shape]:
        """Everything a canonical weight file holds: parameters then buffers."""
        return {**self.param_shapes(), **self.buffer_shapes()}

    @property
    def num_params(self) -> int:
        return sum(math.prod(s) for s in self.param_shapes().values())

    @property
    def num_buffers(self) -> int:
        return sum(math.prod(s) for s in self.buffer_shapes().values())

    @property
    def blocks_used(self) -> list[str]:
        """Block names used, each after the blocks it contains (definition order for renderers)."""
        order: list[str] = []

        def visit(node: Node) -> None:
            for child in node.children:
                visit(child)
            if node.op in self.blocks and node.op not in order:
                order.append(node.op)

        for node in self.nodes:
            visit(node)
        return order
