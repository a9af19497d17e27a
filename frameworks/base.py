"""The one interface every framework package implements, and lazy access to them.

A framework is imported only when a command needs it, so a user with one framework
installed can use it (and `rosetta list`/`show`/`render` need none).
"""

from __future__ import annotations

import importlib
import importlib.util
from abc import ABC, abstractmethod
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from shared_specs.errors import RosettaError
from shared_specs.ir import Model

FRAMEWORKS_DIR = Path(__file__).resolve().parent


class Framework(ABC):
    """Render a spec to source, build it from that source, move weights, run it."""

    name: str  # the CLI's name: torch | paddle | keras
    package: str  # subpackage of frameworks/ (never a framework's own import name)
    import_name: str
    install_hint: str

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

    def rendered_module(self, family: str) -> ModuleType:
        """The checked-in rendered file: the code every test and benchmark runs."""
        self.require()
        if not self.model_file(family).exists():
            raise RosettaError(f"{self.model_file(family)} is missing: run `make render`")
        return importlib.import_module(f"frameworks.{self.package}.models.{family}")

    @abstractmethod
    def build(self, model: Model) -> Any:
        """The rendered class (or Keras builder) called with the variant's arguments, in eval mode."""

    @abstractmethod
    def count(self, native: Any) -> tuple[int, int]:
        """(trainable parameters, buffer elements such as BN running statistics)."""

    @abstractmethod
    def forward(self, native: Any, x: np.ndarray, training: bool = False) -> np.ndarray:
        """Run canonical NCHW float32 input, return canonical layout (NCHW or (N, F))."""

    @abstractmethod
    def load_canonical(self, native: Any, model: Model, weights: dict[str, np.ndarray]) -> None:
        """Set every tensor from canonical weights (exact, complete, no broadcasting)."""

    @abstractmethod
    def to_canonical(self, native: Any, model: Model) -> dict[str, np.ndarray]:
        """Every tensor in canonical names and layouts."""


_REGISTRY = {
    "torch": ("frameworks.pytorch", "TorchFramework"),
    "paddle": ("frameworks.paddlepaddle", "PaddleFramework"),
    "keras": ("frameworks.keras3", "KerasFramework"),
}
FRAMEWORK_NAMES = tuple(_REGISTRY)


def get_framework(name: str) -> Framework:
    if name not in _REGISTRY:
        raise RosettaError(f"unknown framework '{name}'; expected one of: {', '.join(_REGISTRY)}")
    module, cls = _REGISTRY[name]
    return getattr(importlib.import_module(module), cls)()


def installed(name: str) -> bool:
    return importlib.util.find_spec(get_framework(name).import_name) is not None
