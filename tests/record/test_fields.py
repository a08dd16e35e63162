"""The record's shape as code uses it, derived from the model and checked against it."""

from __future__ import annotations

from typing import get_args, get_origin

from pydantic import BaseModel

from incidentctl.record import fields
from incidentctl.record.model import (
    FREE_TEXT,
    SUBORDERS,
    WEB_ADDRESS,
    Act,
    Group,
    Perpetrator,
    Person,
    Record,
    Response,
    Source,
    Withdrawn,
    json_schema,
)


def _is_record(item: object) -> bool:
    return isinstance(item, type) and issubclass(item, BaseModel)


def test_every_list_field_is_known_by_kind() -> None:
    """Every ``list[...]`` field of the model is a list of values or a list of records; a
    list of text-or-record (perpetrators) is a list of values that may hold records."""
    for name, info in Record.model_fields.items():
        if get_origin(info.annotation) is list:
            item = get_args(info.annotation)[0]
            assert (name in fields.NESTED) is _is_record(item)
            assert (name in fields.LIST_FIELDS) is not _is_record(item)
        else:
            assert name not in fields.LIST_FIELDS and name not in fields.NESTED
    for model in fields.MODELS.values():
        for name, info in model.model_fields.items():
            is_list = get_origin(info.annotation) is list
            of_records = is_list and _is_record(get_args(info.annotation)[0])
            assert (name in fields.SUB_LIST_FIELDS) is (is_list and not of_records)
            if of_records:
                assert name in fields.LIST_OF_RECORDS and name in fields.MODELS


def test_the_sets_as_they_stand() -> None:
    """Today's record, spelt out: a change to the model shows up here first."""
    assert {
        "countries",
        "types",
        "perpetrators",
        "related",
        "external_ids",
        "tags",
    } == fields.LIST_FIELDS
    assert {"aliases", "roles", "perpetrators"} == fields.SUB_LIST_FIELDS
    assert {"confidential"} == fields.BOOL_FIELDS
    assert {"size"} == fields.INT_FIELDS
    assert {"countries", "types", "related", "external_ids", "tags", "roles"} == fields.CODE_LISTS
    assert {
        "people",
        "groups",
        "acts",
        "perpetrators",
        "sources",
        "responses",
    } == fields.LIST_OF_RECORDS
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
    assert dict(fields.NESTED) == {
        "people": Person,
        "groups": Group,
        "sources": Source,
        "responses": Response,
    }
    assert dict(fields.MODELS) == {
        **fields.NESTED,
        "acts": Act,
        "perpetrators": Perpetrator,
        "withdrawn": Withdrawn,
    }
    assert fields.fields_of_kind("sources", FREE_TEXT) == ("title", "publisher")
    assert fields.fields_of_kind("sources", WEB_ADDRESS) == ("url", "archived_url")
    assert fields.fields_of_kind("responses", FREE_TEXT) == ("by",)
    assert fields.fields_of_kind("groups", FREE_TEXT) == ("description",)
    assert fields.fields_of_kind("withdrawn", FREE_TEXT) == ("reason",)
    assert fields.fields_of_kind("perpetrators", FREE_TEXT) == ("name",)
    assert {name: tuple(m.model_fields) for name, m in fields.MODELS.items()} == SUBORDERS


def test_bools_and_unique_lists_match_the_model() -> None:
    for model in (Record, *fields.MODELS.values()):
        for name, info in model.model_fields.items():
            assert (name in fields.BOOL_FIELDS) is (info.annotation is bool)
    marked: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if isinstance(value, dict) and value.get("uniqueItems"):
                    marked.add(key)
            for value in node.values():
                walk(value)

    walk(json_schema())
    assert marked == fields.UNIQUE_LISTS


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
