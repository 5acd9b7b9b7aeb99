"""Order to cash under load (issue 13): N orders through the whole flow on the local stack, the AWS units
each one used, and what a thousand of them cost at AWS list prices in Singapore (ap-southeast-1).

The product runs as `make dev` runs it, in its own process, so that the clients here do not share its
interpreter; its local runtime counts the units AWS bills (infra/localcloud/metering.py: API Gateway
requests, Lambda invocations and GB-seconds, DynamoDB read and write request units from the items'
sizes, Step Functions transitions per machine type, SQS, SNS and EventBridge requests), which the bench
reads at GET /_localcloud/meter. One company is set up first (a location, a stock item with stock for
every order, customers without a credit limit, a cash book) and the counts are reset once it is quiet.
Then ``--clients`` threads take the orders in turn, each through:

    create a sales order -> submit it -> fulfil it (starts the Express fulfilment: its Fulfil task
    confirms, reserves, delivers, invoices and hands the invoice to MyInvois; the order then waits for
    payment, with no execution open) -> wait until it is awaiting_payment -> a receipt paying its invoice
    in full -> wait until it is paid

Waiting is a GET of the order every second: those requests (and the invocations and DynamoDB units of
the function answering them) are the bench's, not the flow's, and are counted apart. Once the last order
is paid the bench waits until the product is quiet (the hub stream's fan-out, the subscribers posting
the documents to the ledger and costing the stock, the workflows' last transitions), then reads the
counts.

It prints orders per second and the time per order, per order the AWS requests and units by service, the
cost of 1,000 orders per service with the price table's sources (Lambda's time as measured here, and
as AWS would bill it, modelled below), and whether it meets the goal: at most $0.20 per 1,000 orders
(Standard transitions only where a person waits; Express or plain code elsewhere). Run: `make bench-o2c`,
or `.venv/bin/python bench/order_to_cash.py [--orders 1000]
[--clients 8] [--customers 50]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.product import Answer, Client, running_product, sign_up  # noqa: E402

GOAL_USD = 0.20  # per 1,000 orders (issue 13)
PER = 1000
POLL_SECONDS = 1.0
ORDER_TIMEOUT = 180.0
POLL_ROUTE = "GET /v1/sales-orders/{id}"


# ---------------------------------------------------------------------------------------------
# AWS list prices. Read 2026-12-05 (USD, on-demand, first pricing tier). Singapore's own figure where
# one was found; otherwise us-east-1's, marked as such (the output says so too).
# ---------------------------------------------------------------------------------------------
PRICES_READ = "2026-12-05"


@dataclass(frozen=True)
class Price:
    usd: float  # per unit
    unit: str
    region: str  # "ap-southeast-1", or the Region whose price stands in for it
    source: str

    @property
    def singapore(self) -> bool:
        return self.region.startswith("ap-southeast-1")


PRICES: dict[str, Price] = {
    "apigateway": Price(
        4.25 / 1e6,
        "REST API request (first 333 M a month)",
        "ap-southeast-1 (Asia Pacific)",
        "kejyun/aws-learning-notes api-gateway README, from aws.amazon.com/tw/api-gateway/pricing "
        "($4.25 per million; us-east-1 is $3.50)",
    ),
    "lambda_request": Price(
        0.20 / 1e6,
        "Lambda request",
        "ap-southeast-1 (the same in every commercial Region)",
        "vantage-sh handbook, lambda-pricing ($0.20 per 1M requests)",
    ),
    "lambda_gb_second": Price(
        0.0000133334,
        "Lambda GB-second, arm64 (first 7.5 B GB-s a month)",
        "ap-southeast-1",
        "janritter/aws-lambda-live-tuner cost table (ap-southeast-1 arm64 0.0000133334)",
    ),
    "dynamodb_write": Price(
        0.625 / 1e6,
        "DynamoDB on-demand write request unit",
        "us-east-1 (no Singapore figure found)",
        "airbyte.com dynamodb-pricing, after the November 2024 cut ($0.625 per million WRU)",
    ),
    "dynamodb_read": Price(
        0.125 / 1e6,
        "DynamoDB on-demand read request unit",
        "us-east-1 (no Singapore figure found)",
        "airbyte.com dynamodb-pricing, after the November 2024 cut ($0.125 per million RRU)",
    ),
    "states_standard": Price(
        0.025 / 1000,
        "Step Functions Standard state transition",
        "ap-southeast-1",
        "alexcasalboni/aws-lambda-power-tuning template.yml sfCosts (default $0.000025; "
        "ap-southeast-1 is not an exception)",
    ),
    "states_express_request": Price(
        1.00 / 1e6,
        "Step Functions Express request",
        "us-east-1 (no Singapore figure found)",
        "aws/agent-toolkit-for-aws step-functions guide ($1.00 per million requests)",
    ),
    "states_express_gb_second": Price(
        0.00001667,
        "Step Functions Express GB-second (64 MB, 100 ms steps)",
        "us-east-1 (no Singapore figure found)",
        "a third-party test fixture of the AWS Price List (APS1-StepFunctions-GB-Second 0.00001667)",
    ),
    "sqs": Price(
        0.40 / 1e6,
        "SQS standard queue request (per 64 KB)",
        "us-east-1 (no Singapore figure found)",
        "cloudburn.io amazon-sqs-pricing ($0.40 per million standard requests)",
    ),
    "sns_fifo": Price(
        0.30 / 1e6,
        "SNS FIFO topic publish request (per 64 KB)",
        "us-east-1 (no Singapore figure found)",
        "factualminds.com amazon-sns-pricing ($0.30 per million FIFO publishes; payload $/GB not counted)",
    ),
    "events": Price(
        1.00 / 1e6,
        "EventBridge custom event (per 64 KB)",
        "us-east-1 (no Singapore figure found)",
        "not found in the search: the commonly quoted us-east-1 figure ($1.00 per million custom events)",
    ),
}
FREE = {
    "dynamodbstreams": "DynamoDB Streams reads by Lambda triggers are free",
    "states": "Step Functions API calls (StartExecution, SendTaskSuccess, ...) are not billed",
    "sts": "STS is free",
    "cognito-idp": "Cognito bills monthly active users, not requests",
}


# ---------------------------------------------------------------------------------------------
# the product
# ---------------------------------------------------------------------------------------------
def meter(url: str, reset: bool = False) -> dict[str, Any]:
    """The runtime's counts (and a fresh start, with ``reset``)."""
    path = "/_localcloud/meter/reset" if reset else "/_localcloud/meter"
    request = urllib.request.Request(url + path, data=b"" if reset else None, method="POST" if reset else "GET")
    with urllib.request.urlopen(request, timeout=30) as answer:
        counts: dict[str, Any] = json.loads(answer.read())
        return counts


