"""The ways each framework can run a rendered model (and its zoo's own model of the same architecture), all
from the same canonical weights, with synthetic inputs already in place. A mode gives an inference call and,
where the mode trains, a training step (forward, loss, backward, SGD with momentum), each for a batch size."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import numpy as np

from frameworks.base import Framework, get_framework, heads, main_output
from frameworks.keras3.zoo import APPLICATIONS
from frameworks.paddlepaddle.zoo import PADDLE_VISION
from shared_specs.ir import Model

Call = Callable[[], object]
LEARNING_RATE, MOMENTUM = 0.01, 0.9
# spec variants that torchvision.models builds under the same name, with the canonical keys
TORCHVISION = {"resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "vgg11", "vgg13", "vgg16", "vgg19",
               "vgg11_bn", "vgg13_bn", "vgg16_bn", "vgg19_bn", "densenet121", "densenet169", "densenet201"}


class Mode:
    """One column of the report: a framework (and backend), a way of running it, rendered or zoo."""

    devices: tuple[str, ...] = ("cpu", "gpu")
    zoo_models: Collection[str] | None = None  # a zoo mode: the spec variants its zoo has

    @classmethod
    def runs(cls, model: Model, device: str) -> bool:
        """Whether this mode runs `model` on `device`: a zoo mode only where its zoo has the architecture."""
        return device in cls.devices and (cls.zoo_models is None or model.name in cls.zoo_models)

    def reset_device_peak(self) -> None:
        """Start the device allocator's peak afresh (GPU modes)."""

    def device_peak_mb(self) -> float | None:
        """The device allocator's peak since the reset; None on the CPU (the report has host RSS)."""
        return None

    framework = ""
    name = ""
    source = "rendered"
    note = ""  # what was set, said in the report

    def __init__(self, model: Model, weights: dict[str, np.ndarray], device: str = "cpu", threads: int = 1) -> None:
        self.model, self.weights, self.device, self.threads = model, weights, device, threads

    def build(self) -> Any:
        """The rendered model with the canonical weights, through the adapter the subclass set as `self.fw`."""
        native = self.fw.build(self.model)
        self.fw.load_canonical(native, self.model, self.weights)
        return native

    def infer(self, batch: int) -> Call:
        raise NotImplementedError

    def train(self, batch: int) -> Call | None:
        return None

    def sync(self) -> None:
        """Nothing to wait for on the CPU; a GPU mode waits for the device here."""

    def inputs(self, batch: int, channels_last: bool = False) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(batch)
        x = rng.standard_normal((batch, *self.model.input_shape), dtype=np.float32)
        labels = rng.integers(0, self.model.num_labels, batch)  # pragma: no mutate: labels drawn from 1 up time the same
        return (np.ascontiguousarray(x.transpose(0, 2, 3, 1)) if channels_last else x), labels


# --------------------------------------------------------------------------------------------------- torch

