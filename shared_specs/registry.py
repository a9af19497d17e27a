"""The spec registry: every family file under specs/, every variant in it, by unique name; and a user's
own spec file anywhere, named by its path (`my_net.yaml`, or `my_net.yaml:variant` for one of several)."""

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


SPEC_SUFFIXES = (".yaml", ".yml")


def _user_file(name: str) -> tuple[Path, str] | None:
    """(path, variant or "") when `name` names a spec file rather than a registered model."""
    path, _, variant = name.rpartition(":") if not name.endswith(SPEC_SUFFIXES) else (name, "", "")
    return (Path(path), variant) if path.endswith(SPEC_SUFFIXES) else None


@lru_cache(maxsize=None)
def _load_user(path: Path, mtime: float) -> tuple[Model, ...]:
    return tuple(load_file(path))


def family_models(name: str) -> tuple[Model, ...]:
    """Every variant of the family `name` belongs to: a registered family or model, or a spec file's path."""
    user = _user_file(name)
    if user is not None:
        path = user[0]
        if not path.is_file():
            raise RosettaError(f"{path}: no such spec file" if not path.exists() else
                               f"{path}: {'a directory' if path.is_dir() else 'not a regular file'}, not a spec file")
        return _load_user(path.resolve(), path.stat().st_mtime)
    return load_family(name if name in families() else get_model(name).family)


def is_registered(model: Model) -> bool:
    """Whether the model comes from the package's own specs (and so has checked-in rendered files)."""
    return Path(model.path).parent == SPEC_DIR


def get_model(name: str) -> Model:
    """A variant by name; `family:variant`, a family with a single variant, and a spec file's path
    (`my_net.yaml`, `my_net.yaml:variant`) are accepted too."""
    user = _user_file(name)
    if user is not None:
        models = family_models(name)
        variant = user[1]
        if not variant and len(models) == 1:
            return models[0]
        found = [m for m in models if m.name == variant]
        if not found:
            names = [m.name for m in models]
            want = f"no variant '{variant}'{suggest(variant, names)} in" if variant else "name a variant of"
            raise RosettaError(f"{want} {user[0]}: {', '.join(names)} (as {user[0]}:VARIANT)")
        return found[0]
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
