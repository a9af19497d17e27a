"""Each check of a parity cell fails on its own fault and only then: a stand-in framework answers with the probe's
own reference values (so a faultless one passes every check), and one fault at a time is put into what it
returns. The verdict code is judged by itself, without a framework's rounding in the way."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from frameworks.base import get_framework
from frameworks.pytorch.onnx_export import onnx_unavailable
from rosetta import parity
from rosetta.parity import Probe, batch_norms, first_divergence, make_probe, probe_batch, run_cell
from rosetta.probe_cache import ProbeCache
from shared_specs import oracle
from shared_specs.compare import (
    FORWARD_TOLERANCE,
    ORACLE_GRADIENT_TOLERANCE,
    GradientSpread,
    relative_error,
    train_forward_tolerance,
    worst_relative_error,
)
from shared_specs.errors import RosettaError
from shared_specs.loader import load_file
from shared_specs.registry import families, get_model, list_models
from shared_specs.summary import multiply_adds

from .conftest import TEST_SPECS, needs, needs_all_frameworks

BN_NET = TEST_SPECS / "lenet_bn.yaml"  # two batch norms: running statistics to judge


class StandIn:
    """A framework that computes nothing: it hands back the probe's references, with one `fault` in them."""

    bessel_running_var = True
    float32_epsilons: tuple[str, ...] = ()

    def __init__(self, probe: Probe, fault: str = "", size: float = 0.0, name: str = "stand-in",
                 held: dict[str, float] | None = None) -> None:
        self.probe, self.fault, self.size, self.name = probe, fault, size, name
        self.trained = False
        self.held = held  # epsilons its float64 twin computes with, by path, in place of the spec's

    def unavailable(self) -> None:
        return None

    def float64_unavailable(self) -> str:
        return "no float64 twin here" if self.fault == "no float64" else ""

    def build(self, model, dtype: str = "float32") -> str:
        if self.fault == "raises":
            raise RuntimeError("x" * 1000 + "\nsecond line")
        return dtype

    def load_canonical(self, native, model, weights) -> None:
        self.trained = False

    def forward(self, native, x, training: bool = False, dropout: bool = True) -> np.ndarray:
        assert not (training and dropout), "train-mode checks are made with dropout off: it is random"
        out = (self.probe.train_out if training else self.probe.eval_out).copy()
        if self.held and training and native == "float64":
            exact = {k: v.astype(np.float64) for k, v in self.probe.weights.items()}
            out = oracle.forward(parity.with_epsilons(self.probe.model, self.held), x, exact, batch_stats={})
        self.trained |= training
        wrong = {"shape": not training and native == "float32", "forward": not training and native == "float32",
                 "train forward": training and native == "float32", "float64 train": training and native == "float64"}
        if wrong.get(self.fault):
            return out[:, :-1] if self.fault == "shape" else out * (1 + self.size)
        return out

    def count(self, native) -> tuple[int, int]:
        model = self.probe.model
        return model.num_params + (self.fault == "params"), model.num_buffers + (self.fault == "buffers")

    def to_canonical(self, native, model) -> dict[str, np.ndarray]:
        out = {k: v.copy() for k, v in self.probe.weights.items()}
        if self.fault == "round trip":
            out["fc3.bias"][0] = np.nextafter(out["fc3.bias"][0], np.float32(1))
        if self.trained:  # after a train-mode forward: running statistics moved as the oracle moves them
            for node in model.primitives():
                if node.path in self.probe.batch_stats:
                    mean, var = self.probe.batch_stats[node.path].updated_running(
                        node.attrs, out[f"{node.path}.running_mean"].astype(np.float64),
                        out[f"{node.path}.running_var"].astype(np.float64), self.bessel_running_var)
                    scale = 1 + self.size if self.fault == "running stats" else 1
                    if self.fault == "running mean":  # off by `size` x momentum x the batch values' RMS
                        stats = self.probe.batch_stats[node.path]
                        mean = mean + self.size * node.attrs["momentum"] * np.sqrt(stats.var + stats.mean ** 2).max()
                    out[f"{node.path}.running_mean"], out[f"{node.path}.running_var"] = mean, var * scale
        return out

    def loss_and_grads(self, native, model, x, labels) -> tuple[float, dict[str, np.ndarray]]:
        grads = {k: v.copy() for k, v in self.probe.grads.items()}
        if self.held and native == "float64":
            grads = parity.reference_gradients(model, self.probe.weights, x, labels, self.held)[1]
        if self.fault == "gradients" and native == "float64":
            grads["fc3.bias"] = grads["fc3.bias"] * (1 + self.size)
        if self.fault == "fp32 gradients" and native == "float32":  # every tensor: lost precision, not a kink flip
            grads = {k: v * (1 + self.size) for k, v in grads.items()}
        return self.probe.loss, grads


