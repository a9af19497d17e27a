"""Divergence localisation (`parity --trace`), `rosetta port` between every pair of stacks, ONNX, GPU skips."""

from __future__ import annotations

import itertools
import os
import pickle
from pathlib import Path

import numpy as np
import pytest

from frameworks.base import get_framework, installed
from frameworks.pytorch.onnx_export import onnx_forward, onnx_unavailable
from rosetta.cli import main
from rosetta.parity import first_divergence
from shared_specs import oracle, weights
from shared_specs.compare import FORWARD_TOLERANCE, relative_error
from shared_specs.registry import get_model

from .conftest import TEST_SPECS, framework_params, needs, needs_all_frameworks


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("framework", framework_params())
@pytest.mark.parametrize("name,layer", [("lenet5_classic", "c3"), ("resnet18", "layer2.1.conv1")])
def test_trace_names_the_layer_with_a_transposed_kernel(framework: str, name: str, layer: str) -> None:
    """The classic porting bug, injected: one kernel loaded with H and W swapped."""
    model, fw = get_model(name), get_framework(framework)
    w = weights.init(model)
    x = np.random.default_rng(1).standard_normal((2, *model.input_shape)).astype(np.float32)
    want: dict[str, np.ndarray] = {}
    oracle.forward(model, x, w, trace=want)
    native = fw.build(model)
    fw.load_canonical(native, model, w)
    healthy = first_divergence(fw.trace(native, model, x), want)
    assert not healthy.diverged and healthy.compared >= 5
    faulty = dict(w, **{f"{layer}.weight": np.ascontiguousarray(w[f"{layer}.weight"].transpose(0, 1, 3, 2))})
    fw.load_canonical(native, model, faulty)
    found = first_divergence(fw.trace(native, model, x), want)
    assert found.layer == layer and found.error > 1e-2, str(found)


def test_trace_command_reports_each_framework(capsys) -> None:
    code, out, err = run(capsys, "parity", "lenet5_classic", "--trace", "--frameworks", "torch,keras")
    assert code == 0, err
    *lines, log = out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["torch", "keras"]
    assert all("no divergence over" in line for line in lines)
    assert log == "framework and library messages: reports/parity.log"


@needs("torch")
def test_trace_command_fails_and_names_the_layer_a_wrong_adapter_breaks(capsys, monkeypatch) -> None:
    fw = type(get_framework("torch"))
    load = fw.load_canonical

    def transposed_c3(self, native, model, w) -> None:
        load(self, native, model, dict(w, **{"c3.weight": np.ascontiguousarray(w["c3.weight"].transpose(0, 1, 3, 2))}))

    monkeypatch.setattr(fw, "load_canonical", transposed_c3)
    code, out, err = run(capsys, "parity", "lenet5_classic", "--trace", "--frameworks", "torch")
    assert code == 1 and out.startswith("torch: first diverging layer c3:"), out


def save_torch_state(path: Path, state: dict) -> None:
    import torch

    torch.save({k: torch.from_numpy(v) for k, v in state.items()}, path)


