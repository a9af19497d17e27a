"""The benchmark harness kept working: one short run on a LeNet writes every report with its structure, and
the report's arithmetic (ratios, fastest modes) checked on cells made up here. Not a timed test."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.measure import rate, warm_up
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
             cell("resnet50", "paddle", "dynamic", "rendered", 12.0)]
    assert zoo_ratios(cells) == [{"model": "resnet18", "framework": "paddle", "mode": "dynamic", "zoo": "zoo",
                                  "infer": 0.75, "train": 1.25}]


def test_fair_best_takes_each_frameworks_fastest_rendered_mode() -> None:
    cells = [cell("m", "torch", "eager", "rendered", 10.0, 5.0), cell("m", "torch", "compile", "rendered", 20.0, 4.0),
             cell("m", "torch", "eager", "zoo", 99.0, 99.0)]
    assert fair_best(cells) == {"m": {"torch": {"infer": {"rate": 20.0, "mode": "compile"},
                                                "train": {"rate": 5.0, "mode": "eager"}}}}


def test_warm_up_stops_when_steady_and_sizes_the_samples(monkeypatch) -> None:
    """A clock read by hand (binary fractions, so the arithmetic is exact): the first call takes 1 s, the next
    two 1/64 s each; the third agrees with the second, so warm-up ends after three calls, and a timed sample
    is ceil(0.05 / (1/64)) = 4 calls. Then 4 calls of batch 8 in 1/16 s: 512 images/s."""
    import benchmarks.measure as measure

    readings = iter([0.0, 0.0, 1.0, 1.0, 1.015625, 1.015625, 1.03125, 1.03125, 2.0, 2.0625])
    monkeypatch.setattr(measure.time, "perf_counter", lambda: next(readings))
    made = []
    spent, calls = warm_up(lambda: made.append(1), lambda: None)
    assert (len(made), calls, spent) == (3, 4, 1.03125)
    assert rate(lambda: None, lambda: None, 8, 1, calls).median == 512.0


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

    model = get_model("lenet5_torch")
    start = init(model)
    assert not isinstance(TorchEager(model, start).runnable(), torch._dynamo.eval_frame.OptimizedModule)
    assert isinstance(TorchCompile(model, start).runnable(), torch._dynamo.eval_frame.OptimizedModule)
    channels_last = TorchChannelsLast(model, start)
    assert channels_last.runnable().conv1.weight.is_contiguous(memory_format=torch.channels_last)
    assert channels_last.tensor(channels_last.inputs(2)[0]).is_contiguous(memory_format=torch.channels_last)


@needs("paddle")
def test_paddle_modes_do_what_their_names_say() -> None:
    from paddle.jit.dy2static.program_translator import StaticFunction

    from benchmarks.modes import PaddleDynamic, PaddleInference, PaddleToStatic

    model = get_model("lenet5_torch")
    start = init(model)
    assert not isinstance(PaddleDynamic(model, start).runnable(2).forward, StaticFunction)
    assert isinstance(PaddleToStatic(model, start).runnable(2).forward, StaticFunction)
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
