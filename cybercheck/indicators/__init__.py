"""Stalkerware and monitoring indicators: the sets, their loading (Echap YAML, STIX2) and updating."""
