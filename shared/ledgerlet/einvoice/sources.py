"""The e-invoice of a product document: a sales invoice, credit note, debit note or refund, with the company
as supplier and the customer as buyer, in LHDN's model (:mod:`ledgerlet.einvoice.model`).

Figures are the document's own, fixed when it was submitted: each line's subtotal is its net (after its
discount and its share of the document's), its tax is the tax charged, and the unit price is excluding tax
(a price that included tax is worked back from the net, the discount taking up the sen rounding leaves).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, Decimal
from typing import Any

from ledgerlet.einvoice.model import ZERO, Address, EInvoice, Line, Party, Reference, round_money
from ledgerlet.einvoice.settings import EInvoiceSettings
from ledgerlet.einvoice.ubl import FOREIGN_BUYER_TIN, GENERAL_PUBLIC_TIN

OTHERS = "022"  # LHDN classification "Others"
NOT_APPLICABLE = "NA"
PRICE_PLACES = Decimal("0.000001")
INDIVIDUAL_ABOVE = Decimal("10000")
"""A sale to the general public above RM 10,000 is issued on its own e-invoice, never consolidated."""


class NotReady(Exception):
    """The document cannot be issued yet: the e-invoice it adjusts is not validated (it waits), or the
    company's own particulars are missing (``field`` says which)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Original:
    """The e-invoice a note adjusts, as MyInvois knows it."""

    uuid: str
    number: str


def phone_digits(phone: str | None) -> str:
    """A contact number as LHDN takes it: digits with an optional leading +, no spaces, dashes or brackets."""
    if not phone:
        return NOT_APPLICABLE
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+") or NOT_APPLICABLE


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None and value != "" else ZERO


def state_code(state: str | None) -> str:
    """An LHDN state code from a code ("14") or a state's name as the company profile keeps it
    ("Kuala Lumpur", "Wilayah Persekutuan Kuala Lumpur"); "17" (not applicable) when neither."""
    from ledgerlet.reference.codes import states

    if not state:
        return "17"
    if state in states():
        return state
    wanted = state.casefold()
    for code, name in states().items():
        if name.casefold() in (wanted, f"wilayah persekutuan {wanted}"):
            return code
    return state  # left as given: the rules name it


def _address(found: dict[str, Any] | None) -> Address:
    if not found:
        return Address(lines=(NOT_APPLICABLE,), city=NOT_APPLICABLE, postcode=None, state="17", country="MYS")
    lines = tuple(str(found[name]) for name in ("line1", "line2", "line3") if found.get(name))
    return Address(
        lines=lines or (NOT_APPLICABLE,),
        city=str(found.get("city") or NOT_APPLICABLE),
        postcode=found.get("postcode") or None,
        state=state_code(found.get("state")),
        country={"MY": "MYS", None: "MYS", "": "MYS"}.get(found.get("country"), str(found.get("country"))),
    )


def supplier(profile: dict[str, Any], settings: EInvoiceSettings) -> Party:
    """The company as supplier, from its profile and its e-invoice settings."""
    for name, label in (("tin", "profile.tin"), ("brn", "profile.brn"), ("address", "profile.address")):
        if not profile.get(name):
            raise NotReady(f"the company's {name} is not set", label)
    for value, label in ((settings.msic, "settings.msic"), (settings.phone, "settings.phone")):
        if not value:
            raise NotReady(f"the e-invoice settings' {label.split('.')[1]} is not set", label)
    return Party(
        name=str(profile.get("legal_name") or ""),
        tin=str(profile["tin"]),
        id_type="BRN",
        id_value=str(profile["brn"]),
        sst_number=str(profile.get("sst_number") or NOT_APPLICABLE),
        msic=settings.msic,
        activity=settings.activity or NOT_APPLICABLE,
        address=_address(profile["address"]),
        phone=phone_digits(settings.phone),
        email=settings.email,
    )


def buyer(customer: Any, name: str) -> Party:
    """The customer as buyer; one without a TIN is the general public (a foreign one, the foreign buyer)."""
    identity = customer.identity if customer is not None else None
    address = _address(identity.address if identity else None)
    tin = identity.tin if identity else None
    if not tin:
        tin = FOREIGN_BUYER_TIN if address.country != "MYS" else GENERAL_PUBLIC_TIN
    return Party(
        name=name or "General Public",
        tin=tin,
        id_type=(identity.id_type if identity and identity.id_value else "BRN"),
        id_value=(identity.id_value if identity and identity.id_value else NOT_APPLICABLE),
        sst_number=(identity.sst_number if identity and identity.sst_number else NOT_APPLICABLE),
        address=address,
        phone=phone_digits(identity.phone if identity else None),
        email=identity.email if identity else None,
    )


def _line(number: int, line: dict[str, Any], classification: str, currency: str) -> Line:
    qty = _decimal(line.get("qty"))
    net = _decimal(line.get("net"))
    discount = _decimal(line.get("discount"))
    unit_price = ((net + discount) / qty).quantize(PRICE_PLACES, ROUND_CEILING) if qty else ZERO  # never short
    tax_type = str(line.get("tax_type") or "06")
    return Line(
        number=str(number),
        classification=classification,
        description=str(line.get("description") or line.get("item_name") or line.get("item_code") or "Item"),
        quantity=qty,
        unit_price=unit_price,
        discount=round_money(qty * unit_price, currency) - net,  # its own, and the sen the price's rounding adds
        subtotal=net,
        tax_type=tax_type,
        tax_rate=_decimal(line.get("tax_rate")),
        tax_amount=_decimal(line.get("tax")),
        unit_code=str(line.get("uom") or "C62"),
        exemption_reason=line.get("exemption_reason") if tax_type == "E" else None,
    )


