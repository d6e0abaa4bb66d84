"""How the victim wants to hear from us: the channels in their order of preference, the
language for letters, formats, and safe times to call.

The form replaces what is saved, so it carries the case version the VLO read: if someone else
changed the case meanwhile, nothing is saved and the form comes back (412) with what the VLO
typed, what is saved now, and the newer version, to check and save again. On a closed case it
says so instead (`api.casework.nominee_pages.closed_page`).
"""

from __future__ import annotations

from collections.abc import Mapping

from litestar import Controller, get, post
from litestar.response import Redirect, Template
from pydantic import ValidationError

from api.casework.nominee_pages import case_now, closed_page
from api.web.forms import (
    FormErrors,
    compact,
    form_values,
    optional,
    read_version,
    refusal,
    schema_problems,
    version_to_show,
)
from api.web.params import AuthedRequest, Id
from api.web.security import allow
from api.web.templating import field_id, page
from vcs.casework import participation
from vcs.casework.schemas import Channel, PreferencesIn, PreferencesOut
from vcs.core.actors import Role
from vcs.core.errors import DomainError

CASEWORK = allow(Role.VLO, Role.VLU_MANAGER)

# The success banner on the case page, chosen by the `done` flag of the redirect.
BANNERS = {"preferences-saved": "How the victim wants to hear from us is saved."}

PREFERENCE_LABELS = {
    "channels": "how the victim wants to be contacted",
    "language": "the language for letters",
    "large_print": "large print",
    "easy_read": "easy read",
    "no_post_to_home": "no post to the victim's home",
    "interpreter_language": "the language an interpreter is needed for",
    "safe_times_to_call": "safe times to call",
}
PREFERENCE_FIELDS = list(PREFERENCE_LABELS)
PREFERENCE_FLAGS = ("large_print", "easy_read", "no_post_to_home")
CHANNELS = [c.value for c in Channel]


def preference_values(saved: PreferencesOut) -> tuple[dict[str, str], list[str]]:
    """The form's fields and chosen channels for the saved preferences."""
    values = {
        "language": saved.language,
        "interpreter_language": saved.interpreter_language,
        "safe_times_to_call": saved.safe_times_to_call,
    }
    for flag in PREFERENCE_FLAGS:
        values[flag] = "yes" if getattr(saved, flag) else ""
    return values, list(saved.channels)


def read_preferences(
    values: Mapping[str, str], channels: list[str], errors: FormErrors
) -> PreferencesIn | None:
    """The preferences the form describes, or None with its problems added to `errors`."""
    version = read_version(values, errors, field_id(PREFERENCE_FIELDS[0]))
    known = [c for c in channels if c in CHANNELS]
    if not known or len(known) != len(channels):
        errors.add("channels", "Select how the victim wants to be contacted")
    data = compact(
        {
            "channels": known,
            "language": optional(values, "language"),
            "interpreter_language": values.get("interpreter_language", ""),
            "safe_times_to_call": values.get("safe_times_to_call", ""),
            "version": version,
            **{flag: values.get(flag) == "yes" for flag in PREFERENCE_FLAGS},
        }
    )
    try:
        wanted = PreferencesIn.model_validate(data)
    except ValidationError as exc:
        schema_problems(exc, PREFERENCE_LABELS, errors, frozenset({"language"}))
        return None
    return None if errors else wanted


async def _preferences_page(
    request: AuthedRequest,
    case_id: int,
    status: int = 200,
    values: dict[str, str] | None = None,
    channels: list[str] | None = None,
    errors: FormErrors | None = None,
) -> Template:
    case = await case_now(request, case_id)
    if case.state == "closed":
        return closed_page(case, "How the victim wants to hear from us", status)
    saved_values, saved_channels = preference_values(case.preferences)
    if values is None:
        values, channels = {**saved_values, "version": str(case.version)}, saved_channels
    else:
        values = {**values, "version": version_to_show(values, status, case.version)}
    # The channels are listed in the victim's order of preference, then the others.
    order = [c for c in saved_channels if c in CHANNELS]
    order += [c for c in CHANNELS if c not in order]
    return page(
        "choices/preferences.html",
        status_code=status,
        case=case,
        values=values,
        channels=channels or [],
        channel_order=order,
        errors=errors.messages if errors else {},
        error_list=errors.summary(["form", "version", *PREFERENCE_FIELDS]) if errors else None,
        stale=status == 412,
    )


class PreferencePages(Controller):
    path = "/cases/{case_id:int}"
    include_in_schema = False
    guards = [CASEWORK]

    @get("/preferences")
    async def preferences_form(self, request: AuthedRequest, case_id: Id) -> Template:
        """The form for how, and in which language, the victim wants to hear from us."""
        return await _preferences_page(request, case_id)

    @post("/preferences")
    async def save_preferences(self, request: AuthedRequest, case_id: Id) -> Template | Redirect:
        """Record the victim's channels, language, formats and safe times to call."""
        values = await form_values(request)
        channels = [c for c in (await request.form()).getall("channels", []) if isinstance(c, str)]
        errors, status = FormErrors(), 400
        wanted = read_preferences(values, channels[:10], errors)
        if wanted is not None:
            try:
                await participation.set_preferences(
                    request.user, case_id, wanted, request.app.state.today()
                )
                return Redirect(f"/cases/{case_id}?done=preferences-saved", status_code=303)
            except DomainError as exc:
                status = refusal(exc, PREFERENCE_FIELDS, errors)
        return await _preferences_page(request, case_id, status, values, channels[:10], errors)
