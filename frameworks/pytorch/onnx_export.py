"""A fourth, independent implementation for the parity matrix: the torch rendering exported to
ONNX and run by onnxruntime, which shares no kernels with PyTorch.

The export traces with torch.onnx's TorchScript exporter, which torch 2.9+ marks deprecated in favour of the
torch.export one: on the pinned torch it exports every catalogue variant but ShuffleNet v2 (no ONNX form of
aten::channel_shuffle there) and runs them within 2.4e-6 of torch's own forward, 4x sooner (DenseNet-121 on 2
cores: 4.3 s against 18.2 s, 12.3 s without the optimiser), and the export is most of an ONNX cell's time. A
module with an op it lacks goes through the torch.export exporter, which decomposes it. What is judged is
onnxruntime's arithmetic."""

from __future__ import annotations

import importlib.util
import logging
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

NOISY_LOGGERS = ("onnxscript", "torch.onnx", "torch.export")  # INFO lines on every export


def onnx_unavailable(device: str) -> str | None:
    missing = [m for m in ("torch", "onnxruntime", "onnxscript") if importlib.util.find_spec(m) is None]
    if missing:
        return f"{', '.join(missing)} not installed"
    if device == "gpu":
        import onnxruntime

        if "CUDAExecutionProvider" not in onnxruntime.get_available_providers():
            return "onnxruntime has no CUDAExecutionProvider (pip install onnxruntime-gpu)"
    return None


def export_onnx(native: Any, x: np.ndarray, path: Path) -> None:
    """Export `native` (a torch module, put in eval mode) with `x` as the example input, quietly (the exporter's
    deprecation notice included)."""
    import torch

    levels = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    example = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).to(next(native.parameters()).device)
    try:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                torch.onnx.export(native.eval(), (example,), str(path), dynamo=False, verbose=False)
        except torch.onnx.errors.UnsupportedOperatorError:  # an op it lacks and torch.export decomposes: channel_shuffle
            torch.onnx.export(native.eval(), (example,), str(path), dynamo=True, verbose=False)
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def onnx_session(path: Path, device: str = "cpu", threads: int | None = None) -> Any:
    """An onnxruntime session on the CPU or CUDA; `threads` sets its intra-op thread pool."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    if threads is not None:
        options.intra_op_num_threads = threads
    providers = ["CUDAExecutionProvider"] if device == "gpu" else ["CPUExecutionProvider"]
    return onnxruntime.InferenceSession(str(path), options, providers=providers)


def onnx_forward(native: Any, x: np.ndarray, device: str = "cpu") -> np.ndarray:
    """Export `native` with `x` as the example input, run it on the same input."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.onnx"
        export_onnx(native, x, path)
        session = onnx_session(path, device)
        return session.run(None, {session.get_inputs()[0].name: np.ascontiguousarray(x, dtype=np.float32)})[0]
