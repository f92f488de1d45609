"""Settings for every test folder (tests/, plugins/, examples/)."""

from hypothesis import settings

# Properties are about answers, not speed (speed lives in benchmarks/): no per-example deadline, so a busy
# machine never fails a property that holds.
settings.register_profile("bizenv", deadline=None)
settings.load_profile("bizenv")
