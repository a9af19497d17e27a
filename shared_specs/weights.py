"""The canonical weight format: safetensors keyed `<layer path>.<param>` by spec names.

Layouts (see ops.py): conv weight OIHW, linear weight [out, in], batch norm weight, bias,
running_mean, running_var of shape [C]. Float32 on disk. Files are written atomically.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np

from .errors import WeightsError
from .ir import Model


def validate(model: Model, weights: dict[str, np.ndarray], source: str = "weights") -> None:
    """Exactly the spec's tensors with exactly its shapes; one line naming every mismatch."""
    expected = model.tensor_shapes()
    missing = [k for k in expected if k not in weights]
    unexpected = [k for k in weights if k not in expected]
    misshaped = [f"{k} expected {list(s)} got {list(np.shape(weights[k]))}"
                 for k, s in expected.items() if k in weights and tuple(np.shape(weights[k])) != s]
    problems = []
    if missing:
        problems.append(f"missing {_few(missing)}")
    if unexpected:
        problems.append(f"unexpected {_few(unexpected)}")
    if misshaped:
        problems.append(f"misshaped {_few(misshaped)}")
    if problems:
        raise WeightsError(f"{source} do not fit {model.name}: " + "; ".join(problems))
    bad = [k for k, v in weights.items() if not np.all(np.isfinite(v))]
    if bad:
        raise WeightsError(f"{source} hold non-finite values in {_few(bad)}")


def _few(items: list[str], limit: int = 6) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def init(model: Model, seed: int = 0) -> dict[str, np.ndarray]:
    """Deterministic float32 weights with fan-in scaling (LeCun normal), so activations stay O(1)
    through deep nets; batch norm statistics are deliberately non-trivial so that convention
    errors (epsilon, variance vs std, stat names) show up in parity."""
    rng = np.random.default_rng(seed)
    weights: dict[str, np.ndarray] = {}
    for node in model.primitives():
        shapes = {**node.params(), **node.buffers()}
        for name, shape in shapes.items():
            key = f"{node.path}.{name}"
            if node.op == "batch_norm":
                value = {"weight": rng.uniform(0.5, 1.5, shape), "bias": rng.normal(0, 0.1, shape),
                         "running_mean": rng.normal(0, 0.1, shape), "running_var": rng.uniform(0.5, 1.5, shape)}[name]
            elif name == "weight":
                fan_in = math.prod(shape[1:])
                value = rng.normal(0.0, 1.0 / math.sqrt(fan_in), shape)
            else:
                fan_in = math.prod(shapes["weight"][1:])
                value = rng.uniform(-1, 1, shape) / math.sqrt(fan_in)
            weights[key] = value.astype(np.float32)
    return weights


def save(path: str | Path, weights: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> None:
    """Write safetensors atomically: a temp file in the same folder, then rename."""
    from safetensors.numpy import save_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        save_file({k: np.ascontiguousarray(v) for k, v in weights.items()}, tmp, metadata=metadata)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: str | Path) -> dict[str, np.ndarray]:
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    try:
        return load_file(str(path))
    except FileNotFoundError:
        raise WeightsError(f"{path}: no such file") from None
    except (SafetensorError, OSError, ValueError) as exc:
        raise WeightsError(f"{path}: not a readable safetensors file ({exc})") from None


def write_atomic(path: str | Path, text: str) -> None:
    """Write a text file atomically (reports, rendered sources)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
