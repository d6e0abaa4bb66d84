"""Proof that nothing of a victim's whereabouts reaches the offender side (issue 15, must-have 7),
driven by the application's route table.

Distinctive synthetic details of a victim, a co-victim and the victim's nominated contact are
planted, in the forms a VLO might type them (generated with hypothesis: postcodes with any
spacing, hyphen or case; phones as +44, 0044, with dots or brackets; dates of birth written many
ways; address lines with punctuation; emails in any case), in every free-text field that reaches
the offender side, and in the metadata of an uploaded map. Then every GET route that an offender
manager or a national manager may call (read from its `allow(...)` guard) is fetched with real
ids: JSON, pages, PDFs (text, document information, scripts, XMP, embedded images), CSV and
images (text chunks, EXIF with GPS, XMP). None of the details may come out, in any form: the
output is normalised as the details are (squashed lowercase, digits only). A plant the service
refuses (4xx) is not a leak.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from api.web.session import SESSION_COOKIE
from tests.api import leak_details as details
from tests.api.leak_details import CO_VICTIM, NOMINEE, VICTIM, Person, in_words, leaks_in
from tests.api.leak_outputs import image_metadata, readable
from tests.api.leak_world import ALTERNATIVE, KEY_STAGE, SCREENED, LeakWorld, build
from tests.api.route_table import ROWS, Route, app_routes, resolve
from tests.fixtures import World, shared_app
from vcs.core.actors import Role

READERS = {Role.OFFENDER_MANAGER: "om", Role.NATIONAL_MANAGER: "national"}
SCHEME_TABLES = ("participation", "letters", "conditions", "key_stage_tasks")
ROUTES = app_routes(shared_app())
RUNS = settings(
    max_examples=1,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: every run fetches every route
    suppress_health_check=list(HealthCheck),
)


def routes_for(role: Role) -> list[Route]:
    """Every GET route the role may call, and those open to anyone."""
    return [
        r for r in ROUTES if r.method == "GET" and (role in r.allowed_roles or not r.role_guards)
    ]


def _urls(route: Route, leak: LeakWorld) -> Iterator[tuple[str, dict[str, Any]]]:
    """The route with every combination of real ids, and each query it takes."""
    # A kept form's key is random and the person's own: the sweep asks for one nobody kept.
    ids = {"offender_id": [leak.offender_id], "key": ["unknown"], **leak.ids}
    row = ROWS.get(route.key)
    query = dict(resolve(row.query, None) or {}) if row else {}  # type: ignore[arg-type]
    queries = [query]
    if route.path.endswith("scheme.csv"):
        queries = [{**query, "table": t} for t in SCHEME_TABLES]
    for values in itertools.product(*(ids[p] for p in route.params)):
        url = route.path.format(**dict(zip(route.params, values, strict=True)))
        for q in queries:
            yield url, q


def fetch_everything(leak: LeakWorld) -> Iterator[tuple[str, bytes, str]]:
    """(who and where, body, content) for every GET route an offender manager or a national
    manager may call; the meeting pack also as a PDF."""
    world = leak.world
    for role, user in READERS.items():
        for route in routes_for(role):
            accepts = ["application/json"]
            if route.path.endswith("/pack"):
                accepts.append("application/pdf")
            for (url, query), accept in itertools.product(_urls(route, leak), accepts):
                world.client.cookies.clear()
                headers = {"Accept": accept}
                if route.is_page:
                    headers["Cookie"] = f"{SESSION_COOKIE}={world.tokens[user]}"
                else:
                    headers.update(world.headers(user))
                response = world.client.get(url, headers=headers, params=query)
                assert response.status_code < 500, (url, response.status_code)
                where = f"{user} GET {url} {accept} -> {response.status_code}"
                yield where, response.content, readable(response.content, response.text)


def assert_nothing_leaks(leak: LeakWorld, images_bare: bool = False) -> None:
    """No detail comes out of any route; with `images_bare`, no image served carries any
    metadata (GPS, EXIF, text chunks, comments, XMP) either."""
    found = []
    for where, body, text in fetch_everything(leak):
        found += [f"{n.person} {n.kind} in {where}" for n in leaks_in(text)]
        if images_bare and body.startswith((b"\x89PNG", b"\xff\xd8\xff")):
            found += [f"image metadata {kept} in {where}" for kept in image_metadata(body)]
    planted = "\n".join(f"  {field}: {text!r}" for field, text in leak.planted)
    assert not found, (
        "victims' details reached the offender side:\n"
        + "\n".join(sorted(set(found)))
        + f"\nplanted and accepted:\n{planted}"
    )


def plant_everywhere(leak: LeakWorld, texts: list[str], fields: tuple[str, ...]) -> None:
    """Each text in each field (a refusal names the fields it refuses: it hides nothing)."""
    for text in texts:
        assert leaks_in(text), f"the detector would not see {text!r}"
        leak.plant(in_words(text), fields)


# ---- The details as stored: the screen has long refused them ------------------------------


@pytest.fixture
def leak(world: World) -> LeakWorld:
    return build(world)


def test_the_sweep_reaches_every_route_of_the_offender_side(leak: LeakWorld) -> None:
    seen = {where.split(" ")[2] for where, _, _ in fetch_everything(leak)}
    assert f"/offenders/{leak.offender_id}" in seen
    assert f"/api/v1/offenders/{leak.offender_id}/pre-meeting" in seen
    assert any(url.endswith("/representation.pdf") for url in seen)
    assert any(url.startswith("/manager/reports") for url in seen)
    assert len(seen) > 30


def test_the_details_as_stored_are_kept_out_of_every_screened_field(leak: LeakWorld) -> None:
    texts = [t for p in (VICTIM, NOMINEE) for t in details.exact_forms(p)]
    plant_everywhere(leak, texts, SCREENED)
    assert_nothing_leaks(leak)


# ---- The details written the many ways a VLO might type them ------------------------------


def _family(strategy: Callable[[Person], st.SearchStrategy[str]]) -> st.SearchStrategy[Any]:
    """Two forms for the victim and two for the nominee (one for a person without it)."""
    people = [p for p in (VICTIM, NOMINEE) if strategy is not details.dates_of_birth or p.born]
    return st.tuples(*(st.lists(strategy(p), min_size=2, max_size=2, unique=True) for p in people))


def _variant_test(strategy: Callable[[Person], st.SearchStrategy[str]]) -> Callable[..., None]:
    @RUNS
    @given(forms=_family(strategy))
    def check(leak: LeakWorld, forms: tuple[list[str], ...]) -> None:
        plant_everywhere(leak, [t for person in forms for t in person], SCREENED)
        assert_nothing_leaks(leak)

    return check


test_postcodes_with_any_spacing_hyphen_or_case_are_kept_out = example(
    forms=(["E5-2FU", "e5 2fu"], ["SE15-4NB", "se154nb"])
)(_variant_test(details.postcodes))
test_phones_written_any_way_are_kept_out = example(
    forms=(["+44 7700 900993", "0044 7700.900.993"], ["+447700900352", "(07700) 900352"])
)(_variant_test(details.phones))
test_dates_of_birth_written_any_way_are_kept_out = example(
    forms=(["5th November 1965", "05.11.65"],)
)(_variant_test(details.dates_of_birth))
test_more_dates_of_birth_are_kept_out = example(forms=(["November 5, 1965", "5 Nov 1965"],))(
    _variant_test(details.dates_of_birth)
)
test_address_lines_with_any_punctuation_are_kept_out = example(
    forms=(["119, Mill Lane", "119 MILL LANE."], ["8, Harbour View", "8-harbour view"])
)(_variant_test(details.address_lines))
test_emails_in_any_case_are_kept_out = example(
    forms=(
        ["Quinn.Leakcheck@Example.com", "QUINN.LEAKCHECK@EXAMPLE.COM"],
        ["SAGE.HARBOUR@EXAMPLE.NET", "Sage.Harbour@example.NET"],
    )
)(_variant_test(details.emails))


CO_VICTIM_FORMS = st.one_of(
    *(
        f(CO_VICTIM)
        for f in (
            details.postcodes,
            details.phones,
            details.dates_of_birth,
            details.address_lines,
            details.emails,
        )
    )
)


@RUNS
@given(forms=st.lists(CO_VICTIM_FORMS, min_size=3, max_size=3, unique=True))
@example(forms=details.exact_forms(CO_VICTIM))
def test_a_co_victims_details_are_kept_out_of_the_victims_words(
    leak: LeakWorld, forms: list[str]
) -> None:
    plant_everywhere(leak, forms, SCREENED)
    assert_nothing_leaks(leak)


# ---- Fields and files outside the screen's old reach --------------------------------------


def test_key_stage_details_keep_the_details_out(leak: LeakWorld) -> None:
    """Issue 15, finding 1: key-stage details were read verbatim by the offender manager."""
    plant_everywhere(leak, [VICTIM.line1, VICTIM.postcode, NOMINEE.phone], KEY_STAGE)
    assert_nothing_leaks(leak)


def test_alternatives_keep_the_details_out(leak: LeakWorld) -> None:
    plant_everywhere(leak, [VICTIM.line1, VICTIM.phone, NOMINEE.email], ALTERNATIVE)
    assert_nothing_leaks(leak)


def _png() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Description", f"Victim home {VICTIM.line1} {VICTIM.postcode}")
    info.add_itxt("Author", f"Call {VICTIM.phone}")
    out = BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = f"Victim home {VICTIM.line1} {VICTIM.postcode}"  # ImageDescription
    exif[0x013B] = NOMINEE.phone  # Artist
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 33.0, 24.0), 3: "W", 4: (0.0, 3.0, 5.0)})
    out = BytesIO()
    image = Image.new("RGB", (40, 30), "white")
    image.save(out, "JPEG", exif=exif, comment=f"Email {VICTIM.email}")
    return out.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": VICTIM.line1, "/Subject": f"Call {VICTIM.phone}"})
    writer.add_open_action(JavaScript(f"app.alert('{VICTIM.email} {VICTIM.postcode}');"))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_uploaded_maps_reach_the_offender_side_without_their_metadata(leak: LeakWorld) -> None:
    """Issue 15, finding 2: a map went to the offender manager byte for byte, its EXIF holding
    GPS and the victim's address, a PDF map its author, subject and a script."""
    for content, name in ((_png(), "map.png"), (_jpeg(), "map.jpg"), (_pdf(), "map.pdf")):
        leak.plant_map(content, name)
    assert_nothing_leaks(leak, images_bare=True)
