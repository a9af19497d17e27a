"""`rosetta bench`: every spec x framework x mode, one worker process per framework group, one group at a time
(two groups at once would share the cores and skew both), then the table, the JSON, the markdown and charts."""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from rosetta.console import CONSOLE, Progress
from shared_specs.errors import RosettaError
from shared_specs.machine import cpu_name, load_average
from shared_specs.registry import get_model

from .modes import GROUPS
from .report import write_reports

# the seeds' LeNets (PyTorch, Keras, Paddle) and ResNet-18/50: about ten minutes on 2 cores; --all for every spec
DEFAULT_MODELS = ("lenet5_torch", "lenet5_keras", "lenet_paddle", "resnet18", "resnet50")
CURVE_MODEL = "resnet18"
CURVE_MODES = ("torch/eager", "paddle/inference", "keras-tensorflow/compiled")
CURVE_BATCHES = {"cpu": (1, 4, 16, 64), "gpu": (1, 8, 64, 512)}
# what each group needs importable in its own process
NEEDS = {"torch": ("torch",), "paddle": ("paddle",), "keras-tensorflow": ("keras", "tensorflow"),
         "keras-jax": ("keras", "jax"), "keras-torch": ("keras", "torch")}
PACKAGES = ("numpy", "torch", "onnxruntime", "paddlepaddle", "tensorflow-cpu", "tensorflow", "keras", "jax")


@dataclass
class Plan:
    models: list[str]
    groups: list[str]
    modes: list[str]  # mode names; empty: every mode
    batch: int = 8
    repeats: int = 3
    latency_runs: int = 10
    train: bool = True
    device: str = "cpu"
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)

    def for_group(self, group: str) -> dict[str, Any]:
        names = [m.name for m in GROUPS[group] if not self.modes or m.name in self.modes]
        return {"group": group, "models": self.models, "modes": sorted(set(names)), "batch": self.batch,
                "repeats": self.repeats, "latency_runs": self.latency_runs, "train": self.train,
                "device": self.device, "threads": self.threads, "curve_model": CURVE_MODEL,
                "curve_modes": list(CURVE_MODES), "curve_batches": list(CURVE_BATCHES[self.device])}


def available_groups(wanted: list[str]) -> tuple[list[str], dict[str, str]]:
    """The groups whose packages import here, and why each other one is skipped."""
    skipped = {}
    for group in wanted:
        missing = [m for m in NEEDS[group] if importlib.util.find_spec(m) is None]
        if missing:
            skipped[group] = f"{', '.join(missing)} not installed"
    return [g for g in wanted if g not in skipped], skipped


def environment(plan: Plan) -> dict[str, Any]:
    """What a reader needs to trust or reproduce the figures."""
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return {"date": date.today().isoformat(), "python": platform.python_version(), "platform": platform.platform(),
            "cpu": cpu_name(), "load_average": load_average(), "cores": os.cpu_count(), "device": plan.device,
            "threads": plan.threads,
            "versions": versions, "tf_onednn": "on (TF_ENABLE_ONEDNN_OPTS=1, TensorFlow's x86 default)",
            "batch": plan.batch, "repeats": plan.repeats, "latency_runs": plan.latency_runs}


def group_env(group: str, threads: int) -> dict[str, str]:
    env = {**os.environ, "ROSETTA_BENCH_GROUP": group, "OMP_NUM_THREADS": str(threads),
           "MKL_NUM_THREADS": str(threads), "TF_CPP_MIN_LOG_LEVEL": "2",
           "XLA_FLAGS": f"--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads={threads}"}
    # TensorFlow's own x86 default, its fair best; the Keras adapter turns oneDNN off for parity's reproducible sums
    env["TF_ENABLE_ONEDNN_OPTS"] = "1"
    if group.startswith("keras-"):
        env["KERAS_BACKEND"] = group.removeprefix("keras-")
    return env


def run_group(group: str, plan: Plan, log: Path, progress: Progress, skipped: dict[str, str]) -> list[dict[str, Any]]:
    cells = []
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(plan.for_group(group), handle)
    try:
        with open(log, "a", encoding="utf-8") as sink:
            sink.write(f"\n=== {group}\n")
            sink.flush()
            worker = subprocess.Popen([sys.executable, "-m", "benchmarks.worker", handle.name],
                                      cwd=Path(__file__).resolve().parents[1], env=group_env(group, plan.threads),
                                      stdout=subprocess.PIPE, stderr=sink, text=True)
            for line in worker.stdout:
                if line.startswith('{"skip"'):  # the group cannot run on this device; it says why
                    skipped[group] = json.loads(line)["skip"]
                    CONSOLE.print(f"skipping {group}: {skipped[group]}")
                    continue
                if not line.startswith('{"cell"'):
                    sink.write(line)
                    continue
                cell = json.loads(line)["cell"]
                cells.append(cell)
                status = f"error: {cell['error']}" if "error" in cell else f"{cell['infer']['median']:,.1f} img/s"
                progress.step(f"{cell['model']} {group}/{cell['mode']} ({cell['source']}): {status}")
            if worker.wait() != 0:
                raise RosettaError(f"the {group} worker stopped with exit code {worker.returncode}; see {log}")
    finally:
        os.unlink(handle.name)
    return cells


def count_cells(plan: Plan, groups: list[str]) -> int:
    models = [get_model(name) for name in plan.models]
    return sum(mode.runs(model, plan.device) for g in groups for mode in GROUPS[g] for model in models
               if not plan.modes or mode.name in plan.modes)


def run(plan: Plan, reports: Path) -> int:
    groups, skipped = available_groups(plan.groups)
    for group, reason in skipped.items():
        CONSOLE.print(f"skipping {group}: {reason}")
    log = reports / ("bench.log" if plan.device == "cpu" else f"bench-{plan.device}.log")
    log.write_text("")
    progress = Progress(count_cells(plan, groups))
    cells: list[dict[str, Any]] = []
    started = time.perf_counter()
    for group in groups:
        cells += run_group(group, plan, log, progress, skipped)
    progress.done()
    summary = {"environment": environment(plan), "skipped_groups": skipped, "cells": cells,
               "seconds": round(time.perf_counter() - started, 1)}
    table = write_reports(summary, reports, plan.device)
    CONSOLE.print(table)
    CONSOLE.print(f"wrote {', '.join(str(p) for p in sorted(reports.glob('bench*')) if p.suffix != '.log')}; "
                  f"framework messages: {log}")
    return 0
