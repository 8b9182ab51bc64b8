"""Whatever a record holds (lone surrogates, control characters, right-to-left marks, huge fields, markup),
every renderer takes it without failing, the HTML stays whole, and the saved bytes are valid UTF-8."""

from __future__ import annotations

from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cybercheck.pipeline.model import CheckResult, Evidence, Finding, Problem, Severity
from cybercheck.report import FORMATS, renderer
from cybercheck.report.build import build_report

WHEN = datetime(2026, 12, 1, tzinfo=timezone.utc)
HOSTILE = [
    "\ud800 lone surrogate \udfff",
    "\x00\x07\x1b[31mred\x1b[0m\r\n",
    "\u202eevil.exe\u202c \u200f\u2066",
    "</td></tr></table><script>alert(1)</script><!--",
    "x" * 1_000_000,
    "[" * 100_000 + "]" * 100_000,  # raw provider JSON nested past Python's stack (found by the harness)
]


def report_holding(value: str):  # type: ignore[no-untyped-def]
    finding = Finding("mail.rule.forwards-external", Severity.HIGH, value,
                      (Evidence(source=value, when=WHEN, fields={value[:50] or "k": value}),))
    result = CheckResult(check_id="mail.takeout", title=value, area="accounts", started=WHEN, finished=WHEN,
                         findings=(finding,), looked_at=(value,), gaps=(value,), problem=Problem(value, detail=value))
    return build_report([result], generated_at=WHEN, country="GB")


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"


@pytest.mark.parametrize("value", HOSTILE, ids=["surrogates", "controls", "bidi", "markup", "huge", "nested-json"])
@pytest.mark.parametrize("name", FORMATS)
def test_every_renderer_takes_hostile_content(name: str, value: str) -> None:
    out = renderer(name)(report_holding(value))
    out.encode("utf-8")  # what is saved or printed must encode
    if name == "html":
        parser = _Balance()
        parser.feed(out)
        assert parser.scripts == 0 and "<script>alert" not in out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200))
def test_any_text_renders_in_every_format(value: str) -> None:
    report = report_holding(value)
    for name in FORMATS:
        renderer(name)(report).encode("utf-8")
