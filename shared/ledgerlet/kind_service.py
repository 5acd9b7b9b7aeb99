"""Create, read, list, update and archive any master-data kind: plain Python over the hub."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ledgerlet.errors import Conflict, FieldError, NotFound, field_errors_from_pydantic, invalid_fields
from ledgerlet.hub.documents import Actor, DocumentStore, ListQuery, Page
from ledgerlet.ids import is_id
from ledgerlet.kinds import MasterKind


class KindService:
    def __init__(self, kind: MasterKind, store: DocumentStore, actor: Actor) -> None:
        self.kind = kind
        self.store = store
        self.actor = actor

    def create(self, body: BaseModel, doc_id: str | None = None) -> dict[str, Any]:
        """Create a document; ``doc_id`` chosen by the caller makes a retried create find what it wrote
        (a document imported from elsewhere: its id follows from the source's)."""
        fields = body.model_dump(mode="python", exclude_none=True)
        code = fields.pop("code", None)
        if self.kind.prepare:
            fields = self.kind.prepare(self.store, fields)
        for rule in self.kind.rules:
            rule(self.store, {**fields, "code": code}, None)
        if self.kind.creator:
            if doc_id:
                return self.kind.creator(self.store, self.kind, fields, self.actor, doc_id=doc_id)
            return self.kind.creator(self.store, self.kind, fields, self.actor)
        return self.store.create(
            self.kind.doc_type,
            self.kind.id_prefix,
            fields,
            self.actor,
            code=code,
            series_code=self.kind.series,
            search_text=self.kind.search_text(fields),
            extra=self.kind.extra_writes(self.store, {**fields, "code": code}, True),
            doc_id=doc_id,
        )

    def get(self, doc_id: str) -> dict[str, Any]:
        if not is_id(doc_id, self.kind.id_prefix):
            raise NotFound(f"{self.kind.label} {doc_id} does not exist")
        return self.store.require(self.kind.doc_type, doc_id, self.kind.label)

    def list(self, query: ListQuery) -> Page:
        return self.store.list_documents(self.kind.doc_type, query)

    def history(self, doc_id: str, limit: int, cursor: str | None) -> Page:
        self.get(doc_id)
        return self.store.history(self.kind.doc_type, doc_id, limit, cursor)

    def update(self, doc_id: str, body: BaseModel) -> dict[str, Any]:
        changes = body.model_dump(mode="python", exclude_unset=True)
        expected = changes.pop("version")
        before = self.get(doc_id)
        if before["status"] == "archived":
            raise Conflict(
                f"{self.kind.label} {doc_id} is archived", [FieldError("status", "archived", "document.archived")]
            )
        after = {k: v for k, v in {**before, **changes}.items() if v is not None}
        for rule in self.kind.rules:
            rule(self.store, after, before)
        if self.kind.revise:  # it checks the document as changed, and works out what follows from it
            changes = {**changes, **self.kind.revise(self.store, after, before)}
        else:
            self._revalidate(after)
        return self.store.update(
            self.kind.doc_type,
            doc_id,
            changes,
            self.actor,
            expected_version=expected,
            label=self.kind.label,
            search_text=self.kind.search_text(after),
            extra=self.kind.extra_writes(self.store, after, False),
        )

    def _revalidate(self, document: dict[str, Any]) -> None:
        """The document as changed must still be one the create body would accept (all its rules)."""
        model = self.kind.create_model
        revalidate(model, {name: document[name] for name in model.model_fields if name in document})

    def archive(self, doc_id: str, expected_version: int | None) -> dict[str, Any]:
        before = self.get(doc_id)
        if before["status"] == "archived" and expected_version is None:
            return before
        return self.store.update(
            self.kind.doc_type,
            doc_id,
            {"status": "archived"},
            self.actor,
            expected_version=expected_version,
            label=self.kind.label,
            action="archive",
            search_text=self.kind.search_text(before),
        )


def revalidate(model: type[BaseModel], fields: dict[str, Any]) -> None:
    """``fields`` must be a body ``model`` accepts (422 naming each wrong field)."""
    try:
        model.model_validate(fields)
    except ValidationError as error:
        problems = field_errors_from_pydantic(error.errors(), prefix="body")
        raise invalid_fields(problems) from None
