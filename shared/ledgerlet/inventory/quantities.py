"""Quantities on hand, which need no costing: each movement adds or removes its quantity, and a count sets
it. The stock ledger checks them when a movement is recorded, so stock that may not go negative never
does, whatever is recorded at once; values follow when the key is costed."""

from __future__ import annotations

from decimal import Decimal

from ledgerlet.inventory.costing import INCOMING, Movement

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

ZERO = Decimal(0)


def change(movement: Movement) -> Decimal | None:
    """The quantity a movement adds (negative: removes); ``None`` for a count, which sets it instead."""
    if movement.kind == "count":
        return None
    return movement.qty if movement.kind in INCOMING else -movement.qty


def on_hand_after(movements: Iterable[Movement]) -> list[tuple[Movement, Decimal]]:
    """Each live movement of one key, in posting order, with the quantity on hand after it."""
    quantity, running = ZERO, []
    for movement in sorted((m for m in movements if not m.cancelled), key=lambda m: m.order):
        delta = change(movement)
        quantity = movement.qty if delta is None else quantity + delta
        running.append((movement, quantity))
    return running


def first_shortfall(movements: Iterable[Movement], since: tuple[object, ...]) -> tuple[Movement, Decimal] | None:
    """Where, at or after the posting position ``since``, one key's stock would go below zero: the movement
    and the quantity missing then (``None``: never)."""
    for movement, quantity in on_hand_after(movements):
        if movement.order >= since and quantity < 0:
            return movement, -quantity
    return None
