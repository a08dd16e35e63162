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
