"""Request and response bodies of the control plane (pydantic v2; they also feed the OpenAPI)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ledgerlet.formats import (
    EMAIL_PATTERN,
    ROLE_NAME_PATTERN,
    SSM_EXAMPLE,
    SSM_PATTERN,
    TIN_EXAMPLE,
    TIN_PATTERN,
    formatted,
)
from ledgerlet.timezones import DEFAULT_TIME_ZONE, TimeZone

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[
    str, formatted(EMAIL_PATTERN, "email", "ap@example.com.my", strip_whitespace=True, to_lower=True, max_length=254)
]
Brn = Annotated[str, formatted(SSM_PATTERN, "brn", SSM_EXAMPLE, strip_whitespace=True, to_upper=True)]
Tin = Annotated[str, formatted(TIN_PATTERN, "tin", TIN_EXAMPLE, strip_whitespace=True, to_upper=True)]
SstNumber = Annotated[
    str,
    formatted(r"^[A-Z0-9][A-Z0-9-]{4,24}$", "sst_number", "W10-1808-32000104", strip_whitespace=True, to_upper=True),
]
Month = Annotated[int, Field(ge=1, le=12, strict=True)]
RoleName = Annotated[str, StringConstraints(pattern=ROLE_NAME_PATTERN)]
MalaysianState = Literal[
    "Johor",
    "Kedah",
    "Kelantan",
    "Melaka",
    "Negeri Sembilan",
    "Pahang",
    "Perak",
    "Perlis",
    "Pulau Pinang",
    "Sabah",
    "Sarawak",
    "Selangor",
    "Terengganu",
    "Kuala Lumpur",
    "Labuan",
    "Putrajaya",
]


def _password_policy(value: str) -> str:
    """The user pool's policy: at least 10 characters with an upper, a lower case letter and a digit."""
    problems = []
    if len(value) < 10:
        problems.append("at least 10 characters")
    if not re.search(r"[A-Z]", value):
        problems.append("an upper-case letter")
    if not re.search(r"[a-z]", value):
        problems.append("a lower-case letter")
    if not re.search(r"[0-9]", value):
        problems.append("a digit")
    if problems:
        raise PydanticCustomError("password.weak", "the password needs " + ", ".join(problems))
    return value


# The policy above as the schema states it (an upper and a lower case letter, a digit, 10 characters or more).
PASSWORD_SCHEMA = {"format": "password", "pattern": r"^(?=[\s\S]*[A-Z])(?=[\s\S]*[a-z])(?=[\s\S]*[0-9])[\s\S]{10,}$"}
Password = Annotated[str, Field(max_length=256, json_schema_extra=PASSWORD_SCHEMA)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------- sign-up, login
class SignupRequest(_Body):
    legal_name: Text = Field(description="The company's registered name.")
    brn: Brn = Field(description="SSM business registration number, e.g. 202001012345.")
    tin: Tin = Field(description="LHDN tax identification number, e.g. C1234567890.")
    sst_number: SstNumber | None = Field(None, description="SST registration number, if registered.")
    base_currency: Literal["MYR"] = "MYR"
    fiscal_year_start_month: Month = 1
    time_zone: TimeZone = DEFAULT_TIME_ZONE
    admin_email: Email
    admin_password: Password
    admin_name: Text

    _pw = field_validator("admin_password")(_password_policy)


class LoginRequest(_Body):
    email: Email
    password: Annotated[str, Field(min_length=1, max_length=256)]


class RefreshRequest(_Body):
    refresh_token: Annotated[str, Field(min_length=1)]


class Tokens(BaseModel):
    id_token: str = Field(description="Send as `Authorization: Bearer <id_token>`.")
    access_token: str
    refresh_token: str | None = None
    expires_in: int
    tenant_id: str | None = None


# ---------------------------------------------------------------------------------- the company
class Address(_Body):
    line1: Text
    line2: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    city: Text
    postcode: Annotated[str, formatted(r"^[0-9]{5}$", "postcode", "50450")]
    state: MalaysianState
    country: Literal["MY"] = "MY"


class TenantProfile(BaseModel):
    id: str
    status: Literal["provisioning", "active", "failed"]
    legal_name: str
    brn: str
    tin: str
    sst_number: str | None = None
    base_currency: str
    fiscal_year_start_month: int
    time_zone: str
    address: Address | None = None
    created_at: str
    updated_at: str


class TenantPatch(_Body):
    """Only the fields present change; ``null`` clears ``sst_number`` and ``address``."""

    # Left out, these stay as they are; null is refused (SkipJsonSchema keeps null out of the document).
    legal_name: Text | SkipJsonSchema[None] = None
    brn: Brn | SkipJsonSchema[None] = None
    tin: Tin | SkipJsonSchema[None] = None
    sst_number: SstNumber | None = None
    address: Address | None = None
    fiscal_year_start_month: Month | SkipJsonSchema[None] = None
    time_zone: TimeZone | SkipJsonSchema[None] = None
    # Immutable: any value is refused by name, so the document leaves it out.
    base_currency: SkipJsonSchema[str | None] = None

    @field_validator("base_currency")
    @classmethod
    def _immutable(cls, value: str | None) -> str | None:
        raise PydanticCustomError("currency.fixed", "the base currency cannot be changed after sign-up")

    @field_validator("legal_name", "brn", "tin", "fiscal_year_start_month", "time_zone", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError("required", "cannot be null")
        return value


class SignupResponse(BaseModel):
    tenant: TenantProfile
    admin_user_id: str
    detail: str


# ---------------------------------------------------------------------------------- users
class User(BaseModel):
    id: str
    email: str
    name: str
    roles: list[str]
    status: Literal["active", "disabled"]
    created_at: str
    updated_at: str


class UserList(BaseModel):
    items: list[User]


class UserPatch(_Body):
    roles: list[RoleName] | None = Field(None, max_length=20)
    status: Literal["active", "disabled"] | None = None


class Me(BaseModel):
    user: User
    roles: list[str]
    permissions: list[str] = Field(description="The union of the user's roles' permissions.")
    applets: list[str] = Field(description="Applets switched on for the company (core ones included).")
    tenant: TenantProfile


# ---------------------------------------------------------------------------------- invitations
class InvitationCreate(_Body):
    email: Email
    roles: list[RoleName] = Field(min_length=1, max_length=20)


class Invitation(BaseModel):
    id: str
    email: str
    roles: list[str]
    status: Literal["pending", "accepted"]
    invited_by: str
    created_at: str
    expires_at: str


class InvitationCreated(Invitation):
    token: str = Field(
        description=(
            "Shown once; only its SHA-256 is stored. E-mail delivery is not part of the platform yet: "
            "hand the token to the invitee, who accepts it at POST /v1/platform/invitations/accept."
        )
    )


class InvitationList(BaseModel):
    items: list[Invitation]


class InvitationAccept(_Body):
    token: Annotated[str, Field(min_length=1, max_length=200)]
    name: Text
    password: Password

    _pw = field_validator("password")(_password_policy)


class InvitationAccepted(BaseModel):
    tenant_id: str
    user: User


# ---------------------------------------------------------------------------------- roles
class AppletActions(BaseModel):
    id: str
    name: str
    category: str
    core: bool
    actions: list[str]
    needs: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Per action, the permissions its forms also need (e.g. a receipt's `create` reads accounts).",
    )


class PermissionCatalogue(BaseModel):
    applets: list[AppletActions]
    wildcards: list[str] = Field(description="`*` stands for any applet or any action.")


class Role(BaseModel):
    name: str
    description: str
    permissions: list[str]
    built_in: bool
    users: int = Field(description="Users holding this role.")


class RoleList(BaseModel):
    items: list[Role]


class RolePut(_Body):
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    permissions: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]] = Field(
        max_length=200, description='e.g. ["customers:create", "accounts:*", "*:read"]'
    )


