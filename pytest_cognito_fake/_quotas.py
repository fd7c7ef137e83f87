"""Opt-in API request rate quotas: Cognito's per-category requests per second, on the fake clock.

Off by default. When on (``CognitoFake(quotas=True)``, ``cognito_fake.quotas.enable()`` or the
marker's ``quotas=``), a request beyond its category's rate fails with
``TooManyRequestsException`` ``Rate exceeded`` (status 400, reference cognito-errors.md §1.3),
before the operation runs.

Source [AWS-DOC]: Amazon Cognito Developer Guide, "Quotas in Amazon Cognito", section "Amazon
Cognito user pools API operation categories and request rate quotas"
(https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations):
the categories, their default quotas and their operations (:data:`CATEGORIES`), the special
handling of challenge responses, and the 5 requests per second per user pool of each operation in
the four categories marked there (:data:`PER_POOL_CATEGORIES`). The same defaults appear in the
archived ``awsdocs/amazon-cognito-developer-guide`` ``doc_source/limits.md`` and in Service
Quotas ("Rate of UserPoolResourceUpdate requests per user pool: 5").

How requests are counted (choices, each [INF] where the guide says nothing):

- A quota applies per account and Region [AWS-DOC]: the fake has one account, so requests are
  counted per Region of the request, across all its user pools.
- "Requests per second" is a sliding one-second window on the fake clock: a request is admitted
  while fewer than ``rate`` admitted requests of its category fall in the second before it
  (``now - t < 1``) [INF: Cognito's algorithm is not published]. With a frozen clock, ``rate``
  requests pass and the next fails until the clock moves one second past the first of them.
- A throttled request does not count (CloudWatch counts it as ``ThrottleCount``, not
  ``CallCount``) [INF]. A request that fails input validation never reaches the quota check,
  and an injected fault takes its place (both run first, see ``_protocol.handle``) [INF].
- ``RespondToAuthChallenge`` and ``AdminRespondToAuthChallenge`` have their own budget of three
  times the UserAuthentication rate; beyond it they count toward UserAuthentication. A response
  to ``NEW_PASSWORD_REQUIRED`` counts toward UserAccountRecovery instead [AWS-DOC].
- Operations the guide lists in no category are never throttled [INF].
- Per-user quotas (10 reads and 10 writes per user per second) are not modelled.
- An operation whose botocore model does not list ``TooManyRequestsException`` (e.g.
  ``SetUserMFAPreference``) is throttled all the same; botocore raises the generic error class for
  the code.
- Moving the clock back does not hand back budget early: admitted requests stay counted until
  the clock passes one second after each.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping
from typing import Any

from pytest_cognito_fake.errors import TooManyRequestsException

__all__ = [
    "CATEGORIES",
    "CHALLENGE_RESPONSES",
    "DEFAULT_RATES",
    "PER_POOL_CATEGORIES",
    "PER_POOL_RATE",
    "Quotas",
    "category_of",
]

#: Each category's default quota (requests per second) and its operations, in the guide's order.
CATEGORIES: Mapping[str, tuple[int, tuple[str, ...]]] = {
    "UserAuthentication": (120, (
        "InitiateAuth", "RespondToAuthChallenge", "AdminInitiateAuth",
        "AdminRespondToAuthChallenge", "GetTokensFromRefreshToken",
    )),
    "UserCreation": (50, ("SignUp", "ConfirmSignUp", "AdminCreateUser", "AdminConfirmSignUp")),
    # Federation-endpoint requests only (managed login): no API operation.
    "UserFederation": (25, ()),
    "UserAccountRecovery": (30, (
        "ChangePassword", "ConfirmForgotPassword", "ForgotPassword", "AdminResetUserPassword",
        "AdminSetUserPassword",
    )),
    "UserRead": (120, ("AdminGetUser", "AdminGetUserAuthFactors", "GetUser")),
    "UserUpdate": (25, (
        "AdminAddUserToGroup", "AdminDeleteUserAttributes", "AdminUpdateUserAttributes",
        "AdminDeleteUser", "AdminDisableUser", "AdminEnableUser", "AdminLinkProviderForUser",
        "AdminDisableProviderForUser", "VerifyUserAttribute", "DeleteUser", "DeleteUserAttributes",
        "UpdateUserAttributes", "AdminUserGlobalSignOut", "GlobalSignOut",
        "AdminRemoveUserFromGroup",
    )),
    "UserToken": (120, ("RevokeToken",)),
    "UserResourceRead": (50, (
        "AdminGetDevice", "AdminListGroupsForUser", "AdminListDevices", "GetDevice", "ListDevices",
        "GetUserAttributeVerificationCode", "ResendConfirmationCode", "AdminListUserAuthEvents",
    )),
    "UserResourceUpdate": (25, (
        "AdminForgetDevice", "AdminUpdateAuthEventFeedback", "AdminSetUserMFAPreference",
        "AdminDeleteSoftwareToken", "AdminSetUserSettings", "AdminUpdateDeviceStatus",
        "UpdateDeviceStatus", "UpdateAuthEventFeedback", "ConfirmDevice", "SetUserMFAPreference",
        "SetUserSettings", "VerifySoftwareToken", "AssociateSoftwareToken", "ForgetDevice",
    )),
    "UserList": (30, ("ListUsers", "ListUsersInGroup")),
    "UserPoolRead": (15, ("DescribeUserPool", "ListUserPools")),
    "UserPoolUpdate": (15, ("CreateUserPool", "UpdateUserPool", "DeleteUserPool")),
    "UserPoolResourceRead": (20, (
        "DescribeIdentityProvider", "DescribeResourceServer", "DescribeUserImportJob",
        "DescribeUserPoolDomain", "GetCSVHeader", "GetGroup", "GetSigningCertificate",
        "GetIdentityProviderByIdentifier", "GetUserPoolMfaConfig", "ListGroups",
        "ListIdentityProviders", "ListResourceServers", "ListTagsForResource",
        "ListUserImportJobs", "DescribeRiskConfiguration", "GetUICustomization",
        "DescribeManagedLoginBranding", "DescribeManagedLoginBrandingByClient",
    )),
    "UserPoolResourceUpdate": (15, (
        "AddCustomAttributes", "CreateGroup", "CreateIdentityProvider", "CreateResourceServer",
        "CreateUserImportJob", "CreateUserPoolDomain", "DeleteGroup", "DeleteIdentityProvider",
        "DeleteResourceServer", "DeleteUserPoolDomain", "SetUserPoolMfaConfig",
        "StartUserImportJob", "StopUserImportJob", "UpdateGroup", "UpdateIdentityProvider",
        "UpdateResourceServer", "UpdateUserPoolDomain", "SetRiskConfiguration",
        "SetUICustomization", "TagResource", "UntagResource", "CreateManagedLoginBranding",
        "UpdateManagedLoginBranding", "DeleteManagedLoginBranding",
    )),
    "UserPoolClientRead": (15, ("DescribeUserPoolClient", "ListUserPoolClients")),
    "UserPoolClientUpdate": (15, (
        "CreateUserPoolClient", "DeleteUserPoolClient", "UpdateUserPoolClient",
    )),
    "ClientAuthentication": (150, ("GetClientToken",)),
    "LimitManagement": (1, ("GetProvisionedLimit", "UpdateProvisionedLimit")),
}

#: Default requests per second by category.
DEFAULT_RATES: Mapping[str, int] = {name: rate for name, (rate, _) in CATEGORIES.items()}

#: Operations -> category. Challenge responses are placed by :func:`category_of`.
_CATEGORY_OF: dict[str, str] = {op: name for name, (_, ops) in CATEGORIES.items() for op in ops}

#: The challenge responses and their own budget, a multiple of UserAuthentication's rate.
CHALLENGE_RESPONSES = frozenset({"RespondToAuthChallenge", "AdminRespondToAuthChallenge"})
CHALLENGE_MULTIPLE = 3

#: Categories each of whose operations is also held to :data:`PER_POOL_RATE` per user pool.
PER_POOL_CATEGORIES = frozenset({
    "UserPoolResourceRead", "UserPoolResourceUpdate", "UserPoolClientRead", "UserPoolClientUpdate",
})
PER_POOL_RATE = 5

#: The window "per second" is measured over.
WINDOW = 1.0

_CHALLENGES = "UserAuthentication challenge responses"


def category_of(operation: str, params: Mapping[str, Any] | None = None) -> str | None:
    """The category a request counts toward first, or None for an operation in no category."""
    if operation in CHALLENGE_RESPONSES and params is not None \
            and params.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
        return "UserAccountRecovery"
    return _CATEGORY_OF.get(operation)


def _pool_of(params: Mapping[str, Any]) -> str | None:
    """The user pool a request names: ``UserPoolId``, or the id at the end of a pool ARN
    (TagResource, UntagResource, ListTagsForResource)."""
    pool_id = params.get("UserPoolId")
    if isinstance(pool_id, str):
        return pool_id
    arn = params.get("ResourceArn")
    if isinstance(arn, str) and ":userpool/" in arn:
        return arn.rsplit("/", 1)[-1]
    return None


def _check_rate(category: str, rate: object) -> int:
    if category not in CATEGORIES:
        raise ValueError(f"{category!r} is not a Cognito quota category; one of: "
                         f"{', '.join(CATEGORIES)}")
    if isinstance(rate, bool) or not isinstance(rate, int) or rate < 0:
        raise ValueError(f"the rate of {category} is a whole number of requests per second "
                         f"(0 or more), not {rate!r}")
    return rate


class Quotas:
    """Cognito's API request rate quotas, applied while :attr:`enabled`.

    ``enable(UserAccountRecovery=2)`` turns them on with the given rates overriding the defaults
    (:data:`DEFAULT_RATES`); ``set_rate`` changes one later; ``disable`` turns them off and
    ``reset`` forgets the requests counted so far.
    """

    def __init__(self) -> None:
        #: Whether the quotas apply; read it, change it with :meth:`enable` and :meth:`disable`.
        #: (A plain attribute: every request reads it.)
        self.enabled = False
        self._rates: dict[str, int] = dict(DEFAULT_RATES)
        #: Admitted requests' instants per budget key, oldest first.
        self._windows: dict[tuple[str, ...], collections.deque[float]] = {}
        #: Each operation's rate per user pool in the PER_POOL_CATEGORIES; None turns it off.
        self.per_pool_rate: int | None = PER_POOL_RATE

    def enable(self, **rates: int) -> Quotas:
        """Apply the quotas from now on; ``rates`` override categories' requests per second."""
        checked = {category: _check_rate(category, rate) for category, rate in rates.items()}
        self._rates.update(checked)
        self.enabled = True
        return self

    def disable(self) -> None:
        self.enabled = False

    def rate(self, category: str) -> int:
        """The requests per second ``category`` allows."""
        if category not in self._rates:
            _check_rate(category, 0)
        return self._rates[category]

    @property
    def rates(self) -> Mapping[str, int]:
        """Every category's requests per second (a copy)."""
        return dict(self._rates)

    def set_rate(self, category: str, rate: int) -> None:
        self._rates[category] = _check_rate(category, rate)

    def reset(self) -> None:
        """Forget the requests counted so far: every budget is full again."""
        self._windows.clear()

    def admit(self, operation: str, params: Mapping[str, Any], region: str, now: float) -> None:
        """Count one request, or raise ``TooManyRequestsException`` if its budget is spent.

        Called by the protocol layer while enabled, after input validation and faults.
        """
        category = category_of(operation, params)
        if category is None:
            return
        keys: list[tuple[tuple[str, ...], int]] = []
        if operation in CHALLENGE_RESPONSES and category == "UserAuthentication":
            challenges = (region, _CHALLENGES)
            limit = CHALLENGE_MULTIPLE * self._rates["UserAuthentication"]
            if self._count(challenges, now) < limit:
                keys.append((challenges, limit))
            else:
                # Beyond the challenge budget, the excess counts toward the category [AWS-DOC].
                keys.append(((region, category), self._rates[category]))
        else:
            keys.append(((region, category), self._rates[category]))
        if category in PER_POOL_CATEGORIES and self.per_pool_rate is not None:
            pool_id = _pool_of(params)
            if pool_id is not None:
                keys.append(((region, operation, pool_id), self.per_pool_rate))
        # Check every budget before counting in any, so a throttled request costs nothing.
        for key, limit in keys:
            if self._count(key, now) >= limit:
                raise TooManyRequestsException()
        for key, _ in keys:
            self._windows.setdefault(key, collections.deque()).append(now)

    def _count(self, key: tuple[str, ...], now: float) -> int:
        window = self._windows.get(key)
        if window is None:
            return 0
        while window and now - window[0] >= WINDOW:
            window.popleft()
        return len(window)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._rates.items() if DEFAULT_RATES.get(k) != v}
        state = "enabled" if self.enabled else "disabled"
        return f"<Quotas {state}{f' {changed}' if changed else ''}>"
