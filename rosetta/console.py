"""What a user sees: the progress bar, the tables and the verdict. Everything the frameworks and their
libraries print (ONNX exporter INFO lines, TensorFlow's C++ log, warnings) goes to
a log file the run names; `-v` shows it live instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


class Console:
    """The user's terminal, whatever stdout and stderr point at while third-party output is captured."""

    def __init__(self) -> None:
        self.out: TextIO = sys.stdout
        self.err: TextIO = sys.stderr

    def print(self, *parts: object, error: bool = False, end: str = "\n") -> None:
        stream = self.err if error else self.out
        print(*parts, file=stream, end=end, flush=True)


CONSOLE = Console()


@contextmanager
def captured(log: Path | None) -> Iterator[None]:
    """Within the block, file descriptors 1 and 2 (C libraries included) and sys.stdout/stderr write to `log`,
    while CONSOLE keeps the terminal. With `log` None nothing is captured (`-v`)."""
    if log is None:
        yield
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    previous = sys.stdout, sys.stderr, CONSOLE.out, CONSOLE.err
    with open(log, "w", buffering=1) as sink:
        CONSOLE.out, CONSOLE.err = _terminal(sys.stdout, saved[0]), _terminal(sys.stderr, saved[1])
        opened = [s for s, old in ((CONSOLE.out, sys.stdout), (CONSOLE.err, sys.stderr)) if s is not old]
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        sys.stdout = sys.stderr = sink
        try:
            yield
        finally:
            sys.stdout, sys.stderr = previous[0], previous[1]
            for stream in opened:
                stream.close()
            CONSOLE.out, CONSOLE.err = previous[2], previous[3]
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)


def _terminal(stream: TextIO, saved_fd: int) -> TextIO:
    """The user's side of a standard stream: a new stream on the saved descriptor where `stream` writes to the
    descriptor being redirected, else `stream` itself (a caller's own buffer, as pytest's capsys installs)."""
    try:
        stream.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is a ValueError and an OSError
        return stream
    return os.fdopen(os.dup(saved_fd), "w", buffering=1)
