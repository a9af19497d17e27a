"""Keras 3 behind the common interface.

Layout traps handled here: conv kernels are HWIO (canonical OIHW); Dense kernels are
[in, out] (canonical [out, in]); a Dense fed by Flatten of a spatial map sees features in
H, W, C order (channels_last) where the canonical weight is C, H, W ordered, so its rows
are permuted; batch norm tensors are gamma/beta/moving_mean/moving_variance; the
renderer writes momentum as 1 - the spec's and epsilon explicitly (Keras defaults 0.99/1e-3).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from typing import Any

import numpy as np

from shared_specs.errors import WeightsError
from shared_specs.ir import Model, Node
from shared_specs.weights import validate

from ..base import Framework
from .render import KerasRenderer

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain kernels: reproducible fp32 sums

ORDER = {"conv2d": ("weight", "bias"), "linear": ("weight", "bias"),
         "batch_norm": ("weight", "bias", "running_mean", "running_var")}


def canonical_to_keras(node: Node, param: str, value: np.ndarray) -> np.ndarray:
    if param != "weight" or node.op == "batch_norm":
        return value
    if node.op == "conv2d":
        return value.transpose(2, 3, 1, 0)  # OIHW -> HWIO
    flat = node.flattened_from
    if flat is not None and flat[1] * flat[2] > 1:
        c, h, w = flat
        return value.reshape(-1, c, h, w).transpose(2, 3, 1, 0).reshape(h * w * c, -1)  # rows C,H,W -> H,W,C
    return value.T


def keras_to_canonical(node: Node, param: str, value: np.ndarray) -> np.ndarray:
    if param != "weight" or node.op == "batch_norm":
        return value
    if node.op == "conv2d":
        return value.transpose(3, 2, 0, 1)
    flat = node.flattened_from
    if flat is not None and flat[1] * flat[2] > 1:
        c, h, w = flat
        return value.reshape(h, w, c, -1).transpose(3, 2, 0, 1).reshape(-1, c * h * w)
    return value.T


class KerasFramework(Framework):
    name, package, import_name = "keras", "keras3", "keras"
    install_hint = "pip install keras==3.15.1 tensorflow-cpu==2.21.0"

    def require(self):
        # paddlepaddle 3.3.1 segfaults when imported after TensorFlow in one process (the reverse
        # order works), so a process that has both loads Paddle first.
        if importlib.util.find_spec("paddle") is not None:
            importlib.import_module("paddle")
        return super().require()

    def render(self, models: list[Model]) -> str:
        return KerasRenderer().render(models)

    def build(self, model: Model) -> Any:
        keras = self.require()
        keras.utils.set_random_seed(0)
        return getattr(self.rendered_module(model.family), model.class_name)(**model.arguments)

    def count(self, native: Any) -> tuple[int, int]:
        def total(ws: list) -> int:
            return sum(int(np.prod(w.shape)) for w in ws)
        return total(native.trainable_weights), total(native.non_trainable_weights)

    def forward(self, native: Any, x: np.ndarray, training: bool = False) -> np.ndarray:
        nhwc = np.ascontiguousarray(np.asarray(x, dtype=np.float32).transpose(0, 2, 3, 1))
        out = np.asarray(native(nhwc, training=training))
        return out.transpose(0, 3, 1, 2) if out.ndim == 4 else out

    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        validate(model, weights)
        for node in model.primitives():
            if node.op not in ORDER:
                continue
            layer = native.get_layer(node.path)
            values = [canonical_to_keras(node, p, weights[f"{node.path}.{p}"]) for p in ORDER[node.op]
                      if f"{node.path}.{p}" in weights]
            current = layer.get_weights()
            if [v.shape for v in values] != [c.shape for c in current]:
                raise WeightsError(f"layer {node.path}: keras expects {[list(c.shape) for c in current]} "
                                   f"got {[list(v.shape) for v in values]}")
            layer.set_weights([v.astype(np.float32) for v in values])

    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        out = {}
        for node in model.primitives():
            if node.op not in ORDER:
                continue
            names = [p for p in ORDER[node.op] if p in {**node.params(), **node.buffers()}]
            for param, value in zip(names, native.get_layer(node.path).get_weights()):
                out[f"{node.path}.{param}"] = np.ascontiguousarray(keras_to_canonical(node, param, value))
        return out
