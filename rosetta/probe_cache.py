"""A probe's judged-against results, and the cells that passed on it, on disk under a key of everything they are
computed from.

The float64 oracle's forward and tangent, the torch float64 reference and its fp32 floor depend only on the spec
file, the weights, the probe's images and labels, and the code that computes them; a second `make parity` with
none of those changed reads them back instead of recomputing them. The key hashes the spec file's bytes, every
weight, image and label, the source of the neutral core, the shared renderer and the torch package and this
module's callers, the NumPy and torch versions and the CPU (the fp32 floor is that CPU's kernels): a change to any
of them is a miss. A cell's key adds its framework package's source, its libraries' versions, the device and the
Keras backend: a passing cell with none of those changed is read back, and an edit to one framework's code runs
that framework's cells again and no other's. Entries are NumPy archives read with `allow_pickle=False`; one that
does not read is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from shared_specs.ir import Model
from shared_specs.weights import atomic_output, prepare_folder

ROOT = Path(__file__).resolve().parent.parent
# what the cached results are computed by: the neutral core, the renderer torch shares, the torch package, the probe
CODE = (ROOT / "shared_specs", ROOT / "frameworks" / "pytorch", *sorted((ROOT / "frameworks").glob("*.py")),
        ROOT / "rosetta" / "parity.py", Path(__file__).resolve())
META = "meta"  # the archive member holding the JSON of everything that is not an array


def code_files(roots: tuple[Path, ...] = CODE) -> list[Path]:
    """Every Python source under `roots` (folders) or named in them (files), in a fixed order."""
    found = []
    for root in roots:
        found += sorted(root.rglob("*.py")) if root.is_dir() else [root]
    return found


def _cpu() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor()
    return next((line.split(":", 1)[1].strip() for line in lines  # pragma: no mutate: one colon in that line
                 if line.startswith("model name")), "")


def _versions(*distributions: str) -> str:
    found = []
    for name in distributions:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return ", ".join(found)


def _library_versions() -> str:
    return f"{sys.version} numpy {np.__version__} {_versions('torch')} {platform.machine()} {_cpu()}"


# A cell's own code and libraries, by column, beside its probe's: the framework package that renders, builds and
# converts, and the libraries that compute (Keras' backend named by KERAS_BACKEND, which the key takes as well).
CELL_CODE = {"torch": "pytorch", "onnx": "pytorch", "paddle": "paddlepaddle", "keras": "keras3"}
CELL_LIBRARIES = {"torch": ("torch",), "onnx": ("torch", "onnxruntime", "onnxscript"), "paddle": ("paddlepaddle",),
                  "keras": ("keras", "tensorflow", "tensorflow-cpu", "jax", "jaxlib", "torch")}


def write_archive(path: Path, arrays: dict[str, np.ndarray], meta: Any) -> None:
    """Named arrays and a JSON-able rest in one NumPy archive, written atomically: an interrupted write leaves no
    file, never half of one."""
    with atomic_output(path, suffix=".npz") as tmp, open(tmp, "wb") as sink:
        np.savez(sink, **arrays, **{META: np.array(json.dumps(meta))})


def read_archive(path: Path) -> tuple[dict[str, np.ndarray], Any] | None:
    """What `write_archive` wrote, or None: absent, or not such an archive (nothing in it is unpickled)."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        return arrays, json.loads(str(arrays.pop(META)))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None


class ProbeCache:
    """Probe results by content key, one archive each in `folder`."""

    def __init__(self, folder: Path, code: tuple[Path, ...] = CODE) -> None:
        self.folder = prepare_folder(folder)  # an unwritable folder is found before the work, not after it
        digest = hashlib.blake2b(_library_versions().encode())
        for path in code_files(code):
            digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode())
            digest.update(path.read_bytes())
        self.code_digest = digest.hexdigest()
        self._cell_code: dict[str, str] = {}  # a column's framework code and library versions, digested

    def key(self, model: Model, weights: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray) -> str:
        digest = hashlib.blake2b(self.code_digest.encode())
        digest.update(model.name.encode())
        digest.update(Path(model.path).read_bytes())
        for name in sorted(weights):
            digest.update(f"{name} {weights[name].dtype} {weights[name].shape}".encode())
            digest.update(np.ascontiguousarray(weights[name]).data)
        for array in (x, labels):
            digest.update(f"{array.dtype} {array.shape}".encode())
            digest.update(np.ascontiguousarray(array).data)
        return digest.hexdigest()[:32]  # pragma: no mutate: any length this long names one entry

    def cell_key(self, probe_key: str, column: str, device: str) -> str | None:
        """The key of a cell on the probe under `probe_key`; None for a column that is not a framework of ours."""
        if column not in CELL_CODE:
            return None
        if column not in self._cell_code:  # read once per run, not once per cell
            code = hashlib.blake2b(_versions(*CELL_LIBRARIES[column]).encode())
            for path in code_files((ROOT / "frameworks" / CELL_CODE[column],)):
                code.update(str(path.relative_to(ROOT)).encode())
                code.update(path.read_bytes())
            self._cell_code[column] = code.hexdigest()
        digest = hashlib.blake2b(f"{probe_key} {column} {device} {os.environ.get('KERAS_BACKEND')}".encode())
        digest.update(self._cell_code[column].encode())
        return "cell-" + digest.hexdigest()[:32]  # pragma: no mutate: as the probe's key

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.npz"

    def read(self, key: str) -> tuple[dict[str, np.ndarray], dict[str, Any]] | None:
        """The arrays and the JSON-able rest stored under `key`, or None: absent, or not an archive this wrote."""
        return read_archive(self.path(key))

    def write(self, key: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        write_archive(self.path(key), arrays, meta)
