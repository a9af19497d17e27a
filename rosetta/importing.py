"""`rosetta import`: a user's own model becomes a spec, with a proof.

MODEL is `path/to/file.py:ClassOrFactory` or a Keras `.keras` file; a Python file is imported (it is the user's code, run as Python runs it)
and the class or factory called with `--arg name=value` keyword arguments. The framework package captures the
model in the normal form (shared_specs/normal_form.py), every construct a spec cannot express is named with its
file:line, and nothing is written unless the spec loads and the oracle, running that spec on the model's own
weights, reproduces the model's output on a probe batch. Then the spec and those weights (canonical safetensors)
are written, and `rosetta render`, `parity` and `port` take them on.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from frameworks.base import Framework, get_framework
from shared_specs import oracle
from shared_specs import weights as canonical
from shared_specs.compare import FORWARD_TOLERANCE, relative_error, within
from shared_specs.errors import RosettaError, SpecError
from shared_specs.ir import Model
from shared_specs.loader import load_file
from shared_specs.normal_form import CaptureError, auxiliary_outputs, spec_text
from shared_specs.weights import check_destination, write_atomic

from .console import CONSOLE

PROBE_BATCH = 2


def parse_argument(text: str) -> tuple[str, Any]:
    """`name=value` with value a Python literal (`10`, `0.5`, `'same'`, `[1, 2]`) or else a plain string."""
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise RosettaError(f"--arg {text!r}: expected name=value")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value


def parse_shape(text: str) -> tuple[int, ...]:
    parts = text.lower().split("x")
    if len(parts) != 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise RosettaError(f"--input {text!r}: expected C x H x W, e.g. 3x32x32")
    return tuple(int(p) for p in parts)


def parse_weights(text: str) -> tuple[float, ...]:
    """`0.3,0.3`: the auxiliary outputs' loss weights, each a positive number."""
    try:
        weights = tuple(float(part) for part in text.split(","))
    except ValueError:
        weights = ()
    if not weights or not all(0 < w < float("inf") for w in weights):
        raise RosettaError(f"--aux-weights {text!r}: expected positive numbers separated by commas, e.g. 0.3,0.3")
    return weights


def _user_line(exc: BaseException, path: Path) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path.resolve()]
    return f"{path.name}:{frames[-1].lineno}" if frames else str(path)


