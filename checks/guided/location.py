"""Guided checks of location and sharing: location sharing, item trackers, family groups, shared albums and notes."""

from __future__ import annotations

from typing import ClassVar

from checks.guided.base import GuidedCheck


class LocationSharing(GuidedCheck):
    """Goes through location sharing in Find My, Google Maps, Life360 and the Snap Map.

    These are the commonest ways someone "always knows where I am": an ordinary app, set to
    share, needs no spyware. The client opens each app they use and says who can see them;
    the menu paths are shown with each question. Stopping sharing can be noticed, so the
    advice puts evidence and safety planning first.
    """

    id = "guided.location-sharing"
    title = "Location sharing in Find My, Google Maps, Life360 and Snap Map"
    looks_at = "who can see your location in Find My, Google Maps, Life360 and the Snap Map"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see other location-sharing apps, fitness apps or a car's app; the car check and the phone checks look at some of those.",
        "It cannot see someone who follows your location by signing in to your own account; the Apple and Google Account checks look at that.",
    )


class ItemTrackers(GuidedCheck):
    """Asks about AirTags and other item trackers: the iPhone's and Android's own tracker alerts.

    iPhones warn when an AirTag or another compatible tracker travels with them ("Found Moving
    With You"); Android phones do the same under "Unknown tracker alerts" and can scan on
    demand. The question shows where to look on each.
    """

    id = "guided.item-trackers"
    title = "AirTags and other item trackers"
    looks_at = "the phone's own alerts and scan for trackers travelling with you"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Phones only detect trackers that are away from their owner for a while, and only makers that joined the alert scheme; a GPS tracker with its own SIM card is not detected at all.",
        "A scan covers only what is near the phone at that moment; a tracker on a car parked elsewhere is not found.",
    )


class FamilyGroups(GuidedCheck):
    """Goes through Apple Family Sharing, Screen Time and Google's family group and Family Link.

    A family group can share location, purchases and screen time with its organiser; an adult
    put into one as a "child", or whose Screen Time passcode someone else set, can be watched
    and limited. Menu paths for iPhone, Android and the web are shown.
    """

    id = "guided.family-groups"
    title = "Family groups: Apple Family Sharing and Google Family Link"
    looks_at = "Apple Family Sharing members and organiser, Screen Time, Google family group and Family Link supervision"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see family groups in other services (mobile networks, streaming, Microsoft Family Safety).",
    )


class SharedContent(GuidedCheck):
    """Goes through shared photo albums, calendars and notes with the client.

    Shared albums carry the places photos were taken; a shared calendar shows appointments
    and plans. The client opens each and says who they are shared with.
    """

    id = "guided.shared-content"
    title = "Shared photo albums, calendars and notes"
    looks_at = "who your photos, calendars and notes are shared with"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see files shared in cloud drives (iCloud Drive, Google Drive, OneDrive, Dropbox).",
        "It cannot see what someone reads by signing in to your own account.",
    )
