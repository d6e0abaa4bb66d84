"""The offender side's one door (issue 15, must-have 1), proved from the application's own route
table: every route an offender manager or a national manager may call (read from its
`api.web.security.allow(...)` guard) has its handler in a module of the door's ways in, the
modules that the import-linter contract "door-ways-in" in pyproject.toml lets import the domain
only through `vcs.offender_side`; or it is listed below as carrying no victim fact at all.

**Adding a route for those roles?** `allow(...)` refuses to build its guard until you say
`door=True` (put the handler in `api/offender_side/`, calling `vcs.offender_side`) or
`door=False` (and add it to NO_VICTIM_FACTS here, with the reason, for review).
"""

from __future__ import annotations

import ast
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel

from api.web.security import allow
from tests.api.route_table import Route, app_routes
from tests.fixtures import shared_app
from vcs.core.actors import Role
from vcs.core.tables import Case, Victim
from vcs.offender_side import facts
from vcs.offender_side.reports import AGGREGATE_SHAPES

ROOT = Path(__file__).resolve().parents[2]
ROUTES = app_routes(shared_app())
DOOR_ROLES = (Role.OFFENDER_MANAGER, Role.NATIONAL_MANAGER)
NO_VICTIM_FACTS = {
    "GET /api/v1/auth/me": "the caller's own account",
    "POST /api/v1/auth/sign-out": "revokes the caller's own token",
    "POST /sign-out": "ends the caller's own session",
    "POST /session/extend": "extends the caller's own session",
    "GET /kept-forms/{key}": "gives back only the caller's own form, sent after their session ended",
    "GET /api/v1/condition-types": "the catalogue of licence conditions, the same for every case",
}
# What a door module may import of the domain besides the door itself.
CORE_ALLOWED = ("vcs.core.actors", "vcs.core.errors", "vcs.core.schemas")


def _door_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [contract] = [
        c for c in config["tool"]["importlinter"]["contracts"] if c.get("id") == "door-ways-in"
    ]
    return list(contract["source_modules"])


DOOR_MODULES = _door_modules()


def _in_door(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in DOOR_MODULES)


def routes_for(role: Role) -> list[Route]:
    """Every route the role may call, by its guard."""
    return [r for r in ROUTES if role in r.allowed_roles]


DOOR_ROUTES = sorted({r.key: r for role in DOOR_ROLES for r in routes_for(role)}.values(), key=str)


def test_the_routes_of_each_role_are_listed() -> None:
    om = {r.key for r in routes_for(Role.OFFENDER_MANAGER)}
    national = {r.key for r in routes_for(Role.NATIONAL_MANAGER)}
    assert {
        "GET /api/v1/offenders/{offender_id}/victim-summary",
        "GET /api/v1/mappa-meetings/{meeting_id}/pack",
        "GET /api/v1/condition-requests/{request_id}/representation.pdf",
        "GET /api/v1/offenders/{offender_id}/key-stages",
        "GET /offenders/{offender_id}",
        "GET /mappa-meetings/{meeting_id}/pack.pdf",
    } <= om
    assert {
        "GET /api/v1/reports/timeliness",
        "GET /manager/reports/caseload.csv",
        "POST /api/v1/key-dates/bulk-changes",
        "POST /api/v1/key-dates/bulk-changes/preview",
    } <= national
    assert len(DOOR_ROUTES) > 40


@pytest.mark.parametrize("route", DOOR_ROUTES, ids=[r.key for r in DOOR_ROUTES])
def test_every_route_for_offender_and_national_managers_goes_through_the_door(
    route: Route,
) -> None:
    [guard] = route.role_guards
    module = route.handler.fn.__module__
    if route.key in NO_VICTIM_FACTS:
        assert guard.door is False, f"{route.key} is listed as carrying no victim facts"
        assert not _in_door(module) or route.key.startswith("GET /api/v1/condition-types")
        return
    assert guard.door is True, (
        f"{route.key} lets in {sorted(route.allowed_roles & set(DOOR_ROLES))}: its guard must "
        "say allow(..., door=True), or the route be listed in NO_VICTIM_FACTS with the reason"
    )
    assert _in_door(module), (
        f"{route.key} is handled in {module}, outside the door's ways in {DOOR_MODULES}: move "
        "the handler to api/offender_side/ and read victim facts through vcs.offender_side"
    )


