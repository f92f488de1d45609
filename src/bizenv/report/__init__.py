"""Reports: one region's deadlines, case compliance, quantity targets and ranking, as text, markdown or HTML."""

from __future__ import annotations

from bizenv.report.html import render_html
from bizenv.report.model import Report, build_report, synthetic_report
from bizenv.report.sections import ReportView, view
from bizenv.report.text import render_markdown, render_text

FORMATS = ("text", "markdown", "html")


def render(report: Report, fmt: str = "text") -> str:
    """The report in the current locale (:func:`bizenv.i18n.set_locale`) as ``text``, ``markdown`` or ``html``."""
    shown = view(report)
    if fmt == "html":
        return render_html(shown)
    if fmt == "markdown":
        return render_markdown(shown)
    if fmt == "text":
        return render_text(shown)
    raise ValueError(f"report format {fmt!r} is not one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "Report",
    "ReportView",
    "build_report",
    "render",
    "render_html",
    "render_markdown",
    "render_text",
    "synthetic_report",
    "view",
]
