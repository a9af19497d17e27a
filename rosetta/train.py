"""`rosetta train`: the seed recipes run in each framework's own idiom, and `--compare`: the three frameworks
from the same canonical weights, on the same batches in the same order, with the same optimizer, their loss
curves side by side against a float64 twin of the same run.

Two verdicts, one about the mapping and one about precision:
- Each framework that can build a float64 twin trains it too; every float64 loss curve must match the reference
  (the first framework's float64 run) within FLOAT64_TOLERANCE at every step. Rounding is then ~1e-16, so this is
  the test of the mapping, the same on every machine: an optimizer hyper-parameter, a loss or a batch order mapped
  wrong shows at once.
- An fp32 run is as precise as fp32 should be when it parts from the reference no faster than a float64 run whose
  start weights were each moved SENSITIVITY_ULPS units in fp32's last place (the last 8 of its 24 bits): at each
  step, within that run's largest divergence so far or LOSS_ULPS units of the fp32 loss's own rounding, whichever
  is larger, for as long as that run is within TARGET. Past that point every run is chaos (Adam turns a near-zero
  gradient's rounding into a full step of either sign), and where a curve crosses 1e-4 or 1 % then depends on
  the CPU's fp32 kernels: reported with the CPU named, not judged. The bound comes from a float64 run, so it is
  the same on every machine; a kernel that keeps fewer bits (bfloat16's 8, TF32's 11) leaves it within the first
  steps.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from frameworks.base import Framework, get_framework
from shared_specs import weights as canonical
from shared_specs.datasets import Dataset
from shared_specs.errors import RosettaError
from shared_specs.ir import Model
from shared_specs.machine import machine
from shared_specs.training import History, Recipe, steps_per_epoch
from shared_specs.weights import atomic_output, prepare_folder, write_atomic

from .console import CONSOLE, Progress

TARGET = 1e-4  # relative loss agreement: the fp32 bound holds until the moved-start run passes it
JUDGED_STEPS = 100  # at most
SENSITIVITY_ULPS = 256
LOSS_ULPS = 16  # an fp32 loss is never closer than its own rounding: the first steps measure within 1 unit
FLOAT64_TOLERANCE = 1e-10  # float64 runs of LeNet-5 agree within 2e-15 over 100 Adam steps
FLOAT64 = "float64"


def check_trainable(model: Model) -> None:
    """Refuse what the training loops do not cover, before any work."""
    if model.aux:
        raise RosettaError(f"{model.name}: training with auxiliary classifiers ({', '.join(model.aux)}) is not "
                           f"supported; train the variant without them")
    if model.output_kind == "binary_logit":
        raise RosettaError(f"{model.name}: a one-output (binary) classifier; rosetta train needs one output per class")


def check_labels(model: Model, data: Dataset) -> None:
    if data.classes > model.num_labels:
        raise RosettaError(f"{model.name} has {model.num_labels} outputs, the {data.name} data has labels up to "
                           f"{data.classes - 1}")


def run_one(fw: Framework, model: Model, recipe: Recipe, data: Dataset, start: dict[str, np.ndarray],
            progress: Progress, label: str, dtype: str = "float32") -> tuple[History, Any]:
    """Train a fresh build of `model` in `fw` from the canonical `start` weights; the record and the native model."""
    native = fw.build(model, dtype=dtype)
    fw.load_canonical(native, model, start)
    steps = steps_per_epoch(len(data.train_labels), recipe.batch)
    counter = iter(range(recipe.epochs * steps))

    def on_step(loss: float) -> None:
        step = next(counter)
        progress.step(f"{label}: epoch {step // steps + 1}/{recipe.epochs}, step {step % steps + 1}/{steps}, "
                      f"loss {loss:.4f}")

    began = time.perf_counter()
    history = fw.fit(native, model, recipe, data, on_step)
    history.seconds = time.perf_counter() - began
    history.framework = label
    history.test_accuracy = fw.accuracy(native, data.test_images, data.test_labels)
    return history, native


def train(model: Model, framework: str, recipe: Recipe, data: Dataset, start: dict[str, np.ndarray],
          out: Path) -> int:
    """One framework: train, print the epochs and the test accuracy, write the native checkpoint, the canonical
    safetensors (what `rosetta port` takes on) and the record."""
    check_labels(model, data)
    fw = get_framework(framework)
    prepare_folder(out)
    stem = out / f"{model.name}-{framework}"
    steps = recipe.epochs * steps_per_epoch(len(data.train_labels), recipe.batch)
    progress = Progress(steps, every=25)  # pragma: no mutate: how often a log gets a line
    history, native = run_one(fw, model, recipe, data, start, progress, framework)
    progress.done()
    for epoch, (loss, accuracy) in enumerate(zip(history.epoch_losses, history.epoch_accuracies), 1):
        CONSOLE.print(f"epoch {epoch}/{recipe.epochs}: loss {loss:.4f}, train accuracy {accuracy:.2%}")
    CONSOLE.print(f"test accuracy {history.test_accuracy:.2%} ({len(data.test_labels)} {data.name} images), "
                  f"{history.seconds:.1f} s")
    checkpoint = stem.with_name(stem.name + fw.checkpoint_suffix)
    fw.write_checkpoint(native, checkpoint)
    canonical.save(stem.with_suffix(".safetensors"), fw.to_canonical(native, model),
                   {"spec": model.name, "trained_with": framework})
    record = {"spec": model.name, "framework": framework, "recipe": asdict(recipe), "data": _data_record(data),
              "history": history.as_dict()}
    write_atomic(stem.with_suffix(".json"), json.dumps(record, indent=2) + "\n")  # pragma: no mutate: indent
    CONSOLE.print(f"wrote {checkpoint}, {stem.with_suffix('.safetensors')} and {stem.with_suffix('.json')}")
    return 0


@dataclass(frozen=True)
class Agreement:
    """One framework's loss curves against the reference float64 run."""

    framework: str
    worst_fp32: float  # largest relative divergence of its fp32 run over the judged steps
    own_floor: float  # ... of its fp32 run from its own float64 run (the reference framework's, without a twin)
    worst_float64: float | None  # largest divergence of its float64 run, over every step (None: no twin)
    first_above_target: int | None  # 1-based step where the fp32 run first exceeds TARGET
    first_above_percent: int | None  # ... and 1 %
    first_out_of_bound: int | None  # ... where, within the judged steps, it first parts faster than the bound
    test_accuracy: float

    @property
    def float64_ok(self) -> bool:
        return self.worst_float64 is None or self.worst_float64 <= FLOAT64_TOLERANCE  # NaN fails

    @property
    def ok(self) -> bool:
        return self.float64_ok and self.first_out_of_bound is None


