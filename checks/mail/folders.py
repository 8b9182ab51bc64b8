"""What a folder is for, from its IMAP special-use flag or, failing that, its usual names."""

from __future__ import annotations

from checks.mail.records import FolderRole

SPECIAL_USE = {
    "\\trash": FolderRole.TRASH,
    "\\junk": FolderRole.JUNK,
    "\\archive": FolderRole.ARCHIVE,
    "\\all": FolderRole.ARCHIVE,
}
_NAMES = {
    FolderRole.INBOX: ("inbox", "posteingang", "boîte de réception", "bandeja de entrada"),
    FolderRole.TRASH: (
        "trash",
        "bin",
        "deleted",
        "deleted items",
        "deleted messages",
        "papierkorb",
        "corbeille",
        "papelera",
        "gelöschte elemente",
    ),
    FolderRole.JUNK: ("junk", "spam", "junk email", "junk e-mail", "bulk mail", "courrier indésirable"),
    FolderRole.ARCHIVE: ("archive", "archives", "all mail", "archiv"),
    FolderRole.HIDDEN: (
        "rss feeds",
        "rss subscriptions",
        "rss",
        "conversation history",
        "notes",
        "sync issues",
        "outbox",
        "drafts",
    ),
}


def role_from_name(name: str) -> FolderRole:
    """The role a folder's name suggests ("INBOX.Trash", "[Gmail]/Spam", "Deleted Items")."""
    leaf = name.replace("\\", "/").strip().lower()
    for separator in ("/", "."):
        leaf = leaf.rsplit(separator, 1)[-1] if separator in leaf and leaf != "inbox" else leaf
    for role, names in _NAMES.items():
        if leaf in names:
            return role
    return FolderRole.OTHER
