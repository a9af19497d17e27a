"""Mutation testing of the modules whose bugs would make Rosetta say something untrue: `make mutate`.

Each mutant is one small change to one function (a comparison flipped, `and` for `or`, a `not` dropped, `+` for
`-`, a number off by one, `any` for `all`, `min` for `max`, `True` for `False`), run against the tests that cover
that module. The process imports everything once; each mutant runs in a forked child that swaps the mutated
functions' code objects in place (so every reference to them sees the mutant), clears the registry's caches, and
runs pytest on those tests, stopping at the first failure. A mutant the tests pass with survived.

Only the tests that reach the mutated function run (mutmut's way): one unmutated run first records, per test,
which of the module's functions it calls (caches cleared before each, so that what a test needs is seen called
there); modules with the same test list share that run. A function that collecting the tests calls gets the
whole list; one that no test reaches makes survivors without a run.

An interpreter a test starts (`python -m rosetta parity ...`, Keras on another backend) runs under the same
mutant, and is recorded in the same way: the child puts parity_tests/mutant_site on PYTHONPATH, whose
sitecustomize calls `in_subprocess`. torch, Paddle and TensorFlow are imported once, before any fork, and the
test modules once per module under test, so no child spends seconds importing them again.

    python -m parity_tests.mutate [MODULE ...] [--limit N] [--match TEXT] [--tests T ...] [--jobs 2]
                                  [--report reports/mutation.md]
"""

from __future__ import annotations

import argparse
import ast
import atexit
import functools
import gc
import importlib
import importlib.util
import inspect
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.90  # killed share per module
PRAGMA = "# pragma: no mutate"
SURVIVOR = "# mutation survivor"  # on a line whose mutants may survive, and why (they are still made and counted)
UNREACHED = "unreached"  # the outcome of a mutant in a function no test calls: a survivor, not run
PYTEST_ARGS = ["-q", "-p", "no:cacheprovider", "-o", "addopts=", "-m", "not zoo and not heavy"]
# each child's tmp_path root, removed when it ends: pytest's shared one keeps only the newest three sessions'
# folders, so children running side by side (or any other pytest) would delete each other's files
TEMP = Path(tempfile.gettempdir()) / f"rosetta-mutate-{os.getpid()}"
IMPORT, TRAIN = "parity_tests/test_import.py::", "parity_tests/test_train.py::"
MODELS, TRAIN_MODE = "parity_tests/test_models.py::", "parity_tests/test_train_mode.py::"
BAD_IMPORT = f"{IMPORT}test_bad_import_arguments_give_one_line"
OTHER_BACKENDS = "parity_tests/test_parity_output.py::test_keras_parity_passes_on_its_other_backends"
KERAS_GPU_REASONS = "parity_tests/test_parity_output.py::test_keras_names_what_its_other_backends_lack_for_a_gpu"
# an interpreter a test starts (`python -m rosetta ...`) imports sitecustomize from SITE, which reads these
SITE = ROOT / "parity_tests" / "mutant_site"
MUTANT_ENV, RECORD_ENV = "ROSETTA_MUTANT", "ROSETTA_MUTATE_RECORD"


def adapter_tests(framework: str) -> list[str]:
    """What reaches every method of a framework adapter: counts, transplant and round trip, and float64 gradients
    on two LeNets and on the smallest nets with batch norm (ResNet-18) and dropout (AlexNet); the normalisation
    ops, grouped and depthwise kernels, train mode and dropout, ports, bad inputs, training."""
    nets = ("lenet5_classic", "lenet_paddle", "resnet18", "alexnet")
    small = [f"{test}[{net}-{framework}]" for net in nets for test in (
        f"{MODELS}test_build_shape_and_counts", f"{MODELS}test_transplanted_weights_match_oracle_and_round_trip",
        f"{TRAIN_MODE}test_float64_loss_and_gradients_agree")]
    return [*small, *(f"{test}[{framework}]" for test in (
        f"{MODELS}test_normalisation_ops_transplant_and_match_the_oracle_in_both_modes",
        f"{TRAIN_MODE}test_dropout_is_inverted_dropout_in_train_mode_and_identity_otherwise",
        f"{TRAIN_MODE}test_normalisation_gradients_are_the_oracle_loss_derivative",
        f"{TRAIN_MODE}test_gradients_are_taken_with_dropout_off",
        f"{MODELS}test_layouts_a_framework_changes_come_back_as_the_oracles",
        f"{MODELS}test_grouped_and_depthwise_kernels_transplant_exactly")),
        "parity_tests/test_trace_and_port.py", "parity_tests/test_bad_inputs.py",
        f"{TRAIN}test_float64_runs_agree_in_every_framework",
        f"{TRAIN}test_float64_runs_of_a_batch_norm_net_agree_in_every_framework"]
