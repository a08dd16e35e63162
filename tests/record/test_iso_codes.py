"""The country codes read from pycountry's database file are pycountry's own."""

from __future__ import annotations

import pycountry

from incidentctl.record import iso


def test_country_codes_read_from_the_file_are_pycountrys() -> None:
    codes = iso.country_codes()
    assert codes == tuple(sorted(c.alpha_2 for c in pycountry.countries))
    assert len(codes) > 240 and "KZ" in codes


def test_a_known_code_is_checked_without_importing_pycountry() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from incidentctl.record import iso; "
        "assert iso.normalise_country('kz') == 'KZ'; print('pycountry' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_language_codes_read_from_the_file_are_pycountrys() -> None:
    codes = iso.language_codes()
    expected = tuple(
        sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    )
    assert codes == expected
    assert len(codes) > 180 and {"en", "ru", "kk", "fr"} <= set(codes)


def test_subdivision_codes_read_from_the_file_are_pycountrys() -> None:
    codes = iso.subdivision_codes()
    assert codes == frozenset(s.code for s in pycountry.subdivisions)
    assert len(codes) > 5000 and {"KZ-59", "KZ-75"} <= codes


def test_a_record_with_codes_is_checked_without_importing_pycountry() -> None:
    """The model's import (its language enum) and a record's language and subdivision codes
    need pycountry's files, not pycountry: its import and catalogues cost about 0.15 s of CPU
    on every `validate --changed` (issue 14)."""
    import subprocess
    import sys

    code = (
        "import sys; from incidentctl.testing import sample_v2_record; "
        "from incidentctl.record.model import Record; "
        "d = sample_v2_record(id='2019-05-21-kz-sample', recorded='2019-06-01'); "
        "assert Record.model_validate(d).subdivision == 'KZ-59'; "
        "from incidentctl.record import iso; assert iso.normalise_language('ru') == 'ru'; "
        "print('pycountry' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
