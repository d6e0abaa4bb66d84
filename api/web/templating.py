"""Jinja templates with the GOV.UK Frontend macros (govuk-frontend-jinja), through Litestar's
Jinja engine, and the helpers every page uses to render and to page through a list."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template import TemplateConfig

from api.web.labels import label, long_date, long_moment, tag_colour
from api.web.session import extras
from api.web.words import peoples_words, rules_words, wording_words
from vcs.conditions.gridrefs import point_grid_reference
from vcs.core.config import settings
from vcs.core.words import release_point

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"
SERVICE_NAME = "Victim Contact Scheme tracker"
_NOT_ID = re.compile(r"[^a-z0-9]+")


def field_id(name: str) -> str:
    """The HTML id of a form field named like the schema's path: `victims[0].name` ->
    `victims-0-name`, so that an error in the summary links to its field."""
    return _NOT_ID.sub("-", name.lower()).strip("-")


def session_timing(request: Request[Any, Any, Any]) -> dict[str, Any] | None:
    """For the timeout warning: how long the signed-in session has left, when it ends and how
    long before the end to warn (`VCS_SESSION_WARNING_SECONDS`); None when signed out."""
    ends = extras(request.scope).get("session_ends")
    if request.scope.get("user") is None or ends is None:
        return None
    left = max(0, int((ends - request.app.state.now()).total_seconds()))
    return {"seconds_left": left, "ends": ends, "warning": settings.session_warning_seconds}


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(TEMPLATES),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        label=label,
        tag_colour=tag_colour,
        long_date=long_date,
        long_moment=long_moment,
        release_point=release_point,
        grid_reference=point_grid_reference,
        peoples_words=peoples_words,
        rules_words=rules_words,
        wording_words=wording_words,
    )
    env.globals.update(field_id=field_id, service_name=SERVICE_NAME, session_timing=session_timing)
    return env


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """The app's template engine: our templates first, then the GOV.UK Frontend macros."""
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment()))


def kept_values(request: Request[Any, Any, Any], values: Any) -> Any:
    """The values a page's form shows: what the person typed before their session ended, when
    this page gives a kept form back, over the values the page would show."""
    kept = extras(request.scope).get("kept_form")
    if not kept or request.method != "GET" or not isinstance(values, dict | None):
        return values
    return {**(values or {}), **kept}


class Page(Template):
    """A page; a form's page given back after the session ended shows what was typed."""

    def create_template_context(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        context = super().create_template_context(request)
        if extras(request.scope).get("kept_form") and request.method == "GET":
            context["values"] = kept_values(request, context.get("values"))
            context["kept_form"] = True
        return context


def page(
    name: str,
    status_code: int = 200,
    cookies: Any = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Template:
    """Render one of our templates as an HTML page."""
    return Page(
        template_name=name,
        context=context,
        status_code=status_code,
        media_type="text/html",
        cookies=cookies,
        headers=headers,
    )


def pagination(
    request: Request[Any, Any, Any],
    total: int,
    limit: int,
    offset: int,
    drop: tuple[str, ...] = (),
) -> dict[str, Any] | None:
    """Links for the GOV.UK pagination component, keeping the page's other query parameters
    (but those in `drop`, such as the flag of a success banner)."""
    if total <= limit:
        return None
    skipped = ("offset", "limit", *drop)
    query = {k: v for k, v in request.query_params.items() if k not in skipped}

    def href(to: int) -> str:
        return f"{request.url.path}?{urlencode({**query, 'limit': limit, 'offset': to})}"

    pages = (total + limit - 1) // limit
    current = offset // limit
    shown = sorted({0, pages - 1, *range(max(current - 1, 0), min(current + 2, pages))})
    items: list[dict[str, Any]] = []
    for i, number in enumerate(shown):
        if i and number - shown[i - 1] > 1:
            items.append({"ellipsis": True})
        items.append(
            {"number": number + 1, "href": href(number * limit), "current": number == current}
        )
    return {
        "items": items,
        "previous": {"href": href(max(offset - limit, 0))} if offset > 0 else None,
        "next": {"href": href(offset + limit)} if offset + limit < total else None,
    }
