"""How one cell is timed: warm up until steady, synchronise before reading the clock, repeat, report the median
with min and max. Peak host memory is the process's VmHWM, reset before each cell (Linux `clear_refs`)."""

from __future__ import annotations

import math
import os
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Self

STEADY = 0.10  # warm-up ends when two consecutive calls differ by less than this fraction
MAX_WARMUP_CALLS = 8
SAMPLE_SECONDS = 0.05  # a timed sample repeats a fast call until it lasts this long: timer noise stays below 1%


@dataclass(frozen=True)
class Rate:
    """Images per second over `repeats` timed calls: median, min and max."""

    median: float
    min: float
    max: float
    repeats: int


@dataclass(frozen=True)
class WarmUp:
    """What warming a call up cost and found: its seconds, how many calls make one timed sample, and the last
    call's seconds where it was steady and one call makes a sample (it is then the first sample)."""

    seconds: float
    calls: int
    steady_call: float | None

    def first_samples(self, batch: int) -> list[float]:
        """Images per second of the steady last call, where it is a sample, else none."""
        return [batch / self.steady_call] if self.steady_call else []


def warm_up(call: Callable[[], object], sync: Callable[[], None]) -> WarmUp:
    """Calls until two consecutive ones agree within STEADY (compilation, allocator and cache warm-up all
    land in the first calls)."""
    start, previous, took = time.perf_counter(), None, 0.0  # pragma: no mutate: the first call sets `took`
    steady = False
    for _ in range(MAX_WARMUP_CALLS):
        begin = time.perf_counter()
        call()
        sync()
        took = time.perf_counter() - begin
        if previous is not None and abs(took - previous) <= STEADY * max(took, previous):
            steady = True
            break
        previous = took
    calls = max(1, math.ceil(SAMPLE_SECONDS / max(took, 1e-9)))
    return WarmUp(time.perf_counter() - start, calls, took if steady and calls == 1 else None)


def rate(call: Callable[[], object], sync: Callable[[], None], batch: int, repeats: int, calls: int = 1,
         first: list[float] | None = None) -> Rate:
    """Images per second of `repeats` samples of `calls` calls each, `first` (the warm-up's steady call,
    WarmUp.first_samples) among them; the device is synchronised before the clock is read."""
    samples = list(first or [])
    while len(samples) < repeats:
        begin = time.perf_counter()
        for _ in range(calls):
            call()
        sync()
        samples.append(batch * calls / (time.perf_counter() - begin))
    return Rate(statistics.median(samples), min(samples), max(samples), repeats)


def latency_ms(call: Callable[[], object], sync: Callable[[], None], runs: int) -> tuple[float, float]:
    """p50 and p95 of single calls, in milliseconds."""
    samples = []
    for _ in range(runs):
        begin = time.perf_counter()
        call()
        sync()
        samples.append((time.perf_counter() - begin) * 1e3)
    samples.sort()
    return statistics.median(samples), samples[round(0.95 * (len(samples) - 1))]


STATUS = Path("/proc/self/status")
PROC_STAT = Path("/proc/stat")
BUSY_CORES = 0.25  # other processes' average use of the cores during a cell, above which its figure is flagged


def machine_cpu_seconds() -> float | None:
    """CPU time every process on the machine has used since boot (/proc/stat: user, nice, system, irq, softirq,
    steal); None where there is no /proc."""
    try:
        fields = [int(v) for v in PROC_STAT.read_text().partition("\n")[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class OtherLoad:
    """How many cores other processes kept busy while a cell was measured: the machine's CPU time less this
    process's own, over the wall time. A 2-thread pool shares 2 cores with anything else running, so a figure
    taken beside another process can be a fraction of the quiet one."""

    def __enter__(self) -> Self:
        self.wall, self.own, self.machine = time.perf_counter(), time.process_time(), machine_cpu_seconds()
        self.cores: float | None = None
        return self

    def __exit__(self, *exc: object) -> None:
        machine = machine_cpu_seconds()
        if machine is not None and self.machine is not None:
            wall = time.perf_counter() - self.wall
            self.cores = max(0.0, (machine - self.machine) - (time.process_time() - self.own)) / wall


def reset_peak_memory() -> None:
    """Writing 5 to clear_refs resets VmHWM to the current resident size (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_memory_mb() -> float | None:
    try:
        found = re.search(r"VmHWM:\s+(\d+) kB", STATUS.read_text())
    except OSError:
        return None
    return int(found.group(1)) / 1024 if found else None
