"""The canonical weight format: safetensors keyed `<layer path>.<param>` by spec names.

Layouts (see ops.py): conv weight OIHW, linear weight [out, in], batch norm weight, bias,
running_mean, running_var of shape [C]. Float32 on disk. Files are written atomically.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import WeightsError
from .ir import Model

NORMALISATIONS = ("batch_norm", "group_norm", "instance_norm", "layer_norm")  # affine: scale near 1, shift near 0


def validate(model: Model, weights: dict[str, np.ndarray], source: str = "weights") -> None:
    """Exactly the spec's tensors with exactly its shapes; one line naming every mismatch."""
    check_tensors(model.tensor_shapes(), weights, f"{source} do not fit {model.name}")


def check_tensors(expected: dict[str, tuple[int, ...]], weights: dict[str, np.ndarray], what: str) -> None:
    """`weights` holds exactly `expected`'s names and shapes, all finite; else one WeightsError line
    starting with `what` and naming every missing, unexpected and misshaped tensor."""
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
        raise WeightsError(f"{what}: " + "; ".join(problems))
    bad = [k for k, v in weights.items() if not np.all(np.isfinite(v))]
    if bad:
        raise WeightsError(f"{what}: non-finite values in {_few(bad)}")


def _few(items: list[str], limit: int = 6) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def init(model: Model, seed: int = 0) -> dict[str, np.ndarray]:
    """Deterministic float32 weights (drawn in float32: fast for 100M-parameter nets) with fan-in scaling
    (LeCun normal), so activations stay O(1) through deep nets; batch norm statistics are deliberately non-trivial so that convention
    errors (epsilon, variance vs std, stat names) show up in parity."""
    rng = np.random.default_rng(seed)
    f32 = np.float32

    def uniform(low: float, high: float, shape: tuple[int, ...]) -> np.ndarray:
        return (rng.random(shape, dtype=f32) * f32(high - low) + f32(low)).astype(f32)

    def normal(std: float, shape: tuple[int, ...]) -> np.ndarray:
        return rng.standard_normal(shape, dtype=f32) * f32(std)

    weights: dict[str, np.ndarray] = {}
    for node in model.primitives():
        shapes = {**node.params(), **node.buffers()}
        for name, shape in shapes.items():
            if node.op in NORMALISATIONS:  # scale and variance near 1, shift and mean near 0
                near_one = name in ("weight", "running_var")
                value = uniform(0.5, 1.5, shape) if near_one else normal(0.1, shape)
            elif name == "weight":
                value = normal(1.0 / math.sqrt(math.prod(shape[1:])), shape)
            else:
                value = uniform(-1, 1, shape) / f32(math.sqrt(math.prod(shapes["weight"][1:])))
            weights[f"{node.path}.{name}"] = value
    return weights


@contextmanager
def atomic_output(path: str | Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temp path in `path`'s folder to write to; renamed onto `path` only if the block succeeds,
    so a failure never leaves a half-written file. `suffix` keeps writers that check it happy."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would make outputs private
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def save(path: str | Path, weights: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> None:
    """Write canonical safetensors atomically."""
    from safetensors.numpy import save_file

    with atomic_output(path) as tmp:
        save_file({k: np.ascontiguousarray(v) for k, v in weights.items()}, str(tmp), metadata=metadata)


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
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
