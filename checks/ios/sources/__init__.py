"""Where an iPhone backup's records come from: the backup folder, its plists, app lists and profiles."""