@pytest.fixture(scope="module")
def probe() -> Probe:
    pytest.importorskip("torch")  # the reference gradients are torch's float64 ones
    model = load_file(BN_NET)[0]
    return make_probe(model, probe_batch(model, None))


@needs("torch")
def test_a_framework_that_returns_the_references_passes_every_check(probe: Probe) -> None:
    cell, _ = run_cell(probe, StandIn(probe))
    assert (cell.status, cell.reason) == ("pass", "")
    assert cell.round_trip_bitwise and cell.shape_ok and cell.forward_error == 0 and cell.grad_error == 0
    assert cell.params == [probe.model.num_params, probe.model.num_params, None]
    assert cell.train_tolerance == train_forward_tolerance(2)  # the bound for its two batch norms
    assert 0 <= cell.seconds < 60


@needs("torch")
@pytest.mark.parametrize("fault, size, named", [
    ("shape", 0.0, "shape, forward inf"),  # outputs of two shapes have no relative error either
    ("params", 0.0, "params"),
    ("buffers", 0.0, "params"),
    ("forward", 2 * FORWARD_TOLERANCE, "forward 2.0e-05"),
    ("train forward", 1e-3, "train forward 1.0e-03"),
    ("running stats", 1e-3, "running stats"),
    ("round trip", 0.0, "round trip"),
    ("float64 train", 1e-6, "float64 train forward 1.0e-06"),
    ("gradients", 1e-5, "gradients"),
    ("fp32 gradients", 1e-3, "fp32 gradients 1.0e-03 against a floor of "),
])
def test_each_fault_fails_its_own_check_and_no_other(probe: Probe, fault: str, size: float, named: str) -> None:
    cell, _ = run_cell(probe, StandIn(probe, fault, size))
    assert cell.status == "fail"
    assert cell.reason.startswith(named) and cell.reason.count(",") == named.count(","), cell.reason


@needs("torch")
@pytest.mark.parametrize("fault, size", [("forward", FORWARD_TOLERANCE / 2), ("train forward", 1e-6),
                                         ("float64 train", 1e-10), ("gradients", 1e-9), ("fp32 gradients", 1e-9)])
def test_faults_within_their_tolerance_pass(probe: Probe, fault: str, size: float) -> None:
    cell, _ = run_cell(probe, StandIn(probe, fault, size))
    assert (cell.status, cell.reason) == ("pass", ""), cell.reason


@needs("torch")
@pytest.mark.parametrize("times_the_bound, status", [(0.5, "pass"), (2.0, "fail")])
def test_a_running_mean_that_is_zero_by_construction_is_judged_against_the_values_averaged(
        probe: Probe, times_the_bound: float, status: str) -> None:
    """Running means set to cancel the batch's, so that after the step they are 0 but for rounding (as after a
    bias-free convolution of a batch norm at its initial weights): an error of half the bound in units of
    momentum x the batch values' RMS passes, twice the bound fails. The batches are scaled to an RMS of 0.05, so
    that no other unit (momentum alone, momentum / RMS) gives the same verdicts."""
    from shared_specs.oracle import BatchStats

    cancelling, scaled = {}, {}
    for node in probe.model.primitives():
        if node.path in probe.batch_stats:
            stats, m = probe.batch_stats[node.path], node.attrs["momentum"]
            factor = 0.05 / np.sqrt(stats.var + stats.mean ** 2).max()
            scaled[node.path] = BatchStats(stats.mean * factor, stats.var * factor ** 2, stats.count)
            cancelling[f"{node.path}.running_mean"] = -m / (1 - m) * scaled[node.path].mean
    zeroed = replace(probe, weights={**probe.weights, **cancelling}, batch_stats=scaled)
    size = times_the_bound * train_forward_tolerance(batch_norms(probe.model))
    cell, _ = run_cell(zeroed, StandIn(zeroed, "running mean", size))
    assert cell.status == status, cell.reason
    assert cell.reason == ("" if status == "pass" else f"running stats {cell.running_stats_error:.1e}")


