"""The incident record (schema v1, SPEC §3, and its optional v2 fields, §7) as pydantic models.

Field order here is the canonical key order of the YAML files. The model reads
stored records strictly (codes, not names: ``KZ``, ``kk``); forgiving input such
as ``Kazakhstan`` or ``April 2019`` is normalised before it reaches the model
(see :mod:`incidentctl.record.normalise`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic import Tag as UnionTag

from incidentctl.record import iso, vocab
from incidentctl.record.dates import PartialDate
from incidentctl.record.text import check_one_line, check_text

IncidentType = Literal[vocab.INCIDENT_TYPES]  # type: ignore[valid-type]
Role = Literal[vocab.PERSON_ROLES]  # type: ignore[valid-type]
ResponseKind = Literal[vocab.RESPONSE_KINDS]  # type: ignore[valid-type]
Status = Literal[vocab.STATUSES]  # type: ignore[valid-type]
Sex = Literal[vocab.SEXES]  # type: ignore[valid-type]
AgeGroup = Literal[vocab.AGE_GROUPS]  # type: ignore[valid-type]
Verification = Literal[vocab.VERIFICATIONS]  # type: ignore[valid-type]
SourceType = Literal[vocab.SOURCE_TYPES]  # type: ignore[valid-type]
PerpetratorCategory = Literal[vocab.PERPETRATOR_CATEGORIES]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Kind:
    """What a text field holds, marked on its type so that code treating fields by kind
    (search, ``--public``, CSV, ``--set``) reads it off the model (see :mod:`.fields`)."""

    name: str


FREE_TEXT = Kind("free text")
"""Words anyone may write, a person's name among them: searched, and withheld by ``--public``."""
SLUG = Kind("slug")
TAG = Kind("tag")
WEB_ADDRESS = Kind("web address")
EXTERNAL_ID = Kind("external id")
"""``scheme:identifier`` of another database (``acled:KAZ1234``): a code, never a name."""

Slug = Annotated[str, StringConstraints(pattern=vocab.SLUG_PATTERN), SLUG]
Tag = Annotated[str, StringConstraints(pattern=vocab.TAG_PATTERN), TAG]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(check_text),
    FREE_TEXT,
]
OneLine = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\n\r]*$"),
    AfterValidator(check_one_line),
    FREE_TEXT,
]


def _code_check(
    codes: Callable[[], tuple[str, ...]],
    normalise: Callable[[str], str],
    what: str,
    nearest: Callable[[str], tuple[str, str] | None] = lambda value: None,
) -> Callable[[str], str]:
    """A validator accepting exactly the stored codes, hinting the code a name stands for
    (or, with ``nearest``, the code a misspelt name most likely means)."""
    known: list[frozenset[str]] = []  # the codes as a set, made on first use (a tuple's ``in``
    # compared a country with some 250 codes one by one, every record)

    def check(value: str) -> str:
        if not known:
            known.append(frozenset(codes()))
        if value in known[0]:
            return value
        hint = ""
        try:
            hint = f" (did you mean '{normalise(value)}'?)"
        except ValueError:
            near = nearest(value)
            if near is not None:
                hint = f" (did you mean '{near[0]}', {near[1]}?)"
        raise ValueError(f"'{value}' is not an {what}{hint}")

    return check


_check_country = _code_check(
    iso.country_codes, iso.normalise_country, "ISO 3166-1 alpha-2 country code", iso.nearest_country
)
_check_language = _code_check(iso.language_codes, iso.normalise_language, "ISO 639-1 language code")


_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts, found without a loop
# A plain web address (lower-case scheme, an ASCII host part without brackets, no space or
# control character): urlsplit would accept it, so bulk reading skips urlsplit for it.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9._~%!$&'()*+,;=:@-]+(?:[/?#][^\s\x00-\x1f\x7f]*)?")


