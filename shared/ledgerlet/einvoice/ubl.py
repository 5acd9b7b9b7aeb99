"""The UBL 2.1 JSON document (MyInvois document version 1.1) for an :class:`~ledgerlet.einvoice.model.EInvoice`.

:func:`build` returns the document as LHDN's 1.1 JSON samples lay it out: the ``_D``/``_A``/``_B``
namespace keys, then ``Invoice: [{...}]`` with the samples' key order, every value wrapped as
``[{"_": value, ...attributes}]``. The ``UBLExtensions`` and ``Signature`` blocks are left out (the
signing module adds them). Amounts, quantities and rates stay ``Decimal``; the serialiser writes them.

Optional blocks the input does not have are omitted, never emitted empty (LHDN rejects empty dates);
the SST and tourism tax numbers are always present, ``"NA"`` when a party has none.

All amounts carry the document currency as ``currencyID``, the tax totals included (LHDN's foreign
currency sample tags the tax amounts ``MYR`` while leaving their values in the document currency; the
MYR equivalent is given by ``TaxExchangeRate``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from ledgerlet.einvoice.model import (
    EXEMPT,
    Address,
    EInvoice,
    Line,
    Party,
    TaxSubtotal,
    totals,
)

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "DOCUMENT_VERSION",
    "FOREIGN_BUYER_TIN",
    "FOREIGN_SUPPLIER_TIN",
    "GENERAL_PUBLIC_TIN",
    "GOVERNMENT_TIN",
    "SPECIAL_TINS",
    "build",
    "general_public_buyer",
]

DOCUMENT_VERSION = "1.1"
"""MyInvois document type version: 1.1 is 1.0's structure with signature validation enabled."""

GENERAL_PUBLIC_TIN = "EI00000000010"
"""Buyer of a consolidated e-invoice (and a supplier from the general public in self-billing)."""
FOREIGN_BUYER_TIN = "EI00000000020"
"""A foreign buyer without a Malaysian TIN."""
FOREIGN_SUPPLIER_TIN = "EI00000000030"
"""A foreign supplier without a Malaysian TIN (self-billed e-invoices)."""
GOVERNMENT_TIN = "EI00000000040"
"""A government or statutory body as buyer."""
SPECIAL_TINS: frozenset[str] = frozenset({GENERAL_PUBLIC_TIN, FOREIGN_BUYER_TIN, FOREIGN_SUPPLIER_TIN, GOVERNMENT_TIN})

