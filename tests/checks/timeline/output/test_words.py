"""Every key the record says exists in checks/timeline/output/words.yaml, and every word there is used."""

from __future__ import annotations

import re
from pathlib import Path

from cybercheck.pipeline.words import area_words

CODE = [
    *Path("checks/timeline/output").glob("*.py"),
    Path("cybercheck/cli/timeline.py"),
    Path("cybercheck/web/pages/record.py"),
    Path("cybercheck/web/templates/timeline.html.j2"),
    *Path("cybercheck/report/templates").glob("timeline*.j2"),
]
SAID = re.compile(r"""say\(\s*["']([a-z0-9_.-]*[a-z0-9_-])["']""")
PREFIXED = re.compile(
    r"""say\(\s*f?["']([a-z_]+)\.["']?\s*(?:~|\+|\{)"""
)  # say("use." ~ key), say(f"how.{...}")


def _words() -> dict[str, str]:
    return dict(area_words("timeline-record").get("text", {}))


def test_every_key_said_has_words() -> None:
    words = _words()
    missing = [
        f"{path}: {key}"
        for path in CODE
        for key in SAID.findall(path.read_text(encoding="utf-8"))
        if key not in words
    ]
    assert not missing


def test_every_word_is_used() -> None:
    words = _words()
    text = "\n".join(path.read_text(encoding="utf-8") for path in CODE)
    direct = set(SAID.findall(text)) | set(re.findall(r"""["']([a-z_]+\.[a-z0-9_.-]+)["']""", text))
    prefixes = {m + "." for m in PREFIXED.findall(text)} | {"csv.", "what.", "how.", "use."}
    unused = [key for key in words if key not in direct and not any(key.startswith(p) for p in prefixes)]
    assert not unused, unused
