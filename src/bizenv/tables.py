"""Results as tables for notebooks: pandas DataFrames with real dtypes, and the HTML Jupyter shows.

A result class declares its columns once (:class:`Column`: a name and a kind) and its rows; :func:`frame` makes
the DataFrame and :func:`html_table` the notebook view from the same declaration, so the two never disagree.

Dtypes: text is pandas ``string``, counts are nullable ``Int64``, numbers ``Float64``, flags ``boolean``; days and
instants are ``datetime64[ns, Asia/Shanghai]`` (a day is its midnight, Beijing time, the zone the offices keep);
statuses and other fixed vocabularies are ordered categoricals; lists of names stay tuples (``object``).
pandas is imported only when a frame is asked for (the ``pandas`` extra).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Sequence
from html import escape
from typing import Any, Literal

import attrs

#: The zone days and instants are given in: Beijing time, which Xinjiang's offices keep.
ZONE = "Asia/Shanghai"
#: The dtype of days and instants in every frame, whichever path made it.
INSTANT = f"datetime64[ns, {ZONE}]"
ColumnKind = Literal["text", "int", "float", "bool", "date", "datetime", "category", "list"]


@attrs.frozen(slots=True)
class Column:
    """A column of a result table: its name, its kind and, for a category, the categories in order."""

    name: str
    kind: ColumnKind
    categories: tuple[str, ...] = ()


#: The key of an attrs field's metadata that gives its column's categories, in order (the field is then a
#: categorical column); without it a Literal field is text.
CATEGORIES = "categories"
_KINDS: dict[object, ColumnKind] = {
    str: "text",
    int: "int",
    float: "float",
    bool: "bool",
    dt.date: "date",
    dt.datetime: "datetime",
}


def _kind(name: str, hint: object) -> ColumnKind:
    # X | None is the same column as X, with missing values.
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is Literal:
        hint = type(typing.get_args(hint)[0])
    if typing.get_origin(hint) is tuple:
        return "list"
    try:
        return _KINDS[hint]
    except (KeyError, TypeError):
        raise TypeError(f"field {name!r}: no column kind for {hint!r}") from None


def columns_of(cls: type, names: Sequence[str] | None = None) -> tuple[Column, ...]:
    """The columns of an attrs class (``names``: which fields, in that order; all by default), each field's kind
    derived from its type: the one place a result's table shape is stated is its class."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in attrs.fields(cls)}
    chosen = names if names is not None else [n for n in fields if not n.startswith("_")]
    columns = []
    for name in chosen:
        categories = tuple(fields[name].metadata.get(CATEGORIES, ()))
        kind: ColumnKind = "category" if categories else _kind(name, hints[name])
        columns.append(Column(name, kind, categories))
    return tuple(columns)


def arrow_frame(table: Any, columns: Sequence[Column]) -> Any:
    """A pandas DataFrame of a pyarrow Table whose columns are ``columns``, with the dtypes :func:`frame` gives
    the same columns: an Arrow result and an object result read alike in pandas."""
    pd = _pandas()
    import pyarrow as pa

    mapping = {pa.string(): pd.StringDtype(), pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype()}
    mapping[pa.bool_()] = pd.BooleanDtype()
    data = table.select([c.name for c in columns]).to_pandas(types_mapper=mapping.get)
    for column in columns:
        if column.kind == "category":
            data[column.name] = pd.Categorical(
                data[column.name].astype("object"), categories=list(column.categories), ordered=True
            )
        elif column.kind == "datetime":
            data[column.name] = data[column.name].dt.tz_convert(ZONE).astype(INSTANT)
        elif column.kind == "text" and not isinstance(data[column.name].dtype, pd.StringDtype):
            data[column.name] = data[column.name].astype("string")
    return data


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'bizenv[pandas]'") from None
    return pd


def _series(pd: Any, column: Column, values: list[Any]) -> Any:
    if column.kind == "text":
        return pd.array(values, dtype="string")
    if column.kind == "int":
        return pd.array(values, dtype="Int64")
    if column.kind == "float":
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if column.kind == "bool":
        return pd.array(values, dtype="boolean")
    if column.kind == "date":
        days = pd.to_datetime(pd.Series([None if v is None else v.isoformat() for v in values], dtype="object"))
        return days.dt.tz_localize(ZONE).astype(INSTANT).array
    if column.kind == "datetime":
        for value in values:
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError(f"column {column.name!r}: {value!r} has no time zone")
        moments = pd.to_datetime(pd.Series(values, dtype="object"), utc=True)
        return moments.dt.tz_convert(ZONE).astype(INSTANT).array
    if column.kind == "category":
        return pd.Categorical(values, categories=list(column.categories), ordered=True)
    return pd.array([tuple(v) for v in values], dtype="object")


def frame(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Any:
    """A pandas DataFrame of ``rows`` (one value per column, in order) with the columns' dtypes."""
    pd = _pandas()
    data = {c.name: _series(pd, c, [row[i] for row in rows]) for i, c in enumerate(columns)}
    return pd.DataFrame(data, columns=[c.name for c in columns])


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".6g")
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    return str(value)


