"""The judgement: counts, marks, bursts, rising weeks, new routes, phrase lists (and benign chats)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.timeline.api import TimelineInput, build_timeline, contact
from checks.timeline.identity import Matcher, normalise
from checks.timeline.judge.phrases import first_match, load
from checks.timeline.sources.base import Reading
from checks.timeline.sources.whatsapp import read_whatsapp

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline"
UTC = ZoneInfo("UTC")
START = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)  # a Monday


def chat(tmp_path: Path, lines: list[tuple[datetime, str, str]]) -> Path:
    path = tmp_path / "WhatsApp Chat with Alex.txt"
    path.write_text(
        "".join(f"{w:%d/%m/%Y, %H:%M} - {who}: {text}\n" for w, who, text in lines), encoding="utf-8"
    )
    return path


def run(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return build_timeline(
        [TimelineInput("whatsapp", path, owner=("Sam",), date_order="dmy")],
        contact("Alex", ["Alex"]),
        local=UTC,
        **kwargs,
    )  # type: ignore[arg-type]


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in result.findings]


def test_counts_first_last_night_and_weeks(tmp_path: Path) -> None:
    lines = [(START + timedelta(days=d, hours=h), "Alex", "hi") for d in range(10) for h in (0, 11)]
    lines.append((START + timedelta(days=3), "Sam", "hello"))
    result = run(chat(tmp_path, lines))
    stats = result.stats
    assert (stats.incoming, stats.outgoing, stats.days, stats.active_days) == (20, 1, 10, 10)
    assert stats.night == 10  # 23:00 each day
    assert list(stats.per_week.values()) == [14, 6]
    assert stats.first == START and stats.identifiers == ("Alex",)
    assert "timeline.contact.night" in codes(result) and "timeline.contact.summary" in codes(result)


def test_contact_after_asked_to_stop_and_new_number(tmp_path: Path) -> None:
    lines = [(START + timedelta(days=d), "Alex", "hi") for d in range(5)]
    lines.append((START + timedelta(days=6), "Alex 2", "it's me"))
    path = chat(tmp_path, lines)
    result = build_timeline(
        [TimelineInput("whatsapp", path, date_order="dmy")],
        contact("Alex", ["Alex", "Alex 2"]),
        asked_to_stop=START + timedelta(days=2, hours=1),
        local=UTC,
    )
    assert result.stats.after_stop == 3
    assert "timeline.contact.after-stop" in codes(result)
    new = [p for p in result.escalation if p.key == "timeline.escalation.new-identifier"]
    assert [p.fields["identifier"] for p in new] == ["Alex 2"]
    assert "timeline.contact.new-route" in codes(result)


def test_ten_unanswered_calls_in_an_hour(tmp_path: Path) -> None:
    lines = [(START + timedelta(minutes=5 * i), "Alex", "\u200eMissed voice call") for i in range(10)]
    result = run(chat(tmp_path, lines))
    assert result.stats.max_in_hour == 10
    assert "timeline.contact.repeated" in codes(result)


def test_a_reply_breaks_the_run(tmp_path: Path) -> None:
    lines = [(START + timedelta(minutes=5 * i), "Alex", "\u200eMissed voice call") for i in range(9)]
    lines.append((START + timedelta(minutes=46), "Sam", "I'm busy"))
    lines.append((START + timedelta(minutes=50), "Alex", "\u200eMissed voice call"))
    result = run(chat(tmp_path, lines))
    assert "timeline.contact.repeated" not in codes(result)


def test_rising_weeks(tmp_path: Path) -> None:
    quiet = [(START + timedelta(weeks=w, days=d), "Alex", "hi") for w in range(4) for d in (0, 3)]
    busy = [
        (START + timedelta(weeks=4 + w, days=d, hours=h), "Alex", "hi")
        for w in range(4)
        for d in range(7)
        for h in (0, 1)
    ]
    result = run(chat(tmp_path, quiet + busy))
    (rising,) = [p for p in result.escalation if p.key == "timeline.escalation.rising"]
    assert rising.fields["week"] == (START + timedelta(weeks=4)).date().isoformat()
    assert "timeline.contact.rising" in codes(result)


def test_threat_words_are_listed_for_reading_never_stated(tmp_path: Path) -> None:
    lines = [
        (START, "Alex", "I know where you live"),
        (START + timedelta(hours=1), "Alex", "see you at lunch"),
        (START + timedelta(hours=2), "Alex", "I\u2019ll make you pay for this"),
        (START + timedelta(hours=3), "Sam", "I'll kill you if you eat my cake"),
    ]  # the user's own words: not counted
    result = run(chat(tmp_path, lines))
    assert [t.phrase_id for t in result.threats] == ["en.watching", "en.warning"]
    (finding,) = [f for f in result.findings if f.code == "timeline.contact.threat-words"]
    assert "may contain threats" in finding.subject
    assert [e.fields["where"] for e in finding.evidence] == ["line 1", "line 3"]


def test_mentions_of_work_and_home(tmp_path: Path) -> None:
    result = run(chat(tmp_path, [(START, "Alex", "I was outside your work today")]))
    assert [m.phrase_id for m in result.mentions] == ["en.places"]


@pytest.mark.parametrize(
    "text",
    [
        "I'm gonna beat you at chess",
        "you'll regret not coming to the party",
        "I know where you are coming from",
        "I followed you on insta",
        "ich werde dich vermissen",
        "ich werde dich um 5 abholen",
        "ik maak je blij",
        "te voy a matar de la risa",
        "I'll send the photos tomorrow",
        "this is killing me",
        "I'll tell your mum you said hi",
    ],
)
def test_ordinary_sentences_do_not_match(text: str) -> None:
    threats, mentions = load()
    assert first_match(text, threats) is None and first_match(text, mentions) is None


def test_no_threat_words_in_the_real_benign_samples() -> None:
    threats, mentions = load()
    for path in sorted((SAMPLES / "whatsapp").iterdir()):
        reading = Reading.of(path, "whatsapp")
        for event in read_whatsapp(path, reading, local=UTC):
            assert first_match(event.content, threats) is None, event.source
            assert first_match(event.content, mentions) is None, event.source


def test_identifiers_match_in_their_usual_forms() -> None:
    person = Matcher(("+44 7700 900123", "Ex@Example.com"))
    assert person("07700 900123") and person("+447700900123") and person("ex@example.com")
    assert not person("+447700900124") and not person("")
    assert normalise("0044 7700 900123") == "+447700900123"


def test_suggestions_come_from_the_phone_contact_name() -> None:
    result = build_timeline(
        [TimelineInput("sms-backup", SAMPLES / "sms" / "sms-20240115.xml")],
        contact("Alex", ["+447700900123"]),
    )
    assert result.stats.incoming == 2 and result.stats.outgoing == 1
    assert result.suggestions == ()  # "Alex work" is another name, so it is not offered as Alex
    named = build_timeline(
        [TimelineInput("sms-backup", SAMPLES / "sms" / "sms-20240115.xml")],
        contact("Alex work", ["+447700900123"]),
    )
    assert named.suggestions[0].identifiers == ("07700900456",)


def test_findings_never_say_what_the_person_is_or_will_do() -> None:
    import yaml

    words = Path(__file__).resolve().parents[3] / "checks" / "timeline"
    text = (words / "advice.yaml").read_text(encoding="utf-8") + (words / "words.yaml").read_text(
        encoding="utf-8"
    )
    for banned in (
        "is a stalker",
        "will hurt you",
        "is dangerous",
        "you are safe",
        "will attack",
        "is harassing you",
    ):
        assert banned not in text.lower()
    assert yaml.safe_load((words / "advice.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "pattern",
    [
        "i(?:'ll| will) (?:end|finish) you",
        "you(?:'re| are) (?:a )?dead (?:man|woman)",
        "ich (?:bring|bringe) dich (?:noch )?um|ich werde dich umbringen",
        "so dove abiti|ti ammazzo",
        r"x\w+y",
    ],
)
def test_required_words_are_in_every_match(pattern: str) -> None:
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from checks.timeline.judge.literals import required_literals

    needed = required_literals(pattern)

    @settings(max_examples=50, deadline=None)
    @given(st.from_regex(re.compile(pattern), fullmatch=True))
    def every_match(text: str) -> None:
        assert not needed or any(word in text for word in needed)

    every_match()


def test_every_phrase_example_passes_its_own_gate() -> None:
    threats, mentions = load()
    for text in (
        "I know where you live",
        "you're a dead man",
        "i'll make you pay",
        "ti ammazzo",
        "everyone's going to see your nudes",
        "I was outside your work today",
    ):
        assert first_match(text, threats + mentions) is not None, text


def test_contacts_to_pick_from() -> None:
    from checks.timeline.api import list_contacts

    seen, gaps = list_contacts(
        [
            TimelineInput("sms-backup", SAMPLES / "sms" / "sms-20240115.xml"),
            TimelineInput("sms-backup", SAMPLES / "sms" / "calls-20240115.xml"),
        ]
    )
    assert not gaps
    assert [(s.identifier, s.names, s.count) for s in seen] == [
        ("+447700900123", ("Alex",), 7),
        ("07700 900456", ("Alex work",), 1),
    ]


def test_gate_finds_strings_inside_other_strings(tmp_path: Path) -> None:
    from checks.timeline.judge.phrases import Gate, Phrase, _index

    def phrase(name: str, pattern: str, strings: tuple[str, ...]) -> Phrase:
        import re

        return Phrase(name, "en", "test", re.compile(pattern), Gate(frozenset(), strings))

    phrases = (
        phrase("a", "parked outside", ("parked outside",)),
        phrase("b", "outside", ("outside",)),
        phrase("c", "je vais te", ("je vais te",)),
        phrase("d", "je vais te buter", ("je vais te buter",)),
    )
    assert first_match("he parked outside", phrases[1:2] + phrases[:1]).id == "b"  # type: ignore[union-attr]
    assert first_match("je vais te buter", phrases[2:]).id == "c"  # type: ignore[union-attr]
    assert _index(phrases).strings is not None


def test_nothing_is_new_when_there_was_no_contact_before_the_date(tmp_path: Path) -> None:
    lines = [(START + timedelta(days=d), "Alex", "hi") for d in range(3)]
    path = chat(tmp_path, lines)
    result = build_timeline(
        [TimelineInput("whatsapp", path, date_order="dmy")],
        contact("Alex", ["Alex"]),
        blocked=START - timedelta(days=1),
        local=UTC,
    )
    assert result.stats.after_block == 3 and "timeline.contact.after-stop" in codes(result)
    assert "timeline.contact.new-route" not in codes(result)
    summary = next(f for f in result.findings if f.code == "timeline.contact.summary")
    assert (
        summary.subject == "3 contacts from Alex between 2024-01-01 and 2024-01-03 (3 days), through whatsapp"
    )


def test_contact_before_the_date_read_after_what_followed_it_is_not_new(tmp_path: Path) -> None:
    """A later file (or a backup written newest first) may hold the contact from before the date."""
    stop = START + timedelta(days=10)
    after, before = tmp_path / "after", tmp_path / "before"
    after.mkdir()
    before.mkdir()
    late = chat(after, [(stop + timedelta(days=d), "Alex", "hi") for d in range(1, 4)])
    early = chat(before, [(START + timedelta(days=d), "Alex", "hi") for d in range(3)])
    result = build_timeline(
        [
            TimelineInput("whatsapp", late, date_order="dmy"),
            TimelineInput("whatsapp", early, date_order="dmy"),
        ],
        contact("Alex", ["Alex"]),
        asked_to_stop=stop,
        local=UTC,
    )
    assert result.stats.after_stop == 3
    assert [p.key for p in result.escalation if ".new-" in p.key] == []
    assert "timeline.contact.new-route" not in codes(result)


def _vocabulary() -> list[str]:
    from checks.timeline.judge.phrases import _index

    threats, mentions = load()
    index = _index(threats + mentions)
    strings = {s for s, _ in index.by_string}
    words = {w for s in strings for w in s.split(" ")} | set(index.by_word)
    sayings = {"i know where you live", "you're a dead man", "i'll make you pay", "outside your work"}
    return sorted(strings | words | sayings | {"i", "you", "me", "'", "ll", "a", "the", "x"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_vocabulary()) | st.text(max_size=4), max_size=12), st.booleans())
def test_the_gates_find_what_trying_every_phrase_finds(words: list[str], glued: bool) -> None:
    """The index only skips phrases that cannot match: any text gets the phrase trying each in turn gets."""
    from checks.timeline.judge.phrases import first_match_number, normalise

    threats, mentions = load()
    phrases = threats + mentions
    plain = normalise(("" if glued else " ").join(words))
    expected = next((n for n, p in enumerate(phrases) if p.pattern.search(plain)), None) if plain else None
    assert first_match_number(plain, phrases) == expected


@given(st.text(max_size=40) | st.text(st.characters(max_codepoint=127), max_size=40))
def test_plain_text_is_normalised_as_any_text_is(text: str) -> None:
    """The quicker way for ASCII text gives what case-folding and the apostrophe table give."""
    import re

    from checks.timeline.judge.phrases import _APOSTROPHES, normalise

    folded = re.sub(r"[^\w'\s]+", " ", text.casefold().translate(_APOSTROPHES))
    assert normalise(text) == " ".join(folded.split())
