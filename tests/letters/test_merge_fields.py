from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from letters import (
    FORBIDDEN_FIELDS,
    ForbiddenContent,
    LetterData,
    MissingMergeFields,
    Template,
    check_merge_fields,
    required_fields,
)
from tests.letters.factories import make_letter_data, make_letterhead, with_fields

COMMON = {
    "letterhead.unit_name",
    "letterhead.address_lines",
    "letterhead.phone",
    "reference",
    "letter_date",
    "addressee_name",
    "vlo_name",
    "offender_name",
}
OWN = {
    Template.INITIAL_OFFER: set(),
    Template.FOLLOW_UP: set(),
    Template.OPT_IN_CONFIRMATION: {"level"},
    Template.OPT_OUT_ACKNOWLEDGEMENT: set(),
    Template.NOMINATED_CONTACT_CONFIRMATION: {"nominee_name"},
    Template.KEY_STAGE_PAROLE_REVIEW: {"hearing_date", "vps_deadline"},
    Template.KEY_STAGE_RELEASE: {"release_date"},
    Template.KEY_STAGE_RECALL: {"recall_date"},
    Template.CONDITIONS_OUTCOME: {"conditions", "conditions_end"},
    Template.ANNUAL_CONTACT: set(),
    Template.CASE_CLOSURE: {"closure_reason"},
}


def blanked(data: LetterData, name: str) -> LetterData:
    """`data` with the one required detail `name` made blank."""
    if name.startswith("letterhead."):
        attribute = name.removeprefix("letterhead.")
        blank: Any = () if attribute == "address_lines" else "  "
        return replace(data, letterhead=replace(data.letterhead, **{attribute: blank}))
    if name == "letter_date":
        return replace(data, letter_date=None)  # type: ignore[arg-type]
    if hasattr(data, name):
        blank_text: dict[str, Any] = {name: " "}
        return replace(data, **blank_text)
    return with_fields(data, **{name: "" if not isinstance(data.fields[name], list) else []})


@pytest.mark.parametrize("template", list(Template))
def test_required_fields_are_the_common_ones_plus_the_templates_own(template: Template) -> None:
    assert required_fields(template) == frozenset(COMMON | OWN[template])


@pytest.mark.parametrize("template", list(Template))
def test_full_data_passes(template: Template) -> None:
    check_merge_fields(template, make_letter_data(template))


@pytest.mark.parametrize(
    ("template", "name"),
    [(t, n) for t in Template for n in sorted(required_fields(t))],
)
def test_each_required_field_blanked_is_named(template: Template, name: str) -> None:
    with pytest.raises(MissingMergeFields) as caught:
        check_merge_fields(template, blanked(make_letter_data(template), name))
    assert caught.value.missing == (name,)
    assert name in str(caught.value)


@pytest.mark.parametrize("template", [t for t in Template if OWN[t]])
def test_each_required_field_left_out_is_named(template: Template) -> None:
    data = replace(make_letter_data(template), fields={})
    with pytest.raises(MissingMergeFields) as caught:
        check_merge_fields(template, data)
    assert set(caught.value.missing) == OWN[template]


def test_every_missing_detail_is_listed_at_once_in_plain_words() -> None:
    data = replace(
        make_letter_data(Template.KEY_STAGE_PAROLE_REVIEW),
        addressee_name="",
        offender_name="   ",
        letterhead=make_letterhead(phone=""),
        fields={"hearing_date": date(2026, 7, 14)},
    )
    with pytest.raises(MissingMergeFields) as caught:
        check_merge_fields(Template.KEY_STAGE_PAROLE_REVIEW, data)
    assert set(caught.value.missing) == {
        "addressee_name",
        "offender_name",
        "letterhead.phone",
        "vps_deadline",
    }
    message = str(caught.value)
    assert "4 details are missing" in message
    assert "the name of the person the letter is to" in message
    assert "the offender's name" in message
    assert "Victim Personal Statement" in message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("template", "name", "bad"),
    [
        (Template.KEY_STAGE_PAROLE_REVIEW, "hearing_date", "14/07/2026"),
        (Template.KEY_STAGE_RELEASE, "release_date", "September 2026"),
        (Template.CONDITIONS_OUTCOME, "conditions", "Not to contact Alex Example"),
        (Template.CONDITIONS_OUTCOME, "conditions", ["Not to contact Alex Example", " "]),
        (Template.CONDITIONS_OUTCOME, "conditions_end", ["2031-09-20"]),
        (Template.OPT_IN_CONFIRMATION, "level", "everything"),
        (Template.OPT_IN_CONFIRMATION, "contact_method", "carrier pigeon"),
        (Template.CASE_CLOSURE, "closure_reason", date(2026, 3, 3)),
        (Template.NOMINATED_CONTACT_CONFIRMATION, "nominee_name", ["Rhys Enghraifft"]),
    ],
)
def test_a_field_of_the_wrong_kind_is_not_usable(template: Template, name: str, bad: Any) -> None:
    with pytest.raises(MissingMergeFields) as caught:
        check_merge_fields(template, with_fields(make_letter_data(template), **{name: bad}))
    assert caught.value.missing == (name,)


def test_contact_method_is_optional() -> None:
    data = with_fields(make_letter_data(Template.OPT_IN_CONFIRMATION), contact_method=None)
    assert "contact_method" not in data.fields
    check_merge_fields(Template.OPT_IN_CONFIRMATION, data)


def test_address_lines_may_be_empty_for_an_email_letter() -> None:
    check_merge_fields(Template.ANNUAL_CONTACT, make_letter_data(address_lines=()))


def test_the_forbidden_fields_are_exactly_these() -> None:
    assert (
        frozenset({"prison", "prison_name", "establishment", "offender_address", "release_address"})
        == FORBIDDEN_FIELDS
    )


@pytest.mark.parametrize("key", sorted(FORBIDDEN_FIELDS))
@pytest.mark.parametrize("template", [Template.KEY_STAGE_RELEASE, Template.ANNUAL_CONTACT])
def test_each_forbidden_key_is_refused(template: Template, key: str) -> None:
    data = with_fields(make_letter_data(template), **{key: "HMP Nowhere"})
    with pytest.raises(ForbiddenContent) as caught:
        check_merge_fields(template, data)
    assert caught.value.fields == (key,)
    assert key in str(caught.value)


@pytest.mark.parametrize("key", ["Prison", " prison_name ", "Release Address", "offender-address"])
def test_forbidden_keys_are_recognised_whatever_their_case_or_spacing(key: str) -> None:
    data = with_fields(make_letter_data(Template.KEY_STAGE_RELEASE), **{key: "HMP Nowhere"})
    with pytest.raises(ForbiddenContent):
        check_merge_fields(Template.KEY_STAGE_RELEASE, data)


def test_all_forbidden_keys_are_listed_and_refusal_comes_before_missing() -> None:
    data = replace(
        make_letter_data(Template.KEY_STAGE_RELEASE),
        addressee_name="",
        fields={"release_address": "1 Secret Lane", "prison": "HMP Nowhere"},
    )
    with pytest.raises(ForbiddenContent) as caught:
        check_merge_fields(Template.KEY_STAGE_RELEASE, data)
    assert caught.value.fields == ("prison", "release_address")
