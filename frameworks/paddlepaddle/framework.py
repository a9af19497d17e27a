"""PaddlePaddle behind the common interface.

Layout traps handled here: Linear weights are [in, out] (canonical [out, in]); batch norm
running statistics are named `_mean` / `_variance`; Paddle's BN momentum is 1 - the spec's
(the renderer writes it); conv kernels are OIHW as in the canonical format.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_specs.errors import WeightsError
from shared_specs.ir import Model
from shared_specs.weights import validate

from ..base import Framework
from .render import PaddleRenderer

BN_NAMES = {"weight": "weight", "bias": "bias", "running_mean": "_mean", "running_var": "_variance"}


def native_key(op: str, path: str, param: str) -> str:
    return f"{path}.{BN_NAMES[param] if op == 'batch_norm' else param}"


def to_native(op: str, param: str, value: np.ndarray) -> np.ndarray:
    return value.T if op == "linear" and param == "weight" else value


class PaddleFramework(Framework):
    name, package, import_name = "paddle", "paddlepaddle", "paddle"
    install_hint = "pip install paddlepaddle==3.3.1"

    def render(self, models: list[Model]) -> str:
        return PaddleRenderer().render(models)

    def require(self):
        paddle = super().require()
        if not paddle.is_compiled_with_cuda():
            paddle.set_device("cpu")
        return paddle

    def build(self, model: Model) -> Any:
        paddle = self.require()
        paddle.seed(0)
        native = getattr(self.rendered_module(model.family), model.class_name)(**model.arguments)
        native.eval()
        return native

    def count(self, native: Any) -> tuple[int, int]:
        params = sum(int(np.prod(p.shape)) for p in native.parameters() if not p.stop_gradient)
        buffers = sum(int(np.prod(v.shape)) for v in native.state_dict().values()) - sum(
            int(np.prod(p.shape)) for p in native.parameters() if not p.stop_gradient)
        return params, buffers

    def forward(self, native: Any, x: np.ndarray, training: bool = False) -> np.ndarray:
        paddle = self.require()
        native.train() if training else native.eval()
        try:
            with paddle.no_grad():
                return native(paddle.to_tensor(np.ascontiguousarray(x, dtype=np.float32))).numpy()
        finally:
            native.eval()

    def _mapping(self, model: Model) -> dict[str, tuple[str, str]]:
        """canonical key -> (native key, op)."""
        return {f"{n.path}.{p}": (native_key(n.op, n.path, p), n.op)
                for n in model.primitives() for p in {**n.params(), **n.buffers()}}

    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        validate(model, weights)
        mapping = self._mapping(model)
        state = native.state_dict()
        if set(state) != {k for k, _ in mapping.values()}:
            raise WeightsError(f"rendered paddle model and spec disagree on tensors: "
                               f"{sorted(set(state) ^ {k for k, _ in mapping.values()})}")
        for key, (nkey, op) in mapping.items():
            value = np.ascontiguousarray(to_native(op, key.rsplit('.', 1)[1], weights[key]), dtype=np.float32)
            if tuple(state[nkey].shape) != value.shape:
                raise WeightsError(f"{nkey}: paddle expects {list(state[nkey].shape)} got {list(value.shape)}")
            state[nkey].set_value(value)

    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        state = native.state_dict()
        return {key: np.ascontiguousarray(to_native(op, key.rsplit('.', 1)[1], state[nkey].numpy()))
                for key, (nkey, op) in self._mapping(model).items()}
