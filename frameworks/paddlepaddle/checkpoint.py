"""Read `.pdparams` without trusting them: a `paddle.save` state_dict is a pickle, and unpickling
runs whatever callables the file names. This unpickler admits only what a state_dict of arrays
needs (NumPy's array reconstruction, dtypes, dicts); anything else is refused, never executed.
Needs neither Paddle nor any import beyond NumPy."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from shared_specs.errors import WeightsError
from shared_specs.weights import source_file

ALLOWED = {
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy", "ndarray"), ("numpy", "dtype"), ("collections", "OrderedDict"),
}
NAME_TABLE = "StructuredToParameterName@@"  # paddle.save's map of layer names to internal ones


def _latin1_bytes(text: str, encoding: str) -> bytes:
    """Protocol 2 has no bytes type: it writes an array's buffer as `_codecs.encode(text, "latin1")`.
    Only that encoding is admitted, so no codec module is looked up on the file's say-so."""
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise pickle.UnpicklingError(f"refusing _codecs.encode with encoding {encoding!r}")
    return text.encode("latin1")


class _ArraysOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) == ("_codecs", "encode"):
            return _latin1_bytes
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name}: a state_dict holds only arrays")
        return super().find_class(module, name)


def read_pdparams(path: Path) -> dict[str, np.ndarray]:
    """name -> array of a `paddle.save(layer.state_dict(), path)` file, whichever pickle protocol wrote it."""
    source_file(path)
    try:
        with open(path, "rb") as handle:
            state = _ArraysOnly(handle).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError, KeyError,
            OverflowError, RecursionError, MemoryError) as exc:
        raise WeightsError(f"{path}: not a Paddle state_dict of arrays ({exc})") from None
    if not isinstance(state, dict):
        raise WeightsError(f"{path}: expected a state_dict (name -> array), got {type(state).__name__}")
    state.pop(NAME_TABLE, None)
    bad = [k for k, v in state.items() if not (isinstance(k, str) and isinstance(v, np.ndarray) and v.dtype.kind != "O")]
    if bad:
        raise WeightsError(f"{path}: entries that are not named arrays: {', '.join(map(repr, bad[:6]))}")
    return state
