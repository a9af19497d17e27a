"""Bad input gets one line and exit 2; weight files are validated and written atomically."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from frameworks.base import get_framework, installed
from frameworks.keras3.framework import canonical_to_keras
from rosetta.cli import main
from shared_specs import oracle, weights
from shared_specs.errors import WeightsError
from shared_specs.registry import get_model


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_lenet5_classic_table(capsys) -> None:
    code, out, _ = run(capsys, "show", "lenet5_classic")
    assert code == 0
    counts = [line.split()[-1] for line in out.splitlines() if line.split()[:1] and line.split()[0] in
              ("c1", "s2", "c3", "s4", "flatten", "c5", "f6", "output")]
    assert counts == ["156", "0", "2,416", "0", "0", "48,120", "10,164", "850"]
    assert "trainable params: 61,706" in out


@pytest.mark.parametrize("argv,message", [
    (("show", "lenet5_clasic"), "no model 'lenet5_clasic' (did you mean 'lenet5_classic'?)"),
    (("render", "lenet", "--framework", "tf"), "argument --framework/-f: invalid choice: 'tf'"),
    (("parity", "--frameworks", "jax"), "unknown framework 'jax'"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
])
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv, message) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("rosetta: error: ") and message in err, err


def test_init_writes_deterministic_safetensors(tmp_path: Path, capsys) -> None:
    a, b = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    assert run(capsys, "init", "lenet5_classic", "--seed", "3", "-o", str(a))[0] == 0
    assert run(capsys, "init", "lenet5_classic", "--seed", "3", "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.safetensors", "b.safetensors"]  # no temp file left
    loaded = weights.load(a)
    weights.validate(get_model("lenet5_classic"), loaded)
    assert loaded["c1.weight"].shape == (6, 1, 5, 5) and loaded["c5.weight"].shape == (120, 400)


def test_weight_mismatch_names_every_tensor() -> None:
    model = get_model("lenet5_classic")
    w = weights.init(model)
    del w["f6.bias"]
    w["c1.weight"] = np.zeros((6, 1, 3, 3), np.float32)
    w["extra"] = np.zeros(1, np.float32)
    with pytest.raises(WeightsError) as caught:
        weights.validate(model, w, "w.safetensors")
    assert str(caught.value) == ("w.safetensors do not fit lenet5_classic: missing f6.bias; unexpected extra; "
                                 "misshaped c1.weight expected [6, 1, 5, 5] got [6, 1, 3, 3]")


def test_unreadable_weight_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"not a safetensors file")
    with pytest.raises(WeightsError, match="bad.safetensors: not a readable safetensors file"):
        weights.load(bad)


@pytest.mark.skipif(not installed("keras"), reason="keras is not installed")
def test_keras_flatten_permutation_is_what_makes_lenet5_match() -> None:
    """lenet5_classic flattens a 5x5x16 map: a plain transpose of the first Dense is wrong, the permutation right."""
    model, fw = get_model("lenet5_classic"), get_framework("keras")
    native = fw.build(model)
    w = weights.init(model)
    x = np.random.default_rng(2).standard_normal((2, 1, 32, 32)).astype(np.float32)
    want = oracle.forward(model, x.astype(np.float64), w)
    fw.load_canonical(native, model, w)
    assert np.abs(fw.forward(native, x) - want).max() < 1e-5
    c5 = native.get_layer("c5")
    assert np.array_equal(c5.get_weights()[0], canonical_to_keras(model.node("c5"), "weight", w["c5.weight"]))
    c5.set_weights([w["c5.weight"].T, w["c5.bias"]])  # the classic porting bug
    assert np.abs(fw.forward(native, x) - want).max() > 1e-2


USER_SPEC = """\
family: my_net
source: "a user's own net"
models:
  my_net:
    class_name: MyNet
    input: [3, 16, 16]
    arguments: {num_classes: 4}
    layers:
      - {name: conv, op: conv2d, out_channels: 8, kernel_size: 3, padding: 1, activation: relu}
      - {name: pool, op: max_pool2d, kernel_size: 2}
      - {op: flatten}
      - {name: fc, op: linear, out_features: "${num_classes}"}
