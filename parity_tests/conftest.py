"""Shared fixtures; the spec registry drives every parametrized test (timm's test_models style)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from frameworks.base import FRAMEWORK_NAMES, get_framework, installed  # noqa: E402
from shared_specs.loader import load_file  # noqa: E402
from rosetta.parity import HEAVY_MULTIPLY_ADDS  # noqa: E402
from shared_specs.registry import get_model, list_models  # noqa: E402
from shared_specs.summary import multiply_adds  # noqa: E402

MODELS = list_models()
TEST_SPECS = Path(__file__).parent / "specs"
# above this many multiply-adds per image (VGG, ResNet-101/152, Inception v3) the train-mode and gradient
# tests run in `make test-full` only; `make parity` checks those columns for every model
HEAVY = {name for name in MODELS if multiply_adds(get_model(name)) > HEAVY_MULTIPLY_ADDS}


def model_params(names: list[str] | None = None) -> list:
    """One param per model; the heavy ones marked `heavy`."""
    return [pytest.param(name, marks=pytest.mark.heavy) if name in HEAVY else name for name in names or MODELS]

needs_all_frameworks = pytest.mark.skipif(not all(installed(name) for name in FRAMEWORK_NAMES),
                                          reason="needs torch, paddle and keras together")


def needs(framework: str) -> pytest.MarkDecorator:
    """Skip, with the reason, where `framework` is not installed."""
    return pytest.mark.skipif(not installed(framework), reason=f"{framework} is not installed")


def framework_params() -> list:
    """One param per framework; a framework that is not installed is skipped with the reason."""
    return [pytest.param(name, marks=needs(name)) for name in FRAMEWORK_NAMES]


def rendered_test_module(framework: str, spec_file: Path, tmp_dir: Path):
    """Render a test-only spec family (not in the registry) and import the result from `tmp_dir`."""
    models = load_file(spec_file)
    target = tmp_dir / f"{framework}_{models[0].family}.py"
    target.write_text(get_framework(framework).render(models))
    spec = importlib.util.spec_from_file_location(target.stem, target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return models, module


def pytest_collection_modifyitems(items: list) -> None:
    """Run each module's tests model by model (stable otherwise), so the fixtures that keep a model's probe and
    built networks hold one model's at a time: a VGG's float64 probe and three builds take gigabytes."""
    modules = {item.module.__name__: i for i, item in reversed(list(enumerate(items)))}

    def key(item) -> tuple[int, str]:
        params = getattr(item, "callspec", None)
        return modules[item.module.__name__], params.params.get("name", "") if params else ""

    items.sort(key=key)


class OneModel(dict):
    """A cache that keeps entries of one model at a time (keys are (..., model name) or a model name)."""

    def __setitem__(self, key, value) -> None:
        name = key[-1] if isinstance(key, tuple) else key
        for old in [k for k in self if (k[-1] if isinstance(k, tuple) else k) != name]:
            del self[old]
        super().__setitem__(key, value)
