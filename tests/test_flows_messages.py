"""The pure message functions: masking, templates, deliveries, recovery channels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.flows.messages import (
    EMAIL,
    SMS,
    Delivery,
    Text,
    code_text,
    invitation_deliveries,
    invitation_text,
    mask_destination,
    recovery_delivery,
)


@pytest.mark.parametrize(("medium", "value", "masked"), [
    (EMAIL, "test@test.com", "t***@t***"),           # [REAL] moto aws_verified
    (EMAIL, "victimsemail@gmail.com", "v***@g***"),  # [REAL]
    (SMS, "+12065551212", "+*******1212"),
    (SMS, "+919876540276", "+********0276"),         # [REAL] shape
    (SMS, "+5511987654516", "+*********4516"),       # [REAL] shape
])
def test_mask_destination(medium: str, value: str, masked: str) -> None:
    assert mask_destination(medium, value) == masked


@given(st.text(st.sampled_from("0123456789"), min_size=5, max_size=15))
def test_masked_phone_keeps_length_and_last_four(digits: str) -> None:
    masked = mask_destination(SMS, "+" + digits)
    assert len(masked) == len(digits) + 1
    assert masked.endswith(digits[-4:])
    assert set(masked[1:-4]) <= {"*"}


def test_mask_destination_rejects_unknown_media() -> None:
    with pytest.raises(ValueError, match="PIGEON"):
        mask_destination("PIGEON", "x")


def test_built_in_invitation_texts() -> None:
    assert invitation_text(None, EMAIL, code="Pw1!abcd", username="bob") == Text(
        "Your temporary password",
        "Your username is bob and temporary password is Pw1!abcd.")
    assert invitation_text(None, SMS, code="Pw1!abcd", username="bob") == Text(
        None, "Your username is bob and temporary password is Pw1!abcd.")


def test_invitation_template_parts_replace_only_themselves() -> None:
    template = {"EmailSubject": "Welcome {username}", "SMSMessage": "Hi {username}: {####}"}
    assert invitation_text(template, EMAIL, code="c", username="u") == Text(
        "Welcome u", "Your username is u and temporary password is c.")
    assert invitation_text(template, SMS, code="c", username="u") == Text(None, "Hi u: c")


def test_a_template_without_the_code_placeholder_is_not_delivered() -> None:
    assert invitation_text({"EmailMessage": "Hello {username}"}, EMAIL,
                           code="c", username="u") is None
    assert code_text({"SmsMessage": "no code here"}, SMS, code="1", built_in="verification") \
        is None


def test_code_texts_leave_username_placeholders_alone() -> None:
    text = code_text({"EmailMessage": "{username} {####}"}, EMAIL, code="123456",
                     built_in="forgot_password")
    assert text == Text("Your verification code", "{username} 123456")
    assert code_text(None, SMS, code="123456", built_in="forgot_password") == Text(
        None, "Your password reset code is 123456")


def test_default_delivery_is_sms_only() -> None:
    both = {"email": "a@b.co", "phone_number": "+15550001111"}
    assert invitation_deliveries(None, both) == [Delivery(SMS, "phone_number", "+15550001111")]
    assert invitation_deliveries(None, {"email": "a@b.co"}) == []
    assert invitation_deliveries(None, {}) == []


def test_named_media_each_get_a_message_and_need_their_attribute() -> None:
    both = {"email": "a@b.co", "phone_number": "+15550001111"}
    assert invitation_deliveries(["EMAIL", "SMS", "EMAIL"], both) == [
        Delivery(EMAIL, "email", "a@b.co"), Delivery(SMS, "phone_number", "+15550001111")]
    with pytest.raises(InvalidParameterException) as email:
        invitation_deliveries(["EMAIL"], {"phone_number": "+15550001111"})
    assert email.value.message == "No email provided but desired delivery medium was Email"
    with pytest.raises(InvalidParameterException) as sms:
        invitation_deliveries(["SMS"], {"email": "a@b.co"})
    assert sms.value.message == "No phone_number provided but desired delivery medium was Sms"


def test_recovery_follows_priority_and_needs_verification() -> None:
    setting = {"RecoveryMechanisms": [{"Priority": 2, "Name": "verified_email"},
                                      {"Priority": 1, "Name": "verified_phone_number"}]}
    user = {"email": "a@b.co", "email_verified": "true",
            "phone_number": "+15550001111", "phone_number_verified": "false"}
    assert recovery_delivery(setting, user) == Delivery(EMAIL, "email", "a@b.co")
    user["phone_number_verified"] = "true"
    assert recovery_delivery(setting, user) == Delivery(SMS, "phone_number", "+15550001111")
    assert recovery_delivery({"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
                             user) is None
    assert recovery_delivery(setting, {"email": "a@b.co"}) is None


def test_recovery_without_a_setting_prefers_sms() -> None:
    user = {"email": "a@b.co", "email_verified": "true",
            "phone_number": "+15550001111", "phone_number_verified": "true"}
    assert recovery_delivery(None, user) == Delivery(SMS, "phone_number", "+15550001111")


def test_delivery_details_are_masked() -> None:
    assert Delivery(EMAIL, "email", "test@test.com").details() == {
        "Destination": "t***@t***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