def divergence(losses: list[float], reference: list[float]) -> np.ndarray:
    got, want = np.asarray(losses, np.float64), np.asarray(reference, np.float64)
    return np.abs(got - want) / np.abs(want)


def _first(curve: np.ndarray, level: float | np.ndarray) -> int | None:
    above = np.flatnonzero(~(curve <= level))  # NaN counts as above
    return int(above[0]) + 1 if above.size else None


def moved_start(start: dict[str, np.ndarray], ulps: int, seed: int) -> dict[str, np.ndarray]:
    """Every weight moved `ulps` units in fp32's last place, up or down at random: what that much lost precision
    in the weights alone does to a run."""
    rng = np.random.default_rng([seed, ulps])
    moved = {}
    for name, value in start.items():
        signs = rng.choice(np.array([-1, 1], np.float32), value.shape)
        step = signs * (ulps * np.spacing(value))
        moved[name] = (value + step).astype(np.float32)  # mutation survivor: random signs negated are as random
    return moved


def fp32_bound(sensitivity: History, reference: History, steps: int) -> tuple[np.ndarray, int]:
    """At each step, the moved-start run's largest divergence from the reference so far, or LOSS_ULPS units in
    the last place of the reference loss held in fp32, whichever is larger; and how many steps are judged: those
    before that divergence first passes TARGET (at least one, at most JUDGED_STEPS)."""
    envelope = np.maximum.accumulate(np.nan_to_num(divergence(sensitivity.step_losses, reference.step_losses),
                                                   nan=np.inf))
    losses = np.abs(np.asarray(reference.step_losses, np.float32))
    own_rounding = LOSS_ULPS * np.spacing(losses).astype(np.float64) / losses
    chaos = _first(envelope, TARGET)
    judged = min(JUDGED_STEPS, steps, chaos - 1 if chaos else steps)
    return np.maximum(envelope, own_rounding), max(judged, 1)


def agreement(name: str, fp32: History, twin: History | None, reference: History, floor: np.ndarray,
              bound: np.ndarray, judged: int, twin_reference: History) -> Agreement:
    """`floor`: its fp32 run against its own float64 run (the reference framework's, without a twin), reported;
    `bound`: the moved-start envelope; `twin_reference`: the reference framework's float64 run on the
    hyper-parameters as this framework holds them."""
    curve = divergence(fp32.step_losses, reference.step_losses)
    return Agreement(name, float(np.max(curve[:judged])), float(np.max(floor[:judged])),
                     None if twin is None else float(np.max(divergence(twin.step_losses, twin_reference.step_losses))),
                     _first(curve, TARGET), _first(curve, 1e-2), _first(curve[:judged], bound[:judged]),
                     fp32.test_accuracy)


