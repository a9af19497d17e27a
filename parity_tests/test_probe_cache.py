"""The probe cache: a second run reads back what the first computed, and nothing it was computed from may change
unseen: a changed spec line, oracle line, weight or image is a miss; an entry that does not read is a miss."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest

from rosetta import parity
from rosetta.parity import Probe, make_probe, run_cell
from rosetta.probe_cache import CODE, ProbeCache, code_files
from shared_specs import kinks, oracle, tangent
from shared_specs.loader import load_file

from .conftest import TEST_SPECS, needs

BN_NET = TEST_SPECS / "lenet_bn.yaml"


def spec_copy(folder: Path, replace: tuple[str, str] = ("", "")) -> Path:
    path = folder / "lenet_bn.yaml"
    text = BN_NET.read_text()
    assert replace[0] in text
    path.write_text(text.replace(*replace, 1))
    return path


def probe_of(spec: Path, cache: ProbeCache, weights: dict[str, np.ndarray] | None = None) -> Probe:
    return make_probe(load_file(spec)[0], 2, weights, cache)


def computed(probe: Probe) -> bool:
    """Whether this probe's results were computed rather than read back."""
    assert ("oracle forward" in probe.phases) != ("cache read" in probe.phases and len(probe.phases) == 2)
    return "oracle forward" in probe.phases


def assert_same_results(a: Probe, b: Probe) -> None:
    for field in ("eval_out", "train_out", "reference_train"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert list(a.grads) == list(b.grads) and all(np.array_equal(a.grads[k], b.grads[k]) for k in a.grads)
    assert a.batch_stats.keys() == b.batch_stats.keys()
    for path, stats in a.batch_stats.items():
        other = b.batch_stats[path]
        assert np.array_equal(stats.mean, other.mean) and np.array_equal(stats.var, other.var)
        assert stats.count == other.count
    assert a.kinks.near.keys() == b.kinks.near.keys() and a.kinks.reached.keys() == b.kinks.reached.keys()
    assert all(np.array_equal(a.kinks.near[k], b.kinks.near[k]) for k in a.kinks.near)
    assert all(np.array_equal(a.kinks.reached[k], b.kinks.reached[k]) for k in a.kinks.reached)
    assert (a.loss, a.grads_vs_oracle, a.grads_bound, a.fp32_floor) == (
        b.loss, b.grads_vs_oracle, b.grads_bound, b.fp32_floor)


@needs("torch")
def test_a_second_probe_reads_back_every_result_and_its_cells_are_judged_alike(tmp_path: Path) -> None:
    cache = ProbeCache(tmp_path / "cache")
    spec = spec_copy(tmp_path)
    first = probe_of(spec, cache)
    second = probe_of(spec, ProbeCache(tmp_path / "cache"))
    assert computed(first) and not computed(second)
    assert second.kinks.count > 0 and second.batch_stats  # there is something to lose in the round trip
    assert_same_results(first, second)
    from frameworks.base import get_framework

    cells = [run_cell(probe, get_framework("paddle"))[0] for probe in (first, second)]
    timing = {"seconds": 0.0, "phases": {}}
    assert dataclasses.replace(cells[0], **timing) == dataclasses.replace(cells[1], **timing)
    assert cells[0].status == "pass"


@needs("torch")
@pytest.mark.parametrize("replace", [
    ("out_channels: 16", "out_channels: 12"),  # another net: other weights as well
    ("{name: bn2, op: batch_norm}", "{name: bn2, op: batch_norm, eps: 1.0e-3}"),  # the same weights, another net
    ("with ReLU as in seed 002", "with ReLU as in seed 002."),  # a description: a miss all the same
])
def test_a_changed_spec_line_misses(tmp_path: Path, replace: tuple[str, str]) -> None:
    cache = ProbeCache(tmp_path / "cache")
    probe_of(spec_copy(tmp_path), cache)
    changed = probe_of(spec_copy(tmp_path, replace), cache)
    assert computed(changed)
    assert not computed(probe_of(spec_copy(tmp_path, replace), cache))


@needs("torch")
def test_other_weights_miss(tmp_path: Path) -> None:
    cache, spec = ProbeCache(tmp_path / "cache"), spec_copy(tmp_path)
    probe = probe_of(spec, cache)
    moved = {k: v.copy() for k, v in probe.weights.items()}
    moved["fc3.bias"][0] = np.nextafter(moved["fc3.bias"][0], np.float32(1))
    assert computed(probe_of(spec, cache, moved))


def test_the_code_that_computes_a_probe_is_in_its_key_and_a_changed_oracle_line_misses(tmp_path: Path) -> None:
    from frameworks.pytorch import framework as torch_framework

    covered = {path.resolve() for path in code_files(CODE)}
    for module in (oracle, tangent, kinks, parity, torch_framework):
        assert Path(module.__file__).resolve() in covered, module.__name__
    copy = tmp_path / "oracle.py"
    copy.write_text(Path(oracle.__file__).read_text())
    before = ProbeCache(tmp_path / "cache", (copy,)).code_digest
    assert ProbeCache(tmp_path / "cache", (copy,)).code_digest == before
    copy.write_text(Path(oracle.__file__).read_text().replace("lambda x: np.maximum(x, 0.0)", "lambda x: np.maximum(x, 0)"))
    assert copy.read_text() != Path(oracle.__file__).read_text()
    assert ProbeCache(tmp_path / "cache", (copy,)).code_digest != before


@needs("torch")
@pytest.mark.parametrize("damage", ["truncated", "not an archive", "pickled object"])
def test_an_entry_that_does_not_read_is_a_miss_and_is_written_again(tmp_path: Path, damage: str) -> None:
    cache, spec = ProbeCache(tmp_path / "cache"), spec_copy(tmp_path)
    first = probe_of(spec, cache)
    [entry] = list((tmp_path / "cache").iterdir())
    if damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:1000])
    elif damage == "not an archive":
        entry.write_text("hello")
    else:  # an archive whose reading would unpickle: refused, never loaded
        np.savez(entry, meta=np.array([{"loss": 0.0}], dtype=object))
    again = probe_of(spec, cache)
    assert computed(again)
    assert_same_results(first, again)
    assert not computed(probe_of(spec, cache))
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [entry.name]  # no temp file left