# the fp32 gradient verdict on real near-kinks: a flip it must forgive, low-precision kernels it must not, and the
# three frameworks it must pass
FP32_GRADIENT_VERDICT = [f"{TRAIN_MODE}test_a_flip_at_a_near_kink_moves_only_the_rows_the_fp32_verdict_leaves_out",
                         f"{TRAIN_MODE}test_the_fp32_gradient_verdict_catches_a_low_precision_kernel[nin-tf32]",
                         *(f"{TRAIN_MODE}test_fp32_gradients_are_within_the_fp32_floor[{net}-{framework}]"
                           for net in ("nin", "resnet18") for framework in ("torch", "paddle", "keras"))]
PADDLE_VISION_PORTS = [f"parity_tests/test_zoo.py::{test}" for test in (
    "test_paddle_vision_checkpoints_port_to_every_stack", "test_a_paddle_vision_checkpoint_that_does_not_port_is_named")]
# module -> the tests that cover it (fast ones: each mutant runs them, stopping at the first failure)
TESTS = {
    "shared_specs.compare": ["parity_tests/test_compare.py", *FP32_GRADIENT_VERDICT, "parity_tests/test_bad_inputs.py"],
    "shared_specs.kinks": ["parity_tests/test_kinks.py", *FP32_GRADIENT_VERDICT],
    "shared_specs.training": ["parity_tests/test_train.py"],
    "rosetta.train": ["parity_tests/test_train_verdict.py", "parity_tests/test_train.py"],
    **{f"frameworks.{package}.train": ["parity_tests/test_train.py"]
       for package in ("pytorch", "paddlepaddle", "keras3")},
    "shared_specs.weights": ["parity_tests/test_bad_inputs.py", "parity_tests/test_cli_and_weights.py"],
    "shared_specs.oracle": ["parity_tests/test_oracle_ops.py", "parity_tests/test_tangent.py",
                            "parity_tests/test_kinks.py"],
    "shared_specs.tangent": ["parity_tests/test_tangent.py"],
    "shared_specs.ops": ["parity_tests/test_malformed_specs.py", "parity_tests/test_specs.py",
                         "parity_tests/test_oracle_ops.py"],
    "shared_specs.loader": ["parity_tests/test_malformed_specs.py", "parity_tests/test_loader_guards.py",
                            "parity_tests/test_specs.py",
                            "parity_tests/test_schema.py", "parity_tests/test_render.py",
                            "parity_tests/test_bad_inputs.py"],
    **{f"benchmarks.{name}": ["parity_tests/test_bench.py"] for name in ("measure", "worker", "report", "modes")},
    "rosetta.importing": ["parity_tests/test_import.py", "parity_tests/test_bad_inputs.py"],
    "shared_specs.normal_form": ["parity_tests/test_normal_form.py", "parity_tests/test_import.py"],
    "shared_specs.block_recovery": ["parity_tests/test_block_recovery.py", "parity_tests/test_import.py"],
    **{name: ["parity_tests/test_import.py"] for name in (
        "frameworks.pytorch.capture", "frameworks.paddlepaddle.capture", "frameworks.keras3.capture")},
    "rosetta.port": ["parity_tests/test_trace_and_port.py", "parity_tests/test_bad_inputs.py",
                     "parity_tests/test_checks_catch_bugs.py", *PADDLE_VISION_PORTS],
    "frameworks.paddlepaddle.zoo": ["parity_tests/test_zoo.py"],
    "frameworks.keras3.zoo": ["parity_tests/test_zoo.py"],
    "rosetta.probe_cache": ["parity_tests/test_probe_cache.py", "parity_tests/test_cli_and_weights.py"],
    "rosetta.parity": ["parity_tests/test_cell_verdicts.py", "parity_tests/test_checks_catch_bugs.py",
                       "parity_tests/test_trace_and_port.py", "parity_tests/test_probe_cache.py",
                       f"{MODELS}test_probe_ops_pass_parity_fused_and_standalone[hard_activations_probe]"],
    **{f"frameworks.{package}.framework": [*adapter_tests(name), *extra] for name, package, extra in (
        ("torch", "pytorch", [f"{IMPORT}test_the_weights_are_the_models_own_and_a_checkpoint_replaces_them",
                              f"{IMPORT}test_a_checkpoint_that_does_not_fit_is_named", BAD_IMPORT]),
        ("paddle", "paddlepaddle", [f"{TRAIN}test_paddle_float64_momentum_is_compared_at_the_value_paddle_holds",
                                    f"{IMPORT}test_a_paddle_checkpoint_is_read_without_unpickling_objects_and_"
                                    f"replaces_the_weights",
                                    f"{IMPORT}test_a_paddle_checkpoint_that_does_not_fit_is_named", BAD_IMPORT]),
        ("keras", "keras3", ["parity_tests/test_checks_catch_bugs.py", OTHER_BACKENDS, KERAS_GPU_REASONS,
                             f"{IMPORT}test_a_keras_weights_file_replaces_the_models_weights",
                             f"{IMPORT}test_a_keras_weights_file_that_does_not_fit_is_named",
                             f"{IMPORT}test_a_saved_keras_model_with_code_in_it_is_refused_unread",
                             f"{IMPORT}test_a_saved_keras_file_imports_as_its_factory_does",
                             f"{IMPORT}test_keras_models_a_spec_cannot_describe_are_refused",
                             f"{IMPORT}test_keras_models_import_render_and_pass_parity[depthwise_forms]",
                             f"{MODELS}test_a_depthwise_kernel_takes_the_layout_of_the_keras_layer_it_fills",
                             BAD_IMPORT]))},
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
        if node.lineno in self.skipped:  # the pragma on a `def` line: the whole body is presentation
            return node
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
    code, so none is made; on a `def` line, none in the whole function (a chart's drawing). The report lists the
    lines and why."""
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


def _code_objects(code: CodeType) -> Iterator[CodeType]:
    yield code
    for constant in code.co_consts:
        if isinstance(constant, CodeType):
            yield from _code_objects(constant)


def function_codes(module: ModuleType) -> dict[str, list[CodeType]]:
    """Each function of the module with the code objects inside it (nested functions, lambdas and comprehensions
    count as the function they sit in)."""
    return {name: list(_code_objects(function.__code__)) for name, function in _functions(vars(module),
                                                                                          module.__name__)}


def enclosing(codes: dict[str, list[CodeType]], line: int) -> str | None:
    """The innermost of `codes`' functions whose lines hold `line`."""
    spans = {name: (objects[0].co_firstlineno, max(n for c in objects for *_, n in c.co_lines() if n))
             for name, objects in codes.items()}
    holding = [name for name, (first, last) in spans.items() if first <= line <= last]
    return min(holding, key=lambda name: spans[name][1] - spans[name][0], default=None)


@dataclass(frozen=True)
class Reach:
    """What the unmutated run saw: per test in run order, its seconds and the module's functions it called;
    the functions called while the tests were collected; the frameworks the tests imported."""

    tests: dict[str, tuple[float, frozenset[str]]]
    collection: frozenset[str]
    frameworks: tuple[str, ...]  # those the tests imported

    def at_collection(self, function: str | None) -> bool:
        """Whether collecting the tests calls `function` (None: a mutant outside every function)."""
        return function is None or function in self.collection

    def tests_for(self, function: str | None) -> tuple[list[str], float]:
        """The tests a mutant in `function` runs, quickest first (a kill comes sooner), and their seconds
        unmutated: those that call it; all of them where collecting the tests calls it (a parametrization may hold
        what it returned)."""
        every = self.at_collection(function)
        chosen = sorted((test for test, (_, called) in self.tests.items() if every or function in called),
                        key=lambda test: self.tests[test][0])
        return chosen, sum(self.tests[test][0] for test in chosen)


class _Recorder:
    """A pytest plugin that notes which functions of the watched modules each test calls, as "module:function"
    (in its setup, call and teardown, and in the interpreters it starts, which leave their lists in `folder`),
    through a trace function that sees every Python call and traces no lines."""

    def __init__(self, folder: Path) -> None:
        self.names: dict[CodeType, str] = {}
        self.current, self.called, self.seconds, self.folder = "", {"": set()}, {}, folder

    def watch(self, module: ModuleType) -> None:
        self.names |= {code: f"{module.__name__}:{name}" for name, objects in function_codes(module).items()
                       for code in objects}

    def start(self) -> None:
        """Trace this thread and every thread started from now on."""
        sys.settrace(self.trace)
        threading.settrace(self.trace)

    def trace(self, frame, event, arg):  # sys.settrace's signature
        if (name := self.names.get(frame.f_code)) is not None:
            self.called[self.current].add(name)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
        _clear_caches()  # each test is seen calling what it needs, not finding it cached by the one before
        sys.settrace(self.trace)  # again: Python unsets a trace function that raised (a RecursionError in a test)
        self.current, began = item.nodeid, time.monotonic()
        self.called.setdefault(item.nodeid, set())
        yield
        self.seconds[item.nodeid] = time.monotonic() - began
        for started in self.folder.glob("*.json"):
            self.called[item.nodeid] |= set(json.loads(started.read_text()))
            started.unlink()
        self.current = ""


def _into_subprocesses(variable: str, value: str) -> None:
    """Set `variable` for the interpreters this process starts, and make them import SITE's sitecustomize."""
    os.environ[variable] = value
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SITE), os.environ.get("PYTHONPATH")]))


