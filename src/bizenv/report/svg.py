"""Horizontal bar charts as inline SVG: no scripts, no fonts or files fetched, readable without CSS.

The drawing is :func:`bizenv.tables.svg_bars`, which result objects' ``chart()`` draws too: a notebook and the
report show the same picture.
"""

from __future__ import annotations

from bizenv.report.sections import Chart
from bizenv.tables import svg_bars


def bar_chart(chart: Chart) -> str:
    return svg_bars(chart.title, chart.bars, chart.scale)
