"""The report for a terminal, and as markdown."""

from __future__ import annotations

from bizenv.i18n import _
from bizenv.layout import display_width, markdown_table, pad, text_table
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
    lines = [f"# {view.title}", "", f"{view.subtitle}. {_('Inputs: {inputs}').format(inputs=view.inputs)}", ""]
    if view.synthetic:
        lines += [f"> **{_('Synthetic data: this report shows made-up inputs, not observations.')}**", ""]
    figure, value = _("Figure"), _("Value")
    lines += [f"| {figure} | {value} |", "|---|---|"]
    lines += [f"| {f.label} | {'**' + f.value + '**' if f.flagged else f.value} |" for f in view.figures]
    for section in view.sections:
        lines += ["", f"## {section.title}", ""]
        if section.intro:
            lines += [section.intro, ""]
        if section.table is not None:
            lines += _markdown_table(section.table)
    return "\n".join(lines) + "\n"