def in_subprocess() -> None:
    """Run by SITE's sitecustomize in an interpreter a test started: once the module under test is imported (not
    before: a test may watch what is imported when), apply the mutant its test runs under, or record which of the
    modules' functions this interpreter calls, for the test that started it."""
    if mutant := os.environ.get(MUTANT_ENV):
        name, index = mutant.rsplit(":", 1)
        sys.meta_path.insert(0, _AfterImport(name, lambda module: apply(module, Mutant(name, int(index), 0, ""))))
    if record := os.environ.get(RECORD_ENV):
        names, folder = json.loads(record)
        recorder = _Recorder(Path(folder))

        def watch(module: ModuleType) -> None:  # traced from the first watched module's import on, as in a test
            recorder.watch(module)
            recorder.start()

        for name in names:
            sys.meta_path.insert(0, _AfterImport(name, watch))
        atexit.register(lambda: Path(folder, f"{os.getpid()}.json").write_text(json.dumps(sorted(recorder.called[""]))))


class _AfterImport:
    """A finder that lets the import system load module `name` as usual, then calls `then` with it."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        load = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            self.then(module)

        spec.loader.exec_module = exec_module
        return spec


def _fork(work: Callable[[], int], quiet_errors: bool = False) -> int:
    """A child that runs `work` with stdout (and stderr, if asked) silenced and exits with its code, 3 if it
    raised; the child's pid."""
    gc.freeze()  # the child's collections leave the parent's objects, and so their memory pages, alone
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            if quiet_errors:
                os.dup2(devnull, 2)
            code = work()
        finally:
            os._exit(code)
    gc.unfreeze()
    return pid


