"""The report for a terminal, and as markdown."""

from __future__ import annotations

from bizenv.i18n import _
from bizenv.report.sections import ReportView, Table


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _text_table(table: Table) -> list[str]:
    widths = [max([_width(h)] + [_width(r[i]) for r in table.rows]) for i, h in enumerate(table.headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(table.headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for i, row in enumerate(table.rows):
        mark = " !" if i in table.flagged else ""
        lines.append(("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()) + mark)
    if table.more:
        lines.append(_("… and {count} more rows (see the JSON or CSV output)").format(count=table.more))
    return lines


def render_text(view: ReportView) -> str:
    lines = [view.title, view.subtitle, _("Inputs: {inputs}").format(inputs=view.inputs), ""]
    width = max(_width(f.label) for f in view.figures)
    for f in view.figures:
        lines.append(f"  {_pad(f.label, width)}  {f.value}{'  !' if f.flagged else ''}")
    for section in view.sections:
        lines += ["", section.title, "=" * _width(section.title)]
        if section.intro:
            lines.append(section.intro)
        if section.table is not None:
            lines += ["", *_text_table(section.table)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_table(table: Table) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in table.headers) + " |", "|" + "---|" * len(table.headers)]
    for i, row in enumerate(table.rows):
        cells = [_cell(c) for c in row]
        if i in table.flagged:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if table.more:
        lines += ["", _("… and {count} more rows (see the JSON or CSV output)").format(count=table.more)]
    return lines


def render_markdown(view: ReportView) -> str:
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
