"""The domain model: typed, immutable attrs classes validated at construction."""

from bizenv.errors import DeadlineError, UnknownUnitError
from bizenv.model.deadline import Deadline, parse_deadline, parse_deadline_date
from bizenv.model.measure import Area, Measure
from bizenv.model.profile import RegionProfile
from bizenv.model.provenance import DataNote, Provenance
from bizenv.model.region import Names, Region, SourceDocument, SubUnit, SubUnitKind, Unit
from bizenv.model.responsibility import ROLES, Responsibility, Role, UnitRef
from bizenv.model.target import Quantity, Target
from bizenv.model.vocabulary import AGGREGATIONS, COMPARATORS, TIME_UNITS, UNITS, Aggregation, Comparator, UnitCode

__all__ = [
    "AGGREGATIONS",
    "COMPARATORS",
    "ROLES",
    "TIME_UNITS",
    "UNITS",
    "Aggregation",
    "Area",
    "Comparator",
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
    "Role",
    "SourceDocument",
    "SubUnit",
    "SubUnitKind",
    "Target",
    "Unit",
    "UnitCode",
    "UnitRef",
    "UnknownUnitError",
    "parse_deadline",
    "parse_deadline_date",
]