def _check_url(value: str) -> str:
    if _PLAIN_URL.fullmatch(value):
        return check_one_line(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or _SPACE.search(value):
        raise ValueError(f"'{value}' is not a web address (only http:// and https:// are allowed)")
    return check_one_line(value)


Country = Annotated[
    str,
    AfterValidator(_check_country),
    WithJsonSchema({"type": "string", "enum": list(iso.country_codes())}),
]
Language = Annotated[
    str,
    AfterValidator(_check_language),
    WithJsonSchema({"type": "string", "enum": list(iso.language_codes())}),
]
Url = Annotated[
    str,
    AfterValidator(_check_url),
    WEB_ADDRESS,
    WithJsonSchema({"type": "string", "pattern": r"^https?://[^\s/]+\S*$", "format": "uri"}),
]
Subdivision = Annotated[
    str,
    # Checked by Record, which knows the countries: its message can list their subdivisions.
    # The enum of every code is added by json_schema(): building it here would load
    # pycountry's subdivisions on every start.
    WithJsonSchema({"type": "string", "pattern": r"^[A-Z]{2}-[A-Z0-9]{1,3}$"}),
]
EXTERNAL_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,99}:[^\s,;]+$"
"""``scheme:identifier``: the scheme a slug, the identifier one word (no space, comma or ``;``,
so that a CSV cell lists several)."""
ExternalId = Annotated[str, StringConstraints(pattern=EXTERNAL_ID_PATTERN), EXTERNAL_ID]
RecordedDate = Annotated[
    PartialDate,
    AfterValidator(lambda d: _require_day(d)),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}),
]


def _subdivision_problem(value: str, countries: tuple[str, ...]) -> str:
    """Why ``value`` is no subdivision code: with the code its name stands for, or the codes
    and names of the record's countries' subdivisions."""
    what = f"'{value}' is not an ISO 3166-2 subdivision code"
    try:
        return f"{what} (did you mean '{iso.normalise_subdivision(value, countries)}'?)"
    except ValueError as exc:
        listed = str(exc).partition(";")[2]
        return f"{what};{listed}" if listed else f"{what} (e.g. KZ-59)"


def _require_day(value: PartialDate) -> PartialDate:
    if value.precision != "day":
        raise ValueError("must be a full date YYYY-MM-DD")
    return value


def unique_items(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for v in values:
        if v in seen:
            raise ValueError(f"'{v}' is listed twice")
        seen.add(v)
    return values


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=5, max_length=200, pattern=r"^[^\n\r]*$"),
    AfterValidator(check_one_line),
    FREE_TEXT,
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


def _end_not_before(date: PartialDate | None, end_date: PartialDate | None) -> None:
    if date is not None and end_date is not None and end_date.end() < date.start():
        raise _field_error("end_date", f"{end_date} is before the date {date}")


class Act(_Strict):
    """One violation a victim suffered (HURIDOCS' act): its type, when, and by whom.

    The type must be among the record's ``types`` and the perpetrators among the record's
    perpetrator names: :class:`Record` checks both, since an act cannot see its record.
    """

    type: IncidentType
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    perpetrators: Annotated[list[OneLine], AfterValidator(unique_items)] = Field(
        default_factory=list
    )

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Act:
        _end_not_before(self.date, self.end_date)
        return self


class Person(_Strict):
    """Someone the incident targeted or involved; aliases hold every other spelling and script.

    ``sex``, ``age_group`` and ``acts`` (schema v2) come after the v1 fields, so that a v1
    file's key order is already canonical.
    """

    name: OneLine
    aliases: Annotated[list[OneLine], AfterValidator(unique_items)] = Field(default_factory=list)
    roles: Annotated[list[Role], AfterValidator(unique_items)] = Field(default_factory=list)
    confidential: bool = False
    sex: Sex | None = None
    age_group: AgeGroup | None = None
    acts: list[Act] = Field(default_factory=list)


class Group(_Strict):
    """Victims not named one by one ("twelve striking miners"): counted ``size`` times."""

    description: Text
    size: Annotated[int, Field(ge=2)]
    roles: Annotated[list[Role], AfterValidator(unique_items)] = Field(default_factory=list)
    acts: list[Act] = Field(default_factory=list)
    confidential: bool = False


class Perpetrator(_Strict):
    """A perpetrator with its category; the v1 form, a bare name, means category ``unknown``."""

    name: OneLine
    category: PerpetratorCategory


