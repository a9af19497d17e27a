"""TensorFlow (Keras' backend) and Paddle in one process, in the order a user's script takes them.

Each case runs in a fresh interpreter: the crash being guarded against is a SIGSEGV during import.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from frameworks.base import installed

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not (installed("keras") and installed("paddle")), reason="needs keras and paddle")


def run(script: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3",
                                            "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("script,printed", [
    # a rendered Keras model, then a rendered Paddle model: the two imports a user writes
    ("""
    import numpy as np
    from frameworks.keras3.models.lenet import LeNet5Keras
    keras_out = LeNet5Keras()(np.ones((1, 28, 28, 1), "float32"))
    import paddle
    from frameworks.paddlepaddle.models.lenet import LeNet5
    paddle_out = LeNet5()(paddle.ones([1, 1, 28, 28]))
    print(tuple(keras_out.shape), tuple(paddle_out.shape))
    """, "(1, 10) (1, 10)"),
    # TensorFlow itself first, then the documented line before a direct `import paddle`
    ("""
    import tensorflow as tf
    import frameworks
    import paddle
    print(tuple(tf.ones([1, 3]).shape), tuple(paddle.nn.Linear(3, 10)(paddle.ones([1, 3])).shape))
    """, "(1, 3) (1, 10)"),
], ids=["rendered-keras-then-rendered-paddle", "tensorflow-then-frameworks-then-paddle"])
def test_tensorflow_then_paddle_runs_in_one_process(script: str, printed: str) -> None:
    done = run(script)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == printed


def test_plain_tensorflow_then_paddle_still_crashes_upstream() -> None:
    """The canary: without the finder, the pinned pair still segfaults. When an upgrade makes this pass
    rc 0, paddlepaddle has fixed it and frameworks/paddlepaddle/coexist.py can go."""
    done = run("import tensorflow\nimport paddle\n")
    assert done.returncode == -signal.SIGSEGV
