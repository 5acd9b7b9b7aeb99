"""How a domain of applets declares itself, in one value (its package's ``applet.py``).

A :class:`Domain` names its applets (the catalogue and its permissions), the document types it owns
(and so the hub key prefixes ``<tenant>#<DOC_TYPE>...``), the document types the ledger posts for it,
its functions with their routes and schedules, and its subscriptions to the hub's events. From it:

- the applet catalogue (:mod:`ledgerlet.applets`) is assembled;
- the OpenAPI document registers the domain's routes (``openapi``, a ``module:function`` path);
- ``infra/tools/templates.py`` writes the domain's functions, their role, their queues and
  subscriptions into its nested stack, and every route into the API's definition;
- tests check the registries, the posting-rule table and every handler's routes against it.

Plain data only: applet code imports this cheaply (the catalogue is read on every request).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MASTER_DATA_ACTIONS = ("create", "read", "update", "archive")
CRUD_HANDLERS = ("create", "get", "list", "update", "archive")

DOMAIN_ROLE = "domain"
BACKGROUND_MEMORY_MB = 256
"""Memory of functions nobody waits on (event consumers, workflow tasks): they mostly wait on AWS calls, and
Lambda bills that wait by the memory held; the processor time they need takes longer at a smaller share of
a vCPU, which no one sees. Functions answering requests keep the stacks' default (512 MB)."""
"""A function's ``role`` by default: the domain's applet role, which can do nothing with the hub but
assume the tenant access role with a one-tenant session policy."""


@dataclass(frozen=True)
class Applet:
    """An entry of the applet catalogue: what a tenant can switch on, and the actions roles grant."""

    id: str
    name: str
    category: str
    actions: tuple[str, ...] = MASTER_DATA_ACTIONS
    core: bool = False  # core applets cannot be switched off
    default_on: bool = True
    # What each action needs besides itself: a receipt is made by choosing its cash book, accounts
    # and tax codes, so "create" needs them read ("<applet>:<action>"). Role editors grant them with it.
    needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    method: str  # "get", "post" ... or "any"
    path: str  # "/v1/customers/{id}"
    public: bool = False  # no token needed (sign-up, login, the OpenAPI document)


@dataclass(frozen=True)
class Function:
    """One Lambda function: an applet action, a workflow step or an event consumer."""

    name: str  # the logical id in the stack: "CustomersCreateFunction"
    handler: str  # under functions/: "customers/create.handler"
    routes: tuple[Route, ...] = ()
    role: str | None = DOMAIN_ROLE  # a role of the domain's stack by logical id; None: SAM's basic execution role
    timeout: int | None = None
    memory_mb: int | None = None  # None: the stack's default
    environment: Mapping[str, Any] = field(default_factory=dict)  # values may be CloudFormation intrinsics
    schedules: Mapping[str, str] = field(default_factory=dict)  # event name -> "rate(1 day)"

    @property
    def code_dir(self) -> str:
        return self.handler.rpartition("/")[0]

    @property
    def entry(self) -> str:
        return self.handler.rpartition("/")[2]


@dataclass(frozen=True)
class Subscription:
    """Hub events an applet consumes: its own queue (with a dead-letter queue) subscribed to the hub's
    topic through a filter on the change record, read by ``function`` with partial-batch failures."""

    name: str  # "LedgerPosting": LedgerPostingQueue, LedgerPostingDeadLetterQueue, LedgerPostingSubscription
    function: str  # the consumer's logical id
    filter: Mapping[str, Any]  # an SNS filter policy on the message body (the DynamoDB change record)
    visibility_timeout: Any  # seconds (or a parameter): at least the consumer's timeout; AWS advises six times
    batch_size: int = 10
    batching_window: int = 0
    max_receives: int = 5  # deliveries before a message goes to the dead-letter queue
    fifo: bool = False  # FIFO where order per key matters (per the item's partition key)


@dataclass(frozen=True)
class WorkQueue:
    """Work a domain sends itself (a schedule's one message per tenant, see ``ledgerlet.hub.work``): a
    queue with a dead-letter queue, read by ``function`` with partial-batch failures."""

    name: str  # "RecurringRun": RecurringRunQueue, RecurringRunDeadLetterQueue
    function: str  # the consumer's logical id
    visibility_timeout: Any  # at least the consumer's timeout; AWS advises six times
    batch_size: int = 10
    batching_window: int = 0
    max_receives: int = 5
    fifo: bool = False


@dataclass(frozen=True)
class Domain:
    """A domain of applets: one package, deployed in one nested stack (a stack may hold several domains)."""

    name: str  # "finance"
    package: str  # "ledgerlet.finance"
    stack: str  # the nested stack it deploys in: "finance" is stacks/finance.yaml
    applets: tuple[Applet, ...]
    document_types: tuple[str, ...] = ()  # its document kinds' hub types ("CUSTOMER": keys "<tenant>#CUSTOMER...")
    key_prefixes: tuple[str, ...] = ()  # its other hub partitions ("ENTRY": keys "<tenant>#ENTRY...")
    posts: tuple[str, ...] = ()  # document types the ledger posts (each has a posting rule)
    # (document type, state field): a document whose field is "pending" will still book to the ledger (the
    # period close waits for it, as for a document pending posting)
    books_later: tuple[tuple[str, str], ...] = ()
    functions: tuple[Function, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    queues: tuple[WorkQueue, ...] = ()
    openapi: str | None = None  # "module:function" registering the domain's routes on a resolver

    def function(self, name: str) -> Function:
        return next(fn for fn in self.functions if fn.name == name)


def crud_functions(
    prefix: str, directory: str, collection: str, handlers: tuple[str, ...] = CRUD_HANDLERS
) -> tuple[Function, ...]:
    """The standard document actions of ``/v1/<collection>``: one function per handler module."""
    routes = {
        "create": (Route("post", f"/v1/{collection}"),),
        "get": (Route("get", f"/v1/{collection}/{{id}}"), Route("get", f"/v1/{collection}/{{id}}/history")),
        "list": (Route("get", f"/v1/{collection}"),),
        "update": (Route("patch", f"/v1/{collection}/{{id}}"),),
        "archive": (Route("post", f"/v1/{collection}/{{id}}/archive"),),
    }
    return tuple(
        Function(f"{prefix}{handler.title()}Function", f"{directory}/{handler}.handler", routes[handler])
        for handler in handlers
    )
