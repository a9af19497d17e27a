"""The benchmark harness kept working: one short run on a LeNet writes every report with its structure, and
the report's arithmetic (ratios, fastest modes) checked on cells made up here. Not a timed test."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from benchmarks.measure import latency_ms, rate, warm_up
from benchmarks.report import fair_best, zoo_ratios
from rosetta.cli import main
from shared_specs.registry import get_model
from shared_specs.weights import init

from .conftest import needs


@needs("torch")
def test_a_short_run_writes_the_table_the_json_and_the_charts(tmp_path: Path, capsys) -> None:
    assert main(["bench", "lenet5_torch", "--frameworks", "torch", "--modes", "eager,session", "--repeats", "1",
                 "--latency-runs", "2", "--reports", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # a busy mark may follow the mode's name
    assert "| lenet5_torch | torch eager" in out and "| lenet5_torch | onnxruntime session" in out
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["environment"]["threads"] >= 1 and "torch" in report["environment"]["versions"]
    cells = {(c["framework"], c["mode"]): c for c in report["cells"]}
    assert set(cells) == {("torch", "eager"), ("onnxruntime", "session")}
    eager = cells["torch", "eager"]
    assert eager["infer"]["median"] > 0 and eager["train"]["median"] > 0 and eager["infer"]["repeats"] == 1
    assert 0 < eager["latency_p50_ms"] <= eager["latency_p95_ms"] and eager["peak_memory_mb"] > 0
    assert eager["device_peak_mb"] is None  # on the CPU the report has the host's peak only
    assert eager["other_load_cores"] >= 0 and report["environment"]["load_average"] >= 0  # what says it was busy
    assert "train" not in cells["onnxruntime", "session"]  # inference only
    assert (tmp_path / "bench.md").read_text().startswith("# Throughput (cpu, ")
    assert (tmp_path / "bench.png").read_bytes()[:4] == b"\x89PNG"


def test_bad_bench_arguments_are_one_line(capsys) -> None:
    assert main(["bench", "lenet5_torch", "--frameworks", "mxnet"]) == 2
    assert "bench --frameworks: unknown 'mxnet'" in capsys.readouterr().err
    assert main(["bench", "lenet5_torch", "--modes", "turbo"]) == 2
    assert "bench --modes: unknown turbo" in capsys.readouterr().err


def cell(model: str, group: str, mode: str, source: str, infer: float, train: float | None = None) -> dict:
    made = {"model": model, "group": group, "framework": group, "mode": mode, "source": source, "note": source,
            "infer": {"median": infer}}
    return {**made, "train": {"median": train}} if train else made


def test_zoo_ratios_pair_the_same_model_group_and_mode() -> None:
    cells = [cell("resnet18", "paddle", "dynamic", "rendered", 30.0, 10.0),
             cell("resnet18", "paddle", "dynamic", "zoo", 40.0, 8.0),
             cell("resnet18", "paddle", "inference", "zoo", 50.0),  # no rendered partner: no pair
             cell("resnet50", "paddle", "dynamic", "rendered", 12.0),  # inference only: so is its ratio
             cell("resnet50", "paddle", "dynamic", "zoo", 24.0, 6.0)]
    assert zoo_ratios(cells) == [{"model": "resnet18", "framework": "paddle", "mode": "dynamic", "zoo": "zoo",
                                  "infer": 0.75, "train": 1.25},
                                 {"model": "resnet50", "framework": "paddle", "mode": "dynamic", "zoo": "zoo",
                                  "infer": 0.5}]


def test_fair_best_takes_each_frameworks_fastest_rendered_mode() -> None:
    cells = [cell("m", "torch", "eager", "rendered", 10.0, 5.0), cell("m", "torch", "compile", "rendered", 20.0, 4.0),
             cell("m", "torch", "eager", "zoo", 99.0, 99.0)]
    assert fair_best(cells) == {"m": {"torch": {"infer": {"rate": 20.0, "mode": "compile"},
                                                "train": {"rate": 5.0, "mode": "eager"}}}}
    # a tie keeps the first mode; a rate under one image a second still counts
    slow = [cell("m", "paddle", "dynamic", "rendered", 0.5), cell("m", "paddle", "to_static", "rendered", 0.5)]
    assert fair_best(slow) == {"m": {"paddle": {"infer": {"rate": 0.5, "mode": "dynamic"}}}}


@needs("torch")
def test_the_gpu_run_says_why_it_cannot_run_or_runs(tmp_path: Path, capsys) -> None:
    """Without a GPU the torch group is skipped with torch's own reason and the reports still say so."""
    import torch

    assert main(["bench", "lenet5_torch", "--frameworks", "torch", "--modes", "eager", "--device", "gpu",
                 "--repeats", "1", "--latency-runs", "1", "--reports", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "bench-gpu.json").read_text())
    if torch.cuda.is_available():
        assert report["cells"] and report["cells"][0]["device_peak_mb"] > 0
    else:
        assert report["skipped_groups"] == {"torch": "torch.cuda.is_available() is False"}
        assert "Skipped: torch (torch.cuda.is_available() is False)" in (tmp_path / "bench-gpu.md").read_text()