def activity(counts: dict[str, Any]) -> tuple[int, ...]:
    """What changes while the product still works on something (idle queue polling aside)."""
    requests = counts["requests"]
    return (
        counts["lambda"]["invocations"],
        counts["dynamodb"]["requests"],
        counts["stepfunctions"]["STANDARD"]["transitions"] + counts["stepfunctions"]["EXPRESS"]["transitions"],
        requests.get("sns", {}).get("requests", 0),
    )


def quiet(url: str, still_seconds: float = 5.0, timeout: float = 300.0) -> dict[str, Any]:
    """The counts once nothing has moved for ``still_seconds``."""
    deadline = time.monotonic() + timeout
    last, since = activity(meter(url)), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        counts = meter(url)
        now = activity(counts)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= still_seconds:
            return counts
    raise TimeoutError(f"the product was still busy after {timeout:.0f} s")


def expect(answer: Answer, status: int, what: str) -> dict[str, Any]:
    if answer.status != status:
        raise RuntimeError(f"{what}: {answer.status} {answer.body}")
    return dict(answer.body)


@dataclass(frozen=True)
class World:
    location: str
    item: str
    customers: list[str]
    cash_book: str


def set_up(company: Client, orders: int, customers: int) -> World:
    hq = next(unit for unit in company.list_all("/v1/org-units?q=HQ") if unit["code"] == "HQ")
    location = expect(
        company.post(
            "/v1/org-units", {"code": "WH-O2C", "name": "Gudang O2C", "kind": "location", "parent_id": hq["id"]}
        ),
        201,
        "location",
    )["id"]
    sr10 = next(t for t in company.list_all("/v1/tax-codes?q=SR10") if t["code"] == "SR10")["id"]
    item = expect(
        company.post(
            "/v1/items", {"name": "Cerek O2C", "kind": "stock", "sales_price": "100.00", "sales_tax_code_id": sr10}
        ),
        201,
        "item",
    )["id"]
    receipt = {
        "purpose": "receipt",
        "date": "2026-08-01",
        "location_id": location,
        "lines": [{"item_id": item, "qty": str(orders), "rate": "60.00"}],
    }
    expect(company.post("/v1/stock-entries", receipt), 201, "stock receipt")
    buyers = [
        expect(company.post("/v1/customers", {"name": f"Pelanggan O2C {n:03d}"}), 201, "customer")["id"]
        for n in range(customers)
    ]
    bank = next(a for a in company.list_all("/v1/accounts?q=1030") if a["code"] == "1030")["id"]
    book = expect(
        company.post("/v1/cash-books", {"code": "O2C-BANK", "name": "Bank", "kind": "bank", "account_id": bank}),
        201,
        "cash book",
    )["id"]
    return World(location, item, buyers, book)


