"""The controlled vocabularies of SPEC §4 and §7, kept in one place.

Each vocabulary is an ordered mapping from the stored slug to its English label:
the slug is what files hold, the label is what tables, reports and pages show.
Adding a term here is the one edit needed: the model, the JSON Schema, the CLI's
``--help`` choices and every label are derived from these mappings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

INCIDENT_TYPE_LABELS: Final[Mapping[str, str]] = {
    "arrest-detention": "Arrest or detention",
    "criminal-prosecution": "Criminal prosecution",
    "conviction-imprisonment": "Conviction or imprisonment",
    "disbarment": "Disbarment",
    "disciplinary-proceedings": "Disciplinary proceedings",
    "judicial-harassment": "Judicial harassment",
    "threats-intimidation": "Threats or intimidation",
    "physical-attack": "Physical attack",
    "killing": "Killing",
    "kidnapping": "Kidnapping",
    "enforced-disappearance": "Enforced disappearance",
    "torture-ill-treatment": "Torture or ill-treatment",
    "surveillance": "Surveillance",
    "raid-search": "Raid or search",
    "travel-restriction": "Travel restriction",
    "dismissal": "Dismissal",
    "smear-campaign": "Smear campaign",
    "reprisal-against-relatives": "Reprisal against relatives",
    "obstruction-of-work": "Obstruction of professional work",
    "identification-with-clients": "Identification with clients",
    "transnational-repression": "Transnational repression",
    "restrictive-legislation": "Restrictive legislation",
    "other": "Other",
}

PERSON_ROLE_LABELS: Final[Mapping[str, str]] = {
    "lawyer": "Lawyer",
    "human-rights-defender": "Human-rights defender",
    "activist": "Activist",
    "journalist": "Journalist",
    "media-worker": "Media worker",
    "trade-unionist": "Trade unionist",
    "judge": "Judge",
    "bar-official": "Bar official",
    "relative": "Relative",
    "client": "Client",
    "other": "Other",
}

RESPONSE_KIND_LABELS: Final[Mapping[str, str]] = {
    "statement": "Statement",
    "letter": "Letter",
    "urgent-appeal": "Urgent appeal",
    "trial-observation": "Trial observation",
    "upr-submission": "UPR submission",
    "report": "Report",
    "litigation": "Litigation",
    "other": "Other",
}

STATUS_LABELS: Final[Mapping[str, str]] = {
    "ongoing": "Ongoing",
    "concluded": "Concluded",
    "unknown": "Unknown",
}

# --- §7 (schema v2) ---------------------------------------------------------------

SEX_LABELS: Final[Mapping[str, str]] = {
    "female": "Female",
    "male": "Male",
    "other": "Other",
    "unknown": "Unknown",
}

AGE_GROUP_LABELS: Final[Mapping[str, str]] = {
    "minor": "Minor (under 18)",
    "adult": "Adult",
    "unknown": "Unknown",
}

VERIFICATION_LABELS: Final[Mapping[str, str]] = {
    "verified": "Verified",
    "likely": "Likely",
    "unverified": "Unverified",
}

SOURCE_TYPE_LABELS: Final[Mapping[str, str]] = {
    "news": "News media",
    "ngo": "Non-governmental organisation",
    "intergovernmental": "Intergovernmental body",
    "official": "Official (government)",
    "court": "Court",
    "social-media": "Social media",
    "testimony": "Testimony",
    "other": "Other",
}

PERPETRATOR_CATEGORY_LABELS: Final[Mapping[str, str]] = {
    "executive": "Executive (government, ministry)",
    "judiciary": "Judiciary (courts)",
    "prosecution": "Prosecution",
    "police": "Police",
    "security-services": "Security services",
    "military": "Military",
    "legislature": "Legislature",
    "local-authority": "Local authority",
    "state-controlled-body": "State-controlled body",
    "private-company": "Private company",
    "non-state-armed-group": "Non-state armed group",
    "criminal-group": "Criminal group",
    "individual": "Individual",
    "other": "Other non-state actor",
    "unknown": "Unknown",
}

STATE_CATEGORIES: Final[frozenset[str]] = frozenset(
    {
        "executive",
        "judiciary",
        "prosecution",
        "police",
        "security-services",
        "military",
        "legislature",
        "local-authority",
        "state-controlled-body",
    }
)
NON_STATE_CATEGORIES: Final[frozenset[str]] = frozenset(
    {"private-company", "non-state-armed-group", "criminal-group", "individual", "other"}
)


def perpetrator_side(category: str) -> str:
    """``state``, ``non-state`` or ``unknown``: the side of a perpetrator category (SPEC §7)."""
    if category in STATE_CATEGORIES:
        return "state"
    if category in NON_STATE_CATEGORIES:
        return "non-state"
    return "unknown"


INCIDENT_TYPES: Final[tuple[str, ...]] = tuple(INCIDENT_TYPE_LABELS)
PERSON_ROLES: Final[tuple[str, ...]] = tuple(PERSON_ROLE_LABELS)
RESPONSE_KINDS: Final[tuple[str, ...]] = tuple(RESPONSE_KIND_LABELS)
STATUSES: Final[tuple[str, ...]] = tuple(STATUS_LABELS)
SEXES: Final[tuple[str, ...]] = tuple(SEX_LABELS)
AGE_GROUPS: Final[tuple[str, ...]] = tuple(AGE_GROUP_LABELS)
VERIFICATIONS: Final[tuple[str, ...]] = tuple(VERIFICATION_LABELS)
SOURCE_TYPES: Final[tuple[str, ...]] = tuple(SOURCE_TYPE_LABELS)
PERPETRATOR_CATEGORIES: Final[tuple[str, ...]] = tuple(PERPETRATOR_CATEGORY_LABELS)

VOCABULARIES: Final[Mapping[str, Mapping[str, str]]] = {
    "type": INCIDENT_TYPE_LABELS,
    "role": PERSON_ROLE_LABELS,
    "response": RESPONSE_KIND_LABELS,
    "status": STATUS_LABELS,
    "sex": SEX_LABELS,
    "age_group": AGE_GROUP_LABELS,
    "verification": VERIFICATION_LABELS,
    "source_type": SOURCE_TYPE_LABELS,
    "perpetrator_category": PERPETRATOR_CATEGORY_LABELS,
}
"""Every vocabulary by name: the names are those :func:`label` takes."""


def label(vocabulary: str, value: str) -> str:
    """The English label of ``value`` in ``vocabulary``; an unknown value is shown as stored.

    A value outside the vocabulary can only come from a file that failed validation,
    and showing it as written is more honest than hiding it.
    """
    return VOCABULARIES[vocabulary].get(value, value)


SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{2,99}$"
"""Record ids and case slugs: lower-case, safe as a file name on every OS."""

TAG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}$"
"""Tags are free slugs; unlike ids they may be short (``eu``)."""


SUGGEST_CUTOFF: Final = 70.0
"""The least :func:`rapidfuzz.fuzz.ratio` (0-100) at which a mistyped term is given a
suggestion: ``verifed`` -> ``verified`` scores 93, ``disbarred`` -> ``disbarment`` 74,
``killed`` -> ``killing`` 62 (none: a wrong hint costs more than no hint)."""


def closest(value: str, allowed: Sequence[str]) -> str | None:
    """The term an analyst most likely meant by ``value``, or None: the one term that has
    it as a hyphen-separated part or a start (``detention`` -> ``arrest-detention``), else
    the nearest spelling (``verifed`` -> ``verified``). Only ever a hint in an error: a
    value outside the vocabulary is refused, never replaced."""
    text = value.strip().lower().replace(" ", "-").replace("_", "-")
    if not text:
        return None
    parts = [t for t in allowed if text in t.split("-") or (len(text) >= 3 and t.startswith(text))]
    if len(parts) == 1:
        return parts[0]
    from rapidfuzz import fuzz, process

    best = process.extractOne(text, allowed, scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
    return str(best[0]) if best else None


def did_you_mean(value: str, allowed: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for an error message, or nothing when no term is close."""
    term = closest(value, allowed)
    return f" (did you mean '{term}'?)" if term else ""
