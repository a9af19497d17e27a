"""Shared fixtures; the spec registry drives every parametrized test (timm's test_models style)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
if workers := os.environ.get("PYTEST_XDIST_WORKER_COUNT"):
    # each pytest-xdist worker takes its share of the cores: a thread pool per framework as wide as the machine in
    # every worker would put several threads on each core, and a pool whose threads wait on each other slows
    THREADS = str(max(1, len(os.sched_getaffinity(0)) // int(workers)))
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
        os.environ.setdefault(variable, THREADS)

from frameworks.base import FRAMEWORK_NAMES, get_framework, installed  # noqa: E402
from rosetta.parity import HEAVY_MULTIPLY_ADDS, default_models  # noqa: E402
from shared_specs.loader import load_file  # noqa: E402
from shared_specs.registry import get_model, list_models  # noqa: E402
from shared_specs.summary import multiply_adds  # noqa: E402

MODELS = list_models()
TEST_SPECS = Path(__file__).parent / "specs"
WORKER_MEMORY = 8 << 30  # bytes a pytest-xdist worker may reach
# the variants `make parity` leaves to `make parity-full`: their build, transplant and import tests run in
# `make test-full`, as their parity cells in `make parity-full`
HEAVY = set(MODELS) - set(default_models())
# those and each family's lightest above HEAVY_MULTIPLY_ADDS (VGG-11, 100 s of train-mode tests on 2 cores): their
# train-mode and gradient tests run in `make test-full`; `make parity` checks those columns for VGG-11
HEAVY_TO_TRAIN = HEAVY | {name for name in MODELS if multiply_adds(get_model(name)) > HEAVY_MULTIPLY_ADDS}


def model_params(names: list[str] | None = None, heavy: set[str] = HEAVY) -> list:
    """One param per model; those in `heavy` marked `heavy`."""
    return [pytest.param(name, marks=pytest.mark.heavy) if name in heavy else name for name in names or MODELS]


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


def model_name(item) -> str:
    """The spec a test is parametrized over, or ''."""
    params = getattr(item, "callspec", None)
    return params.params.get("name", "") if params else ""


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list) -> None:
    """Run each module's tests model by model (stable otherwise), so the fixtures that keep a model's probe and
    built networks hold one model's at a time: a VGG's float64 probe and three builds take gigabytes. Under
    pytest-xdist (`--dist loadgroup`) a module's tests of one model are one group, so they meet that cache on one
    worker, and a module's other tests are one group, so a module-scoped fixture is made once."""
    modules = {item.module.__name__: i for i, item in reversed(list(enumerate(items)))}
    items.sort(key=lambda item: (modules[item.module.__name__], model_name(item)))
    for item in items:
        name = model_name(item)
        item.add_marker(pytest.mark.xdist_group(f"{item.module.__name__}::{name}" if name else item.module.__name__))


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: the suite runs without it too
def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: a worker per core, as many as memory holds at WORKER_MEMORY each (three frameworks imported and
    one VGG's builds, weights and oracle held)."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return max(1, min(len(os.sched_getaffinity(0)), memory // WORKER_MEMORY))


class OneModel(dict):
    """A cache that keeps entries of one model at a time (keys are (..., model name) or a model name)."""

    def __setitem__(self, key, value) -> None:
        name = key[-1] if isinstance(key, tuple) else key
        for old in [k for k in self if (k[-1] if isinstance(k, tuple) else k) != name]:
            del self[old]
        super().__setitem__(key, value)
