"""Queueing a company's documents for MyInvois, and the scheduled run that submits them.

**Queueing** (a hub subscription): a sales invoice, credit or debit note or refund, once issued, gets an
e-invoice item (``pending``), or waits for the month's consolidated e-invoice (``consolidate``) when it is
a sale to the general public of RM 10,000 or less and the company consolidates such sales.

**The run** (every few minutes, per tenant; each company sets how often it submits):

1. e-invoices submitted earlier are polled: ``valid`` (with LHDN's long id, the validation link and the
   72-hour cancellation window) or ``invalid`` (with LHDN's errors, field by field);
2. when the company's interval has passed: each pending e-invoice is composed, checked against LHDN's
   rules (a document that breaks one is ``refused``, never sent), signed and kept as the exact bytes to
   send, in one conditional write that makes it ``sending``; then they are sent in batches within
   MyInvois's limits (100 documents, 5 MB, 300 KB each) and each answer recorded.

**Never lost, never twice.** A document is ``sending`` from before its batch leaves until its answer is
recorded. A run that dies in between (killed, timed out) leaves it so; the next run sends the *same bytes*
again. MyInvois refuses a document number it already accepted from the issuer (its duplicate detection):
the run then looks the earlier one up and records it. So each document is accepted exactly once.
A lease on the run item keeps two runs of one company from sending at once.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.einvoice import lifecycle as lc
from ledgerlet.einvoice.consolidation import SOURCE_TYPE as CONSOLIDATED
from ledgerlet.einvoice.queue import Changed, EInvoiceQueue, einvoice_id
from ledgerlet.einvoice.settings import SECRET, EInvoiceSettings, read_settings
from ledgerlet.einvoice.sources import INDIVIDUAL_ABOVE, NotReady, Original

if TYPE_CHECKING:
    from ledgerlet.einvoice.client import MyInvoisClient
    from ledgerlet.einvoice.signature import SigningCredentials

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=15)  # renewed as the run goes: a run killed mid-way holds it 15 s at most
FINAL = "9999-12-31T00:00:00Z"  # a valid e-invoice past its 72 hours: out of the window's queue
RENEW_EVERY = 50  # documents prepared between renewals
BATCH_READ = 1000  # e-invoices one run takes on at most (ten full batches)
SELF_BILLED_SOURCE, SELF_BILLED_INVOICE, SELF_BILLED_CREDIT = "PAYMENT", "11", "12"  # paid to a self-billed supplier
DUPLICATE_CODES = ("DS302",)  # MyInvois: "document already submitted" (same issuer, same number)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------
# queueing
# ---------------------------------------------------------------------------------------------
BY_PLATFORM = "by_platform"  # a sales document's einvoice_state when its marketplace issues the e-invoice


def issued(store: Any, doc_type: str, doc_id: str) -> dict[str, Any] | None:
    """A document as issued, whichever applet issues it: a sales document once submitted, a sale at a register
    once recorded (``ledgerlet.pos.contract``)."""
    from ledgerlet.pos import contract as pos
    from ledgerlet.sales.contract import issued_document

    if doc_type in pos.EINVOICE_TYPES:
        return pos.issued_document(store, doc_type, doc_id)
    return issued_document(store, doc_type, doc_id)


def adjusted_by(doc_type: str, document: dict[str, Any]) -> tuple[str, str] | None:
    """The document a note (a credit note, a refund, a return at a register) adjusts, as (type, id)."""
    from ledgerlet.pos import contract as pos
    from ledgerlet.sales.contract import original_of

    if doc_type in pos.EINVOICE_TYPES:
        return pos.original_of(doc_type, document)
    return original_of(doc_type, document)


def issued_by_platform(store: Any, doc_type: str, document: dict[str, Any]) -> bool:
    """Whether a marketplace issues this document's e-invoice: the sale's invoice says so, and its notes and
    refunds follow the invoice."""
    from ledgerlet.sales.contract import original_of

    seen: dict[str, Any] = document
    for _ in range(3):  # a refund -> its credit note -> the invoice
        if seen.get("einvoice_state") == BY_PLATFORM:
            return True
        original = original_of(doc_type, seen)
        if original is None:
            return False
        doc_type, seen = original[0], store.get(*original) or {}
    return False


def enqueue(tenant_id: str, doc_type: str, document: dict[str, Any], now: datetime) -> str | None:
    """Queue an issued document (as its hub event carries it); the state it got, None when the company
    does not submit e-invoices or it was queued before."""
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.masterdata.contract import MasterData
    from ledgerlet.pos import contract as pos
    from ledgerlet.sales.contract import EINVOICE_TYPES

    settings = read_settings(tenant_id)
    if not settings.enabled:
        return None
    master = MasterData(DocumentStore(tenant_id))
    if doc_type == SELF_BILLED_SOURCE:
        supplier = master.supplier(str(document.get("supplier_id") or ""))
        if supplier is None or not supplier.self_billed:
            return None  # the supplier issues its own e-invoice
        # a payment, or its reversal: a self-billed credit note on the payment's e-invoice
        state, type_code = lc.PENDING, SELF_BILLED_CREDIT if document.get("reverses") else SELF_BILLED_INVOICE
        counterparty: dict[str, Any] = {"supplier_id": supplier.id, "customer_name": supplier.name}
    elif doc_type in EINVOICE_TYPES or doc_type in pos.EINVOICE_TYPES:
        if issued_by_platform(master.documents, doc_type, document):
            return None  # a marketplace issues the buyer's e-invoice (its connection's policy)
        customer = master.customer(str(document.get("customer_id") or ""))
        total = Decimal(str(document.get("total") or document.get("amount") or 0))
        to_public = customer is None or not customer.identity.tin
        small = total * Decimal(str(document.get("rate") or 1)) <= INDIVIDUAL_ABOVE
        state = lc.CONSOLIDATE if to_public and settings.consolidate_b2c and small else lc.PENDING
        # a sale at a register: an invoice, or its return a credit note
        type_code = EINVOICE_TYPES.get(doc_type) or pos.einvoice_type(doc_type, document)
        counterparty = {"customer_id": document.get("customer_id"), "customer_name": document.get("customer_name")}
    else:
        return None
    item = {
        "id": einvoice_id(document["id"]),
        "code": str(document.get("code") or document["id"]),
        "state": state,
        "source_type": doc_type,
        "source_id": document["id"],
        "type_code": type_code,
        **counterparty,
        "date": document.get("date"),
        "currency": document.get("currency") or "MYR",
        "total": str(Decimal(str(document.get("total") or document.get("amount") or 0))),
        "queued_at": _iso(now),
        "attempts": 0,
    }
    return state if EInvoiceQueue(tenant_id).add(item, due=_iso(now)) else None


# ---------------------------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def run_tenant(tenant_id: str, now: datetime, *, force: bool = False) -> dict[str, int]:
    """One scheduled run for one company (``force``: send now whatever its interval says)."""
    from ledgerlet.einvoice.run_clock import RunClock

    settings = read_settings(tenant_id)
    if not settings.enabled:
        return {"disabled": 1}
    outcome = Outcome()
    connection = Connection(tenant_id, settings)
    clock = RunClock(tenant_id)
    run = Run(tenant_id, settings, connection, now, outcome=outcome, clock=clock)
    run.poll()
    if clock.claim(now, LEASE, ignore_interval=force):
        try:
            run.watch()
            run.consolidate()
            run.send()
            run.poll()
        finally:
            clock.release(now + timedelta(minutes=settings.submit_every_minutes))
    else:
        outcome.add("not_due")
    return outcome.counts


class Connection:
    """The company's MyInvois client and signing credentials, read from its secret on first use."""

    def __init__(self, tenant_id: str, settings: EInvoiceSettings, *, interactive: bool = False) -> None:
        self.tenant_id = tenant_id
        self.settings = settings
        self.interactive = interactive  # someone waits (an API request): fewer, shorter tries
        self._secret: dict[str, Any] | None = None
        self._client: MyInvoisClient | None = None
        self._credentials: SigningCredentials | None = None

    def secret(self) -> dict[str, Any]:
        if self._secret is None:
            from ledgerlet.hub.secrets import TenantSecrets

            self._secret = TenantSecrets(self.tenant_id).read(SECRET) or {}
        return self._secret

    @property
    def client(self) -> MyInvoisClient:
        if self._client is None:
            from ledgerlet.einvoice.client import MyInvoisClient
            from ledgerlet.einvoice.endpoints import endpoints

            if not self.settings.client_id or not self.secret().get("client_secret"):
                raise NotReady("the MyInvois client id and secret are not set", "settings.client_id")
            api, identity, _ = endpoints(self.settings.environment)
            self._client = MyInvoisClient(
                api,
                identity,
                self.settings.client_id,
                self.secret()["client_secret"],
                max_attempts=2 if self.interactive else 5,
                timeout=10.0 if self.interactive else 30.0,
            )
        return self._client

    @property
    def credentials(self) -> SigningCredentials:
        if self._credentials is None:
            from ledgerlet.einvoice.signature import load_credentials

            pem = self.secret().get("credentials_pem")
            if not pem:
                raise NotReady("no signing certificate is uploaded", "settings.certificate")
            self._credentials = load_credentials(pem.encode())
        return self._credentials


