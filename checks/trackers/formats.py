"""The tracker formats, read from data/<format>.yaml, and the decoding of one payload by them.

Each data file says how a format is recognised (company identifier or service UUID, leading bytes,
lengths) and where its fields are (offset, length, bit mask, the meaning of each value). This module
only interprets those descriptions; every fact about a format, with its source, is in its data file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from checks.trackers.records import Decoded, OwnerState
from cybercheck.yamldata import load_yaml

_STATES = {state.value: state for state in OwnerState}
NOT_FORMATS = frozenset({"following.yaml"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """Where one field sits in a payload and what its values mean."""

    name: str
    offset: int
    length: int = 1
    mask: int | None = None
    shift: int = 0
    little_endian: bool = False
    as_hex: bool = False
    values: Mapping[int, str] | None = None
    address_first_byte_max: int | None = None  # the field is only meaningful up to this firmware


@dataclass(frozen=True, slots=True)
class Format:
    """One tracker format, compiled from its data file."""

    id: str
    network: str
    manufacturer: int | None
    services: tuple[str, ...]
    also_service_uuid: bool
    prefixes: tuple[bytes, ...]
    lengths: tuple[int, ...]
    min_length: int
    first_byte_mask: int | None
    first_byte: int | None
    fields: tuple[FieldSpec, ...]
    identity: Mapping[str, str]  # owner state -> "address", "field:NAME" or "none"
    counter_field: str | None
    counter_step: int
    slack_minutes: int
    fixed_state: OwnerState | None
    default_kind: str
    kinds: tuple[str, ...]

    def matches(self, payload: bytes) -> bool:
        """Whether a payload under this format's company or service is this format's message."""
        size = len(payload)
        if size < self.min_length or (self.lengths and size not in self.lengths):
            return False
        if self.prefixes and not any(payload.startswith(p) for p in self.prefixes):
            return False
        if self.first_byte_mask is not None:
            return size > 0 and payload[0] & self.first_byte_mask == self.first_byte
        return True


def _field(name: str, raw: Mapping[str, Any]) -> FieldSpec:
    values = raw.get("values")
    return FieldSpec(
        name=name,
        offset=int(raw["offset"]),
        length=int(raw.get("length", 1)),
        mask=int(raw["mask"]) if "mask" in raw else None,
        shift=int(raw.get("shift", 0)),
        little_endian=raw.get("endian") == "little",
        as_hex=raw.get("as") == "hex",
        values={int(k): str(v) for k, v in values.items()} if values else None,
        address_first_byte_max=int(raw["address_first_byte_max"])
        if "address_first_byte_max" in raw
        else None,
    )


def _compile(raw: Mapping[str, Any]) -> Format:
    match = raw["match"]
    services = [match["service"]] if "service" in match else list(match.get("service_any", ()))
    prefixes = [match["prefix"]] if "prefix" in match else list(match.get("prefix_any", ()))
    fields = tuple(_field(name, spec) for name, spec in (raw.get("fields") or {}).items())
    link = raw.get("link") or {}
    kinds = tuple(raw.get("kinds") or {})
    fixed = raw.get("owner_state_fixed")
    return Format(
        id=str(raw["id"]),
        network=str(raw["network"]),
        manufacturer=int(match["manufacturer"]) if "manufacturer" in match else None,
        services=tuple(s.lower() for s in services),
        also_service_uuid=bool(match.get("also_service_uuid", False)),
        prefixes=tuple(bytes.fromhex(p) for p in prefixes),
        lengths=tuple(int(n) for n in match.get("lengths", ())),
        min_length=int(match.get("min_length", 0)),
        first_byte_mask=int(match["first_byte_mask"]) if "first_byte_mask" in match else None,
        first_byte=int(match["first_byte"]) if "first_byte" in match else None,
        fields=fields,
        identity={str(k): str(v) for k, v in (raw.get("identity") or {}).items()},
        counter_field=link.get("counter"),
        counter_step=int(link.get("step", 1)),
        slack_minutes=int(link.get("slack_minutes", 0)),
        fixed_state=_STATES[fixed] if fixed else None,
        default_kind=str(raw.get("default_kind", kinds[0] if kinds else raw["id"])),
        kinds=kinds,
    )


def _read(name: str) -> Mapping[str, Any]:
    text = resources.files("checks.trackers").joinpath("data", name).read_text(encoding="utf-8")
    return cast("Mapping[str, Any]", load_yaml(text))


@cache
def formats() -> tuple[Format, ...]:
    """Every tracker format this version knows, from data/*.yaml."""
    folder = resources.files("checks.trackers").joinpath("data")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml") and p.name not in NOT_FORMATS)
    return tuple(_compile(_read(name)) for name in names)


@cache
def following_rules() -> Mapping[str, Any]:
    """The thresholds for "following", from data/following.yaml."""
    return _read("following.yaml")


def _value(spec: FieldSpec, payload: bytes, address: str) -> tuple[int | None, str] | None:
    end = spec.offset + spec.length
    if end > len(payload):
        return None
    if spec.address_first_byte_max is not None:
        try:
            if int(address[:2], 16) > spec.address_first_byte_max:
                return None
        except ValueError:
            return None
    chunk = payload[spec.offset : end]
    if spec.as_hex:
        return None, chunk.hex()
    number = int.from_bytes(chunk, "little" if spec.little_endian else "big")
    if spec.mask is not None:
        number = (number & spec.mask) >> spec.shift
    label = spec.values.get(number) if spec.values is not None else None
    return number, label if label is not None else str(number)


def decode(fmt: Format, payload: bytes, address: str) -> Decoded:
    """What a payload that `fmt.matches` says. Missing bytes leave fields out, never raise."""
    numbers: dict[str, int | None] = {}
    shown: dict[str, str] = {}
    for spec in fmt.fields:
        got = _value(spec, payload, address)
        if got is not None:
            numbers[spec.name], shown[spec.name] = got
    state = fmt.fixed_state or _STATES.get(shown.get("owner_state", ""), OwnerState.UNKNOWN)
    kind = shown.get("device_kind", fmt.default_kind)
    if kind not in fmt.kinds:
        kind = fmt.default_kind
    rule = fmt.identity.get(state.value, "none")
    identity: str | None = None
    if rule == "address":
        identity = address
    elif rule.startswith("field:"):
        identity = shown.get(rule[6:])
    counter = numbers.get(fmt.counter_field) if fmt.counter_field else None
    return Decoded(
        format=fmt.id,
        kind=kind,
        owner_state=state,
        identity=f"{fmt.id}:{identity}" if identity else None,
        counter=counter,
        fields=shown,
    )
