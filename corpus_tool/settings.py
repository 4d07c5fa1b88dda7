"""Settings: the package's ``data/defaults.toml`` with an optional user TOML file laid over it.

Each stage gets a frozen dataclass of its own.  The defaults file is the one place that
gives the values (and says how each was calibrated); the dataclasses say what may be
set and of which type, so a misspelt key in a user's ``--config`` file is an error that
names it rather than a setting silently ignored.
"""
from __future__ import annotations

import copy
import dataclasses
import tomllib
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SettingsError
from .resources import read_toml


@dataclass(frozen=True)
class ReadSettings:
    max_bytes: int


@dataclass(frozen=True)
class LanguageSettings:
    languages: tuple[str, ...]
    min_chars: int
    min_words: int
    claim_languages: tuple[str, ...]
    claim_sure: float


@dataclass(frozen=True)
class CleanSettings:
    repeat_min_documents: int
    repeat_min_share: float
    repeat_max_chars: int
    heading_max_chars: int
    heading_max_words: int
    table_min_cells: int
    table_cell_max_chars: int
    extractor_max_chars: int = 2_000_000


@dataclass(frozen=True)
class AlignSettings:
    embedder: str


@dataclass(frozen=True)
class RunSettings:
    document_timeout_seconds: float
    document_memory_mb: float = 0.0  # built by hand without it: no memory limit


@dataclass(frozen=True)
class SqlSettings:
    time_limit_ms: int
    max_rows: int


@dataclass(frozen=True)
class Settings:
    read: ReadSettings
    language: LanguageSettings
    clean: CleanSettings
    align: AlignSettings
    run: RunSettings
    sql: SqlSettings


def _merge(base: dict, over: dict) -> dict:
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _convert(value: Any, kind: Any, where: str) -> Any:
    """``value`` as the annotated type ``kind``, or a SettingsError naming ``where``."""
    if typing.get_origin(kind) is tuple:
        (item,) = {a for a in typing.get_args(kind) if a is not Ellipsis}
        if not isinstance(value, list | tuple):
            raise SettingsError(f"setting '{where}' must be a list, got {value!r}")
        return tuple(_convert(v, item, f"{where}[]") for v in value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SettingsError(f"setting '{where}' must be {kind.__name__}, got {value!r}")
    return value


def _build(cls: type, values: Any, where: str) -> Any:
    if not isinstance(values, dict):
        raise SettingsError(f"settings section '{where}' must be a table, got {values!r}")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(values) - set(names))
    if unknown:
        what = f"setting '{where}.{unknown[0]}'" if where else f"settings section '{unknown[0]}'"
        raise SettingsError(f"unknown {what} (known: {', '.join(names)})")
    missing = [n for n in names if n not in values]
    if missing:
        raise SettingsError(f"setting '{(where + '.') if where else ''}{missing[0]}' has no value")
    out = {}
    for name in names:
        label = f"{where}.{name}" if where else name
        kind = hints[name]
        out[name] = (_build(kind, values[name], label) if isinstance(kind, type) and dataclasses.is_dataclass(kind)
                     else _convert(values[name], kind, label))
    return cls(**out)


def settings_from_dict(values: dict) -> Settings:
    """Typed settings from a nested dict shaped like ``defaults.toml``."""
    return _build(Settings, values, "")


def load_settings(user_file: str | Path | None = None) -> Settings:
    """The defaults, with ``user_file`` (TOML) laid over them when given."""
    values = copy.deepcopy(read_toml("defaults.toml"))  # the cached defaults stay untouched
    if user_file:
        try:
            with open(user_file, "rb") as fh:
                _merge(values, tomllib.load(fh))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"settings file {user_file}: {exc}") from None
    try:
        return settings_from_dict(values)
    except SettingsError as exc:
        if user_file:
            raise SettingsError(f"settings file {user_file}: {exc.args[0]}") from None
        raise