@needs("torch")
@pytest.mark.parametrize("declared, fault, status", [(True, "", "pass"), (False, "", "fail"),
                                                     (True, "float64 train", "fail"), (True, "gradients", "fail")])
def test_a_float64_twin_that_holds_epsilons_in_float32_is_judged_against_the_spec_it_computes(
        probe: Probe, monkeypatch, declared: bool, fault: str, status: str) -> None:
    """Paddle keeps its normalisations' epsilons in float32: a twin that declares so passes where it computes the
    spec with the epsilons it holds, and keeps its errors against the spec's own beside; undeclared, or with a
    fault of its own, it fails. The held epsilons here are 1.5 times the spec's, so that they move the outputs far
    past both bounds."""
    held = {n.path: n.attrs["eps"] * 1.5 for n in probe.model.primitives() if n.op == "batch_norm"}
    monkeypatch.setattr(parity, "float32_epsilons", lambda model, ops: held if ops else {})
    twin = StandIn(probe, fault, 1e-5, held=held)
    twin.float32_epsilons = ("batch_norm",) if declared else ()
    cell, _ = run_cell(probe, twin)
    assert cell.status == status, cell.reason
    if declared:
        exact_train, exact_grads = cell.float64_exact
        assert exact_train > 1e-6 and exact_grads > 1e-6  # what the held epsilons move
    if status == "pass":
        assert cell.train_f64_error < 1e-12 and cell.grad_error < 1e-12
        assert (f"both float64 columns judge it against the spec with those epsilons (against the spec's own: "
                f"train {exact_train:.1e}, gradients {exact_grads:.1e})") in parity.markdown([cell], {})


@needs("torch")
def test_a_twin_that_declares_float32_epsilons_but_computes_the_spec_is_judged_against_the_spec(
        probe: Probe, monkeypatch) -> None:
    held = {n.path: n.attrs["eps"] * 1.5 for n in probe.model.primitives() if n.op == "batch_norm"}
    monkeypatch.setattr(parity, "float32_epsilons", lambda model, ops: held if ops else {})
    twin = StandIn(probe)
    twin.float32_epsilons = ("batch_norm",)
    cell, _ = run_cell(probe, twin)
    assert (cell.status, cell.float64_exact, cell.train_f64_error, cell.grad_error) == ("pass", None, 0.0, 0.0)


@needs("torch")
def test_held_epsilons_that_move_only_the_train_forward_past_its_bound_are_judged_as_held(
        probe: Probe, monkeypatch) -> None:
    """Either float64 check failing against the exact spec sends the twin to be judged as it holds its epsilons:
    here they move the train forward past 1e-8 and the gradients less than 1e-7."""
    exact = {k: v.astype(np.float64) for k, v in probe.weights.items()}
    norms = [n for n in probe.model.primitives() if n.op == "batch_norm"]

    def train_shift(factor: float) -> tuple[float, dict[str, float]]:
        held = {n.path: n.attrs["eps"] * factor for n in norms}
        moved = oracle.forward(parity.with_epsilons(probe.model, held), probe.x, exact, batch_stats={})
        return relative_error(moved, probe.train_out), held

    shift, held = train_shift(1 + 0.5 * 3e-8 / train_shift(1.5)[0])  # about 3e-8: linear this close to 1
    grads = parity.reference_gradients(probe.model, probe.weights, probe.x, probe.labels, held)[1]
    assert 1e-8 < shift < 1e-7 and worst_relative_error(grads, probe.grads)[0] < 1e-7
    monkeypatch.setattr(parity, "float32_epsilons", lambda model, ops: held if ops else {})
    twin = StandIn(probe, held=held)
    twin.float32_epsilons = ("batch_norm",)
    cell, _ = run_cell(probe, twin)
    assert cell.status == "pass", cell.reason
    assert cell.float64_exact is not None and cell.float64_exact[0] == pytest.approx(shift)


@needs("torch")
def test_the_epsilons_a_framework_holds_are_those_float32_does_not_keep() -> None:
    """1e-3 is not a float32 number, 2^-10 is: only the first is held otherwise, and only for the ops declared."""
    path = TEST_SPECS.parent / "specs" / "conventions_probe.yaml"
    model = load_file(path)[0]
    held = parity.float32_epsilons(model, ("batch_norm",))
    assert held == {"bn": float(np.float32(1e-3))} != {"bn": 1e-3}
    assert parity.float32_epsilons(model, ()) == {}
    exact = parity.with_epsilons(model, {"bn": 2.0 ** -10})
    assert parity.float32_epsilons(exact, ("batch_norm",)) == {} and model.node_at("bn").attrs["eps"] == 1e-3


