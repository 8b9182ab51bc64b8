"""The pipeline: checks are found, planned, run in a context and turned into a report."""
