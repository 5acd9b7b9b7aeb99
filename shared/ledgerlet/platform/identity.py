"""The Cognito user pool: creating users, logging in, refreshing tokens."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ledgerlet.errors import Conflict, FieldError, Unauthorized, invalid_field
from ledgerlet.formats import EMAIL_PATTERN, FORMATS
from ledgerlet.hub.aws import client
from ledgerlet.platform.common import error_code
from ledgerlet.platform.schemas import Tokens
from ledgerlet.settings import settings

TENANT_ATTRIBUTE = "custom:tenant_id"
_BAD_LOGIN = (
    "NotAuthorizedException",
    "UserNotFoundException",
    "UserNotConfirmedException",
    "PasswordResetRequiredException",
)


def _cognito() -> Any:
    return client("cognito-idp")


def _pool() -> str:
    return settings().user_pool_id


def create_user(email: str, password: str, tenant_id: str, *, email_field: str, password_field: str) -> str:
    """Create a confirmed user with a permanent password; returns the user's ``sub``."""
    try:
        answer = _cognito().admin_create_user(
            UserPoolId=_pool(),
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": TENANT_ATTRIBUTE, "Value": tenant_id},
            ],
            MessageAction="SUPPRESS",
        )
    except Exception as exc:
        if error_code(exc) in ("UsernameExistsException", "AliasExistsException"):
            raise Conflict(
                f"{email} already has an account", [FieldError(email_field, "already has an account", "email.taken")]
            ) from exc
        if error_code(exc) == "InvalidParameterException":  # an address the user pool does not take
            raise invalid_field(
                email_field, "not an e-mail address the sign-in takes", "format.email", **FORMATS[EMAIL_PATTERN].params
            ) from exc
        raise
    attributes = {a["Name"]: a["Value"] for a in answer["User"].get("Attributes", [])}
    sub = attributes.get("sub") or answer["User"]["Username"]
    try:
        _cognito().admin_set_user_password(UserPoolId=_pool(), Username=email, Password=password, Permanent=True)
    except Exception as exc:
        delete_user(email)
        if error_code(exc) == "InvalidPasswordException":
            raise invalid_field(password_field, "does not meet the password policy", "password.policy") from exc
        raise
    return str(sub)


def tenant_of_user(email: str) -> str | None:
    """The tenant a pool user belongs to, or None when there is no such user."""
    try:
        answer = _cognito().admin_get_user(UserPoolId=_pool(), Username=email)
    except Exception as exc:
        if error_code(exc) == "UserNotFoundException":
            return None
        raise
    attributes = {a["Name"]: a["Value"] for a in answer.get("UserAttributes", [])}
    return attributes.get(TENANT_ATTRIBUTE, "")


def delete_user(email: str) -> None:
    try:
        _cognito().admin_delete_user(UserPoolId=_pool(), Username=email)
    except Exception as exc:
        if error_code(exc) != "UserNotFoundException":
            raise


def set_enabled(email: str, enabled: bool) -> None:
    operation = _cognito().admin_enable_user if enabled else _cognito().admin_disable_user
    operation(UserPoolId=_pool(), Username=email)


def login(email: str, password: str) -> Tokens:
    try:
        answer = _cognito().initiate_auth(
            ClientId=settings().user_pool_client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    except Exception as exc:
        if error_code(exc) in _BAD_LOGIN:
            raise Unauthorized("wrong e-mail or password") from exc
        raise
    return _tokens(answer)


def refresh(refresh_token: str) -> Tokens:
    try:
        answer = _cognito().initiate_auth(
            ClientId=settings().user_pool_client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
    except Exception as exc:
        if error_code(exc) in (*_BAD_LOGIN, "InvalidParameterException"):
            raise Unauthorized("the refresh token is invalid or expired") from exc
        raise
    return _tokens(answer, refresh_token)


def _tokens(answer: dict[str, Any], refresh_token: str | None = None) -> Tokens:
    result = answer.get("AuthenticationResult")
    if not result:  # a challenge (e.g. NEW_PASSWORD_REQUIRED): not supported through this API
        raise Unauthorized(f"the account needs attention first ({answer.get('ChallengeName', 'challenge')})")
    id_token = result["IdToken"]
    return Tokens(
        id_token=id_token,
        access_token=result["AccessToken"],
        refresh_token=result.get("RefreshToken") or refresh_token,
        expires_in=int(result.get("ExpiresIn", 3600)),
        tenant_id=_unverified_claims(id_token).get(TENANT_ATTRIBUTE),
    )


def _unverified_claims(token: str) -> dict[str, Any]:
    """Claims of a token Cognito has just handed us (no need to verify our own direct answer)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError, binascii.Error):
        return {}
    return claims if isinstance(claims, dict) else {}
