"""The inventory applets: stock entries (receipts at cost, issues, transfers, counts) on the stock ledger,
costed per item and location. Its stack: stacks/inventory.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route, Subscription, WorkQueue, crud_functions

# Reads an entry's form makes (its pickers): granted with the action by role editors.
ENTRY_NEEDS = ("items:read", "org-units:read")

DOMAIN = Domain(
    name="inventory",
    package="ledgerlet.inventory",
    stack="inventory",
    applets=(
        Applet(
            "stock-entries",
            "Stock entries",
            "Inventory",
            ("create", "read", "cancel", "manage"),
            needs={"create": ENTRY_NEEDS, "cancel": ("stock-entries:read",)},
        ),
        Applet(
            "stock-reservations",
            "Stock reservations",
            "Inventory",
            ("create", "read", "release"),
            needs={"create": ENTRY_NEEDS, "release": ("stock-reservations:read",)},
        ),
        Applet("stock-reports", "Stock reports", "Inventory", ("read",), needs={"read": ENTRY_NEEDS}),
    ),
    document_types=("STOCKENTRY", "STOCKRESERVATION"),
    # The stock ledger's rows and heads; the valuation documents that book stock value to the ledger
    key_prefixes=("STOCK", "STOCKVALUATION", "STOCKKEYS"),
    posts=("STOCKVALUATION",),
    functions=(
        *crud_functions("StockEntries", "stock_entries", "stock-entries", ("create", "get", "list")),
        Function(
            "StockEntriesCancelFunction",
            "stock_entries/cancel.handler",
            (Route("post", "/v1/stock-entries/{id}/cancel"),),
        ),
        Function("StockSettingsFunction", "stock_entries/settings.handler", (Route("get", "/v1/stock/settings"),)),
        Function(
            "StockSettingsUpdateFunction",
            "stock_entries/update_settings.handler",
            (Route("put", "/v1/stock/settings"),),
        ),
        *crud_functions("StockReservations", "stock_reservations", "stock-reservations", ("create", "get", "list")),
        Function(
            "StockReservationsReleaseFunction",
            "stock_reservations/release.handler",
            (Route("post", "/v1/stock-reservations/{id}/release"),),
        ),
        Function("StockAgeingFunction", "stock_reports/ageing.handler", (Route("get", "/v1/stock/ageing"),)),
        Function(
            "StockAvailabilityFunction", "stock_reports/availability.handler", (Route("get", "/v1/stock/availability"),)
        ),
        # The daily expiry of reservations: one message per active tenant (ledgerlet.hub.work), whose
        # consumer releases that tenant's reservations past their day with its scoped credentials.
        Function(
            "StockReservationsScheduleFunction",
            "stock_reservations/schedule_expiry.handler",
            role="InventoryFanOutRole",
            timeout=60,
            schedules={"Daily": "rate(1 day)"},
            environment={"RESERVATION_EXPIRY_QUEUE_URL": {"Ref": "ReservationExpiryQueue"}},
        ),
        Function("StockReservationsExpireFunction", "stock_reservations/expire.handler", timeout=120),
        Function("StockCostingFunction", "stock_entries/cost.handler", timeout=120),
        Function("StockBalancesFunction", "stock_reports/balances.handler", (Route("get", "/v1/stock/balances"),)),
        Function("StockCardFunction", "stock_reports/card.handler", (Route("get", "/v1/stock/card"),)),
    ),
    subscriptions=(
        Subscription(
            "StockCosting",
            function="StockCostingFunction",
            # A new entry, or one cancelled: either waits for its stock to be costed
            filter={
                "eventName": ["INSERT", "MODIFY"],
                "dynamodb": {"NewImage": {"entity": {"S": ["STOCKENTRY"]}, "valuation_state": {"S": ["pending"]}}},
            },
            visibility_timeout=720,
            batch_size=10,
        ),
    ),
    queues=(WorkQueue("ReservationExpiry", function="StockReservationsExpireFunction", visibility_timeout=720),),
    openapi="ledgerlet.inventory.routes:register",
)
