"""`make mutate` kept working: two chosen mutants of compare.py against one test, one killed and one not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .mutate import ROOT


def test_a_mutant_the_test_catches_is_killed_and_one_it_does_not_survives(tmp_path: Path) -> None:
    """`all` for `any` in worst() makes a NaN vanish, which the NaN test catches; `max` for `min` over the
    cosines in gradient_spread changes only a reported figure, which that test does not look at."""
    report = tmp_path / "mutation.md"
    done = subprocess.run([sys.executable, "-m", "parity_tests.mutate", "shared_specs.compare", "--match", "any -> all",
                           "--match", "min -> max", "--tests",
                           "parity_tests/test_bad_inputs.py::test_the_worst_of_errors_is_nan_when_any_is",
                           "--report", str(report)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    text = report.read_text()
    assert "| shared_specs.compare | 2 / 2 | 1 (0) | 1 | 50% ✗ |" in text, text
    assert "- shared_specs/compare.py:" in text and ": min -> max" in text


def test_the_pragma_on_a_def_line_leaves_the_whole_function_unmutated() -> None:
    """A chart's drawing is marked on its `def` line; its neighbours are mutated as before."""
    import ast

    from .mutate import _Points

    source = ("def chart(x):  # pragma: no mutate: presentation\n    return x + 1\n\n\n"
              "def rule(x):\n    return x > 1\n")
    points = _Points({1})
    points.visit(ast.parse(source))
    assert points.found == [(6, "Gt -> GtE"), (6, "1 -> 2")]
