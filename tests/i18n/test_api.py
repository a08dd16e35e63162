"""The core API a static site calls: catalogues for Jinja2, labels, country names, dates."""

from __future__ import annotations

import jinja2
import pytest

from incidentctl import i18n
from incidentctl.errors import UsageError

NNBSP = "\u202f"  # CLDR's narrow no-break space, before Russian «г.»


def test_labels_use_their_vocabulary_as_context() -> None:
    assert i18n.label("type", "disbarment", "ru") == "Лишение адвокатской лицензии"
    assert i18n.label("type", "disbarment", "fr") == "Radiation du barreau"
    assert i18n.label("type", "disbarment", "en") == "Disbarment"
    assert i18n.label("violation", "arbitrary-detention", "fr") == "Détention arbitraire"
    # one English word, two Russian ones: the vocabulary tells them apart
    assert i18n.label("sex", "unknown", "ru") == "Не известен"
    assert i18n.label("status", "unknown", "ru") == "Неизвестно"
    assert i18n.label("type", "not-a-type", "ru") == "not-a-type", "shown as stored"


def test_country_names_are_iso_translations_and_language_names_cldrs() -> None:
    assert i18n.country_name("KZ", "ru") == "Казахстан"
    assert i18n.country_name("BE", "fr") == "Belgique"
    assert i18n.country_name("BO", "en") == "Bolivia", "the common name where ISO has one"
    assert i18n.country_name("XX", "ru") == "XX"
    assert i18n.language_name("ru", "fr") == "russe", "as French writes it in a sentence"
    assert i18n.language_name("kk", "ru") == "казахский"
    assert i18n.language_name("en", "en") == "English"


@pytest.mark.parametrize(
    ("iso", "lang", "words"),
    [
        ("2019-05-21", "en", "21 May 2019"),
        ("2019-05-21", "ru", f"21 мая 2019{NNBSP}г."),
        ("2019-05-21", "fr", "21 mai 2019"),
        ("2019-05", "ru", f"май 2019{NNBSP}г."),
        ("2019-05", "fr", "mai 2019"),
        ("2019", "ru", "2019"),
    ],
)
def test_dates_in_the_locales_own_forms(iso: str, lang: str, words: str) -> None:
    assert i18n.date_words(iso, lang) == words


def test_translations_serve_jinja2_and_plurals() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(i18n.translations("ru"), newstyle=True)  # type: ignore[attr-defined]
    page = env.from_string("{% trans %}Incidents over time{% endtrans %}: {{ _('None.') }}")
    assert page.render() == "Динамика инцидентов: Нет."
    ru = i18n.translations("ru")
    assert [ru.ngettext("{n} incident", "{n} incidents", n).format(n=n) for n in (1, 3, 5)] == [
        "1 инцидент",
        "3 инцидента",
        "5 инцидентов",
    ]
    assert i18n.translations("en").gettext("None.") == "None."


def test_an_unknown_language_is_a_usage_error_listing_the_languages() -> None:
    with pytest.raises(UsageError) as caught:
        i18n.translations("xx")
    assert caught.value.exit_code == 2
    assert "en, fr, ru" in str(caught.value)