"""


def test_a_users_spec_file_works_from_any_path(tmp_path: Path, capsys, monkeypatch) -> None:
    spec = tmp_path / "elsewhere" / "my_net.yaml"
    spec.parent.mkdir()
    spec.write_text(USER_SPEC)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "show", str(spec))
    assert code == 0 and "trainable params: 2,276" in out  # conv (27+1)*8, fc (8*8*8+1)*4
    code, out, _ = run(capsys, "render", str(spec), "-f", "torch")
    assert code == 0 and "class MyNet(nn.Module):" in out and "nn.Linear(8 * 8 * 8, num_classes)" in out
    assert run(capsys, "init", str(spec), "-o", str(tmp_path / "w.safetensors"))[0] == 0
    if installed("torch"):
        code, out, _ = run(capsys, "parity", str(spec), "--frameworks", "torch", "--reports", str(tmp_path / "r"))
        assert code == 0 and "my_net" in (tmp_path / "r" / "parity.md").read_text()


def test_a_users_spec_error_names_that_file_and_line(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "my_net.yaml"
    spec.write_text(USER_SPEC.replace("kernel_size: 2}", "kernel_size: 2, stide: 2}"))
    code, out, err = run(capsys, "show", str(spec))
    assert code == 2 and out == ""
    assert f"{spec}:10: layer 'pool'" in err and "unknown field 'stide' for max_pool2d (did you mean 'stride'?)" in err, err
    code, _, err = run(capsys, "show", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml: no such spec file" in err


def test_init_draws_what_its_docstring_promises() -> None:
    """LeCun normal weights (std 1/sqrt(fan in)), biases uniform within +-1/sqrt(fan in), batch-norm scale and
    variance in [0.5, 1.5), shift and mean with std 0.1: statistics of ResNet-18's large tensors."""
    values = weights.init(get_model("resnet18"), seed=0)
    conv = values["layer4.0.conv2.weight"]  # 512 x 512 x 3 x 3, fan in 4608
    assert abs(conv.std() * np.sqrt(4608) - 1.0) < 0.01 and abs(conv.mean()) < 1e-3
    fc_bias, bound = values["fc.bias"], 1 / np.sqrt(512)
    assert fc_bias.min() >= -bound and fc_bias.max() <= bound and fc_bias.max() - fc_bias.min() > 1.8 * bound
    for stat in ("weight", "running_var"):
        near_one = np.concatenate([v for k, v in values.items() if ".bn" in k and k.endswith(stat)])
        assert near_one.min() >= 0.5 and near_one.max() < 1.5 and abs(near_one.mean() - 1.0) < 0.02
    for stat in ("bias", "running_mean"):
        near_zero = np.concatenate([v for k, v in values.items() if ".bn" in k and k.endswith(stat)])
        assert abs(near_zero.std() - 0.1) < 0.005 and abs(near_zero.mean()) < 0.01
    assert all(v.dtype == np.float32 for v in values.values())
    assert not np.array_equal(weights.init(get_model("resnet18"), seed=1)["fc.bias"], fc_bias)


@pytest.mark.parametrize("head,kind", [
    (b"", "an empty file"), (b"PK\x03\x04rest", "a zip archive (torch.save's format)"),
    (b"\x89HDF\r\n\x1a\nrest", "an HDF5 file (Keras .weights.h5)"),
    (b"\x80\x02}q\x00.", "a protocol-2 pickle (paddle.save's .pdparams or a legacy torch.save)"),
    (b"\x80\x04\x95", "a protocol-4 pickle (paddle.save's .pdparams or a legacy torch.save)"),
    (b"\x10\x00\x00\x00\x00\x00\x00\x00{\"a\": 1}      ", "a safetensors file"),
    (b"family: x\n\tmodels: {}\n", "a text file"), (b"\x00\x01\x02\x03\xff", "unrecognised binary data"),
    (b"\x7fELF\x02\x01\x01", "unrecognised binary data"),
    (b"\x01\x00\x00\x00\x00\x00\x00\x00{", "a safetensors file"),  # the shortest: an 8-byte size and "{"
    (b"\xff\xe0\xf5\x05\x00\x00\x00\x00{", "a safetensors file"),  # header size 99,999,999: plausible
    (b"\x00\xe1\xf5\x05\x00\x00\x00\x00{", "unrecognised binary data"),  # 100,000,000: not a header size
    (b" leading space", "a text file"), (b"text\x7f", "unrecognised binary data"),  # printable is 32..126
    (b"sixteen letters!\x00", "a text file"),  # only the first 16 bytes are looked at
])
def test_describe_names_a_file_by_its_first_bytes(tmp_path: Path, head: bytes, kind: str) -> None:
    (tmp_path / "f").write_bytes(head)
    assert weights.describe(tmp_path / "f") == kind


