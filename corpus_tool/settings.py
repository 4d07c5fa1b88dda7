"""Settings: the package's ``data/defaults.toml`` with an optional user TOML file laid over it."""
from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Optional

from .errors import CorpusToolError
from .resources import read_toml


def _merge(base: dict, over: dict) -> dict:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def load_settings(user_file: Optional[str | Path] = None) -> dict:
    settings = copy.deepcopy(read_toml("defaults.toml"))
    if user_file:
        try:
            with open(user_file, "rb") as fh:
                _merge(settings, tomllib.load(fh))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CorpusToolError(f"settings file {user_file}: {exc}") from None
    return settings
