"""Readers of each provider and artifact: raw answers and files in, mail records out."""
