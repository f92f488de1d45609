"""``bizenv serve``: the monthly cycle and the calendars over HTTP (docs/serve.md). An ASGI application
(Litestar) over the same library functions and the same snapshot database as the ``bizenv`` command: a JSON API
for other systems, pages for the units and the office, calendar feeds. Needs ``pip install 'bizenv[serve]'``.

::

    from bizenv.serve import create_app
    app = create_app(db="snapshots.sqlite3")      # run with: uvicorn --factory ... or `bizenv serve --db ...`
"""

from bizenv.serve.app import OPENAPI_PATH, create_app, openapi_document
from bizenv.serve.db import ServeDb, Token, Upload
from bizenv.serve.problems import PROBLEM_CODES, SERVICE_CODES, Problem
from bizenv.serve.uploads import MAX_UNPACKED, MAX_UPLOAD, Limits

__all__ = [
    "MAX_UNPACKED",
    "MAX_UPLOAD",
    "OPENAPI_PATH",
    "PROBLEM_CODES",
    "SERVICE_CODES",
    "Limits",
    "Problem",
    "ServeDb",
    "Token",
    "Upload",
    "create_app",
    "openapi_document",
]
