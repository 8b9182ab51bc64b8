"""The guided checks: each asks the steps of data/steps.yaml and judges the answers; no API reaches these places."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class GuidedCheck(Check):
    """A guided check: the person opens a menu, says what they see, and each answer is judged."""

    area: ClassVar[Area] = Area.GUIDED
    inputs: ClassVar[tuple[Input, ...]] = (Input("uses", many=True),)
    needs: ClassVar[tuple[Need, ...]] = (Need.person(),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.guided.run import go_through

        yield from go_through(self.id, ctx)


class LinkedMessagingDevices(GuidedCheck):
    """Goes through WhatsApp, Signal and Telegram's lists of linked devices with the client."""

    id = "guided.messaging"


class AppleAccount(GuidedCheck):
    """Goes through the Apple Account with the client: signed-in devices, Safety Check and recovery."""

    id = "guided.apple-account"


class GoogleAccount(GuidedCheck):
    """Goes through the Google Account with the client: signed-in devices, third-party access and recovery."""

    id = "guided.google-account"


class SocialSessions(GuidedCheck):
    """Goes through Facebook and Instagram's "Where you're logged in" with the client."""

    id = "guided.social-sessions"


class LocationSharing(GuidedCheck):
    """Goes through location sharing in Find My, Google Maps, Life360 and the Snap Map."""

    id = "guided.location-sharing"


class ItemTrackers(GuidedCheck):
    """Asks about AirTags and other item trackers: the iPhone's and Android's own tracker alerts."""

    id = "guided.item-trackers"


class FamilyGroups(GuidedCheck):
    """Goes through Apple Family Sharing, Screen Time and Google's family group and Family Link."""

    id = "guided.family-groups"


class SharedContent(GuidedCheck):
    """Goes through shared photo albums, calendars and notes with the client."""

    id = "guided.shared-content"


class PhonePlan(GuidedCheck):
    """Asks who holds the phone plan and what is on it."""

    id = "guided.phone-plan"


class HomeRouter(GuidedCheck):
    """Asks who controls the home router, and whether an unknown device is connected to it."""

    id = "guided.home-router"


class SmartHome(GuidedCheck):
    """Asks about smart-home apps and devices: cameras, doorbells, speakers, locks and thermostats."""

    id = "guided.smart-home"


class CarApp(GuidedCheck):
    """Asks about the car's app and connected services."""

    id = "guided.car-app"