def _refund_line(document: dict[str, Any]) -> Line:
    amount = _decimal(document.get("amount"))
    return Line(
        number="1",
        classification=OTHERS,
        description=str(document.get("memo") or document.get("reference") or "Refund"),
        quantity=Decimal(1),
        unit_price=amount,
        subtotal=amount,
        tax_type="06",
        tax_rate=ZERO,
        tax_amount=ZERO,
    )


def compose(
    doc_type: str,
    type_code: str,
    document: dict[str, Any],
    *,
    supplier_party: Party,
    customer: Any,
    classifications: dict[str, str | None],
    original: Original | None,
    issued_at: datetime,
) -> EInvoice:
    """The e-invoice of ``document`` (a sales document as stored). ``classifications``: each line item's
    classification; ``original``: the validated e-invoice a note adjusts."""
    currency = str(document.get("currency") or "MYR")
    if doc_type == "CUSTOMERREFUND":
        lines: tuple[Line, ...] = (_refund_line(document),)
        rounding = ZERO
    else:
        lines = tuple(
            _line(n, line, classifications.get(line.get("item_id") or "") or OTHERS, currency)
            for n, line in enumerate(document.get("lines") or [], start=1)
        )
        rounding = _decimal(document.get("rounding"))
    rate = _decimal(document.get("rate")) if currency != "MYR" else None
    references: tuple[Reference, ...] = ()
    if type_code in ("02", "03", "04"):
        references = (
            (Reference(uuid=original.uuid, number=original.number),)
            if original
            else (Reference(uuid=NOT_APPLICABLE, number=NOT_APPLICABLE),)
        )
    return EInvoice(
        type_code=type_code,
        number=str(document.get("code") or document["id"]),
        issued_at=issued_at,
        currency=currency,
        exchange_rate=rate,
        supplier=supplier_party,
        buyer=buyer(customer, str(document.get("customer_name") or "")),
        lines=lines,
        rounding=rounding,
        original=references,
    )


SELF_BILLED_OTHERS = "036"  # LHDN classification "Self-billed - Others"
IMPORTED_SERVICES = "035"  # "Self-billed - Importation of services"


def seller_of(supplier: Any) -> Party:
    """A self-billed supplier as the e-invoice's supplier: one without a TIN abroad is LHDN's foreign
    supplier (``EI00000000030``); it states no MSIC of its own (``00000``, not applicable)."""
    from ledgerlet.einvoice.ubl import FOREIGN_SUPPLIER_TIN

    identity = supplier.identity
    address = _address(identity.address)
    return Party(
        name=supplier.name,
        tin=identity.tin or (FOREIGN_SUPPLIER_TIN if address.country != "MYS" else GENERAL_PUBLIC_TIN),
        id_type=identity.id_type if identity.id_value else "BRN",
        id_value=identity.id_value or NOT_APPLICABLE,
        sst_number=identity.sst_number or NOT_APPLICABLE,
        msic="00000",
        activity="NOT APPLICABLE",
        address=address,
        phone=phone_digits(identity.phone),
        email=identity.email,
    )


def compose_self_billed(
    payment: dict[str, Any],
    *,
    seller: Any,
    company: Party,
    tax_types: dict[str, str],
    issued_at: datetime,
    original: Original | None = None,
) -> EInvoice:
    """The self-billed e-invoice of a payment to a self-billed supplier (type 11), or of its reversal (a
    self-billed credit note, 12, naming ``original``, the payment's e-invoice): the supplier sells, the
    company buys and issues. Each line is one line of the payment, before tax, with the tax it carried."""
    currency = str(payment.get("currency") or "MYR")
    inclusive = payment.get("amounts_are") == "inclusive"
    taxes = {int(tax["line"]): tax for tax in payment.get("taxes") or []}
    foreign = (seller.identity.address or {}).get("country") not in (None, "", "MY", "MYS")
    lines = []
    for number, line in enumerate(payment.get("lines") or [], start=1):
        tax = taxes.get(number - 1)
        tax_amount = _decimal(tax["amount"]) if tax else ZERO
        net = _decimal(line.get("amount")) - (tax_amount if inclusive else ZERO)
        tax_type = (tax_types.get(tax["tax_code_id"]) or "01") if tax else "06"
        lines.append(
            Line(
                number=str(number),
                classification=IMPORTED_SERVICES if foreign else SELF_BILLED_OTHERS,
                description=str(line.get("memo") or payment.get("memo") or payment.get("party") or "Payment"),
                quantity=Decimal(1),
                unit_price=net,
                subtotal=net,
                tax_type=tax_type,
                tax_rate=_decimal(tax["rate"]) if tax else ZERO,
                tax_amount=tax_amount,
                exemption_reason="Exempt" if tax_type == "E" else None,
            )
        )
    credit = payment.get("reverses") is not None
    return EInvoice(
        type_code="12" if credit else "11",
        number=str(payment.get("code") or payment["id"]),
        issued_at=issued_at,
        currency=currency,
        exchange_rate=_decimal(payment.get("rate")) if currency != "MYR" else None,
        supplier=seller_of(seller),
        buyer=company,
        lines=tuple(lines),
        original=(Reference(uuid=original.uuid, number=original.number),) if credit and original else (),
    )
