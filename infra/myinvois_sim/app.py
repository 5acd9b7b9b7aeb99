"""The MyInvois simulator: a threaded werkzeug WSGI server speaking LHDN's identity and e-invoice APIs.

Paths, payloads, status codes and rate limits follow the MyInvois SDK pages (sdk.myinvois.hasil.gov.my):
login, submit, get submission, get document / details, cancel / reject, recent, search, validate TIN,
plus a tiny public "portal" page behind each validation link. See README.md in this package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import html
import itertools
import json
import logging
import math
import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from simkit import Clock, HttpServer, SlidingWindows

from .store import Store
from .validation import (
    MAX_DOCUMENT_BYTES,
    MAX_DOCUMENTS,
    MAX_SUBMISSION_BYTES,
    SELF_BILLED,
    TYPE_NAMES,
    Context,
    read_facts,
    valid_tin_shape,
    validate,
)

log = logging.getLogger("myinvois_sim")

#: LHDN's published limits, requests per minute per client ID (SDK "Integration practices").
RATE_LIMITS: dict[str, int] = {
    "login": 12,
    "submit": 100,
    "submission": 300,
    "raw": 60,
    "details": 125,
    "cancel": 12,
    "reject": 12,
    "recent": 12,
    "search": 12,
    "validate_tin": 60,
}
SIM_SECRET = "sim-secret"
INTERMEDIARY_ID = "sim-intermediary"
INTERMEDIARY_TIN = "C99999999990"
UNREGISTERED_SEED = ("C00000000000", "IG00000000000")
STATE_WINDOW = timedelta(hours=72)
DUPLICATE_SUBMISSION_WINDOW = 600.0  # "identical submission ... within the past 10 minutes"
LISTING_WINDOW = timedelta(days=31)
ID_TYPES = ("NRIC", "PASSPORT", "BRN", "ARMY")
UID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_uid(length: int = 26) -> str:
    """A random id shaped like LHDN's (26 uppercase Latin alphanumerics)."""
    return "".join(secrets.choice(UID_ALPHABET) for _ in range(length))


