"""A term outside a vocabulary is refused with the term the analyst most likely meant."""

from __future__ import annotations

import pytest

from incidentctl.errors import RecordError
from incidentctl.files.parse import validate_data
from incidentctl.record import vocab
from incidentctl.testing import sample_record


@pytest.mark.parametrize(
    ("typed", "allowed", "meant"),
    [
        ("detention", vocab.INCIDENT_TYPES, "arrest-detention"),
        ("Torture", vocab.INCIDENT_TYPES, "torture-ill-treatment"),
        ("raid search", vocab.INCIDENT_TYPES, "raid-search"),
        ("verifed", vocab.VERIFICATIONS, "verified"),
        ("concludd", vocab.STATUSES, "concluded"),
        ("lawer", vocab.PERSON_ROLES, "lawyer"),
        ("disbarred", vocab.INCIDENT_TYPES, "disbarment"),
    ],
)
def test_the_likeliest_term_is_named(typed: str, allowed: tuple[str, ...], meant: str) -> None:
    assert vocab.closest(typed, allowed) == meant
    assert vocab.did_you_mean(typed, allowed) == f" (did you mean '{meant}'?)"


@pytest.mark.parametrize(
    ("typed", "allowed"),
    [("coup", vocab.INCIDENT_TYPES), ("killed", vocab.INCIDENT_TYPES), ("", vocab.STATUSES)],
)
def test_no_hint_when_no_term_is_close(typed: str, allowed: tuple[str, ...]) -> None:
    assert vocab.closest(typed, allowed) is None
    assert vocab.did_you_mean(typed, allowed) == ""


def test_a_record_with_a_near_term_is_still_refused_and_the_error_names_the_term() -> None:
    with pytest.raises(RecordError) as caught:
        validate_data(
            {
                **sample_record(),
                "id": "x-detained",
                "recorded": "2020-01-01",
                "types": ["detention"],
            },
            "x.yaml",
        )
    (problem,) = caught.value.problems
    assert problem.field == "types[0]"
    assert "'detention' is not one of:" in problem.message
    assert problem.message.endswith("(did you mean 'arrest-detention'?)")
