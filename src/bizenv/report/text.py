"""The report for a terminal, and as markdown."""

from __future__ import annotations

from bizenv.i18n import _
from bizenv.layout import display_width, markdown_table, markdown_text, pad, text_table
from bizenv.report.sections import ReportView, Table


def _text_table(table: Table) -> list[str]:
    marks = [" !" if i in table.flagged else "" for i in range(len(table.rows))]
    return text_table(table.headers, table.rows, marks)


def render_text(view: ReportView) -> str:
    """The report for a terminal."""
    lines = [view.title, view.subtitle, _("Inputs: {inputs}").format(inputs=view.inputs), ""]
    width = max(display_width(f.label) for f in view.figures)
    for f in view.figures:
        lines.append(f"  {pad(f.label, width)}  {f.value}{'  !' if f.flagged else ''}")
    for section in view.sections:
        lines += ["", section.title, "=" * display_width(section.title)]
        if section.intro:
            lines.append(section.intro)
        if section.table is not None:
            lines += ["", *_text_table(section.table)]
    return "\n".join(lines) + "\n"


def _markdown_table(table: Table) -> list[str]:
    rows = [[f"**{c}**" if c and i in table.flagged else c for c in row] for i, row in enumerate(table.rows)]
    return markdown_table(table.headers, rows)


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
        lines += ["", f"## {md(section.title)}", ""]
        if section.intro:
            lines += [md(section.intro), ""]
        if section.table is not None:
            lines += _markdown_table(section.table)
    return "\n".join(lines) + "\n"
