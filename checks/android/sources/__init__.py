"""Where an Android phone's artifacts come from (adb, AndroidQF, a bug report), the parsers they share, and their assembly."""
