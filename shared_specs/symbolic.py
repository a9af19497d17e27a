"""Channel counts of a block's layers as expressions of the block's arguments.

Rendered block classes (torch, paddle) take `in_channels` and their arguments, so every
inner layer's input size must be written as Python source over those names.
"""

from __future__ import annotations

import ast

from .errors import SpecError
from .expr import Expr
from .ir import INPUT, BlockDef

IN_CHANNELS = "in_channels"


def _src(value: object) -> str:
    return value.source if isinstance(value, Expr) else repr(value)


def substitute(source: str, names: dict[str, str]) -> str:
    """`source` with each name in `names` replaced by its (parenthesised) source."""
    tree = ast.parse(source, mode="eval")

    class Sub(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id in names:
                return ast.parse(f"({names[node.id]})", mode="eval").body
            return node

    return ast.unparse(Sub().visit(tree))


def block_channels(block: BlockDef, blocks: dict[str, BlockDef]) -> tuple[dict[str, str], str]:
    """(input-channel source of each layer, output-channel source of the block)."""
    channels: dict[str, str] = {INPUT: IN_CHANNELS}
    inputs: dict[str, str] = {}
    for t in block.layers:
        src = channels[t.inputs[0]]
        inputs[t.name] = src
        if t.op == "conv2d":
            out = _src(t.fields["out_channels"])
        elif t.op == "linear":
            out = _src(t.fields["out_features"])
        elif t.op == "concat":
            out = " + ".join(f"({channels[i]})" if " " in channels[i] else channels[i] for i in t.inputs)
        elif t.op == "flatten":
            out = None
        elif t.op in blocks:
            inner = blocks[t.op]
            _, inner_out = block_channels(inner, blocks)
            names = {IN_CHANNELS: src}
            names.update({k: _src(t.fields.get(k, v)) for k, v in inner.args.items()})
            out = substitute(inner_out, names)
        else:
            out = src
        if out is None:
            out = f"<flattened {t.name}>"
        channels[t.name] = ast.unparse(ast.parse(out, mode="eval")) if not out.startswith("<") else out
    output = channels[block.output]
    if output.startswith("<"):
        raise SpecError(f"block '{block.name}' output channels cannot be expressed over its arguments", block.loc)
    return inputs, output
