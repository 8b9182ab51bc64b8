"""Readers: pure functions from one provider's export or service to the records in records.py."""
