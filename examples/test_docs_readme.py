"""The quick start of README.md, run as a test."""

import boto3
import pytest


def test_a_password_reset_code_expires_after_an_hour(cognito_fake):
    [shop] = cognito_fake.seed({"user_pools": [{
        "PoolName": "shop",
        "clients": [{"ClientName": "web"}],
        "users": [{"Username": "ana", "Password": "Passw0rd!",
                   "Attributes": {"email": "ana@example.com", "email_verified": True}}],
    }]})
    client = boto3.client("cognito-idp", region_name="us-east-1")

    client.forgot_password(ClientId=shop.client_id, Username="ana")
    code = cognito_fake.outbox.last("ana").code  # from the email Cognito would have sent

    with pytest.raises(client.exceptions.CodeMismatchException) as wrong:
        client.confirm_forgot_password(ClientId=shop.client_id, Username="ana",
                                       ConfirmationCode="000000", Password="N3w-Passw0rd!")
    assert wrong.value.response["Error"]["Message"] == (
        "Invalid verification code provided, please try again.")

    cognito_fake.clock.advance(3601)  # reset codes are valid for one hour
    with pytest.raises(client.exceptions.ExpiredCodeException) as late:
        client.confirm_forgot_password(ClientId=shop.client_id, Username="ana",
                                       ConfirmationCode=code, Password="N3w-Passw0rd!")
    assert late.value.response["Error"]["Message"] == (
        "Invalid code provided, please request a code again.")

    client.forgot_password(ClientId=shop.client_id, Username="ana")
    client.confirm_forgot_password(ClientId=shop.client_id, Username="ana",
                                   ConfirmationCode=cognito_fake.outbox.last("ana").code,
                                   Password="N3w-Passw0rd!")
