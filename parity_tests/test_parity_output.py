"""What `rosetta parity` shows a user: progress, tables, the legend and the verdict; the frameworks' own
messages go to the log the run names, or live with -v. Run as a user runs it, in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import needs_all_frameworks

ROOT = Path(__file__).resolve().parents[1]
OURS = re.compile(r"^(\[[#.]+\] \d+/\d+ .*|\|.*\||forward err, train err: .*|worst forward error vs oracle: .*|"
                  r"wrote .*parity\.json and .*parity\.md|\d+ cells pass, none fail, \d+ skipped|"
                  r"framework and library messages: .*parity\.log|)$")


def parity(tmp_path: Path, *extra: str, specs: tuple[str, ...] = ("lenet5_torch",),
           backend: str = "tensorflow") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rosetta", "parity", *specs, "--reports", str(tmp_path), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "KERAS_BACKEND": backend})


# a net with a batch norm, whose train-mode forward makes Paddle print a notice on every call (its UserWarning)
BN_NET = str(ROOT / "parity_tests" / "specs" / "lenet_bn.yaml")
PADDLE_NOTICE = "we now always track global mean and variance"


@needs_all_frameworks
def test_parity_prints_only_its_own_lines_and_keeps_the_rest_in_a_log(tmp_path: Path) -> None:
    done = parity(tmp_path, specs=(BN_NET,))
    assert done.returncode == 0, done.stderr[-2000:]
    foreign = [line for line in (done.stdout + done.stderr).splitlines() if not OURS.match(line)]
    assert foreign == []
    assert "✗" not in done.stdout  # a passing run marks nothing as failed
    log = (tmp_path / "parity.log").read_text()
    assert PADDLE_NOTICE in log  # Paddle's notice, printed in the second process, was captured, not lost
    assert done.stdout.strip().endswith(f"framework and library messages: {tmp_path / 'parity.log'}")


@needs_all_frameworks
def test_parity_verbose_shows_the_frameworks_messages_live(tmp_path: Path) -> None:
    done = parity(tmp_path, "-v", specs=(BN_NET,))
    assert done.returncode == 0, done.stderr[-2000:]
    assert PADDLE_NOTICE in done.stdout + done.stderr
    assert not (tmp_path / "parity.log").exists()


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_keras_parity_passes_on_its_other_backends(tmp_path: Path, backend: str) -> None:
    """Forward, train mode, running statistics, round trip and fp32 gradients as on TensorFlow; the float64 twin
    columns say why they are empty (Keras computes float64 in float32 there). Without a float64 twin the fp32
    gradients are all there is: on these small nets they must be within the floor (✓), or gradients taken in eval
    mode (a batch norm on running statistics) would pass unseen."""
    if importlib.util.find_spec(backend) is None or importlib.util.find_spec("keras") is None:
        pytest.skip(f"needs keras and {backend}")
    # a dropout layer too: its integer seed state broke Keras' torch backend under a "cpu:0" device scope
    specs = ("lenet5_torch", "dropout_probe", "lenet_bn")
    done = parity(tmp_path, "--frameworks", "keras", backend=backend,
                  specs=(specs[0], *(str(ROOT / "parity_tests" / "specs" / f"{name}.yaml") for name in specs[1:])))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "6 cells pass, none fail" in done.stdout
    for spec in specs:
        row = next(line for line in done.stdout.splitlines() if line.startswith(f"| {spec} | keras |"))
        assert row.count("n/a") == 2 and "✗" not in row, row
    assert f"computes float64 in float32 on its {backend} backend" in done.stdout


@pytest.mark.parametrize("backend, reason", [("jax", "JAX sees no GPU"),
                                             ("torch", "torch.cuda.is_available() is False")])
def test_keras_names_what_its_other_backends_lack_for_a_gpu(backend: str, reason: str) -> None:
    """Judged only where the machine has no NVIDIA device (the test's own look, not the adapter's)."""
    if importlib.util.find_spec(backend) is None or importlib.util.find_spec("keras") is None:
        pytest.skip(f"needs keras and {backend}")
    if Path("/dev/nvidiactl").exists():
        pytest.skip("this machine has an NVIDIA GPU")
    code = "from frameworks.base import get_framework; print(get_framework('keras', 'gpu').unavailable())"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "KERAS_BACKEND": backend})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == reason


def test_the_pattern_refuses_a_foreign_line() -> None:
    assert OURS.match("| lenet5_torch | torch | ✓ |")
    for line in ("UserWarning: No ccache found.", "[2026-11-26 00:15:07,325] [    INFO] unused_removal.py:161 - x",
                 "I0000 00:00:1795648554.703394 port.cc:153] oneDNN custom operations are on."):
        assert not OURS.match(line)


