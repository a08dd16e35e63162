"""Forgiving user input -> the strict stored form, before the model sees it.

Analysts type ``Kazakhstan``, ``KAZ``, ``FRANCAIS``, ``April 2019``; files store
``KZ``, ``fr``, ``2019-04``. Values that cannot be normalised are left as they
are, so the model reports them with its own precise message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from incidentctl.record import iso
from incidentctl.record.dates import PartialDate


def _forgiving(convert: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Apply ``convert`` to text; keep the value as it was when it cannot be converted."""

    def apply(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return convert(value)
        except ValueError:  # DateInputError is a ValueError too
            return value

    return apply


_date = _forgiving(lambda text: str(PartialDate.parse(text)))
_country = _forgiving(iso.normalise_country)
_language = _forgiving(iso.normalise_language)


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def normalise_record_input(data: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of ``data`` with countries, languages, dates and vocab terms normalised."""
    out = dict(data)
    for key in ("date", "end_date"):
        if key in out:
            out[key] = _date(out[key])
    if isinstance(out.get("countries"), str):
        out["countries"] = [out["countries"]]
    if isinstance(out.get("countries"), list):
        out["countries"] = [_country(c) for c in out["countries"]]
    if isinstance(out.get("types"), str):
        out["types"] = [out["types"]]
    if isinstance(out.get("types"), list):
        out["types"] = [_lower(t) for t in out["types"]]
    if "status" in out:
        out["status"] = _lower(out["status"])
    if isinstance(out.get("sources"), list):
        out["sources"] = [_source(s) for s in out["sources"]]
    if isinstance(out.get("responses"), list):
        out["responses"] = [_response(r) for r in out["responses"]]
    if isinstance(out.get("people"), list):
        out["people"] = [_person(p) for p in out["people"]]
    _normalise_v2(out)
    return out


def _entry(converters: dict[str, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """Normalise the named fields of one list entry (a source, a response); keep the rest."""

    def apply(entry: Any) -> Any:
        if not isinstance(entry, dict):
            return entry
        return {k: converters[k](v) if k in converters else v for k, v in entry.items()}

    return apply


_source = _entry({"language": _language, "published": _date, "type": _lower})
_response = _entry({"date": _date, "kind": _lower})


def _person(person: Any) -> Any:
    if isinstance(person, str):
        return {"name": person}
    if isinstance(person, dict) and isinstance(person.get("roles"), list):
        return {**person, "roles": [_lower(r) for r in person["roles"]]}
    return person


def _normalise_v2(out: dict[str, Any]) -> None:
    """Schema v2 (SPEC §7): a subdivision's name as ISO gives it becomes its code (looked up
    in the record's countries), vocabulary terms any case."""
    if isinstance(out.get("subdivision"), str):
        countries = out.get("countries")
        within = (
            tuple(c for c in countries if isinstance(c, str)) if isinstance(countries, list) else ()
        )
        out["subdivision"] = _forgiving(lambda text: iso.normalise_subdivision(text, within))(
            out["subdivision"]
        )
    if "verification" in out:
        out["verification"] = _lower(out["verification"])
    if isinstance(out.get("perpetrators"), list):
        out["perpetrators"] = [_perpetrator(p) for p in out["perpetrators"]]
    for key in ("people", "groups"):
        if isinstance(out.get(key), list):
            out[key] = [_victim(v) for v in out[key]]


_perpetrator = _entry({"category": _lower})
_act = _entry({"type": _lower, "date": _date, "end_date": _date})


def _victim(victim: Any) -> Any:
    if not isinstance(victim, dict):
        return victim
    out = {k: _lower(v) if k in ("sex", "age_group") else v for k, v in victim.items()}
    if isinstance(out.get("roles"), list):
        out["roles"] = [_lower(r) for r in out["roles"]]
    if isinstance(out.get("acts"), list):
        out["acts"] = [_act(a) for a in out["acts"]]
    return out
