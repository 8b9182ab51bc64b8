"""Where an Android phone's artifacts come from (adb, AndroidQF, a bug report), and their parsers."""