@needs("torch")
def test_the_layer_profile_counts_and_times_every_leaf_layer() -> None:
    """lenet5_torch has two Conv2d, three Linear and two AvgPool2d modules (its spec, `rosetta show`)."""
    from benchmarks.modes import TorchEager
    from benchmarks.profile import layer_profile
    from shared_specs.registry import get_model
    from shared_specs.weights import init

    model = get_model("lenet5_torch")
    profile = layer_profile(TorchEager(model, init(model)), 4)
    assert {k: v["count"] for k, v in profile.items() if k in ("Conv2d", "Linear", "AvgPool2d")} == \
        {"Conv2d": 2, "Linear": 3, "AvgPool2d": 2}
    assert all(v["ms"] > 0 for v in profile.values())


class StubMode:
    """A mode whose calls sleep: `first` seconds on the first call of each batch size, then `per_image` a image."""

    framework, name, source, note = "stub", "sleepy", "rendered", ""

    def __init__(self, first: float, per_image: float) -> None:
        self.first, self.per_image = first, per_image

    def infer(self, batch: int):
        calls = []

        def call() -> None:
            time.sleep(self.first if not calls else self.per_image * batch)
            calls.append(1)
        return call

    def train(self, batch: int) -> None:
        return None

    def sync(self) -> None:
        """Nothing to wait for."""


def test_batch_one_latency_is_timed_after_its_own_warm_up() -> None:
    """The first batch-1 call takes 0.3 s (a compile, a cache fill); the ten timed ones 1 ms each."""
    from benchmarks.worker import measure

    [cell] = measure([StubMode(first=0.3, per_image=1e-3)], {"batch": 4, "repeats": 1, "latency_runs": 10,
                                                             "train": False})
    assert cell["latency_p95_ms"] < 100, cell


def test_each_cost_curve_point_counts_its_own_batch() -> None:
    """Every call takes 2 ms an image, whatever the batch: every point is about 500 images/s (the plan's batch
    of 4 would make the 16-image point 125)."""
    from benchmarks.worker import curve

    points = curve(StubMode(first=0.0, per_image=2e-3), {"curve_batches": [1, 4, 16], "repeats": 1, "batch": 4})
    assert [p["batch"] for p in points] == [1, 4, 16]
    for point in points:
        assert 250 < point["infer"]["median"] <= 500, points


@needs("torch")
def test_modes_are_built_with_the_plans_thread_count(tmp_path: Path, capsys) -> None:
    """bench.md says '3 intra-op threads in every framework': onnxruntime's session is made with 3."""
    from benchmarks.worker import main as worker

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"group": "torch", "models": ["lenet5_torch"], "modes": ["session"], "batch": 2,
                                "repeats": 1, "latency_runs": 1, "train": False, "device": "cpu", "threads": 3}))
    assert worker(str(plan)) == 0
    [cell] = [json.loads(line)["cell"] for line in capsys.readouterr().out.splitlines() if line.startswith('{"cell"')]
    assert "intra_op_num_threads=3" in cell["note"], cell


def test_another_process_on_the_cores_is_measured_and_flagged() -> None:
    """A second process's busy loop counts as other load; this process's own does not. Whatever else runs on the
    machine, a busy second process reads higher than a busy self, by at least 2 / (n + 1) cores with n other
    processes busy on 2 cores; the table marks a cell measured beside more than BUSY_CORES."""
    from benchmarks.measure import BUSY_CORES, OtherLoad
    from benchmarks.report import table

    with OtherLoad() as own_spin:
        end = time.perf_counter() + 1.0
        while time.perf_counter() < end:
            pass
    busy_loop = "import time\nend = time.time() + 1.5\nwhile time.time() < end: pass"
    spinner = subprocess.Popen([sys.executable, "-c", busy_loop])
    try:
        time.sleep(0.2)
        with OtherLoad() as other_spin:
            time.sleep(1.0)
    finally:
        spinner.wait()
    assert own_spin.cores is not None and other_spin.cores is not None
    assert other_spin.cores - own_spin.cores > 0.3 and other_spin.cores > BUSY_CORES
    base = {**cell("m", "torch", "eager", "rendered", 10.0), "infer": {"median": 10.0, "min": 9.0, "max": 11.0},
            "latency_p50_ms": 1.0, "latency_p95_ms": 1.0, "warmup_infer_s": 0.1}
    rows = table([{**base, "other_load_cores": BUSY_CORES}, {**base, "other_load_cores": 1.04}]).splitlines()
    assert "busy" not in rows[2] and "⚠ busy: other processes used 1.0 cores" in rows[3]


