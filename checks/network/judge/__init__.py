"""Judgements of network records, one module per record kind: DNS answers, and traffic read from files."""
