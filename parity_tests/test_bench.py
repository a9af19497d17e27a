"""The benchmark harness kept working: one short run on a LeNet writes every report with its structure, and
the report's arithmetic (ratios, fastest modes) checked on cells made up here. Not a timed test."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.measure import rate, warm_up
from benchmarks.report import fair_best, zoo_ratios
from rosetta.cli import main

from .conftest import needs


@needs("torch")
def test_a_short_run_writes_the_table_the_json_and_the_charts(tmp_path: Path, capsys) -> None:
    assert main(["bench", "lenet5_torch", "--frameworks", "torch", "--modes", "eager,session", "--repeats", "1",
                 "--latency-runs", "2", "--reports", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| lenet5_torch | torch eager |" in out and "| lenet5_torch | onnxruntime session |" in out
    report = json.loads((tmp_path / "bench.json").read_text())
    assert report["environment"]["threads"] >= 1 and "torch" in report["environment"]["versions"]
    cells = {(c["framework"], c["mode"]): c for c in report["cells"]}
    assert set(cells) == {("torch", "eager"), ("onnxruntime", "session")}
    eager = cells["torch", "eager"]
    assert eager["infer"]["median"] > 0 and eager["train"]["median"] > 0 and eager["infer"]["repeats"] == 1
    assert 0 < eager["latency_p50_ms"] <= eager["latency_p95_ms"] and eager["peak_memory_mb"] > 0
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
