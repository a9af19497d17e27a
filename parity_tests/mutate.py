"""Mutation testing of the modules whose bugs would make Rosetta say something untrue: `make mutate`.

Each mutant is one small change to one function (a comparison flipped, `and` for `or`, a `not` dropped, `+` for
`-`, a number off by one, `any` for `all`, `min` for `max`, `True` for `False`), run against the tests that cover
that module. The process imports everything once; each mutant runs in a forked child that swaps the mutated
functions' code objects in place (so every reference to them sees the mutant), clears the registry's caches, and
runs pytest on those tests, stopping at the first failure. A mutant the tests pass with survived.

    python -m parity_tests.mutate [MODULE ...] [--limit N] [--match TEXT] [--tests T ...] [--jobs 2]
                                  [--report reports/mutation.md]
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib
import inspect
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90  # killed share per module
PRAGMA = "# pragma: no mutate"
SURVIVOR = "# mutation survivor"  # on a line whose mutants may survive, and why (they are still made and counted)
IMPORT, TRAIN = "parity_tests/test_import.py::", "parity_tests/test_train.py::"
MODELS, TRAIN_MODE = "parity_tests/test_models.py::", "parity_tests/test_train_mode.py::"


def adapter_tests(framework: str) -> list[str]:
    """What reaches every method of a framework adapter: counts, transplant and round trip, and float64 gradients
    on two LeNets and on the smallest nets with batch norm (ResNet-18) and dropout (AlexNet); the normalisation
    ops, train mode and dropout, ports, bad inputs, training."""
    nets = ("lenet5_classic", "lenet_paddle", "resnet18", "alexnet")
    small = [f"{test}[{net}-{framework}]" for net in nets for test in (
        f"{MODELS}test_build_shape_and_counts", f"{MODELS}test_transplanted_weights_match_oracle_and_round_trip",
        f"{TRAIN_MODE}test_float64_loss_and_gradients_agree")]
    return [*small, *(f"{test}[{framework}]" for test in (
        f"{MODELS}test_normalisation_ops_transplant_and_match_the_oracle_in_both_modes",
        f"{TRAIN_MODE}test_dropout_is_inverted_dropout_in_train_mode_and_identity_otherwise",
        f"{TRAIN_MODE}test_normalisation_gradients_are_the_oracle_loss_derivative")),
        "parity_tests/test_trace_and_port.py", "parity_tests/test_bad_inputs.py",
        f"{TRAIN}test_float64_runs_agree_in_every_framework"]
# module -> the tests that cover it (fast ones: each mutant runs them, stopping at the first failure)
TESTS = {
    "shared_specs.compare": ["parity_tests/test_compare.py", "parity_tests/test_train_mode.py::"
                             "test_the_fp32_judgment_catches_lost_precision", "parity_tests/test_bad_inputs.py"],
    "shared_specs.weights": ["parity_tests/test_bad_inputs.py", "parity_tests/test_cli_and_weights.py"],
    "shared_specs.oracle": ["parity_tests/test_oracle_ops.py", "parity_tests/test_tangent.py"],
    "shared_specs.tangent": ["parity_tests/test_tangent.py"],
    "shared_specs.ops": ["parity_tests/test_malformed_specs.py", "parity_tests/test_specs.py",
                         "parity_tests/test_oracle_ops.py"],
    "shared_specs.loader": ["parity_tests/test_malformed_specs.py", "parity_tests/test_specs.py",
                            "parity_tests/test_schema.py", "parity_tests/test_render.py",
                            "parity_tests/test_bad_inputs.py"],
    "rosetta.port": ["parity_tests/test_trace_and_port.py", "parity_tests/test_bad_inputs.py",
                     "parity_tests/test_checks_catch_bugs.py"],
    "rosetta.parity": ["parity_tests/test_checks_catch_bugs.py", "parity_tests/test_trace_and_port.py"],
    **{f"frameworks.{package}.framework": [*adapter_tests(name), *extra] for name, package, extra in (
        ("torch", "pytorch", [f"{IMPORT}test_the_weights_are_the_models_own_and_a_checkpoint_replaces_them",
                              f"{IMPORT}test_a_checkpoint_that_does_not_fit_is_named"]),
        ("paddle", "paddlepaddle", [f"{TRAIN}test_paddle_float64_momentum_is_compared_at_the_value_paddle_holds"]),
        ("keras", "keras3", ["parity_tests/test_checks_catch_bugs.py",
                             f"{IMPORT}test_a_saved_keras_file_imports_as_its_factory_does",
                             f"{IMPORT}test_keras_models_a_spec_cannot_describe_are_refused"]))},
}
FLIPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.And: ast.Or, ast.Or: ast.And,
         ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}
SWAPPED_CALLS = {"any": "all", "all": "any", "min": "max", "max": "min"}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int  # the index-th mutation point of the module, in walk order
    line: int
    what: str


class _Points(ast.NodeTransformer):
    """Counts the mutation points inside function bodies, except on `skipped` lines; with `target` set, applies
    that one."""

    def __init__(self, skipped: set[int], target: int | None = None) -> None:
        self.skipped, self.target, self.found, self.depth = skipped, target, [], 0

    def _point(self, node: ast.AST, what: str) -> bool:
        if node.lineno in self.skipped:
            return False
        self.found.append((node.lineno, what))
        return len(self.found) - 1 == self.target

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.depth += 1
        body = node.body[1:] if ast.get_docstring(node) is not None else node.body  # docstrings stay
        for i, statement in enumerate(body):
            body[i] = self.visit(statement)
        self.depth -= 1
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return node  # messages are not behaviour

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if self.depth == 0:
            return super().generic_visit(node)
        if isinstance(node, (ast.Compare, ast.BoolOp, ast.BinOp)):
            ops = node.ops if isinstance(node, ast.Compare) else [node.op]
            for i, op in enumerate(ops):
                if type(op) in FLIPS and self._point(node, f"{type(op).__name__} -> {FLIPS[type(op)].__name__}"):
                    if isinstance(node, ast.Compare):
                        node.ops[i] = FLIPS[type(op)]()
                    else:
                        node.op = FLIPS[type(op)]()
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            if self._point(node, "not dropped"):
                return super().generic_visit(node.operand)
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            if self._point(node, f"{node.value!r} -> {node.value + 1!r}"):
                return ast.copy_location(ast.Constant(node.value + 1), node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            if self._point(node, f"{node.value} -> {not node.value}"):
                return ast.copy_location(ast.Constant(not node.value), node)
        elif isinstance(node, ast.Name) and node.id in SWAPPED_CALLS and isinstance(node.ctx, ast.Load):
            if self._point(node, f"{node.id} -> {SWAPPED_CALLS[node.id]}"):
                return ast.copy_location(ast.Name(SWAPPED_CALLS[node.id], ast.Load()), node)
        return super().generic_visit(node)


def marked(module: ModuleType, marker: str) -> dict[int, str]:
    """Lines carrying `marker: <why>`, by line number, with the reason."""
    return {number: line.split(marker, 1)[1].strip(" :") for number, line in
            enumerate(inspect.getsource(module).splitlines(), 1) if marker in line}


def excluded(module: ModuleType) -> dict[int, str]:
    """Lines marked `# pragma: no mutate: <why>` (mutmut's marker): each of their mutants is equivalent to the
    code, so none is made; the report lists the lines and why."""
    return marked(module, PRAGMA)


def mutants(module: ModuleType) -> list[Mutant]:
    points = _Points(set(excluded(module)))
    points.visit(ast.parse(inspect.getsource(module)))
    return [Mutant(module.__name__, i, line, what) for i, (line, what) in enumerate(points.found)]


def _functions(namespace: dict, module_name: str) -> Iterator[tuple[str, FunctionType]]:
    """Every function defined in a module's namespace: top level and in its classes, unwrapped."""
    for name, value in namespace.items():
        if isinstance(value, type) and value.__module__ == module_name:
            for attr, member in vars(value).items():
                for part in (getattr(member, "__func__", None), getattr(member, "fget", None), member):
                    if isinstance(part, FunctionType):
                        yield f"{name}.{attr}", inspect.unwrap(part)
                        break
        elif isinstance(value, FunctionType) and value.__module__ == module_name:
            yield name, inspect.unwrap(value)
        elif callable(value) and getattr(value, "__wrapped__", None) and value.__module__ == module_name:
            yield name, inspect.unwrap(value)


def apply(module: ModuleType, mutant: Mutant) -> None:
    """Swap the mutated functions' code objects into the live ones."""
    tree = _Points(set(excluded(module)), mutant.index).visit(ast.parse(inspect.getsource(module)))
    namespace = {"__name__": module.__name__, "__package__": module.__package__, "__file__": module.__file__}
    exec(compile(ast.fix_missing_locations(tree), module.__file__, "exec"), namespace)
    fresh = dict(_functions(namespace, module.__name__))
    for name, function in _functions(vars(module), module.__name__):
        if name in fresh and fresh[name].__code__.co_freevars == function.__code__.co_freevars:
            function.__code__ = fresh[name].__code__


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("shared_specs", "frameworks", "rosetta"):
            for value in vars(module).values():
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def start(module: ModuleType, mutant: Mutant, tests: list[str]) -> int:
    """Fork a child that applies `mutant` and runs `tests`, stopping at the first failure; its pid."""
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            import pytest

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            apply(module, mutant)
            _clear_caches()
            code = int(pytest.main([*tests, "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-m",
                                    "not zoo and not heavy"]))
        finally:
            os._exit(code)
    return pid


def finished(pid: int, started: float, timeout: float) -> str | None:
    """'killed', 'survived', 'timeout' (counted as killed: the tests did not pass), or None while running."""
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        return "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
    if time.monotonic() - started > timeout:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return "timeout"
    return None


def baseline_seconds(tests: list[str]) -> float:
    """The tests must pass unmutated; how long they take sets each mutant's timeout."""
    import pytest

    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os._exit(int(pytest.main([*tests, "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-m",
                                  "not zoo and not heavy"])))
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if status != 0:
        raise SystemExit(f"mutate: the tests of this module fail unmutated: {' '.join(tests)}")
    return time.monotonic() - start


def report(results: dict[str, list[tuple[Mutant, str]]], made: dict[str, int], seconds: float) -> str:
    lines = ["# Mutation testing", "", f"`make mutate`: {seconds / 60:.0f} min. A mutant is killed when the module's "
             f"tests fail with it (a timeout counts as killed); target ≥ {TARGET:.0%} per module. Where fewer were "
             f"run than made (`--limit`), they are an evenly spread sample.", "",
             "| module | mutants run / made | killed | survived | kill ratio |", "|---|---|---|---|---|"]
    for name, outcomes in results.items():
        killed = sum(outcome != "survived" for _, outcome in outcomes)
        ratio = killed / len(outcomes) if outcomes else 1.0
        lines.append(f"| {name} | {len(outcomes)} / {made[name]} | {killed} | {len(outcomes) - killed} | {ratio:.0%} "
                     f"{'✓' if ratio >= TARGET else '✗'} |")
    lines += ["", "## Survivors", ""]
    for name, outcomes in results.items():
        module = importlib.import_module(name)
        path, why = Path(module.__file__).relative_to(ROOT), marked(module, SURVIVOR)
        lines += [f"- {path}:{m.line}: {m.what}" + (f" — {why[m.line]}" if m.line in why else "")
                  for m, outcome in outcomes if outcome == "survived"]
    lines += ["", f"## Lines not mutated (`{PRAGMA}`: every change there is equivalent)", ""]
    for name in results:
        module = importlib.import_module(name)
        path = Path(module.__file__).relative_to(ROOT)
        lines += [f"- {path}:{line}: {why}" for line, why in excluded(module).items()]
    return "\n".join(lines) + "\n"


def survivors(report: Path) -> set[tuple[int, str]]:
    """(line, what) of each survivor a report lists (a line and a description can repeat: all of them are rerun)."""
    found = set()
    for text in report.read_text(encoding="utf-8").split("## Survivors", 1)[-1].split("## ")[0].splitlines():
        if text.startswith("- ") and ".py:" in text:
            _, line, what = text[2:].split(" — ")[0].split(":", 2)
            found.add((int(line), what.strip()))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m parity_tests.mutate", description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(TESTS), help="dotted module names (default: all)")
    parser.add_argument("--limit", type=int, help="at most this many mutants per module, evenly spread")
    parser.add_argument("--match", action="append", help="only mutants whose description holds this text")
    parser.add_argument("--tests", nargs="+", help="these tests instead of the module's own list")
    parser.add_argument("--survivors", help="only the mutants a previous report lists as survivors")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--report", default="reports/mutation.md")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    import parity_tests.conftest  # noqa: F401  (frameworks' adapters, the registry: imported once, inherited)

    from shared_specs.weights import write_atomic

    started, results, made = time.monotonic(), {}, {}
    for name in args.modules:
        module = importlib.import_module(name)
        tests = args.tests or TESTS[name]
        timeout = 5 * baseline_seconds(tests) + 10
        todo = [m for m in mutants(module) if not args.match or any(text in m.what for text in args.match)]
        if args.survivors:
            alive = survivors(Path(args.survivors))
            todo = [m for m in todo if (m.line, m.what) in alive]
        made[name] = len(todo)
        if args.limit and len(todo) > args.limit:
            todo = [todo[i * len(todo) // args.limit] for i in range(args.limit)]
        outcomes: dict[Mutant, str] = {}
        running: dict[int, tuple[Mutant, float]] = {}
        queue = list(todo)
        while queue or running:  # --jobs children at a time, each forked from this process
            while queue and len(running) < args.jobs:
                mutant = queue.pop(0)
                running[start(module, mutant, tests)] = (mutant, time.monotonic())
            for pid, (mutant, began) in list(running.items()):
                if (outcome := finished(pid, began, timeout)) is not None:
                    outcomes[mutant] = outcome
                    del running[pid]
            time.sleep(0.05)
        results[name] = [(m, outcomes[m]) for m in todo]
        killed = sum(o != "survived" for o in outcomes.values())
        print(f"{name}: {killed}/{len(outcomes)} killed", flush=True)
        write_atomic(args.report, report(results, made, time.monotonic() - started))  # a stopped run keeps its part
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