# ---------------------------------------------------------------- cells that passed, kept beside their probe

@needs("torch")
def test_a_passing_cell_is_kept_and_read_back_and_a_failing_one_runs_again(tmp_path: Path, monkeypatch) -> None:
    from .test_cell_verdicts import StandIn

    cache = ProbeCache(tmp_path / "cache")
    probe = probe_of(spec_copy(tmp_path), cache)
    assert probe.key is not None
    fault = {"fault": "forward", "size": 1e-3}
    monkeypatch.setattr(parity, "get_framework", lambda name, device="cpu": StandIn(probe, **fault, name=name))
    failed, _ = parity.run_column(probe, "paddle", "cpu", cache)
    assert (failed.status, failed.kept) == ("fail", False)
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the probe's entry alone
    fault = {}
    passed, out = parity.run_column(probe, "paddle", "cpu", cache)
    kept, kept_out = parity.run_column(probe, "paddle", "cpu", cache)
    assert (passed.status, passed.kept, kept.kept) == ("pass", False, True)
    assert dataclasses.replace(kept, kept=False) == passed and np.array_equal(kept_out, out)
    assert not parity.run_column(probe, "paddle", "gpu", cache)[0].kept  # another device: another cell
    assert not parity.run_column(probe, "stand-in", "cpu", cache)[0].kept  # not a framework of ours: never kept


def test_an_edit_to_one_framework_s_code_runs_its_cells_again_and_no_other_s(tmp_path: Path, monkeypatch) -> None:
    from rosetta import probe_cache

    root = tmp_path / "root"
    shutil.copytree(probe_cache.ROOT / "frameworks", root / "frameworks",
                    ignore=shutil.ignore_patterns("__pycache__", "models"))
    monkeypatch.setattr(probe_cache, "ROOT", root)
    cache = ProbeCache(tmp_path / "cache", code=(root / "frameworks",))
    columns = ("torch", "onnx", "paddle", "keras")
    before = {column: cache.cell_key("probe", column, "cpu") for column in columns}
    assert len(set(before.values())) == 4 and cache.cell_key("probe", "stand-in", "cpu") is None
    render = root / "frameworks" / "keras3" / "render.py"
    render.write_text(render.read_text() + "\n# an edit\n")
    cache = ProbeCache(tmp_path / "cache", code=(root / "frameworks",))  # the next run's: code is read once a run
    after = {column: cache.cell_key("probe", column, "cpu") for column in columns}
    assert [column for column in columns if after[column] != before[column]] == ["keras"]
    monkeypatch.setenv("KERAS_BACKEND", "jax-or-anything-else")
    assert cache.cell_key("probe", "keras", "cpu") != after["keras"]
    assert cache.cell_key("other probe", "paddle", "cpu") != after["paddle"]
