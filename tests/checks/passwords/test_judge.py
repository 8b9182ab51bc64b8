"""The password judgements: severities, subjects and evidence, from records alone."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from checks.passwords.grouping import group_by_password, group_by_stem, stem
from checks.passwords.judge.breaches import judge_breaches
from checks.passwords.judge.exposures import judge_exposures
from checks.passwords.judge.reuse import judge_reuse
from checks.passwords.judge.strength import judge_weak
from checks.passwords.records import AccountBreaches, Breach, Exposure, PasswordEntry, StrengthRating
from checks.passwords.sources.hibp_accounts import breach_of
from checks.passwords.sources.typed import MAX_TYPED, typed_passwords
from cybercheck.advice import all_advice
from cybercheck.pipeline.model import Severity
from cybercheck.secrets import Secret


def entry(site: str, user: str, password: str, n: int = 1) -> PasswordEntry:
    return PasswordEntry(site=site, username=user, password=Secret(password), source="test export", position=n)


def _breach(**kw) -> Breach:  # type: ignore[no-untyped-def]
    base = {
        "name": "X", "title": "X", "domain": "x.example", "breach_date": date(2020, 1, 2),
        "added": None, "pwn_count": 10, "data_classes": ("Email addresses",),
    }
    base.update(kw)
    return Breach(**base)  # type: ignore[arg-type]


def test_exposure_severity_follows_count_reuse_and_email() -> None:
    shop = entry("shop.example", "al", "pw")
    cases = [
        (Exposure((shop,), 3, "t"), Severity.MEDIUM),
        (Exposure((shop,), 100, "t"), Severity.HIGH),
        (Exposure((entry("mail.yahoo.com", "al", "pw"),), 1, "t"), Severity.HIGH),
        (Exposure((shop, entry("club.example", "al", "pw")), 1, "t"), Severity.HIGH),
    ]
    for exposure, severity in cases:
        (finding,) = judge_exposures([exposure])
        assert finding.severity is severity
    assert list(judge_exposures([Exposure((shop,), 0, "t")])) == []


def test_same_site_twice_is_not_reuse() -> None:
    twice = [entry("shop.example", "al", "pw", 1), entry("shop.example", "al", "pw", 2)]
    assert list(judge_reuse(group_by_password(twice))) == []
    spread = twice + [entry("gmail.com", "al", "pw", 3)]
    (finding,) = judge_reuse(group_by_password(spread))
    assert finding.severity is Severity.HIGH and "2 accounts" in finding.subject


def test_similar_passwords_need_a_real_stem() -> None:
    assert stem("Summer2024!") == "Summer" and stem("abc1") == "abc"
    short = [entry("a.example", "u", "abc1"), entry("b.example", "u", "abc2")]
    assert group_by_stem(short) == []
    same = [entry("a.example", "u", "Summer2024!"), entry("b.example", "u", "Summer2024!")]
    assert group_by_stem(same) == []  # identical passwords are reuse, not "similar"
    near = [entry("a.example", "u", "Summer2023!"), entry("b.example", "u", "Summer2024!")]
    (finding,) = judge_reuse(group_by_stem(near), similar=True)
    assert finding.severity is Severity.MEDIUM


def test_weak_rating_severity() -> None:
    def rating(score: int, site: str = "forum.example") -> StrengthRating:
        return StrengthRating((entry(site, "u", "pw"),), score, "A hint.", ("Add words.",), "3 minutes", "zxcvbn")

    assert [f.severity for f in judge_weak([rating(0), rating(1), rating(2), rating(1, "outlook.com")])] == [
        Severity.MEDIUM,
        Severity.LOW,
        Severity.MEDIUM,
    ]


def test_breach_severity_and_lower_concern() -> None:
    found = AccountBreaches(
        "a@example.com",
        (
            _breach(data_classes=("Email addresses", "Passwords")),
            _breach(data_classes=("Email addresses", "Physical addresses")),
            _breach(),
            _breach(data_classes=("Passwords",), verified=False),
            _breach(spam_list=True),
            _breach(fabricated=True, data_classes=("Passwords",)),
        ),
    )
    got = [(f.code, f.severity) for f in judge_breaches([found])]
    assert got == [
        ("passwords.breach.found", Severity.HIGH),
        ("passwords.breach.found", Severity.MEDIUM),
        ("passwords.breach.found", Severity.LOW),
        ("passwords.breach.found", Severity.MEDIUM),
        ("passwords.breach.low-concern", Severity.INFO),
        ("passwords.breach.low-concern", Severity.INFO),
    ]


def test_every_code_the_judgements_emit_has_advice() -> None:
    shared = (entry("gmail.com", "u", "Summer2023!"), entry("b.example", "u", "Summer2023!"), entry("c.example", "u", "Summer2024!"))
    findings = [
        *judge_exposures([Exposure(shared[:1], 5, "t")]),
        *judge_reuse(group_by_password(shared)),
        *judge_reuse(group_by_stem(shared), similar=True),
        *judge_weak([StrengthRating(shared[:1], 0, "", (), "", "zxcvbn")]),
        *judge_breaches([AccountBreaches("a@example.com", (_breach(), _breach(spam_list=True)))]),
    ]
    codes = {f.code for f in findings}
    assert len(codes) == 6
    assert codes <= set(all_advice())


def test_typed_passwords_stop_at_an_empty_answer_or_the_limit() -> None:
    answers = iter([Secret("a"), Secret("b"), Secret("")])
    assert [e.label for e in typed_passwords(lambda prompt: next(answers))] == ["typed password 1", "typed password 2"]
    assert typed_passwords(lambda prompt: None) == []
    assert len(typed_passwords(lambda prompt: Secret("x"))) == MAX_TYPED


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(["Name", "Title", "BreachDate", "AddedDate", "PwnCount", "DataClasses", "IsVerified", "IsSpamList"]), json_values))
def test_any_breach_json_gives_a_breach(item: dict) -> None:  # type: ignore[type-arg]
    got = breach_of(item)
    list(judge_breaches([AccountBreaches("a@example.com", (got,))]))
