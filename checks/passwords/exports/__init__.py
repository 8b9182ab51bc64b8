"""Password-manager exports, one module per family, recognised by their headers."""

from checks.passwords.exports.reader import KNOWN, read_export, read_export_bytes

__all__ = ["KNOWN", "read_export", "read_export_bytes"]
