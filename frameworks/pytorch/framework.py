"""PyTorch behind the common interface. Canonical layouts are PyTorch's own, so the adapter
only drops `num_batches_tracked` (a step counter, not a weight) and checks completeness."""

from __future__ import annotations

from typing import Any

import numpy as np

from shared_specs.errors import WeightsError
from shared_specs.ir import Model
from shared_specs.weights import validate

from ..base import Framework
from .render import TorchRenderer

COUNTER = "num_batches_tracked"


class TorchFramework(Framework):
    name, package, import_name = "torch", "pytorch", "torch"
    install_hint = "pip install torch==2.13.0"

    def render(self, models: list[Model]) -> str:
        return TorchRenderer().render(models)

    def build(self, model: Model) -> Any:
        torch = self.require()
        torch.manual_seed(0)
        native = getattr(self.rendered_module(model.family), model.class_name)(**model.arguments)
        return native.eval()

    def count(self, native: Any) -> tuple[int, int]:
        params = sum(p.numel() for p in native.parameters() if p.requires_grad)
        buffers = sum(b.numel() for n, b in native.named_buffers() if not n.endswith(COUNTER))
        return params, buffers

    def forward(self, native: Any, x: np.ndarray, training: bool = False) -> np.ndarray:
        torch = self.require()
        native.train(training)
        try:
            with torch.no_grad():
                return native(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))).numpy()
        finally:
            native.eval()

    def native_state(self, native: Any) -> dict[str, Any]:
        return {k: v for k, v in native.state_dict().items() if not k.endswith(COUNTER)}

    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        torch = self.require()
        validate(model, weights)
        state = self.native_state(native)
        if set(state) != set(weights):
            raise WeightsError(f"rendered torch model and spec disagree on tensors: {sorted(set(state) ^ set(weights))}")
        with torch.no_grad():
            for key, value in weights.items():
                state[key].copy_(torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32)))

    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        return {k: v.detach().cpu().numpy().copy() for k, v in self.native_state(native).items()}
