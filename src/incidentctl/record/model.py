"""The incident record (schema v1, SPEC §3) as pydantic models.

Field order here is the canonical key order of the YAML files. The model reads
stored records strictly (codes, not names: ``KZ``, ``kk``); forgiving input such
as ``Kazakhstan`` or ``April 2019`` is normalised before it reaches the model
(see :mod:`incidentctl.record.normalise`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from incidentctl.record import iso, vocab
from incidentctl.record.dates import PartialDate
from incidentctl.record.text import check_one_line, check_text

IncidentType = Literal[vocab.INCIDENT_TYPES]  # type: ignore[valid-type]
Role = Literal[vocab.PERSON_ROLES]  # type: ignore[valid-type]
ResponseKind = Literal[vocab.RESPONSE_KINDS]  # type: ignore[valid-type]
Status = Literal[vocab.STATUSES]  # type: ignore[valid-type]


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
    codes: Callable[[], tuple[str, ...]], normalise: Callable[[str], str], what: str
) -> Callable[[str], str]:
    """A validator accepting exactly the stored codes, hinting the code a name stands for."""

    def check(value: str) -> str:
        if value in codes():
            return value
        hint = ""
        with contextlib.suppress(ValueError):
            hint = f" (did you mean '{normalise(value)}'?)"
        raise ValueError(f"'{value}' is not an {what}{hint}")

    return check


_check_country = _code_check(
    iso.country_codes, iso.normalise_country, "ISO 3166-1 alpha-2 country code"
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
RecordedDate = Annotated[
    PartialDate,
    AfterValidator(lambda d: _require_day(d)),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}),
]


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


class Person(_Strict):
    """Someone the incident targeted or involved; aliases hold every other spelling and script."""

    name: OneLine
    aliases: Annotated[list[OneLine], AfterValidator(unique_items)] = Field(default_factory=list)
    roles: Annotated[list[Role], AfterValidator(unique_items)] = Field(default_factory=list)
    confidential: bool = False


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
        json_schema_extra={"$id": "https://incidentctl.invalid/schema/record-v1.json"},
        title="incidentctl record (schema v1)",
    )

    id: Slug
    title: Title
    date: PartialDate
    end_date: PartialDate | None = None
    date_note: Text | None = None
    countries: Annotated[list[Country], Field(min_length=1), AfterValidator(unique_items)]
    location: OneLine | None = None
    types: Annotated[list[IncidentType], Field(min_length=1), AfterValidator(unique_items)]
    people: list[Person] = Field(default_factory=list)
    perpetrators: Annotated[list[OneLine], AfterValidator(unique_items)] = Field(
        default_factory=list
    )
    status: Status
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
    tags: Annotated[list[Tag], AfterValidator(unique_items)] = Field(default_factory=list)
    confidential: bool = False
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
        return self

    # -- views -----------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """Plain JSON values in canonical key order; empty optional fields left out."""
        return self.model_dump(mode="json", exclude_defaults=True)

    @property
    def year(self) -> int:
        return self.date.year

    def period(self) -> tuple[dt.date, dt.date]:
        """The days the incident may cover: from the start of `date` to the end of `end_date`."""
        last = (self.end_date or self.date).end()
        return self.date.start(), max(last, self.date.end())


class FieldError(ValueError):
    """A model-level check that belongs to one field, so errors can point at its line."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def _field_error(field: str, message: str) -> FieldError:
    return FieldError(field, message)


FIELD_ORDER: tuple[str, ...] = tuple(Record.model_fields)
SUBORDERS: dict[str, tuple[str, ...]] = {
    name: tuple(item.model_fields)
    for name, info in Record.model_fields.items()
    if get_origin(info.annotation) is list
    and isinstance(item := get_args(info.annotation)[0], type)
    and issubclass(item, BaseModel)
}
"""The key order inside each list of records (people, sources, responses)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a stored record, as strict as JSON Schema can say."""
    schema = Record.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
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