def _perpetrator_form(value: Any) -> str:
    return "name" if isinstance(value, str) else "named-with-category"


PERPETRATOR_FORMS = ("name", "named-with-category")
"""The tags of the perpetrator union; :mod:`incidentctl.files.parse` drops them from locations."""

PerpetratorItem = Annotated[
    Annotated[OneLine, UnionTag("name")] | Annotated[Perpetrator, UnionTag("named-with-category")],
    Discriminator(_perpetrator_form),
]


def perpetrator_name(item: str | Perpetrator | Mapping[str, Any]) -> str:
    """The name of a perpetrator item, whatever its form (text, model or plain mapping)."""
    if isinstance(item, str):
        return item
    if isinstance(item, Perpetrator):
        return item.name
    return str(item.get("name", ""))


def perpetrator_category(item: str | Perpetrator | Mapping[str, Any]) -> str:
    """The category of a perpetrator item; text alone (v1) means ``unknown`` (SPEC §7)."""
    if isinstance(item, str):
        return "unknown"
    if isinstance(item, Perpetrator):
        return item.category
    return str(item.get("category") or "unknown")


def shortest_perpetrators(items: list[Any]) -> list[Any]:
    """Perpetrators with each ``{name}`` that has no category written as the bare name (the
    v1 form): one spelling per meaning, for CSV and ``--set``, whose cells and paths build a
    perpetrator field by field."""
    return [p["name"] if isinstance(p, dict) and set(p) == {"name"} else p for p in items]


def _unique_perpetrators(values: list[Any]) -> list[Any]:
    """A name is listed once, whichever form each mention takes."""
    unique_items([perpetrator_name(v) for v in values])
    return values


@lru_cache(maxsize=1 << 14)
def _domain(url: str | None) -> str | None:
    """A web address's host, lower-case, without ``www.``: what "web domain" means here
    (remembered: ``verified`` compares every pair of a record's sources, each a ``urlsplit``)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _publisher(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) if name else None


def independent(a: Source, b: Source) -> bool:
    """Two sources are independent (SPEC §7) unless they share a publisher or a web domain.

    Only what both name is compared: a print source (publisher only) and a web page (URL
    only) are independent, since nothing says they are the same outlet.
    """
    pa, pb = _publisher(a.publisher), _publisher(b.publisher)
    da, db = _domain(a.url), _domain(b.url)
    return not ((pa is not None and pa == pb) or (da is not None and da == db))


def independent_sources(sources: Sequence[Source]) -> tuple[int, int] | None:
    """The first two independent sources (their indexes), or None when there are none: what
    ``verification: verified`` needs."""
    for i, a in enumerate(sources):
        for j in range(i + 1, len(sources)):
            if independent(a, sources[j]):
                return i, j
    return None


class Withdrawn(_Strict):
    """Why a record no longer counts; it stays in the data set (git keeps the why)."""

    date: PartialDate
    reason: Text
    duplicate_of: Slug | None = None


class Source(_Strict):
    """Where the facts come from; a source without a URL must name its publisher."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"anyOf": [{"required": ["url"]}, {"required": ["publisher"]}]},
    )

    url: Url | None = None
    title: OneLine | None = None
    publisher: OneLine | None = None
    language: Language | None = None
    published: PartialDate | None = None
    archived_url: Url | None = None
    type: SourceType | None = None

    @model_validator(mode="after")
    def _url_or_publisher(self) -> Source:
        if self.url is None and self.publisher is None:
            raise ValueError("a source needs a url, or at least a publisher (print, court papers)")
        return self


class Response(_Strict):
    """What an organisation did about the incident."""

    date: PartialDate
    by: OneLine
    kind: ResponseKind
    url: Url | None = None


