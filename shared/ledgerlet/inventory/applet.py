"""The inventory applets: stock entries (receipts at cost, issues, transfers, counts) on the stock ledger,
costed per item and location. Its stack: stacks/inventory.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route, Subscription, crud_functions

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
        Applet("stock-reports", "Stock reports", "Inventory", ("read",), needs={"read": ENTRY_NEEDS}),
    ),
    document_types=("STOCKENTRY",),
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
    openapi="ledgerlet.inventory.routes:register",
)
