"""The record's manifest: every source and output file with SHA-256 and size, the tool and the times, signed.

The manifest file holds {"manifest": ..., "signature": ..., "timestamp": ...}. The signature is
Ed25519 over the canonical JSON of "manifest" (sorted keys, no spaces, UTF-8); the optional RFC 3161
timestamp covers the same bytes. Checking needs only the manifest file and the files beside it.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from checks.timeline.output.words import say
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import EvidenceFile
from cybercheck.signing import ALGORITHM, PublicKey, Signer
from cybercheck.signing import verify as verify_signature
from cybercheck.timestamping import BadTimestamp, Timestamp, check_token

FORMAT = "cybercheck-timeline-manifest/1"
SUFFIX = ".manifest.json"


def canonical(manifest: dict[str, Any]) -> bytes:
    """The exact bytes that are signed and timestamped."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def build(
    *,
    version: str,
    started: datetime,
    finished: datetime,
    sources: Sequence[EvidenceFile],
    outputs: Sequence[Path],
    events: int,
    public_key: PublicKey | None,
) -> dict[str, Any]:
    """The manifest (not yet signed) of a record: outputs are hashed now."""
    from cybercheck.report.evidence import file_sha256

    return {
        "format": FORMAT,
        "tool": {"name": "cybercheck", "version": version},
        "started": _utc(started),
        "finished": _utc(finished),
        "events": events,
        "sources": [
            {"input": s.input_name, "path": s.path, "kind": s.kind, "sha256": s.sha256, "size": s.size}
            for s in sources
        ],
        "outputs": [{"name": p.name, "sha256": file_sha256(p), "size": p.stat().st_size} for p in outputs],
        "public_key": None
        if public_key is None
        else {"algorithm": ALGORITHM, "key": public_key.text, "fingerprint": public_key.fingerprint},
    }


def seal(
    manifest: dict[str, Any], signer: Signer | None, timestamp: Timestamp | None, tsa: str | None
) -> bytes:
    """The manifest file's bytes: the manifest, its signature and its timestamp."""
    signed = canonical(manifest)
    envelope = {
        "manifest": manifest,
        "signature": None if signer is None else base64.b64encode(signer.sign(signed)).decode("ascii"),
        "timestamp": None
        if timestamp is None
        else {
            "tsa": tsa,
            "time": _utc(timestamp.time),
            "authority": timestamp.tsa,
            "certificate_sha256": timestamp.certificate_sha256,
            "token": base64.b64encode(timestamp.token).decode("ascii"),
        },
    }
    return (json.dumps(envelope, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class FileState(Enum):
    """What became of one file the manifest names."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MISSING = "missing"


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a manifest."""

    manifest: Path
    public_key: PublicKey | None
    signature_ok: bool
    outputs: tuple[tuple[str, FileState], ...]
    sources: tuple[tuple[str, FileState], ...]
    timestamp: Timestamp | None
    timestamp_problem: str | None

    @property
    def good(self) -> bool:
        """Signed, signature valid, every output unchanged, no source changed, any timestamp valid."""
        return (
            self.signature_ok
            and all(state is FileState.UNCHANGED for _, state in self.outputs)
            and not any(state is FileState.CHANGED for _, state in self.sources)
            and self.timestamp_problem is None
        )


def manifest_for(path: Path) -> Path:
    """The manifest of a record: `path` itself, or the .manifest.json beside timeline.html/.csv/.json."""
    if path.name.endswith(SUFFIX):
        return path
    candidate = path.with_name(path.name.rsplit(".", 1)[0] + SUFFIX)
    if not candidate.exists():
        raise DamagedInput(say("errors.no_manifest", name=path.name, manifest=candidate.name))
    return candidate


def check(path: Path) -> Checked:
    """Check a manifest and the files it names; DamagedInput when it is not a manifest at all."""
    from cybercheck.report.evidence import file_sha256

    manifest_path = manifest_for(path)
    try:
        envelope = json.loads(manifest_path.read_bytes().decode("utf-8"))
        manifest = envelope["manifest"]
        if manifest.get("format") != FORMAT:
            raise ValueError("format")
        key_data = manifest.get("public_key")
        signature_text = envelope.get("signature")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise DamagedInput(say("errors.not_manifest", name=manifest_path.name)) from None
    signed = canonical(manifest)
    public_key = PublicKey.from_text(key_data["key"]) if isinstance(key_data, dict) else None
    signature_ok = False
    if public_key is not None and isinstance(signature_text, str):
        try:
            signature = base64.b64decode(signature_text, validate=True)
        except ValueError:
            signature = b""
        signature_ok = verify_signature(public_key, signature, signed)
    folder = manifest_path.parent

    def state(file: Path, sha256: str) -> FileState:
        if not file.is_file():
            return FileState.MISSING
        return FileState.UNCHANGED if file_sha256(file) == sha256 else FileState.CHANGED

    outputs = tuple(
        (o["name"], state(folder / Path(o["name"]).name, o["sha256"])) for o in manifest.get("outputs", ())
    )
    sources = tuple(
        (
            s["path"],
            state(Path(s["path"]), s["sha256"]) if s.get("kind", "file") == "file" else _folder_state(s),
        )
        for s in manifest.get("sources", ())
    )
    timestamp, problem = _timestamp(envelope.get("timestamp"), signed)
    return Checked(manifest_path, public_key, signature_ok, outputs, sources, timestamp, problem)


def _folder_state(source: dict[str, Any]) -> FileState:
    from cybercheck.report.evidence import folder_sha256

    folder = Path(source["path"])
    if not folder.is_dir():
        return FileState.MISSING
    return FileState.UNCHANGED if folder_sha256(folder)[0] == source["sha256"] else FileState.CHANGED


def _timestamp(data: Any, signed: bytes) -> tuple[Timestamp | None, str | None]:
    if not data:
        return None, None
    try:
        token = base64.b64decode(data["token"], validate=True)
        return check_token(token, signed), None
    except BadTimestamp as error:
        return None, error.plain
    except (ValueError, KeyError, TypeError):
        return None, say("errors.not_manifest", name="timestamp")
