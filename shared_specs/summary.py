"""The per-layer table of a model (`rosetta show`), in the manner of torchinfo and Keras summary()."""

from __future__ import annotations

import math
from typing import Any

from .ir import Model, Node


def _row(node: Node, depth: int) -> dict[str, Any]:
    params = sum(math.prod(s) for n in _subtree(node) for s in n.params().values())
    buffers = sum(math.prod(s) for n in _subtree(node) for s in n.buffers().values())
    op = node.op + (f"+{node.attrs['activation']}" if node.attrs.get("activation") else "")
    if node.op == "repeat":
        op = f"{node.children[0].op} x{node.attrs['count']}"
    return {"name": node.path, "depth": depth, "op": op, "inputs": list(node.inputs),
            "output_shape": list(node.out_shape), "params": params, "buffers": buffers}


def _subtree(node: Node):
    yield node
    for child in node.children:
        yield from _subtree(child)


def layer_rows(model: Model, max_depth: int = 99) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def visit(node: Node, depth: int) -> None:
        rows.append(_row(node, depth))
        if depth < max_depth:
            for child in node.children:
                visit(child, depth + 1)

    for node in model.nodes:
        visit(node, 0)
    return rows


def multiply_adds(model: Model) -> int:
    """Multiply-accumulates of one image's forward pass through the convolutions and linear layers."""
    total = 0
    for node in model.primitives():
        if node.op == "conv2d":
            _, c_in, kh, kw = node.params()["weight"]
            total += math.prod(node.out_shape) * c_in * kh * kw
        elif node.op == "linear":
            total += math.prod(node.params()["weight"])
    return total


def summary_dict(model: Model, max_depth: int = 99) -> dict[str, Any]:
    return {
        "name": model.name, "family": model.family, "class_name": model.class_name, "file": model.file,
        "description": model.description, "source": model.source,
        "input_shape": list(model.input_shape), "output_shape": list(model.output_shape),
        "arguments": model.arguments, "layers": layer_rows(model, max_depth),
        "params": model.num_params, "buffers": model.num_buffers, "multiply_adds": multiply_adds(model),
        "published_params": None if model.published is None else
        {"count": model.published.count, "source": model.published.source},
    }


def summary_text(model: Model, max_depth: int = 99) -> str:
    rows = layer_rows(model, max_depth)
    name_w = max(len("layer"), *(len(r["name"]) + 2 * r["depth"] for r in rows))
    op_w = max(len("op"), *(len(r["op"]) for r in rows))
    shape_w = max(len("output shape"), *(len(_shape(r["output_shape"])) for r in rows))
    lines = [f"{model.name} ({model.class_name}) from {model.file}",
             f"input (N, {', '.join(map(str, model.input_shape))})  NCHW", ""]
    header = f"{'layer':<{name_w}}  {'op':<{op_w}}  {'output shape':<{shape_w}}  {'params':>12}"
    lines += [header, "-" * len(header)]
    for r in rows:
        label = "  " * r["depth"] + r["name"]
        lines.append(f"{label:<{name_w}}  {r['op']:<{op_w}}  {_shape(r['output_shape']):<{shape_w}}  "
                     f"{r['params']:>12,}")
    lines.append("-" * len(header))
    lines.append(f"trainable params: {model.num_params:,}")
    lines.append(f"buffers (BN running stats): {model.num_buffers:,}")
    macs = multiply_adds(model)
    lines.append(f"multiply-adds per image: {macs / 1e9:.2f} G" if macs >= 1e9 else
                 f"multiply-adds per image: {macs / 1e6:.1f} M")
    if model.published:
        mark = "matches" if model.published.count == model.num_params else "DIFFERS"
        lines.append(f"published: {model.published.count:,} ({mark}) - {model.published.source}")
    return "\n".join(lines)


def _shape(shape: list[int]) -> str:
    return "(N, " + ", ".join(map(str, shape)) + ")"
