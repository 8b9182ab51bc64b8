"""The weekly counts as a small bar chart in inline SVG: no script, prints as drawn, readable on a phone."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from checks.timeline.output.words import number, say

WIDTH = 720
HEIGHT = 160
AXIS = 26  # room under the bars for the year labels
TOP = 18


def weekly_svg(weeks: list[tuple[date, int]]) -> str:
    """An <svg> of one bar per week; each bar has a <title> with its week and count."""
    if not weeks:
        return ""
    most = max(count for _, count in weeks) or 1
    step = WIDTH / len(weeks)
    gap = step * 0.15 if step > 3 else 0.0
    usable = HEIGHT - AXIS - TOP
    first, last = weeks[0][0], weeks[-1][0]
    peak_week = max(weeks, key=lambda item: item[1])[0]
    caption = say(
        "summary.chart_caption",
        first=f"{first:%d %b %Y}",
        last=f"{last:%d %b %Y}",
        most=number(most),
        week=f"{peak_week:%d %b %Y}",
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="xMinYMid meet" role="img" '
        f'aria-label="{escape(caption, {chr(34): "&quot;"})}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="0" y1="{HEIGHT - AXIS}" x2="{WIDTH}" y2="{HEIGHT - AXIS}" class="axis"/>',
        f'<text x="0" y="{TOP - 3}" class="tick">{number(most)}</text>',
    ]
    for index, (week, count) in enumerate(weeks):
        if count:
            height = max(1.0, usable * count / most)
            x = index * step + gap / 2
            label = escape(say("summary.chart_label", count=number(count), week=f"{week:%d %b %Y}"))
            parts.append(
                f'<rect x="{x:.2f}" y="{HEIGHT - AXIS - height:.2f}" width="{max(step - gap, 0.6):.2f}" '
                f'height="{height:.2f}"><title>{label}</title></rect>'
            )
    parts.extend(_year_ticks(weeks, step))
    parts.append("</svg>")
    return "".join(parts)


def _year_ticks(weeks: list[tuple[date, int]], step: float) -> list[str]:
    """A label under the first week of each year, or of each month when the record is short."""
    monthly = len(weeks) <= 26
    ticks = []
    previous: tuple[int, int] | None = None
    last_x = -100.0
    for index, (week, _) in enumerate(weeks):
        key = (week.year, week.month if monthly else 0)
        if key == previous:
            continue
        previous = key
        x = index * step
        if x - last_x < 80 or x > WIDTH - 40:  # keep labels apart, and inside the picture
            continue
        last_x = x
        label = f"{week:%b %Y}" if monthly or index == 0 else f"{week:%Y}"
        ticks.append(
            f'<line x1="{x:.2f}" y1="{HEIGHT - AXIS}" x2="{x:.2f}" y2="{HEIGHT - AXIS + 4}" class="axis"/>'
        )
        ticks.append(f'<text x="{x:.2f}" y="{HEIGHT - 6}" class="tick">{label}</text>')
    return ticks
