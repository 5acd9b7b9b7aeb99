"""A local API Gateway (REST, v1 proxy integration) in front of the template's functions."""

from __future__ import annotations

import base64
import json
import logging
import mimetypes
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .functions import Function, FunctionError, FunctionRegistry
from .metering import Meter
from .provision import Stack

log = logging.getLogger("localcloud.gateway")

IMPLICIT_API = "ServerlessRestApi"
HEAD = 2  # the leading path segments routes are indexed by
SLOW_REQUEST_S = 10.0
"""An answer slower than this is logged (a warning): what a client that gave up may not say."""

METER_PATH = "/_localcloud/meter"
"""GET: what the runtime's meter counted (:mod:`.metering`); POST ``.../reset``: the same, and start again."""
SCHEDULES_PATH = "/_localcloud/schedules/"
"""POST ``.../<schedule or function logical id>``: run that schedule now and answer what its function
returned (what EventBridge would do at its next tick; tests and a person trying the product use it)."""
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default (5) resets bursts of concurrent clients


class Unauthorized(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# routes
# ---------------------------------------------------------------------------------------------
@dataclass
class Authorizer:
    name: str
    pool_ids: list[str]
    header: str = "Authorization"


@dataclass
class Api:
    logical_id: str
    stage: str
    cors: dict[str, str] | None
    binary_types: list[str]


@dataclass
class Route:
    api: Api
    path: str
    method: str
    function: Function
    authorizer: Authorizer | None
    segments: list[tuple[int, str]] = field(init=False)

    LITERAL, PARAM, GREEDY = 0, 1, 2

    def __post_init__(self) -> None:
        self.segments = []
        for part in _split(self.path):
            if part.startswith("{") and part.endswith("+}"):
                self.segments.append((self.GREEDY, part[1:-2]))
            elif part.startswith("{") and part.endswith("}"):
                self.segments.append((self.PARAM, part[1:-1]))
            else:
                self.segments.append((self.LITERAL, part))

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (tuple(kind for kind, _ in self.segments), self.method == "ANY")

    @property
    def head(self) -> tuple[str, ...] | None:
        """Its first two segments when both are literal (``("v1", "items")``), else None."""
        first = self.segments[:HEAD]
        if len(first) < HEAD or any(kind != self.LITERAL for kind, _ in first):
            return None
        return tuple(value for _, value in first)

    def match(self, parts: list[str]) -> dict[str, str] | None:
        params: dict[str, str] = {}
        for i, (kind, value) in enumerate(self.segments):
            if kind == self.GREEDY:
                if i >= len(parts):
                    return None
                params[value] = "/".join(parts[i:])
                return params
            if i >= len(parts):
                return None
            if kind == self.LITERAL and parts[i] != value:
                return None
            if kind == self.PARAM:
                params[value] = parts[i]
        return params if len(parts) == len(self.segments) else None


def _split(path: str) -> list[str]:
    return [p for p in path.strip("/").split("/") if p]


def _unquote_sam(value: Any) -> str:
    text = str(value)
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == "'" else text


def _pool_id(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def build_routes(stack: Stack, functions: FunctionRegistry) -> list[Route]:
    """The routes of every REST API in the stack and its nested stacks: functions' ``Api`` events,
    and the paths of an API's own OpenAPI definition (``DefinitionBody``) with Lambda proxy integrations."""
    routes: list[Route] = []
    for owner in stack.all_stacks():
        routes += _ApiRoutes(owner, functions).routes()
    routes.sort(key=lambda r: r.sort_key)
    return routes


_INTEGRATED_FUNCTION = re.compile(r":function:([^/:]+)(?::[^/]+)?/invocations$")
_METHODS = {"x-amazon-apigateway-any-method": "ANY"}


class _ApiRoutes:
    """The routes one stack declares: its functions' ``Api`` events and its APIs' definitions."""

    def __init__(self, stack: Stack, functions: FunctionRegistry) -> None:
        self.stack = stack
        self.functions = functions
        self.resolve = stack.resolver.resolve
        self.api_props: dict[str, dict[str, Any]] = {
            lid: res.get("Properties") or {} for lid, res in stack.enabled_resources("AWS::Serverless::Api").items()
        }
        self.implicit = ((stack.template.data.get("Globals") or {}).get("Api")) or {}
        self.apis: dict[str, Api] = {}
        self.authorizers: dict[tuple[str, str], Authorizer | None] = {}

    def routes(self) -> list[Route]:
        return self._event_routes() + [
            route
            for api_id, props in self.api_props.items()
            if props.get("DefinitionBody") is not None
            for route in self._definition_routes(api_id, props)
        ]

    def api_for(self, api_id: str, cors: dict[str, str] | None = None) -> tuple[Api, dict[str, Any]]:
        props = self.api_props.get(api_id, self.implicit)
        if api_id not in self.apis:
            if props.get("Cors") is not None:
                declared = self.resolve(props["Cors"])
                cors = (
                    {"AllowOrigin": _unquote_sam(declared)}
                    if isinstance(declared, str)
                    else {k: _unquote_sam(v) for k, v in declared.items()}
                )
            binary = self.resolve(props.get("BinaryMediaTypes") or [])
            definition = props.get("DefinitionBody") or {}
            binary += definition.get("x-amazon-apigateway-binary-media-types") or []
            self.apis[api_id] = Api(
                logical_id=api_id,
                stage=str(self.resolve(props.get("StageName", "Prod"))),
                cors=cors,
                binary_types=[str(t).replace("~1", "/") for t in binary],
            )
        return self.apis[api_id], props

    def authorizer_for(self, api_id: str, props: Mapping[str, Any], name: str) -> Authorizer | None:
        key = (api_id, name)
        if key not in self.authorizers:
            spec = ((props.get("Auth") or {}).get("Authorizers") or {}).get(name)
            if spec is None or "UserPoolArn" not in spec:
                log.warning("authorizer %s on API %s is not a Cognito authorizer: unchecked", name, api_id)
                self.authorizers[key] = None
            else:
                header = ((spec.get("Identity") or {}).get("Header")) or "Authorization"
                self.authorizers[key] = self._cognito(name, spec["UserPoolArn"], header)
        return self.authorizers[key]

    def _cognito(self, name: str, pool_arns: Any, header: str) -> Authorizer:
        arns = self.resolve(pool_arns)
        arns = arns if isinstance(arns, list) else [arns]
        return Authorizer(name=name, pool_ids=[_pool_id(str(a)) for a in arns], header=header)

    def _event_routes(self) -> list[Route]:
        routes = []
        for fn, _name, ev in self.functions.events_of_type("Api"):
            if fn.stack is not self.stack:
                continue
            rest = ev.get("RestApiId")
            api_id = (
                str(rest.get("Ref"))
                if isinstance(rest, dict) and "Ref" in rest
                else (str(rest) if rest else IMPLICIT_API)
            )
            api, props = self.api_for(api_id)
            auth_name = (ev.get("Auth") or {}).get("Authorizer") or (props.get("Auth") or {}).get("DefaultAuthorizer")
            authorizer = None
            if auth_name and auth_name not in ("NONE", "AWS_IAM"):
                authorizer = self.authorizer_for(api_id, props, str(auth_name))
            elif auth_name == "AWS_IAM":
                log.warning("%s: AWS_IAM auth is not checked locally", fn.logical_id)
            path = "/" + "/".join(_split(str(self.resolve(ev["Path"]))))
            method = str(ev.get("Method", "ANY")).upper()
            routes.append(Route(api=api, path=path, method=method, function=fn, authorizer=authorizer))
        return routes

    def _definition_routes(self, api_id: str, props: dict[str, Any]) -> list[Route]:
        """Routes from an OpenAPI definition: Lambda proxy integrations (by the function's name in
        the integration URI), Cognito user-pool authorizers from ``securityDefinitions``, and CORS
        from the mock integrations that answer OPTIONS."""
        definition = self.resolve(props["DefinitionBody"])
        components = definition.get("components") or {}
        schemes = definition.get("securityDefinitions") or components.get("securitySchemes") or {}
        api, _ = self.api_for(api_id, cors=_definition_cors(definition))
        routes = []
        for path, operations in (definition.get("paths") or {}).items():
            for method, operation in operations.items():
                integration = (operation or {}).get("x-amazon-apigateway-integration") or {}
                if integration.get("type") != "aws_proxy":
                    continue
                found = _INTEGRATED_FUNCTION.search(str(integration.get("uri", "")))
                if found is None:
                    raise ValueError(f"{api_id} {method.upper()} {path}: integration URI names no function")
                fn = self.functions.find(found.group(1))
                routes.append(
                    Route(
                        api=api,
                        path="/" + "/".join(_split(path)),
                        method=_METHODS.get(method, method.upper()),
                        function=fn,
                        authorizer=self._definition_authorizer(schemes, operation.get("security") or []),
                    )
                )
        return routes

    def _definition_authorizer(self, schemes: Mapping[str, Any], security: list[Any]) -> Authorizer | None:
        for requirement in security:
            for name in requirement:
                spec = (schemes.get(name) or {}).get("x-amazon-apigateway-authorizer") or {}
                if spec.get("type") == "cognito_user_pools":
                    header = str(schemes[name].get("name") or "Authorization")
                    return self._cognito(name, spec.get("providerARNs") or [], header)
                log.warning("security %s is not a Cognito user pool; requests pass unchecked", name)
        return None


def _definition_cors(definition: Mapping[str, Any]) -> dict[str, str] | None:
    """The CORS headers an OpenAPI definition's OPTIONS mock integrations answer with."""
    for operations in (definition.get("paths") or {}).values():
        integration = ((operations or {}).get("options") or {}).get("x-amazon-apigateway-integration") or {}
        if integration.get("type") != "mock":
            continue
        parameters = ((integration.get("responses") or {}).get("default") or {}).get("responseParameters") or {}
        prefix = "method.response.header.Access-Control-"
        return {
            "Allow" + key[len(prefix + "Allow-") :].title().replace("-", ""): _unquote_sam(value)
            for key, value in parameters.items()
            if key.startswith(prefix + "Allow-")
        } or None
    return None


# ---------------------------------------------------------------------------------------------
# Cognito token verification
# ---------------------------------------------------------------------------------------------
class CognitoVerifier:
    def __init__(self, endpoint: str, region: str) -> None:
        self.endpoint = endpoint
        self.region = region
        self._jwks: dict[str, Any] = {}
        self._clients: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def _jwk_set(self, pool_id: str, refresh: bool = False) -> Any:
        import urllib.request

        import jwt

        with self._lock:
            if refresh or pool_id not in self._jwks:
                with urllib.request.urlopen(f"{self.endpoint}/{pool_id}/.well-known/jwks.json", timeout=10) as r:
                    self._jwks[pool_id] = jwt.PyJWKSet.from_dict(json.loads(r.read()))
            return self._jwks[pool_id]

    def _client_ids(self, pool_id: str, refresh: bool = False) -> set[str]:
        with self._lock:
            if refresh or pool_id not in self._clients:
                import boto3

                idp = boto3.client("cognito-idp", region_name=_pool_region(pool_id, self.region))
                ids: set[str] = set()
                for page in idp.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id):
                    ids.update(c["ClientId"] for c in page["UserPoolClients"])
                self._clients[pool_id] = ids
            return self._clients[pool_id]

    def _signing_key(self, pool_id: str, kid: str) -> Any:
        """The pool's key ``kid`` (its key set fetched again once, in case the pool rotated keys)."""
        for refresh in (False, True):
            keys = self._jwk_set(pool_id, refresh=refresh)
            if any(key.key_id == kid for key in keys.keys):
                return keys[kid]
        raise Unauthorized("token is not signed by a key of the user pool")

    def verify(self, token: str, pool_ids: list[str]) -> dict[str, Any]:
        import jwt

        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"malformed token: {exc}") from exc
        iss = str(unverified.get("iss", ""))
        pool_id = iss.rsplit("/", 1)[-1]
        if pool_id not in pool_ids:
            raise Unauthorized("token was not issued by this API's user pool")
        expected_iss = f"https://cognito-idp.{_pool_region(pool_id, self.region)}.amazonaws.com/{pool_id}"
        if not isinstance(kid, str):
            raise Unauthorized("token names no signing key (kid)")
        key = self._signing_key(pool_id, kid)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=expected_iss,
                options={"verify_aud": False, "require": ["exp", "iss", "token_use"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(str(exc)) from exc
        if claims.get("token_use") != "id":
            raise Unauthorized("token_use must be 'id'")
        aud = str(claims.get("aud", ""))
        if aud not in self._client_ids(pool_id) and aud not in self._client_ids(pool_id, refresh=True):
            raise Unauthorized("audience is not a client of the user pool")
        return claims


def _pool_region(pool_id: str, default: str) -> str:
    return pool_id.split("_", 1)[0] if "_" in pool_id else default


def claims_as_strings(claims: Mapping[str, Any]) -> dict[str, str]:
    """API Gateway passes every claim as a string (exp/iat as dates, like the real thing)."""
    out = {}
    for key, value in claims.items():
        if key in ("exp", "iat") and isinstance(value, (int, float)):
            out[key] = datetime.fromtimestamp(value, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
        elif isinstance(value, bool):
            out[key] = str(value).lower()
        elif isinstance(value, list):
            out[key] = ",".join(str(v) for v in value)
        elif isinstance(value, dict):
            out[key] = json.dumps(value)
        else:
            out[key] = str(value)
    return out


# ---------------------------------------------------------------------------------------------
# HTTP server
# ---------------------------------------------------------------------------------------------
class Gateway:
    def __init__(
        self,
        stack: Stack,
        functions: FunctionRegistry,
        endpoint: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        static_dir: str | Path | None = None,
        meter: Meter | None = None,
        fire_schedule: Callable[[str], Any] | None = None,
    ) -> None:
        self.stack = stack
        self.meter = meter
        self.fire_schedule = fire_schedule
        self.functions = functions
        self.routes = build_routes(stack, functions)
        # A request is matched against the routes that begin as its path does (and those that begin with a
        # parameter), in their order, not against all some 300 of them.
        self._routes_anywhere = [r for r in self.routes if r.head is None]
        self._routes_by_head = {
            r.head: [other for other in self.routes if other.head in (r.head, None)]
            for r in self.routes
            if r.head is not None
        }
        self.verifier = CognitoVerifier(endpoint, stack.region)
        self.static_dir = Path(static_dir).resolve() if static_dir else None
        self.ready = threading.Event()
        self._api_prefixes = {r.segments[0][1] for r in self.routes if r.segments and r.segments[0][0] == 0}
        self._server = _Server((host, port), _make_handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, name="localcloud-gateway", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    # -- routing ---------------------------------------------------------------------------
    def find(self, method: str, path: str) -> tuple[Route | None, dict[str, str], list[Route]]:
        parts = [unquote(p) for p in _split(path)]
        candidates = []
        for route in self._routes_by_head.get(tuple(parts[:HEAD]), self._routes_anywhere):
            params = route.match(parts)
            if params is None:
                continue
            candidates.append(route)
            if route.method in (method, "ANY"):
                return route, params, candidates
        return None, {}, candidates

    def build_event(
        self, route: Route, params: dict[str, str], req: _Request, claims: dict[str, str] | None
    ) -> dict[str, Any]:
        multi_headers: dict[str, list[str]] = {}
        for name, value in req.headers:
            multi_headers.setdefault(name, []).append(value)
        # What API Gateway adds: the scheme and port the caller used (a webhook's signed URL is rebuilt from them).
        host_port = (req.header("Host") or "").rpartition(":")[2]
        multi_headers["X-Forwarded-Proto"] = ["http"]
        multi_headers["X-Forwarded-Port"] = [host_port if host_port.isdigit() else "80"]
        multi_query: dict[str, list[str]] = {}
        for name, value in parse_qsl(req.query, keep_blank_values=True):
            multi_query.setdefault(name, []).append(value)
        body, is_b64 = self._event_body(route, req)
        now = datetime.now(UTC)
        request_context: dict[str, Any] = {
            "accountId": self.stack.account_id,
            "apiId": route.api.logical_id.lower()[:10],
            "resourceId": uuid.uuid4().hex[:6],
            "resourcePath": route.path,
            "httpMethod": req.method,
            "requestId": req.request_id,
            "extendedRequestId": req.request_id,
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": int(now.timestamp() * 1000),
            "path": f"/{route.api.stage}{req.path}",
            "stage": route.api.stage,
            "protocol": "HTTP/1.1",
            "domainName": req.header("Host") or "127.0.0.1",
            "identity": {
                "sourceIp": req.client_ip,
                "userAgent": req.header("User-Agent"),
                "accountId": None,
                "caller": None,
                "user": None,
                "userArn": None,
                "cognitoIdentityId": None,
                "cognitoIdentityPoolId": None,
                "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None,
                "accessKey": None,
                "apiKey": None,
                "apiKeyId": None,
            },
        }
        if claims is not None:
            request_context["authorizer"] = {"claims": claims}
        return {
            "resource": route.path,
            "path": req.path,
            "httpMethod": req.method,
            "headers": {k: v[-1] for k, v in multi_headers.items()} or None,
            "multiValueHeaders": multi_headers or None,
            "queryStringParameters": {k: v[-1] for k, v in multi_query.items()} or None,
            "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": params or None,
            "stageVariables": None,
            "requestContext": request_context,
            "body": body,
            "isBase64Encoded": is_b64,
        }

    @staticmethod
    def _event_body(route: Route, req: _Request) -> tuple[str | None, bool]:
        if not req.body:
            return None, False
        ctype = (req.header("Content-Type") or "").split(";")[0].strip().lower()
        binary = any(_media_match(t, ctype) for t in route.api.binary_types)
        if not binary:
            try:
                return req.body.decode("utf-8"), False
            except UnicodeDecodeError:
                pass
        return base64.b64encode(req.body).decode("ascii"), True

    # -- handling -------------------------------------------------------------------------
    def handle(self, req: _Request) -> _Response:
        local = self._local_endpoint(req)
        if local is not None:
            return local
        route, params, candidates = self.find(req.method, req.path)
        if req.method == "OPTIONS" and candidates and (route is None or route.method == "ANY"):
            preflight = self._preflight(req, candidates)
            if preflight is not None:
                if self.meter is not None:
                    self.meter.api_request(f"OPTIONS {candidates[0].path}")
                return preflight
        if route is None:
            return self._unrouted(req, candidates)
        claims: dict[str, str] | None = None
        if route.authorizer is not None:
            try:
                claims = claims_as_strings(self._authorize(route.authorizer, req))
            except Unauthorized as exc:
                log.info("401 %s %s: %s", req.method, req.path, exc)
                if self.meter is not None:
                    self.meter.api_refused()
                return self._problem(req, route.api, 401, "Unauthorized", str(exc))
        if self.meter is not None:
            self.meter.api_request(f"{route.method} {route.path}", route.function.logical_id)
        event = self.build_event(route, params, req, claims)
        started = time.perf_counter()
        try:
            result = route.function.invoke(event, req.request_id)
        except FunctionError as error:
            log.error(
                "%s failed while handling %s %s: %s\n%s",
                route.function.logical_id,
                req.method,
                req.path,
                error,
                "".join(error.stack_trace),
            )
            return self._problem(req, route.api, 502, "Bad Gateway", "Internal server error")
        finally:
            log.debug(
                "%s %s -> %s in %.1f ms",
                req.method,
                req.path,
                route.function.logical_id,
                (time.perf_counter() - started) * 1000,
            )
        try:
            return self._proxy_response(result)
        except (TypeError, ValueError, KeyError) as exc:
            log.error("%s returned a malformed proxy response (%s): %r", route.function.logical_id, exc, result)
            return self._problem(req, route.api, 502, "Bad Gateway", "Internal server error")

    def _metered(self, req: _Request) -> _Response:
        """The meter's counts (GET), or the counts and a fresh start (POST ``/reset``); never metered."""
        assert self.meter is not None
        if req.method == "GET" and req.path == METER_PATH:
            counts = self.meter.snapshot()
        elif req.method == "POST" and req.path == f"{METER_PATH}/reset":
            counts = self.meter.snapshot()
            self.meter.reset()
        else:
            return self._problem(req, None, 404, "Not Found", f"GET {METER_PATH} or POST {METER_PATH}/reset")
        return _Response(200, [("Content-Type", "application/json")], json.dumps(counts).encode())

    def _local_endpoint(self, req: _Request) -> _Response | None:
        """The local runtime's own endpoints (the meter, firing a schedule), None for the API's routes."""
        if self.meter is not None and req.path.startswith(METER_PATH):
            return self._metered(req)
        if self.fire_schedule is not None and req.method == "POST" and req.path.startswith(SCHEDULES_PATH):
            return self._fire(req)
        return None

    def _fire(self, req: _Request) -> _Response:
        """Run a schedule now (:data:`SCHEDULES_PATH`); 404 naming the known ones for an unknown key."""
        assert self.fire_schedule is not None
        key = req.path[len(SCHEDULES_PATH) :]
        try:
            result = self.fire_schedule(key)
        except KeyError as error:
            return self._problem(req, None, 404, "Not Found", str(error.args[0]))
        except FunctionError as error:
            return self._problem(req, None, 502, "Bad Gateway", f"the scheduled function failed: {error}")
        return _Response(200, [("Content-Type", "application/json")], json.dumps(result, default=str).encode())

    def _authorize(self, auth: Authorizer, req: _Request) -> dict[str, Any]:
        raw = req.header(auth.header)
        if not raw:
            raise Unauthorized(f"missing {auth.header} header")
        token = raw.strip()
        if token.lower().startswith("bearer "):
            token = token[7:].strip()
        return self.verifier.verify(token, auth.pool_ids)

    @staticmethod
    def _proxy_response(result: Any) -> _Response:
        if not isinstance(result, dict) or "statusCode" not in result:
            raise ValueError("response is not a dict with statusCode")
        headers: list[tuple[str, str]] = []
        single = result.get("headers") or {}
        multi = result.get("multiValueHeaders") or {}
        for name, values in multi.items():
            headers.extend((name, str(v)) for v in values)
        multi_lower = {n.lower() for n in multi}
        headers.extend((n, str(v)) for n, v in single.items() if n.lower() not in multi_lower)
        body = result.get("body")
        if body is None:
            data = b""
        elif result.get("isBase64Encoded"):
            data = base64.b64decode(body)
        else:
            data = str(body).encode("utf-8")
        if not any(n.lower() == "content-type" for n, _ in headers):
            headers.append(("Content-Type", "application/json"))
        return _Response(int(result["statusCode"]), headers, data)

    def _unrouted(self, req: _Request, candidates: list[Route]) -> _Response:
        if req.method in ("GET", "HEAD") and _split(req.path) == ["health"]:
            if self.ready.is_set():
                return _Response(200, [("Content-Type", "application/json")], b'{"status":"ok"}')
            return _Response(503, [("Content-Type", "application/json")], b'{"status":"starting"}')
        if candidates:
            allowed = sorted({r.method for r in candidates})
            resp = self._problem(
                req,
                candidates[0].api,
                405,
                "Method Not Allowed",
                f"{req.method} is not allowed on {req.path}",
            )
            resp.headers.append(("Allow", ", ".join(allowed)))
            return resp
        if self.static_dir is not None and req.method in ("GET", "HEAD"):
            static = self._static(req.path)
            if static is not None:
                return static
        return self._problem(req, None, 404, "Not Found", f"no API route for {req.method} {req.path}")

    def _static(self, path: str) -> _Response | None:
        assert self.static_dir is not None
        rel = unquote(path).lstrip("/")
        target = (self.static_dir / rel).resolve()
        if not target.is_relative_to(self.static_dir):
            return None
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            parts = _split(path)
            if parts and parts[0] in self._api_prefixes:
                return None  # looks like an API path: answer 404 rather than the app shell
            if "." in (parts[-1] if parts else ""):
                return None  # a missing asset, not a client-side route
            target = self.static_dir / "index.html"
            if not target.is_file():
                return None
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return _Response(200, [("Content-Type", ctype)], target.read_bytes())

    def _cors_headers(
        self, req: _Request, api: Api | None, preflight: bool, methods: list[str] | None = None
    ) -> list[tuple[str, str]]:
        origin = req.header("Origin")
        cors = api.cors if api else None
        local = bool(origin) and (urlsplit(origin or "").hostname or "") in ("127.0.0.1", "localhost", "::1")
        if cors is None and not local:
            return []
        cors = cors or {}
        allow_origin = origin if local else cors.get("AllowOrigin", "*")
        headers = [("Access-Control-Allow-Origin", str(allow_origin))]
        if local and allow_origin != "*":
            headers.append(("Vary", "Origin"))
        if str(cors.get("AllowCredentials", "")).lower() == "true" or (local and allow_origin != "*"):
            headers.append(("Access-Control-Allow-Credentials", "true"))
        if preflight:
            allow_methods = cors.get("AllowMethods") or ",".join(sorted({"OPTIONS", *(methods or [])}))
            if "ANY" in allow_methods:
                allow_methods = "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"
            headers.append(("Access-Control-Allow-Methods", allow_methods))
            allow_headers = cors.get("AllowHeaders") or (
                req.header("Access-Control-Request-Headers") if local else None
            )
            if allow_headers:
                headers.append(("Access-Control-Allow-Headers", allow_headers))
            if cors.get("MaxAge"):
                headers.append(("Access-Control-Max-Age", str(cors["MaxAge"])))
        return headers

    def _preflight(self, req: _Request, candidates: list[Route]) -> _Response | None:
        api = candidates[0].api
        headers = self._cors_headers(req, api, preflight=True, methods=[r.method for r in candidates])
        if not headers:
            return None
        return _Response(200, [*headers, ("Content-Type", "application/json")], b"{}")

    def _problem(self, req: _Request, api: Api | None, status: int, title: str, detail: str) -> _Response:
        body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()
        headers = [
            ("Content-Type", "application/problem+json"),
            *self._cors_headers(req, api, preflight=False),
        ]
        return _Response(status, headers, body)


def _media_match(pattern: str, ctype: str) -> bool:
    if pattern in ("*/*", ctype):
        return True
    if pattern.endswith("/*"):
        return ctype.startswith(pattern[:-1])
    return False


@dataclass
class _Request:
    method: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes
    client_ip: str
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def header(self, name: str) -> str | None:
        lname = name.lower()
        found = None
        for key, value in self.headers:
            if key.lower() == lname:
                found = value
        return found


@dataclass
class _Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def _make_handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "localcloud"
        # Headers and body go out in two writes: with Nagle's algorithm the body would wait for the
        # client's delayed ACK of the headers, ~40 ms on every answer of a kept-alive connection.
        disable_nagle_algorithm = True

        def _dispatch(self) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            req = _Request(
                method=self.command.upper(),
                path=split.path or "/",
                query=split.query,
                headers=list(self.headers.items()),
                body=body,
                client_ip=self.client_address[0],
            )
            started = time.monotonic()
            try:
                resp = gateway.handle(req)
            except Exception:
                log.exception("gateway failure on %s %s", req.method, req.path)
                resp = gateway._problem(req, None, 500, "Internal Server Error", "local gateway failure")
            took = time.monotonic() - started
            if took > SLOW_REQUEST_S:  # a hint for a client that gave up on a loaded machine
                log.warning("%s %s answered %d after %.1f s", req.method, req.path, resp.status, took)
            self.send_response(
                resp.status,
                HTTPStatus(resp.status).phrase if resp.status in HTTPStatus._value2member_map_ else "",
            )
            for name, value in resp.headers:
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("x-amzn-RequestId", req.request_id)
            self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if req.method != "HEAD":
                self.wfile.write(resp.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _dispatch

        def __getattr__(self, name: str) -> Any:
            # API Gateway answers any other method too (no route matches it) rather than a 501.
            if name.startswith("do_"):
                return self._dispatch
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("%s - %s", self.address_string(), format % args)

    return Handler
