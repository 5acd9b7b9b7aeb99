"""Organisation units: the company, its branches, locations (stores, warehouses) and departments."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Address, Code, Name, Phone, Reference, SstNumber, Tin
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input, MasterKind

OrgUnitKind = Literal["company", "branch", "location", "department"]
# Which kinds of unit each kind may sit under.
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    "company": (),
    "branch": ("company",),
    "location": ("company", "branch", "location"),  # a location within a location: a bin in a warehouse
    "department": ("company", "branch", "department"),
}


class OrgUnitCreate(Input):
    code: Code
    name: Name
    kind: OrgUnitKind
    parent_id: Reference | None = Field(default=None, description="Required for all but a company.")
    address: Address | None = None
    phone: Phone | None = None
    tin: Tin | None = Field(default=None, description="Only when this unit files separately (a company).")
    sst_number: SstNumber | None = None


def _parent_fits(store: DocumentStore, doc: dict[str, Any], before: dict[str, Any] | None) -> None:
    allowed = ALLOWED_PARENTS[doc["kind"]]
    parent_id = doc.get("parent_id")
    if not allowed:
        if parent_id:
            raise invalid_field("body.parent_id", "a company has no parent unit", "org_unit.company_parent")
        return
    if not parent_id:
        raise invalid_field(
            "body.parent_id", f"a {doc['kind']} sits under a {' or '.join(allowed)}", "org_unit.parent_kind"
        )
    if before and parent_id == before["id"]:
        raise invalid_field("body.parent_id", "a unit cannot be its own parent", "parent.self")
    parent = store.get("ORGUNIT", parent_id)
    if parent is None or parent.get("status") == "archived":
        raise invalid_field("body.parent_id", f"org unit {parent_id} does not exist", "reference.missing", id=parent_id)
    if parent["kind"] not in allowed:
        raise invalid_field(
            "body.parent_id", f"a {doc['kind']} cannot sit under a {parent['kind']}", "org_unit.parent_kind"
        )


ORG_UNITS = MasterKind(
    label="org unit",
    applet="org-units",
    doc_type="ORGUNIT",
    id_prefix="org",
    create_model=OrgUnitCreate,
    filters=("kind", "parent_id"),
    rules=(_parent_fits,),
    immutable=("code", "kind"),
)