def compare(model: Model, frameworks: list[str], recipe: Recipe, data: Dataset, start: dict[str, np.ndarray],
            reports: Path) -> int:
    """Every framework, fp32 and (where it can) float64, from `start` on the same batches. Writes
    train-<spec>.json, .md and .png; exit 1 when a float64 run leaves the reference or an fp32 run its bound."""
    check_labels(model, data)
    recipe = Recipe(**{**asdict(recipe), "dropout": False})  # dropout masks come from each framework's own generator
    fws = [get_framework(name) for name in frameworks]
    twins = [fw for fw in fws if fw.float64_unavailable() is None]
    if not twins:
        raise RosettaError(f"none of {', '.join(frameworks)} can build a float64 twin to compare against")
    prepare_folder(reports)
    steps = recipe.epochs * steps_per_epoch(len(data.train_labels), recipe.batch)
    base = twins[0]
    roundings = {fw.name: fw.applied(recipe) for fw in twins[1:] if fw.applied(recipe) != recipe}
    bar = (len(fws) + len(twins) + 1 + len(set(roundings.values()))) * steps  # pragma: no mutate: the bar's length
    progress = Progress(bar, every=50)  # pragma: no mutate: how often a log gets a line
    fp32 = {fw.name: run_one(fw, model, recipe, data, start, progress, fw.name)[0] for fw in fws}
    float64 = {fw.name: run_one(fw, model, fw.applied(recipe), data, start, progress, f"{fw.name} {FLOAT64}",
                                FLOAT64)[0] for fw in twins}
    reference = float64[base.name]
    rounded = {plan: run_one(base, model, plan, data, start, progress,
                             f"{base.name} {FLOAT64} at {_changes(recipe, plan)}", FLOAT64)[0]
               for plan in set(roundings.values())}
    sensitivity = run_one(base, model, recipe, data, moved_start(start, SENSITIVITY_ULPS, recipe.seed), progress,
                          f"{base.name} {FLOAT64}, start moved {SENSITIVITY_ULPS} ulps", FLOAT64)[0]
    progress.done()
    bound, judged = fp32_bound(sensitivity, reference, steps)
    floors = {name: divergence(fp32[name].step_losses, h.step_losses) for name, h in float64.items()}
    agreements = [agreement(name, h, float64.get(name), reference, floors.get(name, floors[base.name]), bound,
                            judged, rounded[roundings[name]] if name in roundings else reference)
                  for name, h in fp32.items()]
    runs = [*fp32.values(), *float64.values(), *rounded.values(), sensitivity]
    summary = {"spec": model.name, "recipe": asdict(recipe), "data": _data_record(data), "steps": steps,
               "judged_steps": judged, "target": TARGET, "sensitivity_ulps": SENSITIVITY_ULPS, "loss_ulps": LOSS_ULPS,
               "float64_tolerance": FLOAT64_TOLERANCE, "reference": reference.framework,
               "sensitivity": sensitivity.framework, "machine": machine(),
               "agreement": [{**asdict(a), "ok": a.ok} for a in agreements], "histories": [h.as_dict() for h in runs]}
    stem = reports / f"train-{model.name}"
    text = markdown(summary, agreements, runs)
    write_atomic(stem.with_suffix(".json"), json.dumps(summary, indent=2) + "\n")  # pragma: no mutate: indent
    write_atomic(stem.with_suffix(".md"), text)
    plot(stem.with_suffix(".png"), model, recipe, list(fp32.values()), [*float64.values(), *rounded.values(),
         sensitivity], reference, bound, judged)
    CONSOLE.print(text)
    CONSOLE.print(f"wrote {stem.with_suffix('.json')}, {stem.with_suffix('.md')} and {stem.with_suffix('.png')}")
    failed = [f"{a.framework}'s float64 run is {a.worst_float64:.1e} from {reference.framework} (tolerance "
              f"{FLOAT64_TOLERANCE:.0e})" for a in agreements if not a.float64_ok]
    failed += [f"{a.framework}'s fp32 loss parts from {reference.framework} faster than a start moved "
               f"{SENSITIVITY_ULPS} ulps, at step {a.first_out_of_bound}"
               for a in agreements if a.first_out_of_bound is not None]
    if failed:
        CONSOLE.print("FAILED: " + "; ".join(failed), error=True)
        return 1
    return 0


def _changes(recipe: Recipe, applied: Recipe) -> str:
    """'momentum 0.8999999761581421': the hyper-parameters a framework rounds, as it holds them."""
    return ", ".join(f"{key} {value!r}" for key, value in asdict(applied).items() if getattr(recipe, key) != value)


def _data_record(data: Dataset) -> dict[str, Any]:
    return {"name": data.name, "source": data.source, "transform": data.transform,
            "train": len(data.train_labels), "test": len(data.test_labels)}


def _step(value: int | None) -> str:
    return "never" if value is None else str(value)


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.1e}"


