"""The parity matrix behind `make parity`: every spec x framework against the float64 oracle.

Per cell: output shape, parameter counts (spec / framework / published), eval-mode forward
error, train-mode forward error (batch norm on batch statistics), running statistics after one
step, gradients (float64 against the reference, and fp32), the canonical -> native -> canonical
round trip. Per spec: pairwise output errors between frameworks, ONNX Runtime included.

The gradient reference is the torch rendering in float64, itself checked against the oracle's
forward-mode derivative of the loss along a random direction (shared_specs/tangent.py).
"""

from __future__ import annotations

import copy
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from frameworks.base import Framework, get_framework
from frameworks.pytorch.onnx_export import onnx_forward, onnx_unavailable
from shared_specs import oracle, tangent
from shared_specs.compare import (
    FORWARD_TOLERANCE,
    FP32_GRADIENT_FACTOR,
    GRADIENT_TOLERANCE,
    ORACLE_GRADIENT_TOLERANCE,
    REFERENCE_SIXTH,
    TRAIN_FORWARD_F64_TOLERANCE,
    TRAIN_FORWARD_PER_BATCH_NORM,
    TRAIN_FORWARD_TOLERANCE,
    GradientSpread,
    gradient_spread,
    relative_error,
    train_forward_tolerance,
    within,
    within_fp32_floor,
    worst,
    worst_relative_error,
)
from shared_specs.errors import RosettaError
from shared_specs.ir import Model
from shared_specs.kinks import NearKinks, near_kinks
from shared_specs.registry import get_model, list_models
from shared_specs.summary import multiply_adds
from shared_specs.weights import init, prepare_folder, write_atomic

from .console import CONSOLE, Progress
from .probe_cache import ProbeCache, read_archive, write_archive

ONNX = "onnx"
REFERENCE = "torch"  # the framework whose float64 twin on the CPU gives the reference gradients
REASON_CHARS = 300  # a cell that raised: its reason is the error's first line, this long at most


class Phases(dict):
    """Seconds per named phase of a probe or a cell, for the profile in parity.json: where a run's minutes go."""

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self[phase] = self.get(phase, 0.0) + time.perf_counter() - start


@dataclass
class Probe:
    """One spec's fixed inputs and everything the frameworks are judged against."""

    model: Model
    weights: dict[str, np.ndarray]
    x: np.ndarray
    labels: np.ndarray
    eval_out: np.ndarray
    train_out: np.ndarray
    batch_stats: dict[str, oracle.BatchStats]
    grads: dict[str, np.ndarray] | None = None  # torch float64, None when torch is not there
    reference_train: np.ndarray | None = None  # that float64 twin's train-mode forward
    loss: float | None = None
    grads_vs_oracle: float | None = None  # relative error of sum(grads * d) against the oracle's d loss / d t
    grads_bound: float = ORACLE_GRADIENT_TOLERANCE  # its bound (compare.REFERENCE_SIXTH for a hard-sigmoid net)
    fp32_floor: GradientSpread | None = None  # torch's own fp32 gradients against its float64 ones
    kinks: NearKinks | None = None  # what fp32 rounding may flip, and the rows that reaches: not judged in fp32
    phases: Phases = field(default_factory=Phases)
    key: str | None = None  # its cache key, None where it is not cached


@dataclass
class Cell:
    model: str
    framework: str
    status: str  # pass | fail | skip
    shape_ok: bool | None = None
    params: list[int | None] = field(default_factory=list)  # spec, framework, published
    forward_error: float | None = None
    train_error: float | None = None
    running_stats_error: float | None = None
    grad_error: float | None = None  # float64 gradients against the reference
    grad_fp32: GradientSpread | None = None  # fp32 gradients against the reference, judged by the probe's floor
    train_f64_error: float | None = None  # the float64 twin's train-mode forward against the oracle
    train_tolerance: float | None = None  # the fp32 train-mode bound for this net
    round_trip_bitwise: bool | None = None
    float64_skipped: str = ""  # why the float64 twin columns are empty (Keras on JAX or torch)
    # (train, gradients) errors against the exact spec where the float64 twin is judged against the spec with its
    # normalisation epsilons in float32, as the framework holds them (Paddle); None where judged against the spec
    float64_exact: tuple[float, float] | None = None
    seconds: float = 0.0
    reason: str = ""
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase of `seconds`
    kept: bool = False  # read back from the cache: a passing cell whose every input is unchanged


HEAVY_MULTIPLY_ADDS = 5e9  # above this per image a variant is heavy (VGG, ResNet-101/152, Inception v3, ...)


def default_models() -> list[str]:
    """`make parity`'s variants: every one at or below HEAVY_MULTIPLY_ADDS per image, and each family's lightest
    whatever its size (VGG-11), so that every family is proven on every change; `make parity-full` runs them all."""
    families: dict[str, list[Model]] = {}
    for name in list_models():
        model = get_model(name)
        families.setdefault(model.family, []).append(model)
    chosen = set()
    for models in families.values():
        lightest = min(models, key=multiply_adds)
        chosen |= {m.name for m in models if m is lightest or multiply_adds(m) <= HEAVY_MULTIPLY_ADDS}
    return [name for name in list_models() if name in chosen]