def iso(stamp: float | None) -> str | None:
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ApiError(Exception):
    """An error answer in LHDN's standard shape ``{"error": {code, message, target, details}}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        target: str | None = None,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.target = status, code, message, target
        self.details, self.headers = details, dict(headers or {})

    def response(self) -> Response:
        body = {"error": {"code": self.code, "message": self.message, "target": self.target, "details": self.details}}
        resp = json_response(body, self.status)
        for key, value in self.headers.items():
            resp.headers[key] = value
        return resp


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


class RateLimiter:
    """Sliding-window limits per (client, endpoint); real (monotonic) time, unaffected by ``advance``."""

    def __init__(self, limits: Mapping[str, int], multiplier: float, window: float) -> None:
        self.limits = {k: max(1, math.floor(v * multiplier)) for k, v in limits.items()} if multiplier > 0 else {}
        self.window = window
        self._windows = SlidingWindows(window)

    def check(self, client_id: str, endpoint: str) -> None:
        limit = self.limits.get(endpoint)
        if limit is None:
            return
        wait = self._windows.admit((client_id, endpoint), limit)
        if wait is not None:
            raise ApiError(
                429,
                "TooManyRequests",
                f"Rate limit of {limit} requests per {self.window:g} s exceeded for {endpoint}",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )


@dataclass(frozen=True)
class Token:
    client_id: str
    tin: str
    expires: float
    intermediary_tin: str | None = None


URLS = Map(
    [
        Rule("/connect/token", endpoint="token", methods=["POST"]),
        Rule("/api/v1.0/documentsubmissions", endpoint="submit", methods=["POST"], strict_slashes=False),
        Rule("/api/v1.0/documentsubmissions/<uid>", endpoint="submission", methods=["GET"]),
        Rule("/api/v1.0/documents/recent", endpoint="recent", methods=["GET"]),
        Rule("/api/v1.0/documents/search", endpoint="search", methods=["GET"]),
        Rule("/api/v1.0/documents/<uuid>/raw", endpoint="raw", methods=["GET"]),
        Rule("/api/v1.0/documents/<uuid>/details", endpoint="details", methods=["GET"]),
        Rule("/api/v1.0/documents/state/<uuid>/state", endpoint="state", methods=["PUT"]),
        Rule("/api/v1.0/taxpayer/validate/<tin>", endpoint="validate_tin", methods=["GET"]),
        Rule("/portal", endpoint="portal_index", methods=["GET"], strict_slashes=False),
        Rule("/portal/<uuid>/share/<long_id>", endpoint="portal", methods=["GET"]),
    ]
)


class Simulator:
    """A running simulator (see :func:`start`). ``url`` serves both identity and API paths."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: Path | None = None,
        validation_delay: float = 0.2,
        rate_multiplier: float = 1.0,
        rate_window: float = 60.0,
        rate_limits: Mapping[str, int] | None = None,
        portal_base: str | None = None,
        token_ttl: int = 3600,
        clients: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        if data_dir is not None:
            data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(data_dir / "myinvois-sim.sqlite3" if data_dir else None)
        self.clock = Clock()
        self.validation_delay = validation_delay
        self.limiter = RateLimiter({**RATE_LIMITS, **(rate_limits or {})}, rate_multiplier, rate_window)
        self.token_ttl = token_ttl
        self.stats: Counter[str] = Counter()
        self._stats_lock = threading.Lock()
        self._tokens: dict[str, Token] = {}
        self._tokens_lock = threading.Lock()
        for tin in UNREGISTERED_SEED:
            self.store.register_unregistered_tin(tin)
        self.store.register_client(INTERMEDIARY_ID, SIM_SECRET, INTERMEDIARY_TIN, intermediary=True)
        for client_id, secret, tin in clients:
            self.register_client(client_id, secret, tin)
        self._queue: list[tuple[float, int, str]] = []
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._stopped = False
        self.after_submission: Callable[[str], None] | None = None
        """A test hook: called with the submission's uid once it is stored, before it is answered (a test
        kills the submitter there: MyInvois took the batch, the submitter never hears of it)."""
        self._server = HttpServer(self.wsgi, host, port, "myinvois-sim-http")
        self.url = self._server.url
        self.portal_base = (portal_base or f"{self.url}/portal").rstrip("/")
        self._validator = threading.Thread(target=self._validate_loop, name="myinvois-sim-validator", daemon=True)
        for uuid in self.store.pending_documents():
            self._enqueue(uuid, 0.0)

    # --- lifecycle and test hooks ----------------------------------------------------------------

    def start(self) -> Simulator:
        self._server.start()
        self._validator.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._server.stop()
        self._validator.join(timeout=5)
        self.store.close()

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def now(self) -> datetime:
        """The simulator's current time (wall clock plus :meth:`advance`)."""
        return datetime.fromtimestamp(self.clock.now(), UTC)

    def advance(self, seconds: float) -> None:
        """Move the simulator's clock forward (72-hour windows, token expiry)."""
        self.clock.advance(seconds)

    def register_client(self, client_id: str, client_secret: str, tin: str, *, intermediary: bool = False) -> None:
        self.store.register_client(client_id, client_secret, tin, intermediary=intermediary)

    def register_unregistered_tin(self, tin: str) -> None:
        self.store.register_unregistered_tin(tin)

    def is_registered(self, tin: str) -> bool:
        return valid_tin_shape(tin) and not self.store.is_unregistered(tin)

    def validation_link(self, uuid: str, long_id: str) -> str:
        return f"{self.portal_base}/{uuid}/share/{long_id}"

    def _count(self, key: str) -> None:
        with self._stats_lock:
            self.stats[key] += 1

    # --- background validation -------------------------------------------------------------------

    def _enqueue(self, uuid: str, delay: float) -> None:
        with self._cond:
            heapq.heappush(self._queue, (time.monotonic() + delay, next(self._seq), uuid))
            self._cond.notify_all()

    def _validate_loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._queue or self._queue[0][0] > time.monotonic()):
                    timeout = self._queue[0][0] - time.monotonic() if self._queue else None
                    self._cond.wait(timeout)
                if self._stopped:
                    return
                _, _, uuid = heapq.heappop(self._queue)
            try:
                self._validate_one(uuid)
            except Exception:  # keep the worker alive; the document stays Submitted
                log.exception("validation of %s failed", uuid)

    def _validate_one(self, uuid: str) -> None:
        row = self.store.document(uuid)
        if row is None or row["status"] != "Submitted":
            return
        ctx = Context(
            submitter_tin=row["issuer_tin"],
            received=datetime.fromtimestamp(row["received"], UTC),
            is_registered=self.is_registered,
        )
        results = validate(row["document"].encode("utf-8"), ctx)
        status = results["status"]
        long_id = new_uid(40) if status == "Valid" else None
        self.store.finish_validation(uuid, status, self.clock.now(), long_id, results)

    # --- WSGI -------------------------------------------------------------------------------------

    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        try:
            endpoint, args = URLS.bind_to_environ(environ).match()
            self._count(str(endpoint))
            response = getattr(self, f"_{endpoint}")(request, **args)
        except ApiError as err:
            self._count(f"status.{err.status}")
            response = err.response()
        except HTTPException as err:
            code = "NotFound" if err.code == 404 else "BadRequest" if (err.code or 500) < 500 else "InternalServerError"
            response = ApiError(err.code or 500, code, err.description or code).response()
        except Exception:
            log.exception("simulator error")
            response = ApiError(500, "InternalServerError", "Simulator error").response()
        response.headers.setdefault("correlationId", new_uid())
        return response(environ, start_response)

    def _auth(self, request: Request, endpoint: str) -> Token:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        with self._tokens_lock:
            token = self._tokens.get(value.strip()) if scheme.lower() == "bearer" else None
        if token is None or token.expires <= self.clock.now():
            raise ApiError(
                401,
                "Unauthorized",
                "Access token is missing, malformed or expired",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        self.limiter.check(token.client_id, endpoint)
        return token

    @staticmethod
    def _oauth_error(error: str, description: str) -> Response:
        return json_response({"error": error, "error_description": description}, 400)

    def _token(self, request: Request) -> Response:
        form = request.form
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        self.limiter.check(client_id or request.remote_addr or "-", "login")
        if form.get("grant_type") != "client_credentials":
            return self._oauth_error("unsupported_grant_type", "grant_type must be client_credentials")
        scope = form.get("scope") or "InvoicingAPI"
        if scope != "InvoicingAPI":
            return self._oauth_error("invalid_scope", "scope must be InvoicingAPI")
        registered = self.store.client(client_id) if client_id else None
        intermediary = False
        if registered is not None and secrets.compare_digest(registered["secret"], secret):
            tin, intermediary = registered["tin"], bool(registered["intermediary"])
        elif client_id.startswith("sim-") and valid_tin_shape(client_id[4:]) and secret == SIM_SECRET:
            tin = client_id[4:]
        else:
            return self._oauth_error("invalid_client", "Unknown client or wrong secret")
        on_behalf_of = request.headers.get("onbehalfof", "").strip()
        intermediary_tin = None
        if on_behalf_of and on_behalf_of != tin:
            if not intermediary:
                return self._oauth_error("unauthorized_client", "Only intermediary systems may act on behalf of others")
            if not valid_tin_shape(on_behalf_of):
                return self._oauth_error("invalid_request", "onbehalfof is not a valid TIN")
            intermediary_tin, tin = tin, on_behalf_of
        access = secrets.token_urlsafe(32)
        with self._tokens_lock:
            self._tokens[access] = Token(client_id, tin, self.clock.now() + self.token_ttl, intermediary_tin)
        self._count("logins")
        return json_response(
            {"access_token": access, "expires_in": self.token_ttl, "token_type": "Bearer", "scope": scope}
        )

    # --- submissions ------------------------------------------------------------------------------

    def _submit(self, request: Request) -> Response:
        token = self._auth(request, "submit")
        data = request.get_data(cache=False)
        if len(data) > MAX_SUBMISSION_BYTES:
            raise ApiError(
                400, "MaximumSizeExceeded", f"Submission exceeds {MAX_SUBMISSION_BYTES} bytes (5 MB)", "documents"
            )
        try:
            body = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ApiError(400, "BadStructure", "Submission body is not JSON") from None
        documents = body.get("documents") if isinstance(body, dict) else None
        if not isinstance(documents, list) or not documents or set(body) != {"documents"}:
            raise ApiError(400, "BadStructure", "Body must be a single non-empty 'documents' list", "documents")
        if len(documents) > MAX_DOCUMENTS:
            raise ApiError(
                400, "MaximumSizeExceeded", f"A submission holds at most {MAX_DOCUMENTS} documents", "documents"
            )
        keys = ("format", "document", "documentHash", "codeNumber")
        for index, doc in enumerate(documents):
            if not isinstance(doc, dict) or any(not isinstance(doc.get(k), str) for k in keys):
                raise ApiError(400, "BadStructure", f"documents[{index}] needs string {', '.join(keys)}", "documents")
        now = self.clock.now()
        payload_hash = hashlib.sha256(
            "\n".join(sorted(d["documentHash"].lower() for d in documents)).encode()
        ).hexdigest()
        previous = self.store.recent_submission(token.tin, payload_hash, now - DUPLICATE_SUBMISSION_WINDOW)
        if previous is not None:
            wait = max(1, math.ceil(previous["received"] + DUPLICATE_SUBMISSION_WINDOW - now))
            raise ApiError(
                422,
                "DuplicateSubmission",
                f"Identical submission {previous['uid']} was received in the past 10 minutes",
                headers={"Retry-After": str(wait)},
            )
        uid = new_uid()
        accepted: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        seen: dict[str, str] = {}
        for doc in documents:
            code_number = doc["codeNumber"]
            outcome = self._accept(doc, token, uid, now, seen)
            if "error" in outcome:
                rejected.append({"invoiceCodeNumber": code_number, "error": outcome["error"]})
                continue
            outcome["position"] = len(rows)
            rows.append(outcome)
            seen[code_number] = outcome["uuid"]
            accepted.append({"uuid": outcome["uuid"], "invoiceCodeNumber": code_number})
        if rows:
            submission = {
                "uid": uid,
                "issuer_tin": token.tin,
                "client_id": token.client_id,
                "received": now,
                "payload_hash": payload_hash,
                "document_count": len(rows),
            }
            self.store.add_submission(submission, rows)
            for row in rows:
                self._enqueue(row["uuid"], self.validation_delay)
            if self.after_submission is not None:
                self.after_submission(uid)
        body = {"submissionUid": uid if rows else None, "acceptedDocuments": accepted, "rejectedDocuments": rejected}
        return json_response(body, 202)

    def _accept(self, doc: dict[str, str], token: Token, uid: str, now: float, seen: dict[str, str]) -> dict[str, Any]:
        """The stored row of an acceptable document, or ``{"error": ...}`` (submit-time checks)."""
        code_number = doc["codeNumber"]

        def error(code: str, message: str, target: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
            return {
                "error": {
                    "code": code,
                    "message": message,
                    "target": target,
                    "propertyPath": target,
                    "details": details,
                }
            }

        if doc["format"].upper() != "JSON":
            return error("BadArgument", "The simulator accepts JSON documents only", "format")
        try:
            raw = base64.b64decode(doc["document"], validate=True)
        except (binascii.Error, ValueError):
            return error("BadArgument", "document is not valid base64", "document")
        if len(raw) > MAX_DOCUMENT_BYTES:
            return error("MaximumSizeExceeded", f"Document exceeds {MAX_DOCUMENT_BYTES} bytes (300 KB)", "document")
        if hashlib.sha256(raw).hexdigest() != doc["documentHash"].lower():
            return error("BadArgument", "documentHash doesn't match the SHA-256 of the document", "documentHash")
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            detail = {"code": "DS300", "message": "Failed to parse input document.", "target": "document"}
            return error("BadStructure", "Failed to parse input document.", "document", [detail])
        facts = read_facts(parsed)
        if facts.internal_id != code_number:
            return error("BadArgument", f"codeNumber {code_number!r} doesn't match the document ID", "codeNumber")
        existing = seen.get(code_number)
        if existing is None:
            live = self.store.live_document_with_code(token.tin, code_number)
            existing = live["uuid"] if live is not None else None
        if existing:
            message = (
                f"Duplicated submitted document {code_number} where the values of configured attributes match "
                f"with values for the document with UUID: {existing}"
            )
            detail = {"code": "DS302", "message": message, "target": "document", "propertyPath": "document"}
            return error("Error03", "Duplicated Submission Validator", code_number, [detail])
        self_billed = facts.type_code in SELF_BILLED
        issuer_name = facts.buyer_name if self_billed else facts.supplier_name
        receiver = (
            (facts.supplier_tin, facts.supplier_name, facts.supplier_id, facts.supplier_id_type)
            if self_billed
            else (facts.buyer_tin, facts.buyer_name, facts.buyer_id, facts.buyer_id_type)
        )
        issuer_ids = (
            (facts.buyer_id, facts.buyer_id_type) if self_billed else (facts.supplier_id, facts.supplier_id_type)
        )
        created_by = (
            token.client_id if token.intermediary_tin is None else f"{token.intermediary_tin}:{token.client_id}"
        )
        return {
            "uuid": new_uid(),
            "submission_uid": uid,
            "code_number": code_number,
            "issuer_tin": token.tin,
            "issuer_name": issuer_name,
            "receiver_tin": receiver[0],
            "receiver_name": receiver[1],
            "receiver_id": receiver[2],
            "receiver_id_type": receiver[3],
            "issuer_id": issuer_ids[0],
            "issuer_id_type": issuer_ids[1],
            "type_code": facts.type_code,
            "type_version": facts.type_version,
            "issued": facts.issued.timestamp() if facts.issued else None,
            "received": now,
            "status": "Submitted",
            "totals": facts.totals,
            "created_by": created_by,
            "document": raw.decode("utf-8"),
            "document_hash": doc["documentHash"].lower(),
        }

    def _summary(self, row: Any) -> dict[str, Any]:
        totals = json.loads(row["totals"])
        valid = row["status"] in ("Valid", "Cancelled") and row["long_id"]
        return {
            "uuid": row["uuid"],
            "submissionUid": row["submission_uid"],
            "longId": row["long_id"] if valid else None,
            "internalId": row["code_number"],
            "typeName": TYPE_NAMES.get(row["type_code"], row["type_code"]).lower(),
            "typeVersionName": row["type_version"],
            "issuerTin": row["issuer_tin"],
            "issuerName": row["issuer_name"],
            "receiverId": row["receiver_id"] or None,
            "receiverName": row["receiver_name"] or None,
            "dateTimeIssued": iso(row["issued"]),
            "dateTimeReceived": iso(row["received"]),
            "dateTimeValidated": iso(row["validated"]) if row["status"] != "Invalid" else None,
            "totalExcludingTax": totals.get("totalExcludingTax", 0),
            "totalDiscount": totals.get("totalDiscount", 0),
            "totalNetAmount": totals.get("totalNetAmount", 0),
            "totalPayableAmount": totals.get("totalPayableAmount", 0),
            "status": row["status"],
            "cancelDateTime": iso(row["cancelled"]),
            "rejectRequestDateTime": iso(row["reject_requested"]),
            "documentStatusReason": row["status_reason"],
            "createdByUserId": row["created_by"],
        }

    def _submission(self, request: Request, uid: str) -> Response:
        token = self._auth(request, "submission")
        submission = self.store.submission(uid)
        if submission is None or submission["issuer_tin"] != token.tin:
            raise ApiError(404, "NotFound", f"Submission {uid} not found", "submissionUid")
        page_no, page_size = self._paging(request, default_size=100)
        rows = self.store.submission_documents(uid)
        statuses = {r["status"] for r in rows}
        if "Submitted" in statuses:
            overall = "InProgress"
        elif statuses <= {"Valid", "Cancelled"}:
            overall = "Valid"
        elif statuses == {"Invalid"}:
            overall = "Invalid"
        else:
            overall = "PartiallyValid"
        page = rows[(page_no - 1) * page_size : page_no * page_size]
        return json_response(
            {
                "submissionUid": uid,
                "documentCount": len(rows),
                "dateTimeReceived": iso(submission["received"]),
                "overallStatus": overall,
                "documentSummary": [self._summary(r) for r in page],
            }
        )

    @staticmethod
    def _paging(request: Request, default_size: int) -> tuple[int, int]:
        args = {k.lower(): v for k, v in request.args.items()}
        try:
            page_no = int(args.get("pageno") or 1)
            page_size = int(args.get("pagesize") or default_size)
        except ValueError:
            raise ApiError(400, "BadArgument", "pageNo and pageSize must be integers", "pageNo") from None
        if page_no < 1:
            raise ApiError(400, "BadArgument", "pageNo must be 1 or more", "pageNo")
        if not 1 <= page_size <= 100:
            raise ApiError(400, "BadArgument", "pageSize must be between 1 and 100", "pageSize")
        return page_no, page_size

    # --- documents --------------------------------------------------------------------------------

    def _visible(self, token: Token, uuid: str) -> Any:
        row = self.store.document(uuid)
        if row is not None and (
            row["issuer_tin"] == token.tin
            or (row["receiver_tin"] == token.tin and row["status"] in ("Valid", "Cancelled"))
        ):
            return row
        raise ApiError(404, "NotFound", f"Document {uuid} not found", "uuid")

    def _document_body(self, row: Any) -> dict[str, Any]:
        body = self._summary(row)
        if body["longId"]:
            body["validationLink"] = self.validation_link(row["uuid"], body["longId"])
        return body

    def _raw(self, request: Request, uuid: str) -> Response:
        row = self._visible(self._auth(request, "raw"), uuid)
        body = self._document_body(row)
        body["document"] = row["document"] if row["status"] != "Invalid" else None
        return json_response(body)

    def _details(self, request: Request, uuid: str) -> Response:
        row = self._visible(self._auth(request, "details"), uuid)
        body = self._document_body(row)
        pending = {"status": "Submitted", "validationSteps": []}
        body["validationResults"] = json.loads(row["validation"]) if row["validation"] else pending
        return json_response(body)

    def _state(self, request: Request, uuid: str) -> Response:
        body = request.get_json(silent=True) or {}
        wanted = str(body.get("status", "")).lower() if isinstance(body, dict) else ""
        if wanted not in ("cancelled", "rejected"):
            raise ApiError(400, "BadArgument", "status must be 'cancelled' or 'rejected'", "status")
        token = self._auth(request, "cancel" if wanted == "cancelled" else "reject")
        reason = str(body.get("reason") or "").strip()
        if not reason or len(reason) > 300:
            raise ApiError(400, "BadArgument", "reason is mandatory (at most 300 characters)", "reason")
        row = self._visible(token, uuid)
        now = self.clock.now()
        if wanted == "cancelled":
            if row["issuer_tin"] != token.tin:
                raise ApiError(403, "Forbidden", "Only the issuer may cancel a document", "uuid")
            self._check_state(row, now, "cancel")
            self.store.set_state(uuid, status="Cancelled", cancelled=now, status_reason=reason)
            return json_response({"uuid": uuid, "status": "Cancelled"})
        if row["receiver_tin"] != token.tin:
            raise ApiError(403, "Forbidden", "Only the receiver may reject a document", "uuid")
        self._check_state(row, now, "reject")
        if row["reject_requested"] is not None:
            raise ApiError(400, "IncorrectState", "Rejection was already requested for this document", "status")
        self.store.set_state(uuid, reject_requested=now, status_reason=reason)
        return json_response({"uuid": uuid, "status": "Requested for Rejection"})

    @staticmethod
    def _check_state(row: Any, now: float, action: str) -> None:
        if row["status"] != "Valid":
            raise ApiError(400, "IncorrectState", f"Cannot {action} a document in status {row['status']}", "status")
        if now - row["validated"] > STATE_WINDOW.total_seconds():
            raise ApiError(
                400, "OperationPeriodOver", f"The time limit to {action} this document (72 hours) has passed", "uuid"
            )

    # --- listings ---------------------------------------------------------------------------------

    @staticmethod
    def _date(args: Mapping[str, str], key: str) -> float | None:
        value = args.get(key.lower())
        if not value:
            return None
        try:
            stamp = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            raise ApiError(400, "BadArgument", f"{key} must be an ISO 8601 UTC date time", key) from None
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).timestamp()

    def _range(self, args: Mapping[str, str], prefix: str) -> tuple[float, float] | None:
        start, end = self._date(args, f"{prefix}DateFrom"), self._date(args, f"{prefix}DateTo")
        if start is None and end is None:
            return None
        if start is None or end is None:
            raise ApiError(400, "BadArgument", f"{prefix}DateFrom and {prefix}DateTo go together", f"{prefix}DateFrom")
        if end < start:
            raise ApiError(
                400, "BadArgument", f"{prefix}DateFrom must not be after {prefix}DateTo", f"{prefix}DateFrom"
            )
        if end - start > LISTING_WINDOW.total_seconds():
            raise ApiError(400, "BadArgument", f"{prefix} date range may span at most 31 days", f"{prefix}DateTo")
        return start, end

    def _listing(self, request: Request, endpoint: str) -> Response:
        token = self._auth(request, endpoint)
        args = {k.lower(): v for k, v in request.args.items()}
        page_no, page_size = self._paging(request, default_size=100)
        submitted, issued = self._range(args, "submission"), self._range(args, "issue")
        if endpoint == "search" and submitted is None and issued is None:
            raise ApiError(
                400, "BadArgument", "Either submissionDate or issueDate from/to filters are mandatory", "issueDateFrom"
            )
        if endpoint == "recent" and submitted is None and issued is None:
            submitted = (self.clock.now() - LISTING_WINDOW.total_seconds(), self.clock.now())
        direction = (args.get("invoicedirection") or "").lower()
        if direction not in ("", "sent", "received"):
            raise ApiError(400, "BadArgument", "invoiceDirection must be Sent or Received", "invoiceDirection")
        status = (args.get("status") or "").lower()
        query = (args.get("searchquery") or "").lower()
        filters = {
            "uuid": args.get("uuid"),
            "type_code": args.get("documenttype"),
            "receiver_tin": args.get("receivertin"),
            "issuer_tin": args.get("issuertin"),
            "receiver_id": args.get("receiverid"),
            "issuer_id": args.get("issuerid"),
            "receiver_id_type": args.get("receiveridtype"),
            "issuer_id_type": args.get("issueridtype"),
        }
        found = []
        for row in self.store.documents_touching(token.tin):
            sent = row["issuer_tin"] == token.tin
            if not sent and row["status"] not in ("Valid", "Cancelled"):
                continue
            if (direction == "sent" and not sent) or (direction == "received" and sent):
                continue
            if status and row["status"].lower() != status:
                continue
            if any(value and str(row[column]) != value for column, value in filters.items()):
                continue
            if submitted and not submitted[0] <= row["received"] <= submitted[1]:
                continue
            if issued and not (row["issued"] is not None and issued[0] <= row["issued"] <= issued[1]):
                continue
            item = self._listing_item(row)
            if query and not any(
                query in str(item.get(k) or "").lower()
                for k in ("uuid", "buyerTIN", "supplierTIN", "buyerName", "supplierName", "internalId", "total")
            ):
                continue
            found.append(item)
        found = found[:10_000]
        page = found[(page_no - 1) * page_size : page_no * page_size]
        metadata = {
            "totalPages": math.ceil(len(found) / page_size),
            "totalCount": len(found),
            "pageNo": page_no,
            "pageSize": page_size,
        }
        return json_response({"result": page, "metadata": metadata})

    def _listing_item(self, row: Any) -> dict[str, Any]:
        item = self._summary(row)
        self_billed = row["type_code"] in SELF_BILLED
        supplier = (
            (row["receiver_tin"], row["receiver_name"]) if self_billed else (row["issuer_tin"], row["issuer_name"])
        )
        buyer = (row["issuer_tin"], row["issuer_name"]) if self_billed else (row["receiver_tin"], row["receiver_name"])
        created_by = str(row["created_by"])
        item.update(
            {
                "submissionUID": row["submission_uid"],
                "totalSales": item["totalExcludingTax"],
                "netAmount": item["totalNetAmount"],
                "total": item["totalPayableAmount"],
                "supplierTin": supplier[0],
                "supplierTIN": supplier[0],
                "supplierName": supplier[1],
                "buyerTin": buyer[0],
                "buyerTIN": buyer[0],
                "buyerName": buyer[1],
                "submissionChannel": "ERP",
                "intermediaryTin": created_by.split(":", 1)[0] if ":" in created_by else None,
                "intermediaryName": None,
                "intermediaryRob": None,
            }
        )
        return item

    def _recent(self, request: Request) -> Response:
        return self._listing(request, "recent")

    def _search(self, request: Request) -> Response:
        return self._listing(request, "search")

    def _validate_tin(self, request: Request, tin: str) -> Response:
        self._auth(request, "validate_tin")
        id_type, id_value = request.args.get("idType", "").upper(), request.args.get("idValue", "").strip()
        if id_type not in ID_TYPES:
            raise ApiError(400, "BadArgument", f"idType must be one of {', '.join(ID_TYPES)}", "idType")
        if not id_value:
            raise ApiError(400, "BadArgument", "idValue is mandatory", "idValue")
        if not valid_tin_shape(tin):
            raise ApiError(400, "BadArgument", "tin is not a valid TIN", "tin")
        if not self.is_registered(tin):
            raise ApiError(404, "NotFound", "TIN and ID combination cannot be found", "tin")
        return Response(status=200)

    # --- portal -----------------------------------------------------------------------------------

    def _portal_index(self, request: Request) -> Response:
        return Response(
            "<!doctype html><title>MyInvois simulator</title><p>MyInvois simulator portal", mimetype="text/html"
        )

    def _portal(self, request: Request, uuid: str, long_id: str) -> Response:
        row = self.store.document(uuid)
        if row is None or not row["long_id"] or not secrets.compare_digest(row["long_id"], long_id):
            return Response("<!doctype html><title>Not found</title><p>Document not found", 404, mimetype="text/html")
        summary = self._summary(row)
        fields = [
            ("UUID", uuid),
            ("Internal ID", summary["internalId"]),
            ("Type", summary["typeName"]),
            ("Issuer TIN", summary["issuerTin"]),
            ("Issuer", summary["issuerName"]),
            ("Receiver", summary["receiverName"]),
            ("Issued", summary["dateTimeIssued"]),
            ("Validated", summary["dateTimeValidated"]),
            ("Total payable", summary["totalPayableAmount"]),
            ("Status", summary["status"]),
        ]
        rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v or ''))}</td></tr>" for k, v in fields)
        page = (
            "<!doctype html><meta charset=utf-8><title>e-Invoice validation (simulator)</title>"
            f"<h1>e-Invoice {html.escape(summary['status'])}</h1><table>{rows}</table>"
            "<p><small>MyInvois simulator - not an LHDN service</small>"
        )
        return Response(page, mimetype="text/html")


def _env_clients() -> list[tuple[str, str, str]]:
    """``MYINVOIS_SIM_CLIENTS="id:secret:TIN,id2:secret2:TIN2"``."""
    out = []
    for item in os.environ.get("MYINVOIS_SIM_CLIENTS", "").split(","):
        parts = item.strip().split(":")
        if len(parts) == 3 and all(parts):
            out.append((parts[0], parts[1], parts[2]))
    return out


def start(port: int = 0, data_dir: Path | None = None, **options: Any) -> Simulator:
    """Start a simulator on ``127.0.0.1:port`` (0 = any free port) in daemon threads.

    ``data_dir`` keeps state in SQLite across restarts (``None``: in memory). Options: ``validation_delay``,
    ``rate_multiplier`` (0 disables limits), ``rate_window``, ``rate_limits``, ``portal_base``,
    ``token_ttl``, ``clients`` [(client_id, secret, TIN)], ``host``. Clients from ``MYINVOIS_SIM_CLIENTS``
    are registered too.
    """
    clients = [*_env_clients(), *options.pop("clients", ())]
    return Simulator(port=port, data_dir=data_dir, clients=clients, **options).start()
