"""The sessions checks: one per provider, each joining its reader to the one judgement."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need

if TYPE_CHECKING:
    from checks.sessions.export_run import Record
    from checks.sessions.notes import Notes
    from cybercheck.archive import Export
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

# NOTE: the Graph address and the guidance live here, not beside the Graph reader, because the class needs
# them and listing the checks must load no reader.
DEFAULT_GRAPH = "https://graph.microsoft.com"
GUIDED = (
    "Microsoft lets no app read the sign-in methods of a personal Microsoft account (Outlook.com, "
    "Hotmail, Live), so this was not checked automatically. You can look yourself, from a safer "
    "device: go to account.microsoft.com, then Security. \"Recent activity\" (the last 30 days) lists "
    "each sign-in with its place, device and browser; \"Manage how I sign in\" (Security info) lists the "
    "recovery email, phone numbers and authenticator apps. Note any you do not recognise and take a "
    "screenshot before you change anything."
)
_COMMON_BLIND_SPOTS = (
    "Someone who knows the password and signs in from your own home network on a device like yours "
    "looks the same as you in these records.",
    "The export only holds what the provider chose to include, up to the day it was made; sign-ins "
    "after that are not in it.",
    "Places come from IP addresses and are approximate: phone networks and VPNs move them.",
    "With no list of your devices and nobody to answer questions, the devices and places used most are taken "
    "as yours: someone who has used the account for a long time would be among them and not be flagged.",
)
_INPUTS_DOC = """
    Inputs: the export as a zip file or an unpacked folder (read in place, never unpacked to
    disk), or `--input exports=FOLDER` pointing at a folder of downloads. `--input known=FILE`
    lists your own devices and places (one per line, or YAML with devices:, places:,
    networks:, methods:, apps:). Nothing leaves this computer.
"""


class ExportCheck(Check):
    """Base of the checks that read a provider's data export; subclasses name the provider and reader."""

    area = Area.ACCOUNTS
    kind: ClassVar[str]  # "google", "facebook", ... (what exports.py recognises)
    input_name: ClassVar[str]  # "takeout", "facebook", ...
    provider: ClassVar[str]
    wanted_files: ClassVar[str]  # plain words: the files this check reads, for when none are there

    def read(self, export: Export, notes: Notes) -> Iterable[Record]:
        """Every record of one open export."""
        raise NotImplementedError

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.sessions.export_run import run_export

        yield from run_export(self, ctx)


class GoogleSessions(ExportCheck):
    __doc__ = """Reads a Google Takeout: the Access Log Activity (every access to your account, with its
    address, device, product and Google's estimate of the place) and the Devices list, and the
    recovery email and phone in the Google Account data where Takeout includes them.

    When you ask for your Takeout at takeout.google.com, include "Access log activity" and
    "Google Account". Give it with `--input takeout=FILE` (repeat it for a Takeout split into
    several zips).""" + _INPUTS_DOC

    id = "sessions.google"
    title = "Google sign-ins, devices and recovery details, from a Takeout"
    looks_at = "the Access Log Activity and Devices lists of a Google Takeout, and its recovery details"
    needs = (Need.input("takeout", "exports", how="Download a Google Takeout with \"Access log activity\" and give it "
                        "with --input takeout=FILE, or put it in a folder given with --input exports=FOLDER."),)
    blind_spots = _COMMON_BLIND_SPOTS
    example_inputs: ClassVar[dict[str, str]] = {"takeout": "examples/takeout"}
    kind, input_name, provider = "google", "takeout", "Google"
    wanted_files = "Access Log Activity files"

    def read(self, export: Export, notes: Notes) -> Iterable[Record]:
        from checks.sessions.google_takeout import takeout_events, takeout_methods

        return chain(takeout_events(export, notes), takeout_methods(export, notes))


class FacebookSessions(ExportCheck):
    __doc__ = """Reads a Facebook "Download your information" export in JSON form: where you are logged
    in (active sessions), logins and logouts, account activity, recognised devices and login
    protection data.

    Request it in Facebook under Settings → Accounts Centre → Your information and permissions →
    Download your information; choose JSON, not HTML. Give it with `--input facebook=FILE`.""" + _INPUTS_DOC

    id = "sessions.facebook"
    title = "Facebook sessions, logins and recognised devices, from your downloaded information"
    looks_at = "active sessions, logins, account activity and recognised devices in a Facebook download"
    needs = (Need.input("facebook", "exports", how="Download your Facebook information (JSON) and give it with "
                        "--input facebook=FILE, or put it in a folder given with --input exports=FOLDER."),)
    blind_spots = _COMMON_BLIND_SPOTS
    example_inputs: ClassVar[dict[str, str]] = {"facebook": "examples/facebook"}
    kind, input_name, provider = "facebook", "facebook", "Facebook"
    wanted_files = "Facebook security and login files"

    def read(self, export: Export, notes: Notes) -> Iterable[Record]:
        from checks.sessions.facebook import facebook_events, facebook_files, html_only

        if html_only(export, facebook_files(export)):
            notes.gaps.append(f"{export.path.name} was downloaded in HTML form, which cybercheck cannot read. "
                              "Download your information again and choose the JSON format.")
        yield from facebook_events(export, notes)