def reach(modules: list[ModuleType], tests: list[str]) -> dict[str, Reach]:
    """Run the tests unmutated in a child, recording what each reaches of every module (modules with one test
    list share one run: the trace function sees every call, whatever it watches); they must pass."""
    # not at the top: it imports modules under test, which in_subprocess must find not yet imported
    from frameworks.base import FRAMEWORK_NAMES, get_framework

    with tempfile.NamedTemporaryFile(suffix=".json") as record, tempfile.TemporaryDirectory() as started:
        def run() -> int:
            _clear_caches()  # as in every mutant's child: what a cache would skip, the record must see
            _into_subprocesses(RECORD_ENV, json.dumps([[module.__name__ for module in modules], started]))
            recorder = _Recorder(Path(started))
            for module in modules:
                recorder.watch(module)
            recorder.start()
            code = int(pytest.main([*tests, *PYTEST_ARGS, *_basetemp()], plugins=[recorder]))
            sys.settrace(None)
            Path(record.name).write_text(json.dumps({
                "frameworks": [name for name in FRAMEWORK_NAMES if get_framework(name).import_name in sys.modules],
                "tests": {test: [recorder.seconds.get(test, 0.0), sorted(called)]
                          for test, called in recorder.called.items()}}))
            return code

        pid = _fork(run)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        shutil.rmtree(TEMP / str(pid), ignore_errors=True)
        if code != 0:
            names = ", ".join(module.__name__ for module in modules)
            raise SystemExit(f"mutate: the tests of {names} fail unmutated: {' '.join(tests)}")
        seen = json.loads(Path(record.name).read_text())

    def of(module: ModuleType) -> Reach:
        prefix = f"{module.__name__}:"

        def own(called: list[str]) -> frozenset[str]:
            return frozenset(name.removeprefix(prefix) for name in called if name.startswith(prefix))

        return Reach({test: (seconds, own(called)) for test, (seconds, called) in seen["tests"].items() if test},
                     own(seen["tests"][""][1]), tuple(seen["frameworks"]))

    return {module.__name__: of(module) for module in modules}


