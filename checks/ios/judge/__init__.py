"""Judges what an iPhone backup holds, one module per kind of record: profiles and management,
apps, the files the backup lists, and the iOS version.

Knows no backup format: it sees only the records in checks/ios/records.py.
"""
