"""PyTorch: rendering is pure Python; torch is imported only to build and run models."""

from .framework import TorchFramework

__all__ = ["TorchFramework"]
