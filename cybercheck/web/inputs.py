"""The fields of a proposed check's page: the files, folders and values it reads, and the secrets it asks for.

Checks say what they need in `Need.how`, written for the command line (`--input
takeout=PATH`). A support worker at the page needs the thing named the way she knows it, so
the inputs the built-in checks read have a label and a hint here; any other input is shown
with its name and the check's own words. Nothing about what the checks do is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercheck.pipeline.check import Check, Need
from cybercheck.guide.session import GuideSession

# name -> (label, hint, is it a file or folder on this computer)
KNOWN: dict[str, tuple[str, str, bool]] = {
    "android": ("The Android phone",
                "Choose the folder (or zip) of an AndroidQF acquisition, or a bug report zip. For a phone connected "
                "to this computer by USB cable with USB debugging on, type adb instead.", True),
    "ios": ("The iPhone backup", "Choose the folder of an iPhone backup made on this computer (Finder or iTunes).", True),
    "takeout": ("The Google Takeout export",
                "Choose the Takeout zip file, or the folder it was unpacked into (from takeout.google.com).", True),
    "exports": ("A folder of downloaded exports", "Choose a folder holding Takeout, Facebook, Instagram or X downloads.", True),
    "facebook": ("The Facebook download (JSON)", "Choose the zip file or its folder, downloaded in the JSON format.", True),
    "instagram": ("The Instagram download (JSON)", "Choose the zip file or its folder, downloaded in the JSON format.", True),
    "x": ("The X (Twitter) archive", "Choose the archive's zip file or its folder.", True),
    "passwords": ("A password manager's export",
                  "Choose the export file from Bitwarden, 1Password, LastPass, Chrome, Edge, Firefox, Safari, "
                  "Apple Passwords or KeePassXC. It is read here and not copied anywhere.", True),
    "pwned-corpus": ("A list of breached password hashes", "A file of SHA-1 hashes to look passwords up in, "
                     "instead of asking Have I Been Pwned over the internet.", True),
    "pcap": ("A capture of the phone's traffic", "Choose a .pcap or .pcapng file.", True),
    "dnslog": ("A DNS log", "Choose a log of the names a device looked up.", True),
    "hosts": ("A copy of a hosts file", "Leave this empty to look at this computer's own hosts file.", True),
    "root": ("A copied computer's folder", "Leave this empty to look at this computer itself.", True),
    "known": ("A list of the client's own devices and places", "Optional: a text file, one device or place a line.", True),
    "name": ("The client's name", "As it would appear in a web address, for example Jane Doe.", False),
    "username": ("A username the client uses", "For example janedoe.", False),
    "domain": ("The client's own web domain", "Only if they have one, for example janedoe.net.", False),
    "owner": ("The client's email address", "So that mail sent to their own addresses is not counted as going elsewhere.", False),
    "email": ("Email addresses to look up", "The client's email address.", False),
    "imap": ("The mail server", "For example imap.example.net.", False),
    "imap-user": ("The mailbox user name", "Usually the email address.", False),
}
SECRETS: dict[str, str] = {
    "hibp": "Have I Been Pwned API key",
    "imap": "The mailbox password",
    "gmail-token": "The Gmail sign-in token",
    "outlook-token": "The Outlook sign-in token",
}
SECRET_HINT = "What you type is not shown and not saved. cybercheck forgets it when it stops."


@dataclass(frozen=True, slots=True)
class InputField:
    """One input a proposed check reads: what to call it, how to give it, and what is given so far."""

    name: str
    label: str
    hint: str
    value: str
    needed: bool
    path: bool  # a file or folder, so the page offers the file chooser


@dataclass(frozen=True, slots=True)
class SecretField:
    """A password or key a proposed check needs, typed into a password field."""

    name: str
    label: str
    hint: str


def label(name: str) -> str:
    """How the page names an input."""
    return KNOWN[name][0] if name in KNOWN else name.replace("-", " ").replace("_", " ").capitalize()


def input_fields(check: type[Check] | None, session: GuideSession, chosen: dict[str, str]) -> tuple[InputField, ...]:
    """Every input the check reads (those it needs, then those it can use), with the value given or chosen.

    A value already given is shown so that it can be changed: giving it again replaces it.
    """
    if check is None:
        return ()
    fields = [_field(need.names[0], need, check, session, chosen) for need in check.needs if need.kind == "input"]
    needed = {name for need in check.needs for name in need.names}
    fields += [_field(name, None, check, session, chosen) for name in check.example_inputs if name not in needed]
    return tuple(fields)


def _field(name: str, need: Need | None, check: type[Check], session: GuideSession, chosen: dict[str, str]) -> InputField:
    given = session.given(name, check.id)
    value = chosen.get(name, given[0] if len(given) == 1 else "")
    known = KNOWN.get(name)
    hint = known[1] if known else (need.how if need else "")
    if len(given) > 1 and name not in chosen:
        hint += f" {len(given)} are given already; choose one here only to use it instead of them."
    return InputField(name, label(name), hint, value, needed=need is not None, path=known[2] if known else True)


def secret_fields(needs: tuple[Need, ...]) -> tuple[SecretField, ...]:
    """A password field for each secret a check needs that is not known yet."""
    return tuple(SecretField(n.names[0], SECRETS.get(n.names[0], label(n.names[0])), n.how) for n in needs)