@dataclass(frozen=True)
class Outcome:
    seconds: float
    polls: int


def wait_for(company: Client, order_id: str, wanted: str) -> tuple[dict[str, Any], int]:
    """The order once its workflow reached ``wanted``, and how many GETs that took."""
    deadline, polls = time.monotonic() + ORDER_TIMEOUT, 0
    while True:
        time.sleep(POLL_SECONDS)
        polls += 1
        order = expect(company.get(f"/v1/sales-orders/{order_id}"), 200, "order")
        state = order.get("workflow_state")
        if state == wanted:
            return order, polls
        if state == "failed" or time.monotonic() > deadline:
            raise RuntimeError(f"order {order.get('code')}: {state} ({order.get('workflow_error')}), wanted {wanted}")


def one_order(company: Client, world: World, number: int) -> Outcome:
    started = time.perf_counter()
    customer = world.customers[number % len(world.customers)]
    body = {
        "customer_id": customer,
        "date": "2026-08-03",
        "location_id": world.location,
        "lines": [{"item_id": world.item, "qty": "1"}],
    }
    order = expect(company.post("/v1/sales-orders", body), 201, "create order")
    order = expect(company.post(f"/v1/sales-orders/{order['id']}/submit", {"version": order["version"]}), 200, "submit")
    if order.get("credit_state") != "clear":
        raise RuntimeError(f"order {order.get('code')} is credit {order.get('credit_state')}")
    expect(company.post(f"/v1/sales-orders/{order['id']}/fulfil", {}), 200, "fulfil")
    waiting, polls = wait_for(company, order["id"], "awaiting_payment")
    invoice = next(link["id"] for link in waiting["flow"] if link["type"] == "SALESINVOICE")
    amount = waiting["total"]
    receipt = {
        "customer_id": customer,
        "cash_book_id": world.cash_book,
        "date": "2026-08-10",
        "amount": amount,
        "allocations": [{"invoice_id": invoice, "amount": amount}],
    }
    expect(company.post("/v1/customer-receipts", receipt), 201, "receipt")
    _, more = wait_for(company, order["id"], "paid")
    return Outcome(time.perf_counter() - started, polls + more)