@needs("torch")
def test_torch_modes_do_what_their_names_say() -> None:
    import torch

    from benchmarks.modes import TorchChannelsLast, TorchCompile, TorchEager

    model = get_model(AUX_PROBE)  # three input channels: a one-channel map is both layouts at once
    start = init(model)
    eager = TorchEager(model, start)
    assert not isinstance(eager.runnable(), torch._dynamo.eval_frame.OptimizedModule)
    assert not eager.tensor(eager.inputs(2)[0]).is_contiguous(memory_format=torch.channels_last)
    assert isinstance(TorchCompile(model, start).runnable(), torch._dynamo.eval_frame.OptimizedModule)
    channels_last = TorchChannelsLast(model, start)
    assert channels_last.runnable().conv.weight.is_contiguous(memory_format=torch.channels_last)
    assert channels_last.tensor(channels_last.inputs(2)[0]).is_contiguous(memory_format=torch.channels_last)


@needs("paddle")
def test_paddle_modes_do_what_their_names_say() -> None:
    from paddle.jit.dy2static.program_translator import ASTStaticFunction, StaticFunction

    from benchmarks.modes import PaddleDynamic, PaddleInference, PaddleToStatic

    model = get_model("lenet5_torch")
    start = init(model)
    assert not isinstance(PaddleDynamic(model, start).runnable(2).forward, StaticFunction)
    assert isinstance(PaddleToStatic(model, start).runnable(2).forward, ASTStaticFunction)  # full_graph=True
    inference = PaddleInference(model, start, threads=3)
    inference.infer(2)
    assert inference.config.mkldnn_enabled() and inference.config.cpu_math_library_num_threads() == 3


@needs("keras")
def test_keras_modes_do_what_their_names_say() -> None:
    from benchmarks.modes import KerasCompiled, KerasEager, KerasXLA

    model = get_model("lenet5_torch")
    start = init(model)
    compiled, eager, xla = (mode(model, start).native for mode in (KerasCompiled, KerasEager, KerasXLA))
    assert (compiled.jit_compile, compiled.run_eagerly) == (False, False)
    assert eager.run_eagerly and xla.jit_compile and not xla.run_eagerly
    assert KerasCompiled(model, start).device_peak_mb() is None  # JAX's allocator on a GPU only


class Clock:
    """A perf_counter read by hand: time moves only when a call made here runs, by the next of its durations.
    Durations are binary fractions and the clock starts at 100 s, so the arithmetic is exact and a figure taken
    from 0 instead of the start shows."""

    def __init__(self) -> None:
        self.now = 100.0

    def read(self) -> float:
        return self.now

    def calls(self, durations: list[float]):
        left = iter(durations)

        def call() -> None:
            self.now += next(left)  # one call too many ends the test
        return call


@pytest.mark.parametrize("durations, per_sample, steady_call", [
    ([10.0, 9.0], 1, 9.0),  # a tenth of the longer call apart: steady; a call over 0.05 s is a sample by itself
    ([0.25, 0.125, 0.125], 1, 0.125),  # half apart: not steady yet
    ([0.5, 0.453125], 1, 0.453125),  # 3/64 apart: within a tenth of the longer call, not of the shorter
    ([1.0, 0.015625, 0.015625], 4, None),  # a sample of 1/64 s calls is ceil(0.05 * 64) = 4 of them
    ([0.5, 0.25] * 4, 1, None)])  # never steady: the eighth call ends the warm-up, and is no sample
def test_warm_up_ends_at_two_calls_within_a_tenth_of_the_longer(monkeypatch, durations: list[float],
                                                                    per_sample: int, steady_call) -> None:
    from benchmarks import measure

    clock = Clock()
    monkeypatch.setattr(measure.time, "perf_counter", clock.read)
    assert warm_up(clock.calls(durations), lambda: None) == measure.WarmUp(sum(durations), per_sample, steady_call)


def test_the_warm_ups_steady_call_is_the_first_sample(monkeypatch) -> None:
    """A steady last warm-up call of 1/2 s at batch 8 is the first sample (16 images/s); two more calls of 1 and
    1/4 s make 8 and 32."""
    from benchmarks import measure

    clock = Clock()
    monkeypatch.setattr(measure.time, "perf_counter", clock.read)
    first = measure.WarmUp(1.5, 1, 0.5).first_samples(8)
    assert rate(clock.calls([1.0, 0.25]), lambda: None, 8, 3, 1, first) == measure.Rate(16.0, 8.0, 32.0, 3)


