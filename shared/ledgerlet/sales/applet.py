"""The sales applets: quotations, sales orders, delivery orders and invoices (notes and receipts to come),
each a document with a lifecycle (draft, submitted, cancelled). Its stack: stacks/sales.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import BACKGROUND_MEMORY_MB, DOMAIN_ROLE, Applet, Domain, Function, Route, crud_functions

DOCUMENT = ("create", "read", "update", "submit", "cancel")
WORKFLOW_STEPS = (
    "fulfil",
    "why_stopped",
    "await_approval",
    "await_stock",
    "await_payment",
    "record_failure",
    "hand_to_people",
    "fulfil_again",
)
STARTS_MACHINES = ("hand_to_people", "fulfil_again")  # SalesWorkflowRole: states:StartExecution


def _machine_arn(name: str) -> dict[str, str]:
    """A state machine's ARN by its name (a Ref would close a cycle: machine -> function -> machine)."""
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:states:${{AWS::Region}}:${{AWS::AccountId}}:stateMachine:{name}"}


MACHINES = {
    "ORDER_FULFILMENT_STATE_MACHINE_ARN": _machine_arn("ledgerlet-${Stage}-OrderFulfilment"),
    "ORDER_TO_CASH_STATE_MACHINE_ARN": _machine_arn("ledgerlet-${Stage}-OrderToCash"),
}
# Reads a sales form makes (its pickers): granted with the action by role editors.
SALES_NEEDS = ("customers:read", "items:read", "tax-codes:read", "currencies:read", "employees:read")


def _lifecycle(prefix: str, directory: str, collection: str) -> tuple[Function, ...]:
    return tuple(
        Function(
            f"{prefix}{action.title()}Function",
            f"{directory}/{action}.handler",
            (Route("post", f"/v1/{collection}/{{id}}/{action}"),),
        )
        for action in ("submit", "cancel")
    )


