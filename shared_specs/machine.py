"""The machine a figure was measured on: fp32 results and timings depend on the CPU's kernels and its load, so a
report that states one names the CPU and how busy it was."""

from __future__ import annotations

import os
import platform
from pathlib import Path

CPUINFO = Path("/proc/cpuinfo")


def cpu_name() -> str:
    """The CPU's model name (Linux's /proc/cpuinfo), else what the platform module says."""
    if CPUINFO.exists():
        for line in CPUINFO.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def load_average() -> float | None:
    """The one-minute load average (runnable processes), None where the system has none."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def machine() -> str:
    """'AMD EPYC, 2 cores': the CPU and its core count, as a report names the machine."""
    return f"{cpu_name()}, {os.cpu_count()} cores"