class InstagramSessions(ExportCheck):
    __doc__ = """Reads an Instagram "Download your information" export in JSON form: login activity,
    logout activity and password changes. The labels inside are in the language of the
    account, so values are recognised by their shape.

    Request it in Instagram under Settings → Accounts Centre → Your information and permissions →
    Download your information; choose JSON. Give it with `--input instagram=FILE`.""" + _INPUTS_DOC

    id = "sessions.instagram"
    title = "Instagram logins, from your downloaded information"
    looks_at = "login, logout and password change activity in an Instagram download"
    needs = (Need.input("instagram", "exports", how="Download your Instagram information (JSON) and give it with "
                        "--input instagram=FILE, or put it in a folder given with --input exports=FOLDER."),)
    blind_spots = _COMMON_BLIND_SPOTS
    kind, input_name, provider = "instagram", "instagram", "Instagram"
    wanted_files = "Instagram login activity files"

    def read(self, export: Export, notes: Notes) -> Iterable[Record]:
        from checks.sessions.instagram import instagram_events

        return instagram_events(export, notes)


class XSessions(ExportCheck):
    __doc__ = """Reads an X (Twitter) archive: the addresses of logins (ip-audit), the apps and devices
    signed in (device-token) and the connected applications with their permissions.

    Request it on X under Settings → Your account → Download an archive of your data. Give it
    with `--input x=FILE`.""" + _INPUTS_DOC

    id = "sessions.x"
    title = "X sign-ins, signed-in apps and connected applications, from your archive"
    looks_at = "login addresses, device tokens and connected applications in an X archive"
    needs = (Need.input("x", "exports", how="Download your X archive and give it with --input x=FILE, or put it "
                        "in a folder given with --input exports=FOLDER."),)
    blind_spots = _COMMON_BLIND_SPOTS
    kind, input_name, provider = "x", "x", "X"
    wanted_files = "X login and device files"

    def read(self, export: Export, notes: Notes) -> Iterable[Record]:
        from checks.sessions.x_archive import x_records

        return x_records(export, notes)


class MicrosoftMethods(Check):
    """Lists the sign-in and recovery methods of a Microsoft work or school account through
    Microsoft Graph (read-only: phone numbers, email, authenticator apps, security keys,
    Windows Hello, temporary access passes).

    It uses the Outlook sign-in saved by `cybercheck login outlook` (stored as outlook-token).
    Personal Microsoft accounts (Outlook.com, Hotmail) cannot be read this way; the check then
    explains where to look on account.microsoft.com. `--input known=FILE` lists methods you
    recognise (for example `method: +47 912 34 567`). Only the list of methods is read.
    """

    id = "sessions.microsoft"
    title = "Microsoft sign-in and recovery methods"
    area = Area.ACCOUNTS
    looks_at = "the authentication methods of a Microsoft work or school account"
    needs = (Need.secret("outlook-token", how=GUIDED + " For a work or school account, sign in first with "
                         "cybercheck login outlook, and this check can read them for you."), Need.network())
    blind_spots = (
        "Microsoft gives apps no list of recent sign-ins for an ordinary account; look at the sign-in activity on account.microsoft.com → Security yourself.",
        "Personal Microsoft accounts cannot be read by any app; follow the steps shown instead.",
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.sessions.asking import ask_methods
        from checks.sessions.baseline import Baseline, from_previous, read_known
        from checks.sessions.export_run import said_previous
        from checks.sessions.judge import judge_methods
        from checks.sessions.microsoft import NotSupported, graph_methods
        from cybercheck.errors import NeedUnmet, Refused

        token = ctx.secret("outlook-token", prompt="Paste the Outlook sign-in token (it will not be shown)")
        base = ctx.endpoint("graph", DEFAULT_GRAPH)
        try:
            methods = list(graph_methods(ctx.http, token, base))
        except NotSupported:
            ctx.partial(GUIDED)
            return
        except Refused:
            raise NeedUnmet("Microsoft refused the saved sign-in: it may have expired or lack the permission to read "
                            "sign-in methods. Sign in again with cybercheck login outlook. " + GUIDED) from None
        ctx.looked_at(f"{len(methods)} sign-in and recovery methods of the Microsoft account")
        previous = from_previous(ctx.previous())
        known_path = ctx.input_path("known")
        if known_path is not None:
            baseline = read_known(known_path)
            ctx.looked_at(f"Your known sign-in methods from {known_path.name}")
        elif previous is not None:
            baseline = previous
            ctx.looked_at(said_previous(previous))
        else:
            baseline = Baseline(origin="none")
            ctx.looked_at("No list of your sign-in methods was given, so each one you did not confirm is listed "
                          "for you to check")
        answers = ask_methods(ctx, methods, baseline)
        source = "Microsoft Graph /me/authentication/methods"
        yield from judge_methods(methods, baseline, answers=answers, owner=ctx.owner, previous=previous, source=source)
        ctx.remember("methods", sorted({m.value for m in methods}))
