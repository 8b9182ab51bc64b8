"""Casework: a client's cases, diary and evidence log, and sealing what is kept."""
