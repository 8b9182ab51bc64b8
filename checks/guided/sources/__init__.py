"""Where the guided checks' steps come from."""
