"""`rosetta train`: the data readers on files written here, the recipes' mapping into each framework (float64 runs
of all three must agree step by step, and a hyper-parameter mapped wrong must be caught), the fp32 agreement and
the accuracy the README states, and the checkpoints `rosetta port` takes on."""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from frameworks.base import get_framework
from rosetta import train
from rosetta.cli import main
from shared_specs import oracle, weights
from shared_specs.datasets import (
    CIFAR_RECORD,
    DataError,
    Dataset,
    fit_images,
    frame_digits,
    linear_resize_matrix,
    load_dataset,
    read_digits,
    resize,
)
from shared_specs.loader import load_file
from shared_specs.registry import get_model
from shared_specs.training import EpochOrders, batch_indices, epoch_order, recipe

from .conftest import TEST_SPECS, needs, needs_all_frameworks

LENET = "lenet5_torch"


# ---------------------------------------------------------------- data

def write_idx(path: Path, array: np.ndarray, compress: bool = False) -> None:
    """The IDX layout from its definition: 0, 0, type byte 0x08 (ubyte), rank, big-endian int32 dims, data."""
    raw = bytes([0, 0, 0x08, array.ndim]) + np.asarray(array.shape, ">i4").tobytes() + array.astype(np.uint8).tobytes()
    path.write_bytes(gzip.compress(raw) if compress else raw)


def write_mnist(folder: Path, train: int = 12, test: int = 5, compress: bool = False) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    arrays = {"train-images-idx3-ubyte": rng.integers(0, 256, (train, 28, 28)),
              "train-labels-idx1-ubyte": rng.integers(0, 10, train),
              "t10k-images-idx3-ubyte": rng.integers(0, 256, (test, 28, 28)),
              "t10k-labels-idx1-ubyte": rng.integers(0, 10, test)}
    for name, array in arrays.items():
        write_idx(folder / (name + (".gz" if compress else "")), array, compress)
    return arrays


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
def test_mnist_idx_files_read_as_written(tmp_path: Path, compress: bool) -> None:
    arrays = write_mnist(tmp_path, compress=compress)
    data = load_dataset(tmp_path, (1, 28, 28))
    assert data.name == "mnist"
    assert data.train_images.shape == (12, 1, 28, 28) and data.train_images.dtype == np.float32
    np.testing.assert_array_equal(data.train_images[:, 0], (arrays["train-images-idx3-ubyte"] / 255).astype(np.float32))
    np.testing.assert_array_equal(data.test_labels, arrays["t10k-labels-idx1-ubyte"])


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.write_bytes(b"\x08\x03\x00\x00" + p.read_bytes()[4:]), "not an IDX file"),
    (lambda p: p.write_bytes(p.read_bytes()[:-7]), "IDX header says 12x28x28 uint8 (9424 bytes), the file has 9417"),
    (lambda p: p.write_bytes(p.read_bytes()[:6]), "declares 3 dimensions but the file ends after 6 bytes"),
    (lambda p: p.unlink(), "no train-images-idx3-ubyte (or .gz) for the MNIST train split"),
])
def test_a_damaged_mnist_file_is_named(tmp_path: Path, damage, message: str) -> None:
    write_mnist(tmp_path)
    damage(tmp_path / "train-images-idx3-ubyte")
    with pytest.raises(DataError, match="train-images-idx3-ubyte") as error:
        load_dataset(tmp_path, (1, 28, 28))
    assert message in str(error.value)


def test_mnist_labels_must_match_the_images(tmp_path: Path) -> None:
    write_mnist(tmp_path)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(4))
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte: 4 labels for the 5 images"):
        load_dataset(tmp_path, (1, 28, 28))


def cifar_record(label: int, red: int, green: int, blue: int) -> bytes:
    """One record as CIFAR-10's page defines it: the label byte, then 1024 red, 1024 green, 1024 blue bytes."""
    return bytes([label]) + bytes([red] * 1024 + [green] * 1024 + [blue] * 1024)