def test_a_slow_cells_steady_warm_up_call_is_not_made_again_as_a_sample() -> None:
    """Calls of 0.1 s at batch 2 (one a sample): two warm-up calls, the second also the first of three samples,
    then two timed calls (the batch-1 latency calls apart)."""
    from benchmarks.worker import measure

    mode = StubMode(first=0.1, per_image=0.05)
    made = []
    infer = mode.infer

    def counted(batch: int):
        call = infer(batch)
        return lambda: made.append(batch) or call()
    mode.infer = counted
    [cell] = measure([mode], {"batch": 2, "repeats": 3, "latency_runs": 1, "train": False})
    assert made.count(2) == 2 + 2 and cell["infer"]["repeats"] == 3, made
    assert 10 < cell["infer"]["min"] <= cell["infer"]["max"] <= 20, cell  # 2 images in at least 0.1 s each sample


def test_a_rate_is_the_median_min_and_max_of_its_samples(monkeypatch) -> None:
    """Samples of two batch-8 calls lasting 1/2, 1 and 1/4 s: 32, 16 and 64 images/s."""
    from benchmarks import measure

    clock = Clock()
    monkeypatch.setattr(measure.time, "perf_counter", clock.read)
    call = clock.calls([0.25, 0.25, 0.5, 0.5, 0.125, 0.125])
    assert rate(call, lambda: None, 8, 3, 2) == measure.Rate(32.0, 16.0, 64.0, 3)


def test_latency_is_the_median_and_95th_percentile_in_milliseconds(monkeypatch) -> None:
    """Twenty calls of 20/1024 s down to 1/1024 s: the median is 10.5/1024 s, the 95th percentile (the sorted
    sample at 0.95 * 19, rounded) 19/1024 s."""
    from benchmarks import measure

    clock = Clock()
    monkeypatch.setattr(measure.time, "perf_counter", clock.read)
    call = clock.calls([i / 1024 for i in range(20, 0, -1)])
    assert latency_ms(call, lambda: None, 20) == pytest.approx((10.5 / 1024 * 1e3, 19 / 1024 * 1e3), rel=1e-12)


def test_machine_cpu_time_adds_the_busy_fields_of_the_first_line(monkeypatch, tmp_path: Path) -> None:
    """/proc/stat's first line: user nice system idle iowait irq softirq steal guest guest_nice, in clock ticks;
    powers of two so that each field shows in the sum. Idle and iowait are not busy time; guests are already
    in user."""
    import os

    from benchmarks import measure

    stat = tmp_path / "stat"
    stat.write_text("cpu  1 2 4 8 16 32 64 128 256 512\ncpu0 3 3 3 3 3 3 3 3 3 3\n")
    monkeypatch.setattr(measure, "PROC_STAT", stat)
    assert measure.machine_cpu_seconds() == (1 + 2 + 4 + 32 + 64 + 128) / os.sysconf("SC_CLK_TCK")
    monkeypatch.setattr(measure, "PROC_STAT", tmp_path / "absent")
    assert measure.machine_cpu_seconds() is None


@pytest.mark.parametrize("machine, own, cores", [
    ([10.0, 13.0], [5.0, 6.0], 1.0),  # 3 s of the machine's CPU, 1 s of it this process's, over 2 s
    ([10.0, 11.0], [5.0, 6.5], 0.0),  # ticks are coarser than process time: never below nothing
    ([10.0, None], [5.0, 6.0], None)])  # no /proc: not known
def test_other_load_is_the_machines_cpu_time_less_the_processes_own_over_the_wall_time(
        monkeypatch, machine: list, own: list[float], cores: float | None) -> None:
    from benchmarks import measure

    readings = {"machine": iter(machine), "own": iter(own), "wall": iter([100.0, 102.0])}
    monkeypatch.setattr(measure, "machine_cpu_seconds", lambda: next(readings["machine"]))
    monkeypatch.setattr(measure.time, "process_time", lambda: next(readings["own"]))
    monkeypatch.setattr(measure.time, "perf_counter", lambda: next(readings["wall"]))
    with measure.OtherLoad() as load:
        pass
    assert load.cores == cores


def test_peak_memory_is_vmhwm_in_mib(monkeypatch, tmp_path: Path) -> None:
    from benchmarks import measure

    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmPeak:\t 9999 kB\nVmHWM:\t    3072 kB\nVmRSS:\t 1024 kB\n")
    monkeypatch.setattr(measure, "STATUS", status)
    assert measure.peak_memory_mb() == 3.0
    status.write_text("Name:\tpython\n")
    assert measure.peak_memory_mb() is None
    monkeypatch.setattr(measure, "STATUS", tmp_path / "absent")
    assert measure.peak_memory_mb() is None


