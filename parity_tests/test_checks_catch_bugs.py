"""The proof proven: each check is run against a deliberately wrong adapter, renderer setting or convention
and must fail. Each test here was written against a bug that once left the whole suite green."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from frameworks.base import get_framework
from rosetta.cli import main
from rosetta.parity import make_probe
from shared_specs.compare import ORACLE_GRADIENT_TOLERANCE
from shared_specs.registry import get_model
from shared_specs.weights import init, save

from .conftest import TEST_SPECS, needs, needs_all_frameworks

CONVENTIONS = TEST_SPECS / "conventions_probe.yaml"
# the bug is patched into this process: its cells must run here (no second process), and none is read back
IN_PROCESS = ("--no-cache",)


@needs_all_frameworks
def test_non_default_settings_pass_train_mode_and_running_statistics_everywhere(tmp_path: Path, capsys) -> None:
    """Batch norm momentum 0.3 and eps 1e-3, a ceil-mode exclusive average pool and a ceil-mode max pool: no
    shipped spec sets them, so only this probe shows a renderer spelling one of them wrong (Paddle's momentum
    rendered as the spec's instead of 1 - it: running stats 9.6e-01)."""
    assert main(["parity", str(CONVENTIONS), "--reports", str(tmp_path)]) == 0, capsys.readouterr().err
    cells = {c["framework"]: c for c in json.loads((tmp_path / "parity.json").read_text())["cells"]}
    for name in ("torch", "paddle", "keras"):
        cell = cells[name]
        assert cell["status"] == "pass", cell
        assert cell["train_error"] is not None and cell["running_stats_error"] is not None, cell


@needs("keras")
def test_a_wrong_running_variance_convention_fails_parity(tmp_path: Path, capsys, monkeypatch) -> None:
    """Told that Keras keeps a Bessel-corrected running variance (it does not), the running-statistics check
    must fail the run: exit 1 and the cell named with its running-stats error."""
    fw = type(get_framework("keras"))
    monkeypatch.setattr(fw, "bessel_running_var", not fw.bessel_running_var)
    assert main(["parity", str(CONVENTIONS), "--frameworks", "keras", "--reports", str(tmp_path), *IN_PROCESS]) == 1
    assert "FAILED: conventions_probe/keras (running stats" in capsys.readouterr().err


@needs("keras")
def test_port_refuses_an_adapter_that_is_wrong_the_same_way_both_ways(tmp_path: Path, capsys, monkeypatch) -> None:
    """A kernel transposed in height and width on the way in and back on the way out: the round trip is bitwise
    and the shapes fit (5x5 kernels), so only the probe, run on the source against the target, can see it."""
    from frameworks.keras3 import framework as keras_adapter

    into, back = keras_adapter.canonical_to_keras, keras_adapter.keras_to_canonical

    def swapped_into(node, param, value, target=None):
        value = into(node, param, value, target)
        return value.transpose(1, 0, 2, 3) if node.op == "conv2d" and param == "weight" else value

    def swapped_back(node, param, value):
        value = value.transpose(1, 0, 2, 3) if node.op == "conv2d" and param == "weight" else value
        return back(node, param, value)

    monkeypatch.setattr(keras_adapter, "canonical_to_keras", swapped_into)
    monkeypatch.setattr(keras_adapter, "keras_to_canonical", swapped_back)
    save(tmp_path / "w.safetensors", init(get_model("lenet5_torch")))
    assert main(["port", "lenet5_torch", "--from", "canonical", "--weights", str(tmp_path / "w.safetensors"),
                 "--to", "keras", "-o", str(tmp_path / "w.weights.h5")]) == 2
    assert "probe batch differs between canonical and keras" in capsys.readouterr().err
    assert not (tmp_path / "w.weights.h5").exists()


@needs("torch")
@pytest.mark.parametrize("biases", ["seeded", "zero"])
def test_the_oracle_gradient_check_sees_every_parameter(monkeypatch, biases: str) -> None:
    """The reference's gradients are checked along a random direction in every tensor, biases included:
    torch's bias gradients doubled must show, as they did not when the direction covered weights only, nor
    when a tensor of zeros (a checkpoint's biases, as torch initialises some) got a zero direction."""
    model = get_model("lenet5_torch")
    weights = {k: np.zeros_like(v) if biases == "zero" and k.endswith(".bias") else v
               for k, v in init(model).items()}
    assert make_probe(model, 2, weights).grads_vs_oracle <= ORACLE_GRADIENT_TOLERANCE
    fw = type(get_framework("torch"))
    exact = fw.loss_and_grads

    def doubled_biases(self, native, model, x, labels):
        loss, grads = exact(self, native, model, x, labels)
        return loss, {k: g * 2 if k.endswith(".bias") else g for k, g in grads.items()}

    monkeypatch.setattr(fw, "loss_and_grads", doubled_biases)
    assert make_probe(model, 2, weights).grads_vs_oracle > 1e-3


@pytest.mark.parametrize("framework, module, spellings", [
    # ShuffleNet's trap: the grid read the other way round, (C / g, g) for (g, C / g), is a shuffle in C / g groups
    ("torch", "frameworks.pytorch.render", {"channel_shuffle": lambda a, f: f"F.channel_shuffle({a[0]}, "
                                                                            f"{a[0]}.shape[1] // {f['groups']})"}),
    ("paddle", "frameworks.paddlepaddle.render", {"chunk": lambda a, f: f"paddle.chunk({a[0]}, {f['chunks']}, axis=1)"
                                                  + ("[::-1]" if f["index"] is None else  # every part, unpacked
                                                     f"[{f['chunks'] - 1 - f['index']}]")}),
    ("keras", "frameworks.keras3.render", {}),
])
def test_a_channel_part_or_shuffle_taken_the_other_way_fails_parity(framework: str, module: str, spellings: dict,
                                                                    tmp_path: Path, capsys, monkeypatch) -> None:
    """A shuffle whose grid is transposed, a chunk that takes its parts from the other end, a channels-last shuffle
    whose Reshape splits C as (C / g, g): each rendering still builds and keeps every shape, so only the forward
    check on the probe (a split of 12 channels, shuffles in 2 and 4 groups) can see it."""
    import importlib

    pytest.importorskip({"torch": "torch", "paddle": "paddle", "keras": "keras"}[framework])
    render = importlib.import_module(module)
    if framework == "keras":
        monkeypatch.setattr(render, "SHUFFLE_CHANNELS", render.SHUFFLE_CHANNELS.replace(
            "(height, width, groups, channels // groups)", "(height, width, channels // groups, groups)"))
    for op, spelling in spellings.items():
        monkeypatch.setitem(render.STATELESS, op, spelling)
    spec = TEST_SPECS / "shuffle_probe.yaml"
    assert main(["parity", str(spec), "--frameworks", framework, "--reports", str(tmp_path), *IN_PROCESS]) == 1
    assert f"FAILED: shuffle_probe/{framework} (forward" in capsys.readouterr().err
