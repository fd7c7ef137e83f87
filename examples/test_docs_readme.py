"""The quick start of README.md, run as a test."""

import datetime as dt

import boto3


def test_an_invited_user_gets_a_temporary_password(cognito_fake, cognito_pool):
    client = boto3.client("cognito-idp", region_name="us-east-1")
    cognito_fake.clock.freeze(dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))

    client.admin_create_user(
        UserPoolId=cognito_pool.user_pool_id,
        Username="ana",
        UserAttributes=[{"Name": "email", "Value": "ana@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
    )

    invitation = cognito_fake.outbox.last("ana")  # the email Cognito would have sent
    assert invitation.to == "ana@example.com"
    assert invitation.code in invitation.body  # the temporary password

    user = client.admin_get_user(UserPoolId=cognito_pool.user_pool_id, Username="ana")
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["UserCreateDate"] == dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
