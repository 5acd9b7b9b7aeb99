"""Proforma invoices: a priced offer, or a bill in advance, sent before delivery (for a deposit, or for the
customer's import permit or letter of credit). It reads like an invoice but is not a tax invoice: it posts
nothing, moves no stock, counts as nothing invoiced on its order and is no open item of the receivables.

It is made from a customer and lines, or from a submitted sales order (``order_id``: its lines left to
invoice) or quotation (``quotation_id``: its lines left to order), copied as an invoice copies from its
order: prices, tax basis and discount. It holds until ``valid_until`` (none: the sales settings' validity
days on) and may ask for a deposit (``deposit_percent`` of the total, or ``deposit_amount``). Its source
lists it in its ``flow`` when it is submitted, but keeps no tally of it: the order's invoiced quantities
never change for a proforma.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Date, Money, Percent
from ledgerlet.fields import Reference as Id
from ledgerlet.hub import keys
from ledgerlet.hub.codec import to_value
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.kinds import MasterKind
from ledgerlet.money import is_quantized, money_text, quantize
from ledgerlet.reference.codes import currency_precision
from ledgerlet.sales.documents import (
    SUBMITTED,
    Change,
    SalesDocumentInput,
    SalesDocumentMeta,
    SalesKind,
    Source,
    days_after,
    inputs,
    lines_required,
    only_drafts,
    prepared,
    priced,
    revised,
)
from ledgerlet.sales.lifecycle_api import cancel_route, submit_route
from ledgerlet.sales.orders import SALES_ORDERS
from ledgerlet.sales.quotations import QUOTATIONS

DOC_TYPE, LABEL = "PROFORMA", "proforma invoice"
# Where its lines come from; the tally named is only read (what is left to copy), never added to.
OF_ORDER = Source(field="order_id", doc_type="SALESORDER", label="sales order", taken="invoiced")
OF_QUOTATION = Source(field="quotation_id", doc_type="QUOTATION", label="quotation", taken="ordered")
SOURCE_TALLIES = {"SALESORDER": SALES_ORDERS.tallies, "QUOTATION": QUOTATIONS.tallies}


class ProformaCreate(SalesDocumentInput):
    order_id: Id | None = Field(
        default=None, description="The sales order it bills in advance (its lines left to invoice, when it names none)."
    )
    quotation_id: Id | None = Field(
        default=None, description="The quotation it bills in advance (its lines left to order, when it names none)."
    )
    valid_until: Date | None = Field(
        default=None, description="The last day it holds; none: the company's quotation validity days on."
    )
    deposit_percent: Percent | None = Field(default=None, description="The deposit asked, in percent of the total.")
    deposit_amount: Money | None = Field(
        default=None, description="The deposit asked, in its currency (at most the total)."
    )

    @model_validator(mode="after")
    def _complete(self) -> ProformaCreate:
        lines_required(self, "order_id" if self.order_id else "quotation_id")
        return self


class ProformaMeta(SalesDocumentMeta):
    deposit: str | None = Field(default=None, description="The deposit asked, in its currency (none asked: none).")


def _source_of(fields: dict[str, Any]) -> Source | None:
    if fields.get("order_id"):
        return OF_ORDER
    return OF_QUOTATION if fields.get("quotation_id") else None


def _terms(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """One source at most, one way of asking a deposit, and a validity from its date on (by default the
    company's quotation validity days)."""
    from ledgerlet.sales.settings import read_settings

    if fields.get("order_id") and fields.get("quotation_id"):
        raise invalid_field(
            "body.quotation_id", "name the sales order or the quotation, not both", "proforma.source_both"
        )
    if fields.get("deposit_percent") is not None and fields.get("deposit_amount") is not None:
        raise invalid_field(
            "body.deposit_amount", "ask the deposit as a percentage or as an amount, not both", "proforma.deposit_both"
        )
    valid_until = fields.get("valid_until")
    if valid_until and valid_until < fields["date"]:
        raise invalid_field(
            "body.valid_until", "a proforma invoice is valid until its date or later", "proforma.valid_until"
        )
    if valid_until:
        return fields
    days = read_settings(store.tenant_id).quotation_validity_days
    return {**fields, "valid_until": days_after(fields["date"], days)}


def deposit(document: dict[str, Any]) -> str | None:
    """The deposit asked of the priced ``document``, at its currency's precision: its amount (never past
    the total, 422 naming ``deposit_amount``) or its percentage of the total, rounded half-up."""
    currency, total = document["currency"], Decimal(str(document["total"]))
    if document.get("deposit_amount") is not None:
        amount = Decimal(str(document["deposit_amount"]))
        if not is_quantized(amount, currency):
            places = currency_precision(currency)
            raise invalid_field(
                "body.deposit_amount",
                f"{currency} amounts take at most {places} decimal places",
                "amount.precision",
                currency=currency,
                places=places,
            )
        if amount > total:
            limit = money_text(total, currency)
            raise invalid_field(
                "body.deposit_amount",
                f"the deposit cannot be more than the total ({limit})",
                "proforma.deposit_exceeds",
                limit=limit,
            )
        return money_text(amount, currency)
    if document.get("deposit_percent") is not None:
        return money_text(quantize(total * Decimal(str(document["deposit_percent"])) / 100, currency), currency)
    return None


def _prepare(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    document = prepared(_source_of(fields), _terms)(store, fields)
    return {**document, "deposit": deposit(document)}


def _revise(store: DocumentStore, after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    after = _terms(store, after)  # a validity cleared is the default again
    changes = revised(ProformaCreate, _source_of(after))(store, after, before)
    return {**changes, "valid_until": after["valid_until"], "deposit": deposit({**after, **changes})}


def _source_holds(store: DocumentStore, fixed: dict[str, Any]) -> None:
    """At submit, its source must still be a submitted document of the customer, valid on its date, with
    its lines left (422 naming the field, as when it was made)."""
    flow = _source_of(fixed)
    if flow is not None:
        priced(store, inputs(fixed, ProformaCreate), flow)


def listed(store: DocumentStore, document: dict[str, Any]) -> dict[str, Any] | None:
    """The operation adding ``document`` to its source's ``flow``, on the condition the source is still
    submitted. The link is appended (never the list as read written back), so proformas of one order made
    at once all stay listed; the source's tally revisions and version move on, so whoever read the source
    before (a delivery or an invoice taking from it, an approver) reads it again rather than write its old
    ``flow`` back."""
    if not document.get("source_id"):
        return None
    source_type = str(document["source_type"])
    link = {"type": DOC_TYPE, "id": document["id"], "code": document.get("code")}
    revisions = [f"{tally}_revision" for tally in SOURCE_TALLIES.get(source_type, ())]
    names = {"#flow": "flow", "#state": "state", "#version": "version"}
    names |= {f"#r{n}": revision for n, revision in enumerate(revisions)}
    sets = ["#flow = list_append(if_not_exists(#flow, :none), :link)", "#version = #version + :one"]
    sets += [f"#r{n} = if_not_exists(#r{n}, :zero) + :one" for n in range(len(revisions))]
    return {
        "Update": {
            "TableName": store.table,
            "Key": {
                "PK": {"S": keys.document_pk(store.tenant_id, source_type, document["source_id"])},
                "SK": {"S": keys.DOC_SK},
            },
            "UpdateExpression": "SET " + ", ".join(sets),
            "ConditionExpression": "attribute_exists(PK) AND #state = :submitted",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": {
                ":link": to_value([link]),
                ":none": to_value([]),
                ":zero": to_value(0),
                ":one": to_value(1),
                ":submitted": to_value(SUBMITTED),
            },
        }
    }


def _issue(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """Submitted: its deposit worked out on the total as fixed, and listed on its source, in one write."""
    document = {**change.document, **change.changes}
    changes = {**change.changes, "deposit": deposit(document)}
    link = listed(store, document)
    return store.update(
        DOC_TYPE,
        document["id"],
        changes,
        actor,
        expected_version=change.version,
        label=LABEL,
        action="submit",
        extra=[*change.extra, *([link] if link else [])],
    )


PROFORMA_INVOICES = SalesKind(
    MasterKind(
        label=LABEL,
        applet="proforma-invoices",
        doc_type=DOC_TYPE,
        id_prefix="pf",
        create_model=ProformaCreate,
        series="PRO",
        filters=("customer_id", "state", "order_id", "quotation_id"),
        search_fields=("reference", "customer_name"),
        rules=(only_drafts,),
        prepare=_prepare,
        revise=_revise,
        view_base=ProformaMeta,
    ),
    check=_source_holds,
    commit=_issue,
)

# Its lifecycle routes (the handlers in functions/proforma_invoices/ import them from here)
submit_proforma_invoice = submit_route(
    PROFORMA_INVOICES,
    "It posts nothing, moves no stock and takes nothing from its order or quotation, which lists it in its "
    "`flow`; its deposit is worked out on the total as fixed.",
)
cancel_proforma_invoice = cancel_route(PROFORMA_INVOICES)
