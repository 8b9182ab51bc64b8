"""What a folder is for, from its IMAP special-use flag or, failing that, its usual names."""

from __future__ import annotations

from checks.mail.names import folder_names
from checks.mail.records import FolderRole

SPECIAL_USE = {
    "\\trash": FolderRole.TRASH,
    "\\junk": FolderRole.JUNK,
    "\\archive": FolderRole.ARCHIVE,
    "\\all": FolderRole.ARCHIVE,
}


def role_from_name(name: str) -> FolderRole:
    """The role a folder's name suggests ("INBOX.Trash", "[Gmail]/Spam", "Deleted Items")."""
    leaf = name.replace("\\", "/").strip().lower()
    for separator in ("/", "."):
        leaf = leaf.rsplit(separator, 1)[-1] if separator in leaf and leaf != "inbox" else leaf
    for role, names in folder_names().items():
        if leaf in names:
            return role
    return FolderRole.OTHER
