"""Judgements of what a computer holds: its hosts file, and its programs and open doors."""
