"""Countries in the analysts' languages, from ISO's own translations."""

from __future__ import annotations

import subprocess
import sys

import pytest

from incidentctl.record import iso


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("KZ", "KZ"),
        ("kaz", "KZ"),
        ("Kazakhstan", "KZ"),
        ("Казахстан", "KZ"),
        ("Қазақстан", "KZ"),
        ("Kasachstan", "KZ"),
        ("KASACHSTAN", "KZ"),
        ("Ouzbékistan", "UZ"),
        ("ouzbekistan", "UZ"),
        ("Узбекистан", "UZ"),
        ("Өзбекстан", "UZ"),
        ("Usbekistan", "UZ"),
        ("Russie", "RU"),
        ("Россия", "RU"),
        ("Russian Federation", "RU"),
        ("Бельгия", "BE"),
        ("Belgique", "BE"),
        ("Türkei", "TR"),
        ("turkei", "TR"),
    ],
)
def test_countries_in_the_sources_languages(typed: str, code: str) -> None:
    assert iso.normalise_country(typed) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Turkey", "TR"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("Кыргызстан", "KG"),
        ("Белоруссия", "BY"),
        ("Туркмения", "TM"),
        ("РФ", "RU"),
        ("Kirghizia", "KG"),
        ("Weißrussland", "BY"),
        ("Oʻzbekiston", "UZ"),
        ("Qazaqstan", "KZ"),
        ("Azərbaycan", "AZ"),
        ("Burma", "MM"),
    ],
)
def test_everyday_names_that_iso_and_cldr_lack_are_countries(typed: str, code: str) -> None:
    """An analyst's exploratory session: ``--country Turkey``, ``UK``, ``Кыргызстан`` (the
    official Russian name) were refused. Each comes from :data:`iso.EVERYDAY_NAMES`, which
    names its sources; and none of them names two countries."""
    assert iso.normalise_country(typed) == code
    assert iso.normalise_country(typed.upper()) == code


def test_the_everyday_names_never_override_iso_or_cldr() -> None:
    """A name there must not already mean something else to ISO or CLDR."""
    for code, names in iso.EVERYDAY_NAMES.items():
        assert code in iso.country_codes()
        for name in names:
            for variant in iso._variants(name):
                for table in (iso.country_names(), iso.common_country_names()):
                    assert table.get(variant, code) == code, (name, table.get(variant))


@pytest.mark.parametrize("typed", ["Korea", "Корея", "Guin", "xyzzy", "ZZ", "England", "Holland"])
def test_an_unknown_or_shared_name_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not a country"):
        iso.normalise_country(typed)


def test_the_names_are_iso_translations() -> None:
    import gettext

    import pycountry

    names = iso.country_names()
    for locale in iso.COUNTRY_NAME_LOCALES:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        for country in pycountry.countries:
            translated = catalogue.gettext(country.name)
            if iso._fold(translated) in names:
                assert names[iso._fold(translated)] == country.alpha_2, translated


def test_codes_never_load_the_name_tables() -> None:
    """A code is answered without reading the catalogues (they cost start-up time)."""
    code = (
        "import sys; from incidentctl.record import iso;"
        "assert iso.normalise_country('KZ') == 'KZ' and iso.normalise_country('KAZ') == 'KZ';"
        "assert iso.country_names.cache_info().currsize == 0;"
        "assert 'babel' not in sys.modules;"
        "assert iso.normalise_country('Казахстан') == 'KZ';"
        "assert iso.country_names.cache_info().currsize == 1"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Kazakstan", "KZ"), ("Казахтан", "KZ"), ("Uzbekistn", "UZ"), ("Kirgistan", "KG")],
)
def test_a_misspelt_country_is_refused_with_the_likeliest_one_named(typed: str, code: str) -> None:
    """Never stored as a guess (the analyst decides), but the error says what was likely meant."""
    with pytest.raises(ValueError, match=rf"not a country \(did you mean '{code}', "):
        iso.normalise_country(typed)
    assert iso.nearest_country(typed) is not None and iso.nearest_country(typed)[0] == code  # type: ignore[index]


@pytest.mark.parametrize("typed", ["Xyzland", "Atlantis", "Frnace", "KZZ"])
def test_no_hint_for_a_name_near_no_country(typed: str) -> None:
    assert iso.nearest_country(typed) is None