@needs_all_frameworks
def test_port_round_trip_through_every_stack_is_bitwise(tmp_path: Path, capsys) -> None:
    start = tmp_path / "w.safetensors"
    assert run(capsys, "init", "lenet5_classic", "--seed", "5", "-o", str(start))[0] == 0
    chain = [("canonical", start), ("torch", tmp_path / "m.pt"), ("paddle", tmp_path / "m.pdparams"),
             ("keras", tmp_path / "m.weights.h5"), ("canonical", tmp_path / "back.safetensors")]
    for (source, src), (target, dst) in itertools.pairwise(chain):
        code, out, err = run(capsys, "port", "lenet5_classic", "--from", source, "--weights", str(src),
                             "--to", target, "-o", str(dst))
        assert code == 0, err
        error = float(out.split("relative ")[1].split()[0])
        assert error <= FORWARD_TOLERANCE and "bitwise equal" in out
    first, last = weights.load(start), weights.load(chain[-1][1])
    assert first.keys() == last.keys() and all(np.array_equal(first[k], last[k]) for k in first)
    assert not list(tmp_path.glob(".*"))  # no temp files left behind


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_port_reads_a_torch_state_dict_saved_as_safetensors(tmp_path: Path, capsys) -> None:
    """safetensors.torch.save_file(model.state_dict()) keeps BN's step counters; they are not weights."""
    import torch
    from safetensors.torch import save_file

    model, fw = get_model("resnet18"), get_framework("torch")
    native = fw.build(model)
    fw.load_canonical(native, model, weights.init(model, seed=4))
    state = native.state_dict()
    assert any(k.endswith("num_batches_tracked") for k in state)
    save_file({k: v.contiguous() for k, v in state.items()}, str(tmp_path / "m.safetensors"))
    code, _, err = run(capsys, "port", "resnet18", "--from", "torch", "--weights", str(tmp_path / "m.safetensors"),
                       "--to", "torch", "-o", str(tmp_path / "m.pt"))
    assert code == 0, err
    back = torch.load(tmp_path / "m.pt", weights_only=True)
    assert all(torch.equal(back[k], v) for k, v in state.items())


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_port_refuses_a_checkpoint_of_another_spec(tmp_path: Path, capsys) -> None:
    other = weights.init(get_model("lenet5_torch"))
    save_torch_state(tmp_path / "m.pt", other)
    code, _, err = run(capsys, "port", "lenet5_classic", "--from", "torch", "--weights", str(tmp_path / "m.pt"),
                       "--to", "canonical", "-o", str(tmp_path / "out.safetensors"))
    assert code == 2 and err.count("\n") == 1
    assert "m.pt do not fit lenet5_classic: missing c1.weight" in err and "unexpected conv1.weight" in err
    assert not (tmp_path / "out.safetensors").exists()


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_port_names_a_misshaped_tensor(tmp_path: Path, capsys) -> None:
    state = weights.init(get_model("lenet5_classic"))
    state["f6.weight"] = state["f6.weight"].T.copy()
    save_torch_state(tmp_path / "m.pt", state)
    code, _, err = run(capsys, "port", "lenet5_classic", "--from", "torch", "--weights", str(tmp_path / "m.pt"),
                       "--to", "canonical", "-o", str(tmp_path / "o.safetensors"))
    assert code == 2 and "misshaped f6.weight expected [84, 120] got [120, 84]" in err


