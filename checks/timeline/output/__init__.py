"""The timeline's output: the record as HTML, CSV and JSON, its signed manifest, and the terminal summary."""
