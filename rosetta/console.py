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
        self.out: TextIO | None = None  # None: whatever sys.stdout is when printing (pytest swaps it)
        self.err: TextIO | None = None

    def stream(self, error: bool = False) -> TextIO:
        return (self.err or sys.stderr) if error else (self.out or sys.stdout)

    def print(self, *parts: object, error: bool = False, end: str = "\n") -> None:
        print(*parts, file=self.stream(error), end=end, flush=True)


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


class Progress:
    """A bar redrawn in place on a terminal (stderr); one plain line per step when stderr is a log."""

    WIDTH = 30

    def __init__(self, total: int, every: int = 1) -> None:
        """`every`: in a log, only every n-th step (and the last) gets its line."""
        self.total, self.count, self.every = total, 0, every
        self.live = CONSOLE.stream(error=True).isatty()

    def step(self, what: str) -> None:
        """Count a step and show it: parity names the step it starts, bench the cell it finished."""
        filled = self.WIDTH * self.count // max(self.total, 1)
        self.count += 1
        if not self.live and self.count % self.every and self.count != self.total:
            return
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.count}/{self.total} {what}"
        CONSOLE.print(f"\r{line[:120]:<120}" if self.live else line, end="" if self.live else "\n", error=True)

    def done(self) -> None:
        if self.live:
            CONSOLE.print("\r" + " " * 120 + "\r", end="", error=True)