@needs("torch")
def test_without_a_float64_twin_its_columns_are_empty_and_say_why(probe: Probe) -> None:
    cell, _ = run_cell(probe, StandIn(probe, "no float64"))
    assert cell.status == "pass"
    assert (cell.grad_error, cell.train_f64_error, cell.float64_skipped) == (None, None, "no float64 twin here")
    assert cell.grad_fp32 is not None  # fp32 gradients are judged all the same


@needs("torch")
def test_the_reference_cell_takes_its_float64_twin_from_the_probe_and_another_device_builds_its_own(
        probe: Probe) -> None:
    """The probe ran torch's float64 twin on the CPU already; a second twin would compute the same numbers."""
    torch_fw = get_framework("torch")
    twin = parity.reference_twin(probe.model, probe.weights)
    torch_fw.loss_and_grads(twin, probe.model, probe.x.astype(np.float64), probe.labels)
    again = torch_fw.forward(twin, probe.x.astype(np.float64), training=True, dropout=False)
    assert np.array_equal(again, probe.reference_train)
    cell, _ = run_cell(probe, torch_fw)
    assert cell.status == "pass" and cell.grad_error == 0 and "float64 twin" not in cell.phases
    assert cell.train_f64_error == relative_error(probe.reference_train, probe.train_out)
    elsewhere = StandIn(probe, name="torch")
    elsewhere.device = "gpu"
    assert "float64 twin" in run_cell(probe, elsewhere)[0].phases


@needs("torch")
def test_a_published_count_the_framework_misses_fails_params(probe: Probe) -> None:
    """The framework must match the spec and the published figure; a spec without one is judged by the spec."""
    from dataclasses import replace

    from shared_specs.ir import Published

    cited = replace(probe, model=replace(probe.model, published=Published(probe.model.num_params + 1, "a paper")))
    cell, _ = run_cell(cited, StandIn(cited))
    assert (cell.status, cell.reason) == ("fail", "params")
    assert cell.params[2] == probe.model.num_params + 1


@pytest.mark.parametrize("name, batch", [("lenet5_classic", 2), ("resnet152", 1), ("vgg16", 1), ("resnet50", 2),
                                         ("inception_v3_aux", 2)])
def test_the_probe_batch_is_one_image_only_for_the_heaviest_nets(name: str, batch: int) -> None:
    """Above 5e9 multiply-adds per image one image is enough, except where a batch norm sees a 1x1 map (Inception
    v3's auxiliary head), whose batch statistics need two; a batch given is taken as it is."""
    model = get_model(name)
    assert probe_batch(model, None) == batch
    assert probe_batch(model, 3) == 3



def test_make_parity_covers_every_family_and_leaves_only_heavy_variants_to_the_full_run() -> None:
    """torchvision's model docs give VGG-11 7.61 and VGG-16 15.47 GFLOPS (multiply-adds), ResNet-152 11.51,
    ResNet-50 4.09: the two VGGs are over 5 G, VGG-11 is its family's lightest and stays; ResNet-50 stays."""
    chosen = parity.default_models()
    assert {"vgg11", "resnet50", "resnet18", "googlenet", "lenet5_classic"} <= set(chosen)
    assert not {"vgg16", "vgg11_bn", "resnet152", "inception_v3"} & set(chosen)
    assert {get_model(name).family for name in chosen} == set(families())
    left = set(list_models()) - set(chosen)
    assert left and all(multiply_adds(get_model(name)) > parity.HEAVY_MULTIPLY_ADDS for name in left)
    assert chosen == [name for name in list_models() if name in chosen]  # catalogue order

# ---------------------------------------------------------------- what the tables say about a cell