TAX_CURRENCY = "MYR"
"""The currency LHDN reports tax in (``TaxCurrencyCode``, the target of ``TaxExchangeRate``)."""
_NAMESPACES = {
    "_D": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "_A": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "_B": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
_TAX_SCHEME = {"ID": [{"_": "OTH", "schemeID": "UN/ECE 5153", "schemeAgencyID": "6"}]}


def general_public_buyer() -> Party:
    """The buyer of a consolidated e-invoice: the general public (LHDN's general TIN, BRN ``NA``, state
    ``17`` "Not Applicable", contact number ``NA`` and no e-mail, which LHDN wants left out, not ``NA``)."""
    return Party(
        name="General Public",
        tin=GENERAL_PUBLIC_TIN,
        id_type="BRN",
        id_value="NA",
        address=Address(lines=("NA",), city="NA", postcode=None, state="17", country="MYS"),
        phone="NA",
    )


def _v(value: object, **attributes: object) -> list[dict[str, Any]]:
    """A UBL JSON leaf: ``[{"_": value, **attributes}]``."""
    return [{"_": value, **attributes}]


def _amount(value: Decimal, currency: str) -> list[dict[str, Any]]:
    return _v(value, currencyID=currency)


def _date(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%d")


def _time(moment: datetime) -> str:
    return _utc(moment).strftime("%H:%M:%SZ")


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _identifications(party: Party) -> list[dict[str, Any]]:
    return [
        {"ID": _v(party.tin, schemeID="TIN")},
        {"ID": _v(party.id_value, schemeID=party.id_type)},
        {"ID": _v(party.sst_number, schemeID="SST")},
        {"ID": _v(party.tourism_tax_number, schemeID="TTX")},
    ]


def _address(address: Address) -> list[dict[str, Any]]:
    node: dict[str, Any] = {"CityName": _v(address.city)}
    if address.postcode:
        node["PostalZone"] = _v(address.postcode)
    node["CountrySubentityCode"] = _v(address.state)
    node["AddressLine"] = [{"Line": _v(line)} for line in address.lines]
    node["Country"] = [{"IdentificationCode": _v(address.country, listID="ISO3166-1", listAgencyID="6")}]
    return [node]


def _contact(party: Party) -> list[dict[str, Any]]:
    node: dict[str, Any] = {"Telephone": _v(party.phone)}
    if party.email:
        node["ElectronicMail"] = _v(party.email)
    return [node]


def _supplier(party: Party) -> list[dict[str, Any]]:
    node: dict[str, Any] = {}
    if party.msic is not None:
        node["IndustryClassificationCode"] = _v(party.msic, name=party.activity or "")
    node["PartyIdentification"] = _identifications(party)
    node["PostalAddress"] = _address(party.address)
    node["PartyLegalEntity"] = [{"RegistrationName": _v(party.name)}]
    node["Contact"] = _contact(party)
    return [{"Party": [node]}]


def _customer(party: Party) -> list[dict[str, Any]]:
    # The samples order the buyer's party differently from the supplier's: address, name, ids, contact.
    node: dict[str, Any] = {
        "PostalAddress": _address(party.address),
        "PartyLegalEntity": [{"RegistrationName": _v(party.name)}],
        "PartyIdentification": _identifications(party),
        "Contact": _contact(party),
    }
    return [{"Party": [node]}]


def _tax_category(tax_type: str, exemption_reason: str | None) -> list[dict[str, Any]]:
    node: dict[str, Any] = {"ID": _v(tax_type)}
    if tax_type == EXEMPT and exemption_reason:
        node["TaxExemptionReason"] = _v(exemption_reason)
    node["TaxScheme"] = [_TAX_SCHEME]
    return [node]


def _document_exemption_reason(invoice: EInvoice) -> str | None:
    """The document-level exemption reason: the distinct reasons of the exempt lines, joined by ", "."""
    reasons: list[str] = []
    for line in invoice.lines:
        if line.exempt_amount and line.exemption_reason and line.exemption_reason not in reasons:
            reasons.append(line.exemption_reason)
    return ", ".join(reasons) or None


def _document_tax_subtotal(sub: TaxSubtotal, currency: str, reason: str | None) -> dict[str, Any]:
    return {
        "TaxableAmount": _amount(sub.taxable_amount, currency),
        "TaxAmount": _amount(sub.tax_amount, currency),
        "TaxCategory": _tax_category(sub.tax_type, reason),
    }


def _line_tax_subtotal(line: Line, sub: TaxSubtotal, currency: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "TaxableAmount": _amount(sub.taxable_amount, currency),
        "TaxAmount": _amount(sub.tax_amount, currency),
    }
    if sub.percent is not None:
        node["Percent"] = _v(sub.percent)
    node["TaxCategory"] = _tax_category(sub.tax_type, line.exemption_reason)
    return node


def _line(line: Line, currency: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "ID": _v(line.number),
        "InvoicedQuantity": _v(line.quantity, unitCode=line.unit_code),
        "LineExtensionAmount": _amount(line.subtotal, currency),
    }
    if line.discount:
        node["AllowanceCharge"] = [
            {
                "ChargeIndicator": _v(False),
                "AllowanceChargeReason": _v("Discount"),
                "Amount": _amount(line.discount, currency),
            }
        ]
    node["TaxTotal"] = [
        {
            "TaxAmount": _amount(line.tax_amount, currency),
            "TaxSubtotal": [_line_tax_subtotal(line, sub, currency) for sub in line.tax_subtotals()],
        }
    ]
    classifications: list[dict[str, Any]] = []
    if line.tariff_code:
        classifications.append({"ItemClassificationCode": _v(line.tariff_code, listID="PTC")})
    classifications.append({"ItemClassificationCode": _v(line.classification, listID="CLASS")})
    item: dict[str, Any] = {"CommodityClassification": classifications, "Description": _v(line.description)}
    if line.country_of_origin:
        item["OriginCountry"] = [{"IdentificationCode": _v(line.country_of_origin)}]
    node["Item"] = [item]
    node["Price"] = [{"PriceAmount": _amount(line.unit_price, currency)}]
    node["ItemPriceExtension"] = [{"Amount": _amount(line.gross(currency), currency)}]
    return node


def build(invoice: EInvoice) -> dict[str, Any]:
    """The UBL 2.1 JSON document (version 1.1) for ``invoice``, without ``UBLExtensions``/``Signature``.

    It does not validate: :func:`ledgerlet.einvoice.rules.build_checked` checks first."""
    currency = invoice.currency
    figures = totals(invoice)
    doc: dict[str, Any] = {
        "ID": _v(invoice.number),
        "IssueDate": _v(_date(invoice.issued_at)),
        "IssueTime": _v(_time(invoice.issued_at)),
        "InvoiceTypeCode": _v(invoice.type_code, listVersionID=DOCUMENT_VERSION),
        "DocumentCurrencyCode": _v(currency),
        "TaxCurrencyCode": _v(TAX_CURRENCY),
    }
    if invoice.billing_period is not None:
        period = invoice.billing_period
        doc["InvoicePeriod"] = [
            {
                "StartDate": _v(period.start.isoformat()),
                "EndDate": _v(period.end.isoformat()),
                "Description": _v(period.frequency),
            }
        ]
    if invoice.is_note and invoice.original:
        doc["BillingReference"] = [
            {"InvoiceDocumentReference": [{"ID": _v(ref.number), "UUID": _v(ref.uuid)}]} for ref in invoice.original
        ]
    doc["AccountingSupplierParty"] = _supplier(invoice.supplier)
    doc["AccountingCustomerParty"] = _customer(invoice.buyer)
    if invoice.payment_mode is not None:
        means: dict[str, Any] = {"PaymentMeansCode": _v(invoice.payment_mode)}
        if invoice.supplier_bank_account:
            means["PayeeFinancialAccount"] = [{"ID": _v(invoice.supplier_bank_account)}]
        doc["PaymentMeans"] = [means]
    if invoice.payment_terms:
        doc["PaymentTerms"] = [{"Note": _v(invoice.payment_terms)}]
    if figures.prepaid:
        prepaid: dict[str, Any] = {}
        if invoice.prepaid_reference:
            prepaid["ID"] = _v(invoice.prepaid_reference)
        prepaid["PaidAmount"] = _amount(figures.prepaid, currency)
        if invoice.prepaid_at is not None:
            prepaid["PaidDate"] = _v(_date(invoice.prepaid_at))
            prepaid["PaidTime"] = _v(_time(invoice.prepaid_at))
        doc["PrepaidPayment"] = [prepaid]
    if figures.allowance:
        doc["AllowanceCharge"] = [
            {
                "ChargeIndicator": _v(False),
                "AllowanceChargeReason": _v(invoice.discount_reason),
                "Amount": _amount(figures.allowance, currency),
            }
        ]
    if currency != TAX_CURRENCY and invoice.exchange_rate is not None:
        doc["TaxExchangeRate"] = [
            {
                "SourceCurrencyCode": _v(currency),
                "TargetCurrencyCode": _v(TAX_CURRENCY),
                "CalculationRate": _v(invoice.exchange_rate),
            }
        ]
    reason = _document_exemption_reason(invoice)
    doc["TaxTotal"] = [
        {
            "TaxAmount": _amount(figures.tax, currency),
            "TaxSubtotal": [_document_tax_subtotal(sub, currency, reason) for sub in figures.tax_subtotals],
        }
    ]
    monetary: dict[str, Any] = {
        "LineExtensionAmount": _amount(figures.line_extension, currency),
        "TaxExclusiveAmount": _amount(figures.excluding_tax, currency),
        "TaxInclusiveAmount": _amount(figures.including_tax, currency),
    }
    if figures.allowance:
        monetary["AllowanceTotalAmount"] = _amount(figures.allowance, currency)
    if figures.rounding:
        monetary["PayableRoundingAmount"] = _amount(figures.rounding, currency)
    monetary["PayableAmount"] = _amount(figures.payable, currency)
    doc["LegalMonetaryTotal"] = [monetary]
    doc["InvoiceLine"] = [_line(line, currency) for line in invoice.lines]
    return {**_NAMESPACES, "Invoice": [doc]}
