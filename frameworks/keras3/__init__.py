"""Keras 3: rendering is pure Python; keras is imported only to build and run models."""

from .framework import KerasFramework

__all__ = ["KerasFramework"]
