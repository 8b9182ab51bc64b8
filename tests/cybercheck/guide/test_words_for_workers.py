"""Words where support workers read them (the guide and the web app): no command-line flags, no
commands, no protocol names; raw provider data is never the first thing shown as evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cybercheck.pipeline.model import Evidence
from cybercheck.pipeline.plugins import installed_checks, load_check
from cybercheck.report import view

ROOT = Path(__file__).parents[3]
COMMAND_LINE = re.compile(r"(?<![\w-])--[a-z][a-z-]*|`cybercheck |\bcybercheck (login|guide|scan|checks|sweep|serve|case|report)\b")
PROTOCOLS = re.compile(r"ManageSieve|STARTTLS|GETSCRIPT")
CHECKS = [c for c in (load_check(e) for e in installed_checks()) if isinstance(c, type)]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_every_need_has_guided_words_without_flags_or_commands(check) -> None:  # type: ignore[no-untyped-def]
    for need in check.needs:
        words = check.how_guided(need)
        assert words and not COMMAND_LINE.search(words) and not PROTOCOLS.search(words), (check.id, words)


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.id)
def test_titles_and_what_a_check_looks_at_name_no_flags_or_protocols(check) -> None:  # type: ignore[no-untyped-def]
    for words in (check.title, check.looks_at):
        assert not COMMAND_LINE.search(words) and not PROTOCOLS.search(words), (check.id, words)


def test_the_guides_questions_name_no_flags() -> None:
    for name in ("questions.yaml", "concerns.yaml"):
        text = (ROOT / "cybercheck" / "guide" / name).read_text(encoding="utf-8")
        spoken = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert not COMMAND_LINE.search(spoken), name


def test_an_input_need_is_said_with_the_inputs_label() -> None:
    takeout = next(c for c in CHECKS if c.id == "mail.takeout")
    need = next(n for n in takeout.needs if n.kind == "input")
    assert takeout.how_guided(need) == "It needs the Google Takeout export."
    assert "--input takeout" in takeout.how(need)  # the command line keeps its own words


def test_raw_provider_data_is_shown_after_the_words_that_explain_it() -> None:
    raw = '{"shouldTrash": true, "query": "from:(accounts.google.com)"}'
    evidence = Evidence("Gmail", None, {"as the provider holds it": raw, "rule": "filter 2", "actions": "delete"})
    assert [k for k, _ in view.evidence_fields(evidence)] == ["rule", "actions", "as the provider holds it"]
    assert [k for k, _ in view.evidence_fields(Evidence("x", None, {"list": "[1, 2", "b": "c"}))] == ["list", "b"]


EVIDENCE_SOURCES = {"mail.sieve-source"}  # technical detail in evidence, not a sentence (docs/writing.md)
# Said only by `cybercheck timeline` on a terminal, or printed in the record for whoever checks its signature.
COMMAND_LINE_ONLY = ("timeline-record.errors.", "timeline-record.terminal.", "timeline-record.integrity.how_to_verify")


def test_in_a_guided_run_no_sentence_names_a_flag_or_a_command() -> None:
    from cybercheck.pipeline.words import area_words, areas, guided_words, template

    with guided_words():
        for area in areas():
            if area == "cybercheck":
                continue  # the engine's own fallbacks; guided sessions use Check.how_guided instead
            for name in area_words(area).get("text") or {}:
                key = f"{area}.{name}"
                words = template(key) or ""
                if key not in EVIDENCE_SOURCES and not key.startswith(COMMAND_LINE_ONLY):
                    assert not COMMAND_LINE.search(words) and not PROTOCOLS.search(words), (key, words)


def test_every_guided_sentence_has_a_command_line_form_with_the_same_fields() -> None:
    from cybercheck.pipeline.words import area_words, areas

    for area in areas():
        words = area_words(area)
        for name, guided in (words.get("text_guided") or {}).items():
            plain = (words.get("text") or {}).get(name)
            assert isinstance(plain, str), f"{area}.{name}"
            assert set(re.findall(r"{(\w+)}", guided)) <= set(re.findall(r"{(\w+)}", plain)), f"{area}.{name}"


def test_a_sentence_is_made_in_its_guided_form_only_inside_a_guided_run() -> None:
    from cybercheck.pipeline.words import guided_words, text

    assert "cybercheck login gmail" in text("mail.gmail-sign-in-expired")
    with guided_words():
        inside = text("mail.gmail-sign-in-expired")
    assert "cybercheck login" not in inside and "sign in to Gmail again" in inside
    assert "cybercheck login gmail" in text("mail.gmail-sign-in-expired")


def test_input_and_secret_labels_and_hints_name_no_flags_or_commands() -> None:
    from cybercheck.pipeline.words import area_words, areas

    for area in areas():
        for section in ("inputs", "secrets"):
            for name, words in (area_words(area).get(section) or {}).items():
                for part in ("label", "hint"):
                    said = str((words or {}).get(part, ""))
                    assert not COMMAND_LINE.search(said) and not PROTOCOLS.search(said), (area, name, said)
