"""Read settings from environment variables and remember each one for the documentation.

Every setting that an operator may change is read through :func:`env`, so that
``manage.py envdocs`` can print the complete table (name, default, meaning) for the README.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnvSetting:
    name: str
    default: Any
    help_text: str


REGISTRY: dict[str, EnvSetting] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _to_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def _to_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


CASTS: dict[type, Callable[[str], Any]] = {bool: _to_bool, int: int, list: _to_list, str: str}


def env(name: str, *, default: Any, help_text: str, cast: type = str) -> Any:
    """Return the environment variable `name` cast to `cast`, or `default` when it is unset."""
    REGISTRY.setdefault(name, EnvSetting(name, default, help_text))
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return CASTS[cast](raw)
    except ValueError as exc:
        raise ValueError(f"Environment variable {name}: {exc}") from exc
