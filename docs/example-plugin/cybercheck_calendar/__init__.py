"""A cybercheck check for calendars shared with someone else: an example of a third-party area."""