def test_the_table_marks_each_figure_against_its_own_bound() -> None:
    """Within a bound is ✓ and past it ✗, a missing figure is '-', a framework without a float64 twin shows n/a
    there (and says why below the table), a skipped cell gives its reason, and fp32 gradients beside their floor
    say over how many tensors they were judged."""
    from rosetta.parity import Cell, markdown
    from shared_specs.compare import GRADIENT_TOLERANCE, GradientSpread

    floor = GradientSpread(1e-6, 1e-6, 1e-6, 1.0, 3)
    good = Cell("net", "torch", "pass", True, [10, 10, None], 1e-6, 2e-6, 3e-6, 1e-9, GradientSpread(1, 1, 2e-6, 1, 3),
                1e-10, 5e-5, True, seconds=1.25)
    bad = Cell("net", "paddle", "fail", False, [10, 11, 10], 2 * FORWARD_TOLERANCE, 6e-5, None,
               2 * GRADIENT_TOLERANCE, GradientSpread(1, 1, 1e-3, 0.5, 2), 1e-10, 5e-5, False)
    no_twin = Cell("net", "keras", "pass", True, [10, 10, None], 1e-6, 1e-6, 1e-6, None, None, None, 5e-5, True,
                   float64_skipped="no 64-bit math on this backend")
    skipped = Cell("net", "onnx", "skip", reason="onnxruntime is not installed")
    miscounted = replace(good, framework="onnx", params=[10, 11, None])
    rows = markdown([good, bad, no_twin, skipped, miscounted], {"net": floor}).splitlines()
    assert rows[2] == ("| net | torch | ✓ | 10 / 10 / - ✓ | 1.0e-06 ✓ | 2.0e-06 ✓ | 1.0e-10 ✓ | 3.0e-06 ✓ | "
                       "1.0e-09 ✓ | 2.0e-06 / 1.0e-06 ✓ (3) | ✓ | 1.2s |")
    assert rows[3] == ("| net | paddle | ✗ | 10 / 11 / 10 ✗ | 2.0e-05 ✗ | 6.0e-05 ✗ | 1.0e-10 ✓ | - | 2.0e-07 ✗ | "
                       "1.0e-03 / 1.0e-06 ✗ (2) | ✗ | 0.0s |")
    assert rows[4] == "| net | keras | ✓ | 10 / 10 / - ✓ | 1.0e-06 ✓ | 1.0e-06 ✓ | n/a | 1.0e-06 ✓ | n/a | - | ✓ | 0.0s |"
    assert rows[5] == "| net | onnx | skipped: onnxruntime is not installed |" + " |" * 9
    assert rows[6].startswith("| net | onnx | ✓ | 10 / 11 / - ✗ |")  # a missing published figure is no vote
    assert "n/a: no float64 twin there: no 64-bit math on this backend" in rows[-1]


def test_the_pairwise_table_lists_each_pair_once_in_column_order() -> None:
    from rosetta.parity import ORACLE_GRADIENT_TOLERANCE, Reference, pairwise_markdown

    pairs = [{"model": "net", "a": "torch", "b": "keras", "error": 3e-7},
             {"model": "net", "a": "torch", "b": "paddle", "error": 2e-7}]
    text = pairwise_markdown(pairs, {"net": Reference(2, 2 * ORACLE_GRADIENT_TOLERANCE, None, 1234),
                                     "other": Reference(2, None, None, None),
                                     "gated": Reference(2, 2 * ORACLE_GRADIENT_TOLERANCE, None, 0, 1e-8)},
                             ["torch", "paddle", "keras", "onnx"])
    assert text.splitlines() == ["| model | torch vs paddle | torch vs keras | torch f64 grads vs oracle | near-kinks |",
                                 "|---|---|---|---|---|",
                                 f"| net | 2.0e-07 | 3.0e-07 | {2 * ORACLE_GRADIENT_TOLERANCE:.1e} ✗ | 1,234 |",
                                 "| other | - | - | - | - |",
                                 f"| gated | - | - | {2 * ORACLE_GRADIENT_TOLERANCE:.1e} ✓ | 0 |"]


# ---------------------------------------------------------------- the whole matrix, as `make parity` runs it

def stand_ins(monkeypatch, probe: Probe, faults: dict[str, tuple[str, float]], onnx: str | None = "not here") -> None:
    """`run` with the probe already made and frameworks named after their fault; ONNX skipped with `onnx` as the
    reason (None: ONNX runs as it is)."""
    monkeypatch.setattr(parity, "make_probe", lambda model, batch, weights=None, cache=None: probe)
    monkeypatch.setattr(parity, "get_framework",
                        lambda name, device="cpu": StandIn(probe, *faults[name], name=name))
    if onnx is not None:
        monkeypatch.setattr(parity, "onnx_unavailable", lambda device: onnx)


