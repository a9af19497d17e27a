"""`make mutate` kept working: two chosen mutants of compare.py against one test, one killed and one not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .mutate import ROOT


def test_a_mutant_the_test_catches_is_killed_and_one_it_does_not_survives(tmp_path: Path) -> None:
    """`all` for `any` in worst() makes a NaN vanish, which the NaN test catches; `max` for `min` over the
    cosines in gradient_spread changes only a reported figure, which that test does not look at. A second module
    on the same tests shares their recording run, and the one test reaches none of its functions."""
    report = tmp_path / "mutation.md"
    test = "parity_tests/test_bad_inputs.py::test_the_worst_of_errors_is_nan_when_any_is"
    done = subprocess.run([sys.executable, "-m", "parity_tests.mutate", "shared_specs.compare", "shared_specs.kinks",
                           "--match", "any -> all", "--match", "Is -> IsNot",
                           "--match", "min -> max", "--tests", test, "--report", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    text = report.read_text()
    assert "| shared_specs.compare | 2 / 2 | 1 (0) | 1 | 50% ✗ |" in text, text
    assert "- shared_specs/compare.py:" in text and ": min -> max" in text
    recordings = [line for line in done.stdout.splitlines() if line.startswith("recording")]
    assert recordings == [("recording what the tests reach of shared_specs.compare, shared_specs.kinks "
                           "(one unmutated run)")], done.stdout
    assert "| shared_specs.kinks | 1 / 1 | 0 (0) | 1 | 0% ✗ |" in text, text
    assert "- shared_specs/kinks.py:" in text and ": Is -> IsNot — no test reaches this function" in text, text
    # each survivor again, from the report of both, in its own module only
    again = tmp_path / "again.md"
    rerun = subprocess.run([sys.executable, "-m", "parity_tests.mutate", "shared_specs.compare", "shared_specs.kinks",
                            "--survivors", str(report), "--tests", test, "--report", str(again)],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    text = again.read_text()
    assert "| shared_specs.compare | 1 / 1 | 0 (0) | 1 | 0% ✗ |" in text, text
    assert "| shared_specs.kinks | 1 / 1 | 0 (0) | 1 | 0% ✗ |" in text, text


def test_the_pragma_on_a_def_line_leaves_the_whole_function_unmutated() -> None:
    """A chart's drawing is marked on its `def` line; its neighbours are mutated as before."""
    import ast

    from .mutate import _Points

    source = ("def chart(x):  # pragma: no mutate: presentation\n    return x + 1\n\n\n"
              "def rule(x):\n    return x > 1\n")
    points = _Points({1})
    points.visit(ast.parse(source))
    assert points.found == [(6, "Gt -> GtE"), (6, "1 -> 2")]
