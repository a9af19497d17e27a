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
