"""A month of sample data for the demo company, entered through the HTTP API as a user would.

`make dev` signs up the demo company (``infra/dev.py``) and, when it has just been created, calls
:func:`seed`: the last 30 days up to today (in Kuala Lumpur) of a small Malaysian trading company —
customers and suppliers with valid TINs and BRNs, items, opening balances, receipts (some with SST),
payments (rent, utilities, purchases, wages), a USD account with weekly rates and a conversion into
it, and month-end journals (an accrual, depreciation). Every request goes through the same handlers,
validation and posting as the console's, and every POST carries an ``Idempotency-Key`` named after
its row, so seeding again replays the first answers and posts nothing twice (the API keeps the keys
for 24 hours; after that `make dev` does not seed an existing company at all).

The data is in the tables below; a day is an offset from the first day of the window (0) to today (29).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAYS = 30
TIME_ZONE = "Asia/Kuala_Lumpur"

# --- master data --------------------------------------------------------------------------------------

# name, TIN, BRN (SSM, new format), city, state code (MyInvois), currency
CUSTOMERS = (
    ("Syarikat Maju Jaya Sdn Bhd", "C2584563200", "201901012345", "Shah Alam", "10", "MYR"),
    ("Klinik Sejahtera Sdn Bhd", "C2088004007", "201501023456", "Petaling Jaya", "10", "MYR"),
    ("Kafe Bunga Raya", "IG12345678901", "202303045678", "George Town", "07", "MYR"),
    ("Orchid Trading Pte Ltd", "EI00000000020", None, "Johor Bahru", "01", "USD"),
)
SUPPLIERS = (
    ("Pembekal Borong Utama Sdn Bhd", "C1234567890", "201201034567", "Klang", "10", "MYR"),
    ("Hartanah Seri Kembangan Sdn Bhd", "C9876543210", "201001045678", "Seri Kembangan", "10", "MYR"),
    ("Utiliti Bekalan Elektrik Sdn Bhd", "C1122334450", "200801056789", "Kuala Lumpur", "14", "MYR"),
)
# name, kind, sales price, purchase price, sales tax code
ITEMS = (
    ("Beras Wangi 10kg", "non_stock", "38.90", "31.50", "SR5"),
    ("Minyak Masak 5kg", "non_stock", "32.50", "27.80", "SR5"),
    ("Kopi Kampung 1kg", "non_stock", "45.00", "33.00", "SR10"),
    ("Servis Penyelenggaraan Peti Sejuk", "service", "250.00", None, "SV8"),
)
# code, name, kind, GL account, currency
CASH_BOOKS = (
    ("MBB", "Maybank current account", "bank", "1030", "MYR"),
    ("PETTY", "Petty cash", "cash", "1020", "MYR"),
    ("MBB-USD", "Maybank USD account", "bank", "1040", "USD"),
)
# day, MYR per 1 USD (Bank Negara's noon middle rate, as a clerk would type it)
USD_RATES = (
    (0, "4.4120"),
    (7, "4.4305"),
    (14, "4.4300"),
    (21, "4.4250"),
    (28, "4.4380"),
)

# --- the opening balances (the day before the window) -------------------------------------------------------

# account code, debit, credit: debits 85,000 + 1,500 + 6,000 + 24,000 = 116,500.00
#                              credits 4,800 + 3,200 + 100,000 + 8,500 = 116,500.00
OPENING = (
    ("1030", "85000.00", ""),  # Maybank current account
    ("1020", "1500.00", ""),  # petty cash
    ("1130", "6000.00", ""),  # rental deposit
    ("1510", "24000.00", ""),  # office equipment at cost
    ("1511", "", "4800.00"),  # its accumulated depreciation
    ("2110", "", "3200.00"),  # accruals
    ("3100", "", "100000.00"),  # share capital
    ("3200", "", "8500.00"),  # retained earnings
)

# --- the month's documents ----------------------------------------------------------------------------------

# day, cash book, customer (or a walk-in party), account, amount (before tax), tax code, reference
RECEIPTS = (
    (2, "MBB", "Syarikat Maju Jaya Sdn Bhd", "4100", "3200.00", "SR10", "INV-24001"),
    (5, "MBB", "Klinik Sejahtera Sdn Bhd", "4200", "2500.00", "SV8", "SVC-0311"),
    (9, "MBB", "Kafe Bunga Raya", "4100", "1450.00", "SR5", "INV-24002"),
    (12, "MBB", "Walk-in customers", "4100", "860.00", None, "CS-0412"),
    (16, "MBB", "Syarikat Maju Jaya Sdn Bhd", "4100", "5600.00", "SR10", "INV-24003"),
    (20, "MBB", "Klinik Sejahtera Sdn Bhd", "4200", "2500.00", "SV8", "SVC-0312"),
    (22, "MBB-USD", "Orchid Trading Pte Ltd", "4100", "800.00", None, "EXP-0107"),  # USD, at the rate in force
    (24, "MBB", "Kafe Bunga Raya", "4100", "1980.00", "SR5", "INV-24004"),
    (27, "MBB", "Walk-in customers", "4100", "1240.00", None, "CS-0413"),
)
# day, cash book, supplier (or a payee), account, amount, memo, reference
PAYMENTS = (
    (1, "MBB", "Hartanah Seri Kembangan Sdn Bhd", "6110", "4500.00", "Shop rent", "RENT-M01"),
    (3, "MBB", "Pembekal Borong Utama Sdn Bhd", "5100", "3800.00", "Stock purchases", "PB-7781"),
    (8, "MBB", "Utiliti Bekalan Elektrik Sdn Bhd", "6115", "612.40", "Electricity and water", "UB-220931"),
    (10, "MBB", "Telco Internet", "6120", "188.00", "Fibre broadband", "TI-55012"),
    (15, "MBB", "Pembekal Borong Utama Sdn Bhd", "5100", "2450.00", "Stock purchases", "PB-7802"),
    (18, "MBB", "Staff wages", "6010", "4800.00", "Part-time staff wages", "WAGES-M01"),
    (19, "PETTY", "Kedai Alat Tulis", "6125", "86.50", "Stationery", "PC-0031"),
    (28, "MBB", "Pembekal Borong Utama Sdn Bhd", "5100", "1900.00", "Stock purchases", "PB-7840"),
)
# day, from book, to book, amount leaving, amount arriving: MYR 4,430.00 buys USD 1,000.00 (4.4300)
TRANSFERS = ((14, "MBB", "MBB-USD", "4430.00", "1000.00", "Buy USD for supplier deposits"),)
# day, memo, reference, (account, debit, credit)...
JOURNALS = (
    (29, "Audit fee accrued for the month", "ACR-M01", (("6140", "1500.00", None), ("2110", None, "1500.00"))),
    # office equipment 24,000.00 over 5 years: 24,000.00 / 60 months = 400.00 a month
    (29, "Depreciation of office equipment", "DEP-M01", (("6160", "400.00", None), ("1511", None, "400.00"))),
)


# --- seeding ----------------------------------------------------------------------------------------------


class SeedError(RuntimeError):
    pass


class _Api:
    def __init__(self, base_url: str, token: str) -> None:
        self.base_url, self.token = base_url, token

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        key: str | None = None,
        content_type: str = "application/json",
        done: int | None = None,
    ) -> Any:
        """The answer's body; ``done``: a status saying the request was made before (answers None)."""
        data = None if body is None else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        headers = {"Content-Type": content_type, "Authorization": f"Bearer {self.token}"}
        if key:
            headers["Idempotency-Key"] = key
        for attempt in range(5):
            request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    raw = answer.read()
                    return json.loads(raw) if raw else None
            except urllib.error.HTTPError as error:
                text = error.read().decode(errors="replace")
                if error.code == done:
                    return None
                if error.code in (429, 500, 502, 503, 504) and attempt < 4:  # the same key: replayed, not doubled
                    time.sleep(0.5 * (attempt + 1))
                    continue
                raise SeedError(f"{method} {path}: {error.code} {text}") from None
        raise SeedError(f"{method} {path}: no answer")

    def every(self, path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            page = self.call("GET", f"{path}{'&' if '?' in path else '?'}limit=200&status=all{cursor}")
            items += page["items"]
            if not page.get("next_cursor"):
                return items
            cursor = f"&cursor={page['next_cursor']}"


def today_in_kuala_lumpur() -> date:
    return datetime.now(ZoneInfo(TIME_ZONE)).date()


def login(base_url: str, email: str, password: str, timeout: float = 60) -> str:
    """The id token, once the company is set up and its access is in place (sign-up finishes in the background)."""
    deadline = time.monotonic() + timeout
    body = json.dumps({"email": email, "password": password}).encode()
    while True:
        try:
            request = urllib.request.Request(
                f"{base_url}/v1/platform/login", body, {"Content-Type": "application/json"}, method="POST"
            )
            with urllib.request.urlopen(request, timeout=30) as answer:
                token = str(json.loads(answer.read())["id_token"])
            _Api(base_url, token).call("GET", "/v1/accounts?limit=1")
            return token
        except (urllib.error.URLError, SeedError, KeyError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _party(row: tuple[str, str, str | None, str, str, str]) -> dict[str, Any]:
    name, tin, brn, city, state, currency = row
    body: dict[str, Any] = {
        "name": name,
        "tin": tin,
        "billing_address": {"line1": "1 Jalan Demo", "city": city, "state": state},
        "currency": currency,
    }
    if brn:
        body["brn"] = brn
    return body


def seed(
    base_url: str,
    email: str,
    password: str,
    today: date | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> int:
    """Enter the month ending ``today`` (default: today in Kuala Lumpur); answers the number of requests made.
    Safe to run again within a day: every POST replays its first answer."""
    today = today or today_in_kuala_lumpur()
    first = today - timedelta(days=DAYS - 1)

    def day(offset: int) -> str:
        return (first + timedelta(days=offset)).isoformat()

    api = _Api(base_url, login(base_url, email, password))
    count = 0

    def post(path: str, body: Any, key: str, **options: Any) -> Any:
        nonlocal count
        count += 1
        return api.call("POST", path, body, key=f"demo-{first.isoformat()}-{key}", **options)

    accounts = {a["code"]: a["id"] for a in api.every("/v1/accounts")}
    taxes = {t["code"]: t["id"] for t in api.every("/v1/tax-codes")}
    currencies = {c["code"]: c["id"] for c in api.every("/v1/currencies")}
    count += 3

    customers = {row[0]: post("/v1/customers", _party(row), f"customer-{n}")["id"] for n, row in enumerate(CUSTOMERS)}
    suppliers = {row[0]: post("/v1/suppliers", _party(row), f"supplier-{n}")["id"] for n, row in enumerate(SUPPLIERS)}
    for n, (name, kind, sales, purchase, tax) in enumerate(ITEMS):
        item = {"name": name, "kind": kind, "sales_price": sales, "sales_tax_code_id": taxes[tax]}
        item |= {"purchase_price": purchase} if purchase else {}
        item |= {"income_account_id": accounts["4200" if kind == "service" else "4100"]}
        post("/v1/items", item, f"item-{n}")
    books = {
        code: post(
            "/v1/cash-books",
            {"code": code, "name": name, "kind": kind, "account_id": accounts[account], "currency": currency},
            f"book-{code}",
        )["id"]
        for code, name, kind, account, currency in CASH_BOOKS
    }
    for offset, rate in USD_RATES:
        count += 1
        api.call("PUT", f"/v1/currencies/{currencies['USD']}/rates/{day(offset)}", {"rate": rate, "source": "BNM noon"})
    csv = "account_code,debit,credit\n" + "".join(f"{code},{dr},{cr}\n" for code, dr, cr in OPENING)
    post(
        f"/v1/journals/opening-balances?date={(first - timedelta(days=1)).isoformat()}",
        csv,
        "opening",
        content_type="text/csv",
        done=409,  # the same balances for the same date are imported once (a seed run again)
    )
    say("demo data: master data and opening balances entered")
    for n, (offset, book, party, account, amount, tax_code, reference) in enumerate(RECEIPTS):
        line: dict[str, Any] = {"account_id": accounts[account], "amount": amount}
        line |= {"tax_code_id": taxes[tax_code]} if tax_code else {}
        body: dict[str, Any] = {
            "cash_book_id": books[book],
            "date": day(offset),
            "reference": reference,
            "lines": [line],
        }
        body |= {"customer_id": customers[party]} if party in customers else {"party": party}
        post("/v1/receipts", body, f"receipt-{n}")
    for n, (offset, book, party, account, amount, memo, reference) in enumerate(PAYMENTS):
        body = {
            "cash_book_id": books[book],
            "date": day(offset),
            "reference": reference,
            "memo": memo,
            "lines": [{"account_id": accounts[account], "amount": amount}],
        }
        body |= {"supplier_id": suppliers[party]} if party in suppliers else {"party": party}
        post("/v1/payments", body, f"payment-{n}")
    for n, (offset, source, target, amount, received, memo) in enumerate(TRANSFERS):
        transfer = {
            "from_cash_book_id": books[source],
            "to_cash_book_id": books[target],
            "date": day(offset),
            "amount": amount,
            "received_amount": received,
            "memo": memo,
        }
        post("/v1/transfers", transfer, f"transfer-{n}")
    for n, (offset, memo, reference, lines) in enumerate(JOURNALS):
        journal_lines = [
            {"account_id": accounts[code], **({"debit": debit} if debit else {"credit": credit})}
            for code, debit, credit in lines
        ]
        post(
            "/v1/journals",
            {"date": day(offset), "memo": memo, "reference": reference, "lines": journal_lines},
            f"journal-{n}",
        )
    return count
