"""The canonical weight format: safetensors keyed `<layer path>.<param>` by spec names.

Layouts (see ops.py): conv weight OIHW, linear weight [out, in], batch norm weight, bias,
running_mean, running_var of shape [C]. Float32 on disk. Files are written atomically.
"""

from __future__ import annotations

import json
import math
import os
import stat
import struct
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import RosettaError, WeightsError
from .ir import Model

COUNTER = "num_batches_tracked"  # torch's batch norm step counter: in a torch state_dict, not a weight
NORMALISATIONS = ("batch_norm", "group_norm", "instance_norm", "layer_norm")  # affine: scale near 1, shift near 0


def validate(model: Model, weights: dict[str, np.ndarray], source: str = "weights") -> None:
    """Exactly the spec's tensors with exactly its shapes; one line naming every mismatch."""
    check_tensors(model.tensor_shapes(), weights, f"{source} do not fit {model.name}")


def check_tensors(expected: dict[str, tuple[int, ...]], weights: dict[str, np.ndarray], what: str) -> None:
    """`weights` holds exactly `expected`'s names and shapes, all float32 and finite; else one WeightsError
    line starting with `what` and naming every missing, unexpected, misshaped, mistyped and non-finite tensor."""
    check_layout(expected, {k: tuple(np.shape(v)) for k, v in weights.items()}, what)
    check_dtypes({k: str(np.asarray(v).dtype) for k, v in weights.items()}, what, widen=())
    bad = [k for k, v in weights.items() if not np.all(np.isfinite(v))]
    if bad:
        raise WeightsError(f"{what}: non-finite values in {_few(bad)}")


WIDENED = ("float16", "bfloat16")  # converted to float32 exactly (every value of theirs is a float32 value)


def check_dtypes(dtypes: dict[str, str], what: str, widen: tuple[str, ...] = WIDENED) -> list[str]:
    """Canonical weights are float32. Refuses, naming each, tensors that are not floating point (integers,
    bools, complex) and float64 ones, which would be rounded (every route alike); returns the names of
    `widen`'s dtypes, which the caller converts, and says so on stderr."""
    refused = [f"{k} ({d})" for k, d in dtypes.items() if d != "float32" and d not in widen]
    if refused:
        raise WeightsError(f"{what}: canonical weights are float32 (float64 is not rounded silently, integer, bool "
                           f"and complex tensors are not weights); got {_few(refused)}")
    widened = [k for k, d in dtypes.items() if d in widen]
    if widened:
        kinds = "/".join(sorted({dtypes[k] for k in widened}))
        print(f"rosetta: note: {what}: {len(widened)} {kinds} tensors widened to float32 (exactly): {_few(widened)}",
              file=sys.stderr)
    return widened


def source_file(path: str | Path) -> Path:
    """`path` as an input file, or one line saying what it is instead."""
    path = Path(path)
    if not path.exists():
        raise WeightsError(f"{path}: no such file")
    if not path.is_file():
        raise WeightsError(f"{path}: {_kind(path)}, not a weights file")
    return path


