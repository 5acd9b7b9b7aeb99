"""MyInvois (LHDN e-invoice) API client: login, submit, poll, fetch, cancel / reject, list, validate TIN.

Built for Lambda: ``urllib3`` is imported on first use, the login token and TIN answers are cached per
process (module level, thread-safe), and every call stays inside LHDN's published per-client rate limits
(a client-side sliding window) before retrying 429 / 5xx / connection failures with backoff and jitter.

The client secret is never logged nor put in an error message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import random
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from ledgerlet import outbound
from ledgerlet.outbound import SlidingWindow

if TYPE_CHECKING:
    import urllib3

log = logging.getLogger(__name__)

MAX_DOCUMENTS = 100
MAX_SUBMISSION_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 300 * 1024
TOO_LARGE = "einvoice.document_too_large"
TOKEN_MARGIN = 60.0
TIN_CACHE_SECONDS = 3600.0

#: LHDN's recommended limits, requests per minute per client ID (SDK "Integration practices").
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


# --- errors -----------------------------------------------------------------------------------------


class MyInvoisError(Exception):
    """An error answer (or no answer: ``status`` 0) from MyInvois."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(f"MyInvois {status} {code}: {message}")
        self.status, self.code, self.message, self.details = status, code, message, details


class MyInvoisAuthError(MyInvoisError):
    """Login refused (bad client credentials) or a token still refused after a fresh login."""


class MyInvoisRateLimited(MyInvoisError):
    """Still 429 after the retries; ``retry_after`` is MyInvois's last hint in seconds."""

    def __init__(self, status: int, code: str, message: str, details: Any = None, retry_after: float = 0.0) -> None:
        super().__init__(status, code, message, details)
        self.retry_after = retry_after


class MyInvoisBadRequest(MyInvoisError):
    """A 400 / 422 answer: the request must change before it is sent again."""


# --- batches ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submittable:
    """One document to submit: its internal number (``codeNumber`` = the document's ``ID``) and JSON bytes."""

    code_number: str
    body: bytes


@dataclass(frozen=True)
class SubmissionAnswer:
    """The synchronous answer of Submit Documents (validation follows; see :meth:`MyInvoisClient.submission`)."""

    uid: str | None
    accepted: list[tuple[str, str]] = field(default_factory=list)  # (code_number, uuid)
    rejected: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (code_number, error)


_ENVELOPE = len(b'{"documents":[]}')


def _entry(doc: Submittable) -> dict[str, str]:
    return {
        "format": "JSON",
        "document": base64.b64encode(doc.body).decode("ascii"),
        "documentHash": hashlib.sha256(doc.body).hexdigest(),
        "codeNumber": doc.code_number,
    }


def _entry_size(doc: Submittable) -> int:
    """Bytes the document adds to the submission body (base64 JSON, compact), without computing base64."""
    skeleton = {"format": "JSON", "document": "", "documentHash": "0" * 64, "codeNumber": doc.code_number}
    return len(_dumps(skeleton)) + 4 * math.ceil(len(doc.body) / 3)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def plan_batches(
    documents: Sequence[Submittable],
) -> tuple[list[list[Submittable]], list[tuple[Submittable, str]]]:
    """Split ``documents`` in order into submissions of ≤100 documents and ≤5 MB of request body.

    Documents over 300 KB can never be submitted; they come back as ``(document, "einvoice.document_too_large")``.
    """
    batches: list[list[Submittable]] = []
    refused: list[tuple[Submittable, str]] = []
    current: list[Submittable] = []
    size = _ENVELOPE
    for doc in documents:
        if len(doc.body) > MAX_DOCUMENT_BYTES:
            refused.append((doc, TOO_LARGE))
            continue
        added = _entry_size(doc) + (1 if current else 0)
        if current and (len(current) >= MAX_DOCUMENTS or size + added > MAX_SUBMISSION_BYTES):
            batches.append(current)
            current, size = [], _ENVELOPE
            added -= 1
        current.append(doc)
        size += added
    if current:
        batches.append(current)
    return batches, refused


# --- process-wide state: HTTP pool, tokens, limiter, TIN answers ----------------------------------------

_TOKENS: dict[tuple[str, str, str | None], tuple[str, float, str]] = {}  # token, expiry, secret fingerprint
_TOKENS_LOCK = threading.Lock()
_TINS: dict[tuple[str, str, str, str], tuple[bool, float]] = {}
_TINS_LOCK = threading.Lock()


