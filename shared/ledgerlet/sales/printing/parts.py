"""What the printed sales documents share: the customer as printed, and the sales page (the customer beside
the document's details, units by name, the footer)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.printing.company import address_lines
from ledgerlet.printing.page import Page
from ledgerlet.sales.printing.texts import texts

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore


@dataclass(frozen=True)
class Customer:
    """A customer as its documents print it: its numbers (``id_type`` names what ``brn`` holds: a business
    registration, a MyKad, a passport or an army number) and its addresses, each as printed lines."""

    code: str
    name: str
    id_type: str = "BRN"
    brn: str = ""
    tin: str = ""
    sst_number: str = ""
    billing: tuple[str, ...] = ()
    shipping: tuple[str, ...] = ()
    contact_person: str = ""
    phone: str = ""

    def numbers(self, table: Mapping[str, str]) -> list[str]:
        """Its registration numbers, labelled in ``table``'s language (those it has)."""
        labelled = ((f"party.id.{self.id_type}", self.brn), ("party.tin", self.tin), ("party.sst", self.sst_number))
        return [table[key].format(value=value) for key, value in labelled if value and key in table]


def read_customer(store: DocumentStore, customer_id: str) -> Customer | None:
    """The customer's details as its master data keeps them, None if there is no such customer.

    The master data contract's ``Customer`` carries what pricing needs, not the addresses and numbers a
    document prints, so this reads the customer's document in the hub (as the contract itself does).
    """
    found = store.get("CUSTOMER", customer_id) if customer_id.startswith("cus_") else None
    if not found:
        return None
    return Customer(
        code=str(found.get("code") or ""),
        name=str(found.get("name") or ""),
        id_type=str(found.get("id_type") or "BRN"),
        brn=str(found.get("brn") or ""),
        tin=str(found.get("tin") or ""),
        sst_number=str(found.get("sst_number") or ""),
        billing=tuple(address_lines(found.get("billing_address"))),
        shipping=tuple(address_lines(found.get("shipping_address"))),
        contact_person=str(found.get("contact_person") or ""),
        phone=str(found.get("phone") or ""),
    )


def say(language: str, key: str, **params: Any) -> str:
    """The printed text ``key`` in ``language``, its placeholders filled."""
    return texts(language)[key].format(**params)


class SalesPage(Page):
    """A sales document's page in ``language`` (reportlab imported by :class:`Page`)."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self.language = language
        self.table = texts(language)

    def text(self, key: str, **params: Any) -> str:
        return self.table[key].format(**params)

    def unit(self, code: str) -> str:
        """A unit as printed: its name in the language (``unit.<code>``), else its code."""
        return self.table.get(f"unit.{code}", code)

    def party(self, label: str, name: str, lines: Sequence[str], small: Sequence[str] = ()) -> list[Any]:
        """A party's block: what it is (``label``), its name, its address lines, then smaller lines."""
        block = [self.p(label, self.small), self.p(name, self.strong)]
        if lines:
            block.append(self.lines_of(lines))
        if small:
            block.append(self.lines_of(small, self.small))
        return block

    def beside(self, left: list[Any], rows: Sequence[tuple[str, str]]) -> Any:
        """The party's block on the left, the document's details (label-value rows) on the right."""
        from reportlab.platypus import Table, TableStyle

        details = Table(
            [[self.p(label, self.strong), self.p(value)] for label, value in rows] or [["", ""]],
            colWidths=[0.17 * self.width, 0.25 * self.width],
        )
        details.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        table = Table([[left, details]], colWidths=[0.56 * self.width, 0.44 * self.width])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return table

    def lined(self, rows: list[list[Any]], widths: Sequence[float], extra: Sequence[tuple[Any, ...]] = ()) -> Any:
        """A table of lines: a shaded head repeated on every page, a rule under it, ``extra`` styles."""
        from reportlab.platypus import Table, TableStyle

        table = Table(rows, colWidths=[share * self.width for share in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#f0f0f0")),
                    ("LEFTPADDING", (1, 0), (-1, -1), 3),  # the outer columns keep 6, in line with the text
                    ("RIGHTPADDING", (0, 0), (-2, -1), 3),
                    *extra,
                ]
            )
        )
        return table

    def foot(self, printed: str) -> Callable[[Any, Any], None]:
        return self.footer(
            self.text("footer.computer", printed=printed), lambda page: self.text("footer.page", page=page)
        )


def decimal(value: Any) -> Decimal:
    """A stored amount or quantity (text) as a ``Decimal``; none is 0."""
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)
