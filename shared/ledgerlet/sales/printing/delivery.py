"""A delivery order on paper: the company's heading, the customer and where the goods go, what left (item,
quantity, unit, the batch or serial numbers the delivery names), and lines for the driver and the customer
to sign. No prices.

:func:`delivery_page` turns a stored delivery into what the page shows (:class:`PrintedDelivery`) and is
pure; :func:`printed_delivery` reads what it needs; :func:`render` draws it (reportlab imported on the first
print).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.printing.company import Company
from ledgerlet.printing.page import quantity_text
from ledgerlet.sales.printing.parts import Customer, SalesPage, decimal, read_customer, say

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore


@dataclass(frozen=True)
class DeliveryLine:
    item_code: str
    description: str
    qty: Decimal
    unit: str  # a UN/ECE code ("C62")
    batch: str = ""
    serials: tuple[str, ...] = ()
    memo: str = ""


@dataclass(frozen=True)
class PrintedDelivery:
    """Everything one printed delivery order shows."""

    language: str
    company: Company
    customer: Customer
    customer_name: str  # as on the delivery
    number: str
    date: str
    reference: str
    order: str  # the sales order's number
    location: str  # where the goods left from
    lines: tuple[DeliveryLine, ...]
    state: str
    cancel_reason: str
    memo: str
    printed: str

    def text(self, key: str, **params: Any) -> str:
        return say(self.language, key, **params)

    @property
    def title(self) -> str:
        return self.text("title.delivery")

    @property
    def deliver_to(self) -> tuple[str, ...]:
        """Where the goods go: the customer's shipping address, else its billing address."""
        return self.customer.shipping or self.customer.billing


def delivery_page(
    document: dict[str, Any], company: Company, customer: Customer, language: str, *, printed: str, location: str = ""
) -> PrintedDelivery:
    """What the page of the stored delivery ``document`` shows, in ``language``."""
    return PrintedDelivery(
        language=language,
        company=company,
        customer=customer,
        customer_name=str(document.get("customer_name") or customer.name),
        number=str(document.get("code") or document.get("id") or ""),
        date=str(document.get("date") or ""),
        reference=str(document.get("reference") or ""),
        order=str(document.get("source_code") or ""),
        location=location,
        lines=tuple(
            DeliveryLine(
                item_code=str(line.get("item_code") or ""),
                description=str(line.get("description") or line.get("item_name") or ""),
                qty=decimal(line.get("qty")),
                unit=str(line.get("uom") or ""),
                batch=str(line.get("batch_no") or ""),
                serials=tuple(str(serial) for serial in line.get("serials") or ()),
                memo=str(line.get("memo") or ""),
            )
            for line in document.get("lines") or []
        ),
        state=str(document.get("state") or ""),
        cancel_reason=str(document.get("cancel_reason") or ""),
        memo=str(document.get("memo") or ""),
        printed=printed,
    )


def printed_delivery(store: DocumentStore, doc_id: str, language: str) -> PrintedDelivery:
    """The printed form of delivery order ``doc_id`` (404 when there is none), in ``language``."""
    from ledgerlet.errors import NotFound
    from ledgerlet.ids import is_id
    from ledgerlet.ledger.contract import company_today
    from ledgerlet.masterdata.contract import MasterData
    from ledgerlet.printing.company import read_company
    from ledgerlet.sales.deliveries import DELIVERY_ORDERS

    kind = DELIVERY_ORDERS.kind
    if not is_id(doc_id, kind.id_prefix):
        raise NotFound(f"{kind.label} {doc_id} does not exist")
    document = store.require(kind.doc_type, doc_id, kind.label)
    customer = read_customer(store, document["customer_id"]) or Customer(
        code=str(document.get("customer_code") or ""), name=str(document.get("customer_name") or "")
    )
    location_id = document.get("location_id")
    location = (MasterData(store).org_unit_label(location_id) or location_id) if location_id else ""
    printed = company_today(store.tenant_id).isoformat()
    return delivery_page(document, read_company(store), customer, language, printed=printed, location=location)


