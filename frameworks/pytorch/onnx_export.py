"""A fourth, independent implementation for the parity matrix: the torch rendering exported to
ONNX (torch.onnx's dynamo exporter) and run by onnxruntime, which shares no kernels with PyTorch."""

from __future__ import annotations

import importlib.util
import logging
import tempfile
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


def onnx_forward(native: Any, x: np.ndarray, device: str = "cpu") -> np.ndarray:
    """Export `native` (a torch module in eval mode) with `x` as the example input, run it on the same input."""
    import onnxruntime
    import torch

    levels = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    example = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).to(next(native.parameters()).device)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.onnx"
            torch.onnx.export(native.eval(), (example,), str(path), dynamo=True, verbose=False)
            providers = ["CUDAExecutionProvider"] if device == "gpu" else ["CPUExecutionProvider"]
            session = onnxruntime.InferenceSession(str(path), providers=providers)
            return session.run(None, {session.get_inputs()[0].name: example.cpu().numpy()})[0]
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