class Record(_Strict):
    """One incident. Optional fields left empty are omitted from the file."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"$id": "https://incidentctl.invalid/schema/record-v2.json"},
        title="incidentctl record (schema v2; every v1 record is valid)",
    )

    id: Slug
    title: Title
    date: PartialDate
    end_date: PartialDate | None = None
    date_note: Text | None = None
    countries: Annotated[list[Country], Field(min_length=1), AfterValidator(unique_items)]
    location: OneLine | None = None
    subdivision: Subdivision | None = None
    types: Annotated[list[IncidentType], Field(min_length=1), AfterValidator(unique_items)]
    people: list[Person] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    perpetrators: Annotated[list[PerpetratorItem], AfterValidator(_unique_perpetrators)] = Field(
        default_factory=list
    )
    status: Status
    verification: Verification | None = None
    outcome: Text | None = None
    summary: Text
    public_title: Annotated[
        Title | None,
        Field(
            description="The title --public shows for a record that names a confidential "
            "person (else a neutral title made from its type, country and date)"
        ),
    ] = None
    public_summary: Annotated[
        Text | None,
        Field(
            description="The summary --public shows for a record that names a confidential "
            "person (else a note that it is withheld)"
        ),
    ] = None
    sources: Annotated[list[Source], Field(min_length=1)]
    responses: list[Response] = Field(default_factory=list)
    case: Slug | None = None
    related: Annotated[list[Slug], AfterValidator(unique_items)] = Field(default_factory=list)
    external_ids: Annotated[list[ExternalId], AfterValidator(unique_items)] = Field(
        default_factory=list
    )
    tags: Annotated[list[Tag], AfterValidator(unique_items)] = Field(default_factory=list)
    confidential: bool = False
    withdrawn: Withdrawn | None = None
    recorded: RecordedDate

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Record:
        today = dt.date.today()
        if self.date.start() > today:
            raise _field_error("date", f"{self.date} is in the future")
        if self.end_date is not None:
            if self.end_date.start() > today:
                raise _field_error("end_date", f"{self.end_date} is in the future")
            if self.end_date.end() < self.date.start():
                raise _field_error("end_date", f"{self.end_date} is before the date {self.date}")
        if self.id in self.related:
            raise _field_error("related", "a record cannot be related to itself")
        problems = list(self._v2_problems())
        if len(problems) == 1:
            raise problems[0]
        if problems:  # every one at once: an analyst fixes a file in one pass
            raise _all_of(problems)
        return self

    def _v2_problems(self) -> Iterator[FieldError]:
        """Schema v2's rules between fields (SPEC §7), each a located problem."""
        if self.withdrawn is not None and self.withdrawn.duplicate_of == self.id:
            yield _field_error(
                ("withdrawn", "duplicate_of"), "a record cannot be a duplicate of itself"
            )
        if self.subdivision is not None:
            country = iso.subdivision_country(self.subdivision)
            if self.subdivision not in iso.subdivision_codes():
                yield _field_error(
                    "subdivision", _subdivision_problem(self.subdivision, tuple(self.countries))
                )
            elif country not in self.countries:
                yield _field_error(
                    "subdivision",
                    f"{self.subdivision} is in {country}, which is not among the countries "
                    f"({', '.join(self.countries)})",
                )
        yield from self._act_problems()
        if self.verification == "verified" and independent_sources(self.sources) is None:
            yield _field_error(
                "verification",
                "'verified' needs at least two independent sources (of different publishers "
                "or web domains); "
                + (
                    "this record has one source"
                    if len(self.sources) == 1
                    else f"this record's {len(self.sources)} sources share a publisher or domain"
                ),
            )

    def _act_problems(self) -> Iterator[FieldError]:
        """Each act's type is one of the record's types, its perpetrators the record's."""
        names = self.perpetrator_names()
        lists: tuple[tuple[str, Sequence[Person | Group]], ...] = (
            ("people", self.people),
            ("groups", self.groups),
        )
        for field, victims in lists:
            for i, victim in enumerate(victims):
                for j, act in enumerate(victim.acts):
                    if act.type not in self.types:
                        yield _field_error(
                            (field, i, "acts", j, "type"),
                            f"'{act.type}' is not among the record's types "
                            f"({', '.join(self.types)}); add it there first",
                        )
                    for k, name in enumerate(act.perpetrators):
                        if name not in names:
                            known = ", ".join(f"'{n}'" for n in names) or "none"
                            yield _field_error(
                                (field, i, "acts", j, "perpetrators", k),
                                f"'{name}' is not among the record's perpetrators ({known})",
                            )

    # -- views -----------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """Plain JSON values in canonical key order; empty optional fields left out."""
        return self.model_dump(mode="json", exclude_defaults=True)

    @property
    def year(self) -> int:
        return self.date.year

    # -- schema v2 helpers -------------------------------------------------------
    def perpetrator_names(self) -> list[str]:
        """The perpetrators' names, in order, whatever form each is written in."""
        return [perpetrator_name(p) for p in self.perpetrators]

    def perpetrator_categories(self) -> dict[str, str]:
        """Each perpetrator's name -> its category (``unknown`` for a bare name)."""
        return {perpetrator_name(p): perpetrator_category(p) for p in self.perpetrators}

    def acts_of(self, victim: Person | Group) -> list[Act]:
        """A victim's acts; none written means one act of each of the record's types (§7)."""
        return list(victim.acts) or [Act(type=t) for t in self.types]

    @property
    def victims(self) -> list[Person | Group]:
        """The people, then the groups: everyone the record says suffered something."""
        return [*self.people, *self.groups]

    @property
    def verification_level(self) -> str:
        """``verification`` with its default: absent means ``unverified`` (SPEC §7)."""
        return self.verification or "unverified"

    def period(self) -> tuple[dt.date, dt.date]:
        """The days the incident may cover: from the start of `date` to the end of `end_date`."""
        return self.date.span(self.end_date)