def html_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    """The rows as an HTML table for a notebook: every row, in a box that scrolls when long."""
    head = "".join(f"<th>{escape(c.name)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_shown(value))}</td>" for value in row) + "</tr>" for row in rows)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        '<div style="max-height:32em;overflow:auto">'
        f'<table class="dataframe">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


#: The longest a line of a text repr gets; a notebook's saved text stays small (a repr is a few such lines).
REPR_LINE = 160


def _clip(text: str, width: int = REPR_LINE) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def short_repr(kind: str, name: str, lines: Sequence[str] = ()) -> str:
    """A text repr of a few lines, never the whole object: ``<Kind name>`` and one fact a line (a notebook saves
    the text repr of every shown result beside its HTML view, so a whole-object repr made notebooks megabytes).
    """
    head = _clip(f"<{kind} {name}>" if not lines else f"<{kind} {name}:")
    if not lines:
        return head
    body = [f"  {_clip(line)}" for line in lines[:10]]
    if len(lines) > 10:
        body.append(f"  … {len(lines) - 10} more")
    return "\n".join([head, *body]) + ">"


def html_facts(caption: str, facts: Sequence[tuple[str, str]]) -> str:
    """A caption and a short list of facts (name: value) as HTML, above a result's table."""
    items = "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in facts)
    return f"<div><strong>{escape(caption)}</strong><ul>{items}</ul></div>"


def fields_html(self: Any) -> str:
    """An attrs object's fields and values as an HTML list (each value shortened to a line): the notebook view of a
    small model or result object, assigned as its ``_repr_html_``."""
    facts = []
    for field in attrs.fields(type(self)):
        if field.name.startswith("_"):
            continue
        value = getattr(self, field.name)
        facts.append((field.name, _clip(repr(value) if attrs.has(type(value)) else _shown(value))))
    return html_facts(type(self).__name__, facts)


# -- bar charts: the report's inline SVG, and the same bars drawn with matplotlib ------------------------------

_ROW, _LABEL_WIDTH, _BAR_WIDTH, _VALUE_WIDTH = 22, 260, 360, 90


@attrs.frozen(slots=True)
class Bar:
    """One bar of a chart: its label, value, the value as shown, and whether it needs attention (drawn red)."""

    label: str
    value: float
    shown: str
    flagged: bool = False


def _clip_label(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def svg_bars(title: str, bars: Sequence[Bar], scale: float) -> str:
    """Horizontal bars as inline SVG: no scripts, no fonts or files fetched, readable without CSS. ``scale`` is the
    value of a full-length bar (100 for scores and percentages)."""
    height = _ROW * len(bars) + 8
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    scale = scale or 1.0
    parts = [
        # Charts read left to right in every locale (numbers grow to the right), also inside right-to-left Uyghur pages.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" direction="ltr" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * _ROW
        length = max(0.0, min(bar.value / scale, 1.0)) * _BAR_WIDTH
        colour = "#c0392b" if bar.flagged else "#2e6da4"
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"<title>{escape(bar.label)}</title>{escape(_clip_label(bar.label))}</text>"
        )
        parts.append(f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{_ROW - 6}" fill="{colour}"/>')
        parts.append(
            f'<text x="{_LABEL_WIDTH + length + 6:.1f}" y="{y + 15}" font-size="12">{escape(bar.shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


class SvgChart(str):
    """An SVG chart (the text of an ``<svg>`` element): a notebook shows the picture; its repr is one line."""

    def _repr_svg_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        start = self.find("<title>") + len("<title>")
        return f"<SvgChart {self[start : self.find('</title>', start)]!r}: {self.count('<rect ')} bars>"


ChartKind = Literal["svg", "matplotlib"]


def bar_chart(title: str, bars: Sequence[Bar], scale: float, kind: ChartKind = "svg") -> Any:
    """The bars as the report draws them (``kind="svg"``: an :class:`SvgChart`) or as a matplotlib Figure
    (``kind="matplotlib"``, to style and save as the user likes; needs matplotlib)."""
    if kind == "svg":
        return SvgChart(svg_bars(title, bars, scale))
    if kind != "matplotlib":
        raise ValueError(f"chart kind {kind!r} is not one of: svg, matplotlib")
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError("matplotlib charts need matplotlib: pip install matplotlib") from None
    figure = Figure(figsize=(8, 0.3 * len(bars) + 1.2), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    axes.barh(positions, [b.value for b in bars], color=["#c0392b" if b.flagged else "#2e6da4" for b in bars])
    axes.set_yticks(positions, [b.label for b in bars])
    axes.invert_yaxis()  # the first bar on top, as in the report
    axes.set_xlim(0, scale or 1.0)
    for position, bar in zip(positions, bars, strict=True):
        axes.annotate(bar.shown, (bar.value, position), xytext=(4, 0), textcoords="offset points", va="center")
    axes.set_title(title)
    return figure


__all__ = [
    "REPR_LINE",
    "ZONE",
    "Bar",
    "ChartKind",
    "Column",
    "ColumnKind",
    "SvgChart",
    "bar_chart",
    "fields_html",
    "frame",
    "html_facts",
    "html_table",
    "short_repr",
    "svg_bars",
]
