"""The finance applets: manual and recurring journals, opening balances, receipts, payments and bank
transfers. Each is a document the ledger posts. Its stack: stacks/finance.yaml (with the ledger)."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route, Subscription, crud_functions

POSTED = ("create", "get", "list")  # posted documents are never updated or archived

DOMAIN = Domain(
    name="finance",
    package="ledgerlet.finance",
    stack="finance",
    applets=(
        Applet("journals", "Manual journals", "Finance", ("create", "read", "reverse")),
        Applet("recurring-journals", "Recurring journals", "Finance"),
        Applet("receipts", "Receipts", "Finance", ("create", "read")),
        Applet("payments", "Payments", "Finance", ("create", "read")),
        Applet("transfers", "Bank transfers and conversions", "Finance", ("create", "read")),
    ),
    document_types=("JOURNAL", "RECEIPT", "PAYMENT", "TRANSFER", "RECURRINGJOURNAL"),
    posts=("JOURNAL", "RECEIPT", "PAYMENT", "TRANSFER"),
    functions=(
        *crud_functions("Journals", "journals", "journals", POSTED),
        Function("JournalsReverseFunction", "journals/reverse.handler", (Route("post", "/v1/journals/{id}/reverse"),)),
        *crud_functions("Receipts", "receipts", "receipts", POSTED),
        *crud_functions("Payments", "payments", "payments", POSTED),
        *crud_functions("Transfers", "transfers", "transfers", POSTED),
        *crud_functions("RecurringJournals", "recurring_journals", "recurring-journals"),
        Function(
            "RecurringJournalsRunFunction",
            "recurring_journals/run.handler",
            (Route("post", "/v1/recurring-journals/run"),),
        ),
        # The daily run has no caller and so no tenant: it reads the tenant ids under GLOBAL#RECURRING
        # and does each tenant's work with tenant-scoped credentials. It keeps that list itself, from
        # the hub's events (a tenant creating a template).
        Function(
            "RecurringJournalsScheduleFunction",
            "journals/run_recurring.handler",
            role="RecurringJournalsSchedulerRole",
            timeout=300,
            schedules={"Daily": "rate(1 day)"},
        ),
    ),
    subscriptions=(
        Subscription(
            "RecurringTemplates",
            function="RecurringJournalsScheduleFunction",
            filter={"eventName": ["INSERT"], "dynamodb": {"NewImage": {"entity": {"S": ["RECURRINGJOURNAL"]}}}},
            visibility_timeout=1800,  # six times the function's timeout
            batch_size=100,
            batching_window=5,
        ),
    ),
    openapi="ledgerlet.finance.routes:register",
)