def start(module: ModuleType, mutant: Mutant, tests: list[str]) -> int:
    """Fork a child that applies `mutant` and runs `tests`, stopping at the first failure; its pid."""
    def run() -> int:
        apply(module, mutant)
        _into_subprocesses(MUTANT_ENV, f"{module.__name__}:{mutant.index}")
        _clear_caches()
        return int(pytest.main([*tests, "-x", *PYTEST_ARGS, *_basetemp()]))

    return _fork(run, quiet_errors=True)


def _basetemp() -> list[str]:
    """pytest's option giving this child a tmp_path root of its own."""
    return [f"--basetemp={TEMP / str(os.getpid())}"]


def run_mutants(module: ModuleType, queue: list[tuple[Mutant, list[str], float]], jobs: int) -> dict[Mutant, str]:
    """Each (mutant, its tests, their seconds unmutated) in a child of its own, `jobs` at a time; the outcomes."""
    outcomes: dict[Mutant, str] = {}
    running: dict[int, tuple[Mutant, float, float]] = {}
    queue = list(queue)
    while queue or running:
        while queue and len(running) < jobs:
            mutant, chosen, seconds = queue.pop(0)
            running[start(module, mutant, chosen)] = (mutant, time.monotonic(), 5 * seconds + 30)
        for pid, (mutant, began, timeout) in list(running.items()):
            if (outcome := finished(pid, began, timeout)) is not None:
                outcomes[mutant] = outcome
                del running[pid]
                shutil.rmtree(TEMP / str(pid), ignore_errors=True)
        time.sleep(0.05)
    return outcomes


def import_tests(tests: list[str]) -> list[str]:
    """Import the test modules here, so that every child forked afterwards inherits them instead of importing
    them again; the names of the test modules this added to sys.modules, for taking them out again."""
    before = set(sys.modules)
    for name in sorted({test.split("::")[0].removesuffix(".py").replace("/", ".") for test in tests}):
        importlib.import_module(name)
    return sorted(name for name in set(sys.modules) - before if name.startswith("parity_tests."))


def import_frameworks(names: tuple[str, ...]) -> None:
    """Import these frameworks here, once: the forked children inherit them instead of spending seconds on
    importing torch, Paddle and TensorFlow again for every mutant. Only those a module's tests use: a child forked
    from a process that holds them all starts slower (a NumPy-only module's run takes about a third longer)."""
    from frameworks.base import FRAMEWORK_NAMES, get_framework

    for name in FRAMEWORK_NAMES:  # their order: Paddle before TensorFlow
        if name in names:
            get_framework(name).require()


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