class FieldError(ValueError):
    """A model-level check that belongs to one field, so errors can point at its line.

    ``field`` is a field name, or a path of names and indexes (``("people", 0, "acts", 1,
    "type")``) for a check on a nested value.
    """

    def __init__(self, field: str | tuple[str | int, ...], message: str):
        self.field = field
        super().__init__(message)

    @property
    def path(self) -> tuple[str | int, ...]:
        return (self.field,) if isinstance(self.field, str) else self.field


def _field_error(field: str | tuple[str | int, ...], message: str) -> FieldError:
    return FieldError(field, message)


def _all_of(problems: list[FieldError]) -> ValidationError:
    """Several problems as one ValidationError (pydantic passes it on, each error located at
    its field path; the message is a template argument, so braces in it stay text)."""
    from pydantic_core import InitErrorDetails, PydanticCustomError

    return ValidationError.from_exception_data(
        "Record",
        [
            InitErrorDetails(
                type=PydanticCustomError("record_rule", "{message}", {"message": str(p)}),
                loc=p.path,
                input=None,
            )
            for p in problems
        ],
    )


FIELD_ORDER: tuple[str, ...] = tuple(Record.model_fields)


def _item_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field holds, under Optional, Annotated, lists and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _item_models(arg)]


def _suborders(of: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, info in of.model_fields.items():
        for item in _item_models(info.annotation):
            out[name] = tuple(item.model_fields)
            out.update(_suborders(item))
    return out


SUBORDERS: dict[str, tuple[str, ...]] = _suborders(Record)
"""The key order inside every nested record, by the field that holds it, at any depth:
people, groups, acts, perpetrators (the ``{name, category}`` form), sources, responses,
withdrawn. A field name means the same shape wherever it occurs (``acts`` in people and
groups), which is what lets one flat mapping serve the writer, CSV and error messages."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a stored record, as strict as JSON Schema can say."""
    schema = Record.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["properties"]["subdivision"]["anyOf"][0]["enum"] = sorted(iso.subdivision_codes())
    _mark_unique(schema)
    return schema


def _mark_unique(node: Any) -> None:
    """Lists the model refuses to hold twice are ``uniqueItems`` in the schema too."""
    from incidentctl.record.fields import UNIQUE_LISTS

    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            if key in UNIQUE_LISTS and isinstance(value, dict) and value.get("type") == "array":
                value["uniqueItems"] = True
        for value in node.values():
            _mark_unique(value)
    elif isinstance(node, list):
        for value in node:
            _mark_unique(value)
