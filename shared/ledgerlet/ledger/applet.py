"""The general ledger: posting from the hub's events, reports, settings, posting exceptions and the
period close (a Step Functions workflow). Deployed with the finance applets (stacks/finance.yaml)."""

from __future__ import annotations

from ledgerlet.applet_spec import BACKGROUND_MEMORY_MB, Applet, Domain, Function, Route, Subscription, WorkQueue

DOMAIN = Domain(
    name="ledger",
    package="ledgerlet.ledger",
    stack="finance",
    applets=(Applet("ledger", "General ledger and reports", "Finance", ("read", "manage", "close"), core=True),),
    key_prefixes=("ENTRY", "ENTRIES", "GL", "BAL", "LEDGER", "POSTING", "CLOSE"),
    functions=(
        Function(
            "LedgerPostingFunction",
            "ledger/post_documents.handler",
            role="LedgerPostingRole",
            timeout=120,
            memory_mb=BACKGROUND_MEMORY_MB,
        ),
        Function(
            "LedgerTrialBalanceFunction", "ledger/trial_balance.handler", (Route("get", "/v1/ledger/trial-balance"),)
        ),
        Function(
            "LedgerBalanceSheetFunction", "ledger/balance_sheet.handler", (Route("get", "/v1/ledger/balance-sheet"),)
        ),
        Function("LedgerDashboardFunction", "ledger/dashboard.handler", (Route("get", "/v1/ledger/dashboard"),)),
        Function(
            "LedgerProfitAndLossFunction",
            "ledger/profit_and_loss.handler",
            (Route("get", "/v1/ledger/profit-and-loss"),),
        ),
        Function(
            "LedgerAccountLedgerFunction",
            "ledger/account_ledger.handler",
            (Route("get", "/v1/ledger/accounts/{id}/ledger"),),
        ),
        Function(
            "LedgerEntriesFunction",
            "ledger/entries.handler",
            (Route("get", "/v1/ledger/entries"), Route("get", "/v1/ledger/entries/{id}")),
        ),
        Function(
            "LedgerSettingsFunction",
            "ledger/settings.handler",
            (Route("get", "/v1/ledger/settings"), Route("get", "/v1/ledger/settings/history")),
        ),
        Function(
            "LedgerUpdateSettingsFunction", "ledger/update_settings.handler", (Route("put", "/v1/ledger/settings"),)
        ),
        Function("LedgerExceptionsFunction", "ledger/exceptions.handler", (Route("get", "/v1/ledger/exceptions"),)),
        Function(
            "LedgerRetryFunction",
            "ledger/retry.handler",
            (Route("post", "/v1/ledger/exceptions/{document_type}/{document_id}/retry"),),
        ),
        # Opening balances: a CSV becomes one journal, which posts like any other (the ledger
        # checks the balances; the journal is created through the finance applets' contract).
        Function(
            "JournalsImportOpeningFunction",
            "journals/import_opening.handler",
            (Route("post", "/v1/journals/opening-balances"),),
        ),
        # The sweep: every few minutes each active tenant's documents pending for too long are posted
        # (or failed with a posting exception), whatever became of their events (ledgerlet.ledger.sweep).
        Function(
            "LedgerSweepFunction",
            "ledger/sweep.handler",
            role="TenantFanOutRole",
            timeout=60,
            schedules={"Every5Minutes": "rate(5 minutes)"},
            environment={"LEDGER_SWEEP_QUEUE_URL": {"Ref": "LedgerSweepQueue"}},
        ),
        Function("LedgerSweepTenantFunction", "ledger/sweep_tenant.handler", timeout=120),
        # The period close (statemachines/period_close.asl.json): each step skips itself when done.
        Function("PeriodCloseRevalueFunction", "close/revalue.handler", timeout=120),
        Function("PeriodCloseCheckAllPostedFunction", "close/check_all_posted.handler", timeout=60),
        Function("PeriodCloseCheckTrialBalanceFunction", "close/check_trial_balance.handler", timeout=60),
        Function("PeriodCloseLockFunction", "close/lock.handler"),
        Function("PeriodCloseRecordFailureFunction", "close/record_failure.handler"),
        Function(
            "LedgerCloseStartFunction",
            "close/start.handler",
            (Route("post", "/v1/ledger/closes"),),
            role="LedgerCloseStarterRole",
            environment={"PERIOD_CLOSE_STATE_MACHINE_ARN": {"Ref": "PeriodCloseStateMachine"}},
        ),
        Function(
            "LedgerCloseGetFunction",
            "close/get.handler",
            (Route("get", "/v1/ledger/closes/{period}"), Route("get", "/v1/ledger/closes")),
        ),
    ),
    subscriptions=(
        # Pending documents. Order across documents does not matter to the ledger (each posting is
        # exactly-once by its markers), so a standard queue, whose batches can be larger.
        Subscription(
            "LedgerPosting",
            function="LedgerPostingFunction",
            filter={"eventName": ["INSERT", "MODIFY"], "dynamodb": {"NewImage": {"posting_state": {"S": ["pending"]}}}},
            visibility_timeout={"Ref": "PostingRetrySeconds"},
            batch_size=25,  # without a batching window: a document posts as soon as it is written
        ),
    ),
    queues=(WorkQueue("LedgerSweep", function="LedgerSweepTenantFunction", visibility_timeout=720),),
    openapi="ledgerlet.ledger.routes:register",
)
