"""Horizontal bar charts as inline SVG: no scripts, no fonts or files fetched, readable without CSS."""

from __future__ import annotations

from html import escape

from bizenv.report.sections import Chart

ROW = 22
LABEL_WIDTH = 260
BAR_WIDTH = 360
VALUE_WIDTH = 90


def _clip(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(chart: Chart) -> str:
    height = ROW * len(chart.bars) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    scale = chart.scale or 1.0
    parts = [
        # Charts read left to right in every locale (numbers grow to the right), also inside right-to-left Uyghur pages.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" direction="ltr" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-label="{escape(chart.title)}">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for i, bar in enumerate(chart.bars):
        y = 4 + i * ROW
        length = max(0.0, min(bar.value / scale, 1.0)) * BAR_WIDTH
        colour = "#c0392b" if bar.flagged else "#2e6da4"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"<title>{escape(bar.label)}</title>{escape(_clip(bar.label))}</text>"
        )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW - 6}" fill="{colour}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" font-size="12">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)