def run_orders(company: Client, world: World, orders: int, clients: int) -> tuple[list[Outcome], float]:
    done: list[Outcome] = []
    lock = threading.Lock()
    progress = max(1, orders // 10)

    def run(number: int) -> Outcome:
        outcome = one_order(company, world, number)
        with lock:
            done.append(outcome)
            if len(done) % progress == 0:
                print(f"  ... {len(done)} orders paid", flush=True)
        return outcome

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        outcomes = list(pool.map(run, range(orders)))
    return outcomes, time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Lambda's duration in AWS, modelled. Here every AWS call a handler makes is answered by moto in the
# runtime's own process, on a whole core shared with the other handlers: the durations measured are not
# AWS's (calls answer faster here and wait on contention instead; code runs on a whole core). In
# AWS a handler's billed time is its processor time plus its waits on AWS calls inside the Region. The
# model takes the processor time measured here (init phases of cold starts included) on a whole core and
# stretches it to the function's share of one: Lambda gives a function processor in proportion to its
# memory, a whole vCPU at 1,769 MB. It charges each AWS call the latency below (DynamoDB: "single-digit
# millisecond" reads and writes by AWS's own description, so 8 ms, transactions 20 ms; the other services
# 20 ms; STS's AssumeRole, made once per tenant and warm environment, 40 ms).
# ---------------------------------------------------------------------------------------------
AWS_LATENCY_MS = {"TransactWriteItems": 20.0, "TransactGetItems": 20.0}
DYNAMODB_LATENCY_MS, OTHER_LATENCY_MS, STS_LATENCY_MS = 8.0, 20.0, 40.0
FULL_VCPU_MB = 1769


@dataclass
class Modelled:
    """The flow's Lambda time as AWS would bill it, by the model above."""

    billed_ms: float
    gb_seconds: float


def modelled_lambda(counts: dict[str, Any], poller: str | None) -> Modelled:
    functions = {name: f for name, f in counts["lambda"]["functions"].items() if name != poller}
    operations = counts["dynamodb"]["by_operation"]
    requests = sum(units["requests"] for units in operations.values()) or 1.0
    per_request = (
        sum(units["requests"] * AWS_LATENCY_MS.get(name, DYNAMODB_LATENCY_MS) for name, units in operations.items())
        / requests
    )  # the mean latency of the run's mix of DynamoDB operations
    waits = {
        caller: units["requests"] * per_request
        for caller, units in counts["dynamodb"]["by_caller"].items()
        if caller in functions
    }
    for service, entry in counts["requests"].items():
        latency = STS_LATENCY_MS if service == "sts" else OTHER_LATENCY_MS
        for caller, n in entry.get("callers", {}).items():
            if caller in functions:
                waits[caller] = waits.get(caller, 0.0) + n * latency
    billed = {
        name: (f["cpu_ms"] + f["init_ms"]) * max(1.0, FULL_VCPU_MB / f["memory_mb"]) + waits.get(name, 0.0)
        for name, f in functions.items()
    }
    return Modelled(
        billed_ms=sum(billed.values()),
        gb_seconds=sum(ms / 1000 * functions[name]["memory_mb"] / 1024 for name, ms in billed.items()),
    )


# ---------------------------------------------------------------------------------------------
# usage and cost
# ---------------------------------------------------------------------------------------------
@dataclass
class Usage:
    """The units of a run that AWS bills (all orders together)."""

    api_requests: float = 0.0
    invocations: float = 0.0
    billed_ms: float = 0.0
    cpu_ms: float = 0.0  # the handlers' processor time (not billed; for comparison)
    gb_seconds: float = 0.0
    dynamodb_requests: float = 0.0
    read_units: float = 0.0
    write_units: float = 0.0
    index_write_units: float = 0.0  # of write_units
    standard_transitions: float = 0.0
    standard_executions: float = 0.0
    express_executions: float = 0.0
    express_gb_seconds: float = 0.0
    sqs_requests: float = 0.0  # billed (per 64 KB), idle empty receives excluded
    sqs_empty_receives: float = 0.0
    sns_requests: float = 0.0
    events_requests: float = 0.0

    def costs(self) -> dict[str, float]:
        """USD per service for this usage."""
        p = PRICES
        return {
            "API Gateway": self.api_requests * p["apigateway"].usd,
            "Lambda requests": self.invocations * p["lambda_request"].usd,
            "Lambda duration": self.gb_seconds * p["lambda_gb_second"].usd,
            "DynamoDB writes": self.write_units * p["dynamodb_write"].usd,
            "DynamoDB reads": self.read_units * p["dynamodb_read"].usd,
            "Step Functions Standard": self.standard_transitions * p["states_standard"].usd,
            "Step Functions Express": self.express_executions * p["states_express_request"].usd
            + self.express_gb_seconds * p["states_express_gb_second"].usd,
            "SQS": self.sqs_requests * p["sqs"].usd,
            "SNS": self.sns_requests * p["sns_fifo"].usd,
            "EventBridge": self.events_requests * p["events"].usd,
        }


def usage_of(counts: dict[str, Any], without_function: str | None = None, without_route: str | None = None) -> Usage:
    """The billed units in ``counts``, less a route's requests and a function's invocations and units."""
    states, requests = counts["stepfunctions"], counts["requests"]
    sqs = requests.get("sqs", {})
    empty = sqs.get("operations", {}).get("ReceiveMessage (empty)", 0)
    usage = Usage(
        api_requests=counts["apigateway"]["requests"],
        invocations=counts["lambda"]["invocations"],
        billed_ms=counts["lambda"]["billed_ms"] + counts["lambda"]["init_ms"],
        cpu_ms=counts["lambda"]["cpu_ms"],
        gb_seconds=counts["lambda"]["gb_seconds"],
        dynamodb_requests=counts["dynamodb"]["requests"],
        read_units=counts["dynamodb"]["read_units"],
        write_units=counts["dynamodb"]["write_units"],
        index_write_units=counts["dynamodb"]["index_write_units"],
        standard_transitions=states["STANDARD"]["transitions"],
        standard_executions=states["STANDARD"]["executions"],
        express_executions=states["EXPRESS"]["executions"],
        express_gb_seconds=states["EXPRESS"].get("gb_seconds", 0.0),
        sqs_requests=sqs.get("chunks", 0) - empty,
        sqs_empty_receives=empty,
        sns_requests=requests.get("sns", {}).get("chunks", 0),
        events_requests=requests.get("events", {}).get("chunks", 0),
    )
    if without_route:
        usage.api_requests -= counts["apigateway"]["routes"].get(without_route, {}).get("requests", 0)
    function = counts["lambda"]["functions"].get(without_function or "")
    if function:
        usage.invocations -= function["invocations"]
        usage.billed_ms -= function["billed_ms"] + function["init_ms"]
        usage.cpu_ms -= function["cpu_ms"]
        usage.gb_seconds -= function["gb_seconds"]
    units = counts["dynamodb"]["by_caller"].get(without_function or "")
    if units:
        usage.dynamodb_requests -= units["requests"]
        usage.read_units -= units["read_units"]
        usage.write_units -= units["write_units"]
        usage.index_write_units -= units["index_write_units"]
    return usage


def money(usd: float) -> str:
    return f"${usd:.4f}" if usd >= 0.0001 or usd == 0 else f"${usd:.6f}"


def per_million(price: Price) -> str:
    if price.usd * 1e6 >= 0.01:
        return f"${price.usd * 1e6:.3f} / M"
    return f"${price.usd:.10f}"


# ---------------------------------------------------------------------------------------------
# printing
# ---------------------------------------------------------------------------------------------
def print_throughput(orders: int, clients: int, customers: int, outcomes: list[Outcome], elapsed: float) -> None:
    times = sorted(o.seconds for o in outcomes)
    polls = sum(o.polls for o in outcomes)
    print(f"\nOrder to cash: {orders} orders, {clients} clients, {customers} customers, the product as `make dev` runs")
    print(f"  orders per second:  {orders / elapsed:.2f}  ({orders} paid in {elapsed:.1f} s)")
    print(
        f"  time per order:     p50 {statistics.median(times):.1f} s, p95 {times[int(0.95 * (len(times) - 1))]:.1f} s,"
        f" max {times[-1]:.1f} s (create, submit, fulfil, wait, receipt, wait)"
    )
    print(f"  the bench's GETs of the order while waiting: {polls} ({polls / orders:.1f} per order), counted apart")


def print_per_order(flow: Usage, counts: dict[str, Any], orders: int, memory: str) -> None:
    n = orders
    print("\nAWS requests per order (the flow, without the bench's GETs of the order)")
    print(f"  API Gateway      {flow.api_requests / n:8.2f} requests")
    print(
        f"  Lambda           {flow.invocations / n:8.2f} invocations, {flow.billed_ms / n:.0f} ms billed"
        f" = {flow.gb_seconds / n:.4f} GB-s ({memory}; of it {flow.cpu_ms / n:.0f} ms processor time)"
    )
    print(
        f"  DynamoDB         {flow.dynamodb_requests / n:8.2f} requests: {flow.read_units / n:.2f} read units,"
        f" {flow.write_units / n:.2f} write units (of them {flow.index_write_units / n:.2f} to secondary indexes)"
    )
    print(
        f"  Step Functions   {flow.standard_transitions / n:8.2f} Standard transitions"
        f" ({flow.standard_executions / n:.2f} executions); {flow.express_executions / n:.2f} Express executions"
    )
    requests = counts["requests"]
    sns_ops = requests.get("sns", {}).get("operations", {})
    print(
        f"  SNS              {flow.sns_requests / n:8.2f} publish requests"
        f" ({', '.join(f'{op} {c / n:.2f}' for op, c in sns_ops.items()) or 'none'})"
    )
    sqs_ops = {k: v for k, v in requests.get("sqs", {}).get("operations", {}).items() if "empty" not in k}
    print(
        f"  SQS              {flow.sqs_requests / n:8.2f} requests"
        f" ({', '.join(f'{op} {c / n:.2f}' for op, c in sqs_ops.items()) or 'none'});"
        f" idle empty receives apart: {flow.sqs_empty_receives:.0f} in the whole run"
    )
    print(f"  EventBridge      {flow.events_requests / n:8.2f} events")
    free = [f"{service} {requests[service]['requests'] / n:.2f}" for service in sorted(requests) if service in FREE]
    print(f"  not billed per request: {', '.join(free)} (per order)")


def print_costs(flow: Usage, everything: Usage, orders: int, polls: int, modelled: Modelled) -> None:
    scale = PER / orders
    costs = {name: usd * scale for name, usd in flow.costs().items()}
    usage_lines = {
        "API Gateway": (flow.api_requests, "requests", PRICES["apigateway"]),
        "Lambda requests": (flow.invocations, "invocations", PRICES["lambda_request"]),
        "Lambda duration": (flow.gb_seconds, "GB-s", PRICES["lambda_gb_second"]),
        "DynamoDB writes": (flow.write_units, "WRU", PRICES["dynamodb_write"]),
        "DynamoDB reads": (flow.read_units, "RRU", PRICES["dynamodb_read"]),
        "Step Functions Standard": (flow.standard_transitions, "transitions", PRICES["states_standard"]),
        "Step Functions Express": (flow.express_executions, "executions", PRICES["states_express_request"]),
        "SQS": (flow.sqs_requests, "requests", PRICES["sqs"]),
        "SNS": (flow.sns_requests, "publishes", PRICES["sns_fifo"]),
        "EventBridge": (flow.events_requests, "events", PRICES["events"]),
    }
    total = sum(costs.values())
    print(f"\nCost of {PER:,} orders at AWS list prices for ap-southeast-1 (Singapore), prices read {PRICES_READ}")
    print(f"  {'service':<25}{'usage per 1,000 orders':>28}  {'unit price':>16}  {'cost':>10}  {'share':>6}")
    for name, usd in costs.items():
        amount, unit, price = usage_lines[name]
        marker = "" if price.singapore else " *"
        print(
            f"  {name:<25}{amount * scale:>18,.1f} {unit:<9}  {per_million(price):>16}  {money(usd):>10}"
            f"  {usd / total:>6.1%}{marker}"
        )
    ratio = modelled.billed_ms / flow.billed_ms if flow.billed_ms else 1.0
    # in AWS: Lambda's time as modelled, and an Express execution as long as its tasks then take
    express_duration = flow.express_gb_seconds * PRICES["states_express_gb_second"].usd * scale
    in_aws = modelled.gb_seconds * PRICES["lambda_gb_second"].usd * scale
    aws_total = total - costs["Lambda duration"] + in_aws - express_duration * (1 - ratio)
    verdict = "met" if aws_total <= GOAL_USD else "NOT met"
    print(f"  {'total, Lambda time as measured here':<53}  {'':>16}  {money(total):>10}")
    print(f"  {'total in AWS':<53}  {'':>16}  {money(aws_total):>10}   goal at most ${GOAL_USD:.2f}: {verdict}")
    print("  * no Singapore price found: us-east-1's list price stands in (see the price table)")
    print(
        f"  Lambda time here ({money(costs['Lambda duration'])}): every AWS call answered by moto in the runtime's"
        " process (2-core machine,"
    )
    print(
        "  all of it shared): in AWS each call waits longer on the network and each function gets only its share"
        " of a vCPU."
    )
    print(
        f"  In AWS ({modelled.billed_ms / orders:.0f} ms billed per order, {money(in_aws)}): processor time and cold"
        " starts at each function's share of a vCPU, each AWS call's wait in the Region (AWS_LATENCY_MS)."
    )
    dominant = max(costs, key=lambda name: costs[name])
    print(f"  largest: {dominant}, {money(costs[dominant])} ({costs[dominant] / total:.0%} of the total)")
    with_polls = sum(everything.costs().values()) * scale
    print(
        f"  with the bench's {polls / orders:.1f} GETs of the order per order: {money(with_polls)}"
        f" (each GET of an order: {money((with_polls - total) / max(1, polls) * orders / PER)})"
    )
    if aws_total > GOAL_USD:
        print(f"  the goal is not met: {dominant} dominates (see where it goes, below)")


def print_where(counts: dict[str, Any], orders: int, poller: str | None) -> None:
    functions = counts["lambda"]["functions"]
    print("\nWhere it goes, per order (the bench's GET function marked)")
    print(f"  {'Lambda function':<40}{'invocations':>12}{'ms billed':>11}{'GB-s':>9}{'cost':>11}")
    ranked = sorted(functions.items(), key=lambda kv: -kv[1]["gb_seconds"])
    for name, use in ranked[:12]:
        usd = use["invocations"] * PRICES["lambda_request"].usd + use["gb_seconds"] * PRICES["lambda_gb_second"].usd
        mark = " (bench)" if name == poller else ""
        billed = (use["billed_ms"] + use["init_ms"]) / orders
        print(
            f"  {name + mark:<40}{use['invocations'] / orders:>12.2f}{billed:>11.0f}"
            f"{use['gb_seconds'] / orders:>9.4f}{money(usd / orders * PER):>11} /1,000"
        )
    callers = counts["dynamodb"]["by_caller"]
    print(
        f"  {'DynamoDB caller':<40}{'requests':>12}{'read units':>11}{'write units':>12}{'(indexes)':>10}{'cost':>11}"
    )
    for name, units in sorted(callers.items(), key=lambda kv: -kv[1]["write_units"])[:10]:
        usd = units["write_units"] * PRICES["dynamodb_write"].usd + units["read_units"] * PRICES["dynamodb_read"].usd
        mark = " (bench)" if name == poller else ""
        print(
            f"  {name + mark:<40}{units['requests'] / orders:>12.2f}{units['read_units'] / orders:>11.2f}"
            f"{units['write_units'] / orders:>12.2f}{units['index_write_units'] / orders:>10.2f}"
            f"{money(usd / orders * PER):>11} /1,000"
        )
    operations = counts["dynamodb"]["by_operation"]
    print(f"  {'DynamoDB operation':<40}{'requests':>12}{'read units':>11}{'write units':>12}{'(indexes)':>10}")
    for name, units in sorted(operations.items(), key=lambda kv: -kv[1]["write_units"]):
        if units["read_units"] or units["write_units"]:
            print(
                f"  {name:<40}{units['requests'] / orders:>12.2f}{units['read_units'] / orders:>11.2f}"
                f"{units['write_units'] / orders:>12.2f}{units['index_write_units'] / orders:>10.2f}"
            )
    items = counts["dynamodb"].get("by_item", {})
    print(f"  {'DynamoDB item written':<40}{'writes':>12}{'':>11}{'write units':>12}{'(indexes)':>10}{'cost':>11}")
    for name, units in sorted(items.items(), key=lambda kv: -kv[1]["write_units"])[:14]:
        usd = units["write_units"] * PRICES["dynamodb_write"].usd
        print(
            f"  {name:<40}{units['requests'] / orders:>12.2f}{'':>11}"
            f"{units['write_units'] / orders:>12.2f}{units['index_write_units'] / orders:>10.2f}"
            f"{money(usd / orders * PER):>11} /1,000"
        )
    machines = counts["stepfunctions"]["machines"]
    for name, machine in machines.items():
        print(
            f"  state machine {name} ({machine['type']}): {machine['transitions'] / orders:.2f} transitions"
            f" and {machine['executions'] / orders:.2f} executions per order"
        )


def print_prices() -> None:
    print(f"\nPrices (USD, on-demand list prices, first tier; read {PRICES_READ})")
    for price in PRICES.values():
        print(f"  {price.unit:<62}{per_million(price):>16}  {price.region}")
        print(f"  {'':<62}{'':>16}  source: {price.source}")
    print("  Not counted: X-Ray traces (Tracing: Active), CloudWatch Logs and metrics, KMS for the SNS topic's")
    print("  encryption, SNS FIFO payload and delivery charges, data transfer; free tiers are not deducted.")
    print("  Lambda durations in the table are this machine's, with every AWS call answered by moto in the")
    print("  same process; the total in AWS models them as AWS would bill them (see AWS_LATENCY_MS in the bench).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (threads)")
    parser.add_argument("--customers", type=int, default=50, help="customers the orders go round")
    parser.add_argument("--concurrency", type=int, default=None, help="environments per function (product default)")
    args = parser.parse_args()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product(concurrency=args.concurrency) as url:
        company = sign_up(url, "Bench O2C")
        world = set_up(company, args.orders, args.customers)
        quiet(url)
        meter(url, reset=True)
        outcomes, elapsed = run_orders(company, world, args.orders, args.clients)
        counts = quiet(url)
    poller = (counts["apigateway"]["routes"].get(POLL_ROUTE) or {}).get("function")
    flow = usage_of(counts, without_function=poller, without_route=POLL_ROUTE)
    everything = usage_of(counts)
    memories = sorted({f["memory_mb"] for f in counts["lambda"]["functions"].values()})
    memory = "at " + ", ".join(f"{m} MB" for m in memories)
    polls = sum(o.polls for o in outcomes)
    print_throughput(args.orders, args.clients, args.customers, outcomes, elapsed)
    print_per_order(flow, counts, args.orders, memory)
    print_costs(flow, everything, args.orders, polls, modelled_lambda(counts, poller))
    print_where(counts, args.orders, poller)
    print_prices()


if __name__ == "__main__":
    main()
