"""What distinguishes one master-data applet from another: its models, keys, numbering and rules.

Everything else — storage, versions, audit, listing, routes — is shared, so an applet is one module
that declares a :class:`MasterKind` (see ``customers.py``) and one folder of thin functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, Field, create_model

from ledgerlet.hub.documents import DocumentStore

# A business rule over the whole document: (store, document after the change, before or None).
Rule = Callable[[DocumentStore, dict[str, Any], dict[str, Any] | None], None]
# Fields a new document gets from the store before it is saved (rates, totals, states).
Prepare = Callable[[DocumentStore, dict[str, Any]], dict[str, Any]]
# Other items a write must change in the same transaction (store, document after the change, is new).
SideWrites = Callable[[DocumentStore, dict[str, Any], bool], list[dict[str, Any]]]
# What follows from a change of a document (store, the document as changed, before): more changes.
Revise = Callable[[DocumentStore, dict[str, Any], dict[str, Any]], dict[str, Any]]
# A kind that writes more than its document on create (store, the kind, prepared fields, actor; and the
# keyword ``doc_id`` where the kind lets a caller choose its document's id).
Creator = Callable[..., dict[str, Any]]


class Input(BaseModel):
    """Base of every request body: unknown fields are refused by name; strings are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DocumentMeta(BaseModel):
    """What every stored master-data document carries besides its own fields."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="Opaque id, e.g. `cus_01JD3V1T7Q8ZK4N2M5P6R7S8T9`.")
    code: str | None = Field(default=None, description="Business code, unique per tenant and type.")
    status: str = Field(description="`active` or `archived`.")
    version: int = Field(description="Optimistic-concurrency version; send it back on update.")
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class Versioned(BaseModel):
    version: int = Field(ge=1, le=10**9, description="The version you read; a stale one answers 409.")


class ArchiveRequest(Input):
    version: int | None = Field(default=None, ge=1, le=10**9, description="Optional concurrency check.")


@dataclass(frozen=True)
class MasterKind:
    label: str  # "customer": used in messages
    applet: str  # "customers": the applet id, the URL collection and the permission prefix
    doc_type: str  # "CUSTOMER": the hub's type key
    id_prefix: str  # "cus"
    create_model: type[Input]
    series: str | None = None  # numbering series that assigns `code`; None → the client sends `code`
    filters: tuple[str, ...] = ()  # fields a list can be filtered on by equality
    search_fields: tuple[str, ...] = ()  # fields (besides code and name) matched by `q`
    rules: tuple[Rule, ...] = ()
    immutable: tuple[str, ...] = ("code",)
    side_writes: SideWrites | None = None
    prepare: Prepare | None = None
    creator: Creator | None = None  # replaces the plain create (prepared fields in, stored document out)
    revise: Revise | None = None  # checks an update as a whole and adds what follows from it (else revalidated)
    view_base: type[DocumentMeta] = DocumentMeta  # a subclass adds fields the server sets
    # Where its routes live under /v1 when not at its applet's id (an applet with several kinds:
    # "pos/registers"), and the applet action each document action needs when not its own name
    # ({"create": "manage"}: an applet whose actions are not create, read, update and archive).
    collection: str | None = None
    permissions: Mapping[str, str] = field(default_factory=dict)
    update_model: type[BaseModel] = field(init=False)
    view_model: type[BaseModel] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "update_model", _update_model(self.create_model, self.immutable))
        object.__setattr__(self, "view_model", _view_model(self.create_model, self.view_base))

    @property
    def path(self) -> str:
        """Its collection under /v1: ``customers``, ``pos/registers``."""
        return self.collection or self.applet

    @property
    def a_label(self) -> str:
        """The label with its indefinite article: "an org unit", "a customer"."""
        return ("an " if self.label[0] in "aeiou" else "a ") + self.label

    def extra_writes(self, store: DocumentStore, document: dict[str, Any], new: bool) -> list[dict[str, Any]]:
        return self.side_writes(store, document, new) if self.side_writes else []

    def search_text(self, document: dict[str, Any]) -> list[str]:
        """What its searches match besides code and name (each value of a list field, e.g. barcodes)."""
        found: list[str] = []
        for name in self.search_fields:
            value = document.get(name)
            if isinstance(value, list):
                found += [str(each) for each in value if each]
            elif value:
                found.append(str(value))
        return found


def _constrained(info: Any) -> Any:
    """A field's type with its constraints and validators (lengths, patterns, code tables): a PATCH checks
    and documents a field as the create body does."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _update_model(create: type[Input], immutable: tuple[str, ...]) -> type[BaseModel]:
    """PATCH body: every create field may be left out; null clears a field the create body lets be null.

    Fields that cannot be null keep their type (an explicit null is refused); leaving them out is
    what the ``None`` default stands for.
    """
    fields: dict[str, Any] = {
        name: (
            _constrained(info),
            Field(default=None, description=info.description, json_schema_extra=info.json_schema_extra),
        )
        for name, info in create.model_fields.items()
        if name not in immutable
    }
    name = create.__name__.removesuffix("Create") + "Update"
    update = create_model(name, __base__=(Versioned, Input), **fields)
    # The create body's rules across fields (a subtype of its type, a number of its ID type) hold for the
    # fields a PATCH sends together, so the document states them too.
    across_fields = create.model_config.get("json_schema_extra")
    if across_fields is not None:
        update.model_config["json_schema_extra"] = across_fields
        update.model_rebuild(force=True)
    return update


def _view_model(create: type[Input], base: type[DocumentMeta]) -> type[BaseModel]:
    """Response body: the create fields (as stored) plus ``base`` (:class:`DocumentMeta` or a subclass)."""
    fields: dict[str, Any] = {
        name: (cast(Any, info.annotation) | None, Field(default=None, description=info.description))
        for name, info in create.model_fields.items()
        if name not in base.model_fields
    }
    name = create.__name__.removesuffix("Create")
    return create_model(name, __base__=base, **fields)
