"""The dashboard's changes-per-month chart: one bar per month, gaps as empty months."""

from __future__ import annotations

from manualwatch.web.chart import HEIGHT, month_bars


def test_bars_cover_every_month_and_scale_to_the_peak() -> None:
    bars = month_bars([("2026-06", 11), ("2026-09", 6)])
    assert [b.label for b in bars] == ["Jun 2026", "Jul 2026", "Aug 2026", "Sep 2026"]
    assert [b.count for b in bars] == [11, 0, 0, 6]
    assert bars[1].height == 0 and bars[0].height > bars[3].height > 0
    assert all(0 <= b.y <= HEIGHT for b in bars)


def test_only_the_last_months_and_nothing_when_empty() -> None:
    assert len(month_bars([("2024-01", 1), ("2026-12", 2)], last=12)) == 12
    assert month_bars([]) == []
