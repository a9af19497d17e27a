"""Bad checkpoints, destinations and arguments, each built here in a temp dir: every one ends in a non-zero exit
and one line naming the problem, no traceback, the destination intact or absent and no temp file left."""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import stat
import struct
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from rosetta.cli import main
from shared_specs import weights as weight_io
from shared_specs.compare import worst
from shared_specs.registry import get_model

from .conftest import needs

SPEC = "lenet5_torch"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def canonical() -> dict[str, np.ndarray]:
    return weight_io.init(get_model(SPEC), seed=0)


def refused(capsys, argv: list[str], *needles: str) -> str:
    """Runs the CLI, asserts exit 2 with one stderr line holding every needle; returns that line."""
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    return err


def no_temp_files(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")], list(folder.iterdir())


def port(source: str, path: Path, target: str, out: Path) -> list[str]:
    return ["port", SPEC, "--from", source, "--weights", str(path), "--to", target, "-o", str(out)]


# ---------------------------------------------------------------------------------------- verification

def test_a_probe_output_that_overflows_is_refused(tmp_path: Path, capsys, canonical) -> None:
    """Finite weights x 1e30 overflow fp32: the probe comparison is NaN, which must not pass as 'within'."""
    source = tmp_path / "huge.safetensors"
    huge = {k: v * np.float32(1e30) for k, v in canonical.items()}
    weight_io.save(source, huge)
    largest = sorted(huge, key=lambda k: -np.abs(huge[k]).max())[0]
    refused(capsys, port("canonical", source, "torch", tmp_path / "out.pt"),
            "torch's output is not finite", "nan", "nothing written", f"the largest weight is {largest} with")
    assert not (tmp_path / "out.pt").exists()
    no_temp_files(tmp_path)


def test_a_probe_where_one_output_overflows_is_refused(tmp_path: Path, capsys, canonical) -> None:
    """One class's weights at fp32's largest value: that logit alone is infinite; one non-finite value is enough."""
    source = tmp_path / "one.safetensors"
    weight_io.save(source, {**canonical, "fc3.bias": np.where(np.arange(10) == 3, np.finfo(np.float32).max,
                                                              canonical["fc3.bias"]).astype(np.float32),
                            "fc3.weight": np.where(np.arange(10)[:, None] == 3, np.finfo(np.float32).max,
                                                   canonical["fc3.weight"]).astype(np.float32)})
    err = refused(capsys, port("canonical", source, "torch", tmp_path / "out.pt"), "output is not finite",
                  "nothing written")
    counts, size = re.search(r"\((.*) of (\d+) values\)", err).groups()
    assert 0 < sum(int(n) for n in re.findall(r"(\d+) (?:nan|inf)", counts)) < int(size), err
    assert not (tmp_path / "out.pt").exists()


@needs("torch")
def test_parity_on_weights_that_overflow_fails(tmp_path: Path, capsys, canonical) -> None:
    """Every error of that run is NaN or Inf; none of them may read as within its bound."""
    weight_io.save(tmp_path / "huge.safetensors", {k: v * np.float32(1e30) for k, v in canonical.items()})
    assert main(["parity", SPEC, "--frameworks", "torch", "--weights", str(tmp_path / "huge.safetensors"),
                 "--reports", str(tmp_path / "reports")]) == 1
    assert f"FAILED: {SPEC}/torch (forward nan" in capsys.readouterr().err


def test_the_worst_of_errors_is_nan_when_any_is() -> None:
    assert np.isnan(worst([0.5, np.nan, 0.1])) and np.isnan(worst([np.nan, 0.5])) and worst([0.1, 0.5]) == 0.5


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_weights_are_refused_by_name(tmp_path: Path, capsys, canonical, bad: float) -> None:
    source = tmp_path / "bad.safetensors"
    weight_io.save(source, {**canonical, "fc2.bias": np.where(np.arange(84) == 3, bad, canonical["fc2.bias"])
                            .astype(np.float32)})
    refused(capsys, port("canonical", source, "torch", tmp_path / "out.pt"), "non-finite values in fc2.bias")


@needs("torch")
@pytest.mark.parametrize("dtype", ["int32", "int64", "uint8", "bool", "complex64", "float64"])
def test_torch_tensors_that_are_not_float32_weights_are_refused_by_name(tmp_path: Path, capsys, canonical,
                                                                        dtype: str) -> None:
    import torch

    source = tmp_path / "state.pt"
    torch.save({k: torch.from_numpy(v).to(getattr(torch, dtype)) for k, v in canonical.items()}, source)
    refused(capsys, port("torch", source, "canonical", tmp_path / "out.safetensors"),
            "canonical weights are float32", f"conv1.weight ({dtype})")
    assert not (tmp_path / "out.safetensors").exists()


@pytest.mark.parametrize("dtype", ["int32", "uint8", "bool", "float64"])
def test_safetensors_that_are_not_float32_weights_are_refused_by_name(tmp_path: Path, capsys, canonical,
                                                                      dtype: str) -> None:
    from safetensors.numpy import save_file

    source = tmp_path / "w.safetensors"
    save_file({k: v.astype(dtype) for k, v in canonical.items()}, str(source))
    refused(capsys, port("canonical", source, "torch", tmp_path / "out.pt"), f"conv1.weight ({dtype})")


@needs("paddle")
@pytest.mark.parametrize("dtype", ["int64", "float64"])
def test_pdparams_that_are_not_float32_weights_are_refused_by_name(tmp_path: Path, capsys, canonical,
                                                                   dtype: str) -> None:
    from frameworks.paddlepaddle.framework import to_state

    source = tmp_path / "w.pdparams"
    source.write_bytes(pickle.dumps({k: v.astype(dtype) for k, v in to_state(get_model(SPEC), canonical).items()}))
    refused(capsys, port("paddle", source, "canonical", tmp_path / "out.safetensors"), f"({dtype})")


@needs("keras")
@pytest.mark.parametrize("dtype", ["int32", "float64"])
def test_keras_weights_that_are_not_float32_are_refused_by_name(tmp_path: Path, capsys, dtype: str) -> None:
    import h5py

    source = keras_file(tmp_path, capsys)
    with h5py.File(source, "r+") as handle:
        value = handle["layers/dense/vars/0"][...]
        del handle["layers/dense/vars/0"]
        handle["layers/dense/vars/0"] = value.astype(dtype)
    refused(capsys, port("keras", source, "canonical", tmp_path / "out.safetensors"),
            f"layers/dense/vars/0 ({dtype})")


def test_float16_and_bfloat16_are_widened_exactly_and_said(tmp_path: Path, capsys, canonical) -> None:
    from safetensors.numpy import save_file

    half = {k: v.astype(np.float16) for k, v in canonical.items()}
    save_file(half, str(tmp_path / "half.safetensors"))
    loaded = weight_io.load(tmp_path / "half.safetensors")
    assert all(loaded[k].dtype == np.float32 and np.array_equal(loaded[k], v.astype(np.float32))
               for k, v in half.items())
    assert "10 float16 tensors widened to float32" in capsys.readouterr().err
    # bfloat16 by hand: a float32's top 16 bits, in a safetensors file written byte by byte (NumPy has no bfloat16)
    bits = {k: (v.view(np.uint32) >> 16).astype("<u2") for k, v in canonical.items()}
    header, offset = {}, 0
    for key, value in bits.items():
        header[key] = {"dtype": "BF16", "shape": list(value.shape), "data_offsets": [offset, offset + value.nbytes]}
        offset += value.nbytes
    text = json.dumps(header).encode()
    (tmp_path / "bf16.safetensors").write_bytes(struct.pack("<Q", len(text)) + text
                                                + b"".join(v.tobytes() for v in bits.values()))
    loaded = weight_io.load(tmp_path / "bf16.safetensors")
    assert all(np.array_equal(loaded[k], (b.astype(np.uint32) << 16).view(np.float32)) for k, b in bits.items())
    assert "bfloat16 tensors widened" in capsys.readouterr().err


def keras_file(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "w.weights.h5"
    assert main(["init", SPEC, "-o", str(path)]) == 0
    capsys.readouterr()
    return path


@needs("keras")
def test_a_keras_file_with_an_extra_or_missing_dataset_is_refused(tmp_path: Path, capsys) -> None:
    import h5py

    source = keras_file(tmp_path, capsys)
    with h5py.File(source, "r+") as handle:
        handle["layers/extra/vars/0"] = np.zeros(3, np.float32)
    refused(capsys, port("keras", source, "canonical", tmp_path / "out.safetensors"),
            "unexpected layers/extra/vars/0")
    with h5py.File(source, "r+") as handle:
        del handle["layers/extra"]
        del handle["layers/dense_2/vars/1"]
    refused(capsys, port("keras", source, "canonical", tmp_path / "out.safetensors"), "missing layers/dense_2/vars/1")


@needs("torch")
def test_torch_files_with_integer_keys_or_meta_tensors_are_refused(tmp_path: Path, capsys, canonical) -> None:
    import torch

    torch.save({i: torch.from_numpy(v) for i, v in enumerate(canonical.values())}, tmp_path / "keys.pt")
    refused(capsys, port("torch", tmp_path / "keys.pt", "canonical", tmp_path / "o.safetensors"),
            "keys must be tensor names, got 0, 1")
    torch.save({k: torch.empty(v.shape, device="meta") for k, v in canonical.items()}, tmp_path / "meta.pt")
    refused(capsys, port("torch", tmp_path / "meta.pt", "canonical", tmp_path / "o.safetensors"),
            "without dense data", "conv1.weight")


@needs("torch")
def test_torch_files_that_are_not_a_state_dict_are_named(tmp_path: Path, capsys, canonical) -> None:
    """An object torch's restricted unpickler refuses is named by its global; a list, or a dict holding more than
    tensors, is not a state_dict."""
    import argparse

    import torch

    torch.save({"args": argparse.Namespace(lr=0.1)}, tmp_path / "object.pt")
    refused(capsys, port("torch", tmp_path / "object.pt", "canonical", tmp_path / "o.safetensors"),
            "not a weights-only torch checkpoint: it holds an object of class argparse.Namespace (tensors")
    torch.save([torch.from_numpy(v) for v in canonical.values()], tmp_path / "list.pt")
    refused(capsys, port("torch", tmp_path / "list.pt", "canonical", tmp_path / "o.safetensors"),
            "expected a state_dict (tensor name -> tensor), got list")
    torch.save({**{k: torch.from_numpy(v) for k, v in canonical.items()}, "epoch": 3}, tmp_path / "mixed.pt")
    refused(capsys, port("torch", tmp_path / "mixed.pt", "canonical", tmp_path / "o.safetensors"),
            "expected a state_dict (tensor name -> tensor), got dict")


@needs("paddle")
@pytest.mark.parametrize("protocol", [2, 3, 4])
def test_what_paddle_save_writes_is_read_with_every_protocol(tmp_path: Path, capsys, canonical, protocol: int) -> None:
    from frameworks.base import get_framework

    fw = get_framework("paddle")
    native = fw.build(get_model(SPEC))
    fw.load_canonical(native, get_model(SPEC), canonical)
    fw.require().save(native.state_dict(), str(tmp_path / "w.pdparams"), protocol=protocol)
    assert main(port("paddle", tmp_path / "w.pdparams", "canonical", tmp_path / "out.safetensors")) == 0
    back = weight_io.load(tmp_path / "out.safetensors")
    assert all(np.array_equal(back[k], v) for k, v in canonical.items())


def test_protocol_2_byte_strings_admit_latin1_only(tmp_path: Path, capsys) -> None:
    """`_codecs.encode` is what protocol 2 needs for bytes; any other codec is refused, never looked up."""
    hostile = (b"\x80\x02c_codecs\nencode\nq\x00X\x03\x00\x00\x00abcX\x0b\x00\x00\x00rot13_codecq\x01\x86q\x02Rq\x03.")
    (tmp_path / "w.pdparams").write_bytes(hostile)
    refused(capsys, port("paddle", tmp_path / "w.pdparams", "canonical", tmp_path / "o.safetensors"),
            "refusing _codecs.encode with encoding 'rot13_codec'")


# ------------------------------------------------------------------------------------------------- writes

@pytest.mark.parametrize("kind", ["directory", "fifo", "link to /dev/null"])
def test_an_output_that_is_not_a_regular_file_is_refused_not_replaced(tmp_path: Path, capsys, kind: str) -> None:
    target = tmp_path / "out.safetensors"
    {"directory": target.mkdir, "fifo": lambda: os.mkfifo(target),
     "link to /dev/null": lambda: target.symlink_to(os.devnull)}[kind]()
    before = os.lstat(target)
    refused(capsys, ["init", SPEC, "-o", str(target)], "an output must be a regular file, refusing to replace it")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_replacing_a_file_keeps_its_permission_bits(tmp_path: Path, capsys) -> None:
    target = tmp_path / "w.safetensors"
    target.write_bytes(b"old")
    target.chmod(0o600)
    assert main(["init", SPEC, "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert weight_io.load(target)
    no_temp_files(tmp_path)


@pytest.mark.parametrize("argv,needle", [
    (["init", SPEC, "-o", "{tmp}/missing/w.safetensors"], "folder {tmp}/missing does not exist"),
    (["init", SPEC, "-o", "{tmp}/file/w.safetensors"], "folder {tmp}/file does not exist"),
    (["render", "lenet", "--out", "{tmp}/file/sub"], "cannot create this folder"),
    (["parity", SPEC, "--frameworks", "torch", "--reports", "{tmp}/file"], "cannot create this folder"),
    (["port", SPEC, "--from", "canonical", "--weights", "{tmp}/w.safetensors", "--to", "torch",
      "-o", "{tmp}/missing/w.pt"], "folder {tmp}/missing does not exist"),
])
def test_an_unwritable_destination_is_found_before_the_work(tmp_path: Path, capsys, canonical, argv: list[str],
                                                            needle: str) -> None:
    weight_io.save(tmp_path / "w.safetensors", canonical)
    (tmp_path / "file").write_text("a file where a folder is expected")
    refused(capsys, [a.format(tmp=tmp_path) for a in argv], needle.format(tmp=tmp_path))
    assert not (tmp_path / "missing").exists()


def test_an_interrupt_while_writing_leaves_no_temp_file(tmp_path: Path, capsys, canonical, monkeypatch) -> None:
    """Ctrl-C (and SIGTERM, which the CLI turns into the same unwinding) in the middle of a write."""
    from safetensors import numpy as st_numpy

    def interrupted(tensors, filename, metadata=None) -> None:
        Path(filename).write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(st_numpy, "save_file", interrupted)
    assert main(["init", SPEC, "-o", str(tmp_path / "w.safetensors")]) == 130
    assert capsys.readouterr().err.strip() == "rosetta: interrupted; nothing half-written is left"
    assert list(tmp_path.iterdir()) == []


@needs("torch")
def test_sigterm_mid_run_leaves_one_line_and_no_temp_file(tmp_path: Path, canonical) -> None:
    weight_io.save(tmp_path / "w.safetensors", canonical)
    run = subprocess.Popen([sys.executable, "-m", "rosetta", *port("canonical", tmp_path / "w.safetensors", "torch",
                                                                   tmp_path / "out.pt")],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stdout.readline().startswith("read lenet5_torch")  # past the imports, into the work
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=120)
    if run.returncode == 0:  # the work finished before the signal landed: the file is whole
        assert weight_io.source_file(tmp_path / "out.pt")
    else:
        assert run.returncode == 130 and err.strip().splitlines()[-1].startswith("rosetta: interrupted by SIGTERM")
        assert "Traceback" not in err
    no_temp_files(tmp_path)


def test_ctrl_c_while_importing_is_one_line(tmp_path: Path) -> None:
    """The interrupt lands while `rosetta.cli` imports its modules (a finder raises it at the first one)."""
    code = ("import sys\n"
            "class Interrupt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'shared_specs.registry':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupt())\n"
            "from rosetta.__main__ import run\n"
            "raise SystemExit(run())\n")
    done = subprocess.run([sys.executable, "-c", code, "list"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr.strip()) == (130, "rosetta: interrupted")


def test_two_writers_keep_each_file_whole(tmp_path: Path, canonical) -> None:
    target = tmp_path / "w.safetensors"
    variants = [{k: v + np.float32(i) for k, v in canonical.items()} for i in range(2)]

    def write(values: dict[str, np.ndarray]) -> None:
        for _ in range(20):
            weight_io.save(target, values)

    threads = [threading.Thread(target=write, args=(v,)) for v in variants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = weight_io.load(target)
    assert any(all(np.array_equal(final[k], v[k]) for k in v) for v in variants)
    no_temp_files(tmp_path)


# -------------------------------------------------------------------------------------- arguments, messages

@pytest.mark.parametrize("argv,needle", [
    (["port", SPEC, "--from", "canonical", "--weights", "w.safetensors", "--to", "torch", "-o", "o.pt", "--batch", "0"],
     "argument --batch: must be from 1 to 1024, got 0"),
    (["port", SPEC, "--from", "canonical", "--weights", "w.safetensors", "--to", "torch", "-o", "o.pt",
      "--batch", "-3"], "argument --batch: must be from 1 to 1024, got -3"),
    (["parity", SPEC, "--batch", "-3"], "argument --batch: must be from 1 to 1024, got -3"),
    (["parity", SPEC, "--batch", "two"], "argument --batch: expected an integer, got 'two'"),
    (["show", SPEC, "--depth", "-5"], "argument --depth: must be from 0 to 99, got -5"),
    (["init", SPEC, "--seed", "-1", "-o", "w.safetensors"], "argument --seed: must be from 0 to 4294967295, got -1"),
    (["init", SPEC, "-o", "w.bin"], "say the format by the name's ending"),
])
def test_bad_numbers_and_names_are_one_line(tmp_path: Path, capsys, monkeypatch, argv: list[str], needle: str) -> None:
    monkeypatch.chdir(tmp_path)
    refused(capsys, argv, needle)
    assert list(tmp_path.iterdir()) == []


def test_a_directory_given_as_a_spec_says_so(tmp_path: Path, capsys) -> None:
    (tmp_path / "net.yaml").mkdir()
    refused(capsys, ["show", str(tmp_path / "net.yaml")], "net.yaml: a directory, not a spec file")


def test_a_directory_given_as_weights_says_so(tmp_path: Path, capsys) -> None:
    for source in ("canonical", "torch", "paddle"):
        refused(capsys, port(source, tmp_path, "canonical", tmp_path / "o.safetensors"), "a directory, not a weights file")


@needs("torch")
def test_a_file_of_another_kind_given_as_torch_says_what_it_is(tmp_path: Path, capsys, canonical) -> None:
    """torch's own message advises weights_only=False: unsafe advice for an untrusted file, never repeated."""
    weight_io.save(tmp_path / "w.safetensors", canonical)
    (tmp_path / "w.pt").write_bytes((tmp_path / "w.safetensors").read_bytes())
    line = refused(capsys, port("torch", tmp_path / "w.pt", "canonical", tmp_path / "o.safetensors"),
                   "not a weights-only torch checkpoint: it is a safetensors file")
    assert "weights_only" not in line.split(":", 2)[-1].replace("weights-only", "")


@pytest.mark.parametrize("name,framework", [("w.pt", "torch"), ("w.pth", "torch"), ("w.pdparams", "paddle"),
                                            ("w.weights.h5", "keras")])
def test_init_writes_the_format_its_name_says(tmp_path: Path, capsys, canonical, name: str, framework: str) -> None:
    from frameworks.base import get_framework

    fw = get_framework(framework)
    if fw.unavailable():
        pytest.skip(fw.unavailable())
    assert main(["init", SPEC, "-o", str(tmp_path / name)]) == 0
    back = fw.read_checkpoint(tmp_path / name, get_model(SPEC))
    assert all(np.array_equal(back[k], v) for k, v in canonical.items())
