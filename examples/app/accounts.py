"""Account management as production code writes it: boto3 calls, no knowledge of tests.

The tests in ``examples/test_app.py`` run these functions against pytest-cognito-fake.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError


class AlreadyInvited(Exception):
    """The email already belongs to a user of the pool."""


class InvitationNotDelivered(Exception):
    """Cognito created nothing because it could not send the invitation."""


def invite_user(client: Any, pool_id: str, email: str, *, admin: bool = False) -> str:
    """Create a user whose username is ``email``; Cognito emails a temporary password.

    Returns the new user's ``sub``. Admins are marked with the ``custom:role`` attribute.
    """
    attributes = [
        {"Name": "email", "Value": email},
        {"Name": "email_verified", "Value": "true"},
    ]
    if admin:
        attributes.append({"Name": "custom:role", "Value": "admin"})
    try:
        user = client.admin_create_user(
            UserPoolId=pool_id,
            Username=email,
            UserAttributes=attributes,
            DesiredDeliveryMediums=["EMAIL"],
        )["User"]
    except ClientError as error:
        code = error.response["Error"]["Code"]
        if code == "UsernameExistsException":
            raise AlreadyInvited(email) from error
        if code == "CodeDeliveryFailureException":
            raise InvitationNotDelivered(email) from error
        raise
    return next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")


def status_of(client: Any, pool_id: str, email: str) -> str:
    """``FORCE_CHANGE_PASSWORD`` until the invitee signs in and sets a password, and so on."""
    return str(client.admin_get_user(UserPoolId=pool_id, Username=email)["UserStatus"])


def _users(client: Any, pool_id: str, filter_: str) -> Iterator[dict[str, Any]]:
    paginator = client.get_paginator("list_users")
    for page in paginator.paginate(UserPoolId=pool_id, Filter=filter_):
        yield from page["Users"]


def _quoted(value: str) -> str:
    """A value for a ListUsers filter: in double quotes, with quotes and backslashes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def find_by_email(client: Any, pool_id: str, email: str) -> str | None:
    """The username of the user with this email, or None."""
    for user in _users(client, pool_id, f"email = {_quoted(email)}"):
        return str(user["Username"])
    return None


def pending_invitations(client: Any, pool_id: str) -> list[str]:
    """Usernames of invitees who have not signed in yet, in the order ListUsers gives."""
    return [str(u["Username"])
            for u in _users(client, pool_id, 'cognito:user_status = "FORCE_CHANGE_PASSWORD"')]


def list_admins(client: Any, pool_id: str) -> list[str]:
    """Usernames of the users whose ``custom:role`` is ``admin``.

    ListUsers cannot filter on custom attributes, so this reads every page and filters here.
    """
    admins = []
    for page in client.get_paginator("list_users").paginate(UserPoolId=pool_id):
        for user in page["Users"]:
            attributes = {a["Name"]: a["Value"] for a in user["Attributes"]}
            if attributes.get("custom:role") == "admin":
                admins.append(str(user["Username"]))
    return admins