# ---------------------------------------------------------------------------------- applet store
class Applet(AppletActions):
    enabled: bool


class AppletList(BaseModel):
    items: list[Applet]


class AppletToggle(_Body):
    enabled: Annotated[bool, Field(strict=True)]


# ---------------------------------------------------------------------------------- marketplace connections
Platform = Literal["shopee", "lazada"]
ShopId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{1,20}$")]
HubId = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$")]
Token = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class ConnectionCredentials(_Body):
    """The shop's tokens, from authorising Ledgerlet's app on the platform. Written to Secrets Manager,
    never answered."""

    access_token: Token
    refresh_token: Token
    expires_at: int | None = Field(default=None, ge=0, description="When the access token expires (epoch seconds).")


class ConnectionSettings(_Body):
    location_id: HubId = Field(description="The warehouse its orders ship from (stock is held and synced there).")
    customer_id: HubId = Field(description="The customer its sales are invoiced to: the marketplace, which collects.")
    wallet_cash_book_id: HubId = Field(
        description="The seller balance on the marketplace: order income comes in and fees go out there."
    )
    price_book_id: HubId | None = Field(default=None, description="Its prices, for price checks (none: the items').")
    commission_account_id: HubId = Field(description="Expense account of the marketplace's commission.")
    service_fee_account_id: HubId = Field(description="Expense account of its service fees.")
    transaction_fee_account_id: HubId = Field(description="Expense account of its payment (transaction) fees.")
    einvoice_policy: Literal["platform", "own"] = Field(
        default="platform",
        description="`platform`: the marketplace issues the buyers' e-invoices (its sales stay out of this "
        "company's MyInvois queue); `own`: this company issues them (B2C ones go into the month's consolidated "
        "e-invoice).",
    )
    stock_sync: bool = Field(default=True, description="Send the location's available stock to the shop.")


class ConnectionCreate(ConnectionSettings):
    platform: Platform
    shop_id: ShopId = Field(description="Shopee's shop_id or Lazada's seller_id.")
    name: Text
    credentials: ConnectionCredentials


class ConnectionPatch(_Body):
    """Only the fields present change; ``credentials`` replaces the tokens."""

    version: int = Field(ge=1, description="The version read: a connection changed since answers 409.")
    name: Text | SkipJsonSchema[None] = None
    status: Literal["active", "paused"] | SkipJsonSchema[None] = None
    location_id: HubId | SkipJsonSchema[None] = None
    customer_id: HubId | SkipJsonSchema[None] = None
    wallet_cash_book_id: HubId | SkipJsonSchema[None] = None
    price_book_id: HubId | None = None
    commission_account_id: HubId | SkipJsonSchema[None] = None
    service_fee_account_id: HubId | SkipJsonSchema[None] = None
    transaction_fee_account_id: HubId | SkipJsonSchema[None] = None
    einvoice_policy: Literal["platform", "own"] | SkipJsonSchema[None] = None
    stock_sync: bool | SkipJsonSchema[None] = None
    credentials: ConnectionCredentials | SkipJsonSchema[None] = None


class Connection(ConnectionSettings):
    model_config = ConfigDict(extra="ignore")

    id: str
    platform: Platform
    shop_id: str
    name: str
    status: str
    version: int
    webhook_path: str = Field(description="Where the platform pushes (the app's push URL, under the API's).")
    credentials_updated_at: str | None = None
    created_at: str
    updated_at: str


class ConnectionList(BaseModel):
    items: list[Connection]
