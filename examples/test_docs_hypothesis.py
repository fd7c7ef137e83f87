"""The code of docs/hypothesis.md, run as tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from app.accounts import pending_invitations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_cognito_fake import CognitoFake, mock_cognito
from pytest_cognito_fake import strategies as cst


@pytest.fixture(scope="module")
def idp() -> Any:
    """One boto3 client for the module's examples: a client holds nothing of the fake."""
    return boto3.client("cognito-idp", region_name="us-east-1")


SHOP = {"user_pools": [{
    "PoolName": "shop",
    "AutoVerifiedAttributes": ["email"],
    "clients": [{"ClientName": "web"}],
}]}


def sign_up(client: Any, client_id: str, username: str, password: str,
            email: str | None = None) -> str:
    """The code under test: sign a user up; a refused password becomes the form's message."""
    attributes = [{"Name": "email", "Value": email}] if email else []
    try:
        client.sign_up(ClientId=client_id, Username=username, Password=password,
                       UserAttributes=attributes)
    except client.exceptions.InvalidPasswordException as error:
        # "Password did not conform with policy: Password not long enough"
        return str(error.response["Error"]["Message"]).split(": ", 1)[1]
    return "ok"


def confirm(client: Any, client_id: str, username: str, code: str) -> bool:
    """The code under test: confirm a sign-up; False when the code has expired."""
    try:
        client.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=code)
    except client.exceptions.ExpiredCodeException:
        return False
    return True


@settings(max_examples=25, deadline=None)
@given(username=cst.usernames(), password=cst.passwords())
@mock_cognito
def test_any_valid_sign_up_succeeds(idp: Any, username: str, password: str,
                                    cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]

    assert sign_up(idp, shop.client_id, username, password) == "ok"

    user = idp.admin_get_user(UserPoolId=shop.user_pool_id, Username=username)
    assert user["UserStatus"] == "UNCONFIRMED"


@settings(max_examples=25, deadline=None)
@given(data=st.data(), rule=st.sampled_from(sorted(cst.RULES)))
def test_the_form_names_the_rule_a_password_breaks(idp: Any, data: st.DataObject,
                                                   rule: str) -> None:
    password = data.draw(cst.passwords(breaking=rule))

    with mock_cognito() as fake:
        shop = fake.seed(SHOP)[0]
        message = sign_up(idp, shop.client_id, "ana", password)

    assert message == cst.RULES[rule]


@settings(max_examples=20, deadline=None)
@given(spec=cst.seed_specs(max_users=8))
@mock_cognito
def test_pending_invitations_are_the_users_without_a_password(
        idp: Any, spec: dict[str, Any], cognito_fake: CognitoFake) -> None:
    pool = cognito_fake.seed(spec)[0]

    pending = pending_invitations(idp, pool.user_pool_id)

    users = spec["user_pools"][0]["users"]
    assert len(pending) == len([u for u in users if "Password" not in u])


@settings(max_examples=20, deadline=None)
@given(email=cst.emails(), hours=st.floats(0, 48).filter(lambda h: abs(h - 24) > 0.01))
@mock_cognito
def test_a_sign_up_code_works_for_a_day(idp: Any, email: str, hours: float,
                                        cognito_fake: CognitoFake) -> None:
    shop = cognito_fake.seed(SHOP)[0]
    sign_up(idp, shop.client_id, "ana", "Passw0rd!", email=email)
    code = cognito_fake.outbox.last("ana").code
    assert code is not None

    cognito_fake.clock.advance(hours * 3600)

    assert confirm(idp, shop.client_id, "ana", code) == (hours < 24)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=cst.passwords())
def test_one_fake_for_every_example(idp: Any, cognito_fake: CognitoFake, password: str) -> None:
    # The fixture is set up once for all the examples: each one makes its own pool,
    # so what earlier examples left behind cannot change the outcome.
    pool_id = idp.create_user_pool(PoolName="shop")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web")["UserPoolClient"]["ClientId"]

    assert sign_up(idp, client_id, "ana", password) == "ok"

