"""The finance applets: manual and recurring journals, opening balances, receipts, payments and bank
transfers. Each is a document the ledger posts. Its stack: stacks/finance.yaml (with the ledger)."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route, WorkQueue, crud_functions

POSTED = ("create", "get", "list")  # posted documents are never updated or archived

# Reads an action's form makes (its pickers): granted with the action by role editors.
JOURNAL_NEEDS = ("accounts:read", "currencies:read", "org-units:read")
CASH_NEEDS = ("cash-books:read", "accounts:read", "tax-codes:read", "currencies:read", "org-units:read")

DOMAIN = Domain(
    name="finance",
    package="ledgerlet.finance",
    stack="finance",
    applets=(
        Applet(
            "journals",
            "Manual journals",
            "Finance",
            ("create", "read", "reverse"),
            needs={"create": JOURNAL_NEEDS, "reverse": ("journals:read",)},
        ),
        Applet(
            "recurring-journals",
            "Recurring journals",
            "Finance",
            needs={"create": JOURNAL_NEEDS, "update": JOURNAL_NEEDS},
        ),
        Applet(
            "receipts",
            "Receipts",
            "Finance",
            ("create", "read", "reverse"),
            needs={"create": (*CASH_NEEDS, "customers:read"), "reverse": ("receipts:read",)},
        ),
        Applet(
            "payments",
            "Payments",
            "Finance",
            ("create", "read", "reverse"),
            needs={"create": (*CASH_NEEDS, "suppliers:read"), "reverse": ("payments:read",)},
        ),
        Applet(
            "transfers",
            "Bank transfers and conversions",
            "Finance",
            ("create", "read"),
            needs={"create": ("cash-books:read", "currencies:read")},
        ),
    ),
    document_types=("JOURNAL", "RECEIPT", "PAYMENT", "TRANSFER", "RECURRINGJOURNAL"),
    posts=("JOURNAL", "RECEIPT", "PAYMENT", "TRANSFER"),
    functions=(
        *crud_functions("Journals", "journals", "journals", POSTED),
        Function("JournalsReverseFunction", "journals/reverse.handler", (Route("post", "/v1/journals/{id}/reverse"),)),
        *crud_functions("Receipts", "receipts", "receipts", POSTED),
        Function("ReceiptsReverseFunction", "receipts/reverse.handler", (Route("post", "/v1/receipts/{id}/reverse"),)),
        Function("ReceiptsPdfFunction", "receipts/pdf.handler", (Route("get", "/v1/receipts/{id}/pdf"),)),
        *crud_functions("Payments", "payments", "payments", POSTED),
        Function("PaymentsReverseFunction", "payments/reverse.handler", (Route("post", "/v1/payments/{id}/reverse"),)),
        Function("PaymentsPdfFunction", "payments/pdf.handler", (Route("get", "/v1/payments/{id}/pdf"),)),
        *crud_functions("Transfers", "transfers", "transfers", POSTED),
        *crud_functions("RecurringJournals", "recurring_journals", "recurring-journals"),
        Function(
            "RecurringJournalsRunFunction",
            "recurring_journals/run.handler",
            (Route("post", "/v1/recurring-journals/run"),),
        ),
        # The daily run has no caller and so no tenant: it sends one message per active tenant (the
        # platform's registry) to the run queue, whose consumer creates that tenant's due journals with
        # its scoped credentials, "today" in the company's time zone (ledgerlet.hub.work).
        Function(
            "RecurringJournalsScheduleFunction",
            "journals/run_recurring.handler",
            role="TenantFanOutRole",
            timeout=60,
            schedules={"Daily": "rate(1 day)"},
            environment={"RECURRING_RUN_QUEUE_URL": {"Ref": "RecurringRunQueue"}},
        ),
        Function("RecurringJournalsRunDueFunction", "recurring_journals/run_due.handler", timeout=120),
    ),
    queues=(WorkQueue("RecurringRun", function="RecurringJournalsRunDueFunction", visibility_timeout=720),),
    openapi="ledgerlet.finance.routes:register",
)
