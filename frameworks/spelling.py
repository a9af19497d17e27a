"""Small rendering helpers shared by several frameworks."""

from __future__ import annotations

from .codegen import Src, Step


def in_features_src(step: Step):
    """A linear layer's input size; after a flatten of a spatial map, written as C * H * W like the listings."""
    node = step.instances[0] if step.instances else None
    if node is None or not isinstance(step.in_channels, int):
        return step.in_channels
    flat_of = node.flattened_from
    if flat_of is not None and flat_of[1] * flat_of[2] > 1:
        return Src(" * ".join(map(str, flat_of)))
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
