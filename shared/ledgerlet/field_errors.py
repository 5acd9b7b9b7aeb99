"""What a person reads when a field is wrong: a stable code, its parameters and a plain message.

Every field error the API answers carries a ``code`` from :data:`MESSAGES` (the console translates
the code, with ``params``, into the user's language; its locales hold the same codes) and the English
message made from it. Pydantic's errors are mapped here, once, for the whole API: no regular
expression or pydantic phrase reaches a user. A pattern mismatch is answered by the named format the
pattern belongs to (``ledgerlet.formats``); a value outside a code table by that table's code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ledgerlet.formats import format_of

# code -> English message; ``{name}`` placeholders are filled from the error's params.
MESSAGES: dict[str, str] = {
    "required": "This field is required.",
    "invalid": "This value is not valid.",
    "rule": "{reason}",
    "field.unknown": "This field is not part of the form.",
    "text.expected": "Enter text.",
    "text.too_short": "Enter at least {min} characters.",
    "text.too_long": "Enter at most {max} characters.",
    "text.required": "Enter a value.",
    "number.invalid": "Enter a number, like 1,250.50.",
    "number.whole": "Enter a whole number, like 30.",
    "number.decimals": "Use at most {places} decimal places.",
    "number.digits": "Use at most {digits} digits.",
    "number.min": "Enter {limit} or more.",
    "number.above": "Enter more than {limit}.",
    "number.max": "Enter {limit} or less.",
    "number.below": "Enter less than {limit}.",
    "number.finite": "Enter a finite number.",
    "boolean.invalid": "Choose yes or no.",
    "choice.invalid": "Choose one of: {choices}.",
    "list.expected": "Give a list.",
    "list.too_short": "Give at least {min} entries.",
    "list.too_long": "Give at most {max} entries.",
    "object.expected": "Give the details as an object.",
    "date.invalid": "{value} is not a date on the calendar; a date looks like 2026-06-30.",
    "code.states": "Choose a Malaysian state code, like 14 (W.P. Kuala Lumpur).",
    "code.countries": "Choose a country code, like MYS.",
    "code.currencies": "Choose a currency code, like MYR or USD.",
    "code.msic": "Choose an MSIC code, like 46510.",
    "code.units": "Choose a unit of measure, like C62 (one) or KGM.",
    "code.classifications": "Choose a classification code, like 022.",
    "format.date": "A date looks like {example}.",
    "format.time": "A time looks like {example} (hours, minutes and seconds).",
    "format.period": "A month looks like {example}.",
    "format.tin": "A TIN looks like {example}.",
    "format.brn": "An SSM number looks like {example}.",
    "format.nric": "A MyKad number looks like {example}.",
    "format.registration": "A registration or ID number looks like {example}.",
    "format.sst_number": "An SST number looks like {example}.",
    "format.postcode": "A postcode looks like {example}.",
    "format.email": "An email address looks like {example}.",
    "format.phone": "A phone number looks like {example}.",
    "format.code": "Use letters, digits and . _ / - only, like {example}.",
    "format.id": "An id looks like {example}.",
    "format.account_number": "A bank account number has digits, letters, spaces and '-', like {example}.",
    "format.swift": "A SWIFT code looks like {example}.",
    "format.document_type": "Use capital letters, digits and _, like {example}.",
    "format.prefix": "Use letters, digits and / _ . - only, like {example}.",
    "format.dimension": "Use letters, digits and _ . - only, like {example}.",
    "format.role": "Use 2-32 lower-case letters, digits and '-', starting with a letter, like {example}.",
    "format.clock": "A time of day looks like {example} (hours and minutes).",
    "format.plate": "A plate number has letters and digits, like {example}.",
    "format.timestamp": "A moment looks like {example} (date, time and offset).",
    # whole problems (403): the console names the permission in the user's language
    "forbidden.permission": (
        "You need the {permission} permission. Ask an administrator to add it to one of your roles."
    ),
    "forbidden.applet_off": "The {applet} applet is switched off for this company.",
    "forbidden.user_disabled": "Your user is disabled. Ask an administrator to enable it.",
    "forbidden.no_access": "Your user has no access to this company.",
    # business rules (the API's own checks beyond the schema)
    "document.reversed": "This document is already reversed.",
    "document.is_reversal": "This document is itself a reversal; copy the original to enter it again.",
    "party.required": "Name who it is from or to: a customer, a supplier or a name.",
    "password.weak": "Use at least 10 characters, with an upper-case letter, a lower-case letter and a digit.",
    "currency.fixed": "The base currency cannot be changed after sign-up.",
    "journal.unbalanced": "Debits ({debit}) and credits ({credit}) differ.",
    "journal.line_side": "A line has either a debit or a credit, greater than zero.",
    "journal.auto_reverse": "The automatic reversal must be dated after the journal.",
    "transfer.same_book": "A transfer needs two different cash books.",
    "document.cancelled": "This document is already cancelled.",
    "stock.reason": "An adjustment needs a reason (write-off, damage, expiry, loss or other); other entries have none.",
    "stock.returns": "A return names the entry it returns; other entries do not.",
    "stock.return_of": "Choose a {purpose} entry that is not cancelled.",
    "stock.return_location": "A return goes back to the location of the original entry.",
    "stock.return_item": "{item} is not on the original entry.",
    "stock.return_qty": "Only {left} of {item} is left to return.",
    "reservation.inactive": "This reservation is already {state}.",
    "stock.request_fit": "This entry does not fulfil that request: it needs a {purpose} at the request's location.",
    "stock.request_item": "{item} is not on the request.",
    "stock.request_qty": "Only {left} of {item} is left on the request.",
    "stock.rule_exists": "This item already has a reorder rule at that location.",
    "stock.rule_source": "A transfer names the location it comes from; a purchase names none.",
    "stock.nothing_to_count": "Nothing to count at this location: no stock item has moved there yet.",
    "count.closed": "This count sheet is already counted.",
    "count.not_on_sheet": "This item is not on the count sheet.",
    "count.missing": "Count every item on the sheet; not counted: {items}.",
    "stock.landed_receipt": "Landed cost is added to a receipt that is not cancelled.",
    "stock.landed_line": "The receipt has no such line.",
    "stock.to_location": "A transfer names the location its stock goes to; other entries do not.",
    "stock.same_location": "A transfer needs two different locations.",
    "stock.rate": "Line {line}: a {purpose} needs a unit cost.",
    "stock.no_rate": "Line {line}: an {purpose} goes out at cost; leave the unit cost empty.",
    "stock.qty": "Line {line}: the quantity must be more than 0 (only a count may be 0).",
    "marketplace.shop_connected": "This shop is already connected to a company.",
    "marketplace.unknown_sku": "No item has {sku} as its code or one of its barcodes: add it to an item, then retry.",
    "pos.numbers_exhausted": "Register {register} has used all its receipt numbers.",
    "pos.shift_open": "This register has shift {shift} open: close it first.",
    "pos.shift_closed": "This shift is already closed, with {counted} counted.",
    "pos.id_reused": "{id} was recorded before with other details.",
    "pos.number_not_leased": "{number} is in none of the register's leased number blocks.",
    "pos.number_used": "{number} is another sale's receipt number.",
    "pos.shift_unknown": "Shift {shift} is not synced yet: sync its opening first.",
    "pos.shift_register": "This shift belongs to another register.",
    "pos.return_of": "A return takes back a sale, not another return.",
    "pos.return_exceeds": "Only {left} is left to return on receipt {receipt}.",
    "pos.return_price": "{item} was sold at {sold} and refunded at {charged}.",
    "pos.no_price": "{item} has no price in the books: accept the price it was sold at.",
    "pos.price_changed": "{item} was sold at {charged}; its price now is {price}.",
    "pos.return_original_missing": "The sale it returns ({sale}) is not synced yet.",
    "pos.return_stock_waiting": "The stock of receipt {receipt} has not left yet: resolve that sale first.",
    "pos.return_location": "Receipt {receipt} was sold at another location: take the goods back there.",
    "pos.tender_kind": "{kind} is not a tender: use cash, card or e-wallet.",
    "pos.tender_negative": "A tender is never negative.",
    "pos.tender_over": "Card and e-wallet pay more than the total ({total}).",
    "pos.tender_short": "{due} is due in cash.",
    "pos.tender_refund": "The cash refunded is {due}.",
    "stock.not_location": "{unit} is not a location: choose a warehouse or store location.",
    "stock.not_stock": "{item} is not a stock item.",
    "stock.costing_method": "{item} uses standard costing, which stock entries do not support yet.",
    "stock.short": "Not enough {item}: {short} short on this date.",
    "discount.both": "Give the discount as a percentage or as an amount, not both.",
    "discount.exceeds": "The discount cannot be more than the amount it is taken from ({limit}).",
    "tax.exemption_reason": "An exempt line needs the reason for its exemption.",
    "tax.exempt_rate": "An exempt or not-applicable tax code has no rate.",
    "tax.code_conflict": "Tax code {code} has another {what} on line {line}.",
    "sales.lines": "Name at least one line, or the document the lines come from.",
    "sales.valid_until": "A quotation is valid until its own date or later.",
    "sales.no_price": "{item} has no price for this customer: enter one.",
    "sales.source_state": "Choose a submitted {source}.",
    "sales.source_customer": "That document is for another customer.",
    "sales.source_expired": "That quotation was valid until {valid_until}.",
    "sales.source_done": "Nothing is left to take from that {source}.",
    "sales.source_line": "That line is not on the source document, or is of another item.",
    "sales.source_qty": "Only {left} is left on that line of the {source}.",
    "sales.has_downstream": "Later documents took from this one: cancel them first.",
    "sales.location": "Name the location the stock leaves from.",
    "sales.not_delivered": "Only {ready} of {item} is delivered and not yet invoiced.",
    "sales.invoice_posted": "A submitted invoice is corrected by a credit note, not cancelled.",
    "sales.credit_note_posted": "A submitted credit note is corrected by a debit note, not cancelled.",
    "einvoice.cancel_window_closed": "An e-invoice can be cancelled within 72 hours of its validation, "
    "and this one was validated earlier: issue a credit note instead.",
    "einvoice.not_set_up": "E-invoicing is not set up yet: {reason}",
    "einvoice.cancel_refused": "MyInvois refused the cancellation: {reason}",
    "einvoice.not_resubmittable": "Only an invalid or refused e-invoice is sent again; this one is {state}.",
    "einvoice.not_cancellable": "Only a valid e-invoice can be cancelled; this one is {state}.",
    "einvoice.certificate_unreadable": "The certificate cannot be read: upload the .p12/.pfx file with its "
    "password, or the PEM key and certificate.",
    "einvoice.certificate_not_rsa": "The certificate's key must be an RSA key.",
    "einvoice.key_mismatch": "The private key does not belong to the certificate.",
    "einvoice.certificate_expired": "The certificate has expired.",
    "einvoice.certificate_not_yet_valid": "The certificate is not valid yet.",
    "sales.due_date": "An invoice falls due on its date or later.",
    "sales.revenue_account": "The chart of accounts has no sales account for this line.",
    "receipt.invoice_twice": "Each invoice is settled on one line.",
    "receipt.over_allocated": "The invoices take more than was received.",
    "receipt.over_invoice": "{invoice} has {outstanding} outstanding.",
    "receipt.invoice": "Choose a submitted invoice.",
    "receipt.invoice_customer": "That invoice is another customer's.",
    "receipt.invoice_currency": "That invoice is in {currency}: receive it into a cash book in {currency}.",
    "aging.buckets": "Give the buckets' limits in days, going up from 1, e.g. 30,60,90.",
    "sales.order_blocked": "Order {order} waits for credit approval: it cannot be delivered yet.",
    "sales.not_blocked": "This order is not waiting for credit approval.",
    "sales.not_waiting": "This order is not waiting for stock.",
    "sales.workflow_running": "This order's workflow is already running.",
    "sales.return_delivery": "Name the delivery the returned goods came from (one that issued stock).",
    "delivery_run.slot_order": "The end must be after the start ({start}).",
    "delivery_run.window": "Keep it within the run's slot, {start} to {end}.",
    "delivery_run.stop_twice": "This delivery order is already a stop of this run.",
    "delivery_run.order_taken": "This delivery order is already on run {run}.",
    "delivery_run.driver_busy": "This driver is on run {run} from {start} to {end} that day.",
    "delivery_run.vehicle_busy": "This vehicle is on run {run} from {start} to {end} that day.",
    "delivery_run.signature": "A signature is a PNG image of at most {max} KB.",
    "delivery_run.proof_recorded": "This stop's proof is already recorded ({outcome}); it cannot change.",
    "delivery_run.not_dispatched": "Proof is recorded on a dispatched run only.",
    "delivery_run.has_proof": "Proof of delivery is recorded on this run: it can no longer be cancelled.",
    "delivery_run.holds_order": "This delivery order is on delivery run {run}: cancel the run first.",
    "proforma.source_both": "Name the sales order or the quotation it comes from, not both.",
    "proforma.valid_until": "A proforma invoice is valid until its own date or later.",
    "proforma.deposit_both": "Ask the deposit as a percentage or as an amount, not both.",
    "proforma.deposit_exceeds": "The deposit cannot be more than the total ({limit}).",
    "refund.source": "Name the credit note or the receipt it refunds, one of them.",
    "refund.source_of": "Choose a credit of this customer in the cash book's currency.",
    "refund.over_credit": "Only {left} of credit is left to refund.",
    "document.not_draft": "This document is submitted or cancelled: it can no longer be edited.",
    "stock.batch_both": "Name one batch, or a list of batches, not both.",
    "stock.batch_required": "{item} is tracked by batch: name the batch.",
    "stock.batch_twice": "Each batch appears once on a line.",
    "stock.batch_qty": "The batches' quantities add up to the line's quantity.",
    "stock.batch_expiry": "Batch {batch} expires on {expires}; a batch keeps its expiry date.",
    "stock.batch_expired": "Batch {batch} of {item} expired on {expires}; write it off as an expiry adjustment.",
    "stock.batch_short": "Not enough {item} (batch {batch}): {short} short.",
    "stock.expiry": "An expiry date is given when a tracked item is received.",
    "stock.count_twice": "A tracked item is counted on one line.",
    "stock.tracking": "{item} is not tracked that way: check its batch or serial numbers.",
    "stock.serial_count": "{item} is tracked by serial number: name one for each of the {qty} units.",
    "stock.serial_twice": "Serial number {serial} appears twice.",
    "stock.serial_state": "Serial number {serial} is not where this entry needs it ({state}).",
    "stock.too_many_lots": "Too many batches or serial numbers for one entry: split it into several.",
    "stock.lots_moved": "Its batches or serial numbers have moved on since: they can no longer be put back.",
    "timezone.invalid": "Choose a time zone, like {example}.",
    "account.subtype": "This subtype belongs to another account type.",
    "period.locked": (
        "{date} falls in a locked period (locked up to {lock_date}). "
        "Change the lock dates in the ledger settings, or date it later."
    ),
    "reference.missing": "The chosen record ({id}) does not exist or was archived.",
    "reference.archived": "The chosen record ({id}) is archived; choose an active one.",
    "document.archived": "This record is archived.",
    "document.not_posted": "This document did not post; there is nothing to reverse.",
    "document.pending": "This document has not posted yet; try again once it has.",
    "reversal.before": "A reversal cannot be dated before the original ({date}).",
    "account.header": "Account {account} is a header account and takes no postings.",
    "account.control": "Account {account} is a control account; its documents post to it.",
    "account.unknown": "There is no account {account}.",
    "account.not_header": "Account {account} is not a header account.",
    "account.parent_type": "Header account {account} is of another type; choose a header of the same type.",
    "account.type_fixed": "An account's type cannot change; archive it and create another.",
    "parent.self": "A record cannot be its own parent.",
    "amount.precision": "{currency} amounts take at most {places} decimal places.",
    "rate.base": "{currency} is the base currency; its rate is always 1.",
    "rate.missing": (
        "There is no {currency} rate on or before {date}: enter a rate, or set one on the Exchange rates screen."
    ),
    "currency.inactive": "{currency} is not one of this company's active currencies.",
    "cash_book.account": "Account {account} is not a bank or cash account.",
    "cash_book.currency": "Account {account} only takes {currency}.",
    "cash_book.kept_in": "Cash book {book} is kept in {currency}.",
    "transfer.received": "A transfer between currencies needs the amount received.",
    "recurring.until": "The end date must not be before the next run.",
    "tax_code.deduction_account": "A deductible tax code needs the account its deductions go to.",
    "org_unit.company_parent": "A company has no parent unit.",
    "org_unit.parent_kind": "This kind of unit cannot sit under the chosen parent.",
    "duplicate.code": "{code} is already used; choose another code.",
    "version.stale": "Someone changed this meanwhile; reload it and try again.",
    "cursor.invalid": "This page link is no longer valid; start from the first page.",
    "period.not_ended": "{period} has not ended yet.",
    "period.earlier_open": "Close {earlier} first: months close in order.",
    "range.reversed": "{start} is after {end}.",
    "range.months": "Choose at most {max} months at a time.",
    "range.ahead": "Choose at most {max} months ahead (up to {latest}).",
    "compare.pair": "Choose both months to compare with.",
    "export.too_large": "More than {max} lines: download a shorter period.",
    "file.csv": "Send the file as CSV (text/csv).",
    "file.empty": "The file has no rows.",
    "file.rows": "A file has at most {max} rows.",
    "opening.header": "The first row must be: account_code,debit,credit[,currency,amount,rate].",
    "opening.unbalanced": "Debits and credits differ by {difference}.",
    "opening.amount": "Enter a ringgit amount of 0 or more with at most 2 decimal places.",
    "opening.side": "A row has either a debit or a credit, greater than zero.",
    "opening.foreign_amount": "Enter a {currency} amount greater than 0 at its precision.",
    "opening.rate": "Enter the rate in ringgit per unit, greater than 0.",
    "opening.conversion": "{amount} {currency} \u00d7 {rate} is {expected}, not {given}.",
    "idempotency.key": "An Idempotency-Key has 1-255 visible ASCII characters.",
    "idempotency.reused": "This request's key was already used for a different request.",
    "body.json": "The request is not valid JSON.",
    "email.taken": "This e-mail address already has an account.",
    "invitation.unknown": "This invitation is unknown, already used or expired.",
    "password.policy": "The password does not meet the password policy.",
    "applet.core": "Core applets are always on.",
    "role.unknown": "There is no role named {role}.",
    "role.admin_fixed": "The built-in admin role cannot be changed.",
    "role.in_use": "This role is held by users or offered in pending invitations.",
    "permission.unknown": "{permission} is not a permission this product has.",
    "admin.last": "The company needs at least one active admin.",
}

# pydantic error type -> our code, where the type alone decides it.
_BY_TYPE: dict[str, str] = {
    "missing": "required",
    "extra_forbidden": "field.unknown",
    "string_type": "text.expected",
    "string_too_short": "text.too_short",
    "string_too_long": "text.too_long",
    "decimal_parsing": "number.invalid",
    "decimal_type": "number.invalid",
    "float_parsing": "number.invalid",
    "float_type": "number.invalid",
    "int_parsing": "number.whole",
    "int_type": "number.whole",
    "int_from_float": "number.whole",
    "decimal_max_places": "number.decimals",
    "decimal_max_digits": "number.digits",
    "decimal_whole_digits": "number.digits",
    "finite_number": "number.finite",
    "greater_than_equal": "number.min",
    "greater_than": "number.above",
    "less_than_equal": "number.max",
    "less_than": "number.below",
    "bool_parsing": "boolean.invalid",
    "bool_type": "boolean.invalid",
    "literal_error": "choice.invalid",
    "enum": "choice.invalid",
    "list_type": "list.expected",
    "tuple_type": "list.expected",
    "set_type": "list.expected",
    "dict_type": "object.expected",
    "model_type": "object.expected",
    "model_attributes_type": "object.expected",
    "json_invalid": "object.expected",
}


def message(code: str, params: Mapping[str, Any]) -> str:
    """The English message of ``code`` with its params (a code not in the catalogue: 'invalid')."""
    template = MESSAGES.get(code, MESSAGES["invalid"])
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return MESSAGES["invalid"]


def describe(error: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """One pydantic error (an item of ``ValidationError.errors()``) as (code, params)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in MESSAGES:  # a PydanticCustomError raised with one of our codes
        return kind, {key: _plain(value) for key, value in ctx.items()}
    if kind == "string_pattern_mismatch":
        found = format_of(str(ctx.get("pattern", "")))
        return (found.code, found.params) if found else ("invalid", {})
    if kind in ("string_too_short", "list_too_short", "too_short") and _is_list(error):
        return "list.too_short", {"min": ctx.get("min_length", 1)}
    if kind in ("string_too_long", "too_long") and _is_list(error):
        return "list.too_long", {"max": ctx.get("max_length", 0)}
    if kind == "too_short":
        return "list.too_short", {"min": ctx.get("min_length", 1)}
    if kind == "too_long":
        return "list.too_long", {"max": ctx.get("max_length", 0)}
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "text.required", {}
    if kind == "value_error":  # a ValueError in a validator: its own words are ours, not pydantic's
        reason = str(ctx.get("error", "")).strip()
        return ("rule", {"reason": reason}) if reason else ("invalid", {})
    code = _BY_TYPE.get(kind)
    if code is None:
        return "invalid", {}
    return code, _params(code, ctx)


