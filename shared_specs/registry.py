"""The spec registry: every family file under specs/, every variant in it, by unique name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import RosettaError, suggest
from .ir import Model
from .loader import load_file

SPEC_DIR = Path(__file__).resolve().parent / "specs"


def spec_files() -> list[Path]:
    return sorted(SPEC_DIR.glob("*.yaml"))


@lru_cache(maxsize=None)
def load_family(family: str) -> tuple[Model, ...]:
    path = SPEC_DIR / f"{family}.yaml"
    if not path.exists():
        raise RosettaError(f"no spec family '{family}'{suggest(family, families())} in {SPEC_DIR}")
    return tuple(load_file(path))


def families() -> list[str]:
    return [p.stem for p in spec_files()]


def list_models() -> list[str]:
    """Every variant name, family by family, in file order."""
    return [m.name for family in families() for m in load_family(family)]


def get_model(name: str) -> Model:
    """A variant by name; `family:variant` and a family with a single variant are accepted too."""
    family, _, variant = name.rpartition(":")
    candidates = load_family(family) if family else [m for f in families() for m in load_family(f)]
    variant = variant or name
    for model in candidates:
        if model.name == variant:
            return model
    if not family and variant in families() and len(load_family(variant)) == 1:
        return load_family(variant)[0]
    names = [m.name for m in candidates]
    raise RosettaError(f"no model '{name}'{suggest(variant, names)}; run `rosetta list` to see them all")
