"""The report as one self-contained HTML file: inline CSS and SVG, no scripts, nothing fetched."""

from __future__ import annotations

from html import escape

from bizenv.i18n import _, get_locale
from bizenv.layout import isolated
from bizenv.report.sections import ReportView
from bizenv.views import html_section

# Printed (@media print), every table is whole (a folded one opens: ::details-content), its header row repeats on
# each page, no row is cut across two pages, and wide tables wrap their cells to stay within an A4 page.
_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans","Microsoft YaHei","PingFang SC",sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1d2733;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:2px solid #2e6da4}
.sub{color:#555;margin-top:0}.banner{background:#fff4d6;border:1px solid #e0b44c;padding:.6rem 1rem;margin:1rem 0}
.figures{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.figure{border:1px solid #d5dde6;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.figure .v{font-size:1.5rem;font-weight:600}.figure.flag .v{color:#c0392b}.figure .l{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.92rem}
th,td{border:1px solid #d5dde6;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef3f8}tr.flag td{background:#fdecea}details summary{cursor:pointer;color:#2e6da4;margin:.4rem 0}
svg.chart{max-width:100%;height:auto;display:block;margin:.6rem 0;direction:ltr}
[dir=rtl] th,[dir=rtl] td{text-align:right}
@media print{
@page{size:A4;margin:14mm 12mm}
body{max-width:none;margin:0;padding:0;font-size:9pt;line-height:1.3}
h2{break-after:avoid;margin-top:1.2rem}section{break-inside:auto}
details::details-content{content-visibility:visible;display:block}
details>summary{display:none}
table{width:100%;font-size:8pt;break-inside:auto}
thead{display:table-header-group}
tr,th,td,.figure,svg.chart{break-inside:avoid}
td,th{overflow-wrap:break-word;padding:.15rem .3rem}td:first-child{white-space:nowrap}
th,tr.flag td,.banner{print-color-adjust:exact;-webkit-print-color-adjust:exact}
svg.chart{max-height:120mm}
}
"""


def render_html(view: ReportView) -> str:
    """The report as one self-contained HTML page."""
    locale = get_locale()
    lang = {"zh_Hans": "zh-Hans", "en": "en", "ug": "ug"}.get(locale, locale)
    direction = "rtl" if locale == "ug" else "ltr"
    inputs = escape(_("Inputs: {inputs}")).format(inputs=isolated(view.inputs))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(view.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(view.title)}</h1>",
        f'<p class="sub">{escape(view.subtitle)} · {inputs}</p>',
    ]
    if view.synthetic:
        banner = _("Synthetic data: this report shows made-up inputs, not observations.")
        out.append(f'<div class="banner"><strong>{escape(banner)}</strong></div>')
    out.append('<div class="figures">')
    for f in view.figures:
        cls = "figure flag" if f.flagged else "figure"
        out.append(
            f'<div class="{cls}"><div class="v">{isolated(f.value)}</div><div class="l">{escape(f.label)}</div></div>'
        )
    out.append("</div>")
    out += [html_section(section) for section in view.sections]
    out.append("</body></html>")
    return "\n".join(out) + "\n"