_LIMITER = SlidingWindow()
"""Client-side sliding windows (per base URL, client ID and endpoint) shared by the whole process."""


def clear_caches() -> None:
    """Forget cached tokens and TIN answers (tests; credential rotation)."""
    with _TOKENS_LOCK:
        _TOKENS.clear()
    with _TINS_LOCK:
        _TINS.clear()


def _filter_value(value: Any) -> str:
    if isinstance(value, datetime):
        stamp = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- the client ---------------------------------------------------------------------------------------


class MyInvoisClient:
    """One ERP system's (or intermediary's, with ``on_behalf_of``) connection to MyInvois.

    ``api_url`` e.g. ``https://preprod-api.myinvois.hasil.gov.my``; ``identity_url`` the identity service
    (``https://preprod-identity.hasil.gov.my`` for intermediaries, often the API host for taxpayers).
    """

    def __init__(
        self,
        api_url: str,
        identity_url: str,
        client_id: str,
        client_secret: str,
        on_behalf_of: str | None = None,
        *,
        timeout: float = 30.0,
        max_attempts: int = 5,
        rate_limits: Mapping[str, int] | None = None,
        rate_window: float = 60.0,
        backoff: float = 0.5,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.identity_url = identity_url.rstrip("/")
        self.client_id = client_id
        self._secret = client_secret
        self.on_behalf_of = on_behalf_of or None
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.rate_limits = {**RATE_LIMITS, **(rate_limits or {})}
        self.rate_window = rate_window
        self.backoff = backoff

    def __repr__(self) -> str:
        return f"MyInvoisClient({self.api_url!r}, client_id={self.client_id!r}, on_behalf_of={self.on_behalf_of!r})"

    # --- transport ------------------------------------------------------------------------------------

    @property
    def _token_key(self) -> tuple[str, str, str | None]:
        return (self.identity_url, self.client_id, self.on_behalf_of)

    def _pace(self, base: str, endpoint: str) -> None:
        limit = self.rate_limits.get(endpoint)
        if limit:
            _LIMITER.acquire(
                (base, self.client_id, endpoint),
                limit,
                self.rate_window,
                lambda wait: log.info(
                    "myinvois: pacing %s for %.1f s to stay within %d per %.0f s",
                    endpoint,
                    wait,
                    limit,
                    self.rate_window,
                ),
            )

    def _sleep_backoff(self, attempt: int, hint: float | None = None) -> None:
        delay = random.uniform(0, min(30.0, self.backoff * 2 ** (attempt - 1)))
        if hint is not None:
            delay = hint + random.uniform(0, 0.25)
        time.sleep(delay)

    def _send(
        self, method: str, url: str, endpoint: str, *, base: str, headers: dict[str, str], body: bytes | None
    ) -> urllib3.BaseHTTPResponse:
        """One HTTP exchange with pacing and retries on 429 / 5xx / connection errors."""
        import urllib3

        last: MyInvoisError | None = None
        for attempt in range(1, self.max_attempts + 1):
            self._pace(base, endpoint)
            try:
                response = outbound.pool().request(
                    method,
                    url,
                    body=body,
                    headers=headers,
                    timeout=urllib3.Timeout(connect=min(10.0, self.timeout), read=self.timeout),
                    redirect=False,
                )
            except urllib3.exceptions.HTTPError as exc:
                last = MyInvoisError(0, "ConnectionError", f"{method} {endpoint}: {type(exc).__name__}")
                log.warning("myinvois: %s %s failed (%s), attempt %d", method, endpoint, type(exc).__name__, attempt)
                if attempt < self.max_attempts:
                    self._sleep_backoff(attempt)
                continue
            if response.status == 429:
                hint = outbound.retry_after(response.headers.get("Retry-After"))
                error = _error(response)
                last = MyInvoisRateLimited(429, error.code, error.message, error.details, hint or 0.0)
                log.warning("myinvois: %s throttled, retry after %s s (attempt %d)", endpoint, hint, attempt)
                if attempt < self.max_attempts:
                    self._sleep_backoff(attempt, hint)
                continue
            if response.status >= 500:
                last = _error(response)
                log.warning("myinvois: %s answered %d (attempt %d)", endpoint, response.status, attempt)
                if attempt < self.max_attempts:
                    self._sleep_backoff(attempt, outbound.retry_after(response.headers.get("Retry-After")))
                continue
            return response
        assert last is not None
        raise last

    def _login(self) -> str:
        """A cached token for this (identity URL, client, on-behalf-of), fetched when missing or near expiry."""
        key = self._token_key
        with _TOKENS_LOCK:
            cached = _TOKENS.get(key)
            fingerprint = hashlib.sha256(self._secret.encode("utf-8")).hexdigest()
            if cached and cached[2] == fingerprint and cached[1] - TOKEN_MARGIN > time.monotonic():
                return cached[0]
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
            if self.on_behalf_of:
                headers["onbehalfof"] = self.on_behalf_of
            form = urlencode(
                {
                    "client_id": self.client_id,
                    "client_secret": self._secret,
                    "grant_type": "client_credentials",
                    "scope": "InvoicingAPI",
                }
            ).encode("ascii")
            url = f"{self.identity_url}/connect/token"
            response = self._send("POST", url, "login", base=self.identity_url, headers=headers, body=form)
            if response.status != 200:
                error = _error(response)
                raise MyInvoisAuthError(response.status, error.code, error.message, error.details)
            answer = json.loads(response.data)
            token = str(answer["access_token"])
            _TOKENS[key] = (token, time.monotonic() + float(answer.get("expires_in", 3600)), fingerprint)
            log.info(
                "myinvois: logged in as %s%s", self.client_id, f" for {self.on_behalf_of}" if self.on_behalf_of else ""
            )
            return token

    def _forget_token(self, token: str) -> None:
        with _TOKENS_LOCK:
            cached = _TOKENS.get(self._token_key)
            if cached is not None and cached[0] == token:
                del _TOKENS[self._token_key]

    def _call(
        self,
        method: str,
        path: str,
        endpoint: str,
        *,
        query: Mapping[str, Any] | None = None,
        payload: Any = None,
        ok: Sequence[int] = (200,),
    ) -> urllib3.BaseHTTPResponse:
        """An authenticated API call; one fresh login when the token is refused (401)."""
        url = f"{self.api_url}{path}"
        if query:
            pairs = {k: _filter_value(v) for k, v in query.items() if v is not None}
            url = f"{url}?{urlencode(pairs)}" if pairs else url
        body = _dumps(payload) if payload is not None else None
        for fresh in (False, True):
            token = self._login()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json", "Accept-Language": "en"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            response = self._send(method, url, endpoint, base=self.api_url, headers=headers, body=body)
            if response.status == 401 and not fresh:
                log.info("myinvois: token refused on %s, logging in again", endpoint)
                self._forget_token(token)
                continue
            if response.status in ok:
                return response
            error = _error(response)
            if response.status == 401:
                raise MyInvoisAuthError(401, error.code, error.message, error.details)
            if response.status in (400, 422):
                raise MyInvoisBadRequest(response.status, error.code, error.message, error.details)
            raise error
        raise AssertionError("unreachable")

    def _json(self, method: str, path: str, endpoint: str, **kwargs: Any) -> dict[str, Any]:
        response = self._call(method, path, endpoint, **kwargs)
        answer: dict[str, Any] = json.loads(response.data) if response.data else {}
        return answer

    # --- e-invoice API ------------------------------------------------------------------------------------

    def submit(self, batch: Sequence[Submittable]) -> SubmissionAnswer:
        """Submit Documents (one batch from :func:`plan_batches`); ``DuplicateSubmission`` raises a 422."""
        if not batch or len(batch) > MAX_DOCUMENTS:
            raise ValueError(f"a batch holds 1 to {MAX_DOCUMENTS} documents; use plan_batches()")
        payload = {"documents": [_entry(doc) for doc in batch]}
        answer = self._json("POST", "/api/v1.0/documentsubmissions/", "submit", payload=payload, ok=(200, 202))
        return SubmissionAnswer(
            uid=answer.get("submissionUid") or answer.get("submissionUID"),
            accepted=[(a["invoiceCodeNumber"], a["uuid"]) for a in answer.get("acceptedDocuments") or []],
            rejected=[(r["invoiceCodeNumber"], r.get("error") or {}) for r in answer.get("rejectedDocuments") or []],
        )

    def submission(self, uid: str) -> dict[str, Any]:
        """Get Submission with every page of ``documentSummary`` merged."""
        path = f"/api/v1.0/documentsubmissions/{quote(uid, safe='')}"
        answer = self._json("GET", path, "submission", query={"pageNo": 1, "pageSize": 100})
        summary = list(answer.get("documentSummary") or [])
        page = 1
        while len(summary) < int(answer.get("documentCount") or 0):
            page += 1
            more = self._json("GET", path, "submission", query={"pageNo": page, "pageSize": 100})
            if not more.get("documentSummary"):
                break
            summary += more["documentSummary"]
        answer["documentSummary"] = summary
        return answer

    def wait_for_submission(self, uid: str, *, timeout: float = 120.0, interval: float = 3.0) -> dict[str, Any]:
        """Poll :meth:`submission` until it is no longer ``InProgress`` (LHDN asks for 3-5 s between polls)."""
        deadline = time.monotonic() + timeout
        while True:
            answer = self.submission(uid)
            if answer.get("overallStatus") not in ("InProgress", "in progress") or time.monotonic() >= deadline:
                return answer
            time.sleep(interval)

    def document_raw(self, uuid: str) -> dict[str, Any]:
        """Get Document: metadata plus the submitted ``document`` string."""
        return self._json("GET", f"/api/v1.0/documents/{quote(uuid, safe='')}/raw", "raw")

    def document_details(self, uuid: str) -> dict[str, Any]:
        """Get Document Details: metadata plus ``validationResults``."""
        return self._json("GET", f"/api/v1.0/documents/{quote(uuid, safe='')}/details", "details")

    def _state(self, uuid: str, status: str, reason: str, endpoint: str) -> dict[str, Any]:
        path = f"/api/v1.0/documents/state/{quote(uuid, safe='')}/state"
        return self._json("PUT", path, endpoint, payload={"status": status, "reason": reason})

    def cancel(self, uuid: str, reason: str) -> dict[str, Any]:
        """Cancel a document this taxpayer issued (within 72 hours of validation)."""
        return self._state(uuid, "cancelled", reason, "cancel")

    def reject(self, uuid: str, reason: str) -> dict[str, Any]:
        """Request rejection of a document this taxpayer received (within 72 hours of validation)."""
        return self._state(uuid, "rejected", reason, "reject")

    def recent(self, **filters: Any) -> dict[str, Any]:
        """Get Recent Documents (``pageNo``, ``pageSize``, ``InvoiceDirection``, ``status``, date ranges, …)."""
        return self._json("GET", "/api/v1.0/documents/recent", "recent", query=filters)

    def search(self, **filters: Any) -> dict[str, Any]:
        """Search Documents; needs ``submissionDateFrom/To`` or ``issueDateFrom/To`` (≤31 days)."""
        return self._json("GET", "/api/v1.0/documents/search", "search", query=filters)

    def validate_tin(self, tin: str, id_type: str, id_value: str) -> bool:
        """Validate Taxpayer's TIN; both answers are cached for an hour per process."""
        key = (self.api_url, tin, id_type.upper(), id_value)
        with _TINS_LOCK:
            cached = _TINS.get(key)
            if cached and cached[1] > time.monotonic():
                return cached[0]
        path = f"/api/v1.0/taxpayer/validate/{quote(tin, safe='')}"
        try:
            self._call("GET", path, "validate_tin", query={"idType": id_type.upper(), "idValue": id_value})
            valid = True
        except MyInvoisError as exc:
            if exc.status != 404:
                raise
            valid = False
        with _TINS_LOCK:
            _TINS[key] = (valid, time.monotonic() + TIN_CACHE_SECONDS)
        return valid


def _error(response: urllib3.BaseHTTPResponse) -> MyInvoisError:
    """The error an answer carries: LHDN's ``{"error": {...}}`` or OAuth's ``{"error": "..."}``."""
    code, message, details = f"HTTP{response.status}", f"HTTP {response.status}", None
    try:
        body = json.loads(response.data) if response.data else {}
    except (ValueError, UnicodeDecodeError):
        body = {}
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            code = str(error.get("code") or error.get("errorCode") or code)
            message = str(error.get("message") or error.get("error") or message)
            details = error.get("details") or error.get("innerError")
        elif isinstance(error, str):
            code, message = error, str(body.get("error_description") or error)
    return MyInvoisError(response.status, code, message, details)
