import re
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from letters import (
    TEMPLATE_VERSIONS,
    ForbiddenContent,
    Language,
    MissingMergeFields,
    Template,
    render_html,
)
from letters.render import ENVIRONMENT, TEMPLATE_DIR
from tests.letters.factories import make_letter_data, with_fields

ALL = [(t, lang) for t in Template for lang in Language]


def html_for(template: Template, language: Language, **overrides: object) -> str:
    return render_html(template, language, make_letter_data(template, **overrides))


def visible_text(html: str) -> str:
    body = html.split("<body", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize(("template", "language"), ALL)
def test_every_template_exists_in_both_languages(template: Template, language: Language) -> None:
    assert (TEMPLATE_DIR / language.value / f"{template.value}.html").is_file()


@pytest.mark.parametrize(("template", "language"), ALL)
def test_html_has_language_title_and_version(template: Template, language: Language) -> None:
    html = html_for(template, language)
    assert f'<html lang="{language.value}">' in html
    assert re.search(r"<title>[^<]+ - VCS/VLU-EXA/000123</title>", html)
    assert TEMPLATE_VERSIONS[template] in html
    assert 'content="2026-03-03"' in html  # the PDF's date is the letter date, not the clock


WELSH_FIELDS = {
    "conditions": [
        "Peidio â chysylltu ag Alex Example heb gymeradwyaeth eich swyddog goruchwylio."
    ],
    "closure_reason": "mae'r ddedfryd wedi dod i ben.",
}


@pytest.mark.parametrize("template", list(Template))
def test_welsh_html_is_welsh_through_and_through(template: Template) -> None:
    data = make_letter_data(template)
    welsh_fields = {k: v for k, v in WELSH_FIELDS.items() if k in data.fields}
    text = visible_text(render_html(template, Language.CY, with_fields(data, **welsh_fields)))
    for welsh in ("Annwyl Alex Example,", "Yn gywir,", "Swyddog Cyswllt Dioddefwyr", "Ffôn"):
        assert welsh in text
    for english in ("Dear", "Yours sincerely", "Victim Liaison Officer", "Our reference", "the "):
        assert english not in text
    assert len(re.findall(r"\b(yn|a|i|eich|y|ar|am|chi)\b", text)) > 10


@pytest.mark.parametrize("template", list(Template))
def test_english_letters_are_english_and_offer_welsh(template: Template) -> None:
    html = html_for(template, Language.EN)
    text = visible_text(html)
    assert "Dear Alex Example," in text
    assert "Yours sincerely," in text
    assert "Annwyl" not in text
    if template not in (Template.OPT_OUT_ACKNOWLEDGEMENT, Template.CASE_CLOSURE):
        assert '<p lang="cy">Gallwn ysgrifennu atoch yn Gymraeg' in html


def test_names_are_escaped_not_interpreted() -> None:
    html = html_for(Template.INITIAL_OFFER, Language.CY, addressee_name="Siân O'Brien <b>")
    assert "Siân O&#39;Brien &lt;b&gt;" in html
    assert "<b>" not in html


def test_victim_name_is_shown_only_when_the_letter_is_to_someone_else() -> None:
    to_parent = html_for(
        Template.ANNUAL_CONTACT,
        Language.EN,
        addressee_name="Siân Enghraifft",
        victim_name="Alex Example",
    )
    assert "Victim's name: Alex Example" in to_parent.replace("&#39;", "'")
    to_victim = html_for(Template.ANNUAL_CONTACT, Language.EN, victim_name=" alex example ")
    assert "Victim&#39;s name" not in to_victim
    welsh = html_for(
        Template.ANNUAL_CONTACT,
        Language.CY,
        addressee_name="Siân Enghraifft",
        victim_name="Alex Example",
    )
    assert "Enw&#39;r dioddefwr: Alex Example" in welsh


@pytest.mark.parametrize("language", list(Language))
def test_release_letter_prints_the_month_never_the_date(language: Language) -> None:
    text = visible_text(html_for(Template.KEY_STAGE_RELEASE, language))
    month = {Language.EN: "September 2026", Language.CY: "Medi 2026"}[language]
    assert month in text
    assert "21 " + month not in text
    assert "21" not in text.replace("VCS/VLU-EXA/000123", "")


@pytest.mark.parametrize("language", list(Language))
def test_dates_in_fields_are_printed_in_long_form(language: Language) -> None:
    text = visible_text(html_for(Template.KEY_STAGE_PAROLE_REVIEW, language))
    expected = {
        Language.EN: ("14 July 2026", "16 June 2026"),
        Language.CY: ("14 Gorffennaf 2026", "16 Mehefin 2026"),
    }[language]
    for long_date in expected:
        assert long_date in text


@pytest.mark.parametrize(
    ("language", "level", "words"),
    [
        (Language.EN, "release_month", "news of the month of release only"),
        (Language.EN, "annual", "a letter once a year"),
        (Language.EN, "key_stages", "news of every key stage of the sentence"),
        (Language.CY, "release_month", "newyddion am fis rhyddhau"),
        (Language.CY, "annual", "llythyr unwaith y flwyddyn"),
        (Language.CY, "key_stages", "newyddion am bob cam pwysig yn y ddedfryd"),
    ],
)
def test_opt_in_level_is_printed_as_words(language: Language, level: str, words: str) -> None:
    data = with_fields(make_letter_data(Template.OPT_IN_CONFIRMATION), level=level)
    text = visible_text(render_html(Template.OPT_IN_CONFIRMATION, language, data))
    assert words in text.replace("&#39;", "'")
    assert level not in text


def test_opt_in_without_contact_method_prints_no_blank() -> None:
    data = with_fields(make_letter_data(Template.OPT_IN_CONFIRMATION), contact_method=None)
    text = visible_text(render_html(Template.OPT_IN_CONFIRMATION, Language.EN, data))
    assert "We will contact you ." not in text
    assert "We will write to you in English." in text


def test_conditions_are_listed_one_by_one() -> None:
    html = html_for(Template.CONDITIONS_OUTCOME, Language.EN)
    assert html.count("<li>Not to") == 2
    assert "20 September 2031" in html


def test_a_prison_smuggled_in_another_field_is_never_printed() -> None:
    data = with_fields(
        make_letter_data(Template.KEY_STAGE_RELEASE), notes="HMP Smuggled", where="Flat 9"
    )
    for language in Language:
        html = render_html(Template.KEY_STAGE_RELEASE, language, data)
        assert "HMP Smuggled" not in html
        assert "Flat 9" not in html


def test_render_refuses_forbidden_and_missing_fields() -> None:
    data = with_fields(make_letter_data(Template.KEY_STAGE_RELEASE), prison="HMP Nowhere")
    with pytest.raises(ForbiddenContent):
        render_html(Template.KEY_STAGE_RELEASE, Language.EN, data)
    with pytest.raises(MissingMergeFields):
        render_html(Template.FOLLOW_UP, Language.CY, make_letter_data(vlo_name=""))


@pytest.mark.parametrize("language", list(Language))
def test_large_print_is_18pt_on_the_body(language: Language) -> None:
    data = make_letter_data(Template.KEY_STAGE_RECALL)
    large = render_html(Template.KEY_STAGE_RECALL, language, data, large_print=True)
    standard = render_html(Template.KEY_STAGE_RECALL, language, data)
    assert '<body class="large-print">' in large
    assert '<body class="standard-print">' in standard
    rule = re.search(r"body\.large-print \{([^}]*)\}", large)
    assert rule is not None
    size = re.search(r"font-size:\s*(\d+)pt", rule.group(1))
    assert size is not None and int(size.group(1)) >= 16
    assert "line-height: 1.6" in rule.group(1)


def test_templates_fail_loudly_on_anything_undefined() -> None:
    template = ENVIRONMENT.from_string("Dear {{ addressee_nam }},")
    with pytest.raises(UndefinedError):
        template.render(addressee_name="Alex Example")


def test_no_template_prints_the_word_none_or_leftover_braces() -> None:
    for template, language in ALL:
        html = render_html(template, language, make_letter_data(template))
        text = visible_text(html)
        assert "None" not in text
        assert "{{" not in html and "}}" not in html and "{%" not in html


def test_template_files_name_only_known_fields() -> None:
    known = {
        "level",
        "contact_method",
        "nominee_name",
        "hearing_date",
        "vps_deadline",
        "release_date",
        "recall_date",
        "conditions",
        "conditions_end",
        "closure_reason",
    }
    for path in Path(TEMPLATE_DIR).rglob("*.html"):
        named = set(re.findall(r"\bf\.(\w+)", path.read_text(encoding="utf-8")))
        assert named <= known, path
