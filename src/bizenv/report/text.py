"""The report for a terminal, and as markdown."""

from __future__ import annotations

from bizenv.i18n import _
from bizenv.layout import display_width, markdown_table, markdown_text, pad
from bizenv.report.sections import ReportView
from bizenv.views import markdown_section, text_section


def render_text(view: ReportView) -> str:
    """The report for a terminal."""
    lines = [view.title, view.subtitle, _("Inputs: {inputs}").format(inputs=view.inputs), ""]
    width = max(display_width(f.label) for f in view.figures)
    for f in view.figures:
        lines.append(f"  {pad(f.label, width)}  {f.value}{'  !' if f.flagged else ''}")
    for section in view.sections:
        lines += ["", *text_section(section)]
    return "\n".join(lines) + "\n"


def render_markdown(view: ReportView) -> str:
    """The report as markdown."""
    md = markdown_text
    inputs = _("Inputs: {inputs}").format(inputs=view.inputs)
    lines = [f"# {md(view.title)}", "", f"{md(view.subtitle)}. {md(inputs)}", ""]
    if view.synthetic:
        lines += [f"> **{_('Synthetic data: this report shows made-up inputs, not observations.')}**", ""]
    figures = [[f.label, f"**{f.value}**" if f.flagged else f.value] for f in view.figures]
    lines += markdown_table([_("Figure"), _("Value")], figures)
    for section in view.sections:
        lines += ["", *markdown_section(section)]
    return "\n".join(lines).rstrip("\n") + "\n"
