"""Server-rendered SVG charts: readable without JavaScript, each with a table beside it.

The SVG is drawn with presentation attributes only (no style, no script), so the page's
Content-Security-Policy allows it inline. Every text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
BAR = 22
GAP = 10
LABEL_WIDTH = 300
COLORS = ("#1d4f91", "#2e7d32", "#b26a00")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not shown (a group too small), the note is written instead
    text: str  # the value as the page writes it ("85 %", "12"); for a hidden bar, its own note


def _svg(chart_id: str, title: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title" id="{chart_id}" font-family="sans-serif" '
        f'font-size="13">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
    )
    # Every text and attribute above was escaped or is a number we computed.
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704  # nosec B704


def _label(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, maximum: float, note: str) -> Markup:
    """Horizontal bars, one a row, the value written after each bar (`note` for a hidden one)."""
    height = max(1, len(bars)) * (BAR + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    body = []
    for row, bar in enumerate(bars):
        y = GAP + row * (BAR + GAP)
        middle = y + BAR / 2 + 4
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.0f}" text-anchor="end" fill="#1a1a1a">'
            f"<title>{escape(bar.label)}</title>{escape(_label(bar.label))}</text>"
        )
        if bar.value is None:
            body.append(
                f'<text x="{LABEL_WIDTH}" y="{middle:.0f}" fill="#555" font-style="italic">'
                f"{escape(bar.text or note)}</text>"
            )
            continue
        width = 0 if maximum <= 0 else max(1.0, span * bar.value / maximum)
        body.append(
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR}" '
            f'fill="{COLORS[0]}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
        )
        body.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle:.0f}" fill="#1a1a1a">'
            f"{escape(bar.text)}</text>"
        )
    return _svg(chart_id, title, height, body)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # one per category; None: not shown


def column_chart(
    chart_id: str, title: str, categories: list[str], series: list[Series], *, note: str
) -> Markup:
    """Grouped columns (e.g. received and answered per month), with a legend on top."""
    height = 260
    top, bottom, left = 40, 30, 40
    plot = height - top - bottom
    maximum = max([v for s in series for v in s.values if v is not None] + [1])
    slot = (WIDTH - left - 10) / max(1, len(categories))
    width = max(4.0, (slot - 8) / max(1, len(series)))
    body = []
    for index, one in enumerate(series):
        x = left + index * 170
        body.append(
            f'<rect x="{x}" y="8" width="14" height="14" fill="{COLORS[index % len(COLORS)]}"/>'
            f'<text x="{x + 20}" y="20" fill="#1a1a1a">{escape(one.name)}</text>'
        )
    body.append(
        f'<line x1="{left}" y1="{top + plot}" x2="{WIDTH - 10}" y2="{top + plot}" '
        f'stroke="#888"/>'
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="#555">{maximum:g}</text>'
        f'<text x="{left - 6}" y="{top + plot}" text-anchor="end" fill="#555">0</text>'
    )
    for column, category in enumerate(categories):
        x0 = left + column * slot + 4
        hidden = all(s.values[column] is None for s in series)
        for index, one in enumerate(series):
            value = one.values[column]
            if value is None:
                continue
            bar_height = plot * value / maximum
            x = x0 + index * width
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{top + plot - bar_height:.1f}" '
                f'width="{width - 1:.1f}" height="{bar_height:.1f}" '
                f'fill="{COLORS[index % len(COLORS)]}">'
                f"<title>{escape(category)}, {escape(one.name)}: {value:g}</title></rect>"
            )
        label = f"{escape(category)}" + ("*" if hidden else "")
        body.append(
            f'<text x="{x0 + (slot - 8) / 2:.1f}" y="{height - 10}" text-anchor="middle" '
            f'fill="#1a1a1a">{label}</text>'
        )
    if any(all(s.values[c] is None for s in series) for c in range(len(categories))):
        body.append(
            f'<text x="{WIDTH - 10}" y="20" text-anchor="end" fill="#555" '
            f'font-style="italic">* {escape(note)}</text>'
        )
    return _svg(chart_id, title, height, body)
