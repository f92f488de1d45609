"""The domain model: typed, immutable attrs classes validated at construction."""

from bizenv.model.deadline import Deadline, DeadlineError, parse_deadline, parse_deadline_date
from bizenv.model.measure import Area, Measure
from bizenv.model.profile import RegionProfile, UnknownUnitError
from bizenv.model.provenance import DataNote, Provenance
from bizenv.model.region import Names, Region, SourceDocument, SubUnit, Unit
from bizenv.model.responsibility import Responsibility, UnitRef
from bizenv.model.target import Quantity, Target
from bizenv.model.vocabulary import AGGREGATIONS, COMPARATORS, TIME_UNITS, UNITS

__all__ = [
    "AGGREGATIONS",
    "COMPARATORS",
    "TIME_UNITS",
    "UNITS",
    "Area",
    "DataNote",
    "Deadline",
    "DeadlineError",
    "Measure",
    "Names",
    "Provenance",
    "Quantity",
    "Region",
    "RegionProfile",
    "Responsibility",
    "SourceDocument",
    "SubUnit",
    "Target",
    "Unit",
    "UnitRef",
    "UnknownUnitError",
    "parse_deadline",
    "parse_deadline_date",
]