# --- the page ---------------------------------------------------------------------------------------------------

LINE_WIDTHS = (0.05, 0.17, 0.40, 0.20, 0.10, 0.08)


class _DeliveryPage(SalesPage):
    def __init__(self, delivery: PrintedDelivery) -> None:
        super().__init__(delivery.language)
        self.delivery = delivery

    def heading_part(self) -> list[Any]:
        delivery = self.delivery
        alerts = []
        if delivery.state == "draft":
            alerts.append(self.text("status.draft"))
        if delivery.state == "cancelled":
            alerts.append(self.text("status.cancelled", reason=delivery.cancel_reason))
        return self.company_heading(delivery.company.name, delivery.company.lines(self.table), delivery.title, alerts)

    def parties(self) -> Any:
        """The customer and where the goods go, beside the delivery's number, date and references."""
        from reportlab.platypus import Spacer

        delivery, text = self.delivery, self.text
        customer = delivery.customer
        small = [text("party.account", value=customer.code)] if customer.code else []
        left = self.party(text("party.customer"), delivery.customer_name, customer.billing, small)
        contact = [
            text(key, value=value)
            for key, value in (("party.contact", customer.contact_person), ("party.phone", customer.phone))
            if value
        ]
        left += [
            Spacer(1, 2 * self.mm),
            *self.party(text("party.deliver_to"), delivery.customer_name, delivery.deliver_to, contact),
        ]
        rows = [(text("field.number"), delivery.number), (text("field.date"), delivery.date)]
        rows += [
            (text(key), value)
            for key, value in (
                ("field.order", delivery.order),
                ("field.reference", delivery.reference),
                ("field.dispatched_from", delivery.location),
                ("field.memo", delivery.memo),
            )
            if value
        ]
        return self.beside(left, rows)

    def lines(self) -> Any:
        """Item, description, batch or serial numbers, quantity and unit; the head on every page."""
        delivery, text, p = self.delivery, self.text, self.p
        rows: list[list[Any]] = [
            [
                p(text("column.number"), self.cell_strong),
                p(text("column.item"), self.cell_strong),  # over the code and the description
                "",
                p(text("column.batch"), self.cell_strong),
                p(text("column.qty"), self.cell_right_strong),
                p(text("column.unit"), self.cell_strong),
            ]
        ]
        for number, line in enumerate(delivery.lines, start=1):
            lots = [text("line.batch", value=line.batch)] if line.batch else []
            if line.serials:
                lots.append(text("line.serials", value=", ".join(line.serials)))
            description = [p(line.description, self.cell), *([p(line.memo, self.cell_small)] if line.memo else [])]
            rows.append(
                [
                    p(str(number), self.cell),
                    p(line.item_code, self.cell_strong),
                    description,
                    self.lines_of(lots, self.cell),
                    p(quantity_text(line.qty), self.cell_right),
                    p(self.unit(line.unit), self.cell),
                ]
            )
        return self.lined(rows, LINE_WIDTHS, [("SPAN", (1, 0), (2, 0))])

    def closing(self) -> Any:
        """That the goods came in good order, and lines to sign: who issued, delivered and received them."""
        from reportlab.platypus import KeepTogether, Spacer

        text = self.text
        signers = [text("sign.issued"), text("sign.delivered"), text("sign.received")]
        return KeepTogether([self.p(text("note.received")), Spacer(1, 16 * self.mm), self.signatures(signers)])


def render(delivery: PrintedDelivery) -> bytes:
    """The delivery order as a one-or-more-page A4 PDF."""
    from reportlab.platypus import Spacer

    from ledgerlet.printing.page import render as render_story

    page = _DeliveryPage(delivery)
    mm = page.mm
    story = [
        *page.heading_part(),
        Spacer(1, 2 * mm),
        page.parties(),
        Spacer(1, 4 * mm),
        page.lines(),
        Spacer(1, 8 * mm),
        page.closing(),
    ]
    return render_story(
        story,
        title=f"{delivery.title} {delivery.number}",
        author=delivery.company.name,
        footer=page.foot(delivery.printed),
    )
