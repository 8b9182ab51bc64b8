"""How often the threat phrase list fires on ordinary chats: `python bench/timeline_phrases.py FOLDER`.

Reads every WhatsApp export (.txt, .zip) under FOLDER with the timeline's own reader and runs the
phrase lists (checks/timeline/data/threat-phrases.yaml) over every message. Prints messages read,
matches (with the list entry and where, so each can be looked at) and the rates per message and
per chat. Run it on chats known to be benign: every match is a false positive.
"""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from checks.timeline.judge.phrases import first_match, load
from checks.timeline.sources.base import Reading
from checks.timeline.sources.whatsapp import read_whatsapp


def main(folder: Path) -> None:
    threats, mentions = load()
    messages = chats = 0
    hits: list[tuple[str, str, str, str]] = []
    chats_hit: set[Path] = set()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".txt", ".zip"):
            continue
        reading = Reading.of(path, "whatsapp")
        try:
            events = list(read_whatsapp(path, reading, local=ZoneInfo("UTC")))
        except Exception:  # noqa: BLE001 - a file that is not a chat is skipped
            continue
        if not events:
            continue
        chats += 1
        for event in events:
            messages += 1
            for kind, phrases in (("threat", threats), ("mention", mentions)):
                found = first_match(event.content, phrases)
                if found is not None:
                    hits.append((kind, found.id, path.name, event.source.locator))
                    chats_hit.add(path)
                    break
    out = sys.stdout
    out.write(f"{chats} chats, {messages:,} messages\n")
    for kind in ("threat", "mention"):
        found = [h for h in hits if h[0] == kind]
        out.write(f"{kind} matches: {len(found)} ({len(found) / max(messages, 1):.6%} of messages)\n")
    out.write(f"chats with any match: {len(chats_hit)} ({len(chats_hit) / max(chats, 1):.2%})\n")
    for kind, phrase, name, where in hits:
        out.write(f"  {kind} {phrase}: {name}, {where}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
