"""The sales document kinds and their lifecycle routes, each action's registration by name (the handlers
in functions/ import them from here)."""

from ledgerlet.sales.credit_notes import CREDIT_NOTES
from ledgerlet.sales.debit_notes import DEBIT_NOTES
from ledgerlet.sales.deliveries import DELIVERY_ORDERS
from ledgerlet.sales.invoices import SALES_INVOICES
from ledgerlet.sales.lifecycle_api import cancel_route, submit_route
from ledgerlet.sales.orders import SALES_ORDERS
from ledgerlet.sales.quotations import QUOTATIONS

KINDS = (QUOTATIONS, SALES_ORDERS, DELIVERY_ORDERS, SALES_INVOICES, CREDIT_NOTES, DEBIT_NOTES)

submit_quotation = submit_route(QUOTATIONS, "An order may then take from it until `valid_until`.")
cancel_quotation = cancel_route(QUOTATIONS)
submit_sales_order = submit_route(
    SALES_ORDERS, "What it takes from its quotation is taken there, at once (never more than is left)."
)
cancel_sales_order = cancel_route(SALES_ORDERS)
submit_delivery_order = submit_route(
    DELIVERY_ORDERS,
    "Its stock items leave its location at once (a stock issue: refused whole, 409 naming the line, when "
    "the stock is not there) and count as delivered on the order.",
)
cancel_delivery_order = cancel_route(DELIVERY_ORDERS)
submit_sales_invoice = submit_route(
    SALES_INVOICES,
    "It posts to the ledger (receivable, revenue, SST payable) and stays open until receipts settle it. "
    "Stock items must be delivered first (422 `sales.not_delivered`) unless the sales settings allow it.",
)
cancel_sales_invoice = cancel_route(SALES_INVOICES)
submit_credit_note = submit_route(
    CREDIT_NOTES,
    "It posts the invoice's entries the other way and settles what the invoice still owes (the rest is the "
    "customer's credit); with `return_stock` the goods come back at the rate they went out.",
)
cancel_credit_note = cancel_route(CREDIT_NOTES)
submit_debit_note = submit_route(DEBIT_NOTES, "It posts like an invoice and is an open item receipts settle.")
cancel_debit_note = cancel_route(DEBIT_NOTES)

ROUTES = (
    submit_quotation,
    cancel_quotation,
    submit_sales_order,
    cancel_sales_order,
    submit_delivery_order,
    cancel_delivery_order,
    submit_sales_invoice,
    cancel_sales_invoice,
    submit_credit_note,
    cancel_credit_note,
    submit_debit_note,
    cancel_debit_note,
)
