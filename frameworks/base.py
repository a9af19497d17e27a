"""The one interface every framework package implements, and lazy access to them.

A framework is imported only when a command needs it, so a user with one framework
installed can use it (and `rosetta list`/`show`/`render` need none).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from shared_specs.datasets import Dataset
from shared_specs.errors import RosettaError
from shared_specs.ir import Model, Node
from shared_specs.normal_form import Layer
from shared_specs.oracle import ACTIVATIONS
from shared_specs.registry import family_models, is_registered
from shared_specs.training import History, Recipe

FRAMEWORKS_DIR = Path(__file__).resolve().parent


DEVICES = ("cpu", "gpu")


class Framework(ABC):
    """Render a spec to source, build it from that source, move weights, run it, differentiate it,
    read and write its native checkpoints. One instance works on one device."""

    name: str  # the CLI's name: torch | paddle | keras
    package: str  # subpackage of frameworks/ (never a framework's own import name)
    import_name: str
    install_hint: str
    checkpoint_suffix: str  # the native checkpoint format `rosetta port` reads and writes
    bessel_running_var: bool  # BN's running variance takes the unbiased batch variance n/(n-1)*var
    # ops whose epsilon the framework keeps in float32 even in a float64 model (Paddle's batch, layer and instance
    # norms): its float64 twin computes the spec with those epsilons rounded
    float32_epsilons: tuple[str, ...] = ()

    def __init__(self, device: str = "cpu") -> None:
        if device not in DEVICES:
            raise RosettaError(f"unknown device '{device}'; expected one of: {', '.join(DEVICES)}")
        self.device = device

    # ---------------------------------------------------------------- rendering (no framework needed)
    @abstractmethod
    def render(self, models: list[Model]) -> str:
        """Python source of one spec family for this framework."""

    def model_file(self, family: str) -> Path:
        return FRAMEWORKS_DIR / self.package / "models" / f"{family}.py"

    # ---------------------------------------------------------------- needs the framework
    def require(self) -> ModuleType:
        if importlib.util.find_spec(self.import_name) is None:
            raise RosettaError(f"{self.import_name} is not installed: {self.install_hint}")
        return importlib.import_module(self.import_name)

    def rendered_module(self, model: Model) -> ModuleType:
        """The code every test and benchmark runs: the checked-in rendered file of a registered spec, or,
        for a user's own spec file, its family rendered now and imported from a temporary module."""
        self.require()
        if not is_registered(model):
            return self._user_module(model.path, Path(model.path).stat().st_mtime)
        if not self.model_file(model.family).exists():
            raise RosettaError(f"{self.model_file(model.family)} is missing: run `make render`")
        return importlib.import_module(f"frameworks.{self.package}.models.{model.family}")

    @functools.lru_cache(maxsize=None)
    def _user_module(self, path: str, mtime: float) -> ModuleType:
        source = self.render(list(family_models(path)))
        folder = Path(tempfile.mkdtemp(prefix="rosetta-"))
        target = folder / f"{self.package}_{Path(path).stem}.py"
        target.write_text(source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(target.stem, target)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def unavailable(self) -> str | None:
        """Why this framework cannot run on `self.device` here, or None when it can."""
        if importlib.util.find_spec(self.import_name) is None:
            return f"{self.import_name} is not installed"
        return self.gpu_unavailable() if self.device == "gpu" else None

    @abstractmethod
    def gpu_unavailable(self) -> str | None:
        """Why no GPU can be used by this framework here, or None."""

    def float64_unavailable(self) -> str | None:
        """Why this framework cannot build a true float64 twin here (checks that need one skip), or None."""
        return None

    @abstractmethod
    def build(self, model: Model, module: ModuleType | None = None, dtype: str = "float32") -> Any:
        """The rendered class (or Keras builder) of `module` (default: the checked-in rendered file)
        called with the variant's arguments, on `self.device`, in eval mode. `dtype` "float64" gives
        the high-precision twin that gradient parity compares (inputs and weights follow the model)."""

    @abstractmethod
    def count(self, native: Any) -> tuple[int, int]:
        """(trainable parameters, buffer elements such as BN running statistics)."""

    @abstractmethod
    def forward(self, native: Any, x: np.ndarray, training: bool = False, dropout: bool = True) -> np.ndarray:
        """Run canonical NCHW float32 input, return canonical layout (NCHW or (N, F)). `training`
        switches batch norm to batch statistics (updating the running ones) and dropout on, unless
        `dropout` is False. The model is back in eval mode afterwards."""

    @abstractmethod
    def trace(self, native: Any, model: Model, x: np.ndarray) -> dict[str, np.ndarray]:
        """Eval-mode output of every spec node the framework materialises, by node path, in canonical
        layout and with the node's fused activation applied (as the oracle's trace records it)."""

    @abstractmethod
    def loss_and_grads(self, native: Any, model: Model, x: np.ndarray,
                       labels: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """One train-mode step without dropout and without an update: mean cross-entropy of the
        output against `labels` (log of the output when the net ends in softmax) and the gradient of
        every trainable tensor, in canonical names and layouts. Running statistics move as in training."""

    @abstractmethod
    def fit(self, native: Any, model: Model, recipe: Recipe, data: Dataset,
            on_step: Callable[[float], None]) -> History:
        """Train `native` in place with `recipe` on `data`'s training split, written as a user of this framework
        writes it (its data loader, optimizer and loss), the samples in the shared order; `on_step` gets each
        step's loss. The model is in eval mode afterwards."""

    def applied(self, recipe: Recipe) -> Recipe:
        """The recipe as this framework's optimizer holds it, where that rounds a hyper-parameter (float64 training
        runs are compared with a reference trained on exactly these values)."""
        return recipe

    def accuracy(self, native: Any, images: np.ndarray, labels: np.ndarray, batch: int = 256) -> float:
        """Eval-mode top-1 accuracy."""
        predicted = np.concatenate([self.forward(native, images[i:i + batch]).argmax(axis=1)
                                    for i in range(0, len(images), batch)])
        return float((predicted == labels).mean())

    # ---------------------------------------------------------------- rosetta import: a user's own model
    @abstractmethod
    def model_class(self) -> type:
        """The class every model of this framework is an instance of (torch.nn.Module, paddle.nn.Layer,
        keras.Model): what `rosetta import --from` this framework takes."""

    @abstractmethod
    def capture(self, native: Any, input_shape: tuple[int, ...]) -> list[Layer]:
        """The user's model in the normal form at `input_shape`, or a CaptureError naming every construct a
        spec cannot express."""

    def input_shape(self, native: Any) -> tuple[int, ...] | None:
        """The C, H, W input the user's model records itself (a Keras model does), or None."""
        return None

    def at_input(self, native: Any, input_shape: tuple[int, ...]) -> Any:
        """The user's model as it is captured and proven at `input_shape`: itself, where the framework records
        every layer call (Keras records none for a subclassed model until one is called on a symbolic input), or
        a CaptureError naming the line where that call stopped."""
        return native

    @abstractmethod
    def source_weights(self, native: Any, model: Model, paths: dict[str, str]) -> dict[str, np.ndarray]:
        """The canonical weights of `model` (the spec written from a capture) taken from the user's own model:
        `paths` gives, for each spec path, the layer of the user's model it came from."""

    @abstractmethod
    def load_source_checkpoint(self, native: Any, path: Path) -> None:
        """Load a trained checkpoint into the user's own model, strictly, without unpickling arbitrary objects."""

    def load_saved_model(self, path: Path) -> Any:
        """A whole model saved by this framework (Keras' .keras), loaded without running arbitrary code."""
        raise RosettaError(f"{path}: rosetta import reads whole saved models from Keras (.keras) only")

    @abstractmethod
    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        """Set every tensor from canonical weights (exact, complete, no broadcasting)."""

    @abstractmethod
    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        """Every tensor in canonical names and layouts."""

    @abstractmethod
    def read_checkpoint(self, path: Path, model: Model) -> dict[str, np.ndarray]:
        """Canonical weights from a native checkpoint of `model`, without unpickling arbitrary objects;
        a WeightsError naming the file and the misfitting tensors when it does not fit."""

    @abstractmethod
    def write_checkpoint(self, native: Any, path: Path) -> None:
        """Save the native model's weights in the framework's own checkpoint format, atomically."""


def trace_with_hooks(fw: Framework, native: Any, model: Model, x: np.ndarray, modules: Iterable[tuple[str, Any]],
                     attach: Callable[[Any, Callable], Any], to_numpy: Callable[[Any], np.ndarray]) -> dict[str, np.ndarray]:
    """Framework.trace for stacks whose modules take forward hooks called as hook(module, inputs, output)
    (PyTorch, Paddle): `modules` are (path, module) pairs, `attach` registers a hook and returns a handle
    with .remove()."""
    nodes = {node.path: node for node in model.walk()}
    captured: dict[str, np.ndarray] = {}

    def hook(path: str) -> Callable:
        return lambda module, inputs, output: captured.__setitem__(path, to_numpy(output))

    handles = [attach(module, hook(path)) for path, module in modules if path in nodes]
    try:
        fw.forward(native, x)
    finally:
        for handle in handles:
            handle.remove()
    return {path: fused_activation(nodes[path], value) for path, value in captured.items()}


def heads(model: Model, outputs: Any) -> list[tuple[str, float, Any]]:
    """(output kind, loss weight, value) of each classifier a train-mode call returned: the output, then the
    auxiliary classifiers (logits) in the spec's order, which is the order rendered models return them in."""
    values = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
    return [(model.output_kind, 1.0, values[0]), *(("logits", w, v) for w, v in zip(model.aux.values(), values[1:]))]


def main_output(outputs: Any) -> Any:
    """The output of a call that may also have returned auxiliary classifiers (train mode, or Keras)."""
    return outputs[0] if isinstance(outputs, (tuple, list)) else outputs


def fused_activation(node: Node, value: np.ndarray) -> np.ndarray:
    """A module's output with the activation its spec node fuses (e.g. conv2d + tanh), for frameworks
    whose rendering applies that activation outside the module, so traces compare like with like."""
    activation = node.attrs.get("activation")
    return ACTIVATIONS[activation](value) if activation else value


_REGISTRY = {
    "torch": ("frameworks.pytorch", "TorchFramework"),
    "paddle": ("frameworks.paddlepaddle", "PaddleFramework"),
    "keras": ("frameworks.keras3", "KerasFramework"),
}
FRAMEWORK_NAMES = tuple(_REGISTRY)


def path_spellings(path: Path) -> tuple[str, ...]:
    """A file or folder as a traceback may name it: as imported (through a symlinked virtual environment, say) and
    resolved. Library code is told from the user's by these prefixes."""
    return tuple(dict.fromkeys((str(path), str(path.resolve()))))


def get_framework(name: str, device: str = "cpu") -> Framework:
    if name not in _REGISTRY:
        raise RosettaError(f"unknown framework '{name}'; expected one of: {', '.join(_REGISTRY)}")
    module, cls = _REGISTRY[name]
    return getattr(importlib.import_module(module), cls)(device)


def installed(name: str) -> bool:
    return importlib.util.find_spec(get_framework(name).import_name) is not None
