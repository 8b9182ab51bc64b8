"""Item trackers near the person: a Bluetooth sweep over time and places (AirTags, SmartTags, Tile ...)."""
