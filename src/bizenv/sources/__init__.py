"""The toolkit for turning a source document into a region profile.

A region's profile is built from three things: the source texts bundled with the plugin, a curated file
(what a reader knows that a parser cannot read: the unit table, categories, targets, data notes) and a
short layout module (how the region's documents are laid out). The toolkit gives each shared step once:

- :mod:`~bizenv.sources.text`: repairing PDF damage (``repair``, ``join_lines``, ``fold_punctuation``);
- :mod:`~bizenv.sources.numerals`: Chinese numerals, zero in words and the words of a zero fee;
- :mod:`~bizenv.sources.deadlines`: deadline phrases and their readings;
- :mod:`~bizenv.sources.targets`: target phrases and the checks on curated targets and what they mean (quoted
  scopes, conditions, commitment, recurrence, zero fees in words);
- :mod:`~bizenv.sources.units`: splitting unit cells and resolving their fragments;
- :mod:`~bizenv.sources.provenance`: source texts by line, provenance;
- :mod:`~bizenv.sources.curated`: the curated file format;
- :mod:`~bizenv.sources.layout`: what a layout module returns;
- :mod:`~bizenv.sources.build`: the build driver (``bizenv build-profile``).
"""

from __future__ import annotations

from bizenv.sources.build import BuildConfig, build_profile, load_config, profile_is_current, write_profile
from bizenv.sources.curated import AreaEntry, Curated, Fragment, FragmentRef, MeasureEntry, UnitEntry, load_curated
from bizenv.sources.deadlines import DeadlineReading, find_deadline_phrases, read_deadline
from bizenv.sources.errors import BuildError
from bizenv.sources.layout import ParsedArea, ParsedMeasure, Reading, SourceSet
from bizenv.sources.numerals import (
    CN_NUMERAL,
    FEE_ABOLISHED,
    FEE_ZERO_WORDS,
    ZERO_WORDS,
    cn_numeral,
    cn_numeral_value,
    fee_zero_spans,
    zero_in_words,
)
from bizenv.sources.provenance import SourceText, provenance
from bizenv.sources.targets import (
    ELISION,
    PhraseReading,
    check_measure,
    check_recurrence,
    check_targets,
    commitment_in,
    is_quoted,
    read_phrases,
)
from bizenv.sources.text import as_written, fold_punctuation, join_lines, repair, squash
from bizenv.sources.units import CellReading, UnitTable, split_cell

__all__ = [
    "CN_NUMERAL",
    "ELISION",
    "FEE_ABOLISHED",
    "FEE_ZERO_WORDS",
    "ZERO_WORDS",
    "AreaEntry",
    "BuildConfig",
    "BuildError",
    "CellReading",
    "Curated",
    "DeadlineReading",
    "Fragment",
    "FragmentRef",
    "MeasureEntry",
    "ParsedArea",
    "ParsedMeasure",
    "PhraseReading",
    "Reading",
    "SourceSet",
    "SourceText",
    "UnitEntry",
    "UnitTable",
    "as_written",
    "build_profile",
    "check_measure",
    "check_recurrence",
    "check_targets",
    "cn_numeral",
    "cn_numeral_value",
    "commitment_in",
    "fee_zero_spans",
    "find_deadline_phrases",
    "fold_punctuation",
    "is_quoted",
    "join_lines",
    "load_config",
    "load_curated",
    "profile_is_current",
    "provenance",
    "read_deadline",
    "read_phrases",
    "repair",
    "split_cell",
    "squash",
    "write_profile",
    "zero_in_words",
]