def _kind(path: Path) -> str:
    mode = path.stat().st_mode
    return ("a directory" if stat.S_ISDIR(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")


def describe(path: str | Path) -> str:
    """What a file looks like from its first bytes, for messages about files of the wrong kind."""
    with open(path, "rb") as handle:
        head = handle.read(16)
    if not head:
        return "an empty file"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive (torch.save's format)"
    if head.startswith(b"\x89HDF\r\n\x1a\n"):
        return "an HDF5 file (Keras .weights.h5)"
    if head[:1] == b"\x80" and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05"):
        return f"a protocol-{head[1]} pickle (paddle.save's .pdparams or a legacy torch.save)"
    if len(head) >= 9 and head[8:9] == b"{" and struct.unpack("<Q", head[:8])[0] < 100_000_000:
        return "a safetensors file"
    if all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        return "a text file"
    return "unrecognised binary data"


def check_layout(expected: dict[str, tuple[int, ...]], found: dict[str, tuple[int, ...]], what: str) -> None:
    """The names and shapes of a file against those expected: every missing, unexpected and misshaped one named."""
    missing = [k for k in expected if k not in found]
    unexpected = [k for k in found if k not in expected]
    misshaped = [f"{k} expected {list(s)} got {list(found[k])}" for k, s in expected.items()
                 if k in found and tuple(found[k]) != tuple(s)]
    problems = []
    if missing:
        problems.append(f"missing {_few(missing)}")
    if unexpected:
        problems.append(f"unexpected {_few(unexpected)}")
    if misshaped:
        problems.append(f"misshaped {_few(misshaped)}")
    if problems:
        raise WeightsError(f"{what}: " + "; ".join(problems))


def _few(items: list[str], limit: int = 6) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def init(model: Model, seed: int = 0) -> dict[str, np.ndarray]:
    """Deterministic float32 weights (drawn in float32: fast for 100M-parameter nets) with fan-in scaling
    (LeCun normal), so activations stay O(1) through deep nets; batch norm statistics are deliberately non-trivial so that convention
    errors (epsilon, variance vs std, stat names) show up in parity."""
    rng = np.random.default_rng(seed)
    f32 = np.float32

    def uniform(low: float, high: float, shape: tuple[int, ...]) -> np.ndarray:
        return (rng.random(shape, dtype=f32) * f32(high - low) + f32(low)).astype(f32)

    def normal(std: float, shape: tuple[int, ...]) -> np.ndarray:
        return rng.standard_normal(shape, dtype=f32) * f32(std)

    weights: dict[str, np.ndarray] = {}
    for node in model.primitives():
        shapes = {**node.params(), **node.buffers()}
        for name, shape in shapes.items():
            if node.op in NORMALISATIONS:  # scale and variance near 1, shift and mean near 0
                near_one = name in ("weight", "running_var")
                value = uniform(0.5, 1.5, shape) if near_one else normal(0.1, shape)
            elif name == "weight":
                value = normal(1.0 / math.sqrt(math.prod(shape[1:])), shape)
            else:
                value = uniform(-1, 1, shape) / f32(math.sqrt(math.prod(shapes["weight"][1:])))
            weights[f"{node.path}.{name}"] = value
    return weights


def check_destination(path: str | Path) -> Path:
    """Refuse, before any work, an output path that cannot take a file: one that is not a regular file
    (a directory, device, FIFO: never replaced), a missing folder, a folder that cannot be written.
    Returns the path to write, through a symlink to the file it names."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise RosettaError(f"{path}: {_kind(path)}; an output must be a regular file, refusing to replace it")
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = path.parent
    if not folder.is_dir():
        raise RosettaError(f"{path}: folder {folder} does not exist")
    _check_writable(folder, path)
    return path


def prepare_folder(folder: str | Path) -> Path:
    """An output folder, created if missing and found writable, before any work."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RosettaError(f"{folder}: cannot create this folder ({exc.strerror})") from None
    _check_writable(folder, folder)
    return folder


def _check_writable(folder: Path, what: Path) -> None:
    """A temp file created and removed: the only test that holds for root and read-only mounts alike."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".rosetta-probe.", dir=folder)
    except OSError as exc:
        raise RosettaError(f"{what}: cannot write in {folder} ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)


@contextmanager
def atomic_output(path: str | Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temp path in `path`'s folder to write to; renamed onto `path` only if the block succeeds, so a
    failure or an interrupt never leaves a half-written file, nor the temp file. An existing file keeps
    its permission bits. `suffix` keeps writers that check it happy."""
    path = check_destination(path)
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
    else:
        umask = os.umask(0)  # mutation survivor: reading the umask means setting one; it is put back at once
        os.umask(umask)
        mode = 0o666 & ~umask  # mkstemp's 0600 would make new outputs private
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def save(path: str | Path, weights: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> None:
    """Write canonical safetensors atomically."""
    from safetensors.numpy import save_file

    with atomic_output(path) as tmp:
        save_file({k: np.ascontiguousarray(v) for k, v in weights.items()}, str(tmp), metadata=metadata)


SAFETENSORS_DTYPES = {"F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64",
                      "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "BOOL": "bool"}


def load(path: str | Path) -> dict[str, np.ndarray]:
    """Canonical weights from safetensors: float32, with float16 and bfloat16 widened (and said so); a torch
    state_dict saved as safetensors reads as canonical, its step counters dropped."""
    from safetensors import SafetensorError, safe_open
    from safetensors.numpy import load_file

    path = source_file(path)
    try:
        with safe_open(str(path), framework="numpy") as handle:
            dtypes = {k: handle.get_slice(k).get_dtype() for k in handle.keys() if not k.endswith(COUNTER)}
        widened = check_dtypes({k: SAFETENSORS_DTYPES.get(d, d) for k, d in dtypes.items()}, str(path))
        bfloat16 = [k for k in widened if dtypes[k] == "BF16"]  # mutation survivor: both readers decode F16
        loaded = _load_with_bfloat16(path, dtypes) if bfloat16 else load_file(str(path))
    except (SafetensorError, OSError, ValueError, TypeError) as exc:
        raise WeightsError(f"{path}: not a readable safetensors file ({' '.join(str(exc).split())[:200]})") from None
    return {k: np.asarray(v, dtype=np.float32) for k, v in loaded.items() if k in dtypes}


def _load_with_bfloat16(path: Path, dtypes: dict[str, str]) -> dict[str, np.ndarray]:
    """NumPy has no bfloat16: its 16 bits are the top half of a float32's, so shifting them up is exact."""
    raw = path.read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header, start = json.loads(raw[8:8 + size]), 8 + size
    out = {}
    for key, dtype in dtypes.items():
        first, last = header[key]["data_offsets"]
        data = raw[start + first:start + last]
        if dtype == "BF16":
            value = (np.frombuffer(data, "<u2").astype("<u4") << 16).view("<f4")
        else:
            value = np.frombuffer(data, {"F32": "<f4", "F16": "<f2"}[dtype])
        out[key] = value.reshape(header[key]["shape"])
    return out


def write_atomic(path: str | Path, text: str) -> None:
    """Write a text file atomically (reports, rendered sources)."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
