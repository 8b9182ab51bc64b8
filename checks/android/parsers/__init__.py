"""Parsers shared by every Android source: one module per artifact kind, text in, plain values out."""
