"""One function per API operation, grouped by resource; importing this registers them all."""

from pytest_cognito_fake.operations import clients, pools, users  # noqa: F401
from pytest_cognito_fake.operations._registry import OPERATIONS

__all__ = ["OPERATIONS"]
