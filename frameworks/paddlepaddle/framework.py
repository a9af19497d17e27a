"""PaddlePaddle behind the common interface.

Layout traps handled here: Linear weights are [in, out] (canonical [out, in]); batch norm
running statistics are named `_mean` / `_variance`; Paddle's BN momentum is 1 - the spec's
(the renderer writes it) and its running variance takes the biased batch variance (PyTorch's
the unbiased one); conv kernels are OIHW as in the canonical format.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from shared_specs.datasets import Dataset
from shared_specs.errors import WeightsError
from shared_specs.ir import Model
from shared_specs.normal_form import Layer
from shared_specs.training import History, Recipe
from shared_specs.weights import atomic_output, check_dtypes, check_tensors, validate

from ..base import Framework, heads, main_output, trace_with_hooks
from .checkpoint import read_pdparams
from .render import PaddleRenderer

BN_NAMES = {"weight": "weight", "bias": "bias", "running_mean": "_mean", "running_var": "_variance"}
SAME, TRANSPOSED, FLAT = "same", "transposed", "flat"  # how a canonical tensor is laid out in Paddle


def native_tensor(op: str, param: str) -> tuple[str, str]:
    """(Paddle's name for a canonical tensor, its layout there)."""
    if op == "batch_norm":
        return BN_NAMES[param], SAME
    if op == "instance_norm" and param == "weight":
        return "scale", SAME  # InstanceNorm2D calls its affine weight `scale`
    if op == "layer_norm":
        return param, FLAT  # LayerNorm keeps its elementwise affine flattened
    return param, TRANSPOSED if op == "linear" and param == "weight" else SAME


def native_names(model: Model) -> dict[str, tuple[str, str]]:
    """canonical key -> (Paddle state_dict key, layout there)."""
    names = {}
    for n in model.primitives():
        for p in {**n.params(), **n.buffers()}:
            name, layout = native_tensor(n.op, p)
            names[f"{n.path}.{p}"] = (f"{n.path}.{name}", layout)
    return names


def _to_native(value: np.ndarray, layout: str) -> np.ndarray:
    return value.T if layout == TRANSPOSED else value.ravel() if layout == FLAT else value


def to_state(model: Model, weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {key: _to_native(weights[canon], layout) for canon, (key, layout) in native_names(model).items()}


def _from_native(value: np.ndarray, layout: str, shape: tuple[int, ...]) -> np.ndarray:
    return np.ascontiguousarray(value.T if layout == TRANSPOSED else value.reshape(shape) if layout == FLAT else value)


def from_state(model: Model, state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    shapes = model.tensor_shapes()
    return {canon: _from_native(state[key], layout, shapes[canon])
            for canon, (key, layout) in native_names(model).items()}


def native_shapes(model: Model) -> dict[str, tuple[int, ...]]:
    shapes = model.tensor_shapes()
    return {key: shapes[canon][::-1] if layout == TRANSPOSED else (math.prod(shapes[canon]),) if layout == FLAT
            else shapes[canon] for canon, (key, layout) in native_names(model).items()}


class PaddleFramework(Framework):
    name, package, import_name = "paddle", "paddlepaddle", "paddle"
    install_hint = "pip install paddlepaddle==3.3.1"
    checkpoint_suffix = ".pdparams"
    bessel_running_var = False
    # measured: 1e-3 is held as 1.0000000475e-3 by BatchNorm2D, LayerNorm and InstanceNorm2D (GroupNorm keeps
    # float64), which moves a float64 normalisation by up to 2.4e-8 where the batch variance is near epsilon
    float32_epsilons = ("batch_norm", "layer_norm", "instance_norm")

    def render(self, models: list[Model]) -> str:
        return PaddleRenderer().render(models)

    def require(self):
        with warnings.catch_warnings():  # its import warns that ccache, a compiler cache for C++ extensions, is missing
            warnings.filterwarnings("ignore", message="No ccache found")
            paddle = super().require()
        gpu = self.device == "gpu" and paddle.is_compiled_with_cuda()  # mutation survivor: GPU only
        paddle.set_device("gpu" if gpu else "cpu")
        return paddle

    def gpu_unavailable(self) -> str | None:
        paddle = self.require()
        if not paddle.is_compiled_with_cuda():
            return "this paddlepaddle build has no CUDA (pip install paddlepaddle-gpu)"
        devices = paddle.device.cuda.device_count()
        return None if devices > 0 else "paddle sees no CUDA device"  # mutation survivor: GPU only

    def build(self, model: Model, module: ModuleType | None = None, dtype: str = "float32") -> Any:
        paddle = self.require()
        paddle.seed(0)  # pragma: no mutate: any seed; every use replaces the initial weights with canonical ones
        module = module or self.rendered_module(model)
        native = getattr(module, model.builder)(**model.arguments)
        if dtype != "float32":
            native.to(dtype=dtype)
        native.eval()
        return native

    def count(self, native: Any) -> tuple[int, int]:
        params = sum(int(np.prod(p.shape)) for p in native.parameters() if not p.stop_gradient)
        buffers = sum(int(np.prod(v.shape)) for v in native.state_dict().values()) - sum(
            int(np.prod(p.shape)) for p in native.parameters() if not p.stop_gradient)
        return params, buffers

    def _set_mode(self, native: Any, training: bool, dropout: bool) -> None:
        paddle = self.require()
        native.train() if training else native.eval()
        if training and not dropout:
            for layer in native.sublayers():
                if isinstance(layer, paddle.nn.Dropout):
                    layer.eval()

    def _input(self, native: Any, x: np.ndarray) -> Any:
        dtype = str(next(iter(native.parameters())).dtype).split(".")[-1]  # paddle.float32 -> float32
        return self.require().to_tensor(np.ascontiguousarray(x, dtype=dtype))

    def forward(self, native: Any, x: np.ndarray, training: bool = False, dropout: bool = True) -> np.ndarray:
        paddle = self.require()
        self._set_mode(native, training, dropout)
        try:
            with paddle.no_grad():
                return main_output(native(self._input(native, x))).numpy()
        finally:
            native.eval()

    def trace(self, native: Any, model: Model, x: np.ndarray) -> dict[str, np.ndarray]:
        return trace_with_hooks(self, native, model, x, native.named_sublayers(),
                                lambda layer, hook: layer.register_forward_post_hook(hook),
                                lambda output: output.numpy())

    def loss_and_grads(self, native: Any, model: Model, x: np.ndarray,
                       labels: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        paddle = self.require()
        functional = paddle.nn.functional
        self._set_mode(native, training=True, dropout=False)
        native.clear_gradients()
        try:
            target = paddle.to_tensor(labels)
            log_p = {"probabilities": paddle.log, "log_probabilities": lambda z: z,
                     "logits": lambda z: functional.log_softmax(z, axis=1),
                     "binary_logit": lambda z: paddle.concat([functional.log_sigmoid(-z), functional.log_sigmoid(z)], 1)}
            loss = sum(weight * functional.nll_loss(log_p[kind](out), target)
                       for kind, weight, out in heads(model, native(self._input(native, x))))
            loss.backward()
        finally:
            native.eval()
        native_grads = {name: p.grad.numpy() for name, p in native.named_parameters() if not p.stop_gradient}
        shapes = model.param_shapes()
        grads = {canon: _from_native(native_grads[key], layout, shapes[canon])
                 for canon, (key, layout) in native_names(model).items() if canon in shapes}
        return float(loss), grads

    def applied(self, recipe: Recipe) -> Recipe:
        """paddle.optimizer.Momentum passes `momentum` to its kernel as a 32-bit attribute (0.9 runs as
        0.89999998), whatever the parameters' dtype."""
        return replace(recipe, momentum=float(np.float32(recipe.momentum)))

    def fit(self, native: Any, model: Model, recipe: Recipe, data: Dataset,
            on_step: Callable[[float], None]) -> History:
        self.require()
        from .train import fit

        return fit(native, model, recipe, data, lambda: self._set_mode(native, training=True, dropout=recipe.dropout),
                   on_step)

    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        validate(model, weights)
        state = native.state_dict()
        values = to_state(model, weights)
        if set(state) != set(values):
            raise WeightsError(f"rendered paddle model and spec disagree on tensors: {sorted(set(state) ^ set(values))}")
        for key, value in values.items():
            state[key].set_value(np.ascontiguousarray(value, dtype=state[key].numpy().dtype))

    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        return from_state(model, {k: v.numpy() for k, v in native.state_dict().items()})

    def read_checkpoint(self, path: Path, model: Model) -> dict[str, np.ndarray]:
        state = read_pdparams(path)
        check_dtypes({k: str(v.dtype) for k, v in state.items()}, str(path))
        state = {k: v.astype(np.float32) for k, v in state.items()}  # float16 widened: exact
        check_tensors(native_shapes(model), state, f"{path} does not fit {model.name}")
        return from_state(model, state)

    def model_class(self) -> type:
        return self.require().nn.Layer

    def capture(self, native: Any, input_shape: tuple[int, ...]) -> list[Layer]:
        self.require()
        from .capture import capture

        return capture(native, input_shape)

    def source_weights(self, native: Any, model: Model, paths: dict[str, str]) -> dict[str, np.ndarray]:
        state = {k: v.numpy() for k, v in native.state_dict().items()}
        shapes = model.tensor_shapes()
        out = {}
        for node in model.primitives():
            for p in {**node.params(), **node.buffers()}:
                name, layout = native_tensor(node.op, p)
                out[f"{node.path}.{p}"] = _from_native(state[f"{paths[node.path]}.{name}"], layout,
                                                        shapes[f"{node.path}.{p}"]).astype(np.float32)
        return out

    def load_source_checkpoint(self, native: Any, path: Path) -> None:
        state = read_pdparams(path)
        own = {k: tuple(v.shape) for k, v in native.state_dict().items()}
        check_dtypes({k: str(v.dtype) for k, v in state.items()}, str(path))
        state = {k: v.astype(np.float32) for k, v in state.items()}  # float16 widened: exact
        check_tensors(own, state, f"{path} does not fit the model")
        native.set_state_dict(state)

    def write_checkpoint(self, native: Any, path: Path) -> None:
        paddle = self.require()
        with atomic_output(path, suffix=self.checkpoint_suffix) as tmp:
            paddle.save(native.state_dict(), str(tmp))