def test_a_device_is_named_as_one() -> None:
    with pytest.raises(WeightsError, match="/dev/null: a device, not a weights file"):
        weights.source_file("/dev/null")


@pytest.mark.parametrize("count, tail", [(6, "f5"), (7, "f5 and 1 more")])
def test_long_lists_of_tensors_are_cut_at_six(count: int, tail: str) -> None:
    with pytest.raises(WeightsError) as error:
        weights.check_layout({f"f{i}": (1,) for i in range(count)}, {}, "w")
    assert str(error.value).endswith(f"missing f0, f1, f2, f3, f4, {tail}")


def test_output_folders_are_made_with_their_parents_and_may_exist(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "c"
    assert weights.prepare_folder(folder) == folder and folder.is_dir()
    assert weights.prepare_folder(folder) == folder


def test_a_new_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """Not mkstemp's private 0600: what open() would give, 0666 less the umask."""
    import os

    umask = os.umask(0o022)
    try:
        weights.write_atomic(tmp_path / "report.md", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "report.md").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("argv, every", [((), False), (("--full",), True)])
def test_parity_without_names_runs_the_default_set_and_full_runs_the_catalogue(capsys, monkeypatch, tmp_path: Path,
                                                                               argv: tuple[str, ...],
                                                                               every: bool) -> None:
    from rosetta import parity
    from shared_specs.registry import list_models

    ran = {}
    monkeypatch.setattr(parity, "run", lambda names, *args: ran.setdefault("names", names) and 0)
    assert run(capsys, "parity", *argv, "--reports", str(tmp_path))[0] == 0
    assert ran["names"] == (list_models() if every else parity.default_models())
    assert ("vgg16" in ran["names"]) == every


@pytest.mark.skipif(not installed("torch"), reason="torch is not installed")
def test_parity_keeps_its_probes_beside_the_reports_and_no_cache_keeps_none(capsys, tmp_path: Path) -> None:
    import json

    argv = ("parity", "lenet5_classic", "--frameworks", "torch")
    for _ in range(2):
        assert run(capsys, *argv, "--reports", str(tmp_path / "r"))[0] == 0
    second = json.loads((tmp_path / "r" / "parity.json").read_text())
    assert sorted(second["probe_seconds"]["lenet5_classic"]) == ["cache read", "inputs"]
    assert [(c["framework"], c["kept"]) for c in second["cells"]] == [("torch", True), ("onnx", True)]
    assert "| lenet5_classic | torch |" in (tmp_path / "r" / "parity.md").read_text()
    assert len(list((tmp_path / "r" / "probe-cache").iterdir())) == 3  # the probe and its two cells
    assert run(capsys, *argv, "--reports", str(tmp_path / "n"), "--no-cache")[0] == 0
    assert "oracle forward" in json.loads((tmp_path / "n" / "parity.json").read_text())["probe_seconds"]["lenet5_classic"]
    assert sorted(p.name for p in (tmp_path / "n").iterdir()) == ["parity.json", "parity.log", "parity.md"]
    (tmp_path / "file").write_text("")
    code, out, err = run(capsys, *argv, "--reports", str(tmp_path / "x"), "--cache", str(tmp_path / "file" / "c"))
    assert code == 2 and err.count("\n") == 1 and f"{tmp_path / 'file' / 'c'}: cannot create this folder" in err, err
