"""Readers of a computer's files, registry and running programs: raw input to records."""
