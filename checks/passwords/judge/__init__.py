"""Judgements of password records, one module per record kind; provider-neutral.

Severity rises with how often a password was seen, whether it opens more than one account,
and what it protects: an email inbox matters most, because it can reset every other password.
"""