class TorchEager(Mode):
    framework, name, note = "torch", "eager", "torch.inference_mode() for inference"

    def __init__(self, model: Model, weights: dict[str, np.ndarray], device: str = "cpu", threads: int = 1) -> None:
        super().__init__(model, weights, device, threads)
        self.fw: Framework = get_framework("torch", device)
        self.torch = self.fw.require()
        self.native = self.build()

    def tensor(self, array: np.ndarray) -> Any:
        value = self.torch.from_numpy(array).to(self.fw.torch_device)
        return value.contiguous(memory_format=self.torch.channels_last) if self.channels_last and value.ndim == 4 \
            else value

    channels_last = False

    def runnable(self) -> Any:
        return self.native

    def infer(self, batch: int) -> Call:
        x = self.tensor(self.inputs(batch)[0])
        net = self.runnable().eval()

        def call() -> object:
            with self.torch.inference_mode(), self.autocast():
                return net(x)
        return call

    def autocast(self) -> Any:
        """The precision context of forward and loss: none here (float32)."""
        return contextlib.nullcontext()

    def train(self, batch: int) -> Call:
        torch = self.torch
        array, labels = self.inputs(batch)
        x, target = self.tensor(array), torch.from_numpy(labels).to(self.fw.torch_device)
        net = self.runnable()
        optimizer = torch.optim.SGD(self.native.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
        log_p = {"probabilities": torch.log, "log_probabilities": lambda z: z,
                 "logits": lambda z: torch.nn.functional.log_softmax(z, dim=1),
                 "binary_logit": lambda z: torch.cat([torch.nn.functional.logsigmoid(-z),
                                                      torch.nn.functional.logsigmoid(z)], 1)}

        def step() -> object:
            self.native.train()
            optimizer.zero_grad(set_to_none=True)  # pragma: no mutate: zeroed or freed, the next backward is the same
            with self.autocast():
                loss = sum(w * torch.nn.functional.nll_loss(log_p[kind](out), target)
                           for kind, w, out in heads(self.model, net(x)))
            loss.backward()
            optimizer.step()
            return loss
        return step

    def sync(self) -> None:
        if self.fw.torch_device == "cuda":
            self.torch.cuda.synchronize()

    def reset_device_peak(self) -> None:
        if self.fw.torch_device == "cuda":
            self.torch.cuda.reset_peak_memory_stats()

    def device_peak_mb(self) -> float | None:
        return self.torch.cuda.max_memory_allocated() / 2**20 if self.fw.torch_device == "cuda" else None


class TorchChannelsLast(TorchEager):
    name, channels_last = "channels_last", True
    note = "model and input in torch.channels_last"

    def build(self) -> Any:
        return super().build().to(memory_format=self.torch.channels_last)


class TorchCompile(TorchEager):
    name, note = "compile", "torch.compile (inductor), its compile time in warm-up"

    def runnable(self) -> Any:
        if not hasattr(self, "_compiled"):
            self._compiled = self.torch.compile(self.native)
        return self._compiled


class TorchBF16(TorchChannelsLast):
    """Mixed precision on the GPU: torch.autocast to bfloat16 around forward and loss, float32 weights."""

    name, devices, note = "bf16_channels_last", ("gpu",), "torch.autocast(bfloat16), channels_last"

    def autocast(self) -> Any:
        return self.torch.autocast("cuda", dtype=self.torch.bfloat16)


class TorchBF16Compile(TorchBF16, TorchCompile):
    name, note = "bf16_channels_last_compile", "torch.autocast(bfloat16), channels_last, torch.compile"


class TorchVision(TorchEager):
    """torchvision's own model of the architecture (its keys are the canonical ones), same weights; where
    torchvision imports beside torch (not with the CPU build pinned here)."""

    source, note = "zoo", "torchvision.models, eager"
    zoo_models = TORCHVISION

    @classmethod
    def runs(cls, model: Model, device: str) -> bool:
        return importlib.util.find_spec("torchvision") is not None and super().runs(model, device)

    def build(self) -> Any:
        import torchvision

        zoo = getattr(torchvision.models, self.model.name)().to(self.fw.torch_device)
        loaded = zoo.load_state_dict({k: self.torch.from_numpy(v) for k, v in self.weights.items()}, strict=False)
        missing = [k for k in loaded.missing_keys if not k.endswith("num_batches_tracked")]
        if missing or loaded.unexpected_keys:
            raise ValueError(f"torchvision {self.model.name} and the spec differ: missing {missing[:3]}, "
                             f"unexpected {loaded.unexpected_keys[:3]}")
        return zoo.to(memory_format=self.torch.channels_last) if self.channels_last else zoo


class TorchVisionBF16Compile(TorchVision, TorchBF16Compile):
    note = "torchvision.models, torch.autocast(bfloat16), channels_last, torch.compile"


class OnnxRuntime(TorchEager):
    """The torch rendering exported to ONNX and run by onnxruntime: inference only."""

    framework, name = "onnxruntime", "session"

    def __init__(self, model: Model, weights: dict[str, np.ndarray], device: str = "cpu", threads: int = 1) -> None:
        super().__init__(model, weights, device, threads)
        self.note = f"CPUExecutionProvider, intra_op_num_threads={threads}, ORT_ENABLE_ALL graph optimisation"

    def infer(self, batch: int) -> Call:
        from frameworks.pytorch.onnx_export import export_onnx, onnx_session

        x = self.inputs(batch)[0]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.onnx"
            export_onnx(self.native.eval(), x, path)
            session = onnx_session(path, "cpu", self.threads)
        feed = {session.get_inputs()[0].name: x}
        return lambda: session.run(None, feed)

    def train(self, batch: int) -> None:
        return None


# -------------------------------------------------------------------------------------------------- paddle

class PaddleDynamic(Mode):
    framework, name = "paddle", "dynamic"
    note = "dynamic graph (Paddle's own CPU kernels; oneDNN is used by paddle.inference only)"

    def __init__(self, model: Model, weights: dict[str, np.ndarray], device: str = "cpu", threads: int = 1) -> None:
        super().__init__(model, weights, device, threads)
        self.fw = get_framework("paddle", device)
        self.paddle = self.fw.require()
        self.native = self.build()

    def runnable(self, batch: int) -> Any:
        return self.native

    def static_graph(self, input_spec: list | None = None) -> Any:
        """The model traced whole into one static program (to_static's AST mode, full_graph=True)."""
        return self.paddle.jit.to_static(self.native, input_spec=input_spec, full_graph=True)

    def infer(self, batch: int) -> Call:
        paddle = self.paddle
        x = paddle.to_tensor(self.inputs(batch)[0])
        self.native.eval()
        net = self.runnable(batch)

        def call() -> object:
            with paddle.no_grad():
                return net(x)
        return call

    def train(self, batch: int) -> Call:
        paddle = self.paddle
        functional = paddle.nn.functional
        array, labels = self.inputs(batch)
        x, target = paddle.to_tensor(array), paddle.to_tensor(labels)
        optimizer = paddle.optimizer.Momentum(learning_rate=LEARNING_RATE, momentum=MOMENTUM,
                                              parameters=self.native.parameters())
        log_p = {"probabilities": paddle.log, "log_probabilities": lambda z: z,
                 "logits": lambda z: functional.log_softmax(z, axis=1),
                 "binary_logit": lambda z: paddle.concat([functional.log_sigmoid(-z), functional.log_sigmoid(z)], 1)}
        self.native.train()
        net = self.runnable(batch)

        def step() -> object:
            loss = sum(w * functional.nll_loss(log_p[kind](out), target)
                       for kind, w, out in heads(self.model, net(x)))
            loss.backward()
            optimizer.step()
            optimizer.clear_grad()
            return loss
        return step

    def sync(self) -> None:
        if self.fw.device == "gpu":
            self.paddle.device.synchronize()


class PaddleToStatic(PaddleDynamic):
    name, note = "to_static", "paddle.jit.to_static(full_graph=True), traced in warm-up"

    def runnable(self, batch: int) -> Any:
        return self.static_graph()


class PaddleInference(PaddleDynamic):
    """paddle.inference's predictor with oneDNN: Paddle's deployment path on CPU, inference only."""

    name, note = "inference", "paddle.inference predictor with enable_mkldnn() (oneDNN)"

    def __init__(self, model: Model, weights: dict[str, np.ndarray], device: str = "cpu", threads: int = 1) -> None:
        super().__init__(model, weights, device, threads)
        self.note = f"{type(self).note}, {threads} math-library threads"

    def infer(self, batch: int) -> Call:
        paddle = self.paddle
        from paddle import inference

        c, h, w = self.model.input_shape
        spec = [paddle.static.InputSpec([None, c, h, w], "float32", "x")]
        self.native.eval()
        with tempfile.TemporaryDirectory() as tmp:
            prefix = os.path.join(tmp, "model")
            paddle.jit.save(self.static_graph(spec), prefix)
            program = next(p for p in (f"{prefix}.json", f"{prefix}.pdmodel") if os.path.exists(p))
            config = inference.Config(program, f"{prefix}.pdiparams")
            config.disable_gpu()
            config.set_cpu_math_library_num_threads(self.threads)
            config.enable_mkldnn()
            config.disable_glog_info()
            predictor = inference.create_predictor(config)
            self.config = config  # what the predictor was made with: oneDNN and the threads are tested
        feed = predictor.get_input_handle(predictor.get_input_names()[0])
        fetch = predictor.get_output_handle(predictor.get_output_names()[0])
        x = self.inputs(batch)[0]

        def call() -> object:
            feed.copy_from_cpu(x)
            predictor.run()
            return fetch.copy_to_cpu()
        return call

    def train(self, batch: int) -> None:
        return None


class PaddleVision(PaddleDynamic):
    """paddle.vision's own model of the architecture (torchvision's keys and layouts), same weights."""

    source, note, zoo_models = "zoo", "paddle.vision.models, dynamic graph", PADDLE_VISION

    def build(self) -> Any:
        from frameworks.paddlepaddle.framework import to_state
        from frameworks.paddlepaddle.zoo import build_vision_model

        zoo = build_vision_model(self.paddle, self.model.name)
        zoo.set_state_dict(to_state(self.model, self.weights))
        return zoo


class PaddleVisionInference(PaddleInference, PaddleVision):
    note = "paddle.vision.models through paddle.inference with oneDNN"


# --------------------------------------------------------------------------------------------------- keras

class KerasCompiled(Mode):
    """predict_on_batch / train_on_batch: Keras' compiled functions on whatever backend is loaded."""

    name, jit_compile, run_eagerly = "compiled", False, False
    note = "predict_on_batch / train_on_batch: tf.function on TensorFlow, jax.jit on JAX, no graph on torch"

    def __init__(self, model: Model, weights: dict[str, np.ndarray], device: str = "cpu", threads: int = 1) -> None:
        super().__init__(model, weights, device, threads)
        self.fw = get_framework("keras", device)
        self.keras = self.fw.require()
        self.framework = f"keras/{self.keras.backend.backend()}"
        self.native = self.build()
        losses = {"probabilities": self.keras.losses.SparseCategoricalCrossentropy(),
                  "logits": self.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  # log-probabilities are logits whose log-sum-exp is 0: the loss on logits is their NLL
                  "log_probabilities": self.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  "binary_logit": self.keras.losses.BinaryCrossentropy(from_logits=True)}
        kinds = [kind for kind, _, _ in heads(model, self.native.outputs)]
        weights_of_heads = [w for _, w, _ in heads(model, self.native.outputs)]
        with self.fw._scope():
            self.native.compile(optimizer=self.keras.optimizers.SGD(LEARNING_RATE, momentum=MOMENTUM),
                                loss=[losses[k] for k in kinds], loss_weights=weights_of_heads,
                                jit_compile=self.jit_compile, run_eagerly=self.run_eagerly)

    def device_peak_mb(self) -> float | None:
        """JAX's allocator peak since the process started (JAX cannot reset it); None on other backends."""
        if self.device != "gpu" or self.keras.backend.backend() != "jax":
            return None
        import jax

        stats = jax.devices()[0].memory_stats() or {}
        return stats["peak_bytes_in_use"] / 2**20 if "peak_bytes_in_use" in stats else None

    def infer(self, batch: int) -> Call:
        x = self.inputs(batch, channels_last=True)[0]

        def call() -> object:
            with self.fw._scope():
                return self.native.predict_on_batch(x)
        return call

    def train(self, batch: int) -> Call:
        x, labels = self.inputs(batch, channels_last=True)
        targets = [labels] * len(self.native.outputs)  # Keras reads integer labels against one binary logit too

        def step() -> object:
            with self.fw._scope():
                return self.native.train_on_batch(x, targets)
        return step


class KerasEager(KerasCompiled):
    """A plain call for inference, `run_eagerly=True` for training: no graph, op by op."""

    name, run_eagerly, note = "eager", True, "model(x) and train_on_batch with run_eagerly=True"

    def infer(self, batch: int) -> Call:
        x = self.keras.ops.convert_to_tensor(self.inputs(batch, channels_last=True)[0])

        def call() -> object:
            with self.fw._scope():
                return main_output(self.native(x, training=False))
        return call


class KerasXLA(KerasCompiled):
    name, jit_compile, note = "xla", True, "compile(jit_compile=True): XLA, its compile time in warm-up"


class KerasMixedBF16(KerasCompiled):
    """keras.mixed_precision's "mixed_bfloat16" policy on the GPU: bfloat16 compute, float32 variables."""

    name, devices, note = "mixed_bfloat16", ("gpu",), "dtype policy mixed_bfloat16, compiled"

    def build(self) -> Any:
        keras = self.keras
        previous = keras.config.dtype_policy()
        keras.config.set_dtype_policy("mixed_bfloat16")
        try:
            with self.fw._scope():
                native = getattr(self.fw.rendered_module(self.model), self.model.builder)(**self.model.arguments)
        finally:
            keras.config.set_dtype_policy(previous)
        self.fw.load_canonical(native, self.model, self.weights)
        return native


class KerasApplication(KerasCompiled):
    """keras.applications' own model of the architecture, same weights."""

    source, note, zoo_models = "zoo", "keras.applications, compiled", APPLICATIONS

    def build(self) -> Any:
        from frameworks.keras3.zoo import build_application, to_application

        app = build_application(self.model, self.fw)
        to_application(app, self.model, self.weights)
        return app


# the process groups and their modes; a group is one framework, or one Keras backend, per process
GROUPS: dict[str, list[type[Mode]]] = {
    "torch": [TorchEager, TorchChannelsLast, TorchCompile, TorchBF16, TorchBF16Compile, OnnxRuntime,
              TorchVision, TorchVisionBF16Compile],
    "paddle": [PaddleDynamic, PaddleToStatic, PaddleInference, PaddleVision, PaddleVisionInference],
    "keras-tensorflow": [KerasEager, KerasCompiled, KerasXLA, KerasMixedBF16, KerasApplication],
    "keras-jax": [KerasCompiled, KerasMixedBF16],  # a backend's point is its compiled path: jax.jit on JAX
    "keras-torch": [KerasCompiled, KerasMixedBF16],
}
FRAMEWORK_OF = {"torch": "torch", "paddle": "paddle", "keras-tensorflow": "keras", "keras-jax": "keras",
                "keras-torch": "keras"}


def gpu_unavailable(group: str) -> str | None:
    """Why `group` cannot run on a GPU here (its framework's own test), or None."""
    return get_framework(FRAMEWORK_OF[group], "gpu").gpu_unavailable()
