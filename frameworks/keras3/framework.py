"""Keras 3 behind the common interface.

Layout traps handled here: conv kernels are HWIO (canonical OIHW); Dense kernels are
[in, out] (canonical [out, in]); a Dense fed by Flatten of a spatial map sees features in
H, W, C order (channels_last) where the canonical weight is C, H, W ordered, so its rows
are permuted; batch norm tensors are gamma/beta/moving_mean/moving_variance; the
renderer writes momentum as 1 - the spec's and epsilon explicitly (Keras defaults 0.99/1e-3).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from shared_specs.datasets import Dataset
from shared_specs.errors import RosettaError, WeightsError
from shared_specs.ir import Model, Node
from shared_specs.normal_form import Layer
from shared_specs.training import History, Recipe
from shared_specs.weights import atomic_output, check_dtypes, check_layout, describe, source_file, validate

from ..base import Framework, heads, main_output
from .render import KerasRenderer, depthwise, layer_name

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # plain kernels: reproducible fp32 sums

OPTIMIZER_GROUP = "optimizer/"
ORDER = {"conv2d": ("weight", "bias"), "linear": ("weight", "bias"),
         "batch_norm": ("weight", "bias", "running_mean", "running_var"),
         "group_norm": ("weight", "bias"), "instance_norm": ("weight", "bias"), "layer_norm": ("weight", "bias")}


def _depthwise_kernel(node: Node, shape: tuple[int, ...]) -> bool:
    """Whether a convolution's Keras kernel of this shape is a DepthwiseConv2D's (kH, kW, C, multiplier), not a
    Conv2D's (kH, kW, C / groups, O); for one input channel the two layouts are the same."""
    channels = node.in_shapes[0][0]
    return node.attrs["groups"] == channels and shape[2] == channels


