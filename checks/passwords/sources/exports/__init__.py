"""Password-manager exports, one module per family, recognised by their headers."""

from checks.passwords.sources.exports.reader import read_export, read_export_bytes

__all__ = ["read_export", "read_export_bytes"]
