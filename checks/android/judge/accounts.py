"""Judgements about the accounts signed in on the phone."""

from __future__ import annotations

from collections.abc import Iterator

from checks.android.records import AndroidArtifacts
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# account type -> the words for the kind of main account it is
MAIN_ACCOUNTS = {
    "com.google": "android.account-google",
    "com.osp.app.signin": "android.account-samsung",
    "com.samsung.android.mobileservice": "android.account-samsung",
    "com.xiaomi": "android.account-xiaomi",
    "com.huawei.hwid": "android.account-huawei",
    "com.microsoft.workaccount": "android.account-microsoft-work",
}


def judge_accounts(artifacts: AndroidArtifacts, owner: tuple[str, ...]) -> Iterator[Finding]:
    """Accounts the person does not know (when their own are given), or several of the main accounts."""
    source = text("android.seen-in-accounts", source=artifacts.source)
    how_sure = text("android.label-how-sure")
    if owner:
        mine = {o.lower() for o in owner}
        for account in artifacts.accounts:
            if "@" in account.name and account.name.lower() not in mine:
                yield Finding(
                    "android.account.unknown",
                    Severity.MEDIUM,
                    text("android.subject-account", name=account.name, type=account.type),
                    (
                        Evidence(
                            source,
                            fields={
                                how_sure: text("android.sure-account-unknown"),
                                text("android.label-account"): account.name,
                                text("android.label-type"): account.type,
                            },
                        ),
                    ),
                )
        return
    by_kind: dict[str, list[str]] = {}
    for account in artifacts.accounts:
        if account.type in MAIN_ACCOUNTS:
            by_kind.setdefault(MAIN_ACCOUNTS[account.type], []).append(account.name)
    for kind, names in by_kind.items():
        if len(set(names)) > 1:
            yield Finding(
                "android.account.several",
                Severity.LOW,
                text("android.subject-several-accounts", count=len(set(names)), kind=text(kind)),
                (
                    Evidence(
                        source,
                        fields={
                            how_sure: text("android.sure-several-accounts"),
                            text("android.label-accounts"): ", ".join(sorted(set(names))),
                        },
                    ),
                ),
            )
