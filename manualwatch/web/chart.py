"""A small bar chart of changes per month, as plain SVG data for a template (no script, no
inline style: bars are positioned by attributes and coloured by the CSS file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, TOP, BOTTOM = 600, 160, 16, 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # 'Jun 2026'
    count: int


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_bars(counts: list[tuple[str, int]], last: int = 12) -> list[Bar]:
    """Bars for the `last` months up to the latest month with changes (gaps shown as 0)."""
    if not counts:
        return []
    by_month = dict(counts)
    months = _months(min(by_month), max(by_month))[-last:]
    peak = max(by_month.get(m, 0) for m in months) or 1
    slot = WIDTH / len(months)
    bars = []
    for i, month in enumerate(months):
        count = by_month.get(month, 0)
        height = (HEIGHT - TOP - BOTTOM) * count / peak
        label = f"{date.fromisoformat(month + '-01'):%b %Y}"
        bars.append(Bar(x=round(i * slot + slot * 0.15, 1), y=round(HEIGHT - BOTTOM - height, 1),
                        width=round(slot * 0.7, 1), height=round(height, 1), label=label,
                        count=count))
    return bars
