"""What real Cognito fills in when a request leaves something out, in one place.

Source: ../shared/reference/defaults.md (section numbers below). Where that page marks a value
[INF], it is still chosen here and only here, so a correction is a one-line change.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar, cast

T = TypeVar("T")

#: §1.2: a name-only pool's password policy. No PasswordHistorySize key unless set.
DEFAULT_PASSWORD_POLICY: dict[str, Any] = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}

DEFAULT_SIGN_IN_POLICY: dict[str, Any] = {"AllowedFirstAuthFactors": ["PASSWORD"]}

#: §1.2 AccountRecoverySetting: the email-first pair newer pools report [REAL, contested].
DEFAULT_ACCOUNT_RECOVERY: dict[str, Any] = {
    "RecoveryMechanisms": [
        {"Priority": 1, "Name": "verified_email"},
        {"Priority": 2, "Name": "verified_phone_number"},
    ]
}

#: §1.2: members a name-only pool has, besides ids, dates, schema and the policy.
POOL_DEFAULTS: dict[str, Any] = {
    "DeletionProtection": "INACTIVE",
    "LambdaConfig": {},
    "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
    "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": []},
    "MfaConfiguration": "OFF",
    "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False, "UnusedAccountValidityDays": 7},
    "AccountRecoverySetting": DEFAULT_ACCOUNT_RECOVERY,
    "UserPoolTier": "ESSENTIALS",
}

_TEXT = {"MinLength": "0", "MaxLength": "2048"}


def _attr(name: str, kind: str = "String", *, mutable: bool = True, required: bool = False,
          constraints: dict[str, str] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "Name": name,
        "AttributeDataType": kind,
        "DeveloperOnlyAttribute": False,
        "Mutable": mutable,
        "Required": required,
    }
    if kind == "String":
        item["StringAttributeConstraints"] = dict(constraints or _TEXT)
    elif kind == "Number":
        item["NumberAttributeConstraints"] = dict(constraints or {"MinValue": "0"})
    return item


#: §1.4: the 20 standard attributes, in the order API-created pools list them.
STANDARD_SCHEMA: list[dict[str, Any]] = [
    _attr("sub", mutable=False, required=True, constraints={"MinLength": "1", "MaxLength": "2048"}),
    _attr("name"),
    _attr("given_name"),
    _attr("family_name"),
    _attr("middle_name"),
    _attr("nickname"),
    _attr("preferred_username"),
    _attr("profile"),
    _attr("picture"),
    _attr("website"),
    _attr("email"),
    _attr("email_verified", "Boolean"),
    _attr("gender"),
    _attr("birthdate", constraints={"MinLength": "10", "MaxLength": "10"}),
    _attr("zoneinfo"),
    _attr("locale"),
    _attr("phone_number"),
    _attr("phone_number_verified", "Boolean"),
    _attr("address"),
    _attr("updated_at", "Number"),
]

STANDARD_ATTRIBUTE_NAMES = frozenset(a["Name"] for a in STANDARD_SCHEMA)

#: §1.4: a custom String attribute created without constraints comes back with this [INF].
CUSTOM_STRING_DEFAULT_CONSTRAINTS: dict[str, str] = {"MaxLength": "2048"}

#: §2.1/§2.2: a client created with only a name.
CLIENT_DEFAULTS: dict[str, Any] = {
    "RefreshTokenValidity": 30,
    "TokenValidityUnits": {},
    "AllowedOAuthFlowsUserPoolClient": False,
    "EnableTokenRevocation": True,
    "EnablePropagateAdditionalUserContextData": False,
    "AuthSessionValidity": 3,
}

#: §2.2: the flows a client without ExplicitAuthFlows still allows.
DEFAULT_EXPLICIT_AUTH_FLOWS = (
    "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH",
)

#: §4.2: page size when none (or 0) is given, and the most a page holds.
DEFAULT_PAGE_SIZE = 60

#: §5.3: symbols a password may use to satisfy RequireSymbols (space counts too).
PASSWORD_SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "

#: §3: built-in texts a pool without templates sends (the Describe output stays empty).
BUILT_IN_MESSAGES: dict[str, dict[str, str]] = {
    "verification": {
        "subject": "Your verification code",
        "email": "Your verification code is {####}.",
        "sms": "Your verification code is {####}.",
    },
    "forgot_password": {
        "subject": "Your verification code",
        "email": "Your password reset code is {####}",
        "sms": "Your password reset code is {####}",
    },
    "invitation": {
        "subject": "Your temporary password",
        "email": "Your username is {username} and temporary password is {####}.",
        "sms": "Your username is {username} and temporary password is {####}.",
    },
    "mfa": {
        "subject": "Your authentication code",
        "email": "Your authentication code is {####}.",
        "sms": "Your authentication code is {####}.",
    },
}


def fresh(value: T) -> T:
    """A deep copy, so stored settings never alias these constants. Members that are null are
    left out: Cognito reads a JSON null member as an absent one, and never sends one back."""
    if isinstance(value, dict):
        return cast(T, {k: fresh(v) for k, v in value.items() if v is not None})
    if isinstance(value, list):
        return cast(T, [fresh(v) for v in value])
    return copy.deepcopy(value)