def test_cifar10_binary_batches_read_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "cifar-10-batches-bin"
    folder.mkdir()
    (folder / "data_batch_1.bin").write_bytes(cifar_record(3, 255, 0, 51) + cifar_record(9, 0, 102, 0))
    (folder / "data_batch_2.bin").write_bytes(cifar_record(1, 0, 0, 0))
    (folder / "test_batch.bin").write_bytes(cifar_record(7, 10, 20, 30))
    data = load_dataset(tmp_path, (3, 32, 32))
    assert data.name == "cifar10" and data.train_images.shape == (3, 3, 32, 32)
    np.testing.assert_array_equal(data.train_labels, [3, 9, 1])
    np.testing.assert_allclose(data.train_images[0, :, 5, 7], [1.0, 0.0, 0.2], rtol=1e-7)  # R, G, B planes
    np.testing.assert_allclose(data.train_images[1, :, 31, 0], [0.0, 0.4, 0.0], rtol=1e-7)
    grey = load_dataset(tmp_path, (1, 32, 32))  # a grey net gets luminance (ITU-R BT.601)
    np.testing.assert_allclose(grey.train_images[0, 0, 0, 0], 0.299 + 0.114 * 0.2, rtol=1e-6)


@pytest.mark.parametrize("content, message", [
    (cifar_record(3, 0, 0, 0)[:-1], f"records of {CIFAR_RECORD} bytes"),
    (cifar_record(10, 0, 0, 0), "record 0 has label 10; CIFAR-10 labels are 0..9"),
])
def test_a_damaged_cifar_batch_is_named(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "data_batch_1.bin").write_bytes(content)
    (tmp_path / "test_batch.bin").write_bytes(cifar_record(0, 0, 0, 0))
    with pytest.raises(DataError, match="data_batch_1.bin") as error:
        load_dataset(tmp_path, (3, 32, 32))
    assert message in str(error.value)