def probe_batch(model: Model, batch: int | None) -> int:
    """The probe batch: as asked, else 2 (two images make batch statistics and the pairwise table meaningful),
    or 1 for the heavy nets, whose float64 oracle, tangent and float64 twins dominate the run, unless a
    batch norm there sees a 1x1 map (Inception v3's auxiliary head): one value per channel has no variance."""
    if batch is not None:
        return batch
    one_by_one = any(n.op == "batch_norm" and n.in_shapes[0][1:] == (1, 1) for n in model.primitives())
    heavy = multiply_adds(model) > HEAVY_MULTIPLY_ADDS  # mutation survivor: no net has exactly 5e9 multiply-adds
    return 1 if heavy and not one_by_one else 2


def probe_inputs(model: Model, batch: int, weights: dict[str, np.ndarray] | None = None
                 ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """The probe's weights (seeded unless given), images and labels: `parity --trace` sees the ones the matrix
    judged. Any seed makes as good a probe; fixed ones make runs repeatable."""
    weights = init(model, seed=0) if weights is None else weights  # pragma: no mutate: any seed is as good a probe
    rng = np.random.default_rng(1)  # pragma: no mutate: as above
    x = rng.standard_normal((batch, *model.input_shape)).astype(np.float32)
    labels = rng.integers(0, model.num_labels, batch)  # pragma: no mutate: labels drawn from 1 up probe as well
    return weights, x, labels


def make_probe(model: Model, batch: int, weights: dict[str, np.ndarray] | None = None,
               cache: ProbeCache | None = None) -> Probe:
    """The probe; with a cache, its results are read back where the spec file, weights, images, labels and the
    code computing them are all unchanged, and stored where they are computed."""
    phases = Phases()
    with phases.timed("inputs"):
        weights, x, labels = probe_inputs(model, batch, weights)
    key = None
    if cache is not None and model.path:
        with phases.timed("cache read"):
            key = cache.key(model, weights, x, labels)
            stored = cache.read(key)
        if stored is not None:
            return _probe_from_record(model, weights, x, labels, *stored, phases, key)
    with phases.timed("inputs"):
        exact = {k: v.astype(np.float64) for k, v in weights.items()}  # converted once for the three oracle runs
    stats: dict[str, oracle.BatchStats] = {}
    kinks: dict[tuple[str, str], np.ndarray] = {}
    with phases.timed("oracle forward"):
        eval_out = oracle.forward(model, x, exact)
        train_out = oracle.forward(model, x, exact, batch_stats=stats, kinks=kinks)
    probe = Probe(model, weights, x, labels, eval_out, train_out, stats, phases=phases, key=key)
    reference = get_framework(REFERENCE)  # float64 on the CPU, whatever device the cells run on
    if reference.unavailable() is None:
        with phases.timed("reference gradients"):
            twin, x64 = reference_twin(model, weights), x.astype(np.float64)
            probe.loss, probe.grads = reference.loss_and_grads(twin, model, x64, labels)
            probe.reference_train = reference.forward(twin, x64, training=True, dropout=False)
            del twin  # a VGG's float64 twin and its gradients are 2 GB: not held through the phases after
        with phases.timed("near-kinks"):
            probe.kinks = near_kinks(model, x, weights, kinks)
        with phases.timed("fp32 floor"):
            native = reference.build(model)
            reference.load_canonical(native, model, weights)
            probe.fp32_floor = gradient_spread(reference.loss_and_grads(native, model, x, labels)[1], probe.grads,
                                               probe.kinks.reached)
            del native
        with phases.timed("oracle tangent"):
            probe.grads_vs_oracle, probe.grads_bound = oracle_gradient_error(model, x, exact, labels, probe.grads)
    if key is not None:
        with phases.timed("cache write"):
            cache.write(key, *_probe_record(probe))
    return probe


def _probe_record(probe: Probe) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """What a cache keeps of a probe: its results, as named arrays and the JSON-able rest."""
    arrays = {"eval_out": probe.eval_out, "train_out": probe.train_out}
    for path, stats in probe.batch_stats.items():
        arrays[f"stats.mean/{path}"], arrays[f"stats.var/{path}"] = stats.mean, stats.var
    meta: dict[str, Any] = {"stats_count": {path: s.count for path, s in probe.batch_stats.items()},
                            "computed_in": dict(probe.phases)}
    if probe.grads is not None:
        arrays["reference_train"] = probe.reference_train
        arrays |= {f"grads/{name}": grad for name, grad in probe.grads.items()}
        arrays |= {f"near/{path}|{op}": mask for (path, op), mask in probe.kinks.near.items()}
        arrays |= {f"reached/{name}": mask for name, mask in probe.kinks.reached.items()}
        meta |= {"loss": probe.loss, "grads_vs_oracle": probe.grads_vs_oracle, "grads_bound": probe.grads_bound,
                 "fp32_floor": asdict(probe.fp32_floor)}
    return arrays, meta


def _probe_from_record(model: Model, weights: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray,
                       arrays: dict[str, np.ndarray], meta: dict[str, Any], phases: Phases, key: str) -> Probe:
    def group(prefix: str) -> dict[str, np.ndarray]:
        return {name[len(prefix):]: value for name, value in arrays.items() if name.startswith(prefix)}

    means, variances = group("stats.mean/"), group("stats.var/")
    stats = {path: oracle.BatchStats(means[path], variances[path], count) for path, count in meta["stats_count"].items()}
    probe = Probe(model, weights, x, labels, arrays["eval_out"], arrays["train_out"], stats, phases=phases, key=key)
    if "loss" in meta:
        probe.grads, probe.reference_train, probe.loss = group("grads/"), arrays["reference_train"], meta["loss"]
        near = {tuple(name.rsplit("|", 1)): mask for name, mask in group("near/").items()}
        probe.kinks = NearKinks(near, group("reached/"))
        probe.fp32_floor = GradientSpread(**meta["fp32_floor"])
        probe.grads_vs_oracle, probe.grads_bound = meta["grads_vs_oracle"], meta["grads_bound"]
    return probe


def reference_twin(model: Model, weights: dict[str, np.ndarray], epsilons: dict[str, float] | None = None) -> Any:
    """torch's float64 twin with these weights, whose gradients every framework's are judged against; with
    `epsilons`, the normalisations at these paths take those in place of the spec's."""
    reference = get_framework(REFERENCE)
    native = reference.build(model, dtype="float64")
    reference.load_canonical(native, model, weights)
    for path, eps in (epsilons or {}).items():
        native.get_submodule(path).eps = eps
    return native


def reference_gradients(model: Model, weights: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray,
                        epsilons: dict[str, float] | None = None) -> tuple[float, dict[str, np.ndarray]]:
    """The loss and the gradients of the reference twin."""
    twin = reference_twin(model, weights, epsilons)
    return get_framework(REFERENCE).loss_and_grads(twin, model, x.astype(np.float64), labels)


def float32_epsilons(model: Model, ops: tuple[str, ...]) -> dict[str, float]:
    """The epsilons a framework that keeps them in float32 holds, by path, where that is not the spec's."""
    held = {node.path: float(np.float32(node.attrs["eps"])) for node in model.primitives() if node.op in ops}
    return {path: eps for path, eps in held.items() if eps != model.node_at(path).attrs["eps"]}


def with_epsilons(model: Model, epsilons: dict[str, float]) -> Model:
    """A copy of `model` whose normalisations at these paths take these epsilons."""
    held = copy.deepcopy(model)
    for path, eps in epsilons.items():
        held.node_at(path).attrs["eps"] = eps
    return held


def oracle_gradient_error(model: Model, x: np.ndarray, weights: dict[str, np.ndarray], labels: np.ndarray,
                          grads: dict[str, np.ndarray]) -> tuple[float, float]:
    """The gradients projected on a random direction in every tensor against the oracle's derivative of the loss
    along it, and the bound that error is held to. Each tensor's part is scaled to its weights' size, so that no
    tensor's term drowns the others; a tensor of zeros (a checkpoint's biases) still gets a direction of its own.
    With a hard-sigmoid the bound takes on how far the derivative moves with the reference's fp32 sixth."""
    rng = np.random.default_rng(2)  # pragma: no mutate: any seed gives as good a direction
    direction = {}
    for key, grad in grads.items():
        size = np.abs(weights[key]).max() or 1.0  # mutation survivor: 1.0 -> 2.0: any size will do for zeros
        direction[key] = rng.standard_normal(grad.shape) * size  # pragma: no mutate: any direction checks it
    got = sum(float(np.vdot(grads[k], d)) for k, d in direction.items())
    exact = tangent.loss_derivative(model, x, weights, labels, direction)[1]
    bound = ORACLE_GRADIENT_TOLERANCE
    if "hardsigmoid" in model.ops_used():
        as_reference = tangent.loss_derivative(model, x, weights, labels, direction, REFERENCE_SIXTH)[1]
        bound += relative_error(np.float64(as_reference), exact)
    return relative_error(np.float64(got), exact), bound


def run_cell(probe: Probe, fw: Framework) -> tuple[Cell, np.ndarray | None]:
    """The cell, and the framework's eval output for the pairwise table (None when skipped)."""
    model = probe.model
    published = model.published.count if model.published else None
    unavailable = fw.unavailable()
    if unavailable:
        return Cell(model.name, fw.name, "skip", reason=unavailable), None
    start = time.perf_counter()
    phases = Phases()
    with phases.timed("build and load"):
        native = fw.build(model)
        fw.load_canonical(native, model, probe.weights)
    with phases.timed("forward"):
        got = fw.forward(native, probe.x)
    with phases.timed("round trip"):
        params, buffers = fw.count(native)
        back = fw.to_canonical(native, model)
        round_trip = set(back) == set(probe.weights) and all(np.array_equal(back[k], v)
                                                             for k, v in probe.weights.items())
    with phases.timed("forward"):  # train mode moves the running statistics: after the round trip
        train_error = relative_error(fw.forward(native, probe.x, training=True, dropout=False), probe.train_out)
    running_error = running_stats_error(fw, model, probe, fw.to_canonical(native, model))
    cell = Cell(model.name, fw.name, "pass", got.shape == probe.eval_out.shape, [model.num_params, params, published],
                relative_error(got, probe.eval_out), train_error, running_error, round_trip_bitwise=round_trip,
                phases=phases)
    if probe.grads is not None:  # train mode reads batch statistics only: the moved running ones do not matter
        with phases.timed("fp32 gradients"):
            grads = fw.loss_and_grads(native, model, probe.x, probe.labels)[1]
        cell.grad_fp32 = gradient_spread(grads, probe.grads, probe.kinks.reached)
    cell.float64_skipped = fw.float64_unavailable() or ""
    if probe.grads is not None and not cell.float64_skipped:
        if fw.name == REFERENCE and fw.device == "cpu":  # the reference itself: its float64 twin ran in the probe
            grads64, train64 = probe.grads, probe.reference_train
        else:
            with phases.timed("float64 twin"):
                native = fw.build(model, dtype="float64")
                fw.load_canonical(native, model, probe.weights)
                grads64 = fw.loss_and_grads(native, model, probe.x, probe.labels)[1]
                train64 = fw.forward(native, probe.x.astype(np.float64), training=True, dropout=False)
        cell.grad_error = worst_relative_error(grads64, probe.grads)[0]
        cell.train_f64_error = relative_error(train64, probe.train_out)
        held = float32_epsilons(model, fw.float32_epsilons)
        if held and not (within(cell.train_f64_error, TRAIN_FORWARD_F64_TOLERANCE)
                         and within(cell.grad_error, GRADIENT_TOLERANCE)):
            # judged against the spec as the framework holds it, the exact figures kept beside
            cell.float64_exact = (cell.train_f64_error, cell.grad_error)
            as_held = with_epsilons(model, held)
            exact = {k: v.astype(np.float64) for k, v in probe.weights.items()}
            with phases.timed("float64 rejudged"):
                cell.train_f64_error = relative_error(train64, oracle.forward(as_held, probe.x, exact, batch_stats={}))
                cell.grad_error = worst_relative_error(grads64, reference_gradients(
                    model, probe.weights, probe.x, probe.labels, held)[1])[0]
    cell.seconds = time.perf_counter() - start
    tolerance = cell.train_tolerance = train_forward_tolerance(batch_norms(model))
    # a user's own spec may cite no published figure; then the framework must agree with the spec alone
    checks = [("shape", cell.shape_ok), ("params", params == model.num_params and published in (None, params)
                                          and buffers == model.num_buffers),
              (f"forward {cell.forward_error:.1e}", within(cell.forward_error, FORWARD_TOLERANCE)),
              (f"train forward {train_error:.1e}", within(train_error, tolerance)),
              (f"running stats {running_error:.1e}", within(running_error, tolerance)),
              ("round trip", round_trip)]
    if cell.train_f64_error is not None:
        checks.append((f"float64 train forward {cell.train_f64_error:.1e}",
                       within(cell.train_f64_error, TRAIN_FORWARD_F64_TOLERANCE)))
    if cell.grad_error is not None:
        checks.append((f"gradients {cell.grad_error:.1e}", within(cell.grad_error, GRADIENT_TOLERANCE)))
    if cell.grad_fp32 is not None:
        checks.append((f"fp32 gradients {cell.grad_fp32.median_l2_relative:.1e} against a floor of "
                       f"{probe.fp32_floor.median_l2_relative:.1e} over {cell.grad_fp32.judged_tensors} tensors",
                       within_fp32_floor(cell.grad_fp32, probe.fp32_floor)))
    failed = [what for what, ok in checks if not ok]
    if failed:
        cell.status, cell.reason = "fail", ", ".join(failed)
    return cell, got


def batch_norms(model: Model) -> int:
    return sum(node.op == "batch_norm" for node in model.primitives())


def running_stats_error(fw: Framework, model: Model, probe: Probe, after: dict[str, np.ndarray]) -> float:
    """Running statistics after one train-mode forward against the oracle's batch statistics folded in
    with this framework's convention (momentum mapped; Bessel-corrected variance or not); 0 without BN."""
    errors = [0.0]
    for node in model.primitives():
        if node.path in probe.batch_stats:
            stats = probe.batch_stats[node.path]
            mean, var = stats.updated_running(
                node.attrs, probe.weights[f"{node.path}.running_mean"].astype(np.float64),
                probe.weights[f"{node.path}.running_var"].astype(np.float64), fw.bessel_running_var)
            # a batch mean is as exact as the values it averages, which is all the scale there is where the mean
            # is zero by construction (a bias-free convolution of a batch norm's output at its initial weights)
            values = node.attrs["momentum"] * float(np.sqrt(stats.var + stats.mean ** 2).max(initial=0.0))
            errors += [relative_error(after[f"{node.path}.running_mean"], mean, values),
                       relative_error(after[f"{node.path}.running_var"], var)]
    return worst(errors)


def run_onnx_cell(probe: Probe, device: str) -> tuple[Cell, np.ndarray | None]:
    model = probe.model
    unavailable = onnx_unavailable(device) or get_framework("torch", device).unavailable()
    if unavailable:
        return Cell(model.name, ONNX, "skip", reason=unavailable), None
    start = time.perf_counter()
    torch_fw = get_framework("torch", device)
    native = torch_fw.build(model)
    torch_fw.load_canonical(native, model, probe.weights)
    got = onnx_forward(native, probe.x, device)
    error = relative_error(got, probe.eval_out)
    ok = got.shape == probe.eval_out.shape and within(error, FORWARD_TOLERANCE)
    return Cell(model.name, ONNX, "pass" if ok else "fail", got.shape == probe.eval_out.shape, forward_error=error,
                seconds=time.perf_counter() - start, reason="" if ok else f"forward {error:.1e}"), got


def symmetric_error(a: np.ndarray, b: np.ndarray) -> float:
    """max|a - b| / max(max|a|, max|b|): the same number whichever side is named first."""
    if a.shape != b.shape:
        return float("inf")
    return float(np.abs(a - b).max() / max(np.abs(a).max(), np.abs(b).max(), 1e-30))


def _mark(ok: bool | None) -> str:
    return "✓" if ok else "✗"


def _num(value: float | None, limit: float | None = None) -> str:
    if value is None:
        return "-"
    return f"{value:.1e}" + ("" if limit is None else " " + _mark(within(value, limit)))


LEGEND = (
    "forward err, train err: max|y - oracle| / max|oracle| in fp32 (train: batch statistics; bound 5e-5 + 4e-6 per "
    "batch norm); train err f64: the float64 twin (<= 1e-8); running stats: after that step, against the oracle's "
    "update in the framework's own variance convention; grad err f64: the float64 twin's worst tensor against the "
    "reference (<= 1e-7; torch's twin on the CPU is the reference, 0 by construction); grad fp32 median / floor: "
    "the median tensor's L2-relative error of fp32 gradients, beside "
    f"the reference framework's own fp32-vs-float64 figure on the same weights and batch (<= {FP32_GRADIENT_FACTOR:g} "
    "x), both over the rows no near-kink reaches (a ReLU input or max-pool near-tie within fp32 rounding may take "
    "the other branch and move every row upstream of it: a random event; the worst tensor over all rows is in "
    "reports/parity.json), with how many tensors that leaves; round trip: canonical -> native -> canonical, "
    "bitwise; time: kept where the cell passed before on the same probe with its framework's code, libraries and "
    "device unchanged (read back from the cache; --no-cache runs every cell).\n")
HELD_EPSILONS = ("† {cell.model} on {cell.framework}: its float64 twin keeps the normalisation epsilons in float32, "
                 "so both float64 columns judge it against the spec with those epsilons (against the spec's own: "
                 "train {train:.1e}, gradients {grads:.1e}).\n")
SKIPPED_FLOAT64 = "n/a: no float64 twin there: {reason}; that framework's fp32 columns are judged as everywhere.\n"


def _fp32(cell: Cell, floor: GradientSpread | None) -> str:
    if cell.grad_fp32 is None or floor is None:
        return "-"
    return (f"{cell.grad_fp32.median_l2_relative:.1e} / {floor.median_l2_relative:.1e} "
            f"{_mark(within_fp32_floor(cell.grad_fp32, floor))} ({cell.grad_fp32.judged_tensors})")


def markdown(cells: list[Cell], floors: dict[str, GradientSpread | None]) -> str:
    header = ("| model | framework | shape | params (spec / framework / published) | forward err | train err "
              "| train err f64 | running stats | grad err f64 | grad fp32 median / floor | round trip | time |")
    lines = [header, "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for c in cells:
        if c.status == "skip":
            lines.append(f"| {c.model} | {c.framework} | skipped: {c.reason} |" + " |" * 9)
            continue
        params = (" / ".join(f"{p:,}" if p is not None else "-" for p in c.params) + " "
                  + _mark(len({p for p in c.params if p is not None}) == 1)) if c.params else "-"
        round_trip = "-" if c.round_trip_bitwise is None else _mark(c.round_trip_bitwise)
        f64_train, f64_grads = ("n/a", "n/a") if c.float64_skipped else (
            _num(c.train_f64_error, TRAIN_FORWARD_F64_TOLERANCE), _num(c.grad_error, GRADIENT_TOLERANCE))
        if c.float64_exact:
            f64_train, f64_grads = f"{f64_train} †", f"{f64_grads} †"
        lines.append(f"| {c.model} | {c.framework} | {_mark(c.shape_ok)} | {params} | "
                     f"{_num(c.forward_error, FORWARD_TOLERANCE)} | {_num(c.train_error, c.train_tolerance)} | "
                     f"{f64_train} | {_num(c.running_stats_error, c.train_tolerance)} | "
                     f"{f64_grads} | {_fp32(c, floors.get(c.model))} | "
                     f"{round_trip} | {'kept' if c.kept else f'{c.seconds:.1f}s'} |")
    notes = sorted({SKIPPED_FLOAT64.format(reason=c.float64_skipped) for c in cells if c.float64_skipped})
    notes += [HELD_EPSILONS.format(cell=c, train=c.float64_exact[0], grads=c.float64_exact[1])
              for c in cells if c.float64_exact]
    return "\n".join(lines) + "\n\n" + LEGEND + "".join(notes)


@dataclass(frozen=True)
class Reference:
    """What the report keeps of a spec's probe once its cells are done (a probe of a VGG holds gigabytes)."""

    batch: int
    grads_vs_oracle: float | None
    fp32_floor: GradientSpread | None
    near_kinks: int | None  # ReLU inputs and max-pool near-ties within fp32 rounding, in the probe's train forward
    grads_bound: float = ORACLE_GRADIENT_TOLERANCE  # the bound on grads_vs_oracle for this probe
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase of making the probe


def pairwise_markdown(pairs: list[dict[str, Any]], probes: dict[str, Reference], columns: list[str]) -> str:
    present = {(p["a"], p["b"]) for p in pairs}
    names = [ab for ab in combinations(columns, 2) if ab in present]
    header = ["model", *(f"{a} vs {b}" for a, b in names), "torch f64 grads vs oracle", "near-kinks"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for model, probe in probes.items():
        row = {(p["a"], p["b"]): p["error"] for p in pairs if p["model"] == model}
        cells = [model, *(_num(row.get(ab)) for ab in names), _num(probe.grads_vs_oracle, probe.grads_bound),
                 "-" if probe.near_kinks is None else f"{probe.near_kinks:,}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def run_column(probe: Probe, column: str, device: str, cache: ProbeCache | None = None
               ) -> tuple[Cell, np.ndarray | None]:
    """One cell; a framework that raises fails its cell alone, with the first line of its error. With a cache, a
    cell that passed before on this probe, with the same framework code, library versions and device, is read
    back; only passing cells are kept (a failure, or a skip for want of a library, is run again)."""
    key = cache.cell_key(probe.key, column, device) if cache and probe.key else None
    stored = key and cache.read(key)
    if stored:
        arrays, meta = stored
        return _cell_from_dict({**meta, "kept": True}), arrays.get("output")
    try:
        cell, out = (run_onnx_cell(probe, device) if column == ONNX
                     else run_cell(probe, get_framework(column, device)))
    except Exception as exc:  # one broken cell fails, the matrix goes on
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return Cell(probe.model.name, column, "fail", reason=f"{type(exc).__name__}: {first}"[:REASON_CHARS]), None
    if key and cell.status == "pass":
        cache.write(key, {} if out is None else {"output": out}, asdict(cell))
    return cell, out


# The columns a second process runs beside the one making the probes and running the rest (torch and ONNX): on
# 2 cores the two groups take about as long (Paddle's and Keras' float64 twins against the oracle and reference).
SIDE_COLUMNS = ("paddle", "keras")
POLL_SECONDS = 0.2


def side_cells(models: list[str], columns: list[str], batch: int | None, device: str, cache_folder: str,
               results: str) -> None:
    """The cells of `columns` for each spec, in order, each probe read back from the cache as soon as the main
    process has written it; each spec's cells and outputs go to `results` as it is done."""
    cache, parent = ProbeCache(Path(cache_folder)), os.getppid()
    for index, spec in enumerate(models):
        model = get_model(spec)
        weights, x, labels = probe_inputs(model, probe_batch(model, batch))
        key = cache.key(model, weights, x, labels)
        while (stored := cache.read(key)) is None:
            if os.getppid() != parent:  # the main process is gone: nothing will come
                return
            time.sleep(POLL_SECONDS)
        probe = _probe_from_record(model, weights, x, labels, *stored, Phases(), key)
        done = [run_column(probe, column, device, cache) for column in columns]
        outputs = {cell.framework: out for cell, out in done if out is not None}
        write_archive(Path(results) / f"{index}.npz", outputs, [asdict(cell) for cell, _ in done])
        del probe, done
        gc.collect()


def _side_process(models: list[str], columns: list[str], batch: int | None, device: str, cache: ProbeCache,
                  results: Path) -> subprocess.Popen:
    arguments = json.dumps([models, columns, batch, device, str(cache.folder), str(results)])
    return subprocess.Popen([sys.executable, "-c", "import json, sys; from rosetta.parity import side_cells; "
                             "side_cells(*json.loads(sys.argv[1]))", arguments])


def _side_results(results: Path, index: int, model: str, columns: list[str], process: subprocess.Popen | None
                  ) -> list[tuple[Cell, np.ndarray | None]]:
    """The side process's cells of one spec, waiting for them; failed cells where it ended without them."""
    path = results / f"{index}.npz"
    while not path.exists() and process.poll() is None:
        time.sleep(POLL_SECONDS)
    if not path.exists():
        reason = f"the process running {', '.join(columns)} ended with exit status {process.poll()}"
        return [(Cell(model, column, "fail", reason=reason), None) for column in columns]
    outputs, entries = read_archive(path)
    return [(_cell_from_dict(entry), outputs.get(entry["framework"])) for entry in entries]


def _cell_from_dict(entry: dict[str, Any]) -> Cell:
    cell = Cell(**entry)
    cell.grad_fp32 = cell.grad_fp32 and GradientSpread(**cell.grad_fp32)
    cell.float64_exact = cell.float64_exact and tuple(cell.float64_exact)
    return cell


def run(models: list[str], frameworks: list[str], batch: int | None = None, device: str = "cpu",
        weights: dict[str, np.ndarray] | None = None, report_dir: Path = Path("reports"),
        cache: ProbeCache | None = None) -> int:
    """The matrix; `weights` (canonical, already validated) replace the seeded random ones; `cache` keeps the
    probes' results between runs. With a cache, seeded weights and more than one core, Paddle's and Keras'
    cells run in a second process, which reads each probe from the cache; the table is the same either way."""
    began = time.perf_counter()
    prepare_folder(report_dir)  # an unwritable folder is found before the work, not after it
    cells: list[Cell] = []
    pairs: list[dict[str, Any]] = []
    probes: dict[str, Reference] = {}
    columns = [*frameworks, ONNX]
    side = [c for c in columns if c in SIDE_COLUMNS] if (cache and weights is None and (os.cpu_count() or 1) > 1
                                                           and all(get_model(spec).path for spec in models)) else []
    progress = Progress(len(models) * (len(columns) - len(side) + 1) + bool(side))
    done: list[tuple[str, dict[str, tuple[Cell, np.ndarray | None]]]] = []  # per spec: its name, its cells by column
    with tempfile.TemporaryDirectory(prefix="rosetta-parity-") as results:
        process = side and _side_process(models, side, batch, device, cache, Path(results))
        try:
            for spec in models:
                model = get_model(spec)
                name = model.name
                progress.step(f"{name}: oracle and reference gradients")
                probe = make_probe(model, probe_batch(model, batch), weights, cache)
                probes[name] = Reference(len(probe.x), probe.grads_vs_oracle, probe.fp32_floor,
                                         probe.kinks and probe.kinks.count, probe.grads_bound, dict(probe.phases))
                done.append((name, {}))
                for column in columns:
                    if column not in side:
                        progress.step(f"{name} on {column}")
                        done[-1][1][column] = run_column(probe, column, device, cache)
                del probe
                gc.collect()  # a VGG's probe and float64 twins hold gigabytes; free them before the next spec
            if side:
                progress.step(f"the {', '.join(side)} cells")
            for index, (name, by_column) in enumerate(done):
                if side:
                    by_column |= {cell.framework: (cell, out) for cell, out in
                                  _side_results(Path(results), index, name, side, process)}
                cells += [by_column[column][0] for column in columns]
                outputs = {column: by_column[column][1] for column in columns if by_column[column][1] is not None}
                pairs += [{"model": name, "a": a, "b": b, "error": symmetric_error(outputs[a], outputs[b])}
                          for a, b in combinations(columns, 2) if a in outputs and b in outputs]
        finally:
            if process and process.poll() is None:
                process.kill()
                process.wait()
    progress.done()
    table = markdown(cells, {n: p.fp32_floor for n, p in probes.items()})
    pairwise = pairwise_markdown(pairs, probes, columns)
    CONSOLE.print(table)
    CONSOLE.print(pairwise)
    gradient_failures = [n for n, p in probes.items() if p.grads_vs_oracle is not None
                         and not within(p.grads_vs_oracle, p.grads_bound)]
    suffix = "" if device == "cpu" else f"-{device}"
    batches = ", ".join(map(str, sorted({p.batch for p in probes.values()})))  # "1, 2" where heavy nets take one
    summary = {"device": device, "batch": {n: p.batch for n, p in probes.items()}, "relative_error": "max|y - reference| / max|reference|",
               "tolerances": {"forward": FORWARD_TOLERANCE, "train_forward": TRAIN_FORWARD_TOLERANCE,
                              "train_forward_per_batch_norm": TRAIN_FORWARD_PER_BATCH_NORM,
                              "train_forward_float64": TRAIN_FORWARD_F64_TOLERANCE,
                              "gradients_float64": GRADIENT_TOLERANCE, "gradients_fp32_factor_over_floor": FP32_GRADIENT_FACTOR,
                              "reference_gradients_vs_oracle": ORACLE_GRADIENT_TOLERANCE},
               "reference_gradients_bound": {n: p.grads_bound for n, p in probes.items()},
               "cells": [asdict(c) for c in cells],
               "pairwise": pairs,
               "reference_gradients_vs_oracle": {n: p.grads_vs_oracle for n, p in probes.items()},
               "fp32_gradient_floor": {n: p.fp32_floor and asdict(p.fp32_floor) for n, p in probes.items()},
               "near_kinks": {n: p.near_kinks for n, p in probes.items()},
               "probe_seconds": {n: p.phases for n, p in probes.items()},  # cells' own are in "cells"
               "seconds": time.perf_counter() - began}
    report = json.dumps(summary, indent=2) + "\n"  # pragma: no mutate: the JSON's indentation
    write_atomic(report_dir / f"parity{suffix}.json", report)
    write_atomic(report_dir / f"parity{suffix}.md",
                 f"# Parity ({device}, batch {batches}; fp32 against the float64 oracle)\n\n{table}\n"
                 f"## Pairwise output errors (max|a - b| / max(|a|, |b|))\n\n{pairwise}")
    errors = {c: [x.forward_error for x in cells if x.framework == c and x.forward_error is not None] for c in columns}
    CONSOLE.print("worst forward error vs oracle: " + ", ".join(f"{c} {worst(e):.1e}" for c, e in errors.items() if e))
    CONSOLE.print(f"wrote {report_dir / f'parity{suffix}.json'} and {report_dir / f'parity{suffix}.md'}")
    failed = [f"{c.model}/{c.framework} ({c.reason})" for c in cells if c.status == "fail"]
    failed += [f"{n}/reference gradients vs oracle ({probes[n].grads_vs_oracle:.1e})" for n in gradient_failures]
    if failed:
        CONSOLE.print("FAILED: " + "; ".join(failed), error=True)
        diverging = sorted({c.model for c in cells if c.forward_error is not None
                            and not within(c.forward_error, FORWARD_TOLERANCE)})
        for name in diverging:
            CONSOLE.print(f"  rosetta parity {name} --trace  # names the first diverging layer", error=True)
        return 1
    CONSOLE.print(f"{sum(c.status == 'pass' for c in cells)} cells pass, none fail, "
          f"{sum(c.status == 'skip' for c in cells)} skipped")
    return 0


def trace(name: str, frameworks: list[str], batch: int | None = None, device: str = "cpu",
          weights: dict[str, np.ndarray] | None = None) -> int:
    """Print, per framework, the first layer whose activation leaves the oracle's by more than the tolerance."""
    model = get_model(name)
    weights, x, _ = probe_inputs(model, probe_batch(model, batch), weights)
    want: dict[str, np.ndarray] = {}
    oracle.forward(model, x, weights, trace=want)
    diverged = False
    for framework in frameworks:
        fw = get_framework(framework, device)
        if fw.unavailable():
            CONSOLE.print(f"{framework}: skipped ({fw.unavailable()})")
            continue
        native = fw.build(model)
        fw.load_canonical(native, model, weights)
        found = first_divergence(fw.trace(native, model, x), want)
        diverged |= found.diverged
        CONSOLE.print(f"{framework}: {found}")
    return 1 if diverged else 0


@dataclass
class Divergence:
    """Where a framework's activations first leave the oracle's, over the layers both materialise."""

    compared: int
    layer: str | None  # the first diverging layer, None when none diverges
    error: float
    last_good: str | None
    worst_layer: str | None = None

    @property
    def diverged(self) -> bool:
        return self.layer is not None

    def __str__(self) -> str:
        if self.layer is None:
            return (f"no divergence over {self.compared} layers (worst {self.worst_layer} at {self.error:.1e}, "
                    f"tolerance {FORWARD_TOLERANCE:.0e})")
        after = f" (last matching layer: {self.last_good})" if self.last_good else " (the first layer compared)"
        return f"first diverging layer {self.layer}: relative error {self.error:.1e}{after}"


def first_divergence(got: dict[str, np.ndarray], want: dict[str, np.ndarray]) -> Divergence:
    """Walk the oracle's activations in forward order; the first layer over the tolerance is the culprit,
    since every later activation inherits its error."""
    compared, last_good, worst, worst_layer = 0, None, 0.0, None
    for path, expected in want.items():
        if path not in got:
            continue
        compared += 1
        error = relative_error(got[path], expected)
        if not within(error, FORWARD_TOLERANCE):
            return Divergence(compared, path, error, last_good)
        last_good = path
        if error >= worst:
            worst, worst_layer = error, path
    if compared == 0:
        raise RosettaError("no activations in common with the oracle to compare")
    return Divergence(compared, None, worst, last_good, worst_layer)
