"""The parity matrix behind `make parity`: every spec x framework against the float64 oracle."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from frameworks.base import FRAMEWORK_NAMES, get_framework, installed
from shared_specs import oracle
from shared_specs.registry import get_model
from shared_specs.weights import init, write_atomic

TOLERANCE = 1e-5  # max |y - oracle| / max |oracle|, fp32 on CPU


@dataclass
class Cell:
    model: str
    framework: str
    status: str  # pass | fail | skip
    shape_ok: bool | None = None
    params: list[int] | None = None  # spec, framework, published
    max_abs_error: float | None = None
    max_rel_error: float | None = None
    round_trip_bitwise: bool | None = None
    seconds: float = 0.0
    reason: str = ""


def run_cell(name: str, framework: str, batch: int) -> Cell:
    model = get_model(name)
    if not installed(framework):
        return Cell(name, framework, "skip", reason=f"{framework} is not installed")
    start = time.perf_counter()
    fw = get_framework(framework)
    native = fw.build(model)
    weights = init(model, seed=0)
    fw.load_canonical(native, model, weights)
    x = np.random.default_rng(1).standard_normal((batch, *model.input_shape)).astype(np.float32)
    want = oracle.forward(model, x.astype(np.float64), weights)
    got = fw.forward(native, x)
    params, buffers = fw.count(native)
    shape_ok = got.shape == want.shape
    abs_err = float(np.abs(got - want).max()) if shape_ok else float("inf")
    rel_err = abs_err / max(float(np.abs(want).max()), 1e-30)
    back = fw.to_canonical(native, model)
    round_trip = set(back) == set(weights) and all(np.array_equal(back[k], v) for k, v in weights.items())
    published = model.published.count if model.published else None
    counts_ok = params == model.num_params == published and buffers == model.num_buffers
    ok = shape_ok and counts_ok and rel_err <= TOLERANCE and round_trip
    reasons = [r for r, bad in [("shape", not shape_ok), ("params", not counts_ok),
                                (f"error {rel_err:.1e}", rel_err > TOLERANCE), ("round trip", not round_trip)] if bad]
    return Cell(name, framework, "pass" if ok else "fail", shape_ok, [model.num_params, params, published],
                abs_err, rel_err, round_trip, time.perf_counter() - start, ", ".join(reasons))


def markdown(cells: list[Cell]) -> str:
    lines = ["| model | framework | shape | params (spec / framework / published) | max abs err | max rel err "
             "| round trip | time |", "|---|---|---|---|---|---|---|---|"]
    for c in cells:
        if c.status == "skip":
            lines.append(f"| {c.model} | {c.framework} | skipped: {c.reason} | | | | | |")
            continue
        mark = "✓" if c.status == "pass" else "✗"
        params = " / ".join(f"{p:,}" if p is not None else "-" for p in c.params)
        lines.append(f"| {c.model} | {c.framework} | {'✓' if c.shape_ok else '✗'} | {params} {mark} | "
                     f"{c.max_abs_error:.1e} | {c.max_rel_error:.1e} | {'✓' if c.round_trip_bitwise else '✗'} | "
                     f"{c.seconds:.1f}s |")
    return "\n".join(lines) + "\n"


def run(models: list[str], frameworks: list[str] = list(FRAMEWORK_NAMES), batch: int = 2,
        report_dir: Path = Path("reports")) -> int:
    cells = []
    total = len(models) * len(frameworks)
    live = sys.stderr.isatty()
    for i, (name, framework) in enumerate(((m, f) for m in models for f in frameworks), 1):
        status = f"[{i}/{total}] {name} on {framework}..."
        print(f"\r{status:<60}" if live else status, end="" if live else "\n", file=sys.stderr, flush=True)
        cells.append(run_cell(name, framework, batch))
    if live:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr)
    table = markdown(cells)
    print(table)
    write_atomic(report_dir / "parity.json", json.dumps({"tolerance": TOLERANCE, "relative_error":
                 "max|y - oracle| / max|oracle|", "cells": [asdict(c) for c in cells]}, indent=2) + "\n")
    write_atomic(report_dir / "parity.md", f"# Parity (CPU, fp32 vs float64 oracle, tolerance {TOLERANCE})\n\n"
                 + table)
    failed = [f"{c.model}/{c.framework} ({c.reason})" for c in cells if c.status == "fail"]
    worst = {f: max((c.max_rel_error for c in cells if c.framework == f and c.max_rel_error is not None),
                    default=None) for f in frameworks}
    print("worst relative error: " + ", ".join(f"{f} {e:.1e}" for f, e in worst.items() if e is not None))
    print(f"wrote {report_dir / 'parity.json'} and {report_dir / 'parity.md'}")
    if failed:
        print("FAILED: " + "; ".join(failed), file=sys.stderr)
        return 1
    print(f"all {sum(c.status == 'pass' for c in cells)} cells pass"
          + (f" ({sum(c.status == 'skip' for c in cells)} skipped)" if any(c.status == "skip" for c in cells) else ""))
    return 0
