"""PyTorch behind the common interface. Canonical layouts are PyTorch's own, so the adapter
only drops `num_batches_tracked` (a step counter, not a weight) and checks completeness."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from shared_specs.datasets import Dataset
from shared_specs.errors import WeightsError
from shared_specs.ir import Model
from shared_specs.normal_form import Layer
from shared_specs.training import History, Recipe
from shared_specs.weights import COUNTER, atomic_output, check_dtypes, describe, source_file, validate

from ..base import Framework, heads, main_output, trace_with_hooks
from .render import TorchRenderer

WRAPPER_KEYS = ("state_dict", "model")  # training scripts often save {"state_dict": ..., "epoch": ...}


class TorchFramework(Framework):
    name, package, import_name = "torch", "pytorch", "torch"
    install_hint = "pip install torch==2.13.0"
    checkpoint_suffix = ".pt"
    bessel_running_var = True

    def render(self, models: list[Model]) -> str:
        return TorchRenderer().render(models)

    def gpu_unavailable(self) -> str | None:
        return None if self.require().cuda.is_available() else "torch.cuda.is_available() is False"

    @property
    def torch_device(self) -> str:
        return "cuda" if self.device == "gpu" else "cpu"

    def build(self, model: Model, module: ModuleType | None = None, dtype: str = "float32") -> Any:
        torch = self.require()
        # full fp32 matmuls and convolutions on a GPU, as on the CPU
        if self.device == "gpu":  # mutation survivor: TF32 is a GPU setting; no CPU run can tell
            torch.backends.cuda.matmul.allow_tf32 = False  # mutation survivor: as above
            torch.backends.cudnn.allow_tf32 = False  # mutation survivor: as above
        torch.manual_seed(0)  # pragma: no mutate: any seed; every use replaces the initial weights with canonical ones
        module = module or self.rendered_module(model)
        native = getattr(module, model.builder)(**model.arguments)
        return native.to(self.torch_device, getattr(torch, dtype)).eval()

    def count(self, native: Any) -> tuple[int, int]:
        params = sum(p.numel() for p in native.parameters() if p.requires_grad)
        buffers = sum(b.numel() for n, b in native.named_buffers() if not n.endswith(COUNTER))
        return params, buffers

    def _input(self, native: Any, x: np.ndarray) -> Any:
        torch = self.require()
        dtype = next(native.parameters()).dtype
        return torch.from_numpy(np.ascontiguousarray(x)).to(self.torch_device, dtype)

    def _set_mode(self, native: Any, training: bool, dropout: bool) -> None:
        torch = self.require()
        native.train(training)
        if training and not dropout:
            for module in native.modules():
                if isinstance(module, torch.nn.Dropout):
                    module.eval()

    def forward(self, native: Any, x: np.ndarray, training: bool = False, dropout: bool = True) -> np.ndarray:
        torch = self.require()
        self._set_mode(native, training, dropout)
        try:
            with torch.no_grad():
                return main_output(native(self._input(native, x))).cpu().numpy()
        finally:
            native.eval()

    def trace(self, native: Any, model: Model, x: np.ndarray) -> dict[str, np.ndarray]:
        return trace_with_hooks(self, native, model, x, native.named_modules(),
                                lambda module, hook: module.register_forward_hook(hook),
                                lambda output: output.detach().cpu().numpy())

    def loss_and_grads(self, native: Any, model: Model, x: np.ndarray,
                       labels: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        torch = self.require()
        functional = torch.nn.functional
        self._set_mode(native, training=True, dropout=False)
        native.zero_grad(set_to_none=True)  # pragma: no mutate: zeroed or None, the next backward starts clean
        try:
            target = torch.from_numpy(labels).to(self.torch_device)
            log_p = {"probabilities": torch.log, "log_probabilities": lambda z: z,
                     "logits": lambda z: functional.log_softmax(z, dim=1),
                     "binary_logit": lambda z: torch.cat([functional.logsigmoid(-z), functional.logsigmoid(z)], 1)}
            loss = sum(weight * functional.nll_loss(log_p[kind](out), target)
                       for kind, weight, out in heads(model, native(self._input(native, x))))
            loss.backward()
        finally:
            native.eval()
        grads = {name: p.grad.cpu().numpy() for name, p in native.named_parameters()}
        return loss.item(), grads

    def fit(self, native: Any, model: Model, recipe: Recipe, data: Dataset,
            on_step: Callable[[float], None]) -> History:
        from .train import fit

        return fit(native, model, recipe, data, self.torch_device,
                   lambda: self._set_mode(native, training=True, dropout=recipe.dropout), on_step)

    def model_class(self) -> type:
        return self.require().nn.Module

    def capture(self, native: Any, input_shape: tuple[int, ...]) -> list[Layer]:
        self.require()
        from .capture import capture

        return capture(native, input_shape)

    def source_weights(self, native: Any, model: Model, paths: dict[str, str]) -> dict[str, np.ndarray]:
        state = self.native_state(native)  # torch's layouts are the canonical ones
        return {f"{node.path}.{name}": state[f"{paths[node.path]}.{name}"].detach().cpu().float().numpy()
                for node in model.primitives() for name in {**node.params(), **node.buffers()}}

    def load_source_checkpoint(self, native: Any, path: Path) -> None:
        state = self._load_state(path)
        missing, unexpected = sorted(set(self.native_state(native)) - set(state)), sorted(
            set(state) - set(self.native_state(native)))
        if missing or unexpected:
            raise WeightsError(f"{path} does not fit the model: missing {', '.join(missing[:6]) or 'none'}; "
                               f"unexpected {', '.join(unexpected[:6]) or 'none'}")
        shapes = {k: (tuple(v.shape), tuple(state[k].shape)) for k, v in self.native_state(native).items()
                  if tuple(v.shape) != tuple(state[k].shape)}
        if shapes:
            key, (want, got) = next(iter(shapes.items()))
            raise WeightsError(f"{path}: tensor {key} has shape {list(got)}, the model's is {list(want)}")
        native.load_state_dict(state, strict=False)  # pragma: no mutate: the keys were checked just above

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
                state[key].copy_(torch.from_numpy(np.ascontiguousarray(value)))

    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        return {k: v.detach().cpu().numpy().copy() for k, v in self.native_state(native).items()}

    def read_checkpoint(self, path: Path, model: Model) -> dict[str, np.ndarray]:
        weights = {k: v.detach().float().numpy() for k, v in self._load_state(path).items()}
        validate(model, weights, str(path))
        return weights

    def _load_state(self, path: Path) -> dict[str, Any]:
        """A weights-only state_dict (a training script's {"state_dict": ...} wrapper unwrapped), step counters
        dropped, float32/16 tensors only; one line naming the file for anything else."""
        torch = self.require()
        source_file(path)
        try:
            # weights_only: PyTorch's restricted unpickler, which admits tensors and containers only
            state = torch.load(path, map_location="cpu", weights_only=True)
        except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, OSError) as exc:
            refused = re.findall(r"Unsupported global: GLOBAL (\S+)", str(exc))
            why = f"it holds an object of class {refused[0]} (tensors and containers only are read)" if refused else \
                f"it is {describe(path)}"
            raise WeightsError(f"{path}: not a weights-only torch checkpoint: {why}") from None
        if isinstance(state, dict):
            wrapped = [k for k in WRAPPER_KEYS if isinstance(state.get(k), dict)]
            state = state[wrapped[0]] if wrapped else state
        if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
            raise WeightsError(f"{path}: expected a state_dict (tensor name -> tensor), got {type(state).__name__}")
        odd_keys = [repr(k) for k in state if not isinstance(k, str)]
        if odd_keys:
            raise WeightsError(f"{path}: state_dict keys must be tensor names, got {', '.join(odd_keys[:6])}")
        state = {k: v for k, v in state.items() if not k.endswith(COUNTER)}
        hollow = [k for k, v in state.items() if v.is_meta or v.layout != torch.strided]
        if hollow:
            raise WeightsError(f"{path}: tensors without dense data (meta device or sparse): "
                               f"{', '.join(hollow[:6])}")
        check_dtypes({k: str(v.dtype).removeprefix("torch.") for k, v in state.items()}, str(path))
        return state

    def write_checkpoint(self, native: Any, path: Path) -> None:
        torch = self.require()
        with atomic_output(path) as tmp:
            torch.save(native.state_dict(), tmp)
