"""E-invoices built and signed per second (issue 14), beside plain JSON serialisation plus SHA-256 of the
same documents. Goal: the ratio of the two times is at most 3.

The documents are the product's: LHDN UBL 2.1 JSON built from the e-invoice model (``ledgerlet.einvoice.ubl``)
and signed by the v1.1 recipe (``ledgerlet.einvoice.signature.sign_to_bytes``: document digest, certificate
digest, signed properties, RSA-SHA256 with a 2048-bit key), for a mix of invoice sizes (1 to 20 lines,
sales tax, service tax and exempt lines). The plain side serialises each built document the way the
product writes JSON (compact UTF-8, amounts as numbers) and hashes it with SHA-256. Each side runs several
rounds; the best round counts (the machine is shared). Also printed: the same with LHDN's rules checked
first, as the submission run does.

Run: `.venv/bin/python bench/einvoice_sign.py` (``--documents N``, ``--rounds R``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "shared"))

from ledgerlet.einvoice.model import Address, EInvoice, Line, Party  # noqa: E402

GOAL = 3.0
LINE_COUNTS = (1, 2, 3, 5, 8, 12, 20)  # a mix of small and larger invoices
TAXES = (("01", Decimal(10)), ("02", Decimal(8)), ("E", Decimal(0)))


def documents(count: int) -> list[EInvoice]:
    address = Address(lines=("12 Jalan Ampang", "Tingkat 3"), city="Kuala Lumpur", postcode="50450", state="14")
    supplier = Party(
        name="Kedai Contoh Sdn Bhd",
        tin="C2584563200",
        id_type="BRN",
        id_value="202301012345",
        sst_number="W10-1808-32000104",
        msic="46510",
        activity="Wholesale of computer hardware, software and peripherals",
        address=address,
        phone="+60321610000",
        email="akaun@contoh.my",
    )
    buyer = Party(
        name="Syarikat Pelanggan Sdn Bhd",
        tin="C20880050010",
        id_type="BRN",
        id_value="202001012345",
        address=address,
        phone="+60379561234",
    )
    issued = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    made = []
    for n in range(count):
        lines = []
        for i in range(LINE_COUNTS[n % len(LINE_COUNTS)]):
            tax_type, rate = TAXES[i % len(TAXES)]
            lines.append(
                Line.priced(
                    number=str(i + 1),
                    classification="022",
                    description=f"Barang {i + 1} untuk pesanan {n}",
                    quantity=Decimal(1 + i % 4),
                    unit_price=Decimal("45.90") + i,
                    tax_type=tax_type,
                    tax_rate=rate,
                    discount=Decimal("1.00") if i % 3 == 0 else Decimal(0),
                    exemption_reason="Exempted under Sales Tax (Goods) Order" if tax_type == "E" else None,
                )
            )
        made.append(
            EInvoice(
                type_code="01",
                number=f"INV-{n:06d}",
                issued_at=issued,
                currency="MYR",
                supplier=supplier,
                buyer=buyer,
                lines=tuple(lines),
            )
        )
    return made


def best_of(rounds: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=700)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from ledgerlet.einvoice.rules import build_checked
    from ledgerlet.einvoice.signature import _dumps, sign_to_bytes, test_credentials
    from ledgerlet.einvoice.ubl import build

    credentials = test_credentials()
    invoices = documents(args.documents)
    built = [build(invoice) for invoice in invoices]
    at = datetime.now(UTC)
    sign_to_bytes(built[0], credentials, at)  # warm: imports, certificate facts

    def build_and_sign() -> None:
        for invoice in invoices:
            sign_to_bytes(build(invoice), credentials, at)

    def check_build_and_sign() -> None:
        for invoice in invoices:
            sign_to_bytes(build_checked(invoice), credentials, at)

    def plain() -> None:
        for document in built:
            hashlib.sha256(_dumps(document)).digest()

    signed_s = best_of(args.rounds, build_and_sign)
    checked_s = best_of(args.rounds, check_build_and_sign)
    plain_s = best_of(args.rounds, plain)
    n = len(invoices)
    size = sum(len(_dumps(document)) for document in built) / n
    print(
        f"e-invoices: {n} documents, {sum(len(i.lines) for i in invoices) / n:.1f} lines and {size / 1024:.1f} KB each"
    )
    print(f"  built and signed:              {n / signed_s:8.0f} documents/s  ({signed_s / n * 1e6:7.0f} us each)")
    print(f"  checked, built and signed:     {n / checked_s:8.0f} documents/s  ({checked_s / n * 1e6:7.0f} us each)")
    print(f"  plain JSON + SHA-256:          {n / plain_s:8.0f} documents/s  ({plain_s / n * 1e6:7.0f} us each)")
    ratio = signed_s / plain_s
    print(
        f"  ratio built and signed / plain: {ratio:.2f} (goal <= {GOAL:.0f}: {'met' if ratio <= GOAL else 'NOT met'})"
    )
    print(f"  ratio with the rules checked:  {checked_s / plain_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
