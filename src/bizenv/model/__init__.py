"""The domain model: typed, immutable attrs classes validated at construction."""

from bizenv.errors import DeadlineError, UnknownUnitError
from bizenv.model.deadline import Deadline, parse_deadline, parse_deadline_date
from bizenv.model.measure import Area, Measure, Milestone, Relation, RelationKind
from bizenv.model.metric import Metric
from bizenv.model.profile import UNIT_ROLES, Due, DueSource, Owner, RegionProfile, UnitRole
from bizenv.model.provenance import DataNote, Provenance
from bizenv.model.region import Names, Period, Region, Rule, RuleKind, SourceDocument, SubUnit, SubUnitKind, Unit
from bizenv.model.responsibility import ROLES, Responsibility, Role, UnitRef
from bizenv.model.target import Condition, Quantity, Recurrence, Target
from bizenv.model.vocabulary import (
    AGGREGATIONS,
    COMMITMENT_WORDS,
    COMPARATORS,
    COUNTERS,
    TIME_UNITS,
    UNITS,
    Aggregation,
    Commitment,
    Comparator,
    Counter,
    Direction,
    Every,
    MetricKind,
    TimeUnit,
    UnitCode,
    is_time_unit,
)

__all__ = [
    "AGGREGATIONS",
    "COMMITMENT_WORDS",
    "COMPARATORS",
    "COUNTERS",
    "ROLES",
    "TIME_UNITS",
    "UNITS",
    "UNIT_ROLES",
    "Aggregation",
    "Area",
    "Commitment",
    "Comparator",
    "Condition",
    "Counter",
    "DataNote",
    "Deadline",
    "DeadlineError",
    "Direction",
    "Due",
    "DueSource",
    "Every",
    "Measure",
    "Metric",
    "MetricKind",
    "Milestone",
    "Names",
    "Owner",
    "Period",
    "Provenance",
    "Quantity",
    "Recurrence",
    "Region",
    "RegionProfile",
    "Relation",
    "RelationKind",
    "Responsibility",
    "Role",
    "Rule",
    "RuleKind",
    "SourceDocument",
    "SubUnit",
    "SubUnitKind",
    "Target",
    "TimeUnit",
    "Unit",
    "UnitCode",
    "UnitRef",
    "UnitRole",
    "UnknownUnitError",
    "is_time_unit",
    "parse_deadline",
    "parse_deadline_date",
]
