"""`rosetta port`: move a trained checkpoint of a rendered model from one stack to another.

Nothing is unpickled beyond arrays: torch checkpoints load with weights_only=True, Paddle's
`.pdparams` through an arrays-only unpickler, Keras weights from HDF5, canonical weights from
safetensors. The output is written to a temp file, read back through the target's own reader,
run on a probe batch against the source, and only then renamed into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from frameworks.base import get_framework
from frameworks.keras3.zoo import build_application, from_application
from frameworks.paddlepaddle.zoo import read_vision_checkpoint, vision_output, vision_weights
from shared_specs import oracle
from shared_specs import weights as weight_io
from shared_specs.compare import FORWARD_TOLERANCE, relative_error, within
from shared_specs.errors import RosettaError, WeightsError
from shared_specs.ir import Model
from shared_specs.registry import get_model
from shared_specs.weights import atomic_output, check_destination

CANONICAL = "canonical"
KERAS_APPLICATIONS = "keras_applications"  # a source only: a keras.applications model's .weights.h5
PADDLE_VISION = "paddle_vision"  # a source only: a paddle.vision model's .pdparams, under its own names
ZOOS = (KERAS_APPLICATIONS, PADDLE_VISION)
FORMATS = (CANONICAL, "torch", "paddle", "keras")
CANONICAL_SUFFIX = ".safetensors"


def read(model: Model, source: str, path: Path) -> dict[str, np.ndarray]:
    """Canonical weights from `path`; a .safetensors file is canonical whatever the source framework."""
    if source == CANONICAL or path.name.endswith(CANONICAL_SUFFIX):
        weights = weight_io.load(path)
        weight_io.validate(model, weights, str(path))
        return weights
    return get_framework(source).read_checkpoint(path, model)


def write(model: Model, target: str, weights: dict[str, np.ndarray], path: Path) -> None:
    if target == CANONICAL:
        weight_io.save(path, weights)
        return
    fw = get_framework(target)
    native = fw.build(model)
    fw.load_canonical(native, model, weights)
    fw.write_checkpoint(native, path)


def application(model: Model, path: Path) -> Any:
    """The keras.applications model of `model`'s layout with the weights of `path`."""
    fw = get_framework("keras")
    app = build_application(model, fw)
    try:
        app.load_weights(path)
    except (ValueError, OSError, KeyError) as exc:
        raise WeightsError(f"{path} does not fit keras.applications.{app.name}: {' '.join(str(exc).split())[:200]}") \
            from None
    return app


def run_on(model: Model, fmt: str, weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """What `weights` compute in `fmt`'s stack; canonical weights are run by the float64 oracle."""
    if fmt == CANONICAL:
        return oracle.forward(model, x, weights)
    fw = get_framework(fmt)
    native = fw.build(model)
    fw.load_canonical(native, model, weights)
    return fw.forward(native, x)


def _non_finite(out: np.ndarray) -> str:
    counts = {"nan": int(np.isnan(out).sum()), "inf": int(np.isinf(out).sum())}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) + f" of {out.size} values"


def _largest(weights: dict[str, np.ndarray]) -> str:
    name = max(weights, key=lambda k: float(np.abs(weights[k]).max()))  # every tensor has values (the spec's shapes)
    return f"{name} with |value| {float(np.abs(weights[name]).max()):.1e}"


def format_of(path: Path) -> str:
    """The format an output path's name asks for."""
    for fmt in FORMATS:
        if path.name.endswith(suffix_of(fmt)) or (fmt == "torch" and path.suffix == ".pth"):
            return fmt
    raise RosettaError(f"{path}: say the format by the name's ending: " + ", ".join(
        f"{suffix_of(fmt)} ({fmt})" for fmt in FORMATS))


def suffix_of(fmt: str) -> str:
    return CANONICAL_SUFFIX if fmt == CANONICAL else get_framework(fmt).checkpoint_suffix


def port(spec: str, source: str, source_path: Path, target: str, output: Path, batch: int = 2) -> int:
    model = get_model(spec)
    if target in ("keras", CANONICAL) and not output.name.endswith(suffix_of(target)):
        raise RosettaError(f"-o {output}: {target} weights files end in {suffix_of(target)}")
    if output.resolve() == source_path.resolve():
        raise RosettaError(f"-o {output}: refusing to overwrite the checkpoint being read")
    weight_io.source_file(source_path)
    check_destination(output)
    probe = np.random.default_rng(0)  # pragma: no mutate: any seed makes a probe
    x = probe.standard_normal((batch, *model.input_shape)).astype(np.float32)
    if source == KERAS_APPLICATIONS:  # the zoo model itself computes the reference output
        app = application(model, source_path)
        weights, want = from_application(app, model), get_framework("keras").forward(app, x)
    elif source == PADDLE_VISION:
        paddle = get_framework("paddle").require()
        state = read_vision_checkpoint(source_path)
        weights, want = vision_weights(model, state, str(source_path)), vision_output(paddle, model, state, x)
    else:
        weights = read(model, source, source_path)
        want = run_on(model, source, weights, x)
    print(f"read {model.name} from {source_path} ({source}): {len(weights)} tensors")
    with atomic_output(output, suffix=suffix_of(target)) as tmp:
        write(model, target, weights, tmp)
        written = read(model, target, tmp)
        lost = [k for k in weights if not np.array_equal(written[k], weights[k])]
        if lost:
            raise RosettaError(f"{target} did not keep {len(lost)} tensors exactly, e.g. {lost[0]}; nothing written")
        got = run_on(model, target, written, x)
        for fmt, out in ((source, want), (target, got)):
            if not np.all(np.isfinite(out)):
                raise RosettaError(f"probe batch: {fmt}'s output is not finite ({_non_finite(out)}); the largest "
                                   f"weight is {_largest(weights)}; nothing written")
        error = relative_error(got, want)
        if not within(error, FORWARD_TOLERANCE):
            raise RosettaError(f"probe batch differs between {source} and {target}: relative error {error:.1e} "
                               f"> {FORWARD_TOLERANCE:.0e}; nothing written")
    print(f"wrote {output} ({target})")
    print(f"probe batch of {batch}: max abs error {np.abs(got - want).max():.1e}, relative {error:.1e} "
          f"({source} vs {target}, tolerance {FORWARD_TOLERANCE:.0e}); tensors bitwise equal after the round trip")
    return 0
