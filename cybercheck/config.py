"""The config file (TOML): country, the person's own addresses, inputs, endpoints and defaults."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cybercheck.errors import ConfigError
from cybercheck.pipeline.words import text


@dataclass(frozen=True)
class Config:
    """What the config file says; every part optional."""

    path: Path | None = None
    country: str | None = None
    fail_on: str | None = None
    operator: str | None = None
    inputs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    endpoints: dict[str, str] = field(default_factory=dict)
    checks: tuple[str, ...] = ()


def default_path() -> Path:
    """Where the config file is looked for when --config is not given."""
    from cybercheck.paths import config_dir

    return config_dir() / "config.toml"


def load_config(path: Path | None) -> Config:
    """The config at `path` (must exist), else the default one if it exists, else an empty Config."""
    explicit = path is not None
    path = path or default_path()
    if not path.exists():
        if explicit:
            raise ConfigError(text("cybercheck.config-not-found", path=path))
        return Config()
    if sys.version_info >= (
        3,
        11,
    ):  # imported only when there is a file to read: every run starts 5 ms sooner
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            text("cybercheck.config-unreadable", path=path),
            detail=str(error),
        ) from None
    return _parse(path, raw)


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(text("cybercheck.config-not-text-or-list", path=path, key=key))


def _parse(path: Path, raw: dict[str, Any]) -> Config:
    inputs = raw.get("inputs", {})
    endpoints = raw.get("endpoints", {})
    if not isinstance(inputs, dict) or not isinstance(endpoints, dict):
        raise ConfigError(text("cybercheck.config-not-tables", path=path))
    for key in ("country", "fail_on", "operator"):
        if key in raw and not isinstance(raw[key], str):
            raise ConfigError(text("cybercheck.config-not-text", path=path, key=key))
    parsed_inputs = {k: _strings(path, f"inputs.{k}", v) for k, v in inputs.items()}
    if "owner" in raw:
        parsed_inputs.setdefault("owner", _strings(path, "owner", raw["owner"]))
    return Config(
        path=path,
        country=raw.get("country"),
        fail_on=raw.get("fail_on"),
        operator=raw.get("operator"),
        inputs=parsed_inputs,
        endpoints={k: str(v) for k, v in endpoints.items()},
        checks=_strings(path, "checks", raw["checks"]) if "checks" in raw else (),
    )