def load_user_model(target: str, arguments: dict[str, Any]) -> tuple[Any, Path, str]:
    """(the model the user's class or factory returns, its file, the class or factory's name)."""
    file, sep, name = target.rpartition(":")
    if not sep or not file.endswith(".py") or not name.isidentifier():
        raise RosettaError(f"{target}: expected path/to/file.py:ClassOrFactory")
    path = Path(file)
    if not path.is_file():
        raise RosettaError(f"{file}: no such file")
    spec = importlib.util.spec_from_file_location(f"rosetta_user_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as an import does: dataclasses, inspect and pickle look a module up there
    # the user's own imports beside the file, found first
    sys.path.insert(0, str(path.resolve().parent))  # mutation survivor: only a clash with sys.path[0] tells 1 from 0
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the user's module may raise anything
        del sys.modules[spec.name]
        raise RosettaError(f"{_user_line(exc, path)}: importing it raised {type(exc).__name__}: {exc}") from None
    finally:
        sys.path.remove(str(path.resolve().parent))
    if not hasattr(module, name):
        raise RosettaError(f"{file} defines no {name}")
    try:
        return getattr(module, name)(**arguments), path, name
    except Exception as exc:  # noqa: BLE001 - so may the user's constructor
        raise RosettaError(f"{_user_line(exc, path)}: {name}(**{arguments}) raised {type(exc).__name__}: "
                           f"{' '.join(str(exc).split())[:200]}") from None


def spec_model(text: str, family: str) -> Model:
    """Load the written spec as any spec is loaded (a temp file named as the family must be)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{family}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_file(path)[0]
        except SpecError as exc:  # named by the file it would have been, not by the folder already gone
            raise RosettaError(f"the spec written for the model does not load ({str(exc).replace(str(path), path.name)}"
                               f"); this is a rosetta import bug, please report it with the model") from None


def class_name_of(name: str) -> str:
    """A saved model's name as a class name: resnet50 -> Resnet50, my-net -> MyNet."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", name) if p]
    text = "".join(p[:1].upper() + p[1:] for p in parts) or "Model"
    return text if text[0].isalpha() else f"Model{text}"


def import_model(target: str, source: str, output: Path | None, input_shape: tuple[int, ...] | None,
                 checkpoint: Path | None, arguments: dict[str, Any], aux_weights: tuple[float, ...] = ()) -> int:
    fw: Framework = get_framework(source)
    fw.require()
    if target.endswith(".keras"):
        native, path = fw.load_saved_model(Path(target)), Path(target)
        name = class_name_of(getattr(native, "name", path.stem))
    else:
        native, path, name = load_user_model(target, arguments)
        name = name if name[0].isupper() else class_name_of(name)  # a factory's name, as a class name
    if not isinstance(native, fw.model_class()):
        roots = [c.__module__.split(".")[0] for c in type(native).__mro__]
        written = next((r for r in roots if r in ("torch", "paddle", "keras", "tensorflow")), "plain Python")
        raise RosettaError(f"{target} is a {written} {type(native).__name__}, not a {source} model: give --from the "
                           f"framework it is written in")
    shape = input_shape or fw.input_shape(native)
    if shape is None:
        raise RosettaError("rosetta import: give --input C x H x W (e.g. 3x32x32): the graph is captured at that shape")
    output = output or Path(f"{path.stem}.yaml")
    family = output.name.removesuffix(".yaml")
    if not output.name.endswith(".yaml") or not family.isidentifier():
        raise RosettaError(f"-o {output}: a spec file is named <identifier>.yaml (the name is its family)")
    check_destination(output)
    weights_out = output.with_suffix(".safetensors")
    check_destination(weights_out)
    try:
        captured = fw.at_input(native, shape)  # shares native's layers, which this builds
        if checkpoint is not None:
            fw.load_source_checkpoint(native, checkpoint)
        layers = fw.capture(captured, input_shape)
    except CaptureError as exc:
        for problem in exc.problems:
            CONSOLE.print(f"  {problem}", error=True)
        count = len(exc.problems)
        raise RosettaError(f"{target}: {count} construct{'s' if count > 1 else ''} above that a spec cannot express; "
                           f"no spec written") from None
    aux = [x.source or x.name for x in auxiliary_outputs(layers)]
    if len(aux) != len(aux_weights):
        raise RosettaError(f"{target} returns {len(aux)} auxiliary output{'s' if len(aux) != 1 else ''} after its "
                           f"output in train mode{' (' + ', '.join(aux) + ')' if aux else ''}; --aux-weights gives "
                           f"{len(aux_weights)} loss weight{'s' if len(aux_weights) != 1 else ''}"
                           + (f": give one for each, in that order, e.g. --aux-weights {','.join(['0.3'] * len(aux))}"
                              if aux else ""))
    text, paths = spec_text(layers, family, name, shape, f"{path.name}:{name}", aux_weights)
    model = spec_model(text, family)
    weights = fw.source_weights(captured, model, paths)
    canonical.validate(model, weights, "the imported weights")
    probe = np.random.default_rng(0)  # pragma: no mutate: any seed makes a probe
    x = probe.standard_normal((PROBE_BATCH, *shape)).astype(np.float32)
    want = fw.forward(native, x)
    got = oracle.forward(model, x, weights)
    error = relative_error(got, want)
    if not within(error, FORWARD_TOLERANCE):
        raise RosettaError(f"the spec's oracle output differs from {source}'s on a probe batch: relative error "
                           f"{error:.1e} > {FORWARD_TOLERANCE:.0e}; nothing written")
    write_atomic(output, text)
    canonical.save(weights_out, weights, {"imported_from": f"{path.name}:{name}"})
    rows = sum(1 for line in text.splitlines() if line.lstrip().startswith("- "))
    CONSOLE.print(f"wrote {output} ({rows} rows, {model.num_params:,} parameters) and {weights_out}")
    CONSOLE.print(f"proof: the spec's float64 oracle on {name}'s weights vs {source}, probe batch of {PROBE_BATCH}: "
                  f"relative error {error:.1e} (tolerance {FORWARD_TOLERANCE:.0e})")
    others = [name for name in ("torch", "paddle", "keras") if name != source]
    CONSOLE.print(f"next: rosetta render {output} -f {others[0]}   # or {others[1]}; "
                  f"rosetta parity {output} --weights {weights_out}")
    return 0
