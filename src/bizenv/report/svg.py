"""Horizontal bar charts as inline SVG: no scripts, no fonts or files fetched, readable without CSS.

The drawing is :func:`bizenv.tables.svg_bars`, which result objects' ``chart()`` draws too: a notebook and the
report show the same picture.
"""

from __future__ import annotations

from bizenv.report.sections import Chart
from bizenv.tables import Bar, svg_bars


def bar_chart(chart: Chart) -> str:
    bars = [Bar(b.label, b.value, b.shown, b.flagged) for b in chart.bars]
    return svg_bars(chart.title, bars, chart.scale)