DOMAIN = Domain(
    name="sales",
    package="ledgerlet.sales",
    stack="sales",
    applets=(
        Applet(
            "quotations",
            "Quotations",
            "Sales",
            DOCUMENT,
            needs={"create": SALES_NEEDS, "update": SALES_NEEDS, "submit": ("quotations:read",)},
        ),
        Applet(
            "sales-orders",
            "Sales orders",
            "Sales",
            (*DOCUMENT, "manage", "approve", "fulfil"),
            needs={
                "create": (*SALES_NEEDS, "quotations:read"),
                "update": SALES_NEEDS,
                "submit": ("sales-orders:read",),
            },
        ),
        Applet(
            "delivery-orders",
            "Delivery orders",
            "Sales",
            DOCUMENT,
            needs={
                "create": (*SALES_NEEDS, "sales-orders:read", "org-units:read"),
                "update": SALES_NEEDS,
                "submit": ("delivery-orders:read",),
            },
        ),
        Applet(
            "sales-invoices",
            "Sales invoices",
            "Sales",
            DOCUMENT,
            needs={
                "create": (*SALES_NEEDS, "sales-orders:read", "cash-books:read"),
                "update": SALES_NEEDS,
                "submit": ("sales-invoices:read",),
            },
        ),
        Applet(
            "credit-notes",
            "Credit notes",
            "Sales",
            DOCUMENT,
            needs={
                "create": (*SALES_NEEDS, "sales-invoices:read"),
                "update": SALES_NEEDS,
                "submit": ("credit-notes:read",),
            },
        ),
        Applet(
            "debit-notes",
            "Debit notes",
            "Sales",
            DOCUMENT,
            needs={
                "create": (*SALES_NEEDS, "sales-invoices:read"),
                "update": SALES_NEEDS,
                "submit": ("debit-notes:read",),
            },
        ),
        Applet(
            "proforma-invoices",
            "Proforma invoices",
            "Sales",
            DOCUMENT,
            needs={
                "create": (*SALES_NEEDS, "sales-orders:read", "quotations:read"),
                "update": SALES_NEEDS,
                "submit": ("proforma-invoices:read",),
            },
        ),
        Applet(
            "customer-receipts",
            "Customer receipts",
            "Sales",
            ("create", "read"),
            needs={"create": ("customers:read", "cash-books:read", "sales-invoices:read", "currencies:read")},
        ),
        Applet(
            "customer-refunds",
            "Customer refunds",
            "Sales",
            ("create", "read"),
            needs={"create": ("customers:read", "cash-books:read", "credit-notes:read", "customer-receipts:read")},
        ),
        Applet(
            "delivery-runs",
            "Delivery runs",
            "Sales",
            (*DOCUMENT, "proof"),
            needs={
                "create": ("employees:read", "delivery-orders:read"),
                "update": ("employees:read", "delivery-orders:read"),
                "submit": ("delivery-runs:read",),
                "proof": ("delivery-runs:read",),
            },
        ),
        Applet("sales-reports", "Sales reports", "Sales", ("read",), needs={"read": ("customers:read",)}),
    ),
    document_types=(
        "QUOTATION",
        "SALESORDER",
        "DELIVERYORDER",
        "SALESINVOICE",
        "SALESCREDITNOTE",
        "SALESDEBITNOTE",
        "PROFORMA",
        "CUSTOMERRECEIPT",
        "CUSTOMERREFUND",
        "DELIVERYRUN",
    ),
    key_prefixes=("SALES", "DELIVERYCLAIM"),  # its settings; what delivery runs hold (drivers' and vehicles' days)
    posts=("SALESINVOICE", "SALESCREDITNOTE", "SALESDEBITNOTE", "CUSTOMERRECEIPT", "CUSTOMERREFUND"),
    functions=(
        *crud_functions("Quotations", "quotations", "quotations", ("create", "get", "list", "update")),
        *_lifecycle("Quotations", "quotations", "quotations"),
        *crud_functions("SalesOrders", "sales_orders", "sales-orders", ("create", "get", "list", "update")),
        *_lifecycle("SalesOrders", "sales_orders", "sales-orders"),
        *crud_functions("DeliveryOrders", "delivery_orders", "delivery-orders", ("create", "get", "list", "update")),
        *_lifecycle("DeliveryOrders", "delivery_orders", "delivery-orders"),
        *crud_functions("SalesInvoices", "sales_invoices", "sales-invoices", ("create", "get", "list", "update")),
        *_lifecycle("SalesInvoices", "sales_invoices", "sales-invoices"),
        *crud_functions("CreditNotes", "credit_notes", "credit-notes", ("create", "get", "list", "update")),
        *_lifecycle("CreditNotes", "credit_notes", "credit-notes"),
        *crud_functions("DebitNotes", "debit_notes", "debit-notes", ("create", "get", "list", "update")),
        *_lifecycle("DebitNotes", "debit_notes", "debit-notes"),
        *crud_functions(
            "ProformaInvoices", "proforma_invoices", "proforma-invoices", ("create", "get", "list", "update")
        ),
        *_lifecycle("ProformaInvoices", "proforma_invoices", "proforma-invoices"),
        *crud_functions("CustomerReceipts", "customer_receipts", "customer-receipts", ("create", "get", "list")),
        *crud_functions("CustomerRefunds", "customer_refunds", "customer-refunds", ("create", "get", "list")),
        Function(
            "SalesReceivablesFunction", "sales_reports/receivables.handler", (Route("get", "/v1/sales/receivables"),)
        ),
        Function("SalesAnalysisFunction", "sales_reports/analysis.handler", (Route("get", "/v1/sales/analysis"),)),
        Function(
            "SalesInvoicesPdfFunction", "sales_invoices/pdf.handler", (Route("get", "/v1/sales-invoices/{id}/pdf"),)
        ),
        Function(
            "ProformaInvoicesPdfFunction",
            "proforma_invoices/pdf.handler",
            (Route("get", "/v1/proforma-invoices/{id}/pdf"),),
        ),
        Function(
            "DeliveryOrdersPdfFunction", "delivery_orders/pdf.handler", (Route("get", "/v1/delivery-orders/{id}/pdf"),)
        ),
        *crud_functions("DeliveryRuns", "delivery_runs", "delivery-runs", ("create", "get", "list", "update")),
        *_lifecycle("DeliveryRuns", "delivery_runs", "delivery-runs"),
        Function(
            "DeliveryRunsProofFunction",
            "delivery_runs/proof.handler",
            (Route("post", "/v1/delivery-runs/{id}/stops/{n}/proof"),),
        ),
        Function(
            "SalesStatementFunction",
            "sales_reports/statement.handler",
            (Route("get", "/v1/sales/statements/{customer_id}"),),
        ),
        # Order to cash (statemachines/order_fulfilment.asl.json on Express, order_to_cash.asl.json on
        # Standard where people wait): its steps skip what the documents say is done; the routes start it
        # and give it what people decide.
        *(
            Function(
                f"OrderToCash{name.title().replace('_', '')}Function",
                f"order_to_cash/{name}.handler",
                timeout=60,
                memory_mb=BACKGROUND_MEMORY_MB,
                role="SalesWorkflowRole" if name in STARTS_MACHINES else DOMAIN_ROLE,
                environment=MACHINES if name in STARTS_MACHINES else {},
            )
            for name in WORKFLOW_STEPS
        ),
        Function(
            "SalesOrdersFulfilFunction",
            "sales_orders/fulfil.handler",
            (Route("post", "/v1/sales-orders/{id}/fulfil"),),
            role="SalesWorkflowRole",
            environment=MACHINES,
        ),
        *(
            Function(
                f"SalesOrders{action.title()}Function",
                f"sales_orders/{action}.handler",
                (Route("post", f"/v1/sales-orders/{{id}}/{action}"),),
                role="SalesWorkflowRole",
            )
            for action in ("approve", "resume")
        ),
        Function("SalesSettingsFunction", "sales_orders/settings.handler", (Route("get", "/v1/sales/settings"),)),
        Function(
            "SalesSettingsUpdateFunction",
            "sales_orders/update_settings.handler",
            (Route("put", "/v1/sales/settings"),),
        ),
    ),
    openapi="ledgerlet.sales.routes:register",
)
