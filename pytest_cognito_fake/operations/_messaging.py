"""Sending a message as Cognito does: template, CustomMessage trigger, placeholders, outbox.

Order (triggers.md §2.3, §3): the code is drawn first; the CustomMessage trigger, when the pool
configures one, receives the *placeholders* (``codeParameter`` ``{####}``, ``linkParameter``,
``usernameParameter`` for invitations only) and may replace the email body, the email subject
or the SMS text; a member it leaves ``null`` keeps the pool's template. Then the placeholders
are filled and the message goes to the outbox.

Checks on a reply (triggers.md §2.3):
- an empty text: ``InvalidParameterException`` ``The message is empty.`` [WIRE];
- a text breaking its model pattern (the verification email must contain ``{####}``):
  Coral's single-violation text at ``emailBody`` [REAL]; for the SMS text and the subject the
  member names ``smsMessage`` and ``emailSubject`` are [INF];
- an invitation reply lacking ``{username}`` or ``{####}``: silently replaced by the default
  message [AWS-DOC].
"""

from __future__ import annotations

from typing import Any

import regex

from pytest_cognito_fake import _model
from pytest_cognito_fake._services import Message
from pytest_cognito_fake._state import User, UserPool
from pytest_cognito_fake.errors import InvalidParameterException
from pytest_cognito_fake.flows import messages
from pytest_cognito_fake.flows.messages import Delivery, Text
from pytest_cognito_fake.operations import _triggers
from pytest_cognito_fake.operations._context import Context

LINK_PARAMETER = "{##Click Here##}"

#: The outbox ``kind`` of each CustomMessage trigger source.
KINDS = {
    "CustomMessage_SignUp": "sign_up",
    "CustomMessage_ResendCode": "resend_code",
    "CustomMessage_ForgotPassword": "forgot_password",
    "CustomMessage_AdminCreateUser": "invitation",
    "CustomMessage_UpdateUserAttribute": "verify_attribute",
    "CustomMessage_VerifyUserAttribute": "verify_attribute",
    "CustomMessage_Authentication": "mfa",
}


def _pattern(shape: str) -> str:
    return str(_model.service_model().shape_for(shape).metadata["pattern"])


def _check(value: str, member: str, shape: str) -> None:
    if not value:
        raise InvalidParameterException.message_empty()
    pattern = _pattern(shape)
    if regex.fullmatch(pattern, value) is None:
        raise InvalidParameterException.custom_message_pattern(value, member, pattern)


def _apply_reply(text: Text, reply: dict[str, Any], medium: str, invitation: bool) -> Text:
    sms, body, subject = reply.get("smsMessage"), reply.get("emailMessage"), \
        reply.get("emailSubject")
    if medium == messages.SMS:
        if sms is None:
            return text
        sms = str(sms)
        if invitation:
            return Text(None, sms) if _has_placeholders(sms) else text
        _check(sms, "smsMessage", "SmsVerificationMessageType")
        return Text(None, sms)
    new_body, new_subject = text.body, text.subject
    if body is not None:
        body = str(body)
        if invitation:
            if not _has_placeholders(body):
                return text
        else:
            _check(body, "emailBody", "EmailVerificationMessageType")
        new_body = body
    if subject is not None:
        subject = str(subject)
        _check(subject, "emailSubject", "EmailVerificationSubjectType")
        new_subject = subject
    return Text(new_subject, new_body)


#: ``(id of the template block, medium, built_in)`` -> (that block, its Text). Stored request
#: blocks are replaced, never edited (UpdateUserPool stores a new settings dict), so a block
#: kept here (which also keeps its id from being reused) still says what its Text says.
_CODE_TEMPLATES: dict[tuple[int, str, str], tuple[object, Text]] = {}
_CACHE_LIMIT = 256


def code_template(pool: UserPool, medium: str, *, built_in: str) -> Text:
    """``messages.code_template`` of the pool's ``VerificationMessageTemplate``, made once per
    template block: it runs for every code sent, and the record costs more than the lookup."""
    block = pool.settings.get("VerificationMessageTemplate")
    key = (id(block), medium, built_in)
    cached = _CODE_TEMPLATES.get(key)
    if cached is not None and cached[0] is block:
        return cached[1]
    text = messages.code_template(block, medium, built_in=built_in)
    if len(_CODE_TEMPLATES) >= _CACHE_LIMIT:
        _CODE_TEMPLATES.clear()
    _CODE_TEMPLATES[key] = (block, text)
    return text


def _has_placeholders(text: str) -> bool:
    return messages.CODE_PLACEHOLDER in text and messages.USERNAME_PLACEHOLDER in text


def deliver(
    ctx: Context,
    pool: UserPool,
    user: User,
    *,
    trigger_source: str,
    delivery: Delivery,
    template: Text,
    code: str,
    shown_username: str | None = None,
    client_id: str | None = None,
    client_metadata: dict[str, str] | None = None,
    attributes: dict[str, str] | None = None,
    kind: str | None = None,
) -> Message | None:
    """Run CustomMessage (if configured), fill the placeholders and put the message in the
    outbox; returns it, or None when the template has no ``{####}`` and nothing is sent.

    ``attributes`` overrides the ``userAttributes`` the trigger sees (for a user not stored yet);
    ``kind`` overrides the outbox kind the trigger source implies.
    """
    invitation = trigger_source == "CustomMessage_AdminCreateUser"
    if _triggers.trigger_arn(pool, "CustomMessage") is not None:
        request: dict[str, Any] = {
            "userAttributes": _triggers.user_attributes_for_event(
                pool, attributes if attributes is not None else user.attributes, user.status),
            "codeParameter": messages.CODE_PLACEHOLDER,
            "linkParameter": LINK_PARAMETER,
            "usernameParameter": messages.USERNAME_PLACEHOLDER if invitation else None,
        }
        if client_metadata:
            request["clientMetadata"] = dict(client_metadata)
        reply = _triggers.invoke(
            ctx, pool, "CustomMessage", trigger_source,
            user_name=user.username, client_id=client_id, request=request,
            response={"smsMessage": None, "emailMessage": None, "emailSubject": None},
        )
        if reply is not None:
            template = _apply_reply(template, reply, delivery.medium, invitation)
    text = messages.fill(template, delivery.medium, code=code,
                         username=shown_username if invitation else None)
    if text is None:
        return None
    message = Message(
        kind=kind or KINDS[trigger_source],
        medium=delivery.medium,
        to=delivery.to,
        username=user.username,
        user_pool_id=pool.id,
        code=code,
        subject=text.subject,
        body=text.body,
        sent_at=ctx.now,
    )
    ctx.backend.outbox.append(message)
    return message


def post_confirmation(ctx: Context, pool: UserPool, user: User, trigger_source: str, *,
                      client_id: str | None,
                      client_metadata: dict[str, str] | None = None) -> None:
    """Fire PostConfirmation after the state change (a failure leaves the change standing,
    triggers.md §5 [REAL amplify-cli#2735])."""
    if _triggers.trigger_arn(pool, "PostConfirmation") is None:
        return
    request: dict[str, Any] = {
        "userAttributes": _triggers.user_attributes_for_event(pool, user.attributes,
                                                              user.status),
    }
    if client_metadata:
        request["clientMetadata"] = dict(client_metadata)
    _triggers.invoke(ctx, pool, "PostConfirmation", trigger_source, user_name=user.username,
                     client_id=client_id, request=request, response={})
