"""Tests for the Victim Contact Scheme eligibility rules (DVCVA 2004 ss.35-45)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vcs.referrals.eligibility import (
    ContactRoute,
    EligibilityDecision,
    EligibilityStatus,
    OffenceFacts,
    SentenceFacts,
    decide_eligibility,
)
from vcs.referrals.eligibility_rules import (
    RULE_SETS,
    OffenceCategory,
    RuleSet,
    SentenceType,
    rule_set_for,
)

SENTENCED = date(2024, 3, 15)
STATUTORY = EligibilityStatus.STATUTORY
DISCRETIONARY = EligibilityStatus.DISCRETIONARY
INELIGIBLE = EligibilityStatus.INELIGIBLE
VLO = ContactRoute.VLO
MANAGERS = ContactRoute.HOSPITAL_MANAGERS

MURDER = OffenceFacts(OffenceCategory.MURDER, description="Murder")
VIOLENT = OffenceFacts(OffenceCategory.VIOLENT, description="Wounding with intent")
SEXUAL = OffenceFacts(OffenceCategory.SEXUAL, description="Rape")
TERRORISM = OffenceFacts(OffenceCategory.TERRORISM, description="Preparation of terrorist acts")
CHILD = OffenceFacts(OffenceCategory.OTHER, against_child=True, description="Child cruelty")
THEFT = OffenceFacts(OffenceCategory.OTHER, description="Theft")


def sentence(kind: SentenceType, months: int | None = None) -> SentenceFacts:
    return SentenceFacts(type=kind, sentenced_on=SENTENCED, length_months=months)


def decide(
    offences: list[OffenceFacts], kind: SentenceType, months: int | None = None
) -> EligibilityDecision:
    return decide_eligibility(offences, sentence(kind, months))


def text(decision: EligibilityDecision) -> str:
    return " | ".join(decision.reasons)


# (offences, sentence type, length, status, route, phrases every one of which is in the reasons)
CASES = [
    pytest.param(
        [MURDER],
        SentenceType.LIFE,
        None,
        STATUTORY,
        VLO,
        ["Murder is a violent offence under the Act", "A life sentence is a relevant sentence"],
        id="murder-life",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.IMPRISONMENT,
        12,
        STATUTORY,
        VLO,
        ["Wounding with intent is a violent offence", "Imprisonment for 12 months meets the 12"],
        id="violent-imprisonment-12-exactly",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.IMPRISONMENT,
        18,
        STATUTORY,
        VLO,
        ["Imprisonment for 18 months meets the 12-month threshold"],
        id="violent-imprisonment-18",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.IMPRISONMENT,
        11,
        INELIGIBLE,
        None,
        ["Imprisonment for 11 months is below the 12-month threshold", "no relevant sentence"],
        id="violent-imprisonment-11",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.IMPRISONMENT,
        None,
        INELIGIBLE,
        None,
        ["the sentence length was not given, so the 12-month threshold cannot be confirmed"],
        id="violent-imprisonment-length-missing",
    ),
    pytest.param(
        [SEXUAL],
        SentenceType.YOUTH_DETENTION,
        24,
        STATUTORY,
        VLO,
        ["Rape is a sexual offence under the Act", "Youth detention for 24 months meets"],
        id="sexual-youth-detention-24",
    ),
    pytest.param(
        [SEXUAL],
        SentenceType.YOUTH_DETENTION,
        None,
        INELIGIBLE,
        None,
        ["the sentence length was not given"],
        id="sexual-youth-detention-length-missing",
    ),
    pytest.param(
        [TERRORISM],
        SentenceType.EXTENDED,
        None,
        STATUTORY,
        VLO,
        ["is a terrorism offence under the Act", "An extended sentence is a relevant sentence"],
        id="terrorism-extended",
    ),
    pytest.param(
        [CHILD],
        SentenceType.IMPRISONMENT,
        12,
        STATUTORY,
        VLO,
        ["Child cruelty was committed against a child", "Imprisonment for 12 months meets"],
        id="other-against-child-imprisonment-12",
    ),
    pytest.param(
        [THEFT],
        SentenceType.IMPRISONMENT,
        60,
        INELIGIBLE,
        None,
        ["No qualifying offence: Theft is not", "Not eligible for the Victim Contact Scheme"],
        id="other-not-against-child-60-months",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.SUSPENDED,
        24,
        INELIGIBLE,
        None,
        ["A suspended sentence is not a relevant sentence under the Act"],
        id="violent-suspended",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.COMMUNITY,
        None,
        INELIGIBLE,
        None,
        ["A community sentence is not a relevant sentence under the Act"],
        id="violent-community",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.OTHER,
        36,
        INELIGIBLE,
        None,
        ["is not a relevant sentence under the Act"],
        id="violent-other-sentence",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.HOSPITAL_ORDER,
        None,
        STATUTORY,
        MANAGERS,
        ["the hospital managers, not a Victim Liaison Officer, give the victim information"],
        id="hospital-order-unrestricted",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.HOSPITAL_ORDER_RESTRICTED,
        None,
        STATUTORY,
        VLO,
        ["A hospital order with a restriction order", "a Victim Liaison Officer is assigned"],
        id="hospital-order-restricted",
    ),
    pytest.param(
        [SEXUAL],
        SentenceType.HOSPITAL_DIRECTION,
        None,
        STATUTORY,
        VLO,
        ["A hospital direction with a limitation direction is a relevant sentence"],
        id="hospital-direction",
    ),
    pytest.param(
        [MURDER],
        SentenceType.HMP,
        None,
        STATUTORY,
        VLO,
        ["Detention at His Majesty's pleasure is a relevant sentence"],
        id="hmp",
    ),
    pytest.param(
        [SEXUAL],
        SentenceType.IPP,
        None,
        STATUTORY,
        VLO,
        ["Imprisonment for public protection is a relevant sentence"],
        id="ipp",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.DTO,
        12,
        STATUTORY,
        VLO,
        ["A detention and training order for 12 months meets the 12-month threshold"],
        id="dto-12",
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.DTO,
        6,
        INELIGIBLE,
        None,
        ["A detention and training order for 6 months is below the 12-month threshold"],
        id="dto-6",
    ),
    pytest.param(
        [THEFT],
        SentenceType.SUSPENDED,
        6,
        INELIGIBLE,
        None,
        ["Not eligible for the Victim Contact Scheme: no qualifying offence and no relevant"],
        id="neither-holds",
    ),
    pytest.param(
        [THEFT, OffenceFacts(OffenceCategory.OTHER, description="Fraud"), SEXUAL],
        SentenceType.IMPRISONMENT,
        30,
        STATUTORY,
        VLO,
        ["Rape is a sexual offence under the Act"],
        id="several-offences-one-qualifies",
    ),
    pytest.param(
        [THEFT, OffenceFacts(OffenceCategory.OTHER, description="Fraud")],
        SentenceType.IMPRISONMENT,
        30,
        INELIGIBLE,
        None,
        ["none of the offences (Theft; Fraud) is a sexual, violent or terrorism offence"],
        id="several-offences-none-qualifies",
    ),
    pytest.param(
        [OffenceFacts(OffenceCategory.MURDER)],
        SentenceType.LIFE,
        None,
        STATUTORY,
        VLO,
        ["Murder is a violent offence under the Act"],
        id="murder-without-description",
    ),
    pytest.param(
        [OffenceFacts(OffenceCategory.VIOLENT, against_child=True)],
        SentenceType.IMPRISONMENT,
        1,
        INELIGIBLE,
        None,
        ["The offence is a violent offence", "Imprisonment for 1 month is below"],
        id="violent-against-child-1-month",
    ),
]


@pytest.mark.parametrize(("offences", "kind", "months", "status", "route", "phrases"), CASES)
def test_decide_eligibility(
    offences: list[OffenceFacts],
    kind: SentenceType,
    months: int | None,
    status: EligibilityStatus,
    route: ContactRoute | None,
    phrases: list[str],
) -> None:
    decision = decide(offences, kind, months)
    assert decision.status is status
    assert decision.route is route
    assert decision.rules_version == "dvcva-2004/2021-04-01"
    for phrase in phrases:
        assert phrase in text(decision)


def test_statutory_reasons_name_the_offence_and_the_sentence() -> None:
    decision = decide([MURDER], SentenceType.IMPRISONMENT, 18)
    assert "Murder is a violent offence under the Act" in decision.reasons
    assert "Imprisonment for 18 months meets the 12-month threshold" in decision.reasons


def test_several_offences_only_the_qualifying_one_is_given_as_a_reason() -> None:
    decision = decide([THEFT, SEXUAL], SentenceType.IMPRISONMENT, 30)
    assert "Theft" not in text(decision)


# (offences, sentence type, length, reason given, expected status, expected route)
DISCRETION_CASES = [
    pytest.param(
        [VIOLENT], SentenceType.IMPRISONMENT, 6, "Domestic abuse", DISCRETIONARY, VLO, id="short"
    ),
    pytest.param(
        [THEFT], SentenceType.COMMUNITY, None, "Stalking", DISCRETIONARY, VLO, id="neither"
    ),
    pytest.param([VIOLENT], SentenceType.IMPRISONMENT, 6, "", INELIGIBLE, None, id="empty"),
    pytest.param([VIOLENT], SentenceType.IMPRISONMENT, 6, "  \t\n", INELIGIBLE, None, id="blank"),
    pytest.param([VIOLENT], SentenceType.IMPRISONMENT, 6, None, INELIGIBLE, None, id="none"),
    pytest.param(
        [MURDER], SentenceType.LIFE, None, "Family asked", STATUTORY, VLO, id="statutory-stays"
    ),
    pytest.param(
        [VIOLENT],
        SentenceType.HOSPITAL_ORDER,
        None,
        "Family asked",
        STATUTORY,
        MANAGERS,
        id="hospital-order-stays-with-managers",
    ),
]


@pytest.mark.parametrize(
    ("offences", "kind", "months", "reason", "status", "route"), DISCRETION_CASES
)
def test_discretionary_reason(
    offences: list[OffenceFacts],
    kind: SentenceType,
    months: int | None,
    reason: str | None,
    status: EligibilityStatus,
    route: ContactRoute | None,
) -> None:
    decision = decide_eligibility(offences, sentence(kind, months), reason)
    assert decision.status is status
    assert decision.route is route


def test_discretionary_reasons_say_why_not_statutory_and_record_the_reason() -> None:
    decision = decide_eligibility(
        [VIOLENT], sentence(SentenceType.IMPRISONMENT, 6), "  Domestic abuse, repeat victim  "
    )
    assert decision.reasons[0] == (
        "Wounding with intent is a violent offence under the Act "
        "(Criminal Justice Act 2003, Schedule 15, Part 1)"
    )
    assert decision.reasons[1].startswith("Imprisonment for 6 months is below the 12-month")
    assert "Not eligible for statutory contact: no relevant sentence" in decision.reasons
    assert "Taken on at the Victim Liaison Unit's discretion: Domestic abuse, repeat victim" in (
        decision.reasons
    )
    assert "may not be entitled to make a Victim Personal Statement" in text(decision)


def test_statutory_decision_does_not_mention_a_discretionary_reason() -> None:
    with_reason = decide_eligibility([MURDER], sentence(SentenceType.LIFE), "Family asked")
    assert with_reason == decide_eligibility([MURDER], sentence(SentenceType.LIFE))
    assert "discretion" not in text(with_reason)


@pytest.mark.parametrize(
    ("offences", "length", "message"),
    [
        pytest.param([], 12, "At least one offence", id="no-offences"),
        pytest.param([VIOLENT], -1, "cannot be negative", id="negative-length"),
    ],
)
def test_invalid_input_is_refused(offences: list[OffenceFacts], length: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decide_eligibility(offences, sentence(SentenceType.IMPRISONMENT, length))


def test_negative_length_is_refused_even_where_length_does_not_matter() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        decide_eligibility([MURDER], sentence(SentenceType.LIFE, -5))


# --- rule sets ---------------------------------------------------------------------------------

LATER = RuleSet(
    version="synthetic/2026-06-01",
    in_force_from=date(2026, 6, 1),
    threshold_months=6,
    always_relevant_sentences=RULE_SETS[0].always_relevant_sentences | {SentenceType.SUSPENDED},
)
CUSTOM = (LATER, RULE_SETS[0])  # deliberately out of date order


def test_the_first_rule_set_is_in_force_from_1_april_2021() -> None:
    first = RULE_SETS[0]
    assert first.version == "dvcva-2004/2021-04-01"
    assert first.in_force_from == date(2021, 4, 1)
    assert first.threshold_months == 12


@pytest.mark.parametrize(
    ("on", "version"),
    [
        pytest.param(date(2010, 1, 1), "dvcva-2004/2021-04-01", id="before-first"),
        pytest.param(date(2021, 3, 31), "dvcva-2004/2021-04-01", id="day-before-first"),
        pytest.param(date(2021, 4, 1), "dvcva-2004/2021-04-01", id="first-day"),
        pytest.param(date(2026, 5, 31), "dvcva-2004/2021-04-01", id="day-before-later"),
        pytest.param(date(2026, 6, 1), "synthetic/2026-06-01", id="later-first-day"),
        pytest.param(date(2030, 1, 1), "synthetic/2026-06-01", id="after-later"),
    ],
)
def test_rule_set_for_picks_the_latest_in_force(on: date, version: str) -> None:
    assert rule_set_for(on, rule_sets=CUSTOM).version == version


def test_rule_set_for_defaults_to_the_real_rule_sets() -> None:
    assert rule_set_for(date(2030, 1, 1)) is RULE_SETS[-1]
    assert rule_set_for(date(2000, 1, 1)) is RULE_SETS[0]


@pytest.mark.parametrize(
    ("rule_sets", "message"),
    [
        pytest.param((), "No eligibility rule sets", id="empty"),
        pytest.param(
            (RULE_SETS[0], replace(RULE_SETS[0], version="copy")), "same date", id="same-date"
        ),
    ],
)
def test_rule_set_for_refuses_bad_configuration(
    rule_sets: tuple[RuleSet, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        rule_set_for(date(2024, 1, 1), rule_sets=rule_sets)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"threshold_months": -1}, "negative", id="negative-threshold"),
        pytest.param({"threshold_sentences": frozenset({SentenceType.LIFE})}, "both", id="overlap"),
        pytest.param(
            {"hospital_managers_sentences": frozenset({SentenceType.COMMUNITY})},
            "hospital managers",
            id="managers-not-relevant",
        ),
    ],
)
def test_rule_set_refuses_inconsistent_rules(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RuleSet(version="bad", in_force_from=date(2030, 1, 1), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("on", "kind", "months", "status", "version"),
    [
        pytest.param(
            date(2026, 5, 31), SentenceType.IMPRISONMENT, 8, INELIGIBLE, "dvcva", id="8m-old"
        ),
        pytest.param(
            date(2026, 6, 1), SentenceType.IMPRISONMENT, 8, STATUTORY, "synthetic", id="8m-new"
        ),
        pytest.param(
            date(2026, 5, 31), SentenceType.SUSPENDED, 8, INELIGIBLE, "dvcva", id="susp-old"
        ),
        pytest.param(
            date(2026, 6, 1), SentenceType.SUSPENDED, 8, STATUTORY, "synthetic", id="susp-new"
        ),
    ],
)
def test_decision_uses_the_rule_set_in_force_on_the_sentence_date(
    on: date, kind: SentenceType, months: int, status: EligibilityStatus, version: str
) -> None:
    facts = SentenceFacts(type=kind, sentenced_on=on, length_months=months)
    decision = decide_eligibility([VIOLENT], facts, rule_sets=CUSTOM)
    assert decision.status is status
    assert decision.rules_version.startswith(version)


def test_later_threshold_is_used_in_the_reasons() -> None:
    facts = SentenceFacts(SentenceType.IMPRISONMENT, date(2027, 1, 1), length_months=None)
    decision = decide_eligibility([VIOLENT], facts, rule_sets=CUSTOM)
    assert "so the 6-month threshold cannot be confirmed" in text(decision)


def test_a_rule_set_may_stop_offences_against_children_qualifying() -> None:
    narrow = (replace(RULE_SETS[0], offences_against_children_qualify=False),)
    decision = decide_eligibility([CHILD], sentence(SentenceType.LIFE), rule_sets=narrow)
    assert decision.status is INELIGIBLE
    assert "no qualifying offence" in text(decision)


# --- properties --------------------------------------------------------------------------------

offences_strategy = st.lists(
    st.builds(
        OffenceFacts,
        category=st.sampled_from(OffenceCategory),
        against_child=st.booleans(),
        description=st.text(max_size=20),
    ),
    min_size=1,
    max_size=4,
)
sentence_strategy = st.builds(
    SentenceFacts,
    type=st.sampled_from(SentenceType),
    sentenced_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    length_months=st.none() | st.integers(min_value=0, max_value=600),
)
reason_strategy = st.none() | st.text(max_size=30)


@given(offences_strategy, sentence_strategy, reason_strategy)
def test_properties(offences: list[OffenceFacts], facts: SentenceFacts, reason: str | None) -> None:
    decision = decide_eligibility(offences, facts, reason)
    without_reason = decide_eligibility(offences, facts)
    has_reason = bool(reason and reason.strip())

    assert decision.reasons
    assert all(r.strip() for r in decision.reasons)
    assert decision.rules_version == "dvcva-2004/2021-04-01"
    if decision.status is INELIGIBLE:
        assert not has_reason
        assert decision.route is None
    else:
        assert decision.route is not None
    if decision.status is DISCRETIONARY:
        assert has_reason
        assert decision.route is VLO
    # Statutory never depends on the discretionary reason.
    assert (decision.status is STATUTORY) == (without_reason.status is STATUTORY)
    if decision.status is STATUTORY:
        assert decision == without_reason
    else:
        assert without_reason.status is INELIGIBLE
        assert "no qualifying offence" in text(decision) or "no relevant sentence" in text(decision)
