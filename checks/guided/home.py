"""Guided checks of the things around the client: the phone plan, the home router, smart-home apps and the car."""

from __future__ import annotations

from typing import ClassVar

from checks.guided.base import GuidedCheck


class PhonePlan(GuidedCheck):
    """Asks who holds the phone plan and what is on it.

    The account holder of a phone plan can often see who was called and texted, add a family
    locator, and move the number to a new SIM (which also receives sign-in codes). The
    question says where the account holder is shown.
    """

    id = "guided.phone-plan"
    title = "The phone plan and who holds the account"
    looks_at = "whose name the phone plan is in, and the services and lines on it"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see what the mobile network itself shares with the account holder; the network can tell you, if you ask from a safer phone.",
    )


class HomeRouter(GuidedCheck):
    """Asks who controls the home router, and whether an unknown device is connected to it.

    Whoever has the router's admin password can see which devices are home and when, and can
    change where the home's internet traffic goes (the network.dns check looks for that).
    The question shows where the router's device list is usually found.
    """

    id = "guided.home-router"
    title = "The home router: admin password and connected devices"
    looks_at = "who set up the router or knows its passwords, and its list of connected devices"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see what the router does with the traffic; the network.dns check looks at where it sends sign-in sites.",
        "A device that is switched off, or connects only now and then, may not be listed.",
    )


class SmartHome(GuidedCheck):
    """Asks about smart-home apps and devices: cameras, doorbells, speakers, locks and thermostats.

    Someone who set up a camera, a doorbell or a speaker often stays in its app after moving
    out, and can see or hear the home, or who comes and goes.
    """

    id = "guided.smart-home"
    title = "Smart-home apps, cameras and speakers"
    looks_at = "people with access in smart-home apps, and connected devices the other person set up"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot find hidden cameras or microphones that are not in any of your apps.",
    )


class CarApp(GuidedCheck):
    """Asks about the car's app and connected services.

    Many cars report where they are to the car maker's app; whoever's account the car is in
    can usually see it on a map. The question shows where drivers and users are listed.
    """

    id = "guided.car-app"
    title = "The car's app and connected services"
    looks_at = "drivers, phones and app accounts with access to your car"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot find a separate GPS tracker hidden on the car; the item trackers check covers the trackers phones can detect.",
    )
