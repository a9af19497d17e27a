"""PaddlePaddle: rendering is pure Python; paddle is imported only to build and run models."""

from .framework import PaddleFramework

__all__ = ["PaddleFramework"]
