"""Android: stalkerware, monitoring apps and the settings they need."""
