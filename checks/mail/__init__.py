"""Checks of mail settings that send mail elsewhere, hide it or give others access to a mailbox."""