def _few(values: list[float], spec: str) -> str:
    """Every epoch's value up to six epochs; the first three and the last two beyond."""
    shown = [format(v, spec) for v in values]
    return " ".join(shown if len(shown) <= 6 else [*shown[:3], "…", *shown[-2:]])


def markdown(summary: dict[str, Any], agreements: list[Agreement], runs: list[History]) -> str:
    data, judged, reference = summary["data"], summary["judged_steps"], summary["reference"]
    plan = Recipe(**{**summary["recipe"], "betas": tuple(summary["recipe"]["betas"])})
    setting = (f"{plan.describe()}; {data['train']} {data['name']} training images ({data['transform']}), "
               f"{data['test']} test images; {summary['steps']} steps, the same canonical start, the same batches in "
               f"the same order, dropout off.")
    rule = (f"Divergence: |loss − loss_ref| / loss_ref per step, against the {reference} run. Float64 runs must stay "
            f"within {FLOAT64_TOLERANCE:.0e} of it at every step (of its twin on the hyper-parameters as a framework "
            f"holds them, where it rounds one: a run named 'at momentum …' below); this judges the mapping and is "
            f"the same on every machine. An fp32 run, at each step t ≤ {judged}, within the largest divergence so far "
            f"of '{summary['sensitivity']}' (every start weight moved {summary['sensitivity_ulps']} units in fp32's "
            f"last place, up or down at random) or {summary['loss_ulps']} units in the last place of the fp32 loss, "
            f"whichever is larger, judged until that run passes {TARGET:.0e}; after it, fp32 curves are chaos and "
            f"are reported for this machine only.")
    where = f"Measured on {summary['machine']}."
    header = (f"| framework | float64 run, worst | fp32, worst of steps 1–{judged} | own fp32 floor | "
              f"fp32 first above {TARGET:.0e} | fp32 first above 1 % | test accuracy (fp32) | |")
    lines = [f"# Training {summary['spec']} in every framework", "", setting, "", rule, "", where, "", header,
             "|---|---|---|---|---|---|---|---|"]
    for a in agreements:
        lines.append(f"| {a.framework} | {_num(a.worst_float64)} | {a.worst_fp32:.1e} | {a.own_floor:.1e} | "
                     f"step {_step(a.first_above_target)} | step {_step(a.first_above_percent)} | "
                     f"{a.test_accuracy:.2%} | {'✓' if a.ok else '✗'} |")
    lines += ["", "| run | epoch losses | epoch train accuracies | test accuracy | seconds |", "|---|---|---|---|---|"]
    for h in runs:
        lines.append(f"| {h.framework} | {_few(h.epoch_losses, '.4f')} | {_few(h.epoch_accuracies, '.1%')} | "
                     f"{h.test_accuracy:.2%} | {h.seconds:.1f} |")
    return "\n".join(lines) + "\n"


def plot(path: Path, model: Model, recipe: Recipe, fp32: list[History],  # pragma: no mutate: drawing only
         float64: list[History], reference: History, bound: np.ndarray, judged: int) -> None:
    """Loss curves on top; below, each run's divergence from the reference: fp32 solid, float64 dashed (the
    moved-start run among them), the fp32 bound in grey up to the last judged step."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.5), sharex=True)
    steps = np.arange(1, len(reference.step_losses) + 1)
    for h in fp32:
        top.plot(steps, h.step_losses, linewidth=0.9, label=f"{h.framework} (test accuracy {h.test_accuracy:.1%})")
        bottom.plot(steps, np.maximum(divergence(h.step_losses, reference.step_losses), 1e-17), linewidth=0.9,
                    label=h.framework)
    for h in float64:
        if h is not reference:
            bottom.plot(steps, np.maximum(divergence(h.step_losses, reference.step_losses), 1e-17), "--",
                        linewidth=0.8, label=h.framework)
    bottom.plot(steps[:judged], bound[:judged], color="grey", linewidth=1.5, label="fp32 bound")
    top.plot(steps, reference.step_losses, "k:", linewidth=0.9, label=reference.framework)
    top.set_yscale("log")
    top.set_ylabel("training loss (fp32)")
    top.set_title(f"{model.name}: {recipe.describe()}", fontsize=9)
    top.legend(fontsize=8)
    bottom.axhline(TARGET, color="grey", linewidth=0.8, linestyle="--", label=f"{TARGET:.0e}")
    bottom.axvline(judged, color="grey", linewidth=0.8, linestyle=":")
    bottom.set_yscale("log")
    bottom.set_xlabel("step")
    bottom.set_ylabel(f"divergence from {reference.framework}")
    bottom.legend(fontsize=8)
    figure.tight_layout()
    with atomic_output(path, suffix=".png") as tmp:
        figure.savefig(tmp, dpi=110)
    plt.close(figure)
