"""The record's shape as code uses it, derived from the model and checked against it."""

from __future__ import annotations

from typing import get_args, get_origin

from pydantic import BaseModel

from incidentctl.record import fields
from incidentctl.record.model import (
    FREE_TEXT,
    SUBORDERS,
    WEB_ADDRESS,
    Person,
    Record,
    Response,
    Source,
    json_schema,
)


def test_every_list_field_is_known_by_kind() -> None:
    """Every ``list[...]`` field of the model is a list of values or a list of records."""
    for name, info in Record.model_fields.items():
        if get_origin(info.annotation) is list:
            item = get_args(info.annotation)[0]
            is_record = isinstance(item, type) and issubclass(item, BaseModel)
            assert (name in fields.NESTED) is is_record
            assert (name in fields.LIST_FIELDS) is not is_record
        else:
            assert name not in fields.LIST_FIELDS and name not in fields.NESTED
    for model in fields.NESTED.values():
        for name, info in model.model_fields.items():
            assert (name in fields.SUB_LIST_FIELDS) is (get_origin(info.annotation) is list)


def test_the_sets_as_they_stand() -> None:
    """Today's record, spelt out: a change to the model shows up here first."""
    assert {"countries", "types", "perpetrators", "related", "tags"} == fields.LIST_FIELDS
    assert {"aliases", "roles"} == fields.SUB_LIST_FIELDS
    assert {"confidential"} == fields.BOOL_FIELDS
    assert {"countries", "types", "related", "tags", "roles"} == fields.CODE_LISTS
    assert fields.TEXT_FIELDS == (
        "title",
        "date_note",
        "location",
        "outcome",
        "summary",
        "public_title",
        "public_summary",
    )
    assert fields.TEXT_LISTS == ("perpetrators",)
    assert fields.SLUG_FIELDS == ("id", "case")
    assert fields.TAG_LISTS == ("tags",)
    assert dict(fields.NESTED) == {"people": Person, "sources": Source, "responses": Response}
    assert fields.fields_of_kind("sources", FREE_TEXT) == ("title", "publisher")
    assert fields.fields_of_kind("sources", WEB_ADDRESS) == ("url", "archived_url")
    assert fields.fields_of_kind("responses", FREE_TEXT) == ("by",)
    assert {name: tuple(m.model_fields) for name, m in fields.NESTED.items()} == SUBORDERS


def test_bools_and_unique_lists_match_the_model() -> None:
    for model in (Record, *fields.NESTED.values()):
        for name, info in model.model_fields.items():
            assert (name in fields.BOOL_FIELDS) is (info.annotation is bool)
    schema_text = str(json_schema())
    assert schema_text.count("'uniqueItems': True") == len(fields.UNIQUE_LISTS)


def test_a_new_field_follows_from_its_type() -> None:
    """A free-text list added to a model is a list, free text and not a code list."""
    from typing import Annotated

    from pydantic import AfterValidator, Field

    from incidentctl.record.model import OneLine, Slug, Url, unique_items

    class Extended(BaseModel):
        witnesses: Annotated[list[OneLine], AfterValidator(unique_items)] = Field(
            default_factory=list
        )
        cases: list[Slug] = Field(default_factory=list)
        court: OneLine | None = None
        judgement_url: Url | None = None
        sealed: bool = False

    shape = {f.name: f for f in fields.shapes(Extended)}
    assert shape["witnesses"].is_list and shape["witnesses"].unique
    assert shape["witnesses"].kind == FREE_TEXT
    assert shape["cases"].is_list and not shape["cases"].unique
    assert shape["court"].kind == FREE_TEXT and not shape["court"].is_list
    assert shape["judgement_url"].kind == WEB_ADDRESS
    assert shape["sealed"].item is bool
