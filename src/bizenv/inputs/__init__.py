"""The input layer: every reader of cases, ledgers, observed values and indicator values goes through it.

It reads a file the way the person who made it meant (encoding, delimiter, sheet, title rows, merged
cells, Chinese column names, dates as offices write them), or refuses it with one clear message; each
row that cannot be read is a rejection naming file, row or cell, column and reason. See docs/your-files.md.
"""

from bizenv.inputs.chunks import read_cases
from bizenv.inputs.readers import (
    FIELDS,
    Read,
    ReadInfo,
    parse_column_mapping,
    read_indicator_values,
    read_ledger,
    read_observations,
)

__all__ = [
    "FIELDS",
    "Read",
    "ReadInfo",
    "parse_column_mapping",
    "read_cases",
    "read_indicator_values",
    "read_ledger",
    "read_observations",
]