class Run:
    def __init__(
        self,
        tenant_id: str,
        settings: EInvoiceSettings,
        connection: Connection,
        now: datetime,
        *,
        outcome: Outcome,
        clock: Any = None,
    ) -> None:
        self.clock = clock
        self.tenant_id = tenant_id
        self.settings = settings
        self.connection = connection
        self.now = now
        self.outcome = outcome
        self.queue = EInvoiceQueue(tenant_id)

    # -- poll ---------------------------------------------------------------------------------
    def poll(self) -> None:
        """Record what MyInvois decided of the e-invoices submitted and not yet validated."""
        waiting = self.queue.due(lc.SUBMITTED, BATCH_READ)
        by_submission: dict[str, list[dict[str, Any]]] = {}
        for item in waiting:
            by_submission.setdefault(str(item.get("submission_uid")), []).append(item)
        for uid, items in by_submission.items():
            summary = self.connection.client.submission(uid)
            decided = {doc["uuid"]: doc for doc in summary.get("documentSummary") or []}
            for item in items:
                found = decided.get(item.get("uuid") or "")
                if found is not None:
                    self._decided(item, found, lc.SUBMITTED)

    def _decided(self, item: dict[str, Any], found: dict[str, Any], expected: str | tuple[str, ...]) -> None:
        status = str(found.get("status") or "")
        try:
            if status == "Valid":
                validated = _parse_time(found.get("dateTimeValidated")) or self.now
                self.queue.move(
                    item["id"],
                    expected,
                    lc.VALID,
                    _iso(lc.cancellable_until(validated)),  # in the valid queue until its window closes
                    uuid=found.get("uuid"),
                    long_id=found.get("longId"),
                    validation_link=self._link(str(found.get("uuid")), str(found.get("longId"))),
                    validated_at=_iso(validated),
                    cancellable_until=_iso(lc.cancellable_until(validated)),
                    errors=None,
                )
                self.outcome.add("valid")
            elif status == "Invalid":
                errors = self._errors(str(found.get("uuid")))
                self.queue.move(item["id"], expected, lc.INVALID, _iso(self.now), uuid=found.get("uuid"), errors=errors)
                self.outcome.add("invalid")
            elif status == "Cancelled":
                self.queue.move(item["id"], expected, lc.CANCELLED, _iso(self.now), uuid=found.get("uuid"))
        except Changed:
            self.outcome.add("changed_meanwhile")

    def watch(self) -> None:
        """The 72 hours after validation: a buyer may ask to reject an e-invoice and it may be cancelled on
        MyInvois's own portal meanwhile; when they are over it is final (cancelled only by a note)."""
        now = _iso(self.now)
        for item in self.queue.due(lc.VALID, BATCH_READ, before=now):
            with contextlib.suppress(Changed):
                self.queue.move(item["id"], lc.VALID, lc.VALID, FINAL, note="final: 72 hours passed", final=True)
                self.outcome.add("final")
        open_ = {item["uuid"]: item for item in self.queue.due(lc.VALID, BATCH_READ, after=now) if item.get("uuid")}
        if not open_:
            return
        answer = self.connection.client.search(
            submissionDateFrom=_iso(self.now - lc.CANCEL_WINDOW - timedelta(hours=1)),
            submissionDateTo=_iso(self.now + timedelta(minutes=1)),  # MyInvois's clock may be ahead of ours
            pageSize=100,
        )
        for found in answer.get("result") or []:
            watched = open_.get(str(found.get("uuid")))
            if watched is None:
                continue
            if found.get("status") == "Cancelled":
                with contextlib.suppress(Changed):
                    self.queue.move(watched["id"], lc.VALID, lc.CANCELLED, now, note="cancelled on MyInvois's portal")
                    self.outcome.add("cancelled_elsewhere")
            elif found.get("rejectRequestDateTime") and not watched.get("reject_requested_at"):
                self.queue.note(
                    watched["id"],
                    reject_requested_at=str(found["rejectRequestDateTime"]),
                    reject_reason=str(found.get("documentStatusReason") or ""),
                )
                self.outcome.add("rejection_requested")

    def _link(self, uuid: str, long_id: str) -> str:
        from ledgerlet.einvoice.endpoints import endpoints

        return f"{endpoints(self.settings.environment)[2]}/{uuid}/share/{long_id}"

    def _errors(self, uuid: str) -> list[dict[str, str]]:
        """LHDN's reasons, one per failed validation step (and its inner errors), naming the field."""
        details = self.connection.client.document_details(uuid)
        found: list[dict[str, str]] = []
        for step in (details.get("validationResults") or {}).get("validationSteps") or []:
            error = step.get("error")
            if step.get("status") != "Invalid" or not error:
                continue
            inner = error.get("innerError") or error.get("details") or [error]
            for detail in inner:
                found.append(
                    {
                        "field": str(detail.get("propertyPath") or detail.get("target") or step.get("name") or ""),
                        "code": str(detail.get("errorCode") or detail.get("code") or "Invalid"),
                        "message": str(detail.get("error") or detail.get("message") or step.get("name") or ""),
                        "step": str(step.get("name") or ""),
                    }
                )
        return found

    # -- send ---------------------------------------------------------------------------------
    def consolidate(self) -> None:
        """Last month's sales to the general public into their consolidated e-invoices (queued pending)."""
        from zoneinfo import ZoneInfo

        from ledgerlet.company import company_profile
        from ledgerlet.einvoice.consolidation import consolidate
        from ledgerlet.timezones import DEFAULT_TIME_ZONE

        profile = company_profile(self.queue.db, self.queue.table, self.tenant_id) or {}
        today = self.now.astimezone(ZoneInfo(str(profile.get("time_zone") or DEFAULT_TIME_ZONE))).date()
        made = consolidate(self.queue, today, self.now)
        if made:
            self.outcome.add("consolidated", made)

    def send(self) -> None:
        from ledgerlet.einvoice.client import Submittable, plan_batches

        ready: dict[str, dict[str, Any]] = {}
        for item in self.queue.due(lc.SENDING, BATCH_READ):  # sent before, answer never recorded
            ready[item["code"]] = item
            self.outcome.add("resent")
        for position, item in enumerate(self.queue.due(lc.PENDING, BATCH_READ - len(ready), before=_iso(self.now))):
            if position % RENEW_EVERY == 0:
                self._renew()
            prepared = self._prepare(item)
            if prepared is not None:
                ready[prepared["code"]] = prepared
        if not ready:
            return
        documents = [Submittable(code, item["document"].encode()) for code, item in ready.items()]
        batches, too_large = plan_batches(documents)
        for refused, reason in too_large:
            self._refuse(ready[refused.code_number], [{"field": "document", "code": reason, "message": reason}])
        for batch in batches:
            self._renew()
            self._submit([ready[document.code_number] for document in batch], batch)

    def _renew(self) -> None:
        """Keep the run's lease (a second run meanwhile would be harmless, as conditions and MyInvois's
        duplicate detection keep each document to one submission, but it would waste requests)."""
        if self.clock is not None:
            self.clock.renew(datetime.now(UTC), LEASE)

    def _submit(self, items: list[dict[str, Any]], batch: list[Any]) -> None:
        from ledgerlet.einvoice.client import MyInvoisBadRequest

        try:
            answer = self.connection.client.submit(batch)
        except MyInvoisBadRequest as refused:
            if refused.code != "DuplicateSubmission":
                raise
            self._recover(items)  # this very batch reached MyInvois before (its answer was never recorded)
            return
        self.outcome.add("batches")
        by_code = {item["code"]: item for item in items}
        for code, uuid in answer.accepted:
            self._accepted(by_code[code], str(answer.uid), uuid)
        duplicates = []
        for code, error in answer.rejected:
            if _is_duplicate(error):
                duplicates.append(by_code[code])
            else:
                self._rejected(by_code[code], error)
        if duplicates:
            self._recover(duplicates)

    def _prepare(self, item: dict[str, Any]) -> dict[str, Any] | None:
        """Compose, check and sign a pending e-invoice and make it ``sending`` with the bytes to send; None
        when it cannot go (refused, or waiting for the e-invoice it adjusts)."""
        from ledgerlet.einvoice.rules import InvalidEInvoice, build_checked
        from ledgerlet.einvoice.signature import sign_to_bytes

        try:
            einvoice = self._compose(item)
            body = sign_to_bytes(build_checked(einvoice), self.connection.credentials, self.now).decode()
        except InvalidEInvoice as invalid:
            errors = [{"field": p.field, "code": p.code, "message": p.message} for p in invalid.problems]
            self._refuse(item, errors)
            return None
        except NotReady as waiting:  # tried again at every run; noted once for the console
            if item.get("waiting") != str(waiting):
                with contextlib.suppress(Changed):
                    self.queue.move(
                        item["id"], lc.PENDING, lc.PENDING, item["queued_at"], note=str(waiting), waiting=str(waiting)
                    )
            self.outcome.add("waiting")
            return None
        import hashlib

        try:
            return self.queue.move(
                item["id"],
                lc.PENDING,
                lc.next_state(lc.PENDING, "send"),
                _iso(self.now),
                document=body,
                document_hash=hashlib.sha256(body.encode()).hexdigest(),
                issued_at=_iso(self.now),
                attempts=int(item.get("attempts") or 0) + 1,
                waiting=None,
            )
        except Changed:
            return None

    def _compose(self, item: dict[str, Any]) -> Any:
        from ledgerlet.company import company_profile
        from ledgerlet.einvoice.sources import compose, supplier
        from ledgerlet.hub.documents import DocumentStore
        from ledgerlet.masterdata.contract import MasterData

        store = DocumentStore(self.tenant_id)
        profile = company_profile(store.db, store.table, self.tenant_id) or {}
        if item["source_type"] == CONSOLIDATED:
            return self._compose_consolidated(store, item, supplier(profile, self.settings))
        if item["source_type"] == SELF_BILLED_SOURCE:
            return self._compose_self_billed(store, item, profile)
        document = issued(store, item["source_type"], item["source_id"])
        if document is None:
            raise NotReady(f"{item['source_type']} {item['source_id']} is not issued")
        master = MasterData(store)
        customer = master.customer(str(document.get("customer_id") or ""))
        item_ids = {line.get("item_id") for line in document.get("lines") or [] if line.get("item_id")}
        classifications = {i: (found.classification if found else None) for i, found in master.items(item_ids).items()}
        original: Original | None = None
        adjusts = adjusted_by(item["source_type"], document)
        if adjusts is not None:
            adjusted = self.queue.get(einvoice_id(adjusts[1]))
            if adjusted is not None and adjusted["state"] not in (lc.CONSOLIDATE, lc.CONSOLIDATED):
                if adjusted["state"] != lc.VALID:
                    raise NotReady(f"the e-invoice it adjusts ({adjusted['code']}) is {adjusted['state']}")
                original = Original(str(adjusted["uuid"]), str(adjusted["code"]))
        return compose(
            item["source_type"],
            item["type_code"],
            document,
            supplier_party=supplier(profile, self.settings),
            customer=customer,
            classifications=classifications,
            original=original,
            issued_at=self.now,
        )

    def _compose_self_billed(self, store: Any, item: dict[str, Any], profile: dict[str, Any]) -> Any:
        from ledgerlet.einvoice.sources import compose_self_billed, supplier
        from ledgerlet.finance.contract import paid_out
        from ledgerlet.masterdata.contract import MasterData

        payment = paid_out(store, item["source_id"])
        if payment is None:
            raise NotReady(f"payment {item['source_id']} cannot be read")
        master = MasterData(store)
        seller = master.supplier(str(payment.get("supplier_id") or ""))
        tax_types = {t["tax_code_id"]: (master.tax_code(t["tax_code_id"]) or None) for t in payment.get("taxes") or []}
        original: Original | None = None
        if payment.get("reverses"):  # a credit note on the reversed payment's e-invoice, once it is valid
            reversed_einvoice = self.queue.get(einvoice_id(str(payment["reverses"])))
            if reversed_einvoice is None or reversed_einvoice["state"] != lc.VALID:
                state = reversed_einvoice["state"] if reversed_einvoice else "not issued"
                raise NotReady(f"the e-invoice of the payment it reverses is {state}")
            original = Original(str(reversed_einvoice["uuid"]), str(reversed_einvoice["code"]))
        return compose_self_billed(
            payment,
            seller=seller,
            company=supplier(profile, self.settings),
            tax_types={k: (v.tax_type if v else "") for k, v in tax_types.items()},
            issued_at=self.now,
            original=original,
        )

    def _compose_consolidated(self, store: Any, item: dict[str, Any], supplier_party: Any) -> Any:
        from ledgerlet.einvoice.consolidation import compose_consolidated
        from ledgerlet.einvoice.ubl import general_public_buyer

        documents = []
        for member_id in item.get("members") or []:
            member = self.queue.get(member_id, consistent=False)
            found = issued(store, member["source_type"], member["source_id"]) if member else None
            if found is None:
                raise NotReady(f"{member_id} of the consolidated e-invoice cannot be read")
            documents.append(found)
        return compose_consolidated(item, documents, supplier_party, general_public_buyer(), self.now)

    def _refuse(self, item: dict[str, Any], errors: list[dict[str, str]]) -> None:
        try:
            self.queue.move(item["id"], (lc.PENDING, lc.SENDING), lc.REFUSED, _iso(self.now), errors=errors)
            self.outcome.add("refused")
        except Changed:
            self.outcome.add("changed_meanwhile")

    def _accepted(self, item: dict[str, Any], submission_uid: str, uuid: str) -> None:
        try:
            self.queue.move(
                item["id"], lc.SENDING, lc.SUBMITTED, _iso(self.now), uuid=uuid, submission_uid=submission_uid
            )
            self.outcome.add("submitted")
        except Changed:
            self.outcome.add("changed_meanwhile")

    def _rejected(self, item: dict[str, Any], error: dict[str, Any]) -> None:
        errors = [
            {
                "field": str(detail.get("target") or detail.get("propertyPath") or error.get("target") or ""),
                "code": str(detail.get("code") or error.get("code") or ""),
                "message": str(detail.get("message") or error.get("message") or ""),
            }
            for detail in (error.get("details") or [error])
        ]
        try:
            self.queue.move(item["id"], lc.SENDING, lc.INVALID, _iso(self.now), errors=errors)
            self.outcome.add("rejected")
        except Changed:
            self.outcome.add("changed_meanwhile")

    def _recover(self, items: list[dict[str, Any]]) -> None:
        """Record the documents MyInvois already took under these numbers (a batch whose answer was lost),
        found among this issuer's documents of the days they were signed: one listing for all of them."""
        issued = [_parse_time(item.get("issued_at")) or self.now for item in items]
        taken: dict[str, dict[str, Any]] = {}
        page = 1
        while True:
            answer = self.connection.client.search(
                issueDateFrom=_iso(min(issued) - timedelta(days=1)),
                issueDateTo=_iso(self.now + timedelta(days=1)),
                pageNo=page,
                pageSize=100,
            )
            for found in answer.get("result") or []:
                if found.get("status") != "Invalid":
                    taken.setdefault(str(found.get("internalId")), found)
            if page >= int((answer.get("metadata") or {}).get("totalPages") or 1):
                break
            page += 1
        for item in items:
            found = taken.get(item["code"])
            if found is None:  # refused as a duplicate yet not among what it took: left to send again
                self.outcome.add("not_found")
                continue
            self.outcome.add("duplicate_recovered")
            if found.get("status") in ("Valid", "Invalid", "Cancelled"):
                self._decided(item, found, lc.SENDING)
            else:
                self._accepted(item, str(found.get("submissionUid") or found.get("submissionUID")), found["uuid"])


def _is_duplicate(error: dict[str, Any]) -> bool:
    codes = [str(error.get("code") or "")] + [str(d.get("code") or "") for d in error.get("details") or []]
    return any(code in DUPLICATE_CODES for code in codes)


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
