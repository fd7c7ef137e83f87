"""The example application (``examples/app``) tested against pytest-cognito-fake.

The application code makes ordinary boto3 calls; the ``cognito_fake`` fixture answers them as
Cognito would, and the test reads what Cognito "sent" from the outbox.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from app.accounts import (
    AlreadyInvited,
    InvitationNotDelivered,
    find_by_email,
    invite_user,
    list_admins,
    pending_invitations,
    status_of,
)

from pytest_cognito_fake import CognitoFake


@pytest.fixture
def client(cognito_fake: CognitoFake) -> Any:
    return boto3.client("cognito-idp", region_name=cognito_fake.region)


@pytest.fixture
def pool_id(client: Any) -> str:
    """A pool with the custom ``role`` attribute the application uses."""
    pool = client.create_user_pool(
        PoolName="accounts",
        Schema=[{"Name": "role", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]
    return str(pool["Id"])


def test_an_invitation_emails_a_temporary_password(
    cognito_fake: CognitoFake, client: Any, pool_id: str
) -> None:
    sub = invite_user(client, pool_id, "ana@example.com")

    message = cognito_fake.outbox.last("ana@example.com")
    assert (message.kind, message.medium, message.to) == ("invitation", "EMAIL", "ana@example.com")
    assert message.code is not None
    assert message.code in message.body
    assert status_of(client, pool_id, "ana@example.com") == "FORCE_CHANGE_PASSWORD"
    user = client.admin_get_user(UserPoolId=pool_id, Username="ana@example.com")
    assert {"Name": "sub", "Value": sub} in user["UserAttributes"]


def test_inviting_the_same_email_twice_is_refused(client: Any, pool_id: str) -> None:
    invite_user(client, pool_id, "ana@example.com")

    with pytest.raises(AlreadyInvited) as excinfo:
        invite_user(client, pool_id, "ana@example.com")

    cause: Any = excinfo.value.__cause__
    assert cause.response["Error"] == {"Code": "UsernameExistsException",
                                       "Message": "User account already exists"}


def test_an_undeliverable_invitation_creates_no_user(
    cognito_fake: CognitoFake, client: Any, pool_id: str
) -> None:
    cognito_fake.faults.inject("AdminCreateUser", "CodeDeliveryFailureException")

    with pytest.raises(InvitationNotDelivered):
        invite_user(client, pool_id, "bo@example.com")

    assert find_by_email(client, pool_id, "bo@example.com") is None
    assert [c.error for c in cognito_fake.calls.of("AdminCreateUser")] == [
        "CodeDeliveryFailureException"]


def test_find_by_email_uses_a_listusers_filter(
    cognito_fake: CognitoFake, client: Any, pool_id: str
) -> None:
    for email in ("ana@example.com", "bo@example.com", 'quote"d@example.com'):
        invite_user(client, pool_id, email)

    assert find_by_email(client, pool_id, "bo@example.com") == "bo@example.com"
    assert find_by_email(client, pool_id, 'quote"d@example.com') == 'quote"d@example.com'
    assert find_by_email(client, pool_id, "nobody@example.com") is None
    sent = [c.params["Filter"] for c in cognito_fake.calls.of("ListUsers")]
    assert sent[0] == 'email = "bo@example.com"'


def test_pending_invitations_lists_force_change_password_users(
    cognito_fake: CognitoFake, client: Any, pool_id: str
) -> None:
    for n in range(75):  # more than one page of ListUsers
        invite_user(client, pool_id, f"user{n:02}@example.com")
    cognito_fake.call("AdminSetUserPassword", UserPoolId=pool_id, Username="user07@example.com",
                      Password="A-long-enough-Passw0rd", Permanent=True)

    pending = pending_invitations(client, pool_id)

    assert len(pending) == 74
    assert "user07@example.com" not in pending
    assert status_of(client, pool_id, "user07@example.com") == "CONFIRMED"


def test_list_admins_reads_the_custom_role(client: Any, pool_id: str) -> None:
    invite_user(client, pool_id, "ana@example.com", admin=True)
    invite_user(client, pool_id, "bo@example.com")
    invite_user(client, pool_id, "cy@example.com", admin=True)

    assert sorted(list_admins(client, pool_id)) == ["ana@example.com", "cy@example.com"]
