"""The skip-or-fail rule for tests that drive an external program (Chromium, LibreOffice)."""

from __future__ import annotations

import pytest

from incidentctl.testing import REQUIRE_PROGRAMS_VARIABLE, require_program


def test_a_program_on_path_is_found() -> None:
    assert require_program("no-such-program-incidentctl", "sh").endswith("sh")


def test_a_missing_program_skips_on_a_users_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE_PROGRAMS_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-program-incidentctl"):
        require_program("no-such-program-incidentctl")


def test_a_missing_program_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_PROGRAMS_VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match=REQUIRE_PROGRAMS_VARIABLE):
        require_program("no-such-program-incidentctl")
