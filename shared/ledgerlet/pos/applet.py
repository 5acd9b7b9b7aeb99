"""The point of sale (a sales channel): registers leasing blocks of receipt numbers, shifts with their drawer's
count, and sales made offline at the registers, synced later in batches. Its stack: stacks/channels.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route

REGISTERS = "/v1/pos/registers"
SHIFTS = "/v1/pos/shifts"
SALES = "/v1/pos/sales"


def _fn(name: str, handler: str, *routes: tuple[str, str]) -> Function:
    return Function(f"Pos{name}Function", f"pos/{handler}.handler", tuple(Route(m, p) for m, p in routes))


DOMAIN = Domain(
    name="pos",
    package="ledgerlet.pos",
    stack="channels",
    applets=(
        Applet(
            "pos",
            "Point of sale",
            "Sales channels",
            ("read", "sell", "manage"),
            needs={
                "sell": ("items:read", "price-books:read"),
                "manage": (
                    "org-units:read",
                    "cash-books:read",
                    "customers:read",
                    "accounts:read",
                    "price-books:read",
                    "items:read",
                ),
            },
        ),
    ),
    document_types=("POSREGISTER", "POSSHIFT", "POSSALE", "POSCASH"),
    posts=("POSSALE", "POSSHIFT", "POSCASH"),
    functions=(
        _fn("RegistersCreate", "registers_create", ("post", REGISTERS)),
        _fn("RegistersGet", "registers_get", ("get", f"{REGISTERS}/{{id}}"), ("get", f"{REGISTERS}/{{id}}/history")),
        _fn("RegistersList", "registers_list", ("get", REGISTERS)),
        _fn("RegistersUpdate", "registers_update", ("patch", f"{REGISTERS}/{{id}}")),
        _fn("RegistersArchive", "registers_archive", ("post", f"{REGISTERS}/{{id}}/archive")),
        _fn("BlocksLease", "blocks_lease", ("post", f"{REGISTERS}/{{id}}/blocks")),
        _fn("BlocksList", "blocks_list", ("get", f"{REGISTERS}/{{id}}/blocks")),
        _fn("ShiftsOpen", "shifts_open", ("post", SHIFTS)),
        _fn("ShiftsGet", "shifts_get", ("get", f"{SHIFTS}/{{id}}"), ("get", f"{SHIFTS}/{{id}}/history")),
        _fn("ShiftsList", "shifts_list", ("get", SHIFTS)),
        _fn("ShiftsCash", "shifts_cash", ("post", f"{SHIFTS}/{{id}}/cash")),
        _fn("ShiftsClose", "shifts_close", ("post", f"{SHIFTS}/{{id}}/close")),
        _fn("ZReport", "z_report", ("get", f"{SHIFTS}/{{id}}/z-report")),
        # A batch of sales can take many transactions (one per sale, each with its stock movement).
        Function("PosSalesSyncFunction", "pos/sales_sync.handler", (Route("post", SALES),), timeout=120),
        _fn("SalesGet", "sales_get", ("get", f"{SALES}/{{id}}"), ("get", f"{SALES}/{{id}}/history")),
        _fn("SalesList", "sales_list", ("get", SALES)),
        _fn("Conflicts", "conflicts", ("get", "/v1/pos/conflicts")),
        _fn("SalesResolve", "sales_resolve", ("post", f"{SALES}/{{id}}/resolve")),
        _fn("Receipt", "receipt", ("get", f"{SALES}/{{id}}/receipt")),
    ),
    openapi="ledgerlet.pos.routes:register",
)
