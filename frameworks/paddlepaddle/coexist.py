"""Paddle beside TensorFlow in one process.

paddlepaddle 3.3.1 crashes (SIGSEGV) when it is imported after TensorFlow: during the static
initialisation of `libpaddle.so`, protobuf's C++ symbols resolve to the copy TensorFlow loaded first,
not to Paddle's own (`RepeatedPtrFieldBase::AddOutOfLineHelper` in `libphi_core.so`). Loading Paddle's
shared libraries with `RTLD_DEEPBIND` makes them look up their own symbols first; both frameworks then
load and run, in either order.

`install()` puts a finder on `sys.meta_path` that imports the `paddle` package that way. Importing the
`frameworks` package (any adapter, or a rendered model under it) installs it, so the rendered files stay
plain `import paddle`; a script of one's own that imports TensorFlow first and then Paddle directly adds
`import frameworks` before `import paddle`.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from types import ModuleType


class _DeepBindLoader(importlib.abc.Loader):
    """Runs the wrapped loader with RTLD_DEEPBIND added to the dlopen flags of every extension it loads."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        flags = sys.getdlopenflags()
        sys.setdlopenflags(flags | os.RTLD_DEEPBIND)
        try:
            self.loader.exec_module(module)
        finally:
            sys.setdlopenflags(flags)


class PaddleDeepBindFinder(importlib.abc.MetaPathFinder):
    """Finds `paddle` as the other finders do and wraps its loader in `_DeepBindLoader`."""

    def find_spec(self, name: str, path=None, target=None) -> importlib.machinery.ModuleSpec | None:
        if name != "paddle":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _DeepBindLoader(spec.loader)
                return spec
        return None


def install() -> None:
    """Make every later `import paddle` in this process safe beside TensorFlow (idempotent)."""
    if os.name == "posix" and hasattr(os, "RTLD_DEEPBIND") and \
            not any(isinstance(f, PaddleDeepBindFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, PaddleDeepBindFinder())
