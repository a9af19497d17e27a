"""Each check of a parity cell fails on its own fault and only then: a stand-in framework answers with the probe's
own reference values (so a faultless one passes every check), and one fault at a time is put into what it
returns. The verdict code is judged by itself, without a framework's rounding in the way."""

from __future__ import annotations

import numpy as np
import pytest

from rosetta.parity import Probe, make_probe, probe_batch, run_cell
from shared_specs.compare import FORWARD_TOLERANCE
from shared_specs.loader import load_file
from shared_specs.registry import get_model

from .conftest import TEST_SPECS, needs

BN_NET = TEST_SPECS / "lenet_bn.yaml"  # two batch norms: running statistics to judge


class StandIn:
    """A framework that computes nothing: it hands back the probe's references, with one `fault` in them."""

    name, bessel_running_var = "stand-in", True

    def __init__(self, probe: Probe, fault: str = "", size: float = 0.0) -> None:
        self.probe, self.fault, self.size = probe, fault, size
        self.trained = False

    def unavailable(self) -> None:
        return None

    def float64_unavailable(self) -> str:
        return "no float64 twin here" if self.fault == "no float64" else ""

    def build(self, model, dtype: str = "float32") -> str:
        return dtype

    def load_canonical(self, native, model, weights) -> None:
        self.trained = False

    def forward(self, native, x, training: bool = False, dropout: bool = True) -> np.ndarray:
        out = (self.probe.train_out if training else self.probe.eval_out).copy()
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
                    out[f"{node.path}.running_mean"], out[f"{node.path}.running_var"] = mean, var * scale
        return out

    def loss_and_grads(self, native, model, x, labels) -> tuple[float, dict[str, np.ndarray]]:
        grads = {k: v.copy() for k, v in self.probe.grads.items()}
        if self.fault == "gradients" and native == "float64":
            grads["fc3.bias"] = grads["fc3.bias"] * (1 + self.size)
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
])
def test_each_fault_fails_its_own_check_and_no_other(probe: Probe, fault: str, size: float, named: str) -> None:
    cell, _ = run_cell(probe, StandIn(probe, fault, size))
    assert cell.status == "fail"
    assert cell.reason.startswith(named) and cell.reason.count(",") == named.count(","), cell.reason


@needs("torch")
@pytest.mark.parametrize("fault, size", [("forward", FORWARD_TOLERANCE / 2), ("train forward", 1e-6),
                                         ("float64 train", 1e-10), ("gradients", 1e-9)])
def test_faults_within_their_tolerance_pass(probe: Probe, fault: str, size: float) -> None:
    cell, _ = run_cell(probe, StandIn(probe, fault, size))
    assert (cell.status, cell.reason) == ("pass", ""), cell.reason


@needs("torch")
def test_without_a_float64_twin_its_columns_are_empty_and_say_why(probe: Probe) -> None:
    cell, _ = run_cell(probe, StandIn(probe, "no float64"))
    assert cell.status == "pass"
    assert (cell.grad_error, cell.train_f64_error, cell.float64_skipped) == (None, None, "no float64 twin here")
    assert cell.grad_fp32 is not None  # fp32 gradients are judged all the same


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



# ---------------------------------------------------------------- what the tables say about a cell

def test_the_table_marks_each_figure_against_its_own_bound() -> None:
    """Within a bound is ✓ and past it ✗, a missing figure is '-', a framework without a float64 twin shows n/a
    there (and says why below the table), a skipped cell gives its reason, and fp32 gradients beyond the floor are
    ≈ (reported, not failed)."""
    from rosetta.parity import Cell, markdown
    from shared_specs.compare import GRADIENT_TOLERANCE, GradientSpread

    floor = GradientSpread(1e-6, 1e-6, 1e-6, 1.0)
    good = Cell("net", "torch", "pass", True, [10, 10, None], 1e-6, 2e-6, 3e-6, 1e-9, GradientSpread(1, 1, 2e-6, 1),
                1e-10, 5e-5, True, seconds=1.25)
    bad = Cell("net", "paddle", "fail", False, [10, 11, 10], 2 * FORWARD_TOLERANCE, 6e-5, None,
               2 * GRADIENT_TOLERANCE, GradientSpread(1, 1, 1e-3, 0.5), 1e-10, 5e-5, False)
    no_twin = Cell("net", "keras", "pass", True, [10, 10, None], 1e-6, 1e-6, 1e-6, None, None, None, 5e-5, True,
                   float64_skipped="no 64-bit math on this backend")
    skipped = Cell("net", "onnx", "skip", reason="onnxruntime is not installed")
    rows = markdown([good, bad, no_twin, skipped], {"net": floor}).splitlines()
    assert rows[2] == ("| net | torch | ✓ | 10 / 10 / - ✓ | 1.0e-06 ✓ | 2.0e-06 ✓ | 1.0e-10 ✓ | 3.0e-06 ✓ | "
                       "1.0e-09 ✓ | 2.0e-06 / 1.0e-06 ✓ | ✓ | 1.2s |")
    assert rows[3] == ("| net | paddle | ✗ | 10 / 11 / 10 ✗ | 2.0e-05 ✗ | 6.0e-05 ✗ | 1.0e-10 ✓ | - | 2.0e-07 ✗ | "
                       "1.0e-03 / 1.0e-06 ≈ | ✗ | 0.0s |")
    assert rows[4] == "| net | keras | ✓ | 10 / 10 / - ✓ | 1.0e-06 ✓ | 1.0e-06 ✓ | n/a | 1.0e-06 ✓ | n/a | - | ✓ | 0.0s |"
    assert rows[5] == "| net | onnx | skipped: onnxruntime is not installed |" + " |" * 9
    assert "n/a: no float64 twin there: no 64-bit math on this backend" in rows[-1]


def test_the_pairwise_table_lists_each_pair_once_in_column_order() -> None:
    from rosetta.parity import ORACLE_GRADIENT_TOLERANCE, Reference, pairwise_markdown

    pairs = [{"model": "net", "a": "torch", "b": "keras", "error": 3e-7},
             {"model": "net", "a": "torch", "b": "paddle", "error": 2e-7}]
    text = pairwise_markdown(pairs, {"net": Reference(2, 2 * ORACLE_GRADIENT_TOLERANCE, None)},
                             ["torch", "paddle", "keras", "onnx"])
    assert text.splitlines() == ["| model | torch vs paddle | torch vs keras | torch f64 grads vs oracle |",
                                 "|---|---|---|---|",
                                 f"| net | 2.0e-07 | 3.0e-07 | {2 * ORACLE_GRADIENT_TOLERANCE:.1e} ✗ |"]