class Payload:
    """Pickles to a call of os.system: what a hostile checkpoint would carry."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        import os

        return os.system, (f"touch {self.marker}",)


@pytest.mark.parametrize("source,suffix", [("paddle", ".pdparams"), ("torch", ".pt")])
def test_hostile_pickles_are_refused_unexecuted(tmp_path: Path, capsys, source: str, suffix: str) -> None:
    if source == "torch" and not installed("torch"):
        pytest.skip("torch is not installed")
    marker, path = tmp_path / "pwned", tmp_path / f"evil{suffix}"
    path.write_bytes(pickle.dumps({"c1.weight": Payload(marker)}))
    code, _, err = run(capsys, "port", "lenet5_classic", "--from", source, "--weights", str(path),
                       "--to", "canonical", "-o", str(tmp_path / "o.safetensors"))
    assert code == 2 and err.count("\n") == 1 and str(path) in err
    assert not marker.exists()


def test_pdparams_are_read_without_paddle_semantics_beyond_arrays(tmp_path: Path) -> None:
    """A real paddle.save file round-trips through the arrays-only unpickler (needs Paddle only to write it)."""
    if not installed("paddle"):
        pytest.skip("paddle is not installed")
    model, fw = get_model("lenet5_classic"), get_framework("paddle")
    native = fw.build(model)
    fw.load_canonical(native, model, weights.init(model, seed=2))
    fw.write_checkpoint(native, tmp_path / "m.pdparams")
    back = fw.read_checkpoint(tmp_path / "m.pdparams", model)
    assert all(np.array_equal(back[k], v) for k, v in weights.init(model, seed=2).items())


@pytest.mark.skipif(not installed("keras"), reason="keras is not installed")
def test_keras_weights_of_another_spec_are_refused(tmp_path: Path, capsys) -> None:
    fw = get_framework("keras")
    fw.build(get_model("lenet5_classic")).save_weights(tmp_path / "m.weights.h5")
    code, _, err = run(capsys, "port", "lenet5_keras", "--from", "keras", "--weights", str(tmp_path / "m.weights.h5"),
                       "--to", "canonical", "-o", str(tmp_path / "o.safetensors"))
    assert code == 2 and err.count("\n") == 1
    assert "does not fit lenet5_keras: misshaped layers/dense/vars/0 expected [256, 120] got [400, 120]" in err


@pytest.mark.parametrize("argv,message", [
    (("port", "lenet5_classic", "--from", "torch", "--weights", "x.pt", "--to", "keras", "-o", "out.h5"),
     "-o out.h5: keras weights files end in .weights.h5"),
    (("port", "lenet5_classic", "--from", "caffe", "--weights", "x", "--to", "keras", "-o", "o"),
     "argument --from: invalid choice: 'caffe'"),
    (("port", "lenet5_classic", "--from", "canonical", "--weights", "missing.safetensors", "--to", "torch",
      "-o", "o.pt"), "missing.safetensors: no such file"),
    (("parity", "lenet5_classic", "resnet18", "--trace"), "parity --trace: name exactly one SPEC"),
    (("parity", "--device", "tpu"), "argument --device: invalid choice: 'tpu'"),
])
def test_bad_port_and_parity_arguments_are_one_line(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err, err


@pytest.mark.skipif(onnx_unavailable("cpu") is not None, reason=str(onnx_unavailable("cpu")))
@pytest.mark.parametrize("name", ["lenet5_classic", "resnet18", str(TEST_SPECS / "shuffle_probe.yaml")])
def test_onnx_runtime_matches_the_oracle(name: str) -> None:
    """The shuffle probe's channel_shuffle has no TorchScript export: it takes the torch.export exporter."""
    model, fw = get_model(name), get_framework("torch")
    w = weights.init(model)
    native = fw.build(model)
    fw.load_canonical(native, model, w)
    x = np.random.default_rng(1).standard_normal((2, *model.input_shape)).astype(np.float32)
    assert relative_error(onnx_forward(native, x), oracle.forward(model, x, w)) <= FORWARD_TOLERANCE


@needs_all_frameworks
def test_a_gpu_asked_of_a_machine_without_one_names_what_is_missing() -> None:
    """What each framework's CPU build says when asked for a GPU: what to install or switch, not a bare
    "unavailable" (Keras on its TensorFlow backend)."""
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        pytest.skip("the Keras reason is the TensorFlow backend's")
    reasons = {f: get_framework(f, "gpu").unavailable() for f in ("torch", "paddle", "keras")}
    if not all(reasons.values()):
        pytest.skip("a GPU is usable here")
    assert reasons == {"torch": "torch.cuda.is_available() is False",
                       "paddle": "this paddlepaddle build has no CUDA (pip install paddlepaddle-gpu)",
                       "keras": "TensorFlow sees no GPU (set KERAS_BACKEND=jax or torch)"}


def test_gpu_cells_skip_with_their_reason_where_there_is_no_gpu(tmp_path: Path, capsys) -> None:
    reasons = {f: get_framework(f, "gpu").unavailable() for f in ("torch", "paddle", "keras")}
    if not all(reasons.values()):
        pytest.skip("a GPU is usable here; the GPU run is a `make parity DEVICE=gpu` job, not a unit test")
    code, out, err = run(capsys, "parity", "lenet5_classic", "--device", "gpu", "--reports", str(tmp_path))
    assert code == 0, err
    for framework, reason in reasons.items():
        assert f"| lenet5_classic | {framework} | skipped: {reason} |" in out
    assert "0 cells pass, none fail, 4 skipped" in out
    assert (tmp_path / "parity-gpu.json").exists()


