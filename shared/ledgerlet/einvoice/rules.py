"""What MyInvois checks before accepting a document, checked here first.

:func:`check` returns every :class:`Problem` it finds (an empty list when the document is fine);
:func:`build_checked` builds the UBL document only when there are none. Each problem names the field by
its path in the :class:`~ledgerlet.einvoice.model.EInvoice` (``"buyer.tin"``, ``"lines[2].tax_type"``),
carries a stable ``code`` and the ``params`` behind its English message.

The rules come from LHDN's SDK (Invoice v1.1 data structure, mathematical mappings, code tables and FAQ
field validations); arithmetic is recomputed from the lines, never trusted. Where LHDN states no figure,
the choice made here is written next to the rule (the tax tolerance of one minor unit per line; the TIN
shapes). Codes:

``einvoice.required`` a mandatory value is missing · ``einvoice.code_table`` a code is not in LHDN's table ·
``einvoice.too_long`` / ``einvoice.too_many`` a length or count limit · ``einvoice.tin_format`` a TIN of no
LHDN shape · ``einvoice.tin_role`` a general TIN where it cannot stand · ``einvoice.phone_format``,
``einvoice.email_format``, ``einvoice.postcode_format``, ``einvoice.sst_format``, ``einvoice.ttx_format``
· ``einvoice.exchange_rate`` rate missing, superfluous or not positive · ``einvoice.original_required`` /
``einvoice.original_unexpected`` the original e-invoice of a note · ``einvoice.exemption_reason`` an
exemption without its reason · ``einvoice.exempt_tax`` tax on an exempt line · ``einvoice.not_applicable_tax``
tax under type 06 · ``einvoice.arithmetic`` a subtotal or tax that does not follow from the line ·
``einvoice.precision`` more decimals than the currency has · ``einvoice.range`` a value out of range ·
``einvoice.duplicate`` two lines with one number · ``einvoice.timezone`` an issue time without a time zone
· ``einvoice.consolidated_party`` / ``einvoice.consolidated_classification`` consolidated e-invoices ·
``einvoice.billing_period`` a period ending before it starts.
"""

from __future__ import annotations

import dataclasses
import functools
from decimal import Decimal

from ledgerlet.einvoice.model import EXEMPT, NOT_APPLICABLE, ZERO, Address, EInvoice, Line, Party, round_money
from ledgerlet.einvoice.ubl import (
    FOREIGN_BUYER_TIN,
    FOREIGN_SUPPLIER_TIN,
    GENERAL_PUBLIC_TIN,
    GOVERNMENT_TIN,
    SPECIAL_TINS,
    TAX_CURRENCY,
    build,
)
from ledgerlet.reference.codes import currency_precision, is_valid

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    import re
    from typing import Any

ID_TYPES: dict[str, int] = {"BRN": 20, "NRIC": 12, "PASSPORT": 12, "ARMY": 12}
"""Registration/identification schemes and the longest value LHDN accepts for each."""

CONSOLIDATED_CLASSIFICATION = "004"
"""Classification code every line of a consolidated e-invoice carries ("Consolidated e-Invoice")."""

NON_INDIVIDUAL_TIN_PREFIXES: tuple[str, ...] = (
    "C", "CS", "D", "E", "F", "FA", "PT", "TA", "TC", "TN", "TR", "TP", "TJ", "J", "LE",
)  # fmt: skip
"""LHDN file-type prefixes of non-individual TINs (company, co-operative, partnership, employer,
association, LLP, trusts, estates, Hindu joint family, Labuan entity); individuals' TINs start ``IG``."""