def test_a_folder_without_data_says_what_it_expected(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no CIFAR-10 binary batches"):
        load_dataset(tmp_path, (1, 28, 28))
    with pytest.raises(DataError, match="not a folder"):
        load_dataset(tmp_path / "absent", (1, 28, 28))


def test_data_too_large_for_memory_is_refused_before_resizing(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"1,797 images fit to 3x1024x1024 would take 21.1 GiB"):
        load_dataset(None, (3, 1024, 1024))


def test_bundled_digits_split_and_framing() -> None:
    """UCI's 1,797 scans as scikit-learn ships them: every fifth held out; framed as MNIST frames its digits."""
    train_x, train_y, _, test_y = read_digits()
    assert (len(train_y), len(test_y)) == (1438, 359)
    assert sorted(set(test_y.tolist())) == list(range(10)) and train_x.max() == 1.0
    framed = frame_digits(train_x, (1, 28, 28))
    assert framed.shape == (1438, 1, 28, 28)
    border = np.ones((28, 28), bool)
    border[4:24, 4:24] = False  # the 20x20 box at the centre
    assert not framed[:, 0][:, border].any() and framed.max() <= 1.0
    assert frame_digits(train_x, (3, 32, 32)).shape == (1438, 3, 32, 32)


@needs("torch")
@pytest.mark.parametrize("size_in, size_out", [(8, 20), (28, 32), (32, 14)])
def test_resize_is_torchs_bilinear_without_corner_alignment(size_in: int, size_out: int) -> None:
    import torch

    images = np.random.default_rng(1).random((2, 3, size_in, size_in))
    want = torch.nn.functional.interpolate(torch.from_numpy(images), size=(size_out, size_out), mode="bilinear",
                                           align_corners=False, antialias=False).numpy()
    np.testing.assert_allclose(resize(images, size_out, size_out), want, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(linear_resize_matrix(size_in, size_out).sum(axis=1), 1.0)
    np.testing.assert_array_equal(fit_images(images, (3, size_in, size_in)), images.astype(np.float32))


def test_the_shared_order_covers_each_sample_once_and_changes_each_epoch() -> None:
    batches = list(batch_indices(10, 4, epoch=0, seed=0))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(np.concatenate(batches).tolist()) == list(range(10))
    assert not np.array_equal(epoch_order(100, 0, 0), epoch_order(100, 1, 0))
    np.testing.assert_array_equal(epoch_order(100, 3, 7), epoch_order(100, 3, 7))


def test_a_samplers_orders_are_the_epochs_orders_from_the_first() -> None:
    """Paddle's and Keras' samplers take each epoch's order from EpochOrders, torch's loop from batch_indices: both
    start at epoch 0 and go one epoch per call, or the frameworks would see different samples at each step."""
    orders = EpochOrders(10, seed=3)
    for epoch in range(3):
        assert orders.next() == np.concatenate(list(batch_indices(10, 4, epoch=epoch, seed=3))).tolist()


def test_a_recipe_describes_its_own_optimizer() -> None:
    """The report's line names the optimizer the run used with its hyper-parameters (seed 002's Adam is PyTorch's
    defaults: lr 1e-3, betas 0.9/0.999, eps 1e-8)."""
    assert recipe("adam").describe() == "Adam lr 0.001, betas 0.9/0.999, eps 1e-08, batch 64, 10 epochs"
    assert recipe("sgd", weight_decay=5e-4).describe() == ("SGD lr 0.01, momentum 0.9, L2 weight decay 0.0005, "
                                                           "batch 64, 10 epochs")


# ---------------------------------------------------------------- the recipes, mapped into each framework

def subset(data: Dataset, samples: int) -> Dataset:
    return replace(data, train_images=data.train_images[:samples], train_labels=data.train_labels[:samples])


@pytest.fixture(scope="module")
def digits() -> Dataset:
    return load_dataset(None, get_model(LENET).input_shape)


def compare_small(digits: Dataset, tmp_path: Path, frameworks: list[str], plan, model: str | Path = LENET) -> dict:
    """`rosetta train --compare` on 256 images (eight steps of 32); its JSON report."""
    spec = load_file(model)[0] if isinstance(model, Path) else get_model(model)
    status = train.compare(spec, frameworks, plan, subset(digits, 256), weights.init(spec, 0), tmp_path)
    summary = json.loads((tmp_path / f"train-{spec.name}.json").read_text())
    summary["status"] = status
    return summary


@needs_all_frameworks
@pytest.mark.parametrize("plan", [recipe("adam", batch=32, epochs=1, weight_decay=5e-4),
                                  recipe("sgd", batch=32, epochs=1, weight_decay=5e-4)], ids=["adam", "sgd"])
def test_float64_runs_agree_in_every_framework(digits: Dataset, tmp_path: Path, plan) -> None:
    """The mapping test: in float64 rounding is ~1e-16, so three runs of one recipe (weight decay included: Keras'
    own is decoupled, torch's and Paddle's the L2 term) agree to 1e-10 only if every hyper-parameter means the same."""
    summary = compare_small(digits, tmp_path, ["torch", "paddle", "keras"], plan)
    assert summary["status"] == 0
    for row in summary["agreement"]:
        assert row["worst_float64"] <= train.FLOAT64_TOLERANCE, row


@needs_all_frameworks
def test_float64_runs_of_a_log_softmax_net_agree_in_every_framework(digits: Dataset, tmp_path: Path) -> None:
    """A net whose output is log-probabilities trains on their NLL in every framework (Keras reads them as
    logits, whose log-sum-exp they have as 0); read as probabilities, the loss would be a log of negatives."""
    summary = compare_small(digits, tmp_path, ["torch", "paddle", "keras"], recipe("sgd", batch=32, epochs=1),
                            TEST_SPECS / "log_softmax_probe.yaml")
    assert summary["status"] == 0
    for row in summary["agreement"]:
        assert row["worst_float64"] <= train.FLOAT64_TOLERANCE, row


@pytest.mark.heavy
@needs_all_frameworks
@pytest.mark.xfail(strict=True, reason=(
    "measured: SGD lr 0.01 momentum 0.9, eight steps of 32 digits at 3x32x32: after the first step Paddle's float64 "
    "run is 7.5e-9 from torch's (its float64 batch-norm backward, 2e-8 in parity) and Keras' 3.6e-11; the net is "
    "chaotic at this step (each step multiplies a difference 10-100 times; torch's own float64 twin from a start "
    "moved 256 fp32 ulps ends 8e-3 away), so they end 5e-2 and 2e-2 away (7.6e-8 for Keras at lr 0.001)"))
def test_float64_runs_of_mobilenet_v2_at_32x32_agree_in_every_framework(tmp_path: Path) -> None:
    """MobileNet v2 (ReLU6, depthwise convolutions, 52 batch norms, residual adds) at 32x32 and ten classes, trained
    the same way in three frameworks: the float64 runs would have to stay within 1e-10 of torch's."""
    from shared_specs.registry import SPEC_DIR

    text = (SPEC_DIR / "mobilenet.yaml").read_text().replace("input: [3, 224, 224]", "input: [3, 32, 32]")
    text = "\n".join(line for line in text.replace("num_classes: 1000", "num_classes: 10").splitlines()
                     if "published_params" not in line)
    (tmp_path / "mobilenet.yaml").write_text(text)
    spec = next(m for m in load_file(tmp_path / "mobilenet.yaml") if m.name == "mobilenet_v2")
    data = subset(load_dataset(None, spec.input_shape), 256)
    status = train.compare(spec, ["torch", "paddle", "keras"], recipe("sgd", batch=32, epochs=1), data,
                           weights.init(spec, 0), tmp_path)
    summary = json.loads((tmp_path / f"train-{spec.name}.json").read_text())
    assert status == 0 and all(row["worst_float64"] <= train.FLOAT64_TOLERANCE for row in summary["agreement"])


@pytest.fixture(scope="module")
def batch_norm_compare(digits: Dataset, tmp_path_factory) -> dict:
    return compare_small(digits, tmp_path_factory.mktemp("bn"), ["torch", "paddle", "keras"],
                         recipe("sgd", batch=32, epochs=1), TEST_SPECS / "lenet_bn.yaml")


@needs_all_frameworks
def test_float64_runs_of_a_batch_norm_net_agree_in_every_framework(batch_norm_compare: dict) -> None:
    """Training runs in train mode: batch statistics in the forward pass and the running averages updated, in each
    framework's own momentum spelling; a run in eval mode (running statistics) would part from the others."""
    for row in batch_norm_compare["agreement"]:
        assert row["worst_float64"] <= train.FLOAT64_TOLERANCE, row
    rows = {row["framework"]: row for row in batch_norm_compare["agreement"]}
    assert rows["torch"]["ok"] and rows["paddle"]["ok"]


@needs_all_frameworks
@pytest.mark.xfail(strict=True, reason="Keras' fp32 batch-norm net parts from the float64 run by 9.4e-5 within 8 "
                   "SGD steps (from step 2), faster than a start moved 256 ulps, where torch and Paddle stay within "
                   "1.3e-7; tf.nn.batch_normalization computes x*s + (beta - mean*s), whose two terms cancel")
def test_keras_fp32_batch_norm_training_keeps_fp32_precision(batch_norm_compare: dict) -> None:
    rows = {row["framework"]: row for row in batch_norm_compare["agreement"]}
    assert rows["keras"]["first_out_of_bound"] is None, rows["keras"]


@needs("keras")
def test_keras_own_epsilon_placement_is_caught(digits: Dataset, tmp_path: Path, monkeypatch, capsys) -> None:
    """keras.optimizers.Adam with torch's eps value adds it to sqrt(v), not to the bias-corrected sqrt(v̂)."""
    import keras

    from frameworks.keras3 import train as keras_train

    monkeypatch.setattr(keras_train, "make_optimizer", lambda plan: keras.optimizers.Adam(
        learning_rate=plan.lr, beta_1=plan.betas[0], beta_2=plan.betas[1], epsilon=plan.eps))
    summary = compare_small(digits, tmp_path, ["torch", "keras"], recipe("adam", batch=32, epochs=1))
    assert summary["status"] == 1
    assert "keras's float64 run is" in capsys.readouterr().err


@needs("keras")
def test_keras_decoupled_weight_decay_is_caught(digits: Dataset, tmp_path: Path, monkeypatch, capsys) -> None:
    import keras

    from frameworks.keras3 import train as keras_train

    monkeypatch.setattr(keras_train, "make_optimizer", lambda plan: keras.optimizers.SGD(
        learning_rate=plan.lr, momentum=plan.momentum, weight_decay=plan.weight_decay))
    summary = compare_small(digits, tmp_path, ["torch", "keras"], recipe("sgd", batch=32, epochs=1, weight_decay=5e-4))
    assert summary["status"] == 1
    assert "keras's float64 run is" in capsys.readouterr().err


@needs("paddle")
def test_paddle_momentum_in_the_batch_norm_convention_is_caught(digits: Dataset, tmp_path: Path, monkeypatch,
                                                                capsys) -> None:
    """Paddle spells batch norm's momentum as 1 - torch's; carried over to the optimizer it is a different SGD."""
    import paddle

    from frameworks.paddlepaddle import train as paddle_train

    monkeypatch.setattr(paddle_train, "make_optimizer", lambda plan, parameters: paddle.optimizer.Momentum(
        learning_rate=plan.lr, momentum=1 - plan.momentum, parameters=parameters))
    summary = compare_small(digits, tmp_path, ["torch", "paddle"], recipe("sgd", batch=32, epochs=1))
    assert summary["status"] == 1
    assert "paddle's float64 run is" in capsys.readouterr().err


@needs("paddle")
def test_paddle_float64_momentum_is_compared_at_the_value_paddle_holds(digits: Dataset, tmp_path: Path) -> None:
    """Paddle's Momentum kernel takes `momentum` as a 32-bit attribute, so its float64 run is compared with a torch
    float64 run at 0.89999998; against the 0.9 run it is 2e-9 away after 16 steps (20 times the tolerance)."""
    summary = compare_small(digits, tmp_path, ["torch", "paddle"], recipe("sgd", batch=32, epochs=2))
    runs = {h["framework"]: h["step_losses"] for h in summary["histories"]}
    assert "torch float64 at momentum 0.8999999761581421" in runs
    paddle_row = next(r for r in summary["agreement"] if r["framework"] == "paddle")
    assert paddle_row["worst_float64"] <= train.FLOAT64_TOLERANCE
    exact = train.divergence(runs["paddle float64"], runs["torch float64"])
    assert exact.max() > 10 * train.FLOAT64_TOLERANCE


# ---------------------------------------------------------------- fp32 agreement, the command line, accuracy

@pytest.fixture(scope="module")
def lenet_compare(tmp_path_factory) -> tuple[int, dict, Path]:
    """`rosetta train lenet5_torch --compare --epochs 5`: 115 steps of the seed 002 recipe in three frameworks."""
    folder = tmp_path_factory.mktemp("compare")
    status = main(["train", LENET, "--compare", "--epochs", "5", "--reports", str(folder)])
    return status, json.loads((folder / f"train-{LENET}.json").read_text()), folder


def sample_weighted_means(step_losses: list[float], samples: int, batch: int) -> np.ndarray:
    """Each epoch's loss as the mean over its samples: every step's loss weighted by its batch's size."""
    sizes = [min(batch, samples - start) for start in range(0, samples, batch)]
    losses = np.asarray(step_losses).reshape(-1, len(sizes))
    return losses @ np.asarray(sizes, np.float64) / samples


@needs_all_frameworks
def test_compare_writes_the_plot_and_agrees_step_by_step(lenet_compare) -> None:
    """What holds on every machine: the float64 runs agree, each run's epoch losses are the sample-weighted means of
    its step losses, the float64 runs see the same accuracies, and every fp32 run keeps within its bound."""
    status, summary, folder = lenet_compare
    assert status == 0, summary["agreement"]
    assert summary["recipe"]["dropout"] is False  # each framework would draw its own masks
    assert (folder / f"train-{LENET}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = (folder / f"train-{LENET}.md").read_text()
    assert "| keras |" in text and f"Measured on {summary['machine']}." in text
    assert summary["steps"] == 5 * 23
    runs = {h["framework"]: h for h in summary["histories"]}
    moved = f"torch float64, start moved {train.SENSITIVITY_ULPS} ulps"
    assert set(runs) == {"torch", "paddle", "keras", "torch float64", "paddle float64", "keras float64", moved}
    reference = runs["torch float64"]
    for name, run in runs.items():  # 1,438 training digits in batches of 64: 23 steps an epoch
        assert len(run["step_losses"]) == 115
        np.testing.assert_allclose(run["epoch_losses"], sample_weighted_means(run["step_losses"], 1438, 64),
                                   rtol=1e-6, err_msg=name)
    for name in ("paddle float64", "keras float64"):
        assert train.divergence(runs[name]["step_losses"], reference["step_losses"]).max() <= train.FLOAT64_TOLERANCE
        np.testing.assert_allclose(runs[name]["epoch_accuracies"], reference["epoch_accuracies"], rtol=0, atol=1e-12)
        assert runs[name]["test_accuracy"] == reference["test_accuracy"]
    # the moved start parts from the reference, and the steps judged are those before it passes the target
    moved_curve = train.divergence(runs[moved]["step_losses"], reference["step_losses"])
    assert summary["judged_steps"] == int(np.argmax(moved_curve > train.TARGET))
    assert all(row["ok"] and row["first_out_of_bound"] is None for row in summary["agreement"])
    assert reference["step_losses"][-1] < 0.5 * reference["step_losses"][0]  # it learns


def round_mantissa(bits: int):
    """A tensor function keeping `bits` of fp32's 23 stored mantissa bits (10: TF32; 7: bfloat16), its gradient
    passed straight through; float64 tensors (the twins) are left alone."""
    import torch

    mask = -(1 << (23 - bits))

    def rounded(tensor):
        if tensor is None or tensor.dtype != torch.float32:
            return tensor
        kept = (tensor.contiguous().view(torch.int32) & mask).view(torch.float32)
        return tensor + (kept - tensor).detach()
    return rounded


@needs("torch")
@pytest.mark.parametrize("bits", [10, 7], ids=["tf32", "bfloat16"])
@pytest.mark.parametrize("plan", [recipe("adam", batch=32, epochs=1), recipe("sgd", batch=32, epochs=1)],
                         ids=["adam", "sgd"])
def test_a_low_precision_kernel_leaves_the_fp32_bound(digits: Dataset, tmp_path: Path, monkeypatch, capsys,
                                                      bits: int, plan) -> None:
    """Convolutions and linear layers that keep fewer mantissa bits than fp32 (TF32's, bfloat16's) fail the fp32
    verdict in the first steps; the same runs without the fault pass it (the float64 verdict sees neither)."""
    import torch

    F = torch.nn.functional
    conv2d, linear, rounded = F.conv2d, F.linear, round_mantissa(bits)
    assert compare_small(digits, tmp_path / "exact", ["torch"], plan)["status"] == 0
    monkeypatch.setattr(F, "conv2d", lambda x, w, b=None, *rest: conv2d(rounded(x), rounded(w), b, *rest))
    monkeypatch.setattr(F, "linear", lambda x, w, b=None: linear(rounded(x), rounded(w), b))
    summary = compare_small(digits, tmp_path / "rounded", ["torch"], plan)
    assert summary["status"] == 1
    assert summary["agreement"][0]["worst_float64"] == 0.0
    assert "torch's fp32 loss parts from torch float64 faster than a start moved 256 ulps" in capsys.readouterr().err


@pytest.mark.parametrize("framework", [pytest.param(name, marks=needs(name)) for name in ("torch", "paddle", "keras")])
def test_seed_recipe_reaches_the_stated_accuracy_and_its_checkpoints_port(framework: str, tmp_path: Path,
                                                                         capsys) -> None:
    """README: seed 002's recipe, 30 epochs on the bundled digits, test accuracy ≥ 95 % in every framework (measured
    96.9-97.5 %). The native checkpoint and the canonical file hold the same weights, and `rosetta port` takes on
    the native one."""
    assert main(["train", LENET, "-f", framework, "--epochs", "30", "--out", str(tmp_path)]) == 0
    record = json.loads((tmp_path / f"{LENET}-{framework}.json").read_text())
    assert record["history"]["test_accuracy"] >= 0.95, record["history"]
    fw, model = get_framework(framework), get_model(LENET)
    native = tmp_path / f"{LENET}-{framework}{fw.checkpoint_suffix}"
    canonical = weights.load(tmp_path / f"{LENET}-{framework}.safetensors")
    # the accuracy stated is the held-out split's, as the float64 oracle computes it from the trained weights; one
    # image may differ, where fp32 and float64 logits tie to within rounding
    history = record["history"]
    _, _, test_images, test_labels = read_digits()
    predicted = oracle.forward(model, frame_digits(test_images, model.input_shape), canonical).argmax(axis=1)
    assert abs(history["test_accuracy"] - np.mean(predicted == test_labels)) <= 1 / len(test_labels)
    # 1,438 bundled training digits (test_bundled_digits_split_and_framing), seed 002's batch of 64
    np.testing.assert_allclose(history["epoch_losses"], sample_weighted_means(history["step_losses"], 1438, 64),
                               rtol=1e-6)
    from_native = fw.read_checkpoint(native, model)
    assert set(from_native) == set(canonical)
    for key, value in canonical.items():
        np.testing.assert_array_equal(from_native[key], value, err_msg=key)
    assert not np.array_equal(canonical["fc3.weight"], weights.init(model, 0)["fc3.weight"])  # trained
    ported = tmp_path / "ported.safetensors"
    assert main(["port", LENET, "--from", framework, "--weights", str(native), "--to", "canonical",
                 "-o", str(ported)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["train", LENET], "give --framework NAME, or --compare"),
    (["train", LENET, "-f", "torch", "--compare"], "give --framework NAME, or --compare"),
    (["train", LENET, "-f", "torch", "--frameworks", "torch"], "--frameworks goes with --compare"),
    (["train", LENET, "-f", "torch", "--lr", "nan"], "--lr: must be from 1e-12 to 10, got nan"),
    (["train", LENET, "-f", "torch", "--momentum", "1"], "--momentum: must be from 0 to 0.999, got 1"),
    (["train", LENET, "-f", "torch", "--recipe", "rmsprop"], "invalid choice: 'rmsprop'"),
    (["train", "googlenet_aux", "-f", "torch"], "training with auxiliary classifiers (aux2, aux1) is not supported"),
    (["train", LENET, "-f", "torch", "--data", "/nonexistent"], "/nonexistent: not a folder"),
])
def test_bad_train_arguments_give_one_line(argv: list[str], message: str, capsys, tmp_path: Path) -> None:
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@needs("torch")
def test_labels_beyond_the_spec_outputs_are_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "data_batch_1.bin").write_bytes(cifar_record(9, 0, 0, 0))
    (tmp_path / "test_batch.bin").write_bytes(cifar_record(0, 0, 0, 0))
    spec = TEST_SPECS / "conventions_probe.yaml"  # five outputs
    assert main(["train", str(spec), "-f", "torch", "--data", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "has 5 outputs, the cifar10 data has labels up to 9" in capsys.readouterr().err


@needs("torch")
def test_training_on_mnist_files_from_data(tmp_path: Path, capsys) -> None:
    (tmp_path / "mnist").mkdir()
    write_mnist(tmp_path / "mnist", train=40, test=7)  # 7: no accuracy over the 40 training images is one of 7
    began = time.perf_counter()
    assert main(["train", LENET, "-f", "torch", "--data", str(tmp_path / "mnist"), "--epochs", "2", "--batch", "16",
                 "--out", str(tmp_path / "runs")]) == 0
    took = time.perf_counter() - began
    out = capsys.readouterr().out
    assert "epoch 1/2: loss" in out and "epoch 2/2: loss" in out and "epoch 3/2" not in out
    record = json.loads((tmp_path / "runs" / f"{LENET}-torch.json").read_text())
    assert 0 < record["history"]["seconds"] <= took
    assert record["data"]["name"] == "mnist" and (record["data"]["train"], record["data"]["test"]) == (40, 7)
    history = record["history"]
    assert len(history["step_losses"]) == 2 * 3 and record["recipe"]["batch"] == 16
    # batches of 16, 16 and 8: an epoch's loss is the mean over its samples, its accuracy a count of 40
    np.testing.assert_allclose(history["epoch_losses"], sample_weighted_means(history["step_losses"], 40, 16),
                               rtol=1e-6)
    correct = np.asarray(history["epoch_accuracies"]) * 40
    assert np.allclose(correct, np.round(correct)) and all(0 <= a <= 1 for a in history["epoch_accuracies"])
    # the test accuracy is the 7 test images', as the oracle computes it from the trained weights
    model = get_model(LENET)
    data = load_dataset(tmp_path / "mnist", model.input_shape)
    trained = weights.load(tmp_path / "runs" / f"{LENET}-torch.safetensors")
    predicted = oracle.forward(model, data.test_images, trained).argmax(axis=1)
    assert history["test_accuracy"] == np.mean(predicted == data.test_labels)


@needs("keras")
def test_keras_plain_sgd_takes_torchs_step_without_a_momentum_buffer() -> None:
    """torch.optim.SGD without momentum: p -= lr * (g + weight_decay * p); Keras' SGD keeps no buffer then."""
    import keras

    from frameworks.keras3.train import make_optimizer

    optimizer = make_optimizer(recipe("sgd", lr=0.5, momentum=0.0, weight_decay=0.25))
    variable = keras.Variable(np.array([1.0, -2.0], np.float32))
    optimizer.apply_gradients([(keras.ops.convert_to_tensor(np.array([0.5, 0.25], np.float32)), variable)])
    # 1 - 0.5 * (0.5 + 0.25 * 1) and -2 - 0.5 * (0.25 + 0.25 * -2), exact in binary
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(variable), [0.625, -1.875])
