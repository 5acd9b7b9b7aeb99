"""What other applets may use of the finance applets: creating a manual journal; reading a payment as made.

Everything else in ``ledgerlet.finance`` is the finance applets' own (tests/unit/test_applet_boundaries.py).
"""

from typing import Any

from ledgerlet.finance.journals import JOURNALS, JournalCreate, create_journal, prepare_journal

__all__ = ["JOURNALS", "JournalCreate", "create_journal", "paid_out", "prepare_journal", "record_payment"]


def paid_out(store: Any, payment_id: str) -> dict[str, Any] | None:
    """A payment as made (lines, taxes, supplier), None when there is none. MyInvois issues a self-billed
    e-invoice from it when its supplier is self-billed."""
    found: dict[str, Any] | None = store.get("PAYMENT", payment_id)
    return found


def record_payment(store: Any, actor: Any, payment_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """A payment out of a cash book (``PaymentCreate``'s fields) written with this id, once: a marketplace's
    fees taken from the seller's balance. Answers the payment, as written before when it was."""
    found: dict[str, Any] | None = store.get("PAYMENT", payment_id)
    if found is not None:
        return found
    from ledgerlet.finance.cash import PAYMENTS, PaymentCreate
    from ledgerlet.kind_service import KindService

    return KindService(PAYMENTS, store, actor).create(PaymentCreate.model_validate(body), doc_id=payment_id)
