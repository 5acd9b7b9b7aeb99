"""The inventory applets: stock entries (receipts at cost, issues, transfers, counts) on the stock ledger,
costed per item and location. Its stack: stacks/inventory.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import (
    BACKGROUND_MEMORY_MB,
    Applet,
    Domain,
    Function,
    Route,
    Subscription,
    WorkQueue,
    crud_functions,
)

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
        Applet(
            "stock-requests",
            "Stock requests",
            "Inventory",
            ("create", "read"),
            needs={"create": ENTRY_NEEDS},
        ),
        Applet("reorder-rules", "Replenishment", "Inventory", needs={"create": ENTRY_NEEDS, "update": ENTRY_NEEDS}),
        Applet(
            "count-sheets",
            "Cycle counting",
            "Inventory",
            ("create", "read", "submit"),
            needs={"create": ENTRY_NEEDS, "submit": ("count-sheets:read",)},
        ),
        Applet("stock-reports", "Stock reports", "Inventory", ("read",), needs={"read": ENTRY_NEEDS}),
    ),
    document_types=("STOCKENTRY", "STOCKRESERVATION", "STOCKREQUEST", "REORDERRULE", "COUNTSHEET"),
    # The stock ledger's rows and heads; the valuation documents that book stock value to the ledger; batches
    # and their balances by location (and by expiry); serial numbers
    key_prefixes=("STOCK", "STOCKVALUATION", "STOCKKEYS", "BATCH", "BATCHQTY", "BATCHEXPIRY", "SERIAL"),
    posts=("STOCKVALUATION",),
    books_later=(("STOCKENTRY", "valuation_state"),),  # its value is booked once it is costed
    functions=(
        *crud_functions("StockEntries", "stock_entries", "stock-entries", ("create", "get", "list")),
        Function(
            "StockEntriesCancelFunction",
            "stock_entries/cancel.handler",
            (Route("post", "/v1/stock-entries/{id}/cancel"),),
        ),
        Function(
            "StockEntriesLandedCostFunction",
            "stock_entries/landed_cost.handler",
            (Route("post", "/v1/stock-entries/{id}/landed-cost"),),
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
        *crud_functions("StockRequests", "stock_requests", "stock-requests", ("create", "get", "list")),
        *crud_functions("ReorderRules", "reorder_rules", "reorder-rules"),
        *crud_functions("CountSheets", "count_sheets", "count-sheets", ("create", "get", "list")),
        Function(
            "CountSheetsSubmitFunction", "count_sheets/submit.handler", (Route("post", "/v1/count-sheets/{id}/submit"),)
        ),
        # The daily run: one message per active tenant (ledgerlet.hub.work), whose consumer releases that
        # tenant's reservations past their day and raises its replenishment requests, with its credentials.
        Function(
            "InventoryDailyScheduleFunction",
            "inventory_daily/schedule.handler",
            role="InventoryFanOutRole",
            timeout=60,
            schedules={"Daily": "rate(1 day)"},
            environment={"INVENTORY_DAILY_QUEUE_URL": {"Ref": "InventoryDailyQueue"}},
        ),
        Function("InventoryDailyRunFunction", "inventory_daily/run.handler", timeout=300),
        Function("StockCostingFunction", "stock_entries/cost.handler", timeout=120, memory_mb=BACKGROUND_MEMORY_MB),
        Function("StockBalancesFunction", "stock_reports/balances.handler", (Route("get", "/v1/stock/balances"),)),
        Function("StockCardFunction", "stock_reports/card.handler", (Route("get", "/v1/stock/card"),)),
        Function("StockBatchesFunction", "stock_reports/batches.handler", (Route("get", "/v1/stock/batches"),)),
        Function("StockSerialsFunction", "stock_reports/serials.handler", (Route("get", "/v1/stock/serials"),)),
        Function("StockPickListFunction", "stock_reports/pick_list.handler", (Route("get", "/v1/stock/pick-list"),)),
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
    queues=(WorkQueue("InventoryDaily", function="InventoryDailyRunFunction", visibility_timeout=1800),),
    openapi="ledgerlet.inventory.routes:register",
)