@needs("torch")
def test_a_clean_run_passes_writes_both_reports_and_compares_every_pair(probe: Probe, tmp_path: Path, monkeypatch,
                                                                        capsys) -> None:
    stand_ins(monkeypatch, probe, {"one": ("", 0.0), "two": ("", 0.0)})
    assert parity.run([str(BN_NET)], ["one", "two"], report_dir=tmp_path) == 0
    out, err = capsys.readouterr()
    assert out.rstrip().endswith("2 cells pass, none fail, 1 skipped")
    # one step for the probe and one per column (the two frameworks and ONNX)
    assert "1/4 lenet_bn: oracle and reference gradients" in err and "4/4 lenet_bn on onnx" in err
    summary = json.loads((tmp_path / "parity.json").read_text())
    assert [(c["framework"], c["status"]) for c in summary["cells"]] == [("one", "pass"), ("two", "pass"),
                                                                         ("onnx", "skip")]
    assert summary["pairwise"] == [{"model": "lenet_bn", "a": "one", "b": "two", "error": 0.0}]
    assert summary["batch"] == {"lenet_bn": len(probe.x)}
    report = (tmp_path / "parity.md").read_text()
    assert report.startswith(f"# Parity (cpu, batch {len(probe.x)}; fp32 against the float64 oracle)")
    assert "| lenet_bn | onnx | skipped: not here |" in report


@needs("torch")
def test_one_wrong_framework_fails_the_run_and_is_named_with_its_figure(probe: Probe, tmp_path: Path, monkeypatch,
                                                                        capsys) -> None:
    size = 2 * FORWARD_TOLERANCE
    stand_ins(monkeypatch, probe, {"good": ("", 0.0), "bad": ("forward", size)})
    assert parity.run([str(BN_NET)], ["good", "bad"], report_dir=tmp_path, device="gpu") == 1
    out, err = capsys.readouterr()
    assert "FAILED: lenet_bn/bad (forward 2.0e-05)" in err
    assert "rosetta parity lenet_bn --trace" in err  # its output diverges: where, the trace says
    assert "worst forward error vs oracle: good 0.0e+00, bad 2.0e-05" in out
    summary = json.loads((tmp_path / "parity-gpu.json").read_text())  # a GPU run keeps the CPU report
    # max|y - y (1 + s)| / max(|y|, |y| (1 + s)) = s / (1 + s)
    assert summary["pairwise"][0]["error"] == pytest.approx(size / (1 + size), rel=1e-6)
    assert (tmp_path / "parity-gpu.md").exists() and not (tmp_path / "parity.json").exists()


@needs("torch")
def test_a_failure_that_is_not_the_forward_gets_no_trace_hint(probe: Probe, tmp_path: Path, monkeypatch,
                                                              capsys) -> None:
    stand_ins(monkeypatch, probe, {"miscounted": ("params", 0.0)})
    assert parity.run([str(BN_NET)], ["miscounted"], report_dir=tmp_path) == 1
    err = capsys.readouterr().err
    assert "FAILED: lenet_bn/miscounted (params)" in err and "--trace" not in err


@needs("torch")
def test_a_cell_that_raises_fails_alone_with_the_first_line_of_its_error(probe: Probe, tmp_path: Path, monkeypatch,
                                                                         capsys) -> None:
    stand_ins(monkeypatch, probe, {"raises": ("raises", 0.0), "good": ("", 0.0)})
    assert parity.run([str(BN_NET)], ["raises", "good"], report_dir=tmp_path) == 1
    cells = json.loads((tmp_path / "parity.json").read_text())["cells"]
    assert cells[0]["status"] == "fail" and cells[1]["status"] == "pass"
    assert cells[0]["reason"] == f"RuntimeError: {'x' * 1000}"[:parity.REASON_CHARS]


@needs("torch")
@pytest.mark.parametrize("error, fails", [(ORACLE_GRADIENT_TOLERANCE, False), (2 * ORACLE_GRADIENT_TOLERANCE, True),
                                          (float("nan"), True)])
def test_reference_gradients_off_the_oracle_fail_the_run(probe: Probe, tmp_path: Path, monkeypatch, capsys,
                                                         error: float, fails: bool) -> None:
    """Every cell may pass and the run still fail: the gradients they were judged against must meet the oracle's
    derivative (at the bound they do; NaN does not)."""
    stand_ins(monkeypatch, replace(probe, grads_vs_oracle=error), {"good": ("", 0.0)})
    assert parity.run([str(BN_NET)], ["good"], report_dir=tmp_path) == int(fails)
    err = capsys.readouterr().err
    assert ("lenet_bn/reference gradients vs oracle" in err) == fails