def test_the_markdown_report_has_every_section_its_cells_call_for() -> None:
    """Made-up cells: a rendered/zoo pair on Paddle (the zoo's measured beside other load, both profiled, the
    rendered one with a cost curve), two torch modes (the fastest differs for inference and training, one with
    a curve point at a batch the other lacks), a failed Keras cell and a skipped group."""
    from benchmarks.report import markdown

    def timed(median: float) -> dict:
        return {"median": median, "min": median - 1, "max": median + 1, "repeats": 3}

    def measured(group: str, mode: str, source: str, infer: float, train: float | None, **extra) -> dict:
        made = {**cell("resnet18", group, mode, source, infer), "infer": timed(infer), "latency_p50_ms": 1.5,
                "latency_p95_ms": 2.25, "warmup_infer_s": 0.5, "peak_memory_mb": 1234.0, **extra}
        return {**made, "train": timed(train), "warmup_train_s": 1.5} if train else made

    cells = [measured("paddle", "dynamic", "rendered", 30.0, 10.0, note="dynamic graph", peak_memory_shared=True,
                      profile={"Conv2D": {"count": 20, "ms": 5.0}},
                      curve=[{"batch": 1, "infer": {"median": 10.0}}, {"batch": 4, "infer": {"median": 25.0}}]),
             measured("paddle", "dynamic", "zoo", 40.0, 8.0, note="paddle.vision", other_load_cores=1.2,
                      profile={"Conv2D": {"count": 20, "ms": 4.0}, "ReLU": {"count": 17, "ms": 0.5}}),
             measured("torch", "eager", "rendered", 50.0, 20.0, note="", other_load_cores=None,
                      curve=[{"batch": 16, "infer": {"median": 70.0}}]),
             measured("torch", "compile", "rendered", 60.0, None, note=""),
             {"model": "resnet18", "group": "keras-tensorflow", "mode": "compiled", "source": "rendered",
              "error": "ValueError: boom"}]
    environment = {"device": "cpu", "date": "2026-12-06", "cpu": "A CPU", "cores": 2, "threads": 2, "batch": 4,
                   "repeats": 3, "latency_runs": 5, "tf_onednn": "on", "versions": {"torch": "2.13.0"},
                   "load_average": 1.5}
    summary = {"environment": environment, "cells": cells, "seconds": 12.0, "skipped_groups": {"keras-jax": "no jax"}}
    lines = markdown(summary).splitlines()
    assert lines[:3] == ["# Throughput (cpu, 2026-12-06)", "", (
        "A CPU, 2 cores; 2 intra-op threads in every framework; batch 4, median of 3 timed calls after warm-up, "
        "batch-1 latency over 5 calls; TensorFlow oneDNN: on. Versions: torch 2.13.0. Run time 12 s.")]
    for row in [("| resnet18 | paddle dynamic | 30.0 (29.0–31.0) | 10.0 (9.0–11.0) | 1.50 / 2.25 | 1,234 (pair) | "
                 "0.5 / 1.5 |"),
                ("| resnet18 | paddle dynamic (zoo) ⚠ busy: other processes used 1.2 cores | 40.0 (39.0–41.0) | "
                 "8.0 (7.0–9.0) | 1.50 / 2.25 | 1,234 | 0.5 / 1.5 |"),
                "| resnet18 | torch eager | 50.0 (49.0–51.0) | 20.0 (19.0–21.0) | 1.50 / 2.25 | 1,234 | 0.5 / 1.5 |",
                "| resnet18 | torch compile | 60.0 (59.0–61.0) | - | 1.50 / 2.25 | 1,234 | 0.5 |",
                "| resnet18 | keras-tensorflow compiled (rendered) | failed: ValueError: boom | | | | |",
                ("⚠ Other processes used more than 0.25 cores while the cells marked busy were measured (one-minute "
                 "load average 1.50 at the start): their figures are not a quiet machine's. Rerun them with nothing "
                 "else running."),
                "- paddle dynamic: dynamic graph", "- paddle dynamic (zoo): paddle.vision",
                "| resnet18 | paddle dynamic | paddle.vision | 0.75 ✗ | 1.25 ✓ |",
                "resnet18, paddle dynamic:", "| layer type | rendered: count, ms | zoo: count, ms |", "|---|---|---|",
                "| Conv2D | 20, 5.0 | 20, 4.0 |", "| ReLU | 0, - | 17, 0.5 |",
                "| resnet18 | paddle | 30.0 img/s (dynamic) | 10.0 img/s (dynamic) |",
                "| resnet18 | torch | 60.0 img/s (compile) | 20.0 img/s (eager) |",
                "## Cost curve: resnet18 inference, images/s by batch size", "| framework / mode | 1 | 4 | 16 |",
                "|---|---|---|---|", "| paddle dynamic | 10.0 | 25.0 | - |", "| torch eager | - | - | 70.0 |",
                "Skipped: keras-jax (no jax)"]:
        assert row in lines, row
    assert not any(line.startswith("- torch") for line in lines)  # a mode without a note says nothing
    quiet = markdown({**summary, "cells": cells[2:4], "skipped_groups": {}})
    assert "busy" not in quiet and "Rendered against zoo" not in quiet and "Where the time goes" not in quiet
    assert "Skipped" not in quiet
    curve_second = [{**cells[3], "model": "lenet"}, cells[2]]  # the curve's model, not the first cell's
    assert "## Cost curve: resnet18 inference, images/s by batch size" in markdown({**summary, "cells": curve_second})
    unrecorded = {**environment}
    del unrecorded["load_average"]  # reports written before the load average was recorded
    assert "while the cells marked busy were measured: their" in markdown({**summary, "environment": unrecorded})