def _params(code: str, ctx: Mapping[str, Any]) -> dict[str, Any]:
    if code == "text.too_short":
        return {"min": ctx.get("min_length")}
    if code == "text.too_long":
        return {"max": ctx.get("max_length")}
    if code == "number.decimals":
        return {"places": ctx.get("decimal_places")}
    if code == "number.digits":
        return {"digits": ctx.get("max_digits") or ctx.get("whole_digits")}
    if code in ("number.min", "number.above", "number.max", "number.below"):
        limit = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        return {"limit": _plain(limit)}
    if code == "choice.invalid":
        return {"choices": _choices(str(ctx.get("expected", "")))}
    return {}


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c"."""
    return ", ".join(part.strip().strip("'\"") for part in expected.replace(" or ", ", ").split(",") if part.strip())


def _is_list(error: Mapping[str, Any]) -> bool:
    return isinstance(error.get("input"), list | tuple)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def location(error: Mapping[str, Any], prefix: str = "") -> str:
    parts = [prefix] if prefix else []
    parts += [str(part) for part in error.get("loc", ()) if part != ""]
    return ".".join(parts) or "body"


def describe_all(errors: Iterable[Mapping[str, Any]], prefix: str = "") -> list[tuple[str, str, dict[str, Any]]]:
    """(field, code, params) for each pydantic error, one per field (the first: unions repeat a field)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for error in errors:
        field = _without_union_branches(location(error, prefix))
        code, params = describe(error)
        if field not in found or found[field][0] == "invalid":
            found[field] = (code, params)
    return [(field, code, params) for field, (code, params) in found.items()]


def _without_union_branches(field: str) -> str:
    """pydantic names a union's branch in the location (``credit_limit.decimal``, ``x.function-after[...]``);
    a person knows the field only."""
    kept = [part for part in field.split(".") if not _is_branch(part)]
    return ".".join(kept) or field


def _is_branch(part: str) -> bool:
    return (
        part in {"str", "int", "float", "decimal", "bool", "list", "dict", "none", "is-instance", "lax-or-strict"}
        or "[" in part
        or part.startswith(("function-", "constrained-", "json-or-python", "literal["))
    )
