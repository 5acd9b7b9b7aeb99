"""Sales channels: Shopee and Lazada shops pushing their orders, imported into sales documents. Its stack:
stacks/channels.yaml. (Connections themselves live in the control plane: ledgerlet.platform.connections.)"""

from __future__ import annotations

from ledgerlet.applet_spec import BACKGROUND_MEMORY_MB, Applet, Domain, Function, Route, Subscription, WorkQueue

IMPORT_QUEUE = {"MARKETPLACE_IMPORT_QUEUE_URL": {"Ref": "MarketplaceImportQueue"}}
APPS = {"MARKETPLACE_APPS_SECRET": {"Ref": "MarketplaceApps"}}
APIS = {"SHOPEE_API_URL": {"Ref": "ShopeeApiUrl"}, "LAZADA_API_URL": {"Ref": "LazadaApiUrl"}}

DOMAIN = Domain(
    name="marketplace",
    package="ledgerlet.marketplace",
    stack="channels",
    applets=(
        Applet(
            "marketplaces",
            "Marketplaces (Shopee, Lazada)",
            "Sales channels",
            ("read", "manage"),
            needs={
                "manage": (
                    "customers:read",
                    "org-units:read",
                    "cash-books:read",
                    "accounts:read",
                    "price-books:read",
                )
            },
        ),
    ),
    key_prefixes=("MKTORDER", "MKTSTOCK"),  # the order log (an entry per order); items due a stock update
    functions=(
        # Pushes: verified and queued, nothing else (the platforms want an answer within 500 ms).
        Function(
            "MarketplaceWebhookFunction",
            "marketplace/webhook.handler",
            (Route("post", "/v1/webhooks/{platform}", public=True),),
            role="MarketplaceWebhookRole",
            timeout=10,
            environment={**IMPORT_QUEUE, **APPS, "WEBHOOK_BASE_URL": {"Ref": "WebhookBaseUrl"}},
        ),
        # The import queue (FIFO, a group per order): each order read from its platform and followed into
        # sales documents, as the company (the shop's connection names it).
        Function(
            "MarketplaceImportFunction",
            "marketplace/import_orders.handler",
            role="MarketplaceWorkerRole",
            timeout=120,
            memory_mb=BACKGROUND_MEMORY_MB,
            environment={**IMPORT_QUEUE, **APPS, **APIS},
        ),
        # Every hour each connected shop's orders of the last three days are read again (missed pushes).
        Function(
            "MarketplaceRefetchFunction",
            "marketplace/refetch.handler",
            role="MarketplaceWorkerRole",
            timeout=60,
            memory_mb=BACKGROUND_MEMORY_MB,
            schedules={"Hourly": "rate(1 hour)"},
            environment=IMPORT_QUEUE,
        ),
        # Stock sync back: a change of what is available marks the item due (debounced), and every minute
        # each shop gets what fell due (ledgerlet.marketplace.stock_sync).
        Function(
            "MarketplaceStockChangesFunction",
            "marketplace/stock_changes.handler",
            role="MarketplaceWorkerRole",
            timeout=60,
            memory_mb=BACKGROUND_MEMORY_MB,
        ),
        Function(
            "MarketplaceStockFlushFunction",
            "marketplace/stock_flush.handler",
            role="MarketplaceWorkerRole",
            timeout=60,
            memory_mb=BACKGROUND_MEMORY_MB,
            schedules={"EveryMinute": "rate(1 minute)"},
            environment=IMPORT_QUEUE,
        ),
        Function(
            "MarketplaceOrdersListFunction",
            "marketplace/orders_list.handler",
            (Route("get", "/v1/marketplace/orders"),),
        ),
        Function(
            "MarketplaceOrdersGetFunction",
            "marketplace/orders_get.handler",
            (Route("get", "/v1/marketplace/orders/{id}"),),
        ),
        Function(
            "MarketplaceOrdersRetryFunction",
            "marketplace/orders_retry.handler",
            (Route("post", "/v1/marketplace/orders/{id}/retry"),),
            role="MarketplaceWorkerRole",
            environment=IMPORT_QUEUE,
        ),
    ),
    subscriptions=(
        Subscription(
            "MarketplaceStockChanges",
            function="MarketplaceStockChangesFunction",
            # A stock key's head (what is on hand, reserved and available at a location) written anew;
            # the consumer keeps those whose available quantity moved.
            filter={
                "dynamodb": {"Keys": {"SK": {"S": ["HEAD"]}}, "NewImage": {"available": {"N": [{"exists": True}]}}}
            },
            visibility_timeout=360,
            batch_size=10,
        ),
    ),
    queues=(
        WorkQueue(
            "MarketplaceImport",
            function="MarketplaceImportFunction",
            visibility_timeout=720,
            batch_size=10,
            fifo=True,
        ),
    ),
    openapi="ledgerlet.marketplace.routes:register",
)
