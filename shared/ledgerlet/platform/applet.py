"""The control plane: companies (tenants), users and invitations, roles, the applet store, and the
onboarding workflow. A Chalice app over the platform table; in the hub it writes only the access
projection (``<tenant>#ACCESS``). Its stack: stacks/platform.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route

DOMAIN = Domain(
    name="platform",
    package="ledgerlet.platform",
    stack="platform",
    applets=(
        Applet("company", "Company profile", "Administration", ("read", "update"), core=True),
        Applet("users", "Users and invitations", "Administration", ("read", "invite", "update"), core=True),
        Applet("roles", "Roles and permissions", "Administration", ("read", "manage"), core=True),
        Applet("store", "Applet store", "Administration", ("read", "manage"), core=True),
    ),
    key_prefixes=("ACCESS",),
    functions=(
        # Sign-up, login, refresh and accepting an invitation are public; everything else under
        # /v1/platform goes through the greedy route (the Chalice app routes it, from OPERATIONS).
        Function(
            "PlatformFunction",
            "platform/app.app",
            (
                Route("any", "/v1/platform/{proxy+}"),
                Route("post", "/v1/platform/signup", public=True),
                Route("post", "/v1/platform/login", public=True),
                Route("post", "/v1/platform/refresh", public=True),
                Route("post", "/v1/platform/invitations/accept", public=True),
            ),
            role="ControlPlaneRole",
            timeout=30,  # sign-up waits up to ~20 s for onboarding
            environment={"ONBOARDING_STATE_MACHINE_ARN": {"Ref": "OnboardingStateMachine"}},
        ),
        # The API's OpenAPI document (every domain's routes): public, and touching no data.
        Function("OpenApiFunction", "openapi/get.handler", (Route("get", "/v1/openapi.json", public=True),), role=None),
        # Onboarding (statemachines/onboarding.asl.json): idempotent steps. Seeding writes the new
        # company's master data and ledger settings, tenant-scoped, through those domains' contracts.
        Function("OnboardingSeedDefaultsFunction", "platform/onboarding.seed_defaults", timeout=60),
        Function(
            "OnboardingSwitchOnDefaultAppletsFunction",
            "platform/onboarding.switch_on_default_applets",
            role="OnboardingRole",
        ),
        Function("OnboardingActivateFunction", "platform/onboarding.activate", role="OnboardingRole"),
        Function("OnboardingMarkFailedFunction", "platform/onboarding.mark_failed", role="OnboardingRole"),
    ),
    openapi="ledgerlet.platform.routes:register",
)