@pytest.mark.skipif(not installed("keras"), reason="keras is not installed")
def test_parity_fails_and_lists_the_cell_when_an_adapter_is_wrong(tmp_path: Path, capsys, monkeypatch) -> None:
    """The classic flatten bug put back into the Keras adapter: the matrix must catch it, not just the tests."""
    import frameworks.keras3.framework as keras_adapter

    right = keras_adapter.canonical_to_keras
    monkeypatch.setattr(keras_adapter, "canonical_to_keras",
                        lambda node, param, value, target=None: value.T if node.op == "linear" and param == "weight"
                        else right(node, param, value, target))
    code, out, err = run(capsys, "parity", "lenet5_classic", "--frameworks", "keras", "--reports", str(tmp_path),
                         "--no-cache")  # the patched adapter runs here, in this process
    assert code == 1
    verdict, hint = err.splitlines()[-2:]  # after the progress lines
    assert verdict.startswith("FAILED: lenet5_classic/keras (forward ") and "round trip" in verdict
    assert hint.strip().startswith("rosetta parity lenet5_classic --trace")
    assert "| lenet5_classic | keras | ✓ |" in out and (tmp_path / "parity.md").exists()


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_parity_runs_on_given_weights(tmp_path: Path, capsys) -> None:
    path = tmp_path / "w.safetensors"
    run(capsys, "init", "lenet5_classic", "--seed", "7", "-o", str(path))
    code, _, err = run(capsys, "parity", "lenet5_classic", "--frameworks", "torch", "--weights", str(path),
                       "--reports", str(tmp_path))
    assert code == 0, err
    code, _, err = run(capsys, "parity", "resnet18", "--weights", str(path))
    assert code == 2 and "w.safetensors do not fit resnet18: missing conv1.weight" in err


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_a_cell_that_raises_fails_alone_and_the_matrix_goes_on(tmp_path: Path, capsys, monkeypatch) -> None:
    """A framework that breaks on one spec (here: torch's forward raising) is one failed cell with the reason;
    the other specs still run and the run exits 1."""
    from frameworks.pytorch.framework import TorchFramework

    right = TorchFramework.forward

    def broken(self, native, x, training=False, dropout=True):
        if x.shape[1:] == (1, 32, 32) and x.dtype == "float32":  # lenet5_classic's cell, not its float64 reference
            raise RuntimeError("injected failure\nsecond line")
        return right(self, native, x, training, dropout)

    monkeypatch.setattr(TorchFramework, "forward", broken)
    code, out, err = run(capsys, "parity", "lenet5_classic", "lenet5_torch", "--no-cache", "--frameworks", "torch",
                         "--reports", str(tmp_path))
    assert code == 1
    assert "FAILED: lenet5_classic/torch (RuntimeError: injected failure)" in err
    assert "| lenet5_torch | torch | ✓ |" in out


@pytest.mark.skipif(not installed("paddle"), reason="paddle is not installed")
def test_a_safetensors_file_is_canonical_whichever_framework_is_named(tmp_path: Path, capsys) -> None:
    """`--from paddle` with a .safetensors file reads it as canonical weights, not as a .pdparams pickle."""
    weights.save(tmp_path / "w.safetensors", weights.init(get_model("lenet5_torch"), seed=2))
    code, _, err = run(capsys, "port", "lenet5_torch", "--from", "paddle", "--weights", str(tmp_path / "w.safetensors"),
                       "--to", "canonical", "-o", str(tmp_path / "back.safetensors"))
    assert code == 0, err


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_init_writes_a_torch_checkpoint_for_a_pth_name(tmp_path: Path, capsys) -> None:
    import torch

    code, _, err = run(capsys, "init", "lenet5_torch", "-o", str(tmp_path / "w.pth"))
    assert code == 0, err
    assert set(torch.load(tmp_path / "w.pth", weights_only=True)) == set(get_model("lenet5_torch").tensor_shapes())