# Length limits of LHDN's Invoice v1.1 data structure ("Number of Chars").
MAX_NUMBER = 50
MAX_NAME = 300
MAX_TIN = 14
MAX_SST = 35
MAX_TTX = 17
MAX_ACTIVITY = 300
MAX_EMAIL = 320
MAX_ADDRESS_LINE = 150
MAX_ADDRESS_LINES = 3
MAX_CITY = 50
MAX_POSTCODE = 50
MAX_STATE = 50
MAX_DESCRIPTION = 300
MAX_EXEMPTION_REASON = 300
MAX_TARIFF_CODE = 12
MAX_FREQUENCY = 50
MAX_BANK_ACCOUNT = 150
MAX_PAYMENT_TERMS = 300
MAX_PREPAID_REFERENCE = 150
MAX_DISCOUNT_REASON = 300
MIN_PHONE, MAX_PHONE = 8, 20


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing MyInvois would reject: where (a path into the EInvoice), what (a stable code), why."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class InvalidEInvoice(ValueError):
    """The e-invoice breaks LHDN's rules; ``problems`` says where and how."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        listed = "; ".join(f"{problem.field}: {problem.message}" for problem in self.problems[:5])
        more = f" (and {len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"e-invoice has {len(self.problems)} problem(s): {listed}{more}")


def build_checked(invoice: EInvoice) -> dict[str, Any]:
    """:func:`ledgerlet.einvoice.ubl.build`, after :func:`check`; raises :class:`InvalidEInvoice` on problems."""
    problems = check(invoice)
    if problems:
        raise InvalidEInvoice(problems)
    return build(invoice)


def tax_tolerance(currency: str) -> Decimal:
    """How far a line's tax may stray from round(taxable x rate): one minor unit of the currency.

    LHDN publishes no tolerance; one sen absorbs a tax computed on unrounded figures and nothing more."""
    return Decimal(1).scaleb(-currency_precision(currency))


@functools.cache
def _pattern(name: str) -> re.Pattern[str]:
    import re

    prefixes = "|".join(sorted(NON_INDIVIDUAL_TIN_PREFIXES, key=len, reverse=True))
    patterns = {
        # Individuals: IG + the old SG/OG digits (9 to 12 of them); non-individuals: file-type prefix
        # + digits without a leading zero (LHDN drops it). Both at most 14 characters in all.
        "individual_tin": r"IG[0-9]{9,12}",
        "non_individual_tin": rf"(?:{prefixes})[1-9][0-9]{{7,11}}",
        "phone": r"\+?[0-9]+",
        "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
        "postcode_mys": r"[0-9]{5}",
        "sst": r"[A-Za-z0-9-]+(?:; ?[A-Za-z0-9-]+)?",
        "ttx": r"[A-Za-z0-9-]+",
    }
    return re.compile(patterns[name])


def _matches(name: str, value: str) -> bool:
    return _pattern(name).fullmatch(value) is not None


def tin_shape(tin: str) -> str | None:
    """``"special"``, ``"individual"`` or ``"non_individual"`` for a TIN of one of LHDN's shapes, else None."""
    if tin in SPECIAL_TINS:
        return "special"
    if len(tin) > MAX_TIN:
        return None
    if _matches("individual_tin", tin):
        return "individual"
    if _matches("non_individual_tin", tin):
        return "non_individual"
    return None


