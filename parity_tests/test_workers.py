"""How `make test` spreads the suite over pytest-xdist workers (conftest.py)."""

from __future__ import annotations

import os

import pytest

from . import conftest


@pytest.mark.parametrize("cores, memory_gb, workers", [(2, 24, 2), (16, 24, 3), (8, 128, 8), (4, 6, 1)])
def test_a_worker_per_core_as_far_as_memory_holds_them(monkeypatch, cores: int, memory_gb: int, workers: int) -> None:
    """8 GB a worker: 24 GB holds 3, 6 GB still one."""
    page = 4096
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(os, "sysconf", {"SC_PAGE_SIZE": page, "SC_PHYS_PAGES": memory_gb * 2**30 // page}.get)
    assert conftest.pytest_xdist_auto_num_workers(None) == workers


@pytest.mark.parametrize("name", ["resnet18", ""])
def test_a_modules_tests_of_one_model_are_one_group_and_its_others_another(request, name: str) -> None:
    """A test of a spec is grouped by its module and the spec, so a worker holds that spec's cached probe and
    builds; a test of none (an empty name) by its module, so a module fixture is made once."""
    [mark] = request.node.iter_markers("xdist_group")
    assert mark.args == (f"parity_tests.test_workers::{name}" if name else "parity_tests.test_workers",)