class ClockedMode:
    """A mode whose calls move a Clock by `per_image` seconds an image (a training step three times that); the
    zoo twin's calls at the plan's batch slow to double in every other block of four (a sample is four calls)."""

    framework, note, devices, trains, uneven = "stub", "", ("cpu",), True, False
    clock: Clock

    @classmethod
    def runs(cls, model, device: str) -> bool:
        return device in cls.devices

    def __init__(self, model, weights, device: str, threads: int) -> None:
        pass

    def reset_device_peak(self) -> None:
        pass

    def device_peak_mb(self) -> None:
        return None

    def sync(self) -> None:
        pass

    def infer(self, batch: int):
        made = []

        def call() -> None:
            made.append(1)
            slow = self.uneven and batch == 2 and len(made) > 2 and (len(made) - 3) // 4 % 2 == 1
            self.clock.now += self.per_image * batch * (2 if slow else 1)
        return call

    def train(self, batch: int):
        if not self.trains:
            return None

        def step() -> None:
            self.clock.now += 3 * self.per_image * batch
        return step


def test_the_worker_times_each_chosen_mode_pairs_zoo_twins_and_reports_failures(monkeypatch, capsys,
                                                                                tmp_path: Path) -> None:
    """At batch 2 the rendered 'fast' mode runs 64 images/s and its zoo twin 128 (64 in every other sample), so
    the rendered one is below the zoo target and both are profiled; 'solo' has no twin and trains at 64/3
    images/s; 'broken' fails to build (a long message, cut); 'lonely' is a zoo mode without a rendered partner,
    'gpuonly' does not run on the CPU, 'unlisted' is not in the plan: none of the three is timed."""
    from benchmarks import measure, modes, worker

    clock = Clock()

    def mode(name: str, source: str = "rendered", per_image: float = 1 / 64, **settings) -> type:
        return type(name, (ClockedMode,), {"name": name, "source": source, "per_image": per_image, "clock": clock,
                                           **settings})

    def broken_init(self, *args) -> None:
        raise ValueError("no such layer " + "x" * 400 + "\nsecond line")

    monkeypatch.setattr(measure.time, "perf_counter", clock.read)
    monkeypatch.setattr(worker, "layer_profile", lambda mode, batch: {"profiled": mode.source})
    monkeypatch.setitem(modes.GROUPS, "stub", [
        mode("fast"), mode("solo"), mode("broken", __init__=broken_init), mode("unlisted"),
        mode("gpuonly", devices=("gpu",)), mode("fast", "zoo", 1 / 128, trains=False, uneven=True),
        mode("lonely", "zoo")])
    plan = {"group": "stub", "models": ["lenet5_torch"], "modes": ["fast", "solo", "broken", "lonely", "gpuonly"],
            "batch": 2, "repeats": 3, "latency_runs": 2, "train": True, "device": "cpu", "threads": 1,
            "curve_model": "lenet5_torch", "curve_modes": ["stub/fast"], "curve_batches": [1, 4]}
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    assert worker.main(str(tmp_path / "plan.json")) == 0
    cells = [json.loads(line)["cell"] for line in capsys.readouterr().out.splitlines()]
    assert [(c["mode"], c["source"]) for c in cells] == [("fast", "rendered"), ("fast", "zoo"), ("solo", "rendered"),
                                                        ("broken", "rendered")]
    fast, zoo, solo, broken = cells
    flat = {"median": 64.0, "min": 64.0, "max": 64.0, "repeats": 3}
    assert fast["infer"] == flat and zoo["infer"] == {"median": 128.0, "min": 64.0, "max": 128.0, "repeats": 3}
    assert (fast["latency_p50_ms"], fast["latency_p95_ms"], fast["warmup_infer_s"]) == (15.625, 15.625, 0.0625)
    assert "train" not in fast and "train" not in zoo  # the twin cannot train: neither is timed training
    assert solo["train"]["median"] == pytest.approx(64 / 3, rel=1e-12)
    assert (fast["profile"], zoo["profile"]) == ({"profiled": "rendered"}, {"profiled": "zoo"})
    assert "profile" not in solo and "curve" not in zoo and "curve" not in solo
    assert fast["curve"] == [{"batch": batch, "infer": flat} for batch in (1, 4)]
    assert fast["peak_memory_shared"] and zoo["peak_memory_shared"] and not solo["peak_memory_shared"]
    assert broken == {"model": "lenet5_torch", "group": "stub", "mode": "broken", "source": "rendered",
                      "error": ("ValueError: no such layer " + "x" * 400)[:300],
                      "peak_memory_mb": broken["peak_memory_mb"], "peak_memory_shared": False}


