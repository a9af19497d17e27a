"""One error type for every user-facing failure: one line, naming where and what."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a spec value came from: a file and 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class RosettaError(Exception):
    """A user-facing error; `str()` is the single line the CLI prints."""


class SpecError(RosettaError):
    """A spec that cannot be loaded: names file:line, the layer and what was expected."""

    def __init__(self, message: str, loc: Location | None = None, layer: str | None = None):
        self.message, self.loc, self.layer = message, loc, layer
        where = f"{loc}: " if loc else ""
        who = f"layer '{layer}': " if layer else ""
        # one line, whatever a hostile value echoed into the message holds
        super().__init__(f"{where}{who}{message}".replace("\r", "\\r").replace("\n", "\\n"))


class WeightsError(RosettaError):
    """Weights that do not fit a model: names the tensors, expected vs got."""


def suggest(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest valid name, or '' when nothing is close (or the word, a YAML
    key, is not a string at all: `1: x` is an integer key)."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, [c for c in choices if isinstance(c, str)], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
