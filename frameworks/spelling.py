"""Small rendering helpers shared by several frameworks."""

from __future__ import annotations

from shared_specs.errors import RosettaError

from .codegen import Src, Step, fmt


def in_features_src(step: Step):
    """A linear layer's input size; after a flatten of a spatial map, written as C * H * W like the listings.
    Inside a block, a size that flattening hides from the block's arguments is the one every instance has."""
    flats = {node.flattened_from for node in step.instances}
    flat = flats.pop() if len(flats) == 1 else None
    if flat is not None and flat[1] * flat[2] > 1:
        return Src(" * ".join(map(str, flat)))
    if isinstance(step.in_channels, str) and step.in_channels.startswith("<"):
        sizes = {node.in_shapes[0][0] for node in step.instances}
        if len(sizes) != 1:
            raise RosettaError(f"linear layer '{step.name}' sees inputs of different sizes {sorted(sizes)} in its "
                               "instances, which its block's arguments do not express")
        return sizes.pop()
    return step.in_channels


def explicit_padding(padding):
    """A conv or pool padding as the define-by-run frameworks take it; None where it is their default 0."""
    return None if padding in ("valid", 0) else padding


def normalized_shape_src(step: Step) -> str | None:
    """A layer norm's normalized shape (its input without the batch axis), or None when instances differ."""
    shapes = {tuple(node.in_shapes[0]) for node in step.instances}
    if len(shapes) != 1:
        return None
    shape = shapes.pop()
    return str(shape[0]) if len(shape) == 1 else "[" + ", ".join(map(str, shape)) + "]"


def part(fields: dict) -> str:
    """A chunk's `[index]`; nothing where every part is taken at once (index None: `x1, x2 = x.chunk(2, dim=1)`)."""
    return "" if fields["index"] is None else f"[{fmt(fields['index'])}]"
