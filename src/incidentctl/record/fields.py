"""The record's shape as code needs it, read off the model (:mod:`.model` is the one source).

Which fields are lists, booleans, numbers, free text, slugs or web addresses; which fields
hold records (people, groups and their acts, sources, responses, withdrawn, the
``{name, category}`` form of a perpetrator) and what those records hold. Adding a field to
the model is the one edit: ``--set``, CSV, search and ``--public`` follow from its type.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from incidentctl.record import model
from incidentctl.record.model import Kind, Record


@dataclass(frozen=True)
class FieldShape:
    """One field of a model: its name, the type it holds (of its items, for a list)."""

    name: str
    item: Any
    """The type of the value, or of each item of a list; Optional and Annotated removed."""
    kind: Kind | None
    is_list: bool
    unique: bool
    """A list that may not hold a value twice."""

    @property
    def nested(self) -> type[BaseModel] | None:
        """The model of each item, for a field holding only records (people, sources…)."""
        is_model = isinstance(self.item, type) and issubclass(self.item, BaseModel)
        return self.item if is_model else None

    @property
    def models(self) -> tuple[type[BaseModel], ...]:
        """Every model the value (or an item) may be: also the record form of a union
        (a perpetrator is text or ``{name, category}``)."""
        if self.nested is not None:
            return (self.nested,)
        if get_origin(self.item) in (Union, types.UnionType):
            return tuple(m for a in get_args(self.item) for m in (_strip(a)[0],) if _is_model(m))
        return ()


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _strip(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type under Optional and Annotated, and the Annotated metadata met on the way."""
    metadata: tuple[Any, ...] = ()
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            metadata += annotation.__metadata__
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        else:
            return annotation, metadata


def shapes(of: type[BaseModel]) -> tuple[FieldShape, ...]:
    """Every field of a model, in its canonical order."""
    out = []
    for name, info in of.model_fields.items():
        value, metadata = _strip(info.annotation)
        metadata = (*info.metadata, *metadata)
        is_list = get_origin(value) is list
        if is_list:
            value, item_metadata = _strip(get_args(value)[0])
        else:
            item_metadata = metadata
        if get_origin(value) in (Union, types.UnionType):
            # A union (text or a record): its kind is that of its text form.
            item_metadata += tuple(m for a in get_args(value) for m in _strip(a)[1])
        kind = next((m for m in item_metadata if isinstance(m, Kind)), None)
        unique = any(
            isinstance(m, AfterValidator) and m.func is model.unique_items for m in metadata
        )
        out.append(FieldShape(name, value, kind, is_list, unique))
    return tuple(out)


RECORD_FIELDS = shapes(Record)
NESTED: Mapping[str, type[BaseModel]] = {
    f.name: f.nested for f in RECORD_FIELDS if f.is_list and f.nested is not None
}
"""A record's lists of records by field: people -> Person, groups -> Group, sources -> Source,
responses -> Response."""
NESTED_FIELDS: Mapping[str, tuple[FieldShape, ...]] = {
    name: shapes(item) for name, item in NESTED.items()
}


def _models(of: type[BaseModel]) -> dict[str, type[BaseModel]]:
    out: dict[str, type[BaseModel]] = {}
    for f in shapes(of):
        for item in f.models:
            out[f.name] = item
            out.update(_models(item))
    return out


MODELS: Mapping[str, type[BaseModel]] = _models(Record)
"""Every record nested at any depth, by the field that holds it (as ``model.SUBORDERS``):
people, acts, groups, perpetrators (the ``{name, category}`` form), sources, responses,
withdrawn."""
MODEL_FIELDS: Mapping[str, tuple[FieldShape, ...]] = {
    name: shapes(item) for name, item in MODELS.items()
}
LIST_OF_RECORDS = frozenset(
    f.name for fs in (RECORD_FIELDS, *MODEL_FIELDS.values()) for f in fs if f.is_list and f.models
)
"""Lists whose items are (or may be) records: people, groups, acts, perpetrators, sources,
responses."""
_EVERY_FIELD = (*RECORD_FIELDS, *(f for fs in MODEL_FIELDS.values() for f in fs))

LIST_FIELDS = frozenset(f.name for f in RECORD_FIELDS if f.is_list and f.nested is None)
"""Lists of values in a record (countries, types, perpetrators, related, external_ids, tags)."""
SUB_LIST_FIELDS = frozenset(
    f.name for fs in MODEL_FIELDS.values() for f in fs if f.is_list and f.nested is None
)
"""Lists of values in a nested record (aliases, roles, an act's perpetrators)."""
BOOL_FIELDS = frozenset(f.name for f in _EVERY_FIELD if f.item is bool)
"""Fields holding true or false, at any level (confidential)."""
INT_FIELDS = frozenset(f.name for f in _EVERY_FIELD if f.item is int)
"""Fields holding a whole number, at any level (a group's size)."""
CODE_LISTS = frozenset(
    f.name for f in _EVERY_FIELD if f.is_list and not f.models and f.kind != model.FREE_TEXT
)
"""Lists of codes, ids and tags, whose items never hold commas (countries, types, roles,
external_ids…)."""
UNIQUE_LISTS = frozenset(f.name for f in _EVERY_FIELD if f.unique)
"""Lists that may not hold a value twice, at any level."""
TEXT_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.kind == model.FREE_TEXT and not f.is_list)
"""A record's single free-text fields (title, summary…): searched, withheld by ``--public``."""
TEXT_LISTS = tuple(f.name for f in RECORD_FIELDS if f.kind == model.FREE_TEXT and f.is_list)
"""A record's lists of free text (perpetrators: an item may also be ``{name, category}``,
whose name is the text; see :func:`.model.perpetrator_name`)."""
SLUG_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.kind == model.SLUG and not f.is_list)
"""A record's single slugs (id, case)."""
TAG_LISTS = tuple(f.name for f in RECORD_FIELDS if f.kind == model.TAG and f.is_list)
"""A record's lists of tags (tags)."""


def fields_of_kind(nested: str, kind: Kind) -> tuple[str, ...]:
    """The single fields of ``kind`` in each item of a list of records (sources' ``url``…)."""
    return tuple(f.name for f in MODEL_FIELDS[nested] if f.kind == kind and not f.is_list)
