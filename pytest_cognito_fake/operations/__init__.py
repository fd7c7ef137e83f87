"""One function per API operation, grouped by resource; importing this registers them all."""

from pytest_cognito_fake.operations import (  # noqa: F401
    auth,
    auth_triggers,
    clients,
    custom_auth,
    devices,
    groups,
    list_users,
    mfa,
    pools,
    recovery,
    signup,
    srp,
    token_ops,
    user_auth,
    users,
)
from pytest_cognito_fake.operations._registry import OPERATIONS

__all__ = ["OPERATIONS"]
