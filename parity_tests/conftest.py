"""Shared fixtures; the spec registry drives every parametrized test (timm's test_models style)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from frameworks.base import FRAMEWORK_NAMES, get_framework, installed  # noqa: E402
from shared_specs.registry import list_models  # noqa: E402

MODELS = list_models()

if installed("keras"):
    get_framework("keras").require()  # loads Paddle before TensorFlow (see KerasFramework.require)


def framework_params() -> list:
    """One param per framework; a framework that is not installed is skipped with the reason."""
    return [pytest.param(name, marks=pytest.mark.skipif(not installed(name), reason=f"{name} is not installed"))
            for name in FRAMEWORK_NAMES]