def canonical_to_keras(node: Node, param: str, value: np.ndarray, target: tuple[int, ...] | None = None) -> np.ndarray:
    """A canonical tensor in the Keras layer's layout; `target` is that layer's own shape where it is at hand (a
    depthwise convolution is a DepthwiseConv2D in the renderings, but may be a Conv2D(groups=C) elsewhere)."""
    if node.op == "layer_norm" and value.ndim == 3:
        return value.transpose(1, 2, 0)  # elementwise affine over (C, H, W) -> (H, W, C)
    if param != "weight" or node.op != "conv2d" and node.op != "linear":
        return value
    if node.op == "conv2d" and (depthwise(node) if target is None else _depthwise_kernel(node, target)):
        out, _, kh, kw = value.shape  # [C * m, 1, kH, kW] -> (kH, kW, C, m)
        return value.reshape(node.in_shapes[0][0], out // node.in_shapes[0][0], kh, kw).transpose(2, 3, 0, 1)
    if node.op == "conv2d":
        return value.transpose(2, 3, 1, 0)  # OIHW -> HWIO
    if node.flattened_from is None:
        return value.T
    c, h, w = node.flattened_from  # rows C,H,W -> H,W,C (for a 1 x 1 map, the identity)
    return value.reshape(len(value), c, h, w).transpose(2, 3, 1, 0).reshape(h * w * c, len(value))


def keras_to_canonical(node: Node, param: str, value: np.ndarray) -> np.ndarray:
    if node.op == "layer_norm" and value.ndim == 3:
        return value.transpose(2, 0, 1)
    if param != "weight" or node.op != "conv2d" and node.op != "linear":
        return value
    if node.op == "conv2d" and _depthwise_kernel(node, value.shape):
        kh, kw, channels, multiplier = value.shape
        return value.transpose(2, 3, 0, 1).reshape(channels * multiplier, 1, kh, kw)
    if node.op == "conv2d":
        return value.transpose(3, 2, 0, 1)
    if node.flattened_from is None:
        return value.T
    c, h, w = node.flattened_from
    outputs = value.shape[1]
    return value.reshape(h, w, c, outputs).transpose(3, 2, 0, 1).reshape(outputs, c * h * w)


class KerasFramework(Framework):
    name, package, import_name = "keras", "keras3", "keras"
    install_hint = "pip install keras==3.15.1 tensorflow-cpu==2.21.0"
    checkpoint_suffix = ".weights.h5"  # Keras' own weights format: HDF5, no pickle
    bessel_running_var = False

    def render(self, models: list[Model]) -> str:
        return KerasRenderer().render(models)

    def gpu_unavailable(self) -> str | None:
        backend = self.require().backend.backend()
        if backend == "tensorflow":
            import tensorflow as tf

            return None if tf.config.list_physical_devices("GPU") else "TensorFlow sees no GPU (set KERAS_BACKEND=jax or torch)"
        if backend == "torch":
            import torch

            return None if torch.cuda.is_available() else "torch.cuda.is_available() is False"
        import jax

        gpus = [device for device in jax.devices() if device.platform == "gpu"]
        return None if gpus else "JAX sees no GPU"

    def float64_unavailable(self) -> str | None:
        backend = self.require().backend.backend()
        if backend == "tensorflow":
            return None
        # keras/src/backend/common/dtypes.py maps float64 to float32 in result_type (BIT64_TO_BIT32_DTYPE) on
        # every backend but TensorFlow, so keras.ops.tanh or a batch norm on float64 arrays computes in 32 bits;
        # keras-team/keras#21604 removed the old switch and left a 64-bit flag as a to-do
        return f"Keras {self.require().__version__} computes float64 in float32 on its {backend} backend"

    def _scope(self):
        """Every build and call runs inside Keras' device scope, so the backend puts variables and ops there."""
        return self.require().device("gpu:0" if self.device == "gpu" else "cpu")

    def build(self, model: Model, module: ModuleType | None = None, dtype: str = "float32") -> Any:
        keras = self.require()
        if dtype == "float64" and (reason := self.float64_unavailable()):
            raise RosettaError(f"no float64 twin: {reason}")
        keras.utils.set_random_seed(0)  # pragma: no mutate: any seed; every use replaces the initial weights
        if self.device == "gpu" and keras.backend.backend() == "jax":  # mutation survivor: JAX on a GPU only
            # on a GPU JAX multiplies fp32 in TF32 by default (errors near 1e-3); like torch's, full fp32 here
            import jax

            jax.config.update("jax_default_matmul_precision", "highest")
        module = module or self.rendered_module(model)
        floatx, policy = keras.config.floatx(), keras.config.dtype_policy()
        keras.config.set_floatx(dtype)  # keras.Input's dtype
        keras.config.set_dtype_policy(dtype)  # every layer's variables and computation
        try:
            with self._scope():
                return getattr(module, model.builder)(**model.arguments)
        finally:
            keras.config.set_floatx(floatx)
            keras.config.set_dtype_policy(policy)

    def count(self, native: Any) -> tuple[int, int]:
        def total(ws: list) -> int:
            return sum(int(np.prod(w.shape)) for w in ws)
        return total(native.trainable_weights), total(native.non_trainable_weights)

    def _input(self, native: Any, x: np.ndarray) -> np.ndarray:
        """Canonical NCHW input as the channels_last array the model takes, in the model's dtype."""
        return np.ascontiguousarray(np.asarray(x, dtype=native.dtype).transpose(0, 2, 3, 1))

    @contextmanager
    def _dropout(self, native: Any, enabled: bool) -> Iterator[None]:
        """Keras has one `training` flag for the whole call, so dropout is switched off by its rate."""
        dropouts = [] if enabled else [lay for lay in native.layers if isinstance(lay, self.require().layers.Dropout)]
        rates = [lay.rate for lay in dropouts]
        for lay in dropouts:
            lay.rate = 0.0
        try:
            yield
        finally:
            for lay, rate in zip(dropouts, rates):
                lay.rate = rate

    def forward(self, native: Any, x: np.ndarray, training: bool = False, dropout: bool = True) -> np.ndarray:
        keras = self.require()
        with self._scope(), self._dropout(native, dropout):
            out = keras.ops.convert_to_numpy(main_output(native(self._input(native, x), training=training)))
        return out.transpose(0, 3, 1, 2) if out.ndim == 4 else out

    def trace(self, native: Any, model: Model, x: np.ndarray) -> dict[str, np.ndarray]:
        keras = self.require()
        names = {layer.name for layer in native.layers}
        paths = [node.path for node in model.walk() if layer_name(node.path) in names]
        probe = keras.Model(native.inputs[0], [native.get_layer(layer_name(p)).output for p in paths])
        with self._scope():
            outs = probe(self._input(native, x), training=False)
        return {p: nhwc_to_canonical(model.node_at(p), keras.ops.convert_to_numpy(o)) for p, o in zip(paths, outs)}

    def loss_and_grads(self, native: Any, model: Model, x: np.ndarray,
                       labels: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        keras = self.require()
        ops = keras.ops
        keys, variables = [], []
        for node in model.primitives():
            if node.params():
                layer = native.get_layer(layer_name(node.path))
                keys += [(node, p) for p in ORDER[node.op] if p in node.params()]
                variables += layer.trainable_weights

        log_p = {"probabilities": ops.log, "log_probabilities": lambda z: z,
                 "logits": lambda z: ops.log_softmax(z, axis=-1),
                 "binary_logit": lambda z: ops.concatenate([ops.log_sigmoid(-z), ops.log_sigmoid(z)], axis=1)}
        target = ops.convert_to_tensor(labels[:, None])

        def loss_of(outputs):
            return sum(weight * -ops.mean(ops.take_along_axis(log_p[kind](out), target, axis=1))
                       for kind, weight, out in heads(model, outputs))

        with self._scope(), self._dropout(native, False):
            loss, grads = _gradients(keras.backend.backend(), native, self._input(native, x), loss_of, variables)
        return float(loss), {f"{node.path}.{p}": np.ascontiguousarray(
            keras_to_canonical(node, p, keras.ops.convert_to_numpy(g))) for (node, p), g in zip(keys, grads)}

    def fit(self, native: Any, model: Model, recipe: Recipe, data: Dataset,
            on_step: Callable[[float], None]) -> History:
        self.require()
        from .train import fit

        with self._scope(), self._dropout(native, recipe.dropout):
            return fit(native, model, recipe, data, on_step)

    def model_class(self) -> type:
        return self.require().Model

    def capture(self, native: Any, input_shape: tuple[int, ...] | None) -> list[Layer]:
        self.require()
        from .capture import capture, model_input_shape

        own = model_input_shape(native)
        if input_shape is not None and tuple(input_shape) != own:
            raise RosettaError(f"--input {'x'.join(map(str, input_shape))}: the Keras model takes "
                               f"{'x'.join(map(str, own))} (C x H x W); leave --input out")
        return capture(native)

    def input_shape(self, native: Any) -> tuple[int, ...] | None:
        from .capture import model_input_shape

        return model_input_shape(native)

    def at_input(self, native: Any, input_shape: tuple[int, ...]) -> Any:
        from .capture import functional

        return functional(native, input_shape)

    def source_weights(self, native: Any, model: Model, paths: dict[str, str]) -> dict[str, np.ndarray]:
        out = {}
        for node in model.primitives():
            names = [p for p in ORDER.get(node.op, ()) if p in {**node.params(), **node.buffers()}]
            if names:
                values = native.get_layer(paths[node.path]).get_weights()
                out.update({f"{node.path}.{p}": np.ascontiguousarray(keras_to_canonical(node, p, v))
                            for p, v in zip(names, values)})
        return out

    def load_source_checkpoint(self, native: Any, path: Path) -> None:
        source_file(path)
        if not str(path).endswith(self.checkpoint_suffix):
            raise WeightsError(f"{path}: Keras weights files end in {self.checkpoint_suffix}")
        try:
            native.load_weights(path)
        except (ValueError, OSError, KeyError) as exc:
            raise WeightsError(f"{path} does not fit the model: {_keras_reason(exc)}") from None

    def load_saved_model(self, path: Path) -> Any:
        keras = self.require()
        source_file(path)
        try:  # safe_mode: no Lambda layers' pickled code
            return keras.saving.load_model(path, compile=False,  # pragma: no mutate: nothing is trained here
                                           safe_mode=True)
        except (ValueError, OSError, TypeError, KeyError) as exc:
            raise RosettaError(f"{path}: not a Keras model Rosetta can load safely: "
                               f"{' '.join(str(exc).split())[:200]}") from None

    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        validate(model, weights)
        for node in model.primitives():
            if node.op not in ORDER:
                continue
            layer = native.get_layer(layer_name(node.path))
            current = layer.weights  # shapes and dtypes only: no copy of the values
            values = [canonical_to_keras(node, p, weights[f"{node.path}.{p}"], tuple(variable.shape))
                      for p, variable in zip([p for p in ORDER[node.op] if f"{node.path}.{p}" in weights], current)]
            if [v.shape for v in values] != [tuple(c.shape) for c in current]:
                raise WeightsError(f"layer {node.path}: keras expects {[list(c.shape) for c in current]} "
                                   f"got {[list(v.shape) for v in values]}")
            for variable, value in zip(current, values):
                variable.assign(value.astype(variable.dtype, copy=False))  # pragma: no mutate: a copy or not

    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        out = {}
        for node in model.primitives():
            if node.op not in ORDER:
                continue
            names = [p for p in ORDER[node.op] if p in {**node.params(), **node.buffers()}]
            for param, value in zip(names, native.get_layer(layer_name(node.path)).get_weights()):
                out[f"{node.path}.{param}"] = np.ascontiguousarray(keras_to_canonical(node, param, value))
        return out

    def read_checkpoint(self, path: Path, model: Model) -> dict[str, np.ndarray]:
        if not str(path).endswith(self.checkpoint_suffix):
            raise WeightsError(f"{path}: Keras weights files end in {self.checkpoint_suffix}")
        source_file(path)
        native = self.build(model)
        # a model saved after compile() also holds its optimizer's state: not weights, and not ported
        found = {k: v for k, v in _h5_datasets(path).items() if not k.startswith(OPTIMIZER_GROUP)}
        with tempfile.TemporaryDirectory() as folder:  # the layout the model itself writes is the one to expect
            own = Path(folder) / f"expected{self.checkpoint_suffix}"
            native.save_weights(own)
            expected = _h5_datasets(own)
        check_layout({k: shape for k, (shape, _) in expected.items()}, {k: shape for k, (shape, _) in found.items()},
                     f"{path} does not fit {model.name}")
        check_dtypes({k: dtype for k, (_, dtype) in found.items()}, str(path), widen=("float16",))
        try:
            native.load_weights(path)
        except (ValueError, OSError, KeyError) as exc:
            raise WeightsError(f"{path} does not fit {model.name}: {_keras_reason(exc)}") from None
        weights = self.to_canonical(native, model)
        validate(model, weights, str(path))
        return weights

    def write_checkpoint(self, native: Any, path: Path) -> None:
        if not str(path).endswith(self.checkpoint_suffix):
            raise WeightsError(f"{path}: Keras weights files must end in {self.checkpoint_suffix}")
        with atomic_output(path, suffix=self.checkpoint_suffix) as tmp:
            native.save_weights(tmp)




def _h5_datasets(path: Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Every dataset of an HDF5 file: its path, shape and dtype."""
    import h5py

    found: dict[str, tuple[tuple[int, ...], str]] = {}

    def visit(name: str, item: Any) -> None:
        if isinstance(item, h5py.Dataset):
            found[name] = (tuple(item.shape), str(item.dtype))
    try:
        with h5py.File(path, "r") as handle:
            handle.visititems(visit)
    except OSError:
        raise WeightsError(f"{path}: not an HDF5 file: it is {describe(path)}") from None
    return found


def nhwc_to_canonical(node: Node, value: np.ndarray) -> np.ndarray:
    """A layer's channels_last output in the oracle's layout: NCHW maps, and flattened features (a Flatten's,
    and dropout's or an activation's after it) reordered from H, W, C to C, H, W (the same permutation the
    first Dense's kernel gets)."""
    if value.ndim == 4:
        return value.transpose(0, 3, 1, 2)
    if node.op != "linear" and node.flattened_from is not None:  # a flatten, or dropout/activation after it
        c, h, w = node.flattened_from
        return value.reshape(len(value), h, w, c).transpose(0, 3, 1, 2).reshape(len(value), c * h * w)
    return value


def _gradients(backend: str, native: Any, x: np.ndarray, loss_of: Callable, variables: list) -> tuple[Any, list]:
    """loss_of(native(x)) in train mode and its gradient with respect to `variables`, with the active
    Keras backend's own autodiff; running statistics are updated as a training step would."""
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_of(native(x, training=True))
        return loss, tape.gradient(loss, variables)
    if backend == "torch":
        import torch

        loss = loss_of(native(x, training=True))
        # autograd.grad, not .grad: under a device scope Keras' torch values are not leaf tensors
        return loss.detach(), list(torch.autograd.grad(loss, [variable.value for variable in variables]))
    import jax  # JAX is functional: differentiate the stateless call, then store the new statistics

    def stateless_loss(trainable: list) -> tuple[Any, list]:
        out, statistics = native.stateless_call(trainable, [v.value for v in native.non_trainable_variables],
                                                x, training=True)
        return loss_of(out), statistics

    (loss, statistics), grads = jax.value_and_grad(stateless_loss, has_aux=True)(
        [v.value for v in native.trainable_variables])
    for variable, value in zip(native.non_trainable_variables, statistics):
        variable.assign(value)
    position = {id(v): i for i, v in enumerate(native.trainable_variables)}
    return loss, [grads[position[id(v)]] for v in variables]


def _keras_reason(exc: Exception) -> str:
    """Keras' mismatch errors run to many lines with whole tensors; keep the object and the shapes."""
    text = " ".join(str(exc).split())
    layer = re.search(r"object <(\w+) name=([^,>]+)", text)
    shapes = re.search(r"variable\.shape=\([^)]*\), Received: value\.shape=\([^)]*\)", text)
    count = re.search(r"expected (\d+) variables, but received (\d+)", text)
    if layer and shapes:
        return f"layer {layer.group(2)}: {shapes.group(0)}"
    if layer and count:  # mutation survivor: no test makes a message with one of the two
        return f"layer {layer.group(2)}: {count.group(1)} weights expected, {count.group(2)} in the file"
    return text[:200]  # mutation survivor: a message's length
