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


def _exact_halves(block: BlockDef) -> dict[str, tuple[str, int]]:
    """`C // k` -> (C, k) for each requirement `C % k == 0` of the block (refused where it fails)."""
    parts = {}
    for condition in block.requires:
        test = condition.tree.body
        if (isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.Eq) and len(test.ops) == 1
                and isinstance(test.left, ast.BinOp) and isinstance(test.left.op, ast.Mod)
                and isinstance(test.left.right, ast.Constant) and isinstance(test.left.right.value, int)
                and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value == 0):
            whole, k = ast.unparse(test.left.left), test.left.right.value
            parts[normal(f"({whole}) // {k}")] = (whole, k)
    return parts


def _concat_channels(sources: list[str], parts: dict[str, tuple[str, int]]) -> str:
    """The sum of the inputs' channels; k alike parts `C // k`, where k divides C (a chunk's shape rule, or a
    block's requirement), add up to C: ShuffleNet v2's units concatenate two halves and keep their width."""
    whole, k = parts.get(sources[0], (None, 0))
    if whole is not None and sources == [sources[0]] * k:
        return whole
    return " + ".join(f"({s})" if " " in s else s for s in sources)


def normal(source: str) -> str:
    """`source` as Python writes it back: one spelling per expression (`(a) * 2` is `a * 2`)."""
    return ast.unparse(ast.parse(source, mode="eval"))


def _switched(when: object, out: str, src: str) -> str:
    """The channels after a row a condition may switch off: its output's where on, its input's where off; its
    output's alone where they differ exactly when it is on (MobileNet v3's expansion, there when
    `in_channels != expanded_channels`), or where they are one."""
    if out == src or when is False:
        return out if when is not False else src
    test = when.tree.body if isinstance(when, Expr) else None
    if (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.NotEq)
            and {ast.unparse(test.left), ast.unparse(test.comparators[0])} == {out, src}):
        return out
    return f"({out}) if ({_src(when)}) else ({src})"


def block_channels(block: BlockDef, blocks: dict[str, BlockDef]) -> tuple[dict[str, str], str]:
    """(input-channel source of each layer, output-channel source of the block)."""
    channels: dict[str, str] = {INPUT: IN_CHANNELS}
    inputs: dict[str, str] = {}
    parts = _exact_halves(block)  # `C // k` where k divides C -> (C, k): k of them add up to C
    for t in block.layers:
        src = channels[t.inputs[0]]
        inputs[t.name] = src
        if t.op == "conv2d":
            out = _src(t.fields["out_channels"])
        elif t.op == "linear":
            out = _src(t.fields["out_features"])
        elif t.op == "concat":
            out = _concat_channels([channels[i] for i in t.inputs], parts)
        elif t.op == "chunk":
            out = f"({src}) // {_src(t.fields['chunks'])}"
            if isinstance(t.fields["chunks"], int):
                parts[normal(out)] = (src, t.fields["chunks"])
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
        if t.when is not True and not out.startswith("<"):
            out = _switched(t.when, normal(out), src)
        channels[t.name] = normal(out) if not out.startswith("<") else out
    output = channels[block.output]
    if output.startswith("<"):
        raise SpecError(f"block '{block.name}' output channels cannot be expressed over its arguments", block.loc)
    return inputs, output