def test_a_rendered_mode_is_below_target_under_98_percent_of_any_twin_in_any_kind() -> None:
    from benchmarks.worker import below_target

    def rates(infer: float, train: float | None = None) -> dict:
        return {"infer": {"median": infer}, **({"train": {"median": train}} if train else {})}

    assert below_target([rates(97.0), rates(100.0)]) and not below_target([rates(98.0), rates(100.0)])
    assert below_target([rates(100.0, 9.0), rates(50.0), rates(100.0, 10.0)])  # the second twin's training
    assert not below_target([rates(100.0), rates(100.0, 10.0)])  # a kind only the twin measured
    assert not below_target([rates(100.0, 10.0)])  # no twin


@pytest.mark.parametrize("group, set_in", [("torch", ["torch"]), ("keras-torch", ["torch"]),
                                           ("keras-tensorflow", ["tensorflow"]), ("paddle", [])])
@needs("torch")
def test_the_plans_thread_count_is_set_in_the_groups_own_framework(monkeypatch, group: str, set_in: list) -> None:
    """Paddle takes its count from the environment the parent sets; torch and TensorFlow from these calls."""
    import torch

    tf = pytest.importorskip("tensorflow")

    from benchmarks.worker import set_threads

    made = []
    monkeypatch.setenv("ROSETTA_BENCH_GROUP", group)
    monkeypatch.setattr(torch, "set_num_threads", lambda n: made.append(("torch", n)))
    monkeypatch.setattr(tf.config.threading, "set_intra_op_parallelism_threads",
                        lambda n: made.append(("tensorflow", n)))
    monkeypatch.setattr(tf.config.threading, "set_inter_op_parallelism_threads",
                        lambda n: made.append(("tensorflow", n)))
    set_threads(3)
    assert made == [(name, 3) for name in set_in for _ in range(1 if name == "torch" else 2)]


AUX_PROBE = str(Path(__file__).parent / "specs" / "aux_probe.yaml")
LOG_SOFTMAX_PROBE = str(Path(__file__).parent / "specs" / "log_softmax_probe.yaml")
# a net with an auxiliary head and batch norm, a one-output (binary) net, a softmax-output net and a
# log-softmax-output net
HEADS = [AUX_PROBE, "lenet_paddle", "lenet5_classic", LOG_SOFTMAX_PROBE]


def _numpy(value) -> np.ndarray:
    value = value[0] if isinstance(value, (list, tuple)) else value
    return np.asarray(value.detach().cpu() if hasattr(value, "detach") else value, np.float64)


@pytest.mark.parametrize("framework, mode_names", [
    pytest.param("torch", ["TorchEager", "TorchChannelsLast", "OnnxRuntime"], marks=needs("torch")),
    pytest.param("paddle", ["PaddleDynamic", "PaddleInference"], marks=needs("paddle")),
    pytest.param("keras", ["KerasEager", "KerasCompiled"], marks=needs("keras"))], ids=["torch", "paddle", "keras"])
def test_every_mode_computes_the_oracles_output_and_its_training_loss(framework: str, mode_names: list[str]) -> None:
    """What a mode times is the model: its inference call gives the oracle's eval output, and its first training
    step the oracle's train-mode loss (batch statistics, the auxiliary head at its weight, the output read as
    logits, probabilities or one binary logit), on the mode's own inputs. Compiled modes (torch.compile,
    to_static, XLA) run these same calls on a compiled model: the test of their names covers what differs."""
    from benchmarks import modes
    from shared_specs import oracle

    for name in HEADS:
        model = get_model(name)
        weights = init(model, seed=3)
        for mode_name in mode_names:
            mode = getattr(modes, mode_name)(model, weights)
            x, labels = mode.inputs(3)
            want = oracle.forward(model, x, weights)
            got = _numpy(mode.infer(3)())
            got = got.reshape(want.shape)  # Keras' one binary logit comes as (n, 1) too
            assert np.max(np.abs(got - want)) <= 1e-5 * np.max(np.abs(want)), (name, mode_name)
            mode.sync()
            step = mode.train(3)
            if step is not None:
                loss = float(_numpy(step()).reshape(-1)[0])
                assert loss == pytest.approx(oracle.training_loss(model, x, weights, labels), rel=1e-5), \
                    (name, mode_name)


