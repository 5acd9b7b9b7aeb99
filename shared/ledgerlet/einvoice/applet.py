"""MyInvois e-invoicing: the company's documents go to LHDN as signed UBL 2.1 e-invoices, queued from the
hub's events and submitted in batches by a scheduled run per company. Its stack: stacks/compliance.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import BACKGROUND_MEMORY_MB, Applet, Domain, Function, Route, Subscription, WorkQueue

RUN_QUEUE = {"EINVOICE_RUN_QUEUE_URL": {"Ref": "EInvoiceRunQueue"}}
MYINVOIS = {"MYINVOIS_API_URL": {"Ref": "MyInvoisApiUrl"}}
PORTAL_KEY = {"PORTAL_KEY_SECRET_ARN": {"Ref": "PortalLinkKey"}}  # the portal links' signing key (a secret)


def _route(name: str, handler: str, method: str, path: str, **options: object) -> Function:
    return Function(f"EInvoices{name}Function", f"einvoices/{handler}.handler", (Route(method, path),), **options)  # type: ignore[arg-type]


DOMAIN = Domain(
    name="einvoice",
    package="ledgerlet.einvoice",
    stack="compliance",
    applets=(
        Applet(
            "einvoices",
            "E-invoices (MyInvois)",
            "Compliance",
            ("read", "manage", "cancel"),
            needs={"read": ("customers:read",)},
        ),
    ),
    key_prefixes=("EINVOICE", "EINVOICEQ"),  # the queue and its settings; the queue by state (GSI2)
    functions=(
        _route("List", "list", "get", "/v1/einvoices"),
        _route("Get", "get", "get", "/v1/einvoices/{id}"),
        _route("Document", "document", "get", "/v1/einvoices/{id}/document"),
        _route("Resubmit", "resubmit", "post", "/v1/einvoices/{id}/resubmit"),
        _route("Cancel", "cancel", "post", "/v1/einvoices/{id}/cancel", environment=MYINVOIS),
        _route("Settings", "settings", "get", "/v1/einvoicing/settings"),
        _route("UpdateSettings", "update_settings", "put", "/v1/einvoicing/settings"),
        _route("Certificate", "certificate", "put", "/v1/einvoicing/certificate"),
        _route("ValidateTin", "validate_tin", "get", "/v1/einvoicing/tin", environment=MYINVOIS),
        _route("RunNow", "run_now", "post", "/v1/einvoicing/run", role="EInvoiceSchedulerRole", environment=RUN_QUEUE),
        # The customer portal: a signed, expiring link made for a customer, and the public pages it opens
        # (no account: the token is the access). Their role reads the signing key, and the tenant's data
        # only through the tenant role.
        _route(
            "PortalLinks",
            "portal_links",
            "post",
            "/v1/einvoicing/portal-links",
            role="EInvoicePortalRole",
            environment=PORTAL_KEY,
        ),
        Function(
            "EInvoicesPortalFunction",
            "einvoices/portal_pages.handler",
            (
                Route("get", "/v1/portal/einvoices", public=True),
                Route("get", "/v1/portal/einvoices/{id}/pdf", public=True),
                Route("get", "/v1/portal/einvoices/{id}/document", public=True),
            ),
            role="EInvoicePortalRole",
            environment=PORTAL_KEY,
        ),
        # Issued sales documents become e-invoices to send (or wait for the month's consolidated one).
        Function("EInvoicesQueueFunction", "einvoices/queue.handler", timeout=60, memory_mb=BACKGROUND_MEMORY_MB),
        # Every 5 minutes each active company gets a run; a run sends when the company's interval has
        # passed, and records what MyInvois decided of what it sent before.
        Function(
            "EInvoicesScheduleFunction",
            "einvoices/schedule.handler",
            role="EInvoiceSchedulerRole",
            timeout=60,
            schedules={"Every5Minutes": "rate(5 minutes)"},
            environment=RUN_QUEUE,
        ),
        Function(
            "EInvoicesRunFunction",
            "einvoices/run.handler",
            timeout=300,
            memory_mb=BACKGROUND_MEMORY_MB,
            environment=MYINVOIS,
        ),
    ),
    subscriptions=(
        Subscription(
            "EInvoiceQueueing",
            function="EInvoicesQueueFunction",
            # Issued at the moment it posts: an invoice, a note or a refund waiting for the ledger (and a
            # payment, self-billed when its supplier is; a sale at a register, for the consolidated e-invoice).
            # (no eventName: a removal has no NewImage, so it never matches)
            filter={
                "dynamodb": {
                    "NewImage": {
                        "entity": {
                            "S": [
                                "SALESINVOICE",
                                "SALESCREDITNOTE",
                                "SALESDEBITNOTE",
                                "CUSTOMERREFUND",
                                "PAYMENT",
                                "POSSALE",
                            ]
                        },
                        "posting_state": {"S": ["pending"]},
                    }
                },
            },
            visibility_timeout=360,
            batch_size=10,
        ),
    ),
    queues=(WorkQueue("EInvoiceRun", function="EInvoicesRunFunction", visibility_timeout=1800, batch_size=1),),
    openapi="ledgerlet.einvoice.routes:register",
)