class _Problems:
    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, path: str, code: str, message: str, **params: Any) -> None:
        self.found.append(Problem(path, code, message, params))

    def required(self, path: str, value: object, what: str) -> bool:
        """Adds ``einvoice.required`` when ``value`` is missing or blank; answers whether it is present."""
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(path, "einvoice.required", f"{path} is required: {what}", what=what)
            return False
        return True

    def length(self, path: str, value: str | None, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(
                path,
                "einvoice.too_long",
                f"{path} has {len(value)} characters; LHDN allows at most {limit}",
                length=len(value),
                max=limit,
            )

    def code(self, path: str, table: str, value: str | None) -> None:
        if value is not None and not is_valid(table, value):
            self.add(
                path,
                "einvoice.code_table",
                f"{path} {value!r} is not a code of LHDN's {table} table",
                table=table,
                value=value,
            )

    def precision(self, path: str, amount: Decimal, currency: str) -> None:
        if not amount.is_finite() or round_money(amount, currency) != amount:
            places = currency_precision(currency)
            self.add(
                path,
                "einvoice.precision",
                f"{path} {amount} has more than {places} decimal places, the precision of {currency}",
                value=str(amount),
                places=places,
                currency=currency,
            )


def check(invoice: EInvoice) -> list[Problem]:
    """Every rule ``invoice`` breaks, in a stable order (empty when it may be submitted)."""
    problems = _Problems()
    _header(problems, invoice)
    _party(problems, "supplier", invoice.supplier, supplier=True)
    _party(problems, "buyer", invoice.buyer, supplier=False)
    _roles(problems, invoice)
    _originals(problems, invoice)
    _lines(problems, invoice)
    _consolidated(problems, invoice)
    return problems.found


def _header(problems: _Problems, invoice: EInvoice) -> None:
    if problems.required("type_code", invoice.type_code, "the e-invoice type (01..04, 11..14)"):
        problems.code("type_code", "einvoice_types", invoice.type_code)
    if problems.required("number", invoice.number, "the issuer's own document number"):
        problems.length("number", invoice.number, MAX_NUMBER)
    if invoice.issued_at.tzinfo is None or invoice.issued_at.utcoffset() is None:
        problems.add(
            "issued_at",
            "einvoice.timezone",
            "issued_at must carry a time zone (LHDN takes the issue date and time in UTC)",
        )
    currency = invoice.currency
    if problems.required("currency", currency, "the document currency (ISO 4217, e.g. MYR)"):
        problems.code("currency", "currencies", currency)
    _exchange_rate(problems, invoice)
    if invoice.payment_mode is not None:
        problems.code("payment_mode", "payment_methods", invoice.payment_mode)
    problems.length("supplier_bank_account", invoice.supplier_bank_account, MAX_BANK_ACCOUNT)
    problems.length("payment_terms", invoice.payment_terms, MAX_PAYMENT_TERMS)
    problems.length("prepaid_reference", invoice.prepaid_reference, MAX_PREPAID_REFERENCE)
    problems.length("discount_reason", invoice.discount_reason, MAX_DISCOUNT_REASON)
    for name in ("document_discount", "rounding", "prepaid_amount"):
        problems.precision(name, getattr(invoice, name), currency)
    if invoice.document_discount < 0:
        problems.add(
            "document_discount",
            "einvoice.range",
            "document_discount must not be negative (a discount reduces the total)",
            value=str(invoice.document_discount),
        )
    if invoice.prepaid_amount < 0:
        problems.add(
            "prepaid_amount", "einvoice.range", "prepaid_amount must not be negative", value=str(invoice.prepaid_amount)
        )
    period = invoice.billing_period
    if period is not None:
        if problems.required("billing_period.frequency", period.frequency, "the frequency of billing, e.g. Monthly"):
            problems.length("billing_period.frequency", period.frequency, MAX_FREQUENCY)
        if period.end < period.start:
            problems.add(
                "billing_period.end",
                "einvoice.billing_period",
                f"billing_period.end {period.end} is before billing_period.start {period.start}",
                start=period.start.isoformat(),
                end=period.end.isoformat(),
            )


def _exchange_rate(problems: _Problems, invoice: EInvoice) -> None:
    rate = invoice.exchange_rate
    if invoice.currency != TAX_CURRENCY:
        if rate is None:
            problems.add(
                "exchange_rate",
                "einvoice.exchange_rate",
                f"exchange_rate is required for a document in {invoice.currency}: MYR per 1 {invoice.currency}",
                currency=invoice.currency,
            )
        elif not rate.is_finite() or rate <= 0:
            problems.add(
                "exchange_rate",
                "einvoice.exchange_rate",
                f"exchange_rate must be a positive number of MYR per 1 {invoice.currency}, not {rate}",
                currency=invoice.currency,
                value=str(rate),
            )
    elif rate is not None and rate != 1:
        problems.add(
            "exchange_rate",
            "einvoice.exchange_rate",
            f"exchange_rate must be left out (or 1) for a document in MYR, not {rate}",
            currency=invoice.currency,
            value=str(rate),
        )


def _party(problems: _Problems, prefix: str, party: Party, *, supplier: bool) -> None:
    role = "supplier" if supplier else "buyer"
    if problems.required(f"{prefix}.name", party.name, f"the {role}'s registered name"):
        problems.length(f"{prefix}.name", party.name, MAX_NAME)
    if problems.required(f"{prefix}.tin", party.tin, f"the {role}'s TIN") and tin_shape(party.tin) is None:
        problems.add(
            f"{prefix}.tin",
            "einvoice.tin_format",
            f"{prefix}.tin {party.tin!r} is not a TIN: expected IG + 9-12 digits (individuals), a file-type "
            "prefix such as C, CS, D, E, F, PT + digits (others), or one of LHDN's general TINs EI000000000x0",
            value=party.tin,
        )
    if problems.required(f"{prefix}.id_type", party.id_type, "BRN, NRIC, PASSPORT or ARMY"):
        if party.id_type not in ID_TYPES:
            problems.add(
                f"{prefix}.id_type",
                "einvoice.code_table",
                f"{prefix}.id_type {party.id_type!r} must be one of BRN, NRIC, PASSPORT, ARMY",
                table="id_types",
                value=party.id_type,
            )
        elif problems.required(f"{prefix}.id_value", party.id_value, f"the {role}'s {party.id_type} number or NA"):
            problems.length(f"{prefix}.id_value", party.id_value, ID_TYPES[party.id_type])
    if problems.required(f"{prefix}.sst_number", party.sst_number, "the SST registration number, or NA"):
        problems.length(f"{prefix}.sst_number", party.sst_number, MAX_SST)
        if party.sst_number != "NA" and not _matches("sst", party.sst_number):
            problems.add(
                f"{prefix}.sst_number",
                "einvoice.sst_format",
                f"{prefix}.sst_number may hold letters, digits and dashes (two numbers separated by ';'), or NA",
                value=party.sst_number,
            )
    if problems.required(
        f"{prefix}.tourism_tax_number", party.tourism_tax_number, "the tourism tax registration number, or NA"
    ):
        problems.length(f"{prefix}.tourism_tax_number", party.tourism_tax_number, MAX_TTX)
        if party.tourism_tax_number != "NA" and not _matches("ttx", party.tourism_tax_number):
            problems.add(
                f"{prefix}.tourism_tax_number",
                "einvoice.ttx_format",
                f"{prefix}.tourism_tax_number may hold letters, digits and dashes only, or NA",
                value=party.tourism_tax_number,
            )
    if supplier:
        if problems.required(f"{prefix}.msic", party.msic, "the supplier's 5-digit MSIC code (00000 if none)"):
            problems.code(f"{prefix}.msic", "msic", party.msic)
        if problems.required(f"{prefix}.activity", party.activity, "the supplier's business activity description"):
            problems.length(f"{prefix}.activity", party.activity, MAX_ACTIVITY)
    _address(problems, f"{prefix}.address", party.address)
    _contact(problems, prefix, party)


def _address(problems: _Problems, prefix: str, address: Address) -> None:
    if not address.lines or not address.lines[0].strip():
        problems.add(
            f"{prefix}.lines",
            "einvoice.required",
            f"{prefix}.lines needs at least a first address line (NA when unknown)",
            what="address line",
        )
    if len(address.lines) > MAX_ADDRESS_LINES:
        problems.add(
            f"{prefix}.lines",
            "einvoice.too_many",
            f"{prefix}.lines has {len(address.lines)} lines; LHDN takes at most {MAX_ADDRESS_LINES}",
            count=len(address.lines),
            max=MAX_ADDRESS_LINES,
        )
    for index, line in enumerate(address.lines):
        problems.length(f"{prefix}.lines[{index}]", line, MAX_ADDRESS_LINE)
    if problems.required(f"{prefix}.city", address.city, "the city name"):
        problems.length(f"{prefix}.city", address.city, MAX_CITY)
    malaysian = address.country == "MYS"
    if address.postcode:
        problems.length(f"{prefix}.postcode", address.postcode, MAX_POSTCODE)
        if malaysian and not _matches("postcode_mys", address.postcode):
            problems.add(
                f"{prefix}.postcode",
                "einvoice.postcode_format",
                f"{prefix}.postcode {address.postcode!r} must be 5 digits for a Malaysian address",
                value=address.postcode,
            )
    if problems.required(f"{prefix}.state", address.state, "the state code (17 when not applicable)"):
        if malaysian:
            problems.code(f"{prefix}.state", "states", address.state)
        else:  # outside Malaysia the state's own name may be given
            problems.length(f"{prefix}.state", address.state, MAX_STATE)
    if problems.required(f"{prefix}.country", address.country, "the ISO 3166-1 alpha-3 country code"):
        problems.code(f"{prefix}.country", "countries", address.country)


def _contact(problems: _Problems, prefix: str, party: Party) -> None:
    path = f"{prefix}.phone"
    if problems.required(path, party.phone, "a contact number (E.164, e.g. +60123456789)"):
        general_public = party.tin == GENERAL_PUBLIC_TIN and party.phone == "NA"
        if not general_public and (
            not _matches("phone", party.phone) or not MIN_PHONE <= len(party.phone) <= MAX_PHONE
        ):
            problems.add(
                path,
                "einvoice.phone_format",
                f"{path} {party.phone!r} must be {MIN_PHONE} to {MAX_PHONE} digits with an optional leading +, "
                "no spaces or dashes (NA only for the general public)",
                value=party.phone,
            )
    if party.email is not None:
        path = f"{prefix}.email"
        problems.length(path, party.email, MAX_EMAIL)
        if not _matches("email", party.email):
            problems.add(
                path,
                "einvoice.email_format",
                f"{path} {party.email!r} is not an e-mail address (leave it out when unknown, not NA)",
                value=party.email,
            )


def _roles(problems: _Problems, invoice: EInvoice) -> None:
    """LHDN's general TINs stand for a counterparty without a TIN, never for the issuer: the supplier of
    an invoice or note, the buyer of a self-billed one. A foreign buyer's TIN and the government's are
    buyer TINs; the foreign supplier's TIN is used by self-billing only."""
    issuer, issuer_party = ("buyer", invoice.buyer) if invoice.self_billed else ("supplier", invoice.supplier)
    if issuer_party.tin in SPECIAL_TINS:
        problems.add(
            f"{issuer}.tin",
            "einvoice.tin_role",
            f"{issuer}.tin {issuer_party.tin} is a general TIN, but the {issuer} issues this document and "
            "must give its own TIN",
            value=issuer_party.tin,
        )
    if invoice.self_billed:
        allowed, path, tin = {GENERAL_PUBLIC_TIN, FOREIGN_SUPPLIER_TIN}, "supplier.tin", invoice.supplier.tin
    else:
        allowed, path, tin = {GENERAL_PUBLIC_TIN, FOREIGN_BUYER_TIN, GOVERNMENT_TIN}, "buyer.tin", invoice.buyer.tin
    if tin in SPECIAL_TINS and tin not in allowed:
        problems.add(
            path,
            "einvoice.tin_role",
            f"{path} {tin} cannot stand here; expected one of {', '.join(sorted(allowed))}",
            value=tin,
            allowed=sorted(allowed),
        )


def _originals(problems: _Problems, invoice: EInvoice) -> None:
    if invoice.is_note:
        if not invoice.original:
            problems.add(
                "original",
                "einvoice.original_required",
                f"a type {invoice.type_code} note must reference the original e-invoice (its LHDN UUID and "
                "number; NA for a consolidated one)",
                type_code=invoice.type_code,
            )
        for index, reference in enumerate(invoice.original):
            problems.required(f"original[{index}].uuid", reference.uuid, "the original e-invoice's LHDN UUID or NA")
            problems.required(f"original[{index}].number", reference.number, "the original e-invoice's number or NA")
    elif invoice.original:
        problems.add(
            "original",
            "einvoice.original_unexpected",
            f"a type {invoice.type_code} document references no original e-invoice; only notes do",
            type_code=invoice.type_code,
        )


def _lines(problems: _Problems, invoice: EInvoice) -> None:
    if not invoice.lines:
        problems.add("lines", "einvoice.required", "lines: an e-invoice needs at least one line", what="line")
    seen: set[str] = set()
    for index, line in enumerate(invoice.lines):
        _line(problems, f"lines[{index}]", line, invoice.currency)
        if line.number in seen:
            problems.add(
                f"lines[{index}].number",
                "einvoice.duplicate",
                f"lines[{index}].number {line.number!r} is already used by an earlier line",
                value=line.number,
            )
        seen.add(line.number)


def _line(problems: _Problems, prefix: str, line: Line, currency: str) -> None:
    problems.required(f"{prefix}.number", line.number, "the line number")
    if problems.required(f"{prefix}.classification", line.classification, "the classification code, e.g. 022"):
        problems.code(f"{prefix}.classification", "classifications", line.classification)
    if problems.required(f"{prefix}.description", line.description, "the description of the product or service"):
        problems.length(f"{prefix}.description", line.description, MAX_DESCRIPTION)
    if problems.required(f"{prefix}.unit_code", line.unit_code, "the UN/ECE unit code, e.g. C62"):
        problems.code(f"{prefix}.unit_code", "units", line.unit_code)
    if line.country_of_origin is not None:
        problems.code(f"{prefix}.country_of_origin", "countries", line.country_of_origin)
    problems.length(f"{prefix}.tariff_code", line.tariff_code, MAX_TARIFF_CODE)
    problems.length(f"{prefix}.exemption_reason", line.exemption_reason, MAX_EXEMPTION_REASON)
    tax_type_known = problems.required(f"{prefix}.tax_type", line.tax_type, "the tax type, 01..06 or E")
    if tax_type_known:
        problems.code(f"{prefix}.tax_type", "tax_types", line.tax_type)
    if not ZERO <= line.tax_rate <= 100:
        problems.add(
            f"{prefix}.tax_rate",
            "einvoice.range",
            f"{prefix}.tax_rate {line.tax_rate} must be a percentage from 0 to 100",
            value=str(line.tax_rate),
        )
    if line.discount < 0:
        problems.add(
            f"{prefix}.discount", "einvoice.range", f"{prefix}.discount must not be negative", value=str(line.discount)
        )
    for name in ("subtotal", "tax_amount", "discount", "exemption_amount"):
        problems.precision(f"{prefix}.{name}", getattr(line, name), currency)
    expected_subtotal = line.gross(currency) - line.discount
    if line.subtotal != expected_subtotal:
        problems.add(
            f"{prefix}.subtotal",
            "einvoice.arithmetic",
            f"{prefix}.subtotal is {line.subtotal}; quantity {line.quantity} x unit price {line.unit_price} "
            f"- discount {line.discount} = {expected_subtotal}",
            expected=str(expected_subtotal),
            actual=str(line.subtotal),
        )
    _line_tax(problems, prefix, line, currency)


def _line_tax(problems: _Problems, prefix: str, line: Line, currency: str) -> None:
    if line.tax_type == EXEMPT:
        if not line.exemption_reason or not line.exemption_reason.strip():
            problems.add(
                f"{prefix}.exemption_reason",
                "einvoice.exemption_reason",
                f"{prefix}.exemption_reason is required for tax type E (e.g. the buyer's exemption certificate)",
            )
        if line.tax_amount != 0:
            problems.add(
                f"{prefix}.tax_amount",
                "einvoice.exempt_tax",
                f"{prefix}.tax_amount must be 0 for an exempt line (tax type E), not {line.tax_amount}",
                expected="0",
                actual=str(line.tax_amount),
            )
        if line.exemption_amount not in (ZERO, line.subtotal):
            problems.add(
                f"{prefix}.exemption_amount",
                "einvoice.arithmetic",
                f"{prefix}.exemption_amount of a tax type E line is its whole subtotal {line.subtotal}, "
                f"not {line.exemption_amount}",
                expected=str(line.subtotal),
                actual=str(line.exemption_amount),
            )
        return
    if line.exemption_amount:
        if not line.exemption_reason or not line.exemption_reason.strip():
            problems.add(
                f"{prefix}.exemption_reason",
                "einvoice.exemption_reason",
                f"{prefix}.exemption_reason is required when part of the line is exempted from tax",
            )
        if not ZERO < line.exemption_amount <= line.subtotal:
            problems.add(
                f"{prefix}.exemption_amount",
                "einvoice.range",
                f"{prefix}.exemption_amount {line.exemption_amount} must be above 0 and at most the subtotal "
                f"{line.subtotal}",
                value=str(line.exemption_amount),
            )
    if line.tax_type == NOT_APPLICABLE:
        for name, value in (("tax_amount", line.tax_amount), ("tax_rate", line.tax_rate)):
            if value != 0:
                problems.add(
                    f"{prefix}.{name}",
                    "einvoice.not_applicable_tax",
                    f"{prefix}.{name} must be 0 under tax type 06 (not applicable), not {value}",
                    expected="0",
                    actual=str(value),
                )
        return
    expected = line.expected_tax(currency)
    tolerance = max(tax_tolerance(currency), tax_tolerance(currency) * line.summed / 2)
    if abs(line.tax_amount - expected) > tolerance:
        problems.add(
            f"{prefix}.tax_amount",
            "einvoice.arithmetic",
            f"{prefix}.tax_amount is {line.tax_amount}; {line.tax_rate}% of {line.taxable_amount} is {expected} "
            f"(tolerance {tolerance})",
            expected=str(expected),
            actual=str(line.tax_amount),
            tolerance=str(tolerance),
        )


def _consolidated(problems: _Problems, invoice: EInvoice) -> None:
    """A consolidated e-invoice sums sales to the general public: its counterparty is the general public
    (the buyer; the supplier when self-billed), it covers a billing period, its lines are class 004."""
    if not invoice.consolidated:
        return
    path, party = ("supplier", invoice.supplier) if invoice.self_billed else ("buyer", invoice.buyer)
    if party.tin != GENERAL_PUBLIC_TIN:
        problems.add(
            f"{path}.tin",
            "einvoice.consolidated_party",
            f"{path}.tin of a consolidated e-invoice must be the general public's {GENERAL_PUBLIC_TIN}, "
            f"not {party.tin!r}",
            expected=GENERAL_PUBLIC_TIN,
            actual=party.tin,
        )
    if invoice.billing_period is None:
        problems.add(
            "billing_period",
            "einvoice.required",
            "billing_period is required: a consolidated e-invoice states the period it covers",
            what="billing period",
        )
    for index, line in enumerate(invoice.lines):
        if line.classification != CONSOLIDATED_CLASSIFICATION:
            problems.add(
                f"lines[{index}].classification",
                "einvoice.consolidated_classification",
                f"lines[{index}].classification of a consolidated e-invoice must be "
                f"{CONSOLIDATED_CLASSIFICATION} (Consolidated e-Invoice), not {line.classification!r}",
                expected=CONSOLIDATED_CLASSIFICATION,
                actual=line.classification,
            )