def report(results: dict[str, list[tuple[Mutant, str]]], made: dict[str, int], seconds: float) -> str:
    lines = ["# Mutation testing", "", f"`make mutate`: {seconds / 60:.0f} min. A mutant is killed when the module's "
             f"tests fail with it (a timeout counts as killed); each runs the tests that reach its function. Target ≥ "
             f"{TARGET:.0%} per module. Where fewer were run than made (`--limit`), they are an evenly spread sample.",
             "",
             "| module | mutants run / made | killed (by a timeout) | survived | kill ratio |",
             "|---|---|---|---|---|"]
    for name, outcomes in results.items():
        killed = sum(outcome in ("killed", "timeout") for _, outcome in outcomes)
        timeouts = sum(outcome == "timeout" for _, outcome in outcomes)
        ratio = killed / len(outcomes) if outcomes else 1.0
        lines.append(f"| {name} | {len(outcomes)} / {made[name]} | {killed} ({timeouts}) | {len(outcomes) - killed} "
                     f"| {ratio:.0%} {'✓' if ratio >= TARGET else '✗'} |")
    lines += ["", "## Survivors", ""]
    for name, outcomes in results.items():
        module = importlib.import_module(name)
        path, why = source_file(module), marked(module, SURVIVOR)
        why |= {m.line: "no test reaches this function" for m, outcome in outcomes if outcome == UNREACHED}
        lines += [f"- {path}:{m.line}: {m.what}" + (f" — {why[m.line]}" if m.line in why else "")
                  for m, outcome in outcomes if outcome in ("survived", UNREACHED)]
    lines += ["", f"## Lines not mutated (`{PRAGMA}`: every change there is equivalent)", ""]
    for name in results:
        module = importlib.import_module(name)
        path = source_file(module)
        lines += [f"- {path}:{line}: {why}" for line, why in excluded(module).items()]
    return "\n".join(lines) + "\n"


def source_file(module: ModuleType) -> str:
    """The module's file as a report names it: relative to the repository, with forward slashes."""
    return Path(module.__file__).relative_to(ROOT).as_posix()


def survivors(report: Path) -> set[tuple[str, int, str]]:
    """(file, line, what) of each survivor a report lists (a line and a description can repeat: all of them are
    rerun)."""
    found = set()
    for text in report.read_text(encoding="utf-8").split("## Survivors", 1)[-1].split("## ")[0].splitlines():
        if text.startswith("- ") and ".py:" in text:
            path, line, what = text[2:].split(" — ")[0].split(":", 2)
            found.add((path, int(line), what.strip()))
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

    TEMP.mkdir()
    try:
        return _run(args)
    finally:
        shutil.rmtree(TEMP, ignore_errors=True)


def _run(args: argparse.Namespace) -> int:
    """Each module's mutants, run against its tests; the report written after each module."""
    from shared_specs.weights import write_atomic

    started, results, made, recorded = time.monotonic(), {}, {}, {}
    tests_of = {name: args.tests or TESTS[name] for name in args.modules}
    for name in args.modules:
        module, began_module, tests = importlib.import_module(name), time.monotonic(), tests_of[name]
        if name not in recorded:  # with every module still to run on these tests
            group = [other for other in args.modules if tests_of[other] == tests and other not in results]
            print(f"recording what the tests reach of {', '.join(group)} (one unmutated run)", flush=True)
            recorded |= reach([importlib.import_module(other) for other in group], tests)
        seen, codes = recorded[name], function_codes(module)
        import_frameworks(seen.frameworks)
        todo = [m for m in mutants(module) if not args.match or any(text in m.what for text in args.match)]
        if args.survivors:
            alive, path = survivors(Path(args.survivors)), source_file(module)
            todo = [m for m in todo if (path, m.line, m.what) in alive]
        made[name] = len(todo)
        if args.limit and len(todo) > args.limit:
            todo = [todo[i * len(todo) // args.limit] for i in range(args.limit)]
        functions = {mutant: enclosing(codes, mutant.line) for mutant in todo}
        queue = [(mutant, *seen.tests_for(functions[mutant])) for mutant in todo]
        outcomes = {mutant: UNREACHED for mutant, chosen, _ in queue if not chosen}
        # a mutant in a function that collecting the tests calls runs where its child imports the tests afresh
        # (a parametrization may hold what the function returned); the others' children find them imported here
        runnable = [entry for entry in queue if entry[1]]
        outcomes |= run_mutants(module, [entry for entry in runnable if seen.at_collection(functions[entry[0]])],
                                args.jobs)
        loaded = import_tests(tests)
        outcomes |= run_mutants(module, [entry for entry in runnable if not seen.at_collection(functions[entry[0]])],
                                args.jobs)
        for test_module in loaded:
            del sys.modules[test_module]
        results[name] = [(m, outcomes[m]) for m in todo]
        killed = sum(o in ("killed", "timeout") for o in outcomes.values())
        print(f"{name}: {killed}/{len(outcomes)} killed ({time.monotonic() - began_module:.0f} s)", flush=True)
        write_atomic(args.report, report(results, made, time.monotonic() - started))  # a stopped run keeps its part
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
