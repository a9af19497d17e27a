"""One framework group's cells, in a process of its own: `python -m benchmarks.worker PLAN.json`.

A process per group because Keras picks its backend once per process, because the thread settings are made
before a framework is imported, and so that one group's memory and thread pools cannot skew another's. Each
finished cell is printed as one JSON line on stdout; the frameworks' own output goes to stderr.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import traceback
from dataclasses import asdict
from typing import Any

from .measure import OtherLoad, latency_ms, peak_memory_mb, rate, reset_peak_memory, warm_up
from .profile import layer_profile
from .report import ZOO_TARGET


def set_threads(threads: int) -> None:
    """The same intra-op thread count in every framework (environment variables are set by the parent)."""
    if os.environ.get("ROSETTA_BENCH_GROUP") in ("torch", "keras-torch"):
        import torch

        torch.set_num_threads(threads)
    if os.environ.get("ROSETTA_BENCH_GROUP") == "keras-tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)


def measure(modes: list[Any], plan: dict) -> list[dict[str, Any]]:
    """One cell per mode. Several modes (a rendered model and its zoo twin) are timed together: each warmed
    up, then their samples alternate, so a ratio between them is not skewed by the machine's drift."""
    batch, repeats = plan["batch"], plan["repeats"]
    cells = [{"framework": m.framework, "mode": m.name, "source": m.source, "note": m.note, "batch": batch}
             for m in modes]

    def timed(kind: str, calls: list[Any]) -> None:
        warm = [warm_up(call, mode.sync) for mode, call in zip(modes, calls)]
        samples: list[list[float]] = []
        for cell, done in zip(cells, warm):
            cell[f"warmup_{kind}_s"] = done.seconds
            samples.append(done.first_samples(batch))
        for _ in range(repeats):
            for i, (mode, call) in enumerate(zip(modes, calls)):
                if len(samples[i]) < repeats:
                    samples[i].append(rate(call, mode.sync, batch, 1, warm[i].calls).median)
        for cell, values in zip(cells, samples):
            cell[kind] = {"median": statistics.median(values), "min": min(values), "max": max(values),
                          "repeats": repeats}

    timed("infer", [m.infer(batch) for m in modes])
    for cell, mode in zip(cells, modes):
        single = mode.infer(1)
        warm_up(single, mode.sync)
        cell["latency_p50_ms"], cell["latency_p95_ms"] = latency_ms(single, mode.sync, plan["latency_runs"])
    steps = [m.train(batch) for m in modes] if plan["train"] else []
    if steps and all(step is not None for step in steps):
        timed("train", steps)
    return cells


def below_target(cells: list[dict[str, Any]]) -> bool:
    """Whether a rendered cell (first) is below ZOO_TARGET of a zoo twin (the rest) in any measured kind."""
    ours, twins = cells[0], cells[1:]
    return any(ours.get(kind) and twin.get(kind) and ours[kind]["median"] < ZOO_TARGET * twin[kind]["median"]
               for twin in twins for kind in ("infer", "train"))


def curve(mode: Any, plan: dict) -> list[dict[str, Any]]:
    points = []
    for batch in plan["curve_batches"]:
        infer = mode.infer(batch)
        warm = warm_up(infer, mode.sync)
        points.append({"batch": batch, "infer": asdict(rate(infer, mode.sync, batch, plan["repeats"], warm.calls,
                                                            warm.first_samples(batch)))})
    return points


def main(plan_path: str) -> int:
    plan = json.loads(open(plan_path, encoding="utf-8").read())
    set_threads(plan["threads"])
    from shared_specs.registry import get_model
    from shared_specs.weights import init

    from .modes import GROUPS, gpu_unavailable

    group = plan["group"]
    if plan["device"] == "gpu" and (reason := gpu_unavailable(group)):
        print(json.dumps({"skip": reason}), flush=True)  # pragma: no mutate: flushing changes when, not what
        return 0
    for name in plan["models"]:
        model = get_model(name)
        weights = init(model, seed=0)  # pragma: no mutate: any seed, as long as every cell of every group has it
        chosen = [m for m in GROUPS[group] if m.name in plan["modes"] and m.runs(model, plan["device"])]
        for rendered in (m for m in chosen if m.source == "rendered"):
            twins = [m for m in chosen if m.source == "zoo" and m.name == rendered.name]
            reset_peak_memory()
            try:
                modes = [mode_class(model, weights, plan["device"], plan["threads"])
                         for mode_class in [rendered, *twins]]
                for mode in modes:
                    mode.reset_device_peak()
                with OtherLoad() as others:
                    cells = measure(modes, plan)
                for cell, mode in zip(cells, modes):
                    cell["device_peak_mb"], cell["other_load_cores"] = mode.device_peak_mb(), others.cores
                if below_target(cells):  # a rendered model slower than its zoo twin: where does the time go
                    for cell, mode in zip(cells, modes):
                        cell["profile"] = layer_profile(mode, plan["batch"])
                if name == plan.get("curve_model") and f"{group}/{rendered.name}" in plan.get("curve_modes", []):
                    cells[0]["curve"] = curve(modes[0], plan)
            except Exception as exc:  # one cell's failure is reported in its row; the run goes on
                # "ValueError: its message": the first line of what a traceback ends with
                lines = traceback.format_exception_only(exc)[-1].strip().splitlines()
                cells = [{"error": lines[0][:300]}]
            peak = peak_memory_mb()
            for cell, mode_class in zip(cells, [rendered, *twins]):
                record = {"model": name, "group": group, "mode": mode_class.name, "source": mode_class.source,
                          **cell, "peak_memory_mb": peak, "peak_memory_shared": len(cells) > 1}
                print(json.dumps({"cell": record}), flush=True)  # pragma: no mutate: as above
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