@needs("torch")
@pytest.mark.parametrize("error, fails", [(1e-9, False), (3e-9, True)])
def test_a_probe_s_own_gradient_bound_judges_its_reference_gradients(
        probe: Probe, tmp_path: Path, monkeypatch, capsys, error: float, fails: bool) -> None:
    """A hard-sigmoid net's probe carries a wider bound (here 2e-9, as parity.oracle_gradient_error sets it): 1e-9,
    ten times the plain bound, passes; 3e-9 does not."""
    stand_ins(monkeypatch, replace(probe, grads_vs_oracle=error, grads_bound=2e-9), {"good": ("", 0.0)})
    assert parity.run([str(BN_NET)], ["good"], report_dir=tmp_path) == int(fails)
    assert ("lenet_bn/reference gradients vs oracle" in capsys.readouterr().err) == fails


@needs("torch")
@pytest.mark.skipif(onnx_unavailable("cpu") is not None, reason=str(onnx_unavailable("cpu")))
def test_the_onnx_cell_passes_and_fails_on_its_forward(probe: Probe, monkeypatch) -> None:
    cell, out = parity.run_onnx_cell(probe, "cpu")
    assert (cell.status, cell.shape_ok) == ("pass", True) and cell.forward_error <= FORWARD_TOLERANCE
    assert 0 < cell.seconds < 60 and out.shape == probe.eval_out.shape
    exact = parity.onnx_forward
    monkeypatch.setattr(parity, "onnx_forward", lambda *args: exact(*args) * (1 + 2 * FORWARD_TOLERANCE))
    cell, _ = parity.run_onnx_cell(probe, "cpu")
    assert (cell.status, cell.shape_ok) == ("fail", True) and cell.reason.startswith("forward 2.0e-05")
    monkeypatch.setattr(parity, "onnx_forward", lambda *args: exact(*args)[:, :-1])
    cell, _ = parity.run_onnx_cell(probe, "cpu")
    assert (cell.status, cell.shape_ok, cell.reason) == ("fail", False, "forward inf")
    monkeypatch.setattr(parity, "onnx_unavailable", lambda device: "onnxruntime is not installed")
    cell, out = parity.run_onnx_cell(probe, "cpu")
    assert (cell.status, cell.reason, out) == ("skip", "onnxruntime is not installed", None)


def test_the_symmetric_error_is_the_same_either_way_and_zero_for_two_zero_outputs() -> None:
    a, b = np.array([[0.0, 4.0]]), np.array([[0.0, 2.0]])
    assert parity.symmetric_error(a, b) == parity.symmetric_error(b, a) == 0.5  # |4 - 2| / max(4, 2)
    assert parity.symmetric_error(np.zeros((1, 2)), np.zeros((1, 2))) == 0.0
    assert parity.symmetric_error(a, a[:, :1]) == float("inf")


# ---------------------------------------------------------------- `parity --trace`: the first diverging layer