def test_a_service_account_of_the_integration_role_may_only_post_events() -> None:
    """Another HMPPS system's account (issue 19) reaches one route, which reads no case."""
    assert {r.key for r in routes_for(Role.INTEGRATION)} == {"POST /api/v1/events"}
    [route] = routes_for(Role.INTEGRATION)
    assert route.allowed_roles == {Role.INTEGRATION}
    assert not set(DOOR_ROLES) & route.allowed_roles


def test_no_route_is_listed_as_carrying_no_victim_facts_once_it_is_gone() -> None:
    keys = {r.key for r in DOOR_ROUTES}
    assert set(NO_VICTIM_FACTS) <= keys, set(NO_VICTIM_FACTS) - keys


@pytest.mark.parametrize("role", DOOR_ROLES)
def test_a_guard_letting_in_the_offender_side_must_name_the_door(role: Role) -> None:
    with pytest.raises(ValueError, match="door"):
        allow(Role.VLO, role)
    assert allow(Role.VLO, role, door=True).door is True  # type: ignore[attr-defined]
    assert allow(Role.VLO).door is False  # type: ignore[attr-defined]


def _imports(path: Path) -> list[str]:
    """Every module a file imports (the names imported from it, where those are modules)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


def _door_files() -> list[Path]:
    files = []
    for module in DOOR_MODULES:
        path = ROOT / module.replace(".", "/")
        files += sorted(path.glob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    return files


@pytest.mark.parametrize("path", _door_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_door_modules_read_the_domain_only_through_the_door(path: Path) -> None:
    """The import-linter contract, checked again here so that the normal suite names the
    line to change."""
    for name in _imports(path):
        if name.startswith("vcs."):
            assert name.startswith("vcs.offender_side") or name in CORE_ALLOWED, (path, name)
        if name.startswith("api."):
            assert name.startswith("api.web") or _in_door(name), (path, name)


def test_victims_are_projected_without_contact_details() -> None:
    contact = {"date_of_birth", "address_line1", "address_line2", "town", "postcode", "email"}
    contact |= {"phone"}
    # Columns of the victim's record, read directly or through the case (Case.victim.name).
    selected = {c._meta.name for c in facts.VICTIM_COLUMNS if c._meta.table is Victim}
    assert selected == {"name", "relationship"}, selected & contact
    assert {c._meta.name for c in facts.VICTIM_COLUMNS if c._meta.table is Case} >= {"id"}
    fields = set(facts.VictimFacts.__dataclass_fields__)
    assert not fields & contact
    assert {"victim_name", "relationship", "participation"} <= fields


LABELS = {
    "clock",
    "unit_code",
    "month",
    "referrer_code",
    "referrer_name",
    "template",
    "language",
    "outcome",
    "kind",
    "officer",
    "officer_name",
    "scope",
    "court",  # the court that passed the sentences counted
    "entitlement",
    "entitlement_words",
    "departure",
    "departure_words",
}


def _aggregate(name: str, annotation: Any) -> bool:
    """A number, a date, a flag, a label of a group (unit, month, clock...), or a list or map
    of those or of an aggregate shape: never free text about a person."""
    if annotation in (int, float, bool, date, type(None)):
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation in AGGREGATE_SHAPES
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, str)):
        return name in LABELS
    if get_origin(annotation) is dict:
        key, value = get_args(annotation)
        return key is str and _aggregate("", value)
    return bool(get_args(annotation)) and all(_aggregate(name, a) for a in get_args(annotation))


@pytest.mark.parametrize("shape", AGGREGATE_SHAPES, ids=lambda s: s.__name__)
def test_national_reports_hold_aggregate_figures_only(shape: type[BaseModel]) -> None:
    for name, field in shape.model_fields.items():
        assert _aggregate(name, field.annotation), (shape.__name__, name, field.annotation)


def test_every_report_answers_with_an_aggregate_shape() -> None:
    reports = [r for r in ROUTES if r.path.startswith("/api/v1/reports")]
    assert reports
    for route in reports:
        returned = route.handler.parsed_fn_signature.return_type.annotation
        assert returned in AGGREGATE_SHAPES or route.path.endswith(".csv"), route.key
