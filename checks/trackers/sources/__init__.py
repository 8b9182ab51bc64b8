"""Where advertisements come from: a recorded sweep, a live scan, a phone's Bluetooth log."""