def activations(errors: dict[str, float]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """A framework's and the oracle's activations, each layer off by its relative error."""
    want = {name: np.full((1, 4), 2.0) for name in errors}
    return {name: want[name] * (1 + e) for name, e in errors.items()}, want


def test_no_divergence_names_the_worst_layer_and_counts_the_layers_compared() -> None:
    got, want = activations({"a": 1e-7, "b": 3e-7, "c": 2e-7})
    found = first_divergence(got, want)
    assert (found.diverged, found.compared, found.worst_layer) == (False, 3, "b")
    assert found.error == pytest.approx(3e-7)
    del got["b"]  # a layer the framework does not materialise is not compared
    assert first_divergence(got, want).compared == 2
    assert first_divergence({"a": want["a"]}, want).compared == 1
    with pytest.raises(RosettaError, match="no activations in common"):
        first_divergence({}, want)


def test_the_first_layer_over_the_tolerance_is_named_after_the_last_good_one() -> None:
    got, want = activations({"a": 0.0, "b": 2 * FORWARD_TOLERANCE, "c": 1.0})
    found = first_divergence(got, want)
    assert (found.layer, found.last_good, found.compared) == ("b", "a", 2)
    assert str(found).startswith("first diverging layer b: relative error 2.0e-05 (last matching layer: a)")
    got["b"] = want["b"] * np.nan  # NaN diverges too
    assert first_divergence(got, want).layer == "b"
    assert first_divergence(*activations({"a": 0.0, "b": 0.0})).worst_layer is not None  # ties: still one named


# ---------------------------------------------------------------- Paddle's and Keras' cells in a second process

def to_digits(value: Any) -> Any:
    """Every float in a JSON value to 12 significant digits."""
    if isinstance(value, float):
        return f"{value:.12g}"
    if isinstance(value, dict):
        return {k: to_digits(v) for k, v in value.items()}
    return [to_digits(v) for v in value] if isinstance(value, list) else value


@needs_all_frameworks
def test_the_side_process_gives_the_table_the_serial_run_gives(tmp_path: Path) -> None:
    specs, frameworks = ["lenet5_classic", str(BN_NET)], ["torch", "paddle", "keras"]
    assert parity.run(specs, frameworks, report_dir=tmp_path / "serial") == 0
    assert parity.run(specs, frameworks, report_dir=tmp_path / "side", cache=ProbeCache(tmp_path / "cache")) == 0
    serial, side = (json.loads((tmp_path / run / "parity.json").read_text()) for run in ("serial", "side"))
    # the same figures to the last bits a sum taken in another order moves (BLAS reduces by the arrays' alignment)
    untimed = [to_digits({**cell, "seconds": 0, "phases": {}}) for cell in serial["cells"]]
    assert [to_digits({**cell, "seconds": 0, "phases": {}}) for cell in side["cells"]] == untimed
    assert to_digits(side["pairwise"]) == to_digits(serial["pairwise"]) and len(side["pairwise"]) == 12
    assert "oracle forward" in side["probe_seconds"]["lenet_bn"]  # made by the main process, read by the side one


@needs("torch")
def test_side_cells_are_read_back_as_they_were_judged(probe: Probe, tmp_path: Path, monkeypatch) -> None:
    cache = ProbeCache(tmp_path / "cache")
    make_probe(probe.model, len(probe.x), None, cache)
    faults = {"good": ("", 0.0), "bad": ("forward", 1e-3)}
    monkeypatch.setattr(parity, "get_framework", lambda name, device="cpu": StandIn(probe, *faults[name], name=name))
    monkeypatch.setattr(parity, "get_model", lambda spec: probe.model)
    (tmp_path / "results").mkdir()
    parity.side_cells([str(BN_NET)], ["good", "bad"], None, "cpu", str(tmp_path / "cache"), str(tmp_path / "results"))
    back = parity._side_results(tmp_path / "results", 0, "lenet_bn", ["good", "bad"], None)
    direct = [parity.run_column(probe, column, "cpu") for column in ("good", "bad")]
    assert [replace(cell, seconds=0, phases={}) for cell, _ in back] == [
        replace(cell, seconds=0, phases={}) for cell, _ in direct]
    assert isinstance(back[0][0].grad_fp32, GradientSpread) and [c.status for c, _ in back] == ["pass", "fail"]
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(back, direct))


@needs("torch")
def test_a_side_process_that_ends_early_fails_its_cells_and_the_run(probe: Probe, tmp_path: Path, monkeypatch,
                                                                     capsys) -> None:
    monkeypatch.setattr(parity, "_side_process", lambda *args: subprocess.Popen([sys.executable, "-c", "exit(3)"]))
    assert parity.run([str(BN_NET)], ["torch", "paddle"], report_dir=tmp_path, cache=ProbeCache(tmp_path / "c")) == 1
    cells = {c["framework"]: c for c in json.loads((tmp_path / "parity.json").read_text())["cells"]}
    assert cells["torch"]["status"] == "pass"
    assert (cells["paddle"]["status"], cells["paddle"]["reason"]) == (
        "fail", "the process running paddle ended with exit status 3")
    assert "FAILED: lenet_bn/paddle (the process running paddle ended with exit status 3)" in capsys.readouterr().err


def test_a_side_process_whose_main_process_is_gone_stops_waiting(tmp_path: Path, monkeypatch) -> None:
    parents = iter([100, 100, 1])
    monkeypatch.setattr(parity.os, "getppid", lambda: next(parents))
    monkeypatch.setattr(parity, "POLL_SECONDS", 0.0)
    parity.side_cells(["lenet5_classic"], ["paddle"], None, "cpu", str(tmp_path / "cache"), str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]  # nothing written
