"""ios.backup: an iPhone backup read for configuration profiles, management, jailbreaks and watchware."""
