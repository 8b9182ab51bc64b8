"""Readers for the identity checks: raw answers in, records out."""
