"""Checks of the home network: DNS answers that may be tampered with, and traffic in a capture or DNS log."""
