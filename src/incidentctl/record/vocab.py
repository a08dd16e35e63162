"""The controlled vocabularies of SPEC §4, kept in one place.

Adding a term here is the one edit needed: the model, the JSON Schema and the
CLI's ``--help`` choices are all derived from these tuples.
"""

from __future__ import annotations

INCIDENT_TYPES: tuple[str, ...] = (
    "arrest-detention",
    "criminal-prosecution",
    "conviction-imprisonment",
    "disbarment",
    "disciplinary-proceedings",
    "judicial-harassment",
    "threats-intimidation",
    "physical-attack",
    "killing",
    "enforced-disappearance",
    "torture-ill-treatment",
    "surveillance",
    "raid-search",
    "travel-restriction",
    "dismissal",
    "smear-campaign",
    "reprisal-against-relatives",
    "obstruction-of-work",
    "identification-with-clients",
    "transnational-repression",
    "restrictive-legislation",
    "other",
)

PERSON_ROLES: tuple[str, ...] = (
    "lawyer",
    "human-rights-defender",
    "activist",
    "journalist",
    "judge",
    "bar-official",
    "relative",
    "client",
    "other",
)

RESPONSE_KINDS: tuple[str, ...] = (
    "statement",
    "letter",
    "urgent-appeal",
    "trial-observation",
    "upr-submission",
    "report",
    "litigation",
    "other",
)

STATUSES: tuple[str, ...] = ("ongoing", "concluded", "unknown")

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{2,99}$"
"""Record ids and case slugs: lower-case, safe as a file name on every OS."""

TAG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}$"
"""Tags are free slugs; unlike ids they may be short (``eu``)."""