def test_a_zoo_mode_runs_only_the_architectures_its_zoo_has_and_a_gpu_mode_only_on_a_gpu() -> None:
    import importlib.util

    from benchmarks.modes import KerasApplication, PaddleVision, TorchBF16, TorchEager, TorchVision

    resnet18, lenet = get_model("resnet18"), get_model("lenet5_torch")
    assert PaddleVision.runs(resnet18, "cpu") and PaddleVision.runs(resnet18, "gpu")
    assert not PaddleVision.runs(lenet, "cpu") and not KerasApplication.runs(lenet, "cpu")
    assert TorchEager.runs(lenet, "cpu") and TorchEager.runs(lenet, "gpu") and not TorchEager.runs(lenet, "tpu")
    assert TorchBF16.runs(lenet, "gpu") and not TorchBF16.runs(lenet, "cpu")
    assert TorchVision.runs(resnet18, "cpu") == (importlib.util.find_spec("torchvision") is not None)
    assert not TorchVision.runs(lenet, "cpu")


@needs("torch")
def test_a_group_that_cannot_run_on_the_gpu_says_why_and_ends_well(tmp_path: Path, capsys) -> None:
    import torch

    from benchmarks.worker import main as worker

    if torch.cuda.is_available():
        pytest.skip("a GPU is here: the group runs")
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"group": "torch", "models": ["lenet5_torch"], "modes": ["eager"], "batch": 2,
                                "repeats": 1, "latency_runs": 1, "train": False, "device": "gpu", "threads": 1}))
    assert worker(str(plan)) == 0
    assert json.loads(capsys.readouterr().out) == {"skip": "torch.cuda.is_available() is False"}


@needs("torch")
def test_torchvisions_twin_takes_the_canonical_weights_and_a_mismatch_is_named(monkeypatch) -> None:
    """torchvision is not installed beside the CPU torch, so its models are stood in for by the rendered ones
    (the same canonical keys): batch norm's num_batches_tracked, absent from canonical files, may be missing;
    a parameter the spec lacks may not, nor may the spec have one the zoo lacks."""
    import types

    import torch

    from benchmarks.modes import TorchVision
    from frameworks.base import get_framework

    model = get_model(AUX_PROBE)
    start = init(model, seed=1)
    fw = get_framework("torch")

    class Wider(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net, self.extra = fw.build(model), torch.nn.Linear(2, 2)

    zoo = types.SimpleNamespace(models=types.SimpleNamespace(aux_probe=lambda: fw.build(model)))
    monkeypatch.setitem(sys.modules, "torchvision", zoo)
    built = TorchVision(model, start).native
    np.testing.assert_array_equal(built.conv.weight.detach().numpy(), start["conv.weight"])
    zoo.models.aux_probe = Wider
    with pytest.raises(ValueError, match=r"torchvision aux_probe and the spec differ: missing \['net.conv.weight'"):
        TorchVision(model, start)

    def narrower() -> torch.nn.Module:
        net = fw.build(model)
        del net.aux
        return net
    zoo.models.aux_probe = narrower
    with pytest.raises(ValueError, match=r"missing \[\], unexpected \['aux.weight', 'aux.bias'\]"):
        TorchVision(model, start)


@needs("torch")
def test_a_gpu_modes_device_peak_is_its_allocators_in_mib(monkeypatch) -> None:
    """The allocators are read through stand-ins: torch's CUDA peak, and JAX's device statistics (which a CPU
    device or an older JAX may not have)."""
    import types

    import torch

    from benchmarks.modes import TorchEager

    mode = TorchEager(get_model("lenet5_torch"), init(get_model("lenet5_torch")))
    assert mode.device_peak_mb() is None
    mode.fw = types.SimpleNamespace(torch_device="cuda")
    monkeypatch.setattr(torch.cuda, "max_memory_allocated", lambda: 3 * 2**20)
    assert mode.device_peak_mb() == 3.0


@needs("keras")
@pytest.mark.parametrize("device, backend, stats, peak", [
    ("gpu", "jax", {"peak_bytes_in_use": 5 * 2**20}, 5.0), ("gpu", "jax", None, None), ("gpu", "jax", {}, None),
    ("cpu", "jax", {"peak_bytes_in_use": 5 * 2**20}, None), ("gpu", "tensorflow", {"peak_bytes_in_use": 1}, None)])
def test_keras_reads_jaxs_allocator_peak_on_a_gpu_only(monkeypatch, device: str, backend: str, stats, peak) -> None:
    import types

    from benchmarks.modes import KerasCompiled

    mode = KerasCompiled(get_model("lenet5_torch"), init(get_model("lenet5_torch")))
    mode.device = device
    monkeypatch.setattr(mode.keras.backend, "backend", lambda: backend)
    device_stats = types.SimpleNamespace(memory_stats=lambda: stats)
    monkeypatch.setitem(sys.modules, "jax", types.SimpleNamespace(devices=lambda: [device_stats]))
    assert mode.device_peak_mb() == peak
