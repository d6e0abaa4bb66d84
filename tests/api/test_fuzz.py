"""Fuzzing the API from its own OpenAPI document (schemathesis, in-process, on the engine the
suite runs on): valid and invalid requests for every operation, signed in as the roles the
operation lets in, in turn, and now and then as one it refuses. No response may be a server error, and every response
must match the schema the document declares for its status.

Bounded for CI: `VCS_FUZZ_EXAMPLES` examples per operation (default 10), no deadline,
deterministic. Raise it locally to search harder: `VCS_FUZZ_EXAMPLES=500 pytest tests/api/test_fuzz.py`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.app import create_app
from tests.api.route_table import USER_OF, app_routes, both_regions, mint_tokens
from tests.fixtures import TODAY, World
from vcs.core.actors import Role

APP = create_app(today=lambda: TODAY, pool=False)
ALLOWED = {route.key: route.allowed_roles for route in app_routes(APP)}
EXAMPLES = int(os.environ.get("VCS_FUZZ_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance]

schema = schemathesis.openapi.from_asgi("/schema/openapi.json", APP)
schema.config.generation.update(max_examples=EXAMPLES, deterministic=True)


def callers(method: str, path: str, example: int) -> list[str | None]:
    """Who sends an example: the allowed roles in turn, and every few examples a refused
    role too; nobody (no token) for the routes open to all."""
    key = f"{method} {path}"
    if not ALLOWED.get(key):
        return [None]
    allowed = sorted(ALLOWED[key])
    chosen: list[str | None] = [USER_OF[allowed[example % len(allowed)]]]
    refused = sorted(set(Role) - ALLOWED[key])
    if refused and example % 4 == 0:
        chosen.append(USER_OF[refused[example // 4 % len(refused)]])
    return chosen


@dataclass
class Fuzzing:
    world: World
    examples: int = 0


@pytest.fixture
def fuzzing(world: World) -> Fuzzing:
    """The fixture's users signed in and a case in each region, once per operation (every
    example of an operation runs against the same records)."""
    mint_tokens(world)
    both_regions(world)
    return Fuzzing(world)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_within_its_schema(case: Any, fuzzing: Fuzzing) -> None:
    fuzzing.examples += 1
    for user in callers(case.method.upper(), case.path, fuzzing.examples):
        headers = fuzzing.world.headers(user) if user else {}
        case.call_and_validate(headers=headers, checks=CHECKS)
