"""Where the time goes when a rendered model is slower than its zoo twin: wall time per layer type from hooks
on every leaf layer (one eager call after warm-up), beside the layer counts, for both models of a pair."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from .modes import Mode, PaddleDynamic, TorchEager


def _leaves(native: Any) -> list[Any]:
    """Layers with no sublayers: torch modules and Paddle layers alike; Keras models give their layers."""
    if hasattr(native, "named_modules"):  # torch
        return [m for _, m in native.named_modules() if not list(m.children())]
    if hasattr(native, "sublayers"):  # paddle
        return [layer for layer in native.sublayers() if not layer.sublayers()]
    return list(getattr(native, "layers", []))


def layer_profile(mode: Mode, batch: int) -> dict[str, dict[str, float | None]]:
    """layer type -> {"count", "ms"} for one eager inference call of `mode`'s model, whatever mode it was timed
    in (a predictor or a compiled graph runs no Python per layer); Keras: counts only."""
    native = mode.native
    eager = PaddleDynamic.infer if isinstance(mode, PaddleDynamic) else \
        TorchEager.infer if isinstance(mode, TorchEager) else None
    leaves = _leaves(native)
    spent: dict[str, float] = defaultdict(float)
    counts: dict[str, float] = defaultdict(float)
    for layer in leaves:
        counts[type(layer).__name__] += 1
    hooks = []
    if eager is not None:
        starts: dict[int, float] = {}

        def before(layer: Any, *args: Any) -> None:
            mode.sync()
            starts[id(layer)] = time.perf_counter()

        def after(layer: Any, *args: Any) -> None:
            mode.sync()
            spent[type(layer).__name__] += (time.perf_counter() - starts.pop(id(layer))) * 1e3

        for layer in leaves:
            hooks.append(layer.register_forward_pre_hook(before))
            register = getattr(layer, "register_forward_post_hook", None) or layer.register_forward_hook
            hooks.append(register(after))
        try:
            call = eager(mode, batch)
            call()  # the first call under hooks pays their set-up; the second is measured
            spent.clear()
            call()
        finally:
            for hook in hooks:
                hook.remove()
    return {kind: {"count": counts[kind], "ms": round(spent[kind], 3) if spent else None} for kind in counts}
