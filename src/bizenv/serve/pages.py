"""The pages for units and the office (server-rendered HTML): the problem page, until the pages come."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from bizenv.serve.problems import Problem


def wants_page(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith("/unit") or request.url.path.startswith("/office")


def problem_page(request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    return Response(problem.detail, status_code=problem.status)


ROUTES: list[Any] = []
