"""The fuzzing harness for every reader of outside data: `python -m tests.fuzz --help`."""
