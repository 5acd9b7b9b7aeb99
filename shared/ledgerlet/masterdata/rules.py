"""Reusable business rules: references between master-data documents must point at live documents."""

from __future__ import annotations

from typing import Any

from ledgerlet.errors import invalid_field
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Rule


def references(field_name: str, doc_type: str, label: str) -> Rule:
    """``field_name`` (when set) must name an existing, active document of ``doc_type``."""

    def rule(store: DocumentStore, document: dict[str, Any], _before: dict[str, Any] | None) -> None:
        target_id = document.get(field_name)
        if not target_id:
            return
        target = store.get(doc_type, target_id)
        if target is None:
            raise invalid_field(
                f"body.{field_name}", f"{label} {target_id} does not exist", "reference.missing", id=target_id
            )
        if target.get("status") == "archived":
            raise invalid_field(
                f"body.{field_name}", f"{label} {target_id} is archived", "reference.archived", id=target_id
            )

    return rule
