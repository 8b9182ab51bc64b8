"""Guided checks of accounts: linked messaging devices, Apple and Google Accounts, Facebook and Instagram sessions."""

from __future__ import annotations

from typing import ClassVar

from checks.guided.base import GuidedCheck


class LinkedMessagingDevices(GuidedCheck):
    """Goes through WhatsApp, Signal and Telegram's lists of linked devices with the client.

    A computer or browser linked to someone's WhatsApp or Signal receives every new message,
    and needs nothing installed on the phone. No app lets another program read these lists,
    so the client opens each app and says what they see; the menu paths for Android and
    iPhone are shown with each question. In `cybercheck guide` the apps the client does not
    use are left out; elsewhere `--input uses=whatsapp` (repeatable) does the same.
    """

    id = "guided.messaging"
    title = "WhatsApp, Signal and Telegram linked devices"
    looks_at = "the lists of linked devices in WhatsApp, Signal and Telegram, as you see them"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see messages read on the phone itself by someone who has it in their hands, or chat backups kept in a shared cloud account.",
        "It relies on what you see and recognise; a linked device with a familiar-looking name can be missed.",
        "It does not cover iMessage or FaceTime; the Apple Account check looks at the devices signed in there.",
    )


class AppleAccount(GuidedCheck):
    """Goes through the Apple Account with the client: signed-in devices, Safety Check and recovery.

    Anyone signed in to the same Apple Account can see photos, messages synced to iCloud,
    location in Find My and backups. Safety Check (iOS 16 and later) lists who and which
    apps the iPhone shares with. Menu paths for the iPhone and the web are shown with each
    question; from an Android phone, use account.apple.com in a browser on a safer device.
    """

    id = "guided.apple-account"
    title = "Apple Account devices, Safety Check and recovery"
    looks_at = "devices signed in to the Apple Account, Safety Check's sharing list, trusted numbers and recovery"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot tell whether someone else knows your Apple Account password or iPhone passcode; someone who does can sign in now and then without staying in the device list.",
        "It cannot see what a family group's organiser or members can see; the family groups check looks at that.",
        "Safety Check needs iOS 16 or later; on older iPhones that step cannot be done.",
    )


class GoogleAccount(GuidedCheck):
    """Goes through the Google Account with the client: signed-in devices, third-party access and recovery.

    An Android phone is tied to a Google Account, and whoever is signed in to it elsewhere may
    see location history, photos, contacts and mail. Each question shows the path on
    Android, on an iPhone (through the Gmail or Google app) and on the web. For a full list of
    sign-ins, the sessions.google check reads a Google Takeout export.
    """

    id = "guided.google-account"
    title = "Google Account devices, third-party access and recovery"
    looks_at = "devices signed in to the Google Account, apps with access to it, and its recovery phone and email"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot tell whether someone else knows your Google password; someone who signs in now and then may not stay in the device list.",
        "Google keeps the device list for about 28 days; older sign-ins are not shown there.",
    )


class SocialSessions(GuidedCheck):
    """Goes through Facebook and Instagram's "Where you're logged in" with the client.

    Both list every phone, computer and browser signed in to the account, with an estimated
    place. Each question shows the path in the Android and iPhone apps and on the web. For the
    full history, the sessions.facebook and sessions.instagram checks read the accounts' own
    downloads.
    """

    id = "guided.social-sessions"
    title = 'Facebook and Instagram "Where you\'re logged in"'
    looks_at = "the sessions Facebook and Instagram list in Accounts Centre, as you see them"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Places come from internet addresses and are often far off; phone networks and VPNs move them.",
        "It cannot see a session that has already ended, or someone using your own phone.",
    )
